/**
 * Where things are in the original task.json text: JSON path → line and column, offsets → line and column,
 * and the position of a syntax error.
 *
 * JSON.parse gives us values but no positions, so this module re-reads the text. It never builds a full
 * position tree: a container is scanned (shallowly: its children's start offsets, nested values skipped) only
 * when a path goes through it, and the scan is cached. Locating every task in a 100,000-task file therefore
 * costs one pass over the tasks array plus one pass over each task that is asked about.
 */

export type JsonPath = readonly (string | number)[]

export interface LineColumn {
  /** 1-based. */
  line: number
  /** 1-based, in UTF-16 code units. */
  column: number
}

export interface Location extends LineColumn {
  offset: number
  /** False when the path does not exist; the location is then the deepest ancestor that does. */
  exact: boolean
}

/** Line and column of an offset. Linear in the offset; use LineIndex for many look-ups in one text. */
export function lineColumnAt(text: string, offset: number): LineColumn {
  const end = Math.max(0, Math.min(offset, text.length))
  let line = 1
  let lineStart = 0
  for (let i = text.indexOf('\n'); i !== -1 && i < end; i = text.indexOf('\n', i + 1)) {
    line++
    lineStart = i + 1
  }
  return { line, column: end - lineStart + 1 }
}

/** Line starts computed once, then each look-up is a binary search. */
export class LineIndex {
  private starts: number[] | undefined

  constructor(private readonly text: string) {}

  at(offset: number): LineColumn {
    const starts = (this.starts ??= lineStarts(this.text))
    const end = Math.max(0, Math.min(offset, this.text.length))
    let lo = 0
    let hi = starts.length - 1
    while (lo < hi) {
      const mid = (lo + hi + 1) >>> 1
      if (starts[mid]! <= end) lo = mid
      else hi = mid - 1
    }
    return { line: lo + 1, column: end - starts[lo]! + 1 }
  }
}

function lineStarts(text: string): number[] {
  const starts = [0]
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1)
  return starts
}

/** `tasks[3].description`; keys that are not plain identifiers are quoted: `tasks[0]["my key"]`. */
export function formatPath(path: JsonPath): string {
  let out = ''
  for (const segment of path) {
    if (typeof segment === 'number') out += `[${segment}]`
    else if (/^[A-Za-z_$][A-Za-z0-9_$]*$/.test(segment)) out += out === '' ? segment : `.${segment}`
    else out += `[${JSON.stringify(segment)}]`
  }
  return out === '' ? '(root)' : out
}

const SPACE = 0x20
const TAB = 0x09
const LF = 0x0a
const CR = 0x0d
const QUOTE = 0x22
const BACKSLASH = 0x5c
const COMMA = 0x2c
const COLON = 0x3a
const OPEN_BRACE = 0x7b
const CLOSE_BRACE = 0x7d
const OPEN_BRACKET = 0x5b
const CLOSE_BRACKET = 0x5d

function isSpace(c: number): boolean {
  return c === SPACE || c === LF || c === CR || c === TAB
}

type Children = Map<string, number> | number[]

/**
 * Locates JSON paths in one (valid JSON) text. Keep one per text and ask it many times: container scans are
 * cached, so the total cost stays linear in the text however many paths are asked for.
 */
export class JsonLocator {
  private readonly scanned = new Map<number, Children>()
  private readonly lines: LineIndex

  constructor(readonly text: string) {
    this.lines = new LineIndex(text)
  }

  /** Start offset of the value at `path`, or of its deepest existing ancestor. */
  offsetOf(path: JsonPath): { offset: number; exact: boolean } {
    let offset = this.skipSpace(0)
    for (const segment of path) {
      const children = this.children(offset)
      const next =
        children === undefined
          ? undefined
          : Array.isArray(children)
            ? typeof segment === 'number'
              ? children[segment]
              : undefined
            : children.get(String(segment))
      if (next === undefined) return { offset, exact: false }
      offset = next
    }
    return { offset, exact: true }
  }

  locate(path: JsonPath): Location {
    const { offset, exact } = this.offsetOf(path)
    return { ...this.lines.at(offset), offset, exact }
  }

  lineColumn(offset: number): LineColumn {
    return this.lines.at(offset)
  }

  private skipSpace(i: number): number {
    const text = this.text
    while (i < text.length && isSpace(text.charCodeAt(i))) i++
    return i
  }

  /** Offset just after the string that starts at `i` (an opening quote). */
  private skipString(i: number): number {
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
  private skipValue(i: number): number {
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
  private children(offset: number): Children | undefined {
    const cached = this.scanned.get(offset)
    if (cached) return cached
    const text = this.text
    const open = text.charCodeAt(offset)
    if (open !== OPEN_BRACE && open !== OPEN_BRACKET) return undefined
    const isObject = open === OPEN_BRACE
    const keys = new Map<string, number>()
    const items: number[] = []
    let i = this.skipSpace(offset + 1)
    while (i < text.length) {
      const c = text.charCodeAt(i)
      if (c === CLOSE_BRACE || c === CLOSE_BRACKET) break
      if (isObject) {
        if (c !== QUOTE) break
        const end = this.skipString(i)
        const raw = text.slice(i + 1, end - 1)
        const key = raw.includes('\\') ? (JSON.parse(text.slice(i, end)) as string) : raw
        i = this.skipSpace(end)
        if (text.charCodeAt(i) !== COLON) break
        i = this.skipSpace(i + 1)
        // The last duplicate key wins, as with JSON.parse.
        keys.set(key, i)
      } else {
        items.push(i)
      }
      i = this.skipSpace(this.skipValue(i))
      if (text.charCodeAt(i) !== COMMA) break
      i = this.skipSpace(i + 1)
    }
    const children: Children = isObject ? keys : items
    this.scanned.set(offset, children)
    return children
  }
}

/** Line and column of the value at `path` in `text` (or of its deepest existing ancestor). */
export function locate(text: string, path: JsonPath): Location {
  return new JsonLocator(text).locate(path)
}

export interface SyntaxErrorInfo {
  offset: number
  line: number
  column: number
  /** What is wrong, in words, without the position. */
  reason: string
}

/**
 * Finds the first JSON syntax error in `text` and says what it is. JSON.parse's messages only sometimes carry
 * a position ("Unexpected token" and "Unexpected end" do not), so this reads the text itself; it is only run
 * once JSON.parse has already failed. Iterative, so deep nesting cannot overflow the stack.
 */
export function findSyntaxError(text: string): SyntaxErrorInfo | undefined {
  const fail = (offset: number, reason: string): SyntaxErrorInfo => ({
    offset,
    ...lineColumnAt(text, offset),
    reason
  })
  const describe = (i: number): string =>
    i >= text.length ? 'the end of the file' : `${JSON.stringify(text[i])}`
  const n = text.length
  const stack: number[] = []
  let i = 0
  const space = () => {
    while (i < n && isSpace(text.charCodeAt(i))) i++
  }
  const string = (): SyntaxErrorInfo | undefined => {
    const start = i
    i++
    while (i < n) {
      const c = text.charCodeAt(i)
      if (c === QUOTE) {
        i++
        return undefined
      }
      if (c < 0x20) return fail(i, 'a string contains a raw control character (line break or tab); escape it')
      if (c === BACKSLASH) {
        const e = text[i + 1]
        if (e === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6)))
            return fail(i, 'invalid \\u escape in a string')
          i += 6
          continue
        }
        if (e === undefined || !'"\\/bfnrt'.includes(e))
          return fail(i, `invalid escape "\\${e ?? ''}" in a string`)
        i += 2
        continue
      }
      i++
    }
    return fail(start, 'a string is never closed (missing ")')
  }
  // Parses one value; containers push onto the stack and return so the loop below continues inside them.
  const value = (): SyntaxErrorInfo | 'open' | undefined => {
    space()
    if (i >= n) return fail(i, 'the file ends where a value was expected (is it truncated?)')
    const c = text[i]!
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
        return undefined
      }
    }
    return fail(i, `unexpected ${describe(i)} where a value was expected`)
  }
  // After a value inside a container: expect , or the closer. `first` means right after the opener.
  let first = false
  let result = value()
  if (result !== undefined && result !== 'open') return result
  first = result === 'open'
  while (stack.length > 0) {
    const top = stack[stack.length - 1]!
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
    else if (result !== undefined) return result
  }
  space()
  if (i < n) return fail(i, `unexpected ${describe(i)} after the end of the JSON value`)
  return undefined
}
