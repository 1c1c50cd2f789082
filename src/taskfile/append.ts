/**
 * Appending to a task file as text: new tasks go in front of the `tasks` array's closing bracket, a log
 * entry in front of the `logs` array's (or a new `logs` key in front of the root's closing brace). Every
 * byte before and after those points is kept, so existing tasks stay exactly as their author wrote them,
 * whatever the layout (compact arrays, `1.0`, escapes) — a re-serialization of the whole document would not
 * promise that.
 */
import { detectFormatting } from './document.js'
import { JsonLocator, type JsonPath } from './locate.js'

const BOM = '\uFEFF'

export class AppendError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'AppendError'
  }
}

/**
 * The text of `text` (a valid task file) with `tasks` appended to its `tasks` array and `log` to its `logs`
 * array (created when missing). Verifies the result: it parses to the old document plus the additions, and
 * the text of every existing task is unchanged.
 */
export function appendToTaskFileText(
  text: string,
  tasks: readonly Record<string, unknown>[],
  log?: Record<string, unknown>,
  /** Where the tasks array is: `['tasks']`, or a Task Master tag's `['master', 'tasks']`. */
  at: JsonPath = ['tasks']
): string {
  const bom = text.startsWith(BOM) ? BOM : ''
  const body = bom ? text.slice(1) : text
  const { indent, eol } = detectFormatting(body)
  const locator = new JsonLocator(body)
  const root = locator.offsetOf([])
  const tasksAt = locator.offsetOf(at)
  if (!tasksAt.exact || body[tasksAt.offset] !== '[')
    throw new AppendError(`the task file has no "${at.join('.')}" array to append to`)

  // Insertions, applied from the end of the text so earlier offsets stay valid.
  const edits: { at: number; end: number; text: string }[] = []
  if (tasks.length > 0) edits.push(arrayInsertion(body, tasksAt.offset, tasks, indent, eol))
  if (log) {
    const logsAt = locator.offsetOf(['logs'])
    if (logsAt.exact && body[logsAt.offset] === '[')
      edits.push(arrayInsertion(body, logsAt.offset, [log], indent, eol))
    else if (logsAt.exact) throw new AppendError('"logs" in the task file is not an array')
    else {
      const close = closingBracket(body, root.offset)
      const keyIndent = lineIndent(body, tasksAt.offset)
      const value = reindent(JSON.stringify([log], null, indent), keyIndent, eol)
      const after = lastValueEnd(body, close)
      edits.push({ at: after, end: after, text: `,${eol}${keyIndent}"logs": ${value}` })
    }
  }
  let out = body
  for (const e of edits.sort((a, b) => b.at - a.at)) out = out.slice(0, e.at) + e.text + out.slice(e.end)

  verify(body, out, tasks, log, at)
  return bom + out
}

/** Items appended to the array starting at `open`: after its last item, or in place of `[ ]`'s blank. */
function arrayInsertion(
  body: string,
  open: number,
  items: readonly unknown[],
  indent: string,
  eol: string
): { at: number; end: number; text: string } {
  const close = closingBracket(body, open)
  const end = lastValueEnd(body, close)
  const empty = end === open + 1
  const keyIndent = lineIndent(body, open)
  // Items line up with the existing last item when it starts its own line, else one level below the key.
  let itemIndent = keyIndent + indent
  if (!empty) {
    const lastStart = lastItemStart(body, open)
    if (lastStart !== undefined && startsLine(body, lastStart)) itemIndent = lineIndent(body, lastStart)
  }
  const rendered = items.map(item => reindent(JSON.stringify(item, null, indent), itemIndent, eol))
  const joined = rendered.join(`,${eol}${itemIndent}`)
  if (empty) {
    // `[]` or `[   ]`: replace the blank inside with the items, and close on the key's indentation.
    return { at: open + 1, end: close, text: `${eol}${itemIndent}${joined}${eol}${keyIndent}` }
  }
  return { at: end, end, text: `,${eol}${itemIndent}${joined}` }
}

/** Every line after the first gets `prefix` in front. */
function reindent(json: string, prefix: string, eol: string): string {
  return json.replace(/\n/g, eol + prefix)
}

/** The whitespace at the start of the line holding `offset`. */
function lineIndent(body: string, offset: number): string {
  const start = body.lastIndexOf('\n', offset - 1) + 1
  return /^[ \t]*/.exec(body.slice(start, offset))![0]
}

function startsLine(body: string, offset: number): boolean {
  const start = body.lastIndexOf('\n', offset - 1) + 1
  return /^[ \t]*$/.test(body.slice(start, offset))
}

/** Offset just after the last non-blank character before `close`. */
function lastValueEnd(body: string, close: number): number {
  let i = close
  while (i > 0 && /\s/.test(body[i - 1]!)) i--
  return i
}

/** Offset of the bracket or brace closing the container that opens at `open` (strings skipped). */
function closingBracket(body: string, open: number): number {
  let depth = 0
  for (let i = open; i < body.length; i++) {
    const c = body[i]
    if (c === '"') {
      i = stringEnd(body, i) - 1
      continue
    }
    if (c === '{' || c === '[') depth++
    else if (c === '}' || c === ']') {
      depth--
      if (depth === 0) return i
    }
  }
  throw new AppendError('unbalanced brackets in the task file')
}

/** Offset just after the string opening at `i`. */
function stringEnd(body: string, i: number): number {
  for (let j = i + 1; j < body.length; j++) {
    if (body[j] === '\\') j++
    else if (body[j] === '"') return j + 1
  }
  return body.length
}

/** Start offset of the last item of the array opening at `open`, undefined when it is empty. */
function lastItemStart(body: string, open: number): number | undefined {
  const skip = (i: number) => {
    while (i < body.length && /\s/.test(body[i]!)) i++
    return i
  }
  let last: number | undefined
  let i = skip(open + 1)
  while (i < body.length && body[i] !== ']') {
    last = i
    const c = body[i]
    if (c === '"') i = stringEnd(body, i)
    else if (c === '{' || c === '[') i = closingBracket(body, i) + 1
    else while (i < body.length && !/[\s,\]}]/.test(body[i]!)) i++
    i = skip(i)
    if (body[i] === ',') i = skip(i + 1)
  }
  return last
}

function verify(
  before: string,
  after: string,
  tasks: readonly Record<string, unknown>[],
  log: Record<string, unknown> | undefined,
  at: JsonPath
): void {
  const old = JSON.parse(before) as Record<string, unknown> & { logs?: unknown[] }
  let parsed: unknown
  try {
    parsed = JSON.parse(after)
  } catch (e) {
    throw new AppendError(`internal: appending produced invalid JSON (${(e as Error).message})`)
  }
  // What `after` must be: `before` with the tasks added at `at` (a copy: `old` stays as it was).
  const expected = JSON.parse(before) as Record<string, unknown> & { logs?: unknown[] }
  let parent = expected as Record<string | number, unknown>
  for (const key of at.slice(0, -1)) parent = parent[key] as Record<string | number, unknown>
  const key = at[at.length - 1]!
  const oldTasks = parent[key] as unknown[]
  parent[key] = [...oldTasks, ...tasks]
  if (log) expected.logs = [...(old.logs ?? []), log]
  if (JSON.stringify(parsed) !== JSON.stringify(expected))
    throw new AppendError('internal: the appended task file does not hold what was appended')
  // The existing tasks' text, byte for byte.
  const a = new JsonLocator(before)
  const b = new JsonLocator(after)
  const n = oldTasks.length
  if (n === 0) return
  const first = a.offsetOf([...at, 0]).offset
  const lastEndBefore = lastValueEnd(before, closingBracket(before, a.offsetOf(at).offset))
  const firstAfter = b.offsetOf([...at, 0]).offset
  const span = before.slice(first, lastEndBefore)
  if (after.slice(firstAfter, firstAfter + span.length) !== span)
    throw new AppendError('internal: appending would change the text of existing tasks')
}
