/**
 * The end-of-run report on a terminal: a few plain lines and an aligned table, no Markdown or HTML. The job
 * summary's Markdown is written to a file and only its path is shown (the local command, the demo).
 */
import { formatDuration, formatUsd, plural, statusLabel } from './markdown.js'
import { firstLine } from '../shared/text.js'
import type { RunReport } from '../engine/report-model.js'
import { safeLogLine } from './log.js'

/** Files listed per task before the rest is counted. */
const MAX_FILES = 3

/** Display width of a cell: code points, with wide characters (emoji, CJK) counted twice. */
export function displayWidth(text: string): number {
  let width = 0
  for (const ch of text) {
    const cp = ch.codePointAt(0)!
    if (cp >= 0x300 && cp <= 0x36f) continue // combining marks
    if (cp === 0xfe0f || cp === 0x200b || cp === 0x200d) continue
    width += cp >= 0x1100 && (cp <= 0x115f || (cp >= 0x2e80 && cp <= 0xa4cf) || cp >= 0x1f000) ? 2 : 1
  }
  return width
}

/** Columns padded to the widest cell; `right` columns (numbers) are right-aligned. */
export function textTable(rows: string[][], right: ReadonlySet<number> = new Set(), indent = '  '): string {
  const widths: number[] = []
  for (const row of rows) row.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, displayWidth(cell))))
  return rows
    .map(row =>
      (
        indent +
        row
          .map((cell, i) => {
            const pad = ' '.repeat(widths[i]! - displayWidth(cell))
            if (i === row.length - 1 && !right.has(i)) return cell
            return right.has(i) ? pad + cell : cell + pad
          })
          .join('  ')
      ).trimEnd()
    )
    .join('\n')
}

export function filesCell(outputs: readonly string[]): string {
  if (outputs.length === 0) return '—'
  const shown = outputs.slice(0, MAX_FILES).join(', ')
  return outputs.length > MAX_FILES ? `${shown} +${outputs.length - MAX_FILES} more` : shown
}

export interface TerminalReportOptions {
  /** Where the full Markdown report was written. */
  summaryFile?: string
  redact?: (text: string) => string
  /** Longest reason shown for a failed task. */
  maxReason?: number
}

/** The lines printed when a local run ends. */
export function renderTerminalReport(report: RunReport, opts: TerminalReportOptions = {}): string {
  const redact = opts.redact ?? (t => t)
  const clean = (t: string) => safeLogLine(redact(t))
  const t = report.totals
  const counts = [`${t.completed} completed`, `${t.failed} failed`, `${t.pending} pending`]
  if (t.blocked) counts.push(`${t.blocked} blocked`)
  if (t.inProgress) counts.push(`${t.inProgress} in progress`)
  const out = [
    `${clean(report.project)}: ${counts.join(' · ')} · ${formatUsd(t.costUsd)} · ${formatDuration(report.wallMs)}`
  ]
  if (report.stopReason)
    out.push(`run stopped (${report.stopReason.kind}): ${clean(firstLine(report.stopReason.message, 300))}`)

  const ran = report.tasks.filter(task => task.ranThisRun)
  if (ran.length === 0) out.push('no task ran: none was ready')
  else {
    const rows = [['task', 'status', 'attempts', 'time', 'cost', 'files']]
    for (const task of ran)
      rows.push([
        clean(task.id),
        statusLabel(task.status),
        String(task.attempts),
        formatDuration(task.durationMs),
        formatUsd(task.costUsd),
        clean(filesCell(task.outputs))
      ])
    out.push('', textTable(rows, new Set([2, 3, 4])))
    const failed = ran.filter(task => task.status === 'failed' && task.error)
    if (failed.length) {
      out.push('')
      for (const task of failed)
        out.push(`${clean(task.id)} failed: ${clean(firstLine(task.error!, opts.maxReason ?? 300))}`)
    }
  }
  const others = report.tasks.length - ran.length
  if (ran.length && others) out.push('', `${plural(others, 'other task')} did not run this time.`)
  if (opts.summaryFile) out.push('', `Full report (Markdown): ${opts.summaryFile}`)
  return out.join('\n')
}
