/**
 * A local stand-in for the Anthropic Messages API, good enough for the real Claude Code CLI
 * (`ANTHROPIC_BASE_URL=<url>`), scripted per request by the test.
 *
 * What @anthropic-ai/claude-code 2.1.332 really sends (logged while writing this file, Linux, as root):
 * - One `POST /v1/messages?beta=true` per model turn, `"stream": true`, ~90 KB body, header
 *   `x-claude-code-session-id`. No `HEAD /`, no title generation, no quota check, no count_tokens were seen
 *   with CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC=1; the other paths are still answered harmlessly.
 * - `system` is an array of text blocks (billing header, identity, instructions); it does NOT contain the working
 *   directory. The cwd comes in the first user message as a `<system-reminder>` text block:
 *   ` - Primary working directory: /abs/path` (2.1.19x put it in `system`, other 2.1.33x builds in a
 *   `role: system` message), so every text is searched. The prompt given on stdin is the last text block of
 *   the first user message.
 * - No side requests (titles, quota) reach the base URL, with or without DISABLE_NONESSENTIAL_TRAFFIC; a request
 *   without tools would be one, and is answered with short text unless the handler asks for it.
 * - `tools` offered to the model: Agent, Bash, Edit, ListAgents, Read, ReportFindings, ScheduleWakeup, Skill,
 *   ToolSearch, Workflow, DeferredToolPlaceholder, Write (+ StructuredOutput with --json-schema). There is no
 *   Glob, Grep or TodoWrite; WebFetch, WebSearch, NotebookEdit, Task* etc. are "deferred" behind ToolSearch.
 *   The init line of stream-json lists yet another set (it says `Task`, not `Agent`).
 * - Cost: the CLI prices the usage we report with its own price table for the requested model, e.g. with
 *   `--model claude-sonnet-4-5`, 1000 input + 100 output tokens = $0.0045 per turn ($3/$15 per million).
 *   An unknown model name is priced too (a fallback rate: $0.006 per such turn), so cost is never 0 here.
 * - Scripting tools: the Bash tool refuses `sleep N` chains ("Blocked: sleep 300 followed by …"; use e.g.
 *   `tail -f /dev/null` for a long-lived process) and starts each command in a new session. A `hang` reply is
 *   ended by the CLI itself only after 5 minutes (CLAUDE_STREAM_IDLE_TIMEOUT_MS), so tests use timeoutMs.
 */
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import type { Socket } from 'node:net'
import path from 'node:path'
import { randomUUID } from 'node:crypto'

/** Request bodies are whatever the CLI sends: read loosely. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Any = any

export interface TurnContext {
  body: Any
  /** From `Primary working directory: <path>` anywhere in `system` or the messages. */
  cwd: string | null
  /** From a line `Task id: <id>` in the first user message. */
  taskId: string | null
  /** All text blocks of the first user message, joined by newlines (system reminders included). */
  firstUserText: string
  /** 0 for the first request of a conversation: the number of assistant messages in `body.messages`. */
  turn: number
  /** The tool results carried by the last user message. */
  lastToolResults: { content: string; isError: boolean }[]
  hasTool(name: string): boolean
  /** A request without tools (title generation and the like); answered with short text by default. */
  isSideRequest: boolean
}

export type ToolCall = { name: string; input: Record<string, unknown> }

export type Reply =
  | { text: string }
  | { tools: ToolCall[]; text?: string }
  | { error: { status: number; type?: string; message?: string }; headers?: Record<string, string> }
  | { hang: true }
  | { delayMs: number; then: Reply }

export type Handler = (ctx: TurnContext) => Reply | Promise<Reply>

export interface MessagesApiOptions {
  /** Reported input tokens per request (default 1000). */
  inputTokens?: number
  /** Reported output tokens per request (default 100). */
  outputTokens?: number
  /** Pass side requests (no tools) to the handler too instead of answering them with short text. */
  handleSideRequests?: boolean
  /**
   * The model's context in tokens (default 200,000, as the real models have). A request estimated larger
   * (4 bytes of JSON per token) is refused the way the real API refuses it: HTTP 400 invalid_request_error
   * "prompt is too long: N tokens > 200000 maximum", before the handler sees it.
   */
  contextTokens?: number
}

export interface MessagesApi {
  url: string
  /** Every `/v1/messages` request seen, in order (side requests included, flagged). */
  requests: TurnContext[]
  close(): Promise<void>
}

const ERROR_TYPES: Record<number, string> = {
  400: 'invalid_request_error',
  401: 'authentication_error',
  403: 'permission_error',
  404: 'not_found_error',
  413: 'request_too_large',
  429: 'rate_limit_error',
  500: 'api_error',
  529: 'overloaded_error'
}

function textsOf(content: Any): string[] {
  if (typeof content === 'string') return [content]
  if (!Array.isArray(content)) return []
  const out: string[] = []
  for (const block of content) {
    if (block && typeof block.text === 'string') out.push(block.text)
    else if (block && block.type === 'tool_result') out.push(...textsOf(block.content))
  }
  return out
}

export function turnContext(body: Any): TurnContext {
  const messages: Any[] = Array.isArray(body?.messages) ? body.messages : []
  const firstUser = messages.find(m => m?.role === 'user')
  const firstUserText = firstUser ? textsOf(firstUser.content).join('\n') : ''
  const allTexts = [...textsOf(body?.system), ...messages.flatMap(m => textsOf(m?.content))]
  let cwd: string | null = null
  for (const t of allTexts) {
    const m = /Primary working directory: *(.+)/.exec(t)
    if (m) {
      cwd = m[1].trim()
      break
    }
  }
  const taskId = /^Task id: *(\S+)/m.exec(firstUserText)?.[1] ?? null
  const last = messages[messages.length - 1]
  const lastToolResults =
    last?.role === 'user' && Array.isArray(last.content)
      ? last.content
          .filter((b: Any) => b?.type === 'tool_result')
          .map((b: Any) => ({ content: textsOf(b.content).join('\n'), isError: b.is_error === true }))
      : []
  const toolNames: string[] = Array.isArray(body?.tools) ? body.tools.map((t: Any) => String(t?.name)) : []
  return {
    body,
    cwd,
    taskId,
    firstUserText,
    turn: messages.filter(m => m?.role === 'assistant').length,
    lastToolResults,
    hasTool: name => toolNames.includes(name),
    isSideRequest: toolNames.length === 0
  }
}

type Block = { type: 'text'; text: string } | { type: 'tool_use'; id: string; name: string; input: unknown }

function blocksOf(reply: { text: string } | { tools: ToolCall[]; text?: string }): Block[] {
  const blocks: Block[] = []
  if (typeof reply.text === 'string' && reply.text !== '') blocks.push({ type: 'text', text: reply.text })
  if ('tools' in reply) {
    for (const t of reply.tools) {
      blocks.push({
        type: 'tool_use',
        id: `toolu_${randomUUID().replace(/-/g, '')}`,
        name: t.name,
        input: t.input
      })
    }
  }
  if (blocks.length === 0) blocks.push({ type: 'text', text: '' })
  return blocks
}

export async function startMessagesApi(
  handler: Handler,
  opts: MessagesApiOptions = {}
): Promise<MessagesApi> {
  const inputTokens = opts.inputTokens ?? 1000
  const outputTokens = opts.outputTokens ?? 100
  const requests: TurnContext[] = []
  const sockets = new Set<Socket>()
  const timers = new Set<NodeJS.Timeout>()
  let counter = 0

  const usage = (out: number) => ({
    input_tokens: inputTokens,
    output_tokens: out,
    cache_creation_input_tokens: 0,
    cache_read_input_tokens: 0
  })

  const send = (res: http.ServerResponse, body: Any, reply: Reply): void => {
    if ('delayMs' in reply) {
      const t = setTimeout(() => {
        timers.delete(t)
        send(res, body, reply.then)
      }, reply.delayMs)
      timers.add(t)
      return
    }
    // Never answer; close() destroys the socket.
    if ('hang' in reply) return
    if ('error' in reply) {
      const { status, type, message } = reply.error
      res.writeHead(status, { 'content-type': 'application/json', ...reply.headers })
      res.end(
        JSON.stringify({
          type: 'error',
          error: {
            type: type ?? ERROR_TYPES[status] ?? 'api_error',
            message: message ?? `injected ${status}`
          }
        })
      )
      return
    }
    const blocks = blocksOf(reply)
    const stopReason = blocks.some(b => b.type === 'tool_use') ? 'tool_use' : 'end_turn'
    const id = `msg_local_${++counter}`
    const model = typeof body?.model === 'string' ? body.model : 'claude-sonnet-4-5'
    if (body?.stream !== true) {
      res.writeHead(200, { 'content-type': 'application/json', 'request-id': `req_${id}` })
      res.end(
        JSON.stringify({
          id,
          type: 'message',
          role: 'assistant',
          model,
          content: blocks,
          stop_reason: stopReason,
          stop_sequence: null,
          usage: usage(outputTokens)
        })
      )
      return
    }
    res.writeHead(200, {
      'content-type': 'text/event-stream',
      'cache-control': 'no-cache',
      'request-id': `req_${id}`
    })
    const event = (type: string, data: Record<string, unknown>) =>
      res.write(`event: ${type}\ndata: ${JSON.stringify({ type, ...data })}\n\n`)
    event('message_start', {
      message: {
        id,
        type: 'message',
        role: 'assistant',
        model,
        content: [],
        stop_reason: null,
        stop_sequence: null,
        usage: usage(1)
      }
    })
    blocks.forEach((b, index) => {
      if (b.type === 'text') {
        event('content_block_start', { index, content_block: { type: 'text', text: '' } })
        event('content_block_delta', { index, delta: { type: 'text_delta', text: b.text } })
      } else {
        event('content_block_start', {
          index,
          content_block: { type: 'tool_use', id: b.id, name: b.name, input: {} }
        })
        // Two chunks, like the real API, so the CLI's partial-JSON accumulation is exercised.
        const json = JSON.stringify(b.input)
        const half = Math.floor(json.length / 2)
        for (const part of [json.slice(0, half), json.slice(half)]) {
          event('content_block_delta', { index, delta: { type: 'input_json_delta', partial_json: part } })
        }
      }
      event('content_block_stop', { index })
    })
    event('message_delta', {
      delta: { stop_reason: stopReason, stop_sequence: null },
      usage: { output_tokens: outputTokens }
    })
    event('message_stop', {})
    res.end()
  }

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://local')
      if (req.method !== 'POST') {
        res.writeHead(200, { 'content-type': 'application/json' })
        res.end(req.method === 'HEAD' ? undefined : '{}')
        return
      }
      let body: Any = null
      try {
        body = JSON.parse(Buffer.concat(chunks).toString('utf8'))
      } catch {
        res.writeHead(400, { 'content-type': 'application/json' })
        res.end(
          JSON.stringify({ type: 'error', error: { type: 'invalid_request_error', message: 'bad json' } })
        )
        return
      }
      if (url.pathname === '/v1/messages/count_tokens') {
        res.writeHead(200, { 'content-type': 'application/json' })
        res.end(JSON.stringify({ input_tokens: inputTokens }))
        return
      }
      if (url.pathname !== '/v1/messages') {
        res.writeHead(200, { 'content-type': 'application/json' })
        res.end('{}')
        return
      }
      const ctx = turnContext(body)
      requests.push(ctx)
      const tokens = Math.ceil(Buffer.concat(chunks).length / 4)
      const limit = opts.contextTokens ?? 200_000
      if (tokens > limit) {
        send(res, body, {
          error: {
            status: 400,
            type: 'invalid_request_error',
            message: `prompt is too long: ${tokens} tokens > ${limit} maximum`
          }
        })
        return
      }
      if (ctx.isSideRequest && !opts.handleSideRequests) {
        send(res, body, { text: 'OK' })
        return
      }
      Promise.resolve()
        .then(() => handler(ctx))
        .then(
          reply => send(res, body, reply),
          (err: unknown) =>
            send(res, body, { error: { status: 500, message: `test handler threw: ${String(err)}` } })
        )
    })
  })
  server.on('connection', s => {
    sockets.add(s)
    s.on('close', () => sockets.delete(s))
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => resolve())
  })
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: async () => {
      for (const t of timers) clearTimeout(t)
      timers.clear()
      // Hanging requests keep their sockets open forever; close() must not wait for them.
      for (const s of sockets) s.destroy()
      await new Promise<void>(resolve => server.close(() => resolve()))
    }
  }
}

/** Turn 0: a Write of `cwd/relPath`; afterwards: `finalText`. */
export function writeFileThenDone(relPath: string, content: string, finalText: string): Handler {
  return ctx => {
    if (ctx.turn === 0) {
      if (!ctx.cwd) throw new Error('no "Primary working directory" in the request')
      return { tools: [{ name: 'Write', input: { file_path: path.join(ctx.cwd, relPath), content } }] }
    }
    return { text: finalText }
  }
}

/** Turn 0: one tool call; afterwards: `finalText`. */
export function toolThenDone(name: string, input: Record<string, unknown>, finalText: string): Handler {
  return ctx => (ctx.turn === 0 ? { tools: [{ name, input }] } : { text: finalText })
}

/** A reply calling the tool `--json-schema` adds, with `obj` as its input. */
export function structuredOutput(obj: Record<string, unknown>): Reply {
  return { tools: [{ name: 'StructuredOutput', input: obj }] }
}
