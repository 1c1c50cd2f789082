/**
 * `claude -p --output-format stream-json --verbose` prints one JSON object per line. This module turns those
 * lines into the typed events of ./types.ts, with memory bounded by the longest line we agree to buffer.
 *
 * Seen in 2.1.332: `system/init`, `system/api_retry`, `system/permission_denied`, `assistant` (also a
 * `<synthetic>` one carrying the API error text), `user` (tool results), `result`. A `result` may lack
 * `result` and `api_error_status` (e.g. `error_max_turns`), so every field is read defensively.
 */
import path from 'node:path'
import type { ClaudeEvent, ResultEvent, Usage } from '../../engine/claude-events.js'

/** How much of a tool result or a non-JSON line is kept in an event. */
const MAX_EVENT_TEXT = 2000

export interface ParseOptions {
  /** Working directory of the run: tool summaries show paths relative to it. */
  cwd?: string
}

import { isConnectionFailure } from './api-host.js'

type Json = Record<string, unknown>

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v)
const str = (v: unknown): string | null => (typeof v === 'string' ? v : null)
const num = (v: unknown, fallback = 0): number => (typeof v === 'number' && Number.isFinite(v) ? v : fallback)

export function shorten(s: string, max: number): string {
  return s.length <= max ? s : `${s.slice(0, Math.max(0, max - 1))}…`
}

function usageOf(v: unknown): Usage {
  const u = isObject(v) ? v : {}
  return {
    inputTokens: num(u.input_tokens),
    outputTokens: num(u.output_tokens),
    cacheReadInputTokens: num(u.cache_read_input_tokens),
    cacheCreationInputTokens: num(u.cache_creation_input_tokens)
  }
}

/** Text of a tool_result's `content`: a string or an array of blocks. */
function contentText(v: unknown): string {
  if (typeof v === 'string') return v
  if (!Array.isArray(v)) return ''
  return v
    .map(b => (isObject(b) && typeof b.text === 'string' ? b.text : isObject(b) ? `[${String(b.type)}]` : ''))
    .filter(Boolean)
    .join('\n')
}

function resultEvent(o: Json): ResultEvent {
  const denials = Array.isArray(o.permission_denials) ? o.permission_denials : []
  const ev: ResultEvent = {
    kind: 'result',
    subtype: str(o.subtype) ?? 'unknown',
    isError: o.is_error === true,
    apiErrorStatus: typeof o.api_error_status === 'number' ? o.api_error_status : null,
    result: str(o.result) ?? '',
    sessionId: str(o.session_id),
    totalCostUsd: num(o.total_cost_usd),
    numTurns: num(o.num_turns),
    durationMs: num(o.duration_ms),
    usage: usageOf(o.usage),
    permissionDenials: denials.filter(isObject).map(d => ({
      toolName: str(d.tool_name) ?? '',
      toolInput: d.tool_input
    }))
  }
  if (o.structured_output !== undefined) ev.structuredOutput = o.structured_output
  const terminal = str(o.terminal_reason)
  if (terminal) ev.terminalReason = terminal
  return ev
}

/** Parse one stdout line. Never throws: unknown shapes become `unknown`, garbage becomes `non-json`. */
export function parseStreamLine(line: string, opts: ParseOptions = {}): ClaudeEvent[] {
  const trimmed = line.trim()
  if (trimmed === '') return []
  let o: unknown
  try {
    o = JSON.parse(trimmed)
  } catch {
    return [{ kind: 'non-json', line: shorten(trimmed, MAX_EVENT_TEXT) }]
  }
  if (!isObject(o) || typeof o.type !== 'string') {
    return [{ kind: 'unknown', type: isObject(o) ? String(o.type ?? '') : typeof o }]
  }
  switch (o.type) {
    case 'system': {
      if (o.subtype === 'init') {
        return [
          {
            kind: 'init',
            sessionId: str(o.session_id),
            model: str(o.model),
            tools: Array.isArray(o.tools) ? o.tools.filter((t): t is string => typeof t === 'string') : [],
            cwd: str(o.cwd),
            permissionMode: str(o.permissionMode)
          }
        ]
      }
      if (o.subtype === 'api_retry') {
        const status = typeof o.error_status === 'number' ? o.error_status : null
        const attempt = num(o.attempt)
        const max = num(o.max_retries)
        const error = str(o.error)
        const what = error ?? (status !== null ? `HTTP ${status}` : 'API error')
        const delay = num(o.retry_delay_ms, -1)
        const message = `${what}, retry ${attempt}/${max}${delay >= 0 ? ` in ${Math.round(delay)} ms` : ''}`
        // 2.1.332 names no cause for a refused or unresolvable connection: `"error": "unknown"`, no status.
        const connection =
          status === null && (error === null || error === 'unknown' || isConnectionFailure(error))
        return [{ kind: 'api-retry', message, status, ...(connection ? { connection } : {}) }]
      }
      return [{ kind: 'unknown', type: `system/${String(o.subtype ?? '')}` }]
    }
    case 'assistant': {
      const msg = isObject(o.message) ? o.message : {}
      const events: ClaudeEvent[] = []
      for (const b of Array.isArray(msg.content) ? msg.content : []) {
        if (!isObject(b)) continue
        if (b.type === 'text' && typeof b.text === 'string') events.push({ kind: 'text', text: b.text })
        else if (b.type === 'tool_use') {
          const name = str(b.name) ?? '?'
          events.push({
            kind: 'tool-use',
            id: str(b.id) ?? '',
            name,
            input: b.input,
            summary: summarizeToolUse(name, b.input, opts.cwd)
          })
        }
        // thinking / redacted_thinking blocks carry nothing the engine reports.
      }
      if (isObject(msg.usage)) events.push({ kind: 'usage', usage: usageOf(msg.usage) })
      return events
    }
    case 'user': {
      const msg = isObject(o.message) ? o.message : {}
      const events: ClaudeEvent[] = []
      for (const b of Array.isArray(msg.content) ? msg.content : []) {
        if (!isObject(b) || b.type !== 'tool_result') continue
        events.push({
          kind: 'tool-result',
          toolUseId: str(b.tool_use_id) ?? '',
          isError: b.is_error === true,
          text: shorten(contentText(b.content), MAX_EVENT_TEXT)
        })
      }
      return events
    }
    case 'result':
      return [resultEvent(o)]
    default:
      return [{ kind: 'unknown', type: o.type }]
  }
}

function displayPath(p: string, cwd?: string): string {
  if (cwd && path.isAbsolute(p)) {
    const rel = path.relative(cwd, p)
    if (rel === '') return '.'
    if (!rel.startsWith('..') && !path.isAbsolute(rel)) return rel
  }
  return p
}

function firstLine(s: string, max: number): string {
  const line = s.trim().split('\n', 1)[0] ?? ''
  const more = s.trim().includes('\n') ? ' …' : ''
  return shorten(line.trim(), max - more.length) + more
}

/** A short human line for a tool call: `Write src/convert.js`, `Bash npm test`, `TodoWrite 3 items`. */
export function summarizeToolUse(name: string, input: unknown, cwd?: string): string {
  const i = isObject(input) ? input : {}
  const s = (k: string) => str(i[k])
  const file = s('file_path') ?? s('notebook_path') ?? s('path')
  switch (name) {
    case 'Write':
    case 'Edit':
    case 'MultiEdit':
    case 'Read':
    case 'NotebookEdit':
      return file ? `${name} ${displayPath(file, cwd)}` : name
    case 'Bash':
      return s('command') ? `Bash ${firstLine(s('command') ?? '', 80)}` : 'Bash'
    case 'Glob':
    case 'Grep': {
      const pattern = s('pattern')
      if (!pattern) return name
      const where = s('path')
      return `${name} ${shorten(pattern, 60)}${where ? ` in ${displayPath(where, cwd)}` : ''}`
    }
    case 'WebFetch':
      return s('url') ? `WebFetch ${shorten(s('url') ?? '', 80)}` : name
    case 'WebSearch':
      return s('query') ? `WebSearch ${shorten(s('query') ?? '', 80)}` : name
    case 'TodoWrite': {
      const n = Array.isArray(i.todos) ? i.todos.length : 0
      return `TodoWrite ${n} item${n === 1 ? '' : 's'}`
    }
    case 'Task':
    case 'Agent':
      return s('description') ? `${name} ${shorten(s('description') ?? '', 60)}` : name
  }
  if (file) return `${name} ${displayPath(file, cwd)}`
  const first = Object.values(i).find((v): v is string => typeof v === 'string' && v.trim() !== '')
  return first ? `${name} ${firstLine(first, 60)}` : name
}

export interface LineInfo {
  /** The line was longer than the cap: `line` holds only its beginning. */
  truncated: boolean
  /** Length of the whole line in bytes (without the newline). */
  bytes: number
}

/**
 * Splits a byte stream into lines without ever holding more than `maxLineBytes` of one line: the rest of an
 * over-long line is dropped (its beginning is kept as a preview) so a runaway line cannot exhaust memory.
 * Splits on the `\n` byte, which never occurs inside a UTF-8 multi-byte sequence.
 */
export class LineSplitter {
  private parts: Buffer[] = []
  private held = 0
  private lineBytes = 0
  private overflow = false
  private readonly maxLineBytes: number
  private readonly previewBytes: number

  constructor(
    private readonly onLine: (line: string, info: LineInfo) => void,
    opts: { maxLineBytes?: number; previewBytes?: number } = {}
  ) {
    this.maxLineBytes = opts.maxLineBytes ?? 4 * 1024 * 1024
    this.previewBytes = Math.min(opts.previewBytes ?? 1024, this.maxLineBytes)
  }

  push(chunk: Buffer | string): void {
    let buf = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk
    for (;;) {
      const nl = buf.indexOf(0x0a)
      if (nl === -1) {
        this.append(buf)
        return
      }
      this.append(buf.subarray(0, nl))
      this.emit()
      buf = buf.subarray(nl + 1)
    }
  }

  /** Flush a last line that had no newline. */
  end(): void {
    if (this.lineBytes > 0 || this.parts.length > 0) this.emit()
  }

  private append(b: Buffer): void {
    if (b.length === 0) return
    this.lineBytes += b.length
    if (this.overflow) return
    if (this.held + b.length <= this.maxLineBytes) {
      // Copy: the caller's chunk may be a slice of a larger pooled buffer we should not pin.
      this.parts.push(Buffer.from(b))
      this.held += b.length
      return
    }
    const preview = Buffer.concat([...this.parts, b.subarray(0, Math.max(0, this.previewBytes - this.held))])
    this.parts = [preview.subarray(0, this.previewBytes)]
    this.held = this.parts[0].length
    this.overflow = true
  }

  private emit(): void {
    let line = Buffer.concat(this.parts).toString('utf8')
    if (line.endsWith('\r')) line = line.slice(0, -1)
    const info = { truncated: this.overflow, bytes: this.lineBytes }
    this.parts = []
    this.held = 0
    this.lineBytes = 0
    this.overflow = false
    this.onLine(line, info)
  }
}

/** Events for a line coming out of a LineSplitter: a truncated line is one `non-json` event. */
export function eventsForLine(line: string, info: LineInfo, opts: ParseOptions = {}): ClaudeEvent[] {
  if (info.truncated) {
    return [{ kind: 'non-json', line: `[line of ${info.bytes} bytes truncated] ${shorten(line, 200)}` }]
  }
  return parseStreamLine(line, opts)
}
