/**
 * `mode: plan`: validate the task file and show what a run would do. Never changes a file, never calls
 * Claude. Its outputs feed `strategy.matrix` for a fan-out over runners.
 */
import { TaskGraph } from '../plan/graph.js'
import { promptSizeWarnings } from '../engine/prompt.js'
import { renderPlanSummary, renderTaskFileProblems } from '../report/summary.js'
import { TaskDocument } from '../taskfile/document.js'
import { heldReason } from '../taskfile/task-meta.js'
import type { Settings } from '../inputs/settings.js'
import { reportProblems, reportWarnings } from './problems.js'
import { MAX_ANNOTATIONS, type Ui } from './ui.js'

export class TaskFileError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'TaskFileError'
  }
}

/**
 * Reads and validates the task file. Every problem is annotated and listed in the job summary (the step
 * fails, and its summary says why), then a TaskFileError says it failed. Warnings come in both cases:
 * probable typos (an unknown key near a known one), and for a valid file a task whose prompt would not fit
 * a model's context.
 */
export async function loadTaskFile(
  settings: Pick<Settings, 'taskFilePath' | 'taskFileDisplay' | 'taskFormat'>,
  ui: Ui,
  opts: { warnings?: boolean } = {}
) {
  const file = settings.taskFileDisplay
  const loaded = await TaskDocument.read(settings.taskFilePath, file, settings.taskFormat)
  // Off when the same run reads the file again (on its branch): said once is enough.
  if (opts.warnings !== false)
    reportWarnings(ui, loaded.ok ? loaded.document.warnings : (loaded.warnings ?? []), file)
  if (!loaded.ok) {
    const message = reportProblems(ui, loaded.problems, file)
    await ui.summary(renderTaskFileProblems(file, loaded.problems))
    throw new TaskFileError(message)
  }
  const doc = loaded.document
  const warnings = opts.warnings === false ? [] : promptSizeWarnings(doc.data)
  warnings.forEach((w, i) => {
    ui.log({ kind: 'line', level: 'warning', text: `${file}: ${w.message}` })
    if (i < MAX_ANNOTATIONS - 1)
      ui.annotate('warning', w.message, { file, line: doc.taskLine(w.taskId) }, 'Prompt too large')
  })
  return doc
}

export interface PlanResult {
  ready: string[]
  waves: string[][]
  completed: string[]
  failed: string[]
  pending: string[]
  inProgress: string[]
  blocked: string[]
}

export function setStateOutputs(
  ui: Ui,
  c: Omit<PlanResult, 'waves' | 'inProgress'> & { inProgress?: string[] }
): void {
  ui.setOutput('ready', JSON.stringify(c.ready))
  ui.setOutput('matrix', JSON.stringify({ task: c.ready }))
  ui.setOutput('completed', JSON.stringify(c.completed))
  ui.setOutput('failed', JSON.stringify(c.failed))
  // In-progress tasks (left by a killed run) are resumed as pending by the next run.
  ui.setOutput('pending', JSON.stringify([...c.pending, ...(c.inProgress ?? [])]))
  ui.setOutput('blocked', JSON.stringify(c.blocked))
}

export async function runPlan(settings: Settings, ui: Ui): Promise<PlanResult> {
  const doc = await loadTaskFile(settings, ui)
  const graph = new TaskGraph(doc.data.tasks)
  const c = graph.classify()
  const waves = graph.waves()

  const say = (text: string) => ui.log({ kind: 'line', level: 'info', text })
  say(`${settings.taskFileDisplay}: ${doc.data.project} · ${doc.data.tasks.length} task(s) · valid`)
  say(
    `completed ${c.completed.length} · failed ${c.failed.length} · pending ${c.pending.length} · in progress ${c.inProgress.length} · blocked ${c.blocked.length}${c.held.length ? ` · not run ${c.held.length}` : ''}`
  )
  if (c.inProgress.length)
    say(`resumable (left in_progress by an interrupted run): ${c.inProgress.join(', ')}`)
  if (waves.length === 0) say('nothing to run')
  const shown = waves.slice(0, 50)
  shown.forEach((wave, i) => {
    const names = wave.slice(0, 20).join(', ') + (wave.length > 20 ? `, … (${wave.length - 20} more)` : '')
    say(`wave ${i + 1}: ${names}`)
  })
  if (waves.length > shown.length) say(`… ${waves.length - shown.length} more waves`)
  if (c.blocked.length) say(`blocked by failed tasks: ${c.blocked.slice(0, 50).join(', ')}`)
  if (c.held.length)
    say(
      `not run (their Task Master status): ${c.held
        .slice(0, 50)
        .map(id => `${id} (${heldReason(doc.task(id)!)})`)
        .join(', ')}`
    )

  // Held tasks are still open in the file: they count as pending, as in the run's summary.
  setStateOutputs(ui, { ...c, pending: [...c.pending, ...c.held] })
  await ui.summary(
    renderPlanSummary({
      project: doc.data.project,
      taskFile: settings.taskFileDisplay,
      waves,
      ready: c.ready,
      completed: c.completed,
      failed: c.failed,
      pending: c.pending,
      blocked: c.blocked,
      inProgress: c.inProgress,
      // Looked up for the few hundred tasks the summary shows, not made for every task of the file.
      title: id => {
        const task = doc.task(id)
        return task && (task.title ?? task.description.split('\n')[0])
      }
    })
  )
  return { ...c, waves }
}
