// `mode: plan` end to end through dist/index.js, the way a runner starts the action.
import { spawnSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { NODE, runAction } from '../support/action.js'

let workspace: string | undefined
afterEach(() => {
  if (workspace) rmSync(workspace, { recursive: true, force: true })
  workspace = undefined
})

function makeWorkspace(files: Record<string, string>): string {
  workspace = mkdtempSync(path.join(os.tmpdir(), 'taskmesh-plan-'))
  for (const [name, content] of Object.entries(files)) {
    const file = path.join(workspace, name)
    mkdirSync(path.dirname(file), { recursive: true })
    writeFileSync(file, content)
  }
  return workspace
}

// Hand-formatted on purpose (compact arrays, 4-space indent): plan mode must not rewrite it.
const MIXED = `{
    "project": "mixed",
    "description": "Tasks in every state.",
    "tasks": [
        { "id": "a", "title": "Done", "description": "done", "status": "completed" },
        { "id": "b", "description": "broke", "status": "failed", "dependencies": ["a"], "error": "verify failed" },
        { "id": "c", "description": "after b", "dependencies": ["b"] },
        { "id": "d", "description": "interrupted", "status": "in_progress" },
        { "id": "e", "description": "ready after a", "dependencies": ["a"] },
        { "id": "f", "description": "after e", "dependencies": ["e"], "x-owner": "kept" }
    ],
    "logs": []
}
`

const INVALID = `{
  "project": "broken",
  "tasks": [
    { "id": "a b", "description": "bad id" },
    { "id": "c", "description": "", "dependencies": ["zzz"] },
    { "id": "d", "description": "cycle", "dependencies": ["e"] },
    { "id": "e", "description": "cycle", "dependencies": ["d"] }
  ]
}
`

describe('mode: plan (end to end through dist/index.js)', () => {
  it('sets the state outputs and the matrix, writes the plan summary, and changes nothing', async () => {
    const ws = makeWorkspace({ 'task.json': MIXED })
    const r = await runAction({ workspace: ws, inputs: { mode: 'plan' } })
    expect(r.exitCode, r.log).toBe(0)

    expect(JSON.parse(r.outputs.ready)).toEqual(['d', 'e'])
    expect(JSON.parse(r.outputs.matrix)).toEqual({ task: ['d', 'e'] })
    expect(JSON.parse(r.outputs.completed)).toEqual(['a'])
    expect(JSON.parse(r.outputs.failed)).toEqual(['b'])
    // An in_progress task left by a killed run is resumed as pending by the next run.
    expect(JSON.parse(r.outputs.pending).sort()).toEqual(['d', 'e', 'f'])
    expect(JSON.parse(r.outputs.blocked)).toEqual(['c'])

    expect(r.log).toContain('task.json: mixed · 6 task(s) · valid')
    expect(r.log).toContain('resumable (left in_progress by an interrupted run): d')
    expect(r.log).toContain('wave 1: d, e')
    expect(r.log).toContain('wave 2: f')
    expect(r.log).toContain('blocked by failed tasks: c')

    expect(r.summary).toContain('## 🕸️ Taskmesh plan · mixed')
    expect(r.summary).toContain('plan mode changes nothing and runs nothing')
    expect(r.summary).toContain('**2 ready**')
    expect(r.summary).toContain('Left in progress by an earlier run, resumable: <code>d</code>')
    expect(r.summary).toContain('**Failed:** <code>b</code>')
    expect(r.summary).toContain('**Blocked** by a failed dependency: <code>c</code>')
    expect(r.summary).toContain('1. <code>d</code> interrupted · <code>e</code> ready after a')
    expect(r.summary).toContain('2. <code>f</code> after e')

    expect(readFileSync(path.join(ws, 'task.json'), 'utf8')).toBe(MIXED)
  })

  it('loads no built-in module a plan does not use: node:crypto, net, the streams, promise fs, the ES module loader', async () => {
    // Each costs every cold plan step milliseconds (node:crypto about 10 ms on Node 24; docs/benchmarks.md),
    // and each came in through one import that was easy to miss: here is where a new one shows.
    const ws = makeWorkspace({ 'task.json': MIXED })
    const preload = path.join(ws, 'loaded.cjs')
    const list = path.join(ws, 'loaded.txt')
    writeFileSync(
      preload,
      `process.on('exit', () => require('fs').writeFileSync(${JSON.stringify(list)}, process.moduleLoadList.join('\\n')))\n`
    )
    const r = await runAction({
      workspace: ws,
      inputs: { mode: 'plan', 'github-token': 'ghs_testtoken1234567890' },
      env: { NODE_OPTIONS: `--require ${preload}` }
    })
    expect(r.exitCode, r.log).toBe(0)
    const loaded = readFileSync(list, 'utf8').split('\n')
    // The check itself works: what every plan needs is there.
    expect(loaded).toEqual(expect.arrayContaining(['NativeModule fs', 'NativeModule path']))
    // What bare Node loads by itself does not count.
    spawnSync(NODE, ['-e', '0'], { env: { PATH: process.env.PATH, NODE_OPTIONS: `--require ${preload}` } })
    const bare = new Set(readFileSync(list, 'utf8').split('\n'))
    const unwanted = loaded.filter(
      m =>
        !bare.has(m) &&
        /^NativeModule (crypto|net|stream|internal\/crypto\/.*|internal\/streams\/.*|internal\/fs\/promises|internal\/modules\/esm\/.*)$/.test(
          m
        )
    )
    expect(unwanted).toEqual([])
  })

  it('reads task-file relative to working-directory', async () => {
    const ws = makeWorkspace({ 'sub/plans/tasks.json': MIXED })
    const r = await runAction({
      workspace: ws,
      inputs: { mode: 'plan', 'working-directory': 'sub', 'task-file': 'plans/tasks.json' }
    })
    expect(r.exitCode, r.log).toBe(0)
    expect(r.log).toContain('sub/plans/tasks.json: mixed · 6 task(s) · valid')
    expect(JSON.parse(r.outputs.ready)).toEqual(['d', 'e'])
  })

  it('says there is nothing to run when every task is completed', async () => {
    const done = JSON.stringify({
      project: 'done',
      tasks: [{ id: 'a', description: 'x', status: 'completed' }]
    })
    const ws = makeWorkspace({ 'task.json': done })
    const r = await runAction({ workspace: ws, inputs: { mode: 'plan' } })
    expect(r.exitCode, r.log).toBe(0)
    expect(JSON.parse(r.outputs.matrix)).toEqual({ task: [] })
    expect(r.log).toContain('nothing to run')
    expect(r.summary).toContain('_Nothing left to run._')
    expect(readFileSync(path.join(ws, 'task.json'), 'utf8')).toBe(done)
  })

  it('fails on an invalid file with an error annotation at each problem, and leaves it byte-identical', async () => {
    const ws = makeWorkspace({ 'task.json': INVALID })
    const r = await runAction({ workspace: ws, inputs: { mode: 'plan' } })
    expect(r.exitCode).toBe(1)

    const annotations = r.log.split('\n').filter(l => l.startsWith('::error title=Invalid task file,'))
    expect(annotations).toHaveLength(4)
    expect(annotations).toContainEqual(
      expect.stringMatching(
        /^::error title=Invalid task file,file=task\.json,line=4,col=\d+::tasks\[0\]\.id: invalid task id "a b"/
      )
    )
    expect(annotations).toContainEqual(
      expect.stringMatching(
        /^::error title=Invalid task file,file=task\.json,line=5,col=\d+::tasks\[1\]\.description: must not be empty/
      )
    )
    expect(annotations).toContainEqual(
      expect.stringMatching(
        /^::error title=Invalid task file,file=task\.json,line=5,col=\d+::tasks\[1\]\.dependencies\[0\]: unknown task "zzz"/
      )
    )
    expect(annotations).toContainEqual(
      expect.stringMatching(
        /^::error title=Invalid task file,file=task\.json,line=6,col=\d+::.*dependency cycle d → e → d/
      )
    )
    // The step fails with one message that lists them all.
    expect(r.log).toContain('::error::task.json is not valid (4 problems); nothing was run or changed:')

    expect(r.outputs.ready).toBeUndefined()
    expect(readFileSync(path.join(ws, 'task.json'), 'utf8')).toBe(INVALID)
  })

  it('annotates a key near a known one as a warning at its line, and the plan still runs', async () => {
    const text = `{
  "project": "demo",
  "tasks": [
    { "id": "a", "description": "A", "owner": "me" },
    { "id": "b", "description": "B", "depends_on": ["a"] }
  ]
}
`
    const ws = makeWorkspace({ 'task.json': text })
    const r = await runAction({ workspace: ws, inputs: { mode: 'plan' } })
    expect(r.exitCode, r.log).toBe(0)
    expect(r.log).toMatch(
      /^::warning title=Probably a typo in the task file,file=task\.json,line=5,col=\d+::tasks\[1\]\.depends_on: unknown field in task "b"; did you mean `dependencies`\?/m
    )
    expect(r.log.match(/^::warning/gm)).toHaveLength(1)
    expect(JSON.parse(r.outputs.ready!)).toEqual(['a', 'b'])
    expect(readFileSync(path.join(ws, 'task.json'), 'utf8')).toBe(text)
  })

  it('names the path it looked for when the task file is missing', async () => {
    const ws = makeWorkspace({ 'README.md': '# nothing here\n' })
    const r = await runAction({ workspace: ws, inputs: { mode: 'plan', 'task-file': 'plans/tasks.json' } })
    expect(r.exitCode).toBe(1)
    expect(r.log).toContain('Task file not found: looked for plans/tasks.json')
    expect(r.log).toContain('create it or set the task-file input')
  })

  it('fails on a wrong input value, listing the allowed values', async () => {
    const ws = makeWorkspace({ 'task.json': MIXED })
    const r = await runAction({ workspace: ws, inputs: { mode: 'runn' } })
    expect(r.exitCode).toBe(1)
    expect(r.log).toContain(
      '::error::input "mode" must be one of "run", "plan", "decompose", "review"; got "runn"'
    )
    expect(readFileSync(path.join(ws, 'task.json'), 'utf8')).toBe(MIXED)
  })

  it('treats inputs left as unevaluated expressions (act, local runners) as not set, with a notice', async () => {
    const ws = makeWorkspace({ 'task.json': MIXED })
    const r = await runAction({
      workspace: ws,
      inputs: { mode: 'plan', 'github-token': '${{ github.token }}', tasks: '${{ matrix.task }}' }
    })
    expect(r.exitCode, r.log).toBe(0)
    const notices = r.log.split('\n').filter(l => l.startsWith('::notice'))
    expect(notices).toEqual([
      expect.stringMatching(
        /^::notice ?::input "tasks" is the unevaluated expression \$\{\{ matrix\.task \}\} /
      ),
      '::notice ::input "github-token" is the unevaluated expression ${{ github.token }} (nothing evaluated it before the action started): treated as not set'
    ])
    // Not taken for a secret to mask, nor for a task id.
    expect(r.log).not.toContain('::add-mask::${{ github.token }}')
    expect(r.log).not.toContain('unknown task')
  })
})
