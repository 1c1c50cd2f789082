// bench/engine-overhead.bench.ts
import { spawn as spawn2, spawnSync } from 'node:child_process'
import {
  chmodSync,
  existsSync,
  mkdirSync as mkdirSync2,
  mkdtempSync as mkdtempSync2,
  readFileSync as readFileSync2,
  rmSync as rmSync2,
  writeFileSync as writeFileSync2
} from 'node:fs'
import os from 'node:os'
import path5 from 'node:path'
import { fileURLToPath as fileURLToPath3 } from 'node:url'

// test/support/action.ts
import path from 'node:path'
import { fileURLToPath } from 'node:url'
var ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')
var ACTION_ENTRY = path.join(ROOT, 'dist', 'index.js')
var CLI_ENTRY = path.join(ROOT, 'dist', 'cli.js')
function parseOutputFile(text) {
  const out = {}
  const lines = text.split('\n')
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]
    const heredoc = /^([^=<]+)<<(.+)$/.exec(line)
    if (heredoc) {
      const [, name, delim] = heredoc
      const value = []
      while (++i < lines.length && lines[i] !== delim) value.push(lines[i])
      out[name] = value.join('\n')
    } else if (line.includes('=')) {
      const eq = line.indexOf('=')
      out[line.slice(0, eq)] = line.slice(eq + 1)
    }
  }
  return out
}

// test/support/claude-env.ts
import path2 from 'node:path'
import { fileURLToPath as fileURLToPath2 } from 'node:url'

// src/claude/process.ts
var DEFAULT_MAX_LINE_BYTES = 4 * 1024 * 1024

// test/support/claude-env.ts
var root = path2.resolve(path2.dirname(fileURLToPath2(import.meta.url)), '../..')
var CLAUDE_BIN = path2.join(root, 'node_modules', '.bin', 'claude')
var TEST_MODEL = 'claude-sonnet-4-5'
var DUMMY_API_KEY = 'sk-ant-test-dummy-key-0000'

// test/support/messages-api.ts
import http from 'node:http'
import { randomUUID } from 'node:crypto'
var ERROR_TYPES = {
  400: 'invalid_request_error',
  401: 'authentication_error',
  403: 'permission_error',
  404: 'not_found_error',
  413: 'request_too_large',
  429: 'rate_limit_error',
  500: 'api_error',
  529: 'overloaded_error'
}
function textsOf(content) {
  if (typeof content === 'string') return [content]
  if (!Array.isArray(content)) return []
  const out = []
  for (const block of content) {
    if (block && typeof block.text === 'string') out.push(block.text)
    else if (block && block.type === 'tool_result') out.push(...textsOf(block.content))
  }
  return out
}
function turnContext(body) {
  const messages = Array.isArray(body?.messages) ? body.messages : []
  const firstUser = messages.find(m => m?.role === 'user')
  const firstUserText = firstUser ? textsOf(firstUser.content).join('\n') : ''
  const allTexts = [...textsOf(body?.system), ...messages.flatMap(m => textsOf(m?.content))]
  let cwd = null
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
          .filter(b => b?.type === 'tool_result')
          .map(b => ({ content: textsOf(b.content).join('\n'), isError: b.is_error === true }))
      : []
  const toolNames = Array.isArray(body?.tools) ? body.tools.map(t => String(t?.name)) : []
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
function blocksOf(reply) {
  const blocks = []
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
async function startMessagesApi(handler, opts = {}) {
  const inputTokens = opts.inputTokens ?? 1e3
  const outputTokens = opts.outputTokens ?? 100
  const requests = []
  const sockets = /* @__PURE__ */ new Set()
  const timers = /* @__PURE__ */ new Set()
  let counter = 0
  const usage = out => ({
    input_tokens: inputTokens,
    output_tokens: out,
    cache_creation_input_tokens: 0,
    cache_read_input_tokens: 0
  })
  const send = (res, body, reply) => {
    if ('delayMs' in reply) {
      const t = setTimeout(() => {
        timers.delete(t)
        send(res, body, reply.then)
      }, reply.delayMs)
      timers.add(t)
      return
    }
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
    const event = (type, data) =>
      res.write(`event: ${type}
data: ${JSON.stringify({ type, ...data })}

`)
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
    const chunks = []
    req.on('data', c => chunks.push(c))
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://local')
      if (req.method !== 'POST') {
        res.writeHead(200, { 'content-type': 'application/json' })
        res.end(req.method === 'HEAD' ? void 0 : '{}')
        return
      }
      let body = null
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
      if (ctx.isSideRequest && !opts.handleSideRequests) {
        send(res, body, { text: 'OK' })
        return
      }
      Promise.resolve()
        .then(() => handler(ctx))
        .then(
          reply => send(res, body, reply),
          err => send(res, body, { error: { status: 500, message: `test handler threw: ${String(err)}` } })
        )
    })
  })
  server.on('connection', s => {
    sockets.add(s)
    s.on('close', () => sockets.delete(s))
  })
  await new Promise((resolve, reject) => {
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => resolve())
  })
  const { port } = server.address()
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: async () => {
      for (const t of timers) clearTimeout(t)
      timers.clear()
      for (const s of sockets) s.destroy()
      await new Promise(resolve => server.close(() => resolve()))
    }
  }
}

// test/support/repo.ts
import { execFile, spawn } from 'node:child_process'
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path3 from 'node:path'
var TEST_ENV = {
  GIT_AUTHOR_NAME: 'Test Person',
  GIT_AUTHOR_EMAIL: 'test@example.com',
  GIT_COMMITTER_NAME: 'Test Person',
  GIT_COMMITTER_EMAIL: 'test@example.com',
  GIT_CONFIG_GLOBAL: '/dev/null',
  GIT_CONFIG_NOSYSTEM: '1',
  GIT_TERMINAL_PROMPT: '0'
}
var git = (cwd, ...args2) =>
  new Promise((resolve, reject) => {
    execFile(
      'git',
      args2,
      { cwd, env: { ...process.env, ...TEST_ENV }, maxBuffer: 64 << 20 },
      (err, stdout, stderr) => {
        if (err) reject(new Error(`git ${args2.join(' ')} failed in ${cwd}: ${stderr || err.message}`))
        else resolve(stdout.trim())
      }
    )
  })
async function makeRepo(opts = {}) {
  const root2 = mkdtempSync(path3.join(tmpdir(), 'taskmesh-git-'))
  const origin = path3.join(root2, 'origin.git')
  const seed = path3.join(root2, 'seed')
  await git(root2, 'init', '-q', '--bare', '-b', 'main', origin)
  await git(root2, 'init', '-q', '-b', 'main', seed)
  const files = opts.files ?? { 'README.md': '# test\n' }
  for (const [f, c] of Object.entries(files)) write(seed, f, c)
  await git(seed, 'add', '-A')
  await git(seed, 'commit', '-q', '-m', 'initial')
  await git(seed, 'remote', 'add', 'origin', origin)
  await git(seed, 'push', '-q', 'origin', 'main')
  rmSync(seed, { recursive: true, force: true })
  function write(dir, file, content) {
    const p = path3.join(dir, file)
    mkdirSync(path3.dirname(p), { recursive: true })
    writeFileSync(p, content)
  }
  async function cloneAgain(name = `clone-${Math.random().toString(36).slice(2, 8)}`, o = {}) {
    const dir = path3.join(root2, name)
    const args2 = ['clone', '-q', '-b', o.branch ?? 'main']
    if (o.depth) args2.push('--depth', String(o.depth))
    await git(root2, ...args2, `file://${origin}`, dir)
    await git(dir, 'remote', 'set-url', 'origin', origin)
    return dir
  }
  const work = await cloneAgain('work', { depth: opts.depth })
  return {
    root: root2,
    origin,
    work,
    git,
    cloneAgain,
    write,
    read: (dir, file) => readFileSync(path3.join(dir, file), 'utf8'),
    async commitAndPush(dir, files2, message) {
      for (const [f, c] of Object.entries(files2)) write(dir, f, c)
      await git(dir, 'add', '-A')
      await git(dir, 'commit', '-q', '-m', message)
      await git(dir, 'push', '-q', 'origin', 'HEAD')
      return git(dir, 'rev-parse', 'HEAD')
    },
    cleanup: () => rmSync(root2, { recursive: true, force: true })
  }
}

// src/taskfile/document.ts
import { randomBytes } from 'node:crypto'
import { open, readFile, rename, rm, stat } from 'node:fs/promises'
import path4 from 'node:path'

// src/taskfile/locate.ts
function lineColumnAt(text, offset) {
  const end = Math.max(0, Math.min(offset, text.length))
  let line = 1
  let lineStart = 0
  for (let i = text.indexOf('\n'); i !== -1 && i < end; i = text.indexOf('\n', i + 1)) {
    line++
    lineStart = i + 1
  }
  return { line, column: end - lineStart + 1 }
}
var LineIndex = class {
  constructor(text) {
    this.text = text
  }
  text
  starts
  at(offset) {
    const starts = (this.starts ??= lineStarts(this.text))
    const end = Math.max(0, Math.min(offset, this.text.length))
    let lo = 0
    let hi = starts.length - 1
    while (lo < hi) {
      const mid = (lo + hi + 1) >>> 1
      if (starts[mid] <= end) lo = mid
      else hi = mid - 1
    }
    return { line: lo + 1, column: end - starts[lo] + 1 }
  }
}
function lineStarts(text) {
  const starts = [0]
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1)
  return starts
}
function formatPath(path6) {
  let out = ''
  for (const segment of path6) {
    if (typeof segment === 'number') out += `[${segment}]`
    else if (/^[A-Za-z_$][A-Za-z0-9_$]*$/.test(segment)) out += out === '' ? segment : `.${segment}`
    else out += `[${JSON.stringify(segment)}]`
  }
  return out === '' ? '(root)' : out
}
var SPACE = 32
var TAB = 9
var LF = 10
var CR = 13
var QUOTE = 34
var BACKSLASH = 92
var COMMA = 44
var COLON = 58
var OPEN_BRACE = 123
var CLOSE_BRACE = 125
var OPEN_BRACKET = 91
var CLOSE_BRACKET = 93
function isSpace(c) {
  return c === SPACE || c === LF || c === CR || c === TAB
}
var JsonLocator = class {
  constructor(text) {
    this.text = text
    this.lines = new LineIndex(text)
  }
  text
  scanned = /* @__PURE__ */ new Map()
  lines
  /** Start offset of the value at `path`, or of its deepest existing ancestor. */
  offsetOf(path6) {
    let offset = this.skipSpace(0)
    for (const segment of path6) {
      const children = this.children(offset)
      const next =
        children === void 0
          ? void 0
          : Array.isArray(children)
            ? typeof segment === 'number'
              ? children[segment]
              : void 0
            : children.get(String(segment))
      if (next === void 0) return { offset, exact: false }
      offset = next
    }
    return { offset, exact: true }
  }
  locate(path6) {
    const { offset, exact } = this.offsetOf(path6)
    return { ...this.lines.at(offset), offset, exact }
  }
  lineColumn(offset) {
    return this.lines.at(offset)
  }
  skipSpace(i) {
    const text = this.text
    while (i < text.length && isSpace(text.charCodeAt(i))) i++
    return i
  }
  /** Offset just after the string that starts at `i` (an opening quote). */
  skipString(i) {
    const text = this.text
    let from = i + 1
    for (;;) {
      const q = text.indexOf('"', from)
      if (q === -1) return text.length
      let backslashes = 0
      for (let k = q - 1; text.charCodeAt(k) === BACKSLASH; k--) backslashes++
      if (backslashes % 2 === 0) return q + 1
      from = q + 1
    }
  }
  /** Offset just after the value that starts at `i`. */
  skipValue(i) {
    const text = this.text
    const c = text.charCodeAt(i)
    if (c === QUOTE) return this.skipString(i)
    if (c === OPEN_BRACE || c === OPEN_BRACKET) {
      let depth = 0
      while (i < text.length) {
        const d = text.charCodeAt(i)
        if (d === QUOTE) {
          i = this.skipString(i)
          continue
        }
        if (d === OPEN_BRACE || d === OPEN_BRACKET) depth++
        else if (d === CLOSE_BRACE || d === CLOSE_BRACKET) {
          depth--
          if (depth === 0) return i + 1
        }
        i++
      }
      return i
    }
    while (i < text.length) {
      const d = text.charCodeAt(i)
      if (d === COMMA || d === CLOSE_BRACE || d === CLOSE_BRACKET || isSpace(d)) break
      i++
    }
    return i
  }
  /** The start offsets of a container's children (scanned once, then cached); undefined for scalars. */
  children(offset) {
    const cached = this.scanned.get(offset)
    if (cached) return cached
    const text = this.text
    const open2 = text.charCodeAt(offset)
    if (open2 !== OPEN_BRACE && open2 !== OPEN_BRACKET) return void 0
    const isObject2 = open2 === OPEN_BRACE
    const keys = /* @__PURE__ */ new Map()
    const items = []
    let i = this.skipSpace(offset + 1)
    while (i < text.length) {
      const c = text.charCodeAt(i)
      if (c === CLOSE_BRACE || c === CLOSE_BRACKET) break
      if (isObject2) {
        if (c !== QUOTE) break
        const end = this.skipString(i)
        const raw = text.slice(i + 1, end - 1)
        const key = raw.includes('\\') ? JSON.parse(text.slice(i, end)) : raw
        i = this.skipSpace(end)
        if (text.charCodeAt(i) !== COLON) break
        i = this.skipSpace(i + 1)
        keys.set(key, i)
      } else {
        items.push(i)
      }
      i = this.skipSpace(this.skipValue(i))
      if (text.charCodeAt(i) !== COMMA) break
      i = this.skipSpace(i + 1)
    }
    const children = isObject2 ? keys : items
    this.scanned.set(offset, children)
    return children
  }
}
function findSyntaxError(text) {
  const fail = (offset, reason) => ({
    offset,
    ...lineColumnAt(text, offset),
    reason
  })
  const describe = i2 => (i2 >= text.length ? 'the end of the file' : `${JSON.stringify(text[i2])}`)
  const n = text.length
  const stack = []
  let i = 0
  const space = () => {
    while (i < n && isSpace(text.charCodeAt(i))) i++
  }
  const string = () => {
    const start = i
    i++
    while (i < n) {
      const c = text.charCodeAt(i)
      if (c === QUOTE) {
        i++
        return void 0
      }
      if (c < 32) return fail(i, 'a string contains a raw control character (line break or tab); escape it')
      if (c === BACKSLASH) {
        const e = text[i + 1]
        if (e === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6)))
            return fail(i, 'invalid \\u escape in a string')
          i += 6
          continue
        }
        if (e === void 0 || !'"\\/bfnrt'.includes(e))
          return fail(i, `invalid escape "\\${e ?? ''}" in a string`)
        i += 2
        continue
      }
      i++
    }
    return fail(start, 'a string is never closed (missing ")')
  }
  const value = () => {
    space()
    if (i >= n) return fail(i, 'the file ends where a value was expected (is it truncated?)')
    const c = text[i]
    if (c === '"') return string()
    if (c === '{' || c === '[') {
      stack.push(text.charCodeAt(i))
      i++
      return 'open'
    }
    if (c === "'") return fail(i, 'single quotes are not valid JSON; use double quotes')
    const literal = /^(?:true|false|null|-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?)/.exec(
      text.slice(i, i + 400)
    )
    if (literal && literal[0].length > 0) {
      const after = text.charCodeAt(i + literal[0].length)
      if (
        Number.isNaN(after) ||
        isSpace(after) ||
        after === COMMA ||
        after === CLOSE_BRACE ||
        after === CLOSE_BRACKET
      ) {
        i += literal[0].length
        return void 0
      }
    }
    return fail(i, `unexpected ${describe(i)} where a value was expected`)
  }
  let first = false
  let result = value()
  if (result !== void 0 && result !== 'open') return result
  first = result === 'open'
  while (stack.length > 0) {
    const top = stack[stack.length - 1]
    const closer = top === OPEN_BRACE ? '}' : ']'
    space()
    if (i >= n)
      return fail(
        i,
        `the file ends before this ${top === OPEN_BRACE ? 'object' : 'array'} is closed (missing "${closer}"; is it truncated?)`
      )
    if (!first) {
      if (text[i] === closer) {
        stack.pop()
        i++
        continue
      }
      if (text[i] !== ',') return fail(i, `expected "," or "${closer}" but found ${describe(i)}`)
      i++
      space()
      if (text[i] === closer) return fail(i, `trailing comma before "${closer}" (JSON does not allow one)`)
    } else if (text[i] === closer) {
      stack.pop()
      i++
      first = false
      continue
    }
    first = false
    if (top === OPEN_BRACE) {
      space()
      if (text[i] === "'") return fail(i, 'single quotes are not valid JSON; use double quotes')
      if (text[i] !== '"')
        return fail(i, `expected a property name in double quotes but found ${describe(i)}`)
      const bad = string()
      if (bad) return bad
      space()
      if (text[i] !== ':') return fail(i, `expected ":" after the property name but found ${describe(i)}`)
      i++
    }
    result = value()
    if (result === 'open') first = true
    else if (result !== void 0) return result
  }
  space()
  if (i < n) return fail(i, `unexpected ${describe(i)} after the end of the JSON value`)
  return void 0
}

// src/taskfile/schema.ts
import { z } from 'zod'
var TASK_STATUSES = ['pending', 'in_progress', 'completed', 'failed']
var TASK_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/
var isoTimestamp = z.string().describe('ISO 8601 timestamp, written by the action')
var TaskIdSchema = z
  .string()
  .regex(
    TASK_ID_PATTERN,
    'must be 1-64 characters of letters, digits, ".", "_" or "-", starting with a letter or digit'
  )
var TaskSchema = z
  .looseObject({
    id: TaskIdSchema.describe('Unique id of the task, referenced by dependencies'),
    title: z.string().optional().describe('Short title shown in logs, commits and reports'),
    description: z
      .string()
      .min(1, 'must not be empty')
      .describe('What the task must achieve; sent to Claude verbatim'),
    details: z.string().optional().describe('Further instructions sent to Claude with the task'),
    status: z
      .enum(TASK_STATUSES)
      .optional()
      .describe('Written by the action; a missing status means pending'),
    dependencies: z
      .array(TaskIdSchema)
      .optional()
      .describe('Ids of tasks that must be completed before this one starts'),
    // Per-task settings: override the action's inputs for this task.
    model: z.string().min(1).optional().describe('Claude model for this task (overrides `model`)'),
    maxTurns: z.number().int().positive().optional().describe('Overrides `max-turns`'),
    allowedTools: z
      .array(z.string().min(1))
      .optional()
      .describe('Tools Claude may use for this task (overrides `allowed-tools`)'),
    timeoutMinutes: z.number().positive().optional().describe('Overrides `task-timeout-minutes`'),
    maxAttempts: z.number().int().positive().optional().describe('Overrides `max-attempts`'),
    maxBudgetUsd: z
      .number()
      .positive()
      .optional()
      .describe('Spending cap in USD for this task, over all its attempts'),
    verify: z
      .union([z.string().min(1), z.array(z.string().min(1)).min(1)])
      .optional()
      .describe(
        'Command that must exit 0 before the task counts as done: a string runs through `sh -c`, an array runs as an argument vector without a shell'
      ),
    estimateMinutes: z
      .number()
      .positive()
      .optional()
      .describe('Expected duration; used to start the longest chains first in parallel runs'),
    // Written by the action.
    startedAt: isoTimestamp.nullable().optional(),
    completedAt: isoTimestamp.nullable().optional(),
    outputs: z
      .array(z.string())
      .optional()
      .describe('Files the task added, changed, deleted or renamed (taken from git)'),
    attempts: z.number().int().nonnegative().optional(),
    error: z.string().nullable().optional().describe('Why the last attempt failed'),
    result: z.string().nullable().optional().describe("Claude's final message (truncated)"),
    costUsd: z.number().nonnegative().optional().describe('Cost over all attempts, in USD'),
    turns: z.number().int().nonnegative().optional(),
    durationMs: z.number().nonnegative().optional(),
    sessionId: z.string().nullable().optional(),
    commit: z.string().nullable().optional().describe('The commit that recorded the task'),
    source: z.string().optional().describe('Where the task came from (for example a decompose request)')
  })
  .describe('One unit of work for Claude')
var LogEntrySchema = z.looseObject({
  timestamp: z.string(),
  message: z.string(),
  level: z.enum(['info', 'warning', 'error']).optional(),
  taskId: z.string().optional()
})
var TaskFileSchema = z
  .looseObject({
    $schema: z.string().optional(),
    project: z.string().min(1, 'must not be empty').describe('Name of the project'),
    description: z.string().optional().describe('What the project is; given to Claude as context'),
    context: z.string().optional().describe('Extra instructions sent to Claude with every task'),
    status: z.string().optional().describe('Overall status, written by the action'),
    tasks: z.array(TaskSchema),
    logs: z.array(LogEntrySchema).optional().describe('Run history, appended by the action')
  })
  .describe('A Taskmesh task file')

// src/taskfile/validate.ts
function validateTaskFileText(text, displayPath) {
  let data
  try {
    data = JSON.parse(text)
  } catch (error) {
    return { ok: false, problems: [syntaxProblem(text, displayPath, error)] }
  }
  return validateTaskFileData(data, text, displayPath)
}
function validateTaskFileData(data, text, displayPath) {
  const locator = new JsonLocator(text)
  const problems = []
  const add = (code, path6, message) => {
    const at = locator.locate(path6)
    problems.push({ code, message, path: [...path6], line: at.line, column: at.column })
  }
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    add(
      'root-type',
      [],
      `${displayPath} must contain a JSON object with "project" and "tasks", but it contains ${describeType(data)}.`
    )
    return { ok: false, problems }
  }
  if (!passesFastCheck(data)) {
    const parsed = TaskFileSchema.safeParse(data)
    if (!parsed.success) {
      for (const issue of flattenIssues(parsed.error.issues, data)) add(...issueToProblem(issue, data))
    }
  }
  checkSemantics(data, add, locator)
  if (problems.length > 0) {
    problems.sort((a, b) => (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0))
    return { ok: false, problems }
  }
  return { ok: true, data }
}
function syntaxProblem(text, displayPath, error) {
  if (text.trim() === '') {
    return {
      code: 'not-json',
      message: `${displayPath} is empty; it must contain a JSON object with "project" and "tasks".`,
      path: [],
      line: 1,
      column: 1
    }
  }
  const found = findSyntaxError(text)
  if (found) {
    return {
      code: 'not-json',
      message: `${displayPath} is not valid JSON at line ${found.line}, column ${found.column}: ${found.reason}.`,
      path: [],
      line: found.line,
      column: found.column
    }
  }
  const message = error instanceof Error ? error.message : String(error)
  const position = /at position (\d+)/.exec(message)
  const at = position ? lineColumnAt(text, Number(position[1])) : void 0
  return {
    code: 'not-json',
    message: `${displayPath} is not valid JSON: ${message}${at ? ` (line ${at.line}, column ${at.column})` : ''}.`,
    path: [],
    ...at
  }
}
var isString = v => typeof v === 'string'
var isNonEmptyString = v => typeof v === 'string' && v.length > 0
var isStringOrNull = v => v === null || typeof v === 'string'
var isTaskId = v => typeof v === 'string' && TASK_ID_PATTERN.test(v)
var isStatus = v => typeof v === 'string' && TASK_STATUSES.includes(v)
var isNonNegativeInt = v => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0
var isPositiveInt = v => typeof v === 'number' && Number.isSafeInteger(v) && v > 0
var isNonNegative = v => typeof v === 'number' && Number.isFinite(v) && v >= 0
var isPositive = v => typeof v === 'number' && Number.isFinite(v) && v > 0
var arrayOf = item => v => {
  if (!Array.isArray(v)) return false
  for (let i = 0; i < v.length; i++) if (!item(v[i])) return false
  return true
}
var isObject = v => v !== null && typeof v === 'object' && !Array.isArray(v)
var FAST_TASK_CHECKS = {
  id: isTaskId,
  title: isString,
  description: isNonEmptyString,
  details: isString,
  status: isStatus,
  dependencies: arrayOf(isTaskId),
  model: isNonEmptyString,
  maxTurns: isPositiveInt,
  allowedTools: arrayOf(isNonEmptyString),
  timeoutMinutes: isPositive,
  maxAttempts: isPositiveInt,
  maxBudgetUsd: isPositive,
  verify: v => isNonEmptyString(v) || (Array.isArray(v) && v.length > 0 && v.every(isNonEmptyString)),
  estimateMinutes: isPositive,
  startedAt: isStringOrNull,
  completedAt: isStringOrNull,
  outputs: arrayOf(isString),
  attempts: isNonNegativeInt,
  error: isStringOrNull,
  result: isStringOrNull,
  costUsd: isNonNegative,
  turns: isNonNegativeInt,
  durationMs: isNonNegative,
  sessionId: isStringOrNull,
  commit: isStringOrNull,
  source: isString
}
var FAST_ROOT_CHECKS = {
  $schema: isString,
  project: isNonEmptyString,
  description: isString,
  context: isString,
  status: isString,
  tasks: v =>
    Array.isArray(v) && v.every(t => fastCheckObject(t, TASK_SHAPE, FAST_TASK_CHECKS, TASK_REQUIRED)),
  logs: v => Array.isArray(v) && v.every(e => fastCheckObject(e, LOG_SHAPE, FAST_LOG_CHECKS, LOG_REQUIRED))
}
var FAST_LOG_CHECKS = {
  timestamp: isString,
  message: isString,
  level: v => v === 'info' || v === 'warning' || v === 'error',
  taskId: isString
}
var TASK_SHAPE = new Set(Object.keys(TaskSchema.shape))
var LOG_SHAPE = new Set(Object.keys(LogEntrySchema.shape))
var ROOT_SHAPE = new Set(Object.keys(TaskFileSchema.shape))
var TASK_REQUIRED = ['id', 'description']
var LOG_REQUIRED = ['timestamp', 'message']
var ROOT_REQUIRED = ['project', 'tasks']
function fastCheckObject(value, shape, checks, required) {
  if (!isObject(value)) return false
  for (let r = 0; r < required.length; r++) if (value[required[r]] === void 0) return false
  const keys = Object.keys(value)
  for (let k = 0; k < keys.length; k++) {
    const key = keys[k]
    if (!shape.has(key)) continue
    const check = checks[key]
    if (!check || !check(value[key])) return false
  }
  return true
}
function passesFastCheck(data) {
  return fastCheckObject(data, ROOT_SHAPE, FAST_ROOT_CHECKS, ROOT_REQUIRED)
}
function flattenIssues(issues, data) {
  const out = []
  for (const issue of issues) {
    if (issue.code === 'invalid_union' && issue.errors.length > 0) {
      const branches = issue.errors.map(branch =>
        branch.map(sub => ({ ...sub, path: [...issue.path, ...sub.path] }))
      )
      const typeMismatch = branch =>
        branch.every(sub => sub.code === 'invalid_type' && sub.path.length === issue.path.length)
      const best = branches.find(branch => !typeMismatch(branch))
      if (best) out.push(...flattenIssues(best, data))
      else out.push(issue)
    } else {
      out.push(issue)
    }
  }
  return out
}
function valueAt(data, path6) {
  let value = data
  for (const segment of path6) {
    if (value === null || typeof value !== 'object') return void 0
    value = value[segment]
  }
  return value
}
function describeType(value) {
  if (value === null) return 'null'
  if (Array.isArray(value)) return 'an array'
  if (typeof value === 'string') return `a string (${preview(value)})`
  if (typeof value === 'number') return `a number (${value})`
  if (typeof value === 'boolean') return `a boolean (${value})`
  if (typeof value === 'object') return 'an object'
  return typeof value
}
function preview(value) {
  return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}\u2026` : value)
}
var EXPECTED = {
  string: 'a string',
  number: 'a number',
  int: 'an integer',
  boolean: 'a boolean',
  array: 'an array',
  object: 'an object'
}
function idProblem(id) {
  if (TASK_ID_PATTERN.test(id)) return void 0
  if (id === '') return 'an id must not be empty'
  if (id.length > 64) return `an id is at most 64 characters, this one has ${id.length}`
  if (!/^[A-Za-z0-9]/.test(id)) return 'an id must start with a letter or digit'
  if (/\s/.test(id)) return 'an id must not contain spaces'
  return 'an id may only contain letters, digits, ".", "_" and "-"'
}
function issueToProblem(issue, data) {
  const path6 = issue.path.map(p => (typeof p === 'symbol' ? String(p) : p))
  const where = formatPath(path6)
  const value = valueAt(data, issue.path)
  const last = path6[path6.length - 1]
  const inTask =
    path6[0] === 'tasks' && typeof path6[1] === 'number' && path6.length > 2 && last !== 'id'
      ? taskLabel(data, path6[1])
      : ''
  switch (issue.code) {
    case 'invalid_type': {
      const expected = EXPECTED[issue.expected] ?? issue.expected
      if (value === void 0) {
        const scope = inTask || (path6.length === 1 ? ' at the top level of the file' : '')
        return ['missing-field', path6, `${where}: required field is missing${scope} (expected ${expected}).`]
      }
      if (path6.length === 2 && path6[0] === 'tasks') {
        return [
          'wrong-type',
          path6,
          `${where}: each task must be an object, but this is ${describeType(value)}.`
        ]
      }
      return [
        'wrong-type',
        path6,
        `${where}: expected ${expected}, but found ${describeType(value)}${inTask}.`
      ]
    }
    case 'invalid_value': {
      if (last === 'status' && path6[0] === 'tasks') {
        return [
          'unknown-status',
          path6,
          `${where}: unknown status ${JSON.stringify(value)}${inTask}; allowed: ${TASK_STATUSES.join(', ')}.`
        ]
      }
      const allowed = issue.values.map(v => JSON.stringify(v)).join(', ')
      return [
        'invalid-value',
        path6,
        `${where}: ${JSON.stringify(value)} is not allowed${inTask}; allowed: ${allowed}.`
      ]
    }
    case 'invalid_format': {
      if (
        typeof value === 'string' &&
        issue.format === 'regex' &&
        issue.pattern === String(TASK_ID_PATTERN)
      ) {
        const isDependency = path6.includes('dependencies')
        return [
          'invalid-id',
          path6,
          `${where}: invalid ${isDependency ? 'dependency id' : 'task id'} ${preview(value)}${inTask}: ${idProblem(value)}.`
        ]
      }
      return ['invalid-format', path6, `${where}: ${issue.message}${inTask}.`]
    }
    case 'too_small': {
      if (issue.origin === 'string') {
        const code = last === 'id' && path6[0] === 'tasks' ? 'invalid-id' : 'empty'
        return [code, path6, `${where}: must not be empty${inTask}.`]
      }
      if (issue.origin === 'array') {
        return ['empty', path6, `${where}: must have at least ${issue.minimum} item(s)${inTask}.`]
      }
      const bound = issue.inclusive ? `at least ${issue.minimum}` : `greater than ${issue.minimum}`
      return ['out-of-range', path6, `${where}: must be ${bound}, but is ${String(value)}${inTask}.`]
    }
    case 'too_big': {
      const bound = issue.inclusive ? `at most ${issue.maximum}` : `less than ${issue.maximum}`
      return ['out-of-range', path6, `${where}: must be ${bound}${inTask}.`]
    }
    case 'invalid_union':
      return ['wrong-type', path6, `${where}: ${describeType(value)} is not allowed here${inTask}.`]
    default:
      return ['invalid', path6, `${where}: ${issue.message}${inTask}.`]
  }
}
function taskLabel(data, index) {
  const id = valueAt(data, ['tasks', index, 'id'])
  return typeof id === 'string' && id !== '' ? ` in task ${preview(id)}` : ''
}
function checkSemantics(root2, add, locator) {
  const tasks = root2.tasks
  if (!Array.isArray(tasks)) return
  const indexById = /* @__PURE__ */ new Map()
  const ids = new Array(tasks.length)
  for (let i = 0; i < tasks.length; i++) {
    const task = tasks[i]
    if (task === null || typeof task !== 'object' || Array.isArray(task)) continue
    const id = task.id
    if (typeof id !== 'string' || id === '') continue
    const first = indexById.get(id)
    if (first === void 0) {
      indexById.set(id, i)
      ids[i] = id
      continue
    }
    const firstLine = locator.locate(['tasks', first]).line
    const line = locator.locate(['tasks', i]).line
    add(
      'duplicate-id',
      ['tasks', i, 'id'],
      `tasks[${i}].id: duplicate task id ${preview(id)}, used on line ${firstLine} (tasks[${first}]) and line ${line} (tasks[${i}]); ids must be unique.`
    )
  }
  const edgeStart = new Int32Array(tasks.length + 1)
  const targets = []
  for (let i = 0; i < tasks.length; i++) {
    edgeStart[i] = targets.length
    const id = ids[i]
    if (id === void 0) continue
    const deps = tasks[i].dependencies
    if (!Array.isArray(deps)) continue
    for (let d = 0; d < deps.length; d++) {
      const dep = deps[d]
      if (typeof dep !== 'string') continue
      const path6 = ['tasks', i, 'dependencies', d]
      if (dep === id) {
        add(
          'self-dependency',
          path6,
          `tasks[${i}].dependencies[${d}]: task ${preview(id)} depends on itself.`
        )
        continue
      }
      const target = indexById.get(dep)
      if (target === void 0) {
        if (TASK_ID_PATTERN.test(dep)) {
          add(
            'unknown-dependency',
            path6,
            `tasks[${i}].dependencies[${d}]: unknown task ${preview(dep)} (task ${preview(id)} depends on it).`
          )
        }
        continue
      }
      targets.push(target)
    }
  }
  edgeStart[tasks.length] = targets.length
  for (const cycle of findCycles(tasks.length, edgeStart, targets)) {
    const names = cycle.map(i => ids[i])
    const shown = [...names, names[0]].join(' \u2192 ')
    add(
      'cycle',
      ['tasks', cycle[0], 'dependencies'],
      `tasks[${cycle[0]}].dependencies: dependency cycle ${shown}; no task in it can ever start.`
    )
  }
}
function findCycles(n, edgeStart, targets) {
  const index = new Int32Array(n).fill(-1)
  const low = new Int32Array(n)
  const onStack = new Uint8Array(n)
  const component = new Int32Array(n).fill(-1)
  const stack = []
  const callStack = []
  const nextEdge = new Int32Array(n)
  let counter = 0
  let components = 0
  const cycles = []
  for (let root2 = 0; root2 < n; root2++) {
    if (index[root2] !== -1) continue
    callStack.push(root2)
    index[root2] = low[root2] = counter++
    nextEdge[root2] = edgeStart[root2]
    stack.push(root2)
    onStack[root2] = 1
    while (callStack.length > 0) {
      const v = callStack[callStack.length - 1]
      if (nextEdge[v] < edgeStart[v + 1]) {
        const w2 = targets[nextEdge[v]]
        nextEdge[v]++
        if (index[w2] === -1) {
          index[w2] = low[w2] = counter++
          nextEdge[w2] = edgeStart[w2]
          stack.push(w2)
          onStack[w2] = 1
          callStack.push(w2)
        } else if (onStack[w2]) {
          low[v] = Math.min(low[v], index[w2])
        }
        continue
      }
      callStack.pop()
      if (callStack.length > 0) {
        const parent = callStack[callStack.length - 1]
        low[parent] = Math.min(low[parent], low[v])
      }
      if (low[v] !== index[v]) continue
      const members = []
      let w
      do {
        w = stack.pop()
        onStack[w] = 0
        component[w] = components
        members.push(w)
      } while (w !== v)
      if (members.length > 1) cycles.push(cycleIn(members, components, component, edgeStart, targets))
      components++
    }
  }
  return cycles.sort((a, b) => a[0] - b[0])
}
function cycleIn(members, id, component, edgeStart, targets) {
  let start = members[0]
  for (const m of members) if (m < start) start = m
  const previous = /* @__PURE__ */ new Map([[start, -1]])
  const queue = [start]
  for (let q = 0; q < queue.length; q++) {
    const v = queue[q]
    for (let e = edgeStart[v]; e < edgeStart[v + 1]; e++) {
      const w = targets[e]
      if (component[w] !== id) continue
      if (w === start) {
        const cycle = []
        for (let x = v; x !== -1; x = previous.get(x)) cycle.push(x)
        return cycle.reverse()
      }
      if (!previous.has(w)) {
        previous.set(w, v)
        queue.push(w)
      }
    }
  }
  return members
}

// src/taskfile/document.ts
var BOM = '\uFEFF'
var TaskDocument = class _TaskDocument {
  /** The live task file; the engine mutates it in place and calls write(). */
  data
  displayPath
  formatting
  /** The text as it is on disk: the original, or what write() last wrote. */
  text
  /** Ids in the order they appear in `text`, for taskLine(). */
  textIds
  locator
  lineById
  taskIndex = /* @__PURE__ */ new Map()
  constructor(data, text, displayPath) {
    this.data = data
    this.text = text
    this.displayPath = displayPath
    this.formatting = detectFormatting(text)
    this.textIds = data.tasks.map(task => task.id)
  }
  /** Validates `text` and, if it is a valid task file, wraps it. */
  static parse(text, displayPath) {
    const body = text.startsWith(BOM) ? text.slice(1) : text
    const result = validateTaskFileText(body, displayPath)
    if (!result.ok) return result
    return { ok: true, document: new _TaskDocument(result.data, text, displayPath) }
  }
  /** Reads and validates a task file. `displayPath` is how users know it (relative to the workspace). */
  static async read(absPath, displayPath) {
    let text
    try {
      text = await readFile(absPath, 'utf8')
    } catch (error) {
      const code = error.code
      const message =
        code === 'ENOENT'
          ? `Task file not found: looked for ${displayPath} (${absPath}); create it or set the task-file input.`
          : code === 'EISDIR'
            ? `${displayPath} (${absPath}) is a directory, not a task file.`
            : `Could not read ${displayPath} (${absPath}): ${error.message}.`
      return {
        ok: false,
        problems: [{ code: code === 'ENOENT' ? 'file-missing' : 'file-unreadable', message, path: [] }]
      }
    }
    return _TaskDocument.parse(text, displayPath)
  }
  /** The text as it is on disk (the original, or the last write). */
  get originalText() {
    return this.text
  }
  /** The document as text in the file's own formatting; the original bytes when nothing changed. */
  serialize() {
    const { indent, eol, finalNewline, bom } = this.formatting
    let out = JSON.stringify(this.data, null, indent)
    if (eol === '\r\n') out = out.replace(/\n/g, '\r\n')
    out = (bom ? BOM : '') + out + (finalNewline ? eol : '')
    if (out === this.text) return out
    const body = this.text.startsWith(BOM) ? this.text.slice(1) : this.text
    if (JSON.stringify(JSON.parse(body)) === JSON.stringify(this.data)) return this.text
    return out
  }
  /** Whether the document differs from the file on disk. */
  get changed() {
    return this.serialize() !== this.text
  }
  /**
   * Writes the document atomically if it changed; returns whether anything was written. The temp file sits
   * in the same folder so the rename cannot cross file systems, and keeps the original file's mode.
   */
  async write(absPath, opts = {}) {
    const text = this.serialize()
    if (text === this.text && !opts.force) return false
    const dir = path4.dirname(absPath)
    const temp = path4.join(
      dir,
      `.${path4.basename(absPath)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`
    )
    const mode = await stat(absPath).then(
      s => s.mode & 511,
      () => 420
    )
    try {
      const handle = await open(temp, 'wx', mode)
      try {
        await handle.writeFile(text, 'utf8')
        await handle.sync()
      } finally {
        await handle.close()
      }
      await rename(temp, absPath)
    } catch (error) {
      await rm(temp, { force: true })
      throw error
    }
    try {
      const handle = await open(dir, 'r')
      try {
        await handle.sync()
      } finally {
        await handle.close()
      }
    } catch {}
    this.text = text
    this.textIds = this.data.tasks.map(task => task.id)
    this.locator = void 0
    this.lineById = void 0
    return true
  }
  /** The task with this id, or undefined. */
  task(id) {
    const tasks = this.data.tasks
    const cached = this.taskIndex.get(id)
    if (cached !== void 0 && tasks[cached]?.id === id) return tasks[cached]
    this.taskIndex = /* @__PURE__ */ new Map()
    for (let i = 0; i < tasks.length; i++)
      if (!this.taskIndex.has(tasks[i].id)) this.taskIndex.set(tasks[i].id, i)
    const index = this.taskIndex.get(id)
    return index === void 0 ? void 0 : tasks[index]
  }
  /** 1-based line of the task's object in the file on disk (for annotations); undefined if it is not there. */
  taskLine(id) {
    if (!this.lineById) {
      this.lineById = /* @__PURE__ */ new Map()
      this.textIds.forEach((taskId, i) => {
        if (!this.lineById.has(taskId)) this.lineById.set(taskId, -1 - i)
      })
    }
    const known = this.lineById.get(id)
    if (known === void 0) return void 0
    if (known > 0) return known
    const body = this.text.startsWith(BOM) ? this.text.slice(1) : this.text
    this.locator ??= new JsonLocator(body)
    const line = this.locator.locate(['tasks', -1 - known]).line
    this.lineById.set(id, line)
    return line
  }
  /** Appends an entry to `logs` (creating it if missing); the timestamp defaults to now. */
  appendLog(entry) {
    const { timestamp, message, ...rest } = entry
    const full = { timestamp: timestamp ?? /* @__PURE__ */ new Date().toISOString(), message, ...rest }
    ;(this.data.logs ??= []).push(full)
    return full
  }
}
function detectFormatting(text) {
  const bom = text.startsWith(BOM)
  const eol = /\r\n/.test(text.slice(0, text.indexOf('\n') + 1)) ? '\r\n' : '\n'
  const finalNewline = text.endsWith('\n')
  const match = /\n([ \t]+)\S/.exec(text)
  let indent = '  '
  if (match) {
    const lead = match[1]
    indent = lead.startsWith('	') ? '	' : lead
  }
  return { indent, eol, finalNewline, bom }
}

// bench/engine-overhead.bench.ts
var GOAL_MS = 50
var ROOT2 = path5.resolve(path5.dirname(fileURLToPath3(import.meta.url)), '..')
var ACTION = path5.join(ROOT2, 'dist', 'index.js')
var CLAUDE_BIN2 = path5.join(ROOT2, 'node_modules', '.bin', 'claude')
function runActionTimed(o) {
  const runner = mkdtempSync2(path5.join(o.dir, 'runner-'))
  const outputFile = path5.join(runner, 'output')
  writeFileSync2(outputFile, '')
  writeFileSync2(path5.join(runner, 'summary'), '')
  writeFileSync2(path5.join(runner, 'event.json'), '{}')
  const env = {
    PATH: process.env.PATH,
    LANG: 'C.UTF-8',
    GITHUB_ACTIONS: 'true',
    GITHUB_WORKSPACE: o.workspace,
    GITHUB_OUTPUT: outputFile,
    GITHUB_STEP_SUMMARY: path5.join(runner, 'summary'),
    GITHUB_EVENT_PATH: path5.join(runner, 'event.json'),
    GITHUB_EVENT_NAME: 'workflow_dispatch',
    GITHUB_REPOSITORY: 'bench/taskmesh',
    GITHUB_RUN_ID: `${process.pid}${Math.floor(Math.random() * 1e6)}`,
    GITHUB_SERVER_URL: 'https://github.com',
    RUNNER_TEMP: path5.join(runner, 'temp'),
    GIT_CONFIG_GLOBAL: '/dev/null',
    GIT_CONFIG_NOSYSTEM: '1',
    ...o.env
  }
  for (const [name, value] of Object.entries(o.inputs)) env[`INPUT_${name.toUpperCase()}`] = value
  return new Promise((resolve, reject) => {
    let log = ''
    const child = spawn2(process.execPath, [...(o.nodeArgs ?? []), ACTION], {
      cwd: o.workspace,
      env,
      stdio: ['ignore', 'pipe', 'pipe']
    })
    const startedAt = Date.now()
    child.stdout.on('data', b => (log += b.toString()))
    child.stderr.on('data', b => (log += b.toString()))
    const timer = setTimeout(() => child.kill('SIGKILL'), o.timeoutMs)
    child.on('error', reject)
    child.on('close', (exitCode, signal) => {
      const endedAt = Date.now()
      clearTimeout(timer)
      resolve({
        exitCode,
        signal,
        log,
        outputs: parseOutputFile(readFileSync2(outputFile, 'utf8')),
        startedAt,
        endedAt
      })
    })
  })
}
var median = xs => quantile(xs, 0.5)
function quantile(xs, q) {
  if (xs.length === 0) return NaN
  const s = [...xs].sort((a, b) => a - b)
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1))]
}
function unionLength(intervals) {
  const s = [...intervals].sort((a, b) => a.start - b.start)
  let total = 0
  let curStart = -Infinity
  let curEnd = -Infinity
  for (const i of s) {
    if (i.start > curEnd) {
      if (curEnd > curStart) total += curEnd - curStart
      curStart = i.start
      curEnd = i.end
    } else curEnd = Math.max(curEnd, i.end)
  }
  if (curEnd > curStart) total += curEnd - curStart
  return total
}
function writeTimingWrapper(file, real, log) {
  const q = s => `'${s.replace(/'/g, `'\\''`)}'`
  writeFileSync2(
    file,
    [
      '#!/bin/bash',
      's=$EPOCHREALTIME',
      `${q(real)} "$@"`,
      'rc=$?',
      'e=$EPOCHREALTIME',
      `printf '%s %s %s\\n' "$s" "$e" "$rc" >> ${q(log)}`,
      'exit $rc',
      ''
    ].join('\n')
  )
  chmodSync(file, 493)
}
function readIntervals(log) {
  if (!existsSync(log)) return []
  return readFileSync2(log, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map(line => {
      const [s, e, rc] = line.split(' ')
      return { start: Number(s) * 1e3, end: Number(e) * 1e3, exitCode: Number(rc) }
    })
    .sort((a, b) => a.start - b.start)
}
function writeGitWrapper(dir, log) {
  const realGit = spawnSync('bash', ['-c', 'command -v git'], { encoding: 'utf8' }).stdout.trim()
  const q = s => `'${s.replace(/'/g, `'\\''`)}'`
  writeFileSync2(
    path5.join(dir, 'git'),
    [
      '#!/bin/bash',
      `if [ -n "$TASKMESH_CLAUDE_RUN" ]; then exec ${q(realGit)} "$@"; fi`,
      'args=("$@"); i=0',
      // Skip the `-c key=value` pairs the action puts in front of the subcommand.
      'while [ "${args[$i]}" = "-c" ]; do i=$((i+2)); done',
      's=$EPOCHREALTIME',
      `${q(realGit)} "$@"`,
      'rc=$?',
      'e=$EPOCHREALTIME',
      `printf '%s %s %s %s\\n' "$s" "$e" "\${args[$i]}" "\${args[$((i+1))]}" >> ${q(log)}`,
      'exit $rc',
      ''
    ].join('\n')
  )
  chmodSync(path5.join(dir, 'git'), 493)
}
function readGitCalls(log) {
  if (!existsSync(log)) return []
  return readFileSync2(log, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map(line => {
      const [s, e, sub, arg] = line.split(' ')
      const name = sub === 'rev-parse' || sub === 'diff' ? `${sub} ${arg ?? ''}`.trim() : (sub ?? '?')
      return { start: Number(s) * 1e3, end: Number(e) * 1e3, name }
    })
}
var taskFile = n => `${JSON.stringify(
  {
    project: 'overhead',
    description: 'Engine overhead benchmark.',
    tasks: Array.from({ length: n }, (_, i) => ({
      id: `t${String(i + 1).padStart(2, '0')}`,
      description: `Write t${i + 1}.txt`
    }))
  },
  null,
  2
)}
`
async function startApi() {
  return startMessagesApi(ctx => {
    if (ctx.turn === 0) {
      if (!ctx.cwd) throw new Error('no working directory in the request')
      return {
        tools: [
          {
            name: 'Write',
            input: {
              file_path: path5.join(ctx.cwd, `${ctx.taskId}.txt`),
              content: `${ctx.taskId}
`
            }
          }
        ]
      }
    }
    return { text: `Wrote ${ctx.taskId}.txt` }
  })
}
async function runOnce(o) {
  const dir = mkdtempSync2(path5.join(o.top, 'run-'))
  const log = path5.join(dir, 'cli-times.log')
  const wrapper = path5.join(dir, 'claude-timed')
  writeTimingWrapper(wrapper, CLAUDE_BIN2, log)
  const home = path5.join(dir, 'home')
  mkdirSync2(home)
  const gitLog = path5.join(dir, 'git-calls.log')
  const env = {
    ANTHROPIC_BASE_URL: '',
    ANTHROPIC_API_KEY: DUMMY_API_KEY,
    CLAUDE_CODE_MAX_RETRIES: '0',
    HOME: home
  }
  if (o.profileGit) {
    const bin = path5.join(dir, 'bin')
    mkdirSync2(bin)
    writeGitWrapper(bin, gitLog)
    env.PATH = `${bin}:${process.env.PATH}`
  }
  const repo = await makeRepo({ files: { 'task.json': taskFile(o.tasks), 'README.md': '# bench\n' } })
  const api = await startApi()
  env.ANTHROPIC_BASE_URL = api.url
  try {
    const r = await runActionTimed({
      workspace: repo.work,
      dir,
      inputs: {
        'claude-path': wrapper,
        model: TEST_MODEL,
        'github-token': '',
        commit: String(o.commit),
        push: 'false',
        parallel: String(o.parallel),
        'task-timeout-minutes': '5'
      },
      env,
      timeoutMs: 30 * 6e4,
      nodeArgs: o.cpuProfDir ? ['--cpu-prof', `--cpu-prof-dir=${o.cpuProfDir}`] : []
    })
    const t0 = r.startedAt
    const t1 = r.endedAt
    const state = JSON.parse(readFileSync2(path5.join(repo.work, 'task.json'), 'utf8'))
    const notDone = state.tasks.filter(t => t.status !== 'completed')
    if (r.exitCode !== 0 || notDone.length > 0)
      throw new Error(
        `${o.label}: the run did not complete (exit ${r.exitCode}, ${notDone.length} task(s) not completed)
${r.log.slice(-3e3)}`
      )
    const cli = readIntervals(log)
    if (cli.length !== o.tasks)
      throw new Error(`${o.label}: expected ${o.tasks} CLI invocations, the wrapper saw ${cli.length}`)
    const gaps = []
    for (let i = 1; i < cli.length; i++) gaps.push(cli[i].start - cli[i - 1].end)
    const result = {
      label: o.label,
      parallel: o.parallel,
      commit: o.commit,
      tasks: o.tasks,
      wallMs: t1 - t0,
      cli,
      gaps,
      firstCliMs: cli[0].start - t0,
      afterLastCliMs: t1 - Math.max(...cli.map(c => c.end)),
      cliBusyUnionMs: unionLength(cli),
      cliSumMs: cli.reduce((s, c) => s + c.end - c.start, 0)
    }
    if (o.profileGit) result.git = readGitCalls(gitLog)
    return result
  } finally {
    await api.close()
    repo.cleanup()
    rmSync2(dir, { recursive: true, force: true })
  }
}
function wrapperCostMs(top) {
  const w = path5.join(top, 'true-timed')
  writeTimingWrapper(w, '/bin/true', path5.join(top, 'true-times.log'))
  const time = cmd => {
    const xs = []
    for (let i = 0; i < 30; i++) {
      const t = process.hrtime.bigint()
      spawnSync(cmd)
      xs.push(Number(process.hrtime.bigint() - t) / 1e6)
    }
    return median(xs)
  }
  return time(w) - time('/bin/true')
}
var args = process.argv.slice(2)
var isMain = /engine-overhead\.bench\.(ts|mjs)$/.test(process.argv[1] ?? '')
if (isMain) {
  const num = (name, dflt) => {
    const i = args.indexOf(name)
    return i === -1 ? dflt : Number(args[i + 1])
  }
  const tasks = num('--tasks', 50)
  const runs = num('--runs', 3)
  const cpuProfIndex = args.indexOf('--cpu-prof')
  const cpuProfDir = cpuProfIndex === -1 ? void 0 : path5.resolve(args[cpuProfIndex + 1] ?? 'cpu-prof')
  const profile = args.includes('--profile-git') || cpuProfDir !== void 0
  const loadStart = os.loadavg()[0].toFixed(1)
  const top = mkdtempSync2(path5.join(os.tmpdir(), 'taskmesh-bench-overhead-'))
  const results = []
  let wrapperMs = 0
  let writeMs = NaN
  try {
    wrapperMs = wrapperCostMs(top)
    const configs = [
      { label: 'parallel 1, commit: false', parallel: 1, commit: false },
      { label: 'parallel 1, commit: true (no push)', parallel: 1, commit: true },
      { label: 'parallel 4, commit: true (no push)', parallel: 4, commit: true }
    ]
    for (let r = 0; r < runs; r++)
      for (const c of configs) {
        const res = await runOnce({ ...c, tasks, top })
        results.push(res)
        console.error(
          `  ${c.label} run ${r + 1}: wall ${(res.wallMs / 1e3).toFixed(1)} s, ` +
            (c.parallel === 1
              ? `median gap ${median(res.gaps).toFixed(1)} ms`
              : `(wall \u2212 CLI busy) / task ${((res.wallMs - res.cliBusyUnionMs) / tasks).toFixed(1)} ms`)
        )
      }
    if (profile) {
      writeMs = await documentWriteMs(top, tasks)
      results.push(
        await runOnce({
          label: 'profile',
          parallel: 1,
          commit: false,
          tasks,
          top,
          profileGit: true,
          cpuProfDir
        })
      )
    }
  } finally {
    rmSync2(top, { recursive: true, force: true })
  }
  const load = `load average ${loadStart} at the start, ${os.loadavg()[0].toFixed(1)} at the end (1 min)`
  const f = x => x.toFixed(1)
  const f0 = x => x.toFixed(0)
  const range = (xs, d = f) => `${d(Math.min(...xs))}\u2013${d(Math.max(...xs))}`
  const lines = [
    `Node ${process.version}, ${os.cpus().length} \xD7 ${os.cpus()[0]?.model ?? 'cpu'}, ${claudeVersion()}, ${tasks} independent tasks, ${runs} run(s) per configuration (interleaved); ${load}.`,
    `Timing wrapper's own cost (bash start, counted as engine time): ${f(wrapperMs)} ms per invocation.`,
    ''
  ]
  const byLabel = /* @__PURE__ */ new Map()
  for (const r of results)
    if (r.label !== 'profile') byLabel.set(r.label, [...(byLabel.get(r.label) ?? []), r])
  lines.push(
    '| configuration | per-task gap median (pooled) | gap p90 (pooled) | per-run gap medians | (wall \u2212 CLI busy) / task | start \u2192 1st CLI | last CLI \u2192 exit | CLI median | wall | goal < 50 ms |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|---|'
  )
  for (const [label, rs] of byLabel) {
    const p1 = rs[0].parallel === 1
    const gaps = rs.flatMap(r => r.gaps)
    const perTask = rs.map(r => (r.wallMs - r.cliBusyUnionMs) / r.tasks)
    const cliMedian = median(rs.flatMap(r => r.cli.map(c => c.end - c.start)))
    const headline = p1 ? median(gaps) : median(perTask)
    lines.push(
      `| ${label} | ${p1 ? `**${f(median(gaps))} ms**` : '\u2014'} | ${p1 ? `${f(quantile(gaps, 0.9))} ms` : '\u2014'} | ${p1 ? `${range(rs.map(r => median(r.gaps)))} ms` : '\u2014'} | ${p1 ? '' : '**'}${f(median(perTask))} ms${p1 ? '' : '**'} (${range(perTask)}) | ${f0(median(rs.map(r => r.firstCliMs)))} ms | ${f0(median(rs.map(r => r.afterLastCliMs)))} ms | ${f0(cliMedian)} ms | ${f(median(rs.map(r => r.wallMs)) / 1e3)} s | ${headline < GOAL_MS ? '\u2705' : '\u274C'} |`
    )
  }
  const p4 = byLabel.get('parallel 4, commit: true (no push)')
  if (p4) {
    const conc = p4.map(r => r.cliSumMs / r.wallMs)
    lines.push('', `parallel 4: mean number of CLIs running ${range(conc, x => x.toFixed(2))} (of 4).`)
  }
  const prof = results.find(r => r.label === 'profile')
  if (prof?.git)
    lines.push(
      '',
      ...profileReport(prof, prof.git),
      '',
      `One atomic write of task.json (TaskDocument.write: temp file, fsync, rename, fsync of the folder; done twice per task): median ${f(writeMs)} ms.`
    )
  console.log(lines.join('\n'))
}
function profileReport(r, calls) {
  const perGap = []
  const byName = /* @__PURE__ */ new Map()
  for (let i = 1; i < r.cli.length; i++) {
    const from = r.cli[i - 1].end
    const to = r.cli[i].start
    const inside = calls.filter(c => c.start >= from && c.end <= to)
    perGap.push({
      gap: to - from,
      git: inside.reduce((s, c) => s + c.end - c.start, 0),
      calls: inside.length
    })
    for (const c of inside) {
      const e = byName.get(c.name) ?? { n: 0, ms: [] }
      e.n++
      e.ms.push(c.end - c.start)
      byName.set(c.name, e)
    }
  }
  const gaps = r.gaps.length
  const f = x => x.toFixed(1)
  return [
    `Profile (one more parallel 1, commit: false run, git wrapped on PATH, which adds about a bash start to every git call):`,
    `median gap ${f(median(perGap.map(g => g.gap)))} ms, of which git ${f(median(perGap.map(g => g.git)))} ms in ${median(perGap.map(g => g.calls))} calls; rest (Node, file writes, spawning the CLI) ${f(median(perGap.map(g => g.gap - g.git)))} ms. ${calls.length} git calls in the whole run.`,
    '',
    '| git command (per gap between two CLIs) | calls per gap | median ms per call | ms per gap |',
    '|---|---:|---:|---:|',
    ...[...byName.entries()]
      .sort((a, b) => b[1].ms.reduce((x, y) => x + y, 0) - a[1].ms.reduce((x, y) => x + y, 0))
      .map(
        ([k, v]) =>
          `| \`git ${k}\` | ${f(v.n / gaps)} | ${f(median(v.ms))} | ${f(v.ms.reduce((x, y) => x + y, 0) / gaps)} |`
      )
  ]
}
async function documentWriteMs(top, tasks) {
  const file = path5.join(top, 'write-bench', 'task.json')
  mkdirSync2(path5.dirname(file), { recursive: true })
  writeFileSync2(file, taskFile(tasks))
  const parsed = TaskDocument.parse(readFileSync2(file, 'utf8'), 'task.json')
  if (!parsed.ok) throw new Error('benchmark task file is invalid')
  const xs = []
  for (let i = 0; i < 30; i++) {
    parsed.document.appendLog({ message: `write ${i}` })
    const t = process.hrtime.bigint()
    await parsed.document.write(file)
    xs.push(Number(process.hrtime.bigint() - t) / 1e6)
  }
  return median(xs)
}
function claudeVersion() {
  const r = spawnSync(CLAUDE_BIN2, ['--version'], { encoding: 'utf8' })
  return `Claude Code ${r.stdout.trim().split(' ')[0] ?? '?'}`
}
export {
  ACTION,
  CLAUDE_BIN2 as CLAUDE_BIN,
  ROOT2 as ROOT,
  median,
  quantile,
  readIntervals,
  runActionTimed,
  unionLength,
  writeTimingWrapper
}
