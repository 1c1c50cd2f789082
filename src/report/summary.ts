/**
 * The job summary: Markdown plus the little HTML GitHub renders (`<details>`, `<pre>`, `<code>`).
 *
 * GitHub shows at most 1 MiB of summary per step and drops everything past it, so the summary is
 * assembled from measured pieces and the least important ones are cut first (log lines, then the
 * per-task details, then the graph, then table rows), with a note saying what was left out.
 */
import type { ReportStatus, RunReport, StopKind, TaskReport } from '../engine/report-model.js'
import {
  TASK_TABLE_HEADER,
  describeLeftOut,
  escapeHtml,
  escapeInline,
  escapeTableCell,
  formatDuration,
  formatTokens,
  formatUsd,
  mermaidGraph,
  plural,
  statusIcon,
  statusLabel,
  taskName,
  taskTableRow,
  truncateUtf8,
  utf8Bytes
} from './markdown.js'
import { firstLine, shorten } from '../shared/text.js'

/** GitHub's per-step limit for the job summary. */
export const GITHUB_SUMMARY_LIMIT = 1024 * 1024
/** Room left for whatever else the step adds to the summary (annotations, a plan section). */
export const DEFAULT_SUMMARY_MAX_BYTES = GITHUB_SUMMARY_LIMIT - 32 * 1024

/** Something that can clean secrets out of a report (a Redactor). */
export interface ReportRedactor {
  redactDeep<T>(value: T): T
}

export interface SummaryOptions {
  /** Hard cap in UTF-8 bytes (default 1 MiB minus 32 KiB). */
  maxBytes?: number
  /** Graphs with more tasks are replaced by a note (default 150). */
  maxGraphNodes?: number
  /** Applied to the whole report before rendering, so no secret reaches the summary. */
  redactor?: ReportRedactor
}

/** Bytes kept free for the "what was cut" notes, which are only known at the end. */
const NOTE_RESERVE = 2048
const MAX_TIMELINE = 30
const MAX_RESULT_CHARS = 3000
const MAX_ERROR_CHARS = 1500

const STOP_TEXT: Record<StopKind, { icon: string; text: string }> = {
  budget: { icon: '💸', text: 'the spending limit was reached' },
  'rate-limit': { icon: '⏳', text: 'the API rate limit was hit' },
  credentials: { icon: '🔑', text: 'the credentials were rejected' },
  'max-tasks': { icon: '🔢', text: 'the task limit for one run was reached' },
  cancelled: { icon: '⏹️', text: 'the run was cancelled' },
  error: { icon: '🛑', text: 'an error stopped the run' }
}

/** Which table rows survive a cut first: failures are what a reader came for. */
const ROW_PRIORITY: Record<ReportStatus, number> = {
  failed: 0,
  in_progress: 1,
  blocked: 2,
  completed: 3,
  pending: 4
}

export function renderSummary(report: RunReport, opts: SummaryOptions = {}): string {
  if (opts.redactor) report = opts.redactor.redactDeep(report)
  const maxBytes = opts.maxBytes ?? DEFAULT_SUMMARY_MAX_BYTES

  const head = renderHead(report)
  const graph = mermaidGraph(report, { maxNodes: opts.maxGraphNodes })
  const rows = report.tasks.map(t => taskTableRow(t, report))
  const ran = report.tasks.filter(t => t.ranThisRun)
  const details = ran.map(renderDetails)
  const logs = report.logs.map(renderLogLine)

  const H_GRAPH = '### Task graph\n\n'
  const H_TABLE = '### Tasks\n\n'
  const H_DETAILS = '### What happened\n\n'
  const H_LOG = '### Log\n\n<pre>\n'
  const LOG_END = '</pre>\n'
  let budget =
    maxBytes - NOTE_RESERVE - utf8Bytes(head) - utf8Bytes(H_TABLE) - utf8Bytes(TASK_TABLE_HEADER) - 1

  // Most important first; each part takes what it needs of what is left.
  const rowOrder = report.tasks
    .map((_, i) => i)
    .sort((a, b) => rowRank(report.tasks[a]!) - rowRank(report.tasks[b]!) || a - b)
  const keptRows = new Set<number>()
  for (const i of rowOrder) {
    const size = utf8Bytes(rows[i]!)
    if (size > budget) break
    budget -= size
    keptRows.add(i)
  }

  const graphSize = graph === null ? 0 : utf8Bytes(H_GRAPH) + utf8Bytes(graph) + 1
  const graphKept = graph !== null && keptRows.size === rows.length && graphSize <= budget
  if (graphKept) budget -= graphSize

  const detailOrder = ran
    .map((_, i) => i)
    .sort((a, b) => Number(ran[b]!.status === 'failed') - Number(ran[a]!.status === 'failed') || a - b)
  const keptDetails = new Set<number>()
  if (keptRows.size === rows.length && (graphKept || graph === null)) {
    budget -= utf8Bytes(H_DETAILS)
    for (const i of detailOrder) {
      const size = utf8Bytes(details[i]!)
      if (size > budget) break
      budget -= size
      keptDetails.add(i)
    }
  }

  // The newest log lines are the most telling ones; keep those.
  let firstLog = logs.length
  if (keptDetails.size === details.length && logs.length > 0) {
    budget -= utf8Bytes(H_LOG) + utf8Bytes(LOG_END)
    while (firstLog > 0 && utf8Bytes(logs[firstLog - 1]!) <= budget) {
      firstLog--
      budget -= utf8Bytes(logs[firstLog]!)
    }
  }

  const cuts: string[] = []
  const rowsCut = rows.length - keptRows.size
  const detailsCut = details.length - keptDetails.size
  const logsShown = logs.length - firstLog
  if (logsShown === 0 && logs.length > 0) cuts.push(`the ${plural(logs.length, 'log line')} left out`)
  else if (logsShown < logs.length)
    cuts.push(`${logsShown} of ${plural(logs.length, 'log line')} shown (the newest)`)
  if (detailsCut > 0) cuts.push(`details of ${plural(detailsCut, 'task')} left out`)
  if (graph !== null && !graphKept) cuts.push('the task graph left out')
  if (rowsCut > 0)
    cuts.push(`${plural(rowsCut, 'table row')} left out (${describeLeftOut(report.tasks, keptRows)})`)

  let out = head
  if (cuts.length > 0) {
    out += `> ✂️ **This summary was shortened** to stay under GitHub's 1 MiB step-summary limit: ${cuts.join('; ')}.\n\n`
  }

  if (graphKept) {
    out += H_GRAPH + graph + '\n'
  } else if (graph === null && report.tasks.length > 0) {
    out += `${H_GRAPH}_The graph of ${plural(report.tasks.length, 'task')} is too big to draw; see the table._\n\n`
  }

  out += H_TABLE
  if (report.tasks.length === 0) {
    out += '_The task file has no tasks._\n'
  } else {
    out += TASK_TABLE_HEADER
    for (let i = 0; i < rows.length; i++) if (keptRows.has(i)) out += rows[i]
    if (rowsCut > 0) out += `\n_${plural(rowsCut, 'more task')} not shown._\n`
  }
  out += '\n'

  if (keptDetails.size > 0) {
    out += H_DETAILS
    for (let i = 0; i < details.length; i++) if (keptDetails.has(i)) out += details[i]
    if (detailsCut > 0) out += `_Details of ${plural(detailsCut, 'more task')} not shown._\n\n`
  }

  if (logsShown > 0) {
    out += H_LOG + logs.slice(firstLog).join('') + LOG_END
  }

  return capBytes(out, maxBytes)
}

function rowRank(t: TaskReport): number {
  // Tasks that ran this run rank above untouched ones of the same status.
  return ROW_PRIORITY[t.status] * 2 + (t.ranThisRun ? 0 : 1)
}

function renderHead(r: RunReport): string {
  let out = `## 🕸️ Taskmesh · ${escapeInline(shorten(r.project, 200))}\n\n`
  if (r.description?.trim()) out += `${escapeInline(shorten(r.description.trim(), 500))}\n\n`
  out += `Task file <code>${escapeHtml(shorten(r.taskFile, 200))}</code> · mode <code>${escapeHtml(r.mode)}</code>\n\n`
  out += `${totalsLine(r)}\n\n`
  if (r.stopReason) {
    const s = STOP_TEXT[r.stopReason.kind] ?? STOP_TEXT.error
    const msg = escapeInline(shorten(r.stopReason.message.trim(), 1000))
    out += `> ${s.icon} **The run stopped early: ${s.text}.**${msg ? ` ${msg}` : ''}\n\n`
  }
  if (r.sandbox) out += sandboxLines(r.sandbox)
  return out
}

const MAX_DENIED_SHOWN = 20

/** Whether the tasks ran contained, and every host they were refused, so a user knows what to allow. */
export function sandboxLines(s: NonNullable<RunReport['sandbox']>): string {
  const code = (t: string) => `<code>${escapeHtml(shorten(t, 200))}</code>`
  if (s.state === 'off')
    return "> ⚠️ **Not sandboxed** (`sandbox: off`): Claude and `verify` ran with the runner's own access to files, processes and the network.\n\n"
  if (s.state === 'uncontained')
    return (
      `> ⚠️ **Not sandboxed:** ${escapeInline(shorten(s.reason ?? 'containment could not be set up', 600))}. ` +
      "Claude and `verify` ran with the runner's own access to files, processes and the network " +
      '(set `sandbox: required` to fail instead).\n\n'
    )
  let out = `🛡️ Sandboxed · network allowed to ${(s.allow ?? []).slice(0, 10).map(code).join(', ') || 'nothing'}${(s.allow?.length ?? 0) > 10 ? ` and ${s.allow!.length - 10} more` : ''}\n\n`
  if (s.denied.length) {
    const shown = s.denied.slice(0, MAX_DENIED_SHOWN).map(d => {
      const tasks = d.tasks.map(t => code(t)).join(', ')
      return `${code(d.host)} (${d.count}× · ${tasks})`
    })
    const more =
      s.denied.length > MAX_DENIED_SHOWN ? ` and ${s.denied.length - MAX_DENIED_SHOWN} more hosts` : ''
    out += `> 🚫 **Blocked connections:** ${shown.join(', ')}${more}. Add a host to \`allowed-domains\` if a task needs it.\n\n`
  }
  return out
}

/** `**✅ 3 completed · ❌ 1 failed …** · 💰 $0.12 · 🔤 12k in / 3k out tokens · ⏱️ 4m 05s` */
export function totalsLine(r: RunReport): string {
  const t = r.totals
  const counts = [
    `${statusIcon('completed')} ${t.completed} completed`,
    `${statusIcon('failed')} ${t.failed} failed`,
    `${statusIcon('pending')} ${t.pending} pending`,
    `${statusIcon('blocked')} ${t.blocked} blocked`
  ]
  if (t.inProgress > 0) counts.push(`${statusIcon('in_progress')} ${t.inProgress} in progress`)
  const tokens = `${formatTokens(t.inputTokens)} in / ${formatTokens(t.outputTokens)} out tokens`
  return `**${counts.join(' · ')}** · 💰 ${formatUsd(t.costUsd)} · 🔤 ${tokens} · ⏱️ ${formatDuration(r.wallMs)}`
}

function renderDetails(t: TaskReport): string {
  const outcome =
    t.status === 'failed'
      ? `failed after ${plural(t.attempts, 'attempt')}`
      : t.status === 'completed'
        ? `completed in ${formatDuration(t.durationMs)}`
        : statusLabel(t.status)
  let out = `<details><summary>${statusIcon(t.status)} <code>${escapeHtml(t.id)}</code> · ${escapeInline(
    shorten(taskName(t), 120)
  )} — ${outcome}</summary>\n\n`
  if (t.error?.trim()) {
    out += `**Why it failed:** ${escapeInline(shorten(t.error.trim(), MAX_ERROR_CHARS))}\n\n`
  }
  const facts = [
    plural(t.attempts, 'attempt'),
    plural(t.turns, 'turn'),
    formatUsd(t.costUsd),
    `${formatTokens(t.inputTokens)} in / ${formatTokens(t.outputTokens)} out tokens`
  ]
  out += `${facts.join(' · ')}\n\n`
  if (t.outputs.length > 0) {
    const shown = t.outputs.slice(0, 20).map(f => `<code>${escapeHtml(shorten(f, 120))}</code>`)
    const more = t.outputs.length > shown.length ? ` and ${t.outputs.length - shown.length} more` : ''
    out += `**Files changed:** ${shown.join(', ')}${more}\n\n`
  }
  if (t.result?.trim()) {
    // <pre> is an HTML block that runs to </pre>, so Claude's Markdown and blank lines stay inert text.
    out += `**Claude's final message:**\n\n<pre>${escapeHtml(shorten(t.result.trim(), MAX_RESULT_CHARS))}</pre>\n\n`
  }
  if (t.timeline.length > 0) {
    out += `**Tool timeline** (${plural(t.timeline.length, 'step')}):\n\n<pre>\n${timeline(t.timeline)}</pre>\n\n`
  }
  return out + '</details>\n\n'
}

/** The first and last steps of a long timeline, one escaped line each. */
function timeline(steps: readonly string[]): string {
  const line = (s: string): string => escapeHtml(firstLine(s, 160)) + '\n'
  if (steps.length <= MAX_TIMELINE) return steps.map(line).join('')
  const headN = 10
  const tailN = MAX_TIMELINE - headN
  return (
    steps.slice(0, headN).map(line).join('') +
    `… ${steps.length - headN - tailN} more steps …\n` +
    steps.slice(-tailN).map(line).join('')
  )
}

const LEVEL_MARK: Record<string, string> = { warning: '⚠️ ', error: '❌ ' }

function renderLogLine(e: RunReport['logs'][number]): string {
  // `2025-05-01T12:03:04.567Z` → `12:03:04`: the date is the run's, the milliseconds are noise.
  const m = /T(\d\d:\d\d:\d\d)/.exec(e.timestamp)
  const time = m ? m[1] : e.timestamp
  const task = e.taskId ? `[${e.taskId}] ` : ''
  const mark = (e.level && LEVEL_MARK[e.level]) || ''
  return escapeHtml(shorten(`${time} ${mark}${task}${e.message}`.replace(/\s*[\r\n]+\s*/g, ' '), 500)) + '\n'
}

/** Last resort when even the header is too big for maxBytes. */
function capBytes(text: string, maxBytes: number): string {
  if (utf8Bytes(text) <= maxBytes) return text
  const note = '\n\n> ✂️ Cut off at the step-summary size limit.\n'
  return truncateUtf8(text, Math.max(0, maxBytes - utf8Bytes(note))) + note
}

export interface PlanSummaryInput {
  project: string
  taskFile: string
  waves: string[][]
  ready: string[]
  completed: string[]
  failed: string[]
  pending: string[]
  blocked: string[]
  inProgress: string[]
  /** A task's title (or its description's first line), for the tasks the summary names. */
  title: (id: string) => string | undefined
}

const PLAN_WAVE_TASKS = 50
const PLAN_LIST_TASKS = 50

/** The short plan section for `mode: plan`: counts, resumable tasks, and the waves as a numbered list. */
export function renderPlanSummary(p: PlanSummaryInput, opts: { maxBytes?: number } = {}): string {
  const maxBytes = opts.maxBytes ?? DEFAULT_SUMMARY_MAX_BYTES
  const name = (id: string): string => {
    const title = p.title(id)
    return `<code>${escapeHtml(id)}</code>${title ? ` ${escapeInline(shorten(title, 80))}` : ''}`
  }
  const ids = (list: readonly string[]): string => {
    const shown = list.slice(0, PLAN_LIST_TASKS).map(id => `<code>${escapeHtml(id)}</code>`)
    const more = list.length - shown.length
    return shown.join(', ') + (more > 0 ? ` and ${more} more` : '')
  }

  let out = `## 🕸️ Taskmesh plan · ${escapeInline(shorten(p.project, 200))}\n\n`
  out += `Task file <code>${escapeHtml(shorten(p.taskFile, 200))}</code> · plan mode changes nothing and runs nothing.\n\n`
  const counts = [
    `**${p.ready.length} ready**`,
    `${statusIcon('completed')} ${p.completed.length} completed`,
    `${statusIcon('failed')} ${p.failed.length} failed`,
    `${statusIcon('pending')} ${p.pending.length} pending`,
    `${statusIcon('blocked')} ${p.blocked.length} blocked`
  ]
  if (p.inProgress.length > 0) counts.push(`${statusIcon('in_progress')} ${p.inProgress.length} in progress`)
  out += counts.join(' · ') + '\n\n'
  if (p.inProgress.length > 0) {
    out += `> ${statusIcon('in_progress')} Left in progress by an earlier run, resumable: ${ids(p.inProgress)}\n\n`
  }
  if (p.failed.length > 0) out += `**Failed:** ${ids(p.failed)}\n\n`
  if (p.blocked.length > 0) out += `**Blocked** by a failed dependency: ${ids(p.blocked)}\n\n`

  if (p.waves.length === 0) return capBytes(out + '_Nothing left to run._\n', maxBytes)

  out += '### Waves\n\nTasks in the same wave do not depend on each other and can run together.\n\n'
  const tailNote = (n: number): string => `\n_${plural(n, 'more wave')} not shown (size limit)._\n`
  let budget = maxBytes - utf8Bytes(out) - utf8Bytes(tailNote(p.waves.length))
  let shown = 0
  for (const wave of p.waves) {
    const more = wave.length - PLAN_WAVE_TASKS
    const item =
      `${shown + 1}. ${wave.slice(0, PLAN_WAVE_TASKS).map(name).join(' · ')}` +
      (more > 0 ? ` · and ${more} more` : '') +
      '\n'
    const size = utf8Bytes(item)
    if (size > budget) break
    budget -= size
    out += item
    shown++
  }
  if (shown < p.waves.length) out += tailNote(p.waves.length - shown)
  return capBytes(out, maxBytes)
}

/** The first line of a stop message, for adapters that want a one-line reason. */
export function stopLine(r: RunReport): string | null {
  if (!r.stopReason) return null
  const s = STOP_TEXT[r.stopReason.kind] ?? STOP_TEXT.error
  return `${s.icon} The run stopped early: ${s.text}. ${firstLine(r.stopReason.message, 300)}`.trim()
}

/** Problems listed in the summary of an invalid task file; the rest are counted (the log has them all). */
const MAX_LISTED_PROBLEMS = 200

/**
 * The job summary of a run whose task file is not valid: every problem with its line, as the log and the
 * annotations show them, so the summary is never empty when the step fails on the file.
 */
export function renderTaskFileProblems(
  file: string,
  problems: readonly { message: string; line?: number; column?: number }[]
): string {
  const shown = problems.slice(0, MAX_LISTED_PROBLEMS)
  const rows = shown.map(p => {
    const at = p.line ? `${p.line}${p.column ? `:${p.column}` : ''}` : '–'
    return `| ${at} | ${escapeTableCell(shorten(p.message, 600))} |`
  })
  const more = problems.length - shown.length
  return [
    `## 🕸️ Taskmesh · <code>${escapeHtml(file)}</code> is not valid`,
    '',
    `❌ ${plural(problems.length, 'problem')} found; nothing was run or changed. Fix ${problems.length === 1 ? 'it' : 'them'} and run again.`,
    '',
    '| Line | Problem |',
    '| --: | --- |',
    ...rows,
    ...(more > 0 ? ['', `… and ${plural(more, 'more problem')} (all of them are in the log).`] : []),
    ''
  ].join('\n')
}
