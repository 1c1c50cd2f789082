// Every malformed fixture must produce its expected messages (at the expected lines) and stay byte-identical:
// a bad file is reported, never touched.
import { readdirSync, readFileSync } from 'node:fs'
import { mkdtemp, readFile, rm, copyFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { TaskDocument } from '../../src/taskfile/document.js'

const dir = path.join(import.meta.dirname, '../fixtures/malformed')
const expected = JSON.parse(readFileSync(path.join(dir, 'expected.json'), 'utf8')) as Record<
  string,
  { messages: string[]; lines?: number[] }
>
const files = readdirSync(dir).filter(f => f !== 'expected.json' && f.endsWith('.json'))
const work = await mkdtemp(path.join(os.tmpdir(), 'taskmesh-malformed-'))
afterAll(() => rm(work, { recursive: true, force: true }))

describe('malformed task files', () => {
  it('has at least 25 fixtures, each with expectations', () => {
    expect(files.length).toBeGreaterThanOrEqual(25)
    expect(Object.keys(expected).sort()).toEqual([...files].sort())
  })

  it.each(files)('%s is rejected with the expected messages and left byte-identical', async file => {
    const copy = path.join(work, file)
    await copyFile(path.join(dir, file), copy)
    const before = await readFile(copy)
    const result = await TaskDocument.read(copy, `fixtures/${file}`)
    expect(result.ok).toBe(false)
    if (result.ok) return
    const messages = result.problems.map(p => p.message)
    for (const wanted of expected[file]!.messages) {
      expect(
        messages.some(m => m.includes(wanted)),
        `${wanted}\n  not in:\n  ${messages.join('\n  ')}`
      ).toBe(true)
    }
    if (expected[file]!.lines) expect(result.problems.map(p => p.line)).toEqual(expected[file]!.lines)
    for (const problem of result.problems) {
      expect(problem.line).toBeGreaterThanOrEqual(1)
      // One sentence each: no line breaks in a message.
      expect(problem.message).not.toMatch(/\n/)
    }
    expect((await readFile(copy)).equals(before)).toBe(true)
  })
})
