import { describe, expect, it } from 'vitest'
import {
  findSyntaxError,
  formatPath,
  JsonLocator,
  LineIndex,
  lineColumnAt,
  locate
} from '../../src/taskfile/locate.js'

const text = `{
  "project": "demo",
  "tasks": [
    {
      "id": "a",
      "description": "say \\"hi\\" [not a bracket] {",
      "dependencies": []
    },
    { "id": "b", "description": "x", "dependencies": ["a", "c"] }
  ],
  "we\\u0069rd key": { "nested": [1, [2, 3], {"x": null}] }
}
`

describe('lineColumnAt and LineIndex', () => {
  it('gives 1-based line and column', () => {
    expect(lineColumnAt('ab\ncd', 0)).toEqual({ line: 1, column: 1 })
    expect(lineColumnAt('ab\ncd', 3)).toEqual({ line: 2, column: 1 })
    expect(lineColumnAt('ab\ncd', 4)).toEqual({ line: 2, column: 2 })
    expect(lineColumnAt('ab\ncd', 99)).toEqual({ line: 2, column: 3 })
  })

  it('agrees with lineColumnAt at every offset', () => {
    const index = new LineIndex(text)
    for (let i = 0; i <= text.length; i++) expect(index.at(i)).toEqual(lineColumnAt(text, i))
  })
})

describe('JsonLocator', () => {
  it('finds values by path, skipping strings with brackets and escaped quotes', () => {
    const locator = new JsonLocator(text)
    expect(locator.locate([])).toMatchObject({ line: 1, column: 1, exact: true })
    expect(locator.locate(['project'])).toMatchObject({ line: 2, column: 14, exact: true })
    expect(locator.locate(['tasks', 0])).toMatchObject({ line: 4, column: 5 })
    expect(locator.locate(['tasks', 0, 'dependencies'])).toMatchObject({ line: 7, column: 23 })
    expect(locator.locate(['tasks', 1])).toMatchObject({ line: 9, column: 5 })
    expect(locator.locate(['tasks', 1, 'dependencies', 1])).toMatchObject({ line: 9, column: 60 })
    expect(text.slice(locator.offsetOf(['tasks', 1, 'dependencies', 1]).offset).startsWith('"c"')).toBe(true)
  })

  it('decodes escaped keys and walks nested arrays', () => {
    const locator = new JsonLocator(text)
    const at = locator.offsetOf(['weird key', 'nested', 2, 'x'])
    expect(at.exact).toBe(true)
    expect(text.slice(at.offset, at.offset + 4)).toBe('null')
    expect(text.slice(locator.offsetOf(['weird key', 'nested', 1, 1]).offset)[0]).toBe('3')
  })

  it('falls back to the deepest existing ancestor for a missing path', () => {
    const at = locate(text, ['tasks', 1, 'title'])
    expect(at).toMatchObject({ line: 9, column: 5, exact: false })
    expect(locate(text, ['tasks', 7, 'id'])).toMatchObject({ line: 3, column: 12, exact: false })
    expect(locate(text, ['project', 'x'])).toMatchObject({ line: 2, exact: false })
  })

  it('uses the last of duplicate keys, as JSON.parse does', () => {
    expect(locate('{"a": 1, "a": 2}', ['a']).column).toBe(15)
  })

  it('locates every task of a large file (a quadratic scan would hit the test timeout)', () => {
    const tasks = Array.from({ length: 50_000 }, (_, i) => ({ id: `t${i}`, description: 'x'.repeat(20) }))
    const big = JSON.stringify({ project: 'p', tasks }, null, 2)
    const locator = new JsonLocator(big)
    for (let i = 0; i < tasks.length; i++) locator.locate(['tasks', i, 'id'])
    expect(locator.locate(['tasks', 49_999, 'id']).line).toBe(3 + 49_999 * 4 + 2)
  })
})

describe('findSyntaxError', () => {
  it('returns undefined for valid JSON', () => {
    for (const ok of ['{}', '[]', ' 1 ', '"a\\u00e9"', '{"a":[1,-2.5e3,true,false,null,{"b":[]}]}']) {
      expect(findSyntaxError(ok)).toBeUndefined()
    }
  })

  it.each([
    ['{"a": 1,}', 1, 9, 'trailing comma'],
    ['[1,\n2,,3]', 2, 3, 'where a value was expected'],
    ["{'a': 1}", 1, 2, 'single quotes'],
    ['{"a": [1, 2', 1, 12, 'truncated'],
    ['{"a" 1}', 1, 6, 'expected ":"'],
    ['{"a": tru}', 1, 7, 'unexpected "t"'],
    ['"abc', 1, 1, 'never closed'],
    ['{"a": "x\ny"}', 1, 9, 'control character'],
    ['{} {}', 1, 4, 'after the end'],
    ['{"a": "\\q"}', 1, 8, 'invalid escape']
  ])('%j fails at %i:%i (%s)', (input, line, column, reason) => {
    expect(() => JSON.parse(input)).toThrow()
    const found = findSyntaxError(input)
    expect(found).toMatchObject({ line, column })
    expect(found?.reason).toContain(reason)
  })

  it('handles deep nesting without recursion', () => {
    const deep = '['.repeat(100_000) + ']'.repeat(99_999)
    expect(findSyntaxError(deep)?.reason).toContain('truncated')
  })
})

describe('formatPath', () => {
  it('prints JSON paths as people write them', () => {
    expect(formatPath(['tasks', 3, 'description'])).toBe('tasks[3].description')
    expect(formatPath(['tasks', 0, 'my key'])).toBe('tasks[0]["my key"]')
    expect(formatPath([])).toBe('(root)')
  })
})
