/**
 * Live log lines from run events: one short human line per step, never raw JSON. The adapters print
 * them (core.startGroup / core.info in the action, plain lines on the terminal).
 *
 * Every `text` is a single line without control characters, so neither Claude's text nor a tool's
 * output can start a GitHub workflow command (`::set-output`, `::stop-commands`) or move the cursor.
 */
import type { ClaudeEvent, ResultEvent } from '../engine/claude-events.js'
import type { LogLevel, RunEvent } from '../engine/events.js'
import type { Outcome } from '../engine/outcome.js'
import { describeOutcome, type OutcomeWords } from './outcome-words.js'
import { formatDuration, formatUsd, plural } from './markdown.js'
import { firstLine, shorten } from '../shared/text.js'

export type LogLine =
  | { kind: 'group-start'; title: string }
  | { kind: 'group-end' }
  /** `marked`: the text starts with its own symbol (❌, ⚠️…), so a UI adds none for its level. */
  | { kind: 'line'; level: LogLevel; text: string; marked?: boolean }

export interface LogFormatterOptions {
  /** Longest line in characters (default 200). */
  maxLine?: number
  /** Applied to every line before it is shortened (a Redactor's `redact`). */
  redact?: (text: string) => string
  /** The API Claude talks to (`api.anthropic.com`), named when the connection fails. */
  apiHost?: string
}

/** Permission denials listed per result; more are counted. */
const MAX_DENIALS = 5
/** Last lines of a failed verify command's output shown in the log. */
const VERIFY_TAIL_LINES = 10

export class LogFormatter {
  private readonly maxLine: number
  private readonly redactText: (text: string) => string
  private readonly apiHost: string
  /** The task whose group is open; GitHub log groups cannot nest, so there is at most one. */
  private openTask: string | null = null
  private readonly maxAttempts = new Map<string, number>()

  constructor(opts: LogFormatterOptions = {}) {
    this.maxLine = Math.max(20, opts.maxLine ?? 200)
    this.redactText = opts.redact ?? (t => t)
    this.apiHost = opts.apiHost ?? 'the API'
  }

  /** The lines for one event; called for every stream line, so it does no more than it must. */
  format(e: RunEvent): LogLine[] {
    switch (e.type) {
      case 'run-started':
        return [
          this.line('info', `Taskmesh · ${e.project}: ${e.ready.length} ready of ${plural(e.total, 'task')}`)
        ]

      case 'attempt-started': {
        this.maxAttempts.set(e.taskId, e.maxAttempts)
        const out = this.close()
        const title = e.title.trim() ? ` · ${e.title.trim()}` : ''
        this.openTask = e.taskId
        out.push({
          kind: 'group-start',
          title: this.clean(`▶ ${e.taskId}${title} (attempt ${e.attempt}/${e.maxAttempts})`)
        })
        return out
      }

      case 'claude':
        return this.claude(e.taskId, e.event)

      case 'heartbeat':
        return [
          this.line(
            'info',
            `… still running: ${formatDuration(e.elapsedMs)}, ${plural(e.turns, 'turn')}, ${formatUsd(e.costUsd)}`,
            e.taskId
          )
        ]

      case 'verify-started':
        return [this.line('info', `🧪 verify: ${e.command}`, e.taskId)]

      case 'verify-finished': {
        if (e.exitCode === 0) return [this.line('info', `✅ verify passed: ${e.command}`, e.taskId)]
        const out = [this.line('warning', `❌ verify failed (exit ${e.exitCode}): ${e.command}`, e.taskId)]
        for (const l of tail(e.output, VERIFY_TAIL_LINES)) out.push(this.line('info', `│ ${l}`, e.taskId))
        return out
      }

      case 'attempt-finished': {
        const outcome: Outcome = e.ok
          ? { ok: true }
          : { ok: false, kind: e.kind ?? 'error', reason: e.reason ?? '(no reason given)' }
        return this.outcome(
          describeOutcome({
            type: 'attempt',
            outcome,
            attempt: e.attempt,
            maxAttempts: e.maxAttempts,
            next: e.next
          }),
          e.taskId
        )
      }

      case 'task-finished': {
        const stats = [
          formatDuration(e.durationMs),
          plural(e.turns, 'turn'),
          formatUsd(e.costUsd),
          `${plural(e.outputs.length, 'file')} changed`
        ]
        const words = describeOutcome({
          type: 'task',
          status: e.status,
          attempts: e.attemptsThisRun ?? e.attempts,
          maxAttempts: e.maxAttempts ?? this.maxAttempts.get(e.taskId),
          kind: e.failureKind,
          reason: e.error ? firstLine(e.error, this.maxLine) : undefined
        })
        // Cut the words, never the figures: the reason may be long, the stats are short.
        const statsText = ` · ${stats.join(' · ')}`
        const head = shorten(`${words.mark} ${words.text}`, Math.max(20, this.maxLine - statsText.length))
        const line = this.line(words.level, `${head}${statsText}`, e.taskId)
        this.maxAttempts.delete(e.taskId)
        if (this.openTask !== e.taskId) return [line]
        this.openTask = null
        return [line, { kind: 'group-end' }]
      }

      case 'task-committed':
        return [this.line('info', `📝 ${e.taskId} committed ${e.commit.slice(0, 7)}`)]

      case 'pushed':
        return [this.line('info', `⬆️ pushed ${e.sha.slice(0, 7)} to ${e.branch}`)]

      case 'log':
        return [this.line(e.level, e.message, e.taskId)]

      case 'run-stopped': {
        const out = this.close()
        const words = describeOutcome({
          type: 'stop',
          kind: e.reason.kind,
          message: firstLine(e.reason.message, this.maxLine)
        })
        out.push(this.line(words.level, `${words.mark} ${words.text}`))
        return out
      }

      case 'run-finished': {
        const out = this.close()
        const t = e.report.totals
        const parts = [`${t.completed} completed`, `${t.failed} failed`, `${t.pending} pending`]
        if (t.blocked) parts.push(`${t.blocked} blocked`)
        if (t.inProgress) parts.push(`${t.inProgress} in progress`)
        parts.push(formatUsd(t.costUsd), formatDuration(e.report.wallMs))
        out.push(this.line('info', `🏁 run finished: ${parts.join(' · ')}`))
        return out
      }

      default:
        return []
    }
  }

  /** Closes the open group, if any (call at the end of a run that ended without run-finished). */
  close(): LogLine[] {
    if (this.openTask === null) return []
    this.openTask = null
    return [{ kind: 'group-end' }]
  }

  private claude(taskId: string, ev: ClaudeEvent): LogLine[] {
    switch (ev.kind) {
      case 'text': {
        if (!ev.text.trim()) return []
        return [this.line('info', `💬 ${firstLine(ev.text, this.maxLine)}`, taskId)]
      }
      case 'tool-use':
        return [this.line('info', `🔧 ${ev.summary || ev.name}`, taskId)]
      case 'tool-result':
        if (!ev.isError) return []
        return [
          this.line('info', `⚠️ tool error: ${firstLine(ev.text, this.maxLine) || '(no message)'}`, taskId)
        ]
      case 'api-retry': {
        if (ev.connection) {
          // "unknown, retry 3/10 in 2000 ms" → "no connection to api.anthropic.com, retry 3/10 in 2000 ms".
          const retry = ev.message.replace(/^.*?(?=retry \d)/, '')
          return [this.line('warning', `↻ API retry: no connection to ${this.apiHost}, ${retry}`, taskId)]
        }
        const status = ev.status !== null ? ` (HTTP ${ev.status})` : ''
        return [this.line('warning', `↻ API retry${status}: ${firstLine(ev.message, this.maxLine)}`, taskId)]
      }
      case 'result':
        return this.result(taskId, ev)
      case 'init': {
        const model = ev.model ? `model ${ev.model}, ` : ''
        return [this.line('debug', `session started: ${model}${plural(ev.tools.length, 'tool')}`, taskId)]
      }
      case 'non-json':
        return ev.line.trim() ? [this.line('debug', `CLI: ${ev.line}`, taskId)] : []
      default:
        // Usage is summed elsewhere; unknown message types are tolerated silently.
        return []
    }
  }

  private result(taskId: string, ev: ResultEvent): LogLine[] {
    const out: LogLine[] = []
    const denials = ev.permissionDenials
    for (const d of denials.slice(0, MAX_DENIALS)) {
      out.push(this.line('warning', `🚫 permission denied: ${describeCall(d.toolName, d.toolInput)}`, taskId))
    }
    if (denials.length > MAX_DENIALS) {
      out.push(
        this.line('warning', `🚫 … and ${denials.length - MAX_DENIALS} more permission denials`, taskId)
      )
    }
    // No verdict here: whether the attempt succeeded is decided from the exit code, the result and verify
    // together (classifyExit), and stated by the attempt's or the task's line that follows.
    out.push(
      this.line(
        'info',
        `🏁 Claude Code ended · ${plural(ev.numTurns, 'turn')} · ${formatUsd(ev.totalCostUsd)}`,
        taskId
      )
    )
    return out
  }

  /** The live line of an outcome (none when the next line says the same). */
  private outcome(words: OutcomeWords, taskId?: string): LogLine[] {
    return words.live ? [this.line(words.level, `${words.mark} ${words.text}`, taskId)] : []
  }

  /** A line; events of a task other than the open group's say whose they are (parallel runs). */
  private line(level: LogLevel, text: string, taskId?: string): LogLine {
    const prefix = taskId !== undefined && taskId !== this.openTask ? `[${taskId}] ` : ''
    const line: LogLine = { kind: 'line', level, text: this.clean(prefix + text) }
    if (/^\p{Extended_Pictographic}/u.test(text)) line.marked = true
    return line
  }

  private clean(text: string): string {
    return shorten(safeLogLine(this.redactText(text)), this.maxLine)
  }
}

const ZWSP = '\u200b'

/**
 * One log line that the runner cannot take for a workflow command. The runner reads stdout line by line;
 * a line is a command when, after leading whitespace, it starts with `::` (`::add-mask::`, `::stop-commands::`,
 * `::set-output`…), or when it holds the old `##[command]` form anywhere. Control characters (ANSI
 * escapes, CR, NUL) and newlines become spaces; a zero-width space (not whitespace to the runner's trim)
 * goes before a leading `::` and inside every `##[`, so the text still reads the same.
 */
export function safeLogLine(text: string): string {
  // eslint-disable-next-line no-control-regex
  const flat = text.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g, ' ').trim()
  const neutral = flat.replace(/##\[/g, `##${ZWSP}[`)
  return neutral.startsWith('::') ? ZWSP + neutral : neutral
}

/** `Bash(rm -rf build)`, `Write(src/a.js)`: the tool and its key argument, never the JSON input. */
export function describeCall(toolName: string, input: unknown): string {
  if (input && typeof input === 'object') {
    const rec = input as Record<string, unknown>
    for (const key of [
      'command',
      'file_path',
      'path',
      'notebook_path',
      'url',
      'pattern',
      'query',
      'description'
    ]) {
      const v = rec[key]
      if (typeof v === 'string' && v.trim())
        return `${toolName}(${shorten(v.trim().replace(/\s+/g, ' '), 80)})`
    }
  }
  return toolName
}

/** The last `n` non-empty lines of a text. */
function tail(text: string, n: number): string[] {
  const lines: string[] = []
  let end = text.length
  // Walk back from the end so a megabyte of test output costs only its last lines.
  while (end > 0 && lines.length < n) {
    const start = text.lastIndexOf('\n', end - 1)
    const l = text.slice(start + 1, end).trimEnd()
    if (l.trim()) lines.push(l)
    end = start < 0 ? 0 : start
  }
  return lines.reverse()
}
