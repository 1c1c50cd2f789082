/**
 * What `mode: decompose` shows a reviewer: the request, the proposed tasks as a graph and a table, and each
 * task's full text — in the pull-request body (capped at GitHub's 65,536 characters) and in the job summary.
 * When no valid plan came out, the summary lists the problems instead.
 *
 * Everything here comes from the request and from Claude: it goes through the escapers of markdown.ts, and
 * in a pull request `@user` / `#12` are broken so a plan cannot ping people or close issues.
 */
import type { TaskStatus } from '../taskfile/schema.js'
import {
  escapeHtml,
  escapeInline,
  formatUsd,
  mermaidGraph,
  type GraphTask,
  neutralizeMentions,
  plural,
  statusIcon,
  taskName,
  truncateUtf8,
  utf8Bytes
} from './markdown.js'
import { shorten } from '../shared/text.js'
import { PULL_REQUEST_BODY_MAX_CHARS } from '../shared/limits.js'
import { PR_MARKER } from './pr-body.js'
import { DEFAULT_SUMMARY_MAX_BYTES } from './summary.js'

/** A proposed task, as it is written to task.json. */
export interface PlanTask {
  id: string
  title?: string
  description: string
  details?: string
  dependencies: string[]
  verify?: string | string[]
  estimateMinutes?: number
}

/** An existing task a proposed one depends on, shown in the graph for context. */
export interface ExistingTaskRef {
  id: string
  title?: string
  description: string
  status: TaskStatus
}

export interface PlanView {
  project: string
  taskFile: string
  request: string
  /** Where the request came from: `the request input` or `request-file docs/x.md`. */
  requestSource: string
  tasks: PlanTask[]
  /** Existing tasks the proposed ones depend on (directly). */
  dependedOn: ExistingTaskRef[]
  /** How many tasks the file held before. */
  existingCount: number
  /** Whether the task file was created by this step. */
  created: boolean
  tries: number
  costUsd: number
}

export interface PlanFailureView {
  project?: string
  taskFile: string
  request: string
  requestSource: string
  /** Why the step failed, one paragraph. */
  reason: string
  /** The problems with the last answer, when it was an invalid plan. */
  problems: string[]
  tries: number
  costUsd: number
}

const MAX_REQUEST_CHARS = 3_000
const MAX_DESCRIPTION_CELL = 160
const MAX_DETAIL_CHARS = 4_000
const MAX_PROBLEMS = 50

/** The pull-request body of a plan: request, graph, table, then each task's full text while room lasts. */
export function renderPlanPullRequestBody(view: PlanView, opts: { maxChars?: number } = {}): string {
  const max = opts.maxChars ?? PULL_REQUEST_BODY_MAX_CHARS
  return assemble(view, {
    pr: true,
    size: s => s.length,
    cut: (s, n) => s.slice(0, Math.max(0, n)),
    max
  })
}

/** The job summary of a plan (same parts, GitHub's 1 MiB step-summary limit). */
export function renderDecomposeSummary(view: PlanView, opts: { maxBytes?: number } = {}): string {
  return assemble(view, {
    pr: false,
    size: utf8Bytes,
    cut: truncateUtf8,
    max: opts.maxBytes ?? DEFAULT_SUMMARY_MAX_BYTES
  })
}

/** The job summary when no plan was written. */
export function renderDecomposeFailureSummary(f: PlanFailureView): string {
  let out = `## 🕸️ Taskmesh decompose${f.project ? ` · ${escapeInline(shorten(f.project, 200))}` : ''}\n\n`
  out += `> ❌ **No plan was written.** ${escapeInline(shorten(f.reason.trim(), 2000))}\n\n`
  out += `Task file <code>${escapeHtml(shorten(f.taskFile, 200))}</code> is unchanged · ${plural(f.tries, 'try', 'tries')} · 💰 ${formatUsd(f.costUsd)}\n\n`
  if (f.problems.length > 0) {
    out += '### Problems with the last answer\n\n'
    for (const p of f.problems.slice(0, MAX_PROBLEMS)) out += `- ${escapeInline(shorten(p, 500))}\n`
    if (f.problems.length > MAX_PROBLEMS) out += `- … and ${f.problems.length - MAX_PROBLEMS} more\n`
    out += '\n'
  }
  out += requestBlock(f.request, f.requestSource, false)
  return truncateUtf8(out, DEFAULT_SUMMARY_MAX_BYTES)
}

interface Measure {
  pr: boolean
  size: (s: string) => number
  cut: (s: string, n: number) => string
  max: number
}

function assemble(view: PlanView, m: Measure): string {
  const safe = (text: string) => escapeInline(m.pr ? neutralizeMentions(text) : text)
  const n = view.tasks.length

  let head = m.pr ? `${PR_MARKER}\n` : ''
  head += `## 🕸️ Taskmesh plan · ${safe(shorten(view.project, 200))}\n\n`
  head +=
    `Claude turned the request into **${plural(n, 'new task')}** in <code>${escapeHtml(shorten(view.taskFile, 200))}</code>` +
    (view.created
      ? ' (the file was created by this step).'
      : ` (which held ${plural(view.existingCount, 'task')}; none of them was changed).`) +
    ' Nothing has run yet.'
  head += m.pr
    ? ' Review the plan, edit the task file on this branch if needed, and merge; a later run (`mode: run`) carries it out.\n\n'
    : '\n\n'
  head += `${plural(view.tries, 'try', 'tries')} · 💰 ${formatUsd(view.costUsd)}\n\n`
  head += requestBlock(view.request, view.requestSource, m.pr)

  const graph = mermaidGraph({ tasks: planGraphTasks(view) })
  const graphPart =
    graph === null
      ? `### Task graph\n\n_The graph of ${plural(n, 'task')} is too big to draw; see the table._\n\n`
      : `### Task graph\n\n${graph}\n`

  const H_TABLE = '### Proposed tasks\n\n'
  const HEADER = '| Task | Depends on | Estimate | Verify | What |\n| --- | --- | --: | --- | --- |\n'
  const existingStatus = new Map(view.dependedOn.map(t => [t.id, t.status]))
  const rows = view.tasks.map(t => tableRow(t, existingStatus, safe))
  const details = view.tasks.map(t => detailBlock(t, m.pr))
  const H_DETAILS = '### Task descriptions\n\n'
  const footer = m.pr
    ? '<sub>Written by Taskmesh (`mode: decompose`). The tasks run only after this pull request is merged and a run is started.</sub>\n'
    : ''
  const note = (text: string) => `\n> ✂️ ${text}\n`
  const NOTE_RESERVE = 300

  let budget = m.max - NOTE_RESERVE - m.size(head) - m.size(footer) - m.size(H_TABLE) - m.size(HEADER)
  let kept = 0
  for (const r of rows) {
    if (m.size(r) > budget) break
    budget -= m.size(r)
    kept++
  }
  const graphFits = kept === n && m.size(graphPart) <= budget
  if (graphFits) budget -= m.size(graphPart)
  let keptDetails = 0
  if (graphFits) {
    budget -= m.size(H_DETAILS)
    for (const d of details) {
      if (m.size(d) > budget) break
      budget -= m.size(d)
      keptDetails++
    }
  }

  let out = head
  if (graphFits) out += graphPart
  out += H_TABLE + HEADER + rows.slice(0, kept).join('')
  if (kept < n)
    out += note(`${plural(n - kept, 'task')} left out of the table (size limit); see the task file.`)
  out += '\n'
  if (keptDetails > 0) {
    out += H_DETAILS + details.slice(0, keptDetails).join('')
    if (keptDetails < n) out += note(`${plural(n - keptDetails, 'more task')} not shown (size limit).`) + '\n'
  }
  out += footer
  return m.size(out) <= m.max ? out : m.cut(out, m.max)
}

function requestBlock(request: string, source: string, pr: boolean): string {
  const text = shorten(request.trim(), MAX_REQUEST_CHARS)
  // <pre> is an HTML block up to </pre>: the request's own Markdown stays inert text.
  return (
    `<details open><summary>The request (${escapeHtml(source)})</summary>\n\n` +
    `<pre>${escapeHtml(pr ? neutralizeMentions(text) : text)}</pre>\n\n</details>\n\n`
  )
}

function tableRow(t: PlanTask, existing: Map<string, TaskStatus>, safe: (s: string) => string): string {
  const deps =
    t.dependencies.length === 0
      ? '—'
      : t.dependencies
          .map(d => {
            const status = existing.get(d)
            return `<code>${escapeHtml(d)}</code>${status ? ` (existing, ${statusIcon(status)} ${status.replace('_', ' ')})` : ''}`
          })
          .join(', ')
  const verify =
    t.verify === undefined
      ? '—'
      : `<code>${safe(shorten(Array.isArray(t.verify) ? t.verify.join(' ') : t.verify, 80))}</code>`
  const cells = [
    `<code>${escapeHtml(t.id)}</code> ${safe(shorten(taskName(t), 80))}`,
    deps,
    t.estimateMinutes !== undefined ? `${t.estimateMinutes} min` : '—',
    verify,
    safe(shorten(t.description.trim(), MAX_DESCRIPTION_CELL))
  ]
  return `| ${cells.join(' | ')} |\n`
}

function detailBlock(t: PlanTask, pr: boolean): string {
  let text = t.description.trim()
  if (t.details?.trim()) text += `\n\nDetails:\n${t.details.trim()}`
  text = shorten(text, MAX_DETAIL_CHARS)
  const title = escapeInline(shorten(pr ? neutralizeMentions(taskName(t)) : taskName(t), 120))
  return (
    `<details><summary><code>${escapeHtml(t.id)}</code> · ${title}</summary>\n\n` +
    `<pre>${escapeHtml(pr ? neutralizeMentions(text) : text)}</pre>\n\n</details>\n\n`
  )
}

/** The plan's tasks for mermaidGraph: the existing tasks depended on, then the new ones. */
function planGraphTasks(view: PlanView): GraphTask[] {
  const node = (
    t: { id: string; title?: string; description: string; dependencies?: string[] },
    status: TaskStatus
  ): GraphTask => ({
    id: t.id,
    title: t.title,
    description: t.description,
    status,
    dependencies: t.dependencies ?? []
  })
  return [...view.dependedOn.map(t => node(t, t.status)), ...view.tasks.map(t => node(t, 'pending'))]
}
