import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import os from 'node:os'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { mergeStartupChunks } from '../../scripts/startup-chunk.mjs'

const dir = mkdtempSync(path.join(os.tmpdir(), 'taskmesh-startup-chunk-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

// A small dist/ in the shape the build writes: each file records when its body runs.
const ran = (name: string) => `globalThis.__ran.push(${JSON.stringify(name)});\n`
const files = new Map<string, string>([
  [
    'index.js',
    `"use strict";\n${ran('index')}var import_a = require("./chunks/chunk-a.js");\nvar import_c = require("./chunks/chunk-c.js");\n` +
      'module.exports = { a: import_a, c: import_c, mode: () => require("./chunks/mode.js") };\n'
  ],
  [
    'chunks/chunk-a.js',
    `"use strict";\n${ran('a')}var import_b = require("./chunk-b.js");\nclass Shared {}\nmodule.exports = { Shared, b: import_b, dir: __dirname };\n`
  ],
  ['chunks/chunk-b.js', `"use strict";\n${ran('b')}module.exports = { value: 42 };\n`],
  [
    'chunks/chunk-c.js',
    `"use strict";\n${ran('c')}var import_b = require("./chunk-b.js");\nmodule.exports = { b: import_b };\n`
  ],
  [
    'chunks/mode.js',
    `"use strict";\n${ran('mode')}var import_a = require("./chunk-a.js");\nmodule.exports = { a: import_a };\n`
  ],
  [
    'cli.js',
    `"use strict";\n${ran('cli')}var import_b = require("./chunks/chunk-b.js");\nmodule.exports = { b: import_b };\n`
  ]
])

describe('the startup chunk (the chunks the entry requires, in one file)', () => {
  const merged = mergeStartupChunks(files, 'index.js', 'chunks/startup.js')
  const out = path.join(dir, 'dist')
  for (const [name, code] of merged) {
    mkdirSync(path.dirname(path.join(out, name)), { recursive: true })
    writeFileSync(path.join(out, name), code)
  }
  const req = createRequire(path.join(out, 'x.js'))

  it('replaces exactly the statically required chunks, and leaves the rest as files', () => {
    expect([...merged.keys()].sort()).toEqual(['chunks/mode.js', 'chunks/startup.js', 'cli.js', 'index.js'])
  })

  it('runs each chunk once, in require order, and every file gets the same module', () => {
    const g = globalThis as { __ran?: string[] }
    g.__ran = []
    const index = req('./index.js')
    expect(g.__ran).toEqual(['index', 'a', 'b', 'c'])
    expect(index.c.b).toBe(index.a.b)
    expect(index.a.b.value).toBe(42)
    // The chunk keeps its folder: helpers found next to it are still found.
    expect(index.a.dir).toBe(path.join(out, 'chunks'))
    // A mode chunk loaded later, and the local command, get the modules already run, not new copies.
    const mode = index.mode()
    expect(mode.a.Shared).toBe(index.a.Shared)
    expect(req('./cli.js').b).toBe(index.a.b)
    expect(g.__ran).toEqual(['index', 'a', 'b', 'c', 'mode', 'cli'])
    delete g.__ran
  })

  it('refuses to move a chunk out of its folder (its own __dirname would change)', () => {
    expect(() => mergeStartupChunks(files, 'index.js', 'startup.js')).toThrow(
      'chunks/chunk-a.js is not beside startup.js: its own __dirname would change'
    )
  })

  it('refuses a require of a file the build did not write', () => {
    const broken = new Map(files).set('chunks/chunk-c.js', '"use strict";\nvar x = require("./gone.js");\n')
    expect(() => mergeStartupChunks(broken, 'index.js', 'chunks/startup.js')).toThrow(
      'chunks/chunk-c.js requires ./gone.js, which the build did not write'
    )
  })
})
