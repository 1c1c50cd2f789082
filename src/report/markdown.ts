/**
 * Markdown helpers shared by the job summary and the pull-request body.
 *
 * Task text comes from the user's task.json and from Claude, so it is never trusted: everything that
 * lands in Markdown or HTML goes through one of the escapers here. Entities (`&#124;`, `&#96;`) are used
 * rather than backslashes because they work both in Markdown paragraphs and inside raw HTML blocks,
 * where backslash escapes are not processed.
 */
import type { ReportStatus, RunReport, TaskReport } from '../engine/report-model.js'
import { firstLine, shorten } from '../shared/text.js'

const HTML_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;'
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, c => HTML_ESCAPES[c]!)
}

const INLINE_ESCAPES: Record<string, string> = {
  ...HTML_ESCAPES,
  '`': '&#96;',
  '|': '&#124;',
  '\\': '&#92;',
  '*': '&#42;',
  _: '&#95;',
  '[': '&#91;',
  ']': '&#93;',
  '~': '&#126;'
}

/**
 * One line of untrusted text for a Markdown paragraph, list item or table cell: HTML, code spans,
 * emphasis, links and table pipes are neutralised, and line breaks become spaces so the text cannot
 * start a heading, a list or a new table row.
 */
export function escapeInline(text: string): string {
  return text.replace(/\s*[\r\n]+\s*/g, ' ').replace(/[&<>"'`|\\*_[\]~]/g, c => INLINE_ESCAPES[c]!)
}

/** Untrusted text for a table cell (see escapeInline; pipes would otherwise split the cell). */
export function escapeTableCell(text: string): string {
  return escapeInline(text)
}

/**
 * Stops text from pinging people (`@user`) or linking and closing issues (`fixes #12`) when it is shown
 * in a pull request: a zero-width space after `@` / `#` breaks GitHub's reference detection but reads
 * the same. Apply to raw text, before escaping (it would break the escapes' own `&#…;`).
 */
export function neutralizeMentions(text: string): string {
  return text.replace(/([@#])(?=[A-Za-z0-9])/g, '$1\u200b')
}

/** `850 ms`, `12.3 s`, `4m 05s`, `1h 02m`. */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) ms = 0
  if (Math.round(ms) < 1000) return `${Math.round(ms)} ms`
  const tenths = Math.round(ms / 100)
  if (tenths < 600) return `${(tenths / 10).toFixed(1)} s`
  const seconds = Math.round(ms / 1000)
  if (seconds < 3600) return `${Math.floor(seconds / 60)}m ${pad2(seconds % 60)}s`
  const minutes = Math.round(ms / 60_000)
  return `${Math.floor(minutes / 60)}h ${pad2(minutes % 60)}m`
}

function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n)
}

/**
 * `$0.0123` below a dollar (cents hide what small tasks cost; trailing zeros go, down to cents: `$0.04`),
 * `$1.23` from a dollar on.
 */
export function formatUsd(n: number): string {
  if (!Number.isFinite(n) || n <= 0) return '$0.00'
  const small = n.toFixed(4)
  if (Number(small) < 1) return `$${small.replace(/0{1,2}$/, '')}`
  return `$${n.toFixed(2)}`
}

/** `950`, `12.3k`, `4.5M`. */
export function formatTokens(n: number): string {
  if (!Number.isFinite(n) || n <= 0) return '0'
  if (n < 1000) return String(Math.round(n))
  if (n < 999_950) return `${trimZero((n / 1000).toFixed(1))}k`
  return `${trimZero((n / 1_000_000).toFixed(1))}M`
}

function trimZero(s: string): string {
  return s.endsWith('.0') ? s.slice(0, -2) : s
}

const STATUS_ICONS: Record<ReportStatus, string> = {
  completed: '✅',
  failed: '❌',
  pending: '⏳',
  in_progress: '🔄',
  blocked: '⛔'
}

const STATUS_LABELS: Record<ReportStatus, string> = {
  completed: 'completed',
  failed: 'failed',
  pending: 'pending',
  in_progress: 'in progress',
  blocked: 'blocked'
}

export function statusIcon(status: ReportStatus): string {
  return STATUS_ICONS[status] ?? '❔'
}

export function statusLabel(status: ReportStatus): string {
  return STATUS_LABELS[status] ?? String(status)
}

/** `1 task`, `2 tasks`. */
export function plural(n: number, word: string, many = `${word}s`): string {
  return `${n} ${n === 1 ? word : many}`
}

/** What a task is called in reports: its title, else the first line of its description. */
export function taskName(task: Pick<TaskReport, 'title' | 'description'>): string {
  const title = task.title?.trim()
  return title ? title : firstLine(task.description, 200)
}

/** A short sha, linked to the commit when the report knows where commits live. */
export function commitLink(commit: string | undefined, commitUrlBase: string | undefined): string {
  if (!commit) return '—'
  // Only a real hash is linked: anything else could smuggle Markdown into the link target.
  if (!/^[0-9a-f]{7,64}$/i.test(commit)) return escapeInline(shorten(commit, 20))
  const short = commit.slice(0, 7)
  if (!commitUrlBase || /[\s()<>]/.test(commitUrlBase)) return `<code>${short}</code>`
  return `[<code>${short}</code>](${commitUrlBase}${commit})`
}

export interface TaskTableOptions {
  /** Rows to show, in this order; default all tasks of the report. */
  tasks?: readonly TaskReport[]
  /** Longest task name shown in the table (characters). */
  maxName?: number
  /** Break `@user` / `#12` references (for pull-request bodies). */
  noMentions?: boolean
}

export const TASK_TABLE_HEADER =
  '| Task | Status | Attempts | Duration | Turns | Cost | Files changed | Commit |\n' +
  '| --- | --- | --: | --: | --: | --: | --: | --- |\n'

/** One row of the task table, ending with a newline. */
export function taskTableRow(
  task: TaskReport,
  report: Pick<RunReport, 'commitUrlBase'>,
  opts: Pick<TaskTableOptions, 'maxName' | 'noMentions'> = {}
): string {
  const raw = shorten(taskName(task), opts.maxName ?? 80)
  const name = escapeInline(opts.noMentions ? neutralizeMentions(raw) : raw)
  const ran = task.attempts > 0
  const cells = [
    `<code>${escapeHtml(task.id)}</code> ${name}`,
    `${statusIcon(task.status)} ${statusLabel(task.status)}`,
    String(task.attempts),
    ran || task.durationMs > 0 ? formatDuration(task.durationMs) : '—',
    ran || task.turns > 0 ? String(task.turns) : '—',
    ran || task.costUsd > 0 ? formatUsd(task.costUsd) : '—',
    String(task.outputs.length),
    commitLink(task.commit, report.commitUrlBase)
  ]
  return `| ${cells.join(' | ')} |\n`
}

/** The Markdown task table: task, status, attempts, duration, turns, cost, files changed, commit. */
export function taskTable(report: RunReport, opts: TaskTableOptions = {}): string {
  const tasks = opts.tasks ?? report.tasks
  let out = TASK_TABLE_HEADER
  for (const t of tasks) out += taskTableRow(t, report, opts)
  return out
}

export interface MermaidOptions {
  /** Above this many tasks the graph is unreadable (and slow to render): null is returned. */
  maxNodes?: number
  /** GitHub's Mermaid refuses graphs with more than 500 edges. */
  maxEdges?: number
}

export const MERMAID_MAX_NODES = 150
export const MERMAID_MAX_EDGES = 500

const MERMAID_CLASSES: Record<ReportStatus, { name: string; style: string }> = {
  completed: { name: 'completed', style: 'fill:#dafbe1,stroke:#1a7f37,color:#0f3d1f' },
  failed: { name: 'failed', style: 'fill:#ffebe9,stroke:#cf222e,color:#6e0f14' },
  pending: { name: 'pending', style: 'fill:#f6f8fa,stroke:#8c959f,color:#24292f' },
  in_progress: { name: 'inprogress', style: 'fill:#ddf4ff,stroke:#0969da,color:#0a3069' },
  blocked: { name: 'blocked', style: 'fill:#fff8c5,stroke:#9a6700,color:#4d2d00' }
}

/**
 * Text inside a quoted Mermaid label. Everything but plain letters, digits and harmless punctuation
 * becomes a Mermaid entity (`#35;`), so quotes, brackets, `<`, backticks and the like cannot end the
 * label, inject HTML or close the code fence.
 */
export function escapeMermaidLabel(text: string): string {
  return text.replace(/[^\p{L}\p{N} .,:/_+=!?-]/gu, c => `#${c.codePointAt(0)};`)
}

/**
 * A ```mermaid flowchart of the task graph, coloured by status; null when the graph is too big to be
 * worth drawing. Node ids are generated (`t0`, `t1`, …) because task ids such as `end` are Mermaid
 * keywords.
 */
/** What the graph shows of a task. */
export type GraphTask = Pick<TaskReport, 'id' | 'title' | 'description' | 'status' | 'dependencies'>

export function mermaidGraph(
  source: { readonly tasks: readonly GraphTask[] },
  opts: MermaidOptions = {}
): string | null {
  const maxNodes = opts.maxNodes ?? MERMAID_MAX_NODES
  const maxEdges = opts.maxEdges ?? MERMAID_MAX_EDGES
  const tasks = source.tasks
  if (tasks.length === 0 || tasks.length > maxNodes) return null

  const index = new Map<string, number>()
  tasks.forEach((t, i) => {
    if (!index.has(t.id)) index.set(t.id, i)
  })
  const nodes: string[] = []
  const edges: string[] = []
  tasks.forEach((t, i) => {
    const label = escapeMermaidLabel(`${statusIcon(t.status)} ${t.id}: ${shorten(taskName(t), 40)}`)
    nodes.push(`  t${i}["${label}"]:::${MERMAID_CLASSES[t.status]?.name ?? 'pending'}`)
    for (const dep of t.dependencies) {
      const from = index.get(dep)
      if (from !== undefined && from !== i) edges.push(`  t${from} --> t${i}`)
    }
  })
  if (edges.length > maxEdges) return null
  const classDefs = Object.values(MERMAID_CLASSES).map(c => `  classDef ${c.name} ${c.style}`)
  return ['```mermaid', 'flowchart LR', ...nodes, ...edges, ...classDefs, '```', ''].join('\n')
}

/** `4,990 completed, 3 pending`: what the tasks not in `kept` (indexes) are, for "left out" notes. */
export function describeLeftOut(tasks: readonly TaskReport[], kept: ReadonlySet<number>): string {
  const counts = new Map<ReportStatus, number>()
  tasks.forEach((t, i) => {
    if (!kept.has(i)) counts.set(t.status, (counts.get(t.status) ?? 0) + 1)
  })
  return [...counts].map(([s, n]) => `${n} ${statusLabel(s)}`).join(', ')
}

/** UTF-8 size of a string, the unit GitHub's step-summary limit is measured in. */
export function utf8Bytes(text: string): number {
  return Buffer.byteLength(text, 'utf8')
}

/** Cuts a string to at most `maxBytes` UTF-8 bytes without splitting a character. */
export function truncateUtf8(text: string, maxBytes: number): string {
  if (utf8Bytes(text) <= maxBytes) return text
  const buf = Buffer.from(text, 'utf8')
  let end = Math.max(0, maxBytes)
  // Step back over continuation bytes (10xxxxxx) to a character boundary.
  while (end > 0 && (buf[end]! & 0xc0) === 0x80) end--
  return buf.subarray(0, end).toString('utf8')
}
