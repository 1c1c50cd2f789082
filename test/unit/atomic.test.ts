import {
  lstatSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync
} from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { writeFileAtomic } from '../../src/taskfile/atomic.js'
// @ts-expect-error: a plain ES module of the build, without types
import { randomUUID } from '../../scripts/shims/core-delimiter.mjs'

const dirs: string[] = []
const tempDir = () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'taskmesh-atomic-'))
  dirs.push(dir)
  return dir
}
afterEach(() => {
  vi.restoreAllMocks()
  dirs.splice(0).forEach(d => rmSync(d, { recursive: true, force: true }))
})

describe('writeFileAtomic', () => {
  it('replaces the file whole, keeps its mode, and leaves no temp file', async () => {
    const dir = tempDir()
    const file = path.join(dir, 'task.json')
    writeFileSync(file, 'old', { mode: 0o600 })
    await writeFileAtomic(file, '{"tasks":[]}\n')
    expect(readFileSync(file, 'utf8')).toBe('{"tasks":[]}\n')
    expect(lstatSync(file).mode & 0o777).toBe(0o600)
    expect(readdirSync(dir)).toEqual(['task.json'])
  })

  it('replaces a symlink instead of writing through it', async () => {
    const dir = tempDir()
    const target = path.join(dir, 'elsewhere.json')
    writeFileSync(target, 'untouched')
    const file = path.join(dir, 'task.json')
    symlinkSync(target, file)
    await writeFileAtomic(file, 'new')
    expect(lstatSync(file).isSymbolicLink()).toBe(false)
    expect(readFileSync(file, 'utf8')).toBe('new')
    expect(readFileSync(target, 'utf8')).toBe('untouched')
  })

  it('skips a temp name a killed process left behind, and leaves that file alone', async () => {
    const dir = tempDir()
    const file = path.join(dir, 'task.json')
    writeFileSync(file, 'old')
    vi.spyOn(Date, 'now').mockReturnValue(36 ** 3)
    // The names this process would try next: its pid, the clock, a counter that only grows.
    const taken = Array.from({ length: 50 }, (_, i) => `.task.json.${process.pid}.1000-${i}.tmp`)
    for (const name of taken) writeFileSync(path.join(dir, name), 'stale')
    await writeFileAtomic(file, 'new')
    expect(readFileSync(file, 'utf8')).toBe('new')
    expect(readdirSync(dir).sort()).toEqual([...taken, 'task.json'].sort())
    for (const name of taken) expect(readFileSync(path.join(dir, name), 'utf8')).toBe('stale')
  })

  it('gives up with EEXIST after 100 taken names, leaving the file and every taken name as they were', async () => {
    const dir = tempDir()
    const file = path.join(dir, 'task.json')
    writeFileSync(file, 'old')
    vi.spyOn(Date, 'now').mockReturnValue(36 ** 4)
    // More names than any earlier test of this file could have counted past, all taken.
    const taken = Array.from({ length: 1000 }, (_, i) => `.task.json.${process.pid}.10000-${i}.tmp`)
    for (const name of taken) writeFileSync(path.join(dir, name), 'stale')
    await expect(writeFileAtomic(file, 'new')).rejects.toThrow(/EEXIST/)
    expect(readFileSync(file, 'utf8')).toBe('old')
    expect(readdirSync(dir).length).toBe(taken.length + 1)
  })

  it('fails with the reason when the folder cannot be written, changing nothing', async () => {
    const dir = tempDir()
    await expect(writeFileAtomic(path.join(dir, 'missing', 'task.json'), 'x')).rejects.toThrow(/ENOENT/)
    expect(readdirSync(dir)).toEqual([])
  })
})

describe("the build's stand-in for node:crypto in @actions/core's file commands", () => {
  it('makes version-4 UUIDs, a new one every time', () => {
    const ids = Array.from({ length: 1000 }, () => randomUUID() as string)
    for (const id of ids)
      expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/)
    expect(new Set(ids).size).toBe(ids.length)
  })
})
