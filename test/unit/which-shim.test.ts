import { spawnSync } from 'node:child_process'
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { whichSync } from '../../scripts/shims/which.mjs'

const dir = mkdtempSync(path.join(os.tmpdir(), 'taskmesh-which-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

/** What the sandbox runtime's own whichSync returns under Node: the output of `which <bin>`, or null. */
function whichCommand(bin: string): string | null {
  const r = spawnSync('which', [bin], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] })
  return r.status === 0 && r.stdout ? r.stdout.trim() : null
}

describe("the in-process stand-in for the sandbox runtime's whichSync", () => {
  it('finds what `which` finds, and nothing where it finds nothing', () => {
    writeFileSync(path.join(dir, 'not-executable'), 'data\n')
    writeFileSync(path.join(dir, 'tool'), '#!/bin/sh\n')
    chmodSync(path.join(dir, 'tool'), 0o755)
    const saved = process.env.PATH
    // A folder without the program first, then one with a plain file of that name, then the real one.
    process.env.PATH = [path.join(dir, 'missing'), dir, saved].join(path.delimiter)
    try {
      const names = ['sh', 'bash', 'env', 'tool', 'not-executable', 'no-such-program-here', '/bin/sh', dir]
      for (const name of names) expect(whichSync(name), name).toBe(whichCommand(name))
      expect(whichSync('tool')).toBe(path.join(dir, 'tool'))
      expect(whichSync('no-such-program-here')).toBeNull()
    } finally {
      process.env.PATH = saved
    }
  })

  it('names a program found through an empty or slash-ended PATH entry as `which` does', () => {
    writeFileSync(path.join(dir, 'here-only'), '#!/bin/sh\n')
    chmodSync(path.join(dir, 'here-only'), 0o755)
    const [savedPath, savedCwd] = [process.env.PATH, process.cwd()]
    process.chdir(dir)
    try {
      for (const entries of [
        ['', savedPath],
        [`${dir}/`, savedPath],
        [`${dir}//`, savedPath]
      ]) {
        process.env.PATH = entries.join(path.delimiter)
        for (const name of ['here-only', 'sh'])
          expect(whichSync(name), `${name} in ${process.env.PATH}`).toBe(whichCommand(name))
      }
      process.env.PATH = ['', savedPath].join(path.delimiter)
      expect(whichSync('here-only')).toBe('./here-only')
    } finally {
      process.chdir(savedCwd)
      process.env.PATH = savedPath
    }
  })
})
