/**
 * The pull-request body: what Taskmesh did, the totals, the task table with commit links and the
 * failures. It is rewritten after every pushed task, so it stays short; GitHub rejects bodies over
 * 65,536 characters.
 *
 * Text from task.json or Claude cannot ping people or close issues here: `@user` and `#12` are broken
 * with a zero-width space (a body saying "fixes #12" would close issue 12 on merge).
 */
import type { ReportStatus, RunReport, TaskReport } from '../engine/report-model.js'
import {
  TASK_TABLE_HEADER,
  describeLeftOut,
  escapeHtml,
  escapeInline,
  neutralizeMentions,
  plural,
  statusIcon,
  taskName,
  taskTableRow
} from './markdown.js'
import { shorten } from '../shared/text.js'
import { PULL_REQUEST_BODY_MAX_CHARS } from '../shared/limits.js'
import { totalsLine, type ReportRedactor } from './summary.js'

/** Hidden marker that identifies a pull request body written by Taskmesh. */
export const PR_MARKER = '<!-- taskmesh -->'

export interface PullRequestBodyOptions {
  /** Cap in characters (UTF-16 code units, which never undercounts GitHub's limit); default 65,536. */
  maxChars?: number
  /** Applied to the whole report before rendering. */
  redactor?: ReportRedactor
}

const MAX_FAILURES = 20
const MAX_REASON_CHARS = 300
const NOTE_RESERVE = 400

const ROW_PRIORITY: Record<ReportStatus, number> = {
  failed: 0,
  in_progress: 1,
  blocked: 2,
  completed: 3,
  pending: 4
}

const safe = (text: string): string => escapeInline(neutralizeMentions(text))

export function renderPullRequestBody(report: RunReport, opts: PullRequestBodyOptions = {}): string {
  if (opts.redactor) report = opts.redactor.redactDeep(report)
  const maxChars = opts.maxChars ?? PULL_REQUEST_BODY_MAX_CHARS

  let head = `${PR_MARKER}\n## 🕸️ Taskmesh · ${safe(shorten(report.project, 200))}\n\n`
  head +=
    `Taskmesh ran the tasks of <code>${escapeHtml(shorten(report.taskFile, 200))}</code> with Claude Code. ` +
    'Each finished task is its own commit, made by the action; the table links to them.\n\n'
  head += `${totalsLine(report)}\n\n`
  if (report.stopReason) {
    const msg = safe(shorten(report.stopReason.message.trim(), 1000))
    head += `> ⚠️ **The run stopped early (${escapeHtml(report.stopReason.kind)}).** ${msg}\n\n`
  }

  const failed = report.tasks.filter(t => t.status === 'failed')
  let failures = ''
  if (failed.length > 0) {
    failures = '### Failures\n\n'
    for (const t of failed.slice(0, MAX_FAILURES)) failures += failureItem(t)
    if (failed.length > MAX_FAILURES)
      failures += `\n_${plural(failed.length - MAX_FAILURES, 'more failure')}._\n`
    failures += '\n'
  }

  const footer = `<sub>Run ${escapeHtml(report.startedAt)} → ${escapeHtml(report.finishedAt)}. This description is rewritten by Taskmesh as tasks finish.</sub>\n`
  const rows = report.tasks.map(t => taskTableRow(t, report, { noMentions: true }))
  const H_TABLE = '### Tasks\n\n'

  let budget = maxChars - NOTE_RESERVE - head.length - failures.length - footer.length
  budget -= H_TABLE.length + TASK_TABLE_HEADER.length + 1
  const order = report.tasks
    .map((_, i) => i)
    // What this run did matters most to a reviewer, then failures before successes, then file order.
    .sort(
      (a, b) =>
        Number(report.tasks[b]!.ranThisRun) - Number(report.tasks[a]!.ranThisRun) ||
        ROW_PRIORITY[report.tasks[a]!.status] - ROW_PRIORITY[report.tasks[b]!.status] ||
        a - b
    )
  const kept = new Set<number>()
  for (const i of order) {
    if (rows[i]!.length > budget) break
    budget -= rows[i]!.length
    kept.add(i)
  }

  let out = head + H_TABLE
  if (report.tasks.length === 0) {
    out += '_The task file has no tasks._\n'
  } else {
    out += TASK_TABLE_HEADER
    for (let i = 0; i < rows.length; i++) if (kept.has(i)) out += rows[i]
    const cut = rows.length - kept.size
    if (cut > 0) {
      out += `\n> ✂️ ${plural(cut, 'task')} left out of the table to stay under GitHub's size limit for a description (${describeLeftOut(report.tasks, kept)}); the job summary has the full list.\n`
    }
  }
  out += '\n' + failures + footer

  // Only reachable with a tiny maxChars: never exceed the cap, whatever it costs.
  if (out.length > maxChars) {
    const note = '\n\n_✂️ Cut at the size limit._\n'
    out = out.slice(0, Math.max(0, maxChars - note.length)) + note
    if (out.length > maxChars) out = out.slice(0, maxChars)
  }
  return out
}

function failureItem(t: TaskReport): string {
  const reason = t.error?.trim() ? `: ${safe(shorten(t.error.trim(), MAX_REASON_CHARS))}` : ''
  return `- ${statusIcon('failed')} <code>${escapeHtml(t.id)}</code> ${safe(shorten(taskName(t), 80))} — after ${plural(t.attempts, 'attempt')}${reason}\n`
}
