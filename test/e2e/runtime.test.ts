// The bundles start on the node that runs them (TASKMESH_TEST_NODE: CI runs this file again on Node 24, the
// runtime action.yml declares) without a warning from Node itself: a deprecation printed on every run would be
// the first sign of a bundle the next Node breaks. --pending-deprecation shows the ones not yet on by default.
import { spawnSync } from 'node:child_process'
import { afterEach, describe, expect, it } from 'vitest'
import { CLI_ENTRY, NODE, runAction } from '../support/action.js'
import { makeRepo, type TestRepo } from '../support/repo.js'

const version = spawnSync(NODE, ['--version'], { encoding: 'utf8' }).stdout.trim()
/** How Node prints its own warnings: `(node:1234) [DEP0040] DeprecationWarning: …`. */
const NODE_WARNING = /\(node:\d+\)|\bWarning: /

let repo: TestRepo | undefined
afterEach(() => repo?.cleanup())

const taskFile =
  JSON.stringify(
    { project: 'demo', description: 'A demo.', tasks: [{ id: 'a', description: 'Write a.txt' }], logs: [] },
    null,
    2
  ) + '\n'

describe(`the bundles on node ${version}`, () => {
  it('dist/index.js (mode: plan) runs and prints no runtime warning', async () => {
    repo = await makeRepo({ files: { 'task.json': taskFile } })
    const r = await runAction({
      workspace: repo.work,
      inputs: { mode: 'plan' },
      env: { NODE_OPTIONS: '--pending-deprecation' }
    })
    expect(r.exitCode, r.log).toBe(0)
    expect(r.outputs.ready).toBe('["a"]')
    expect(r.log).not.toMatch(NODE_WARNING)
  })

  it('dist/cli.js (validate) runs and prints no runtime warning', async () => {
    repo = await makeRepo({ files: { 'task.json': taskFile } })
    const r = spawnSync(NODE, [CLI_ENTRY, 'validate'], {
      cwd: repo.work,
      encoding: 'utf8',
      env: { PATH: process.env.PATH, HOME: process.env.HOME, NODE_OPTIONS: '--pending-deprecation' }
    })
    expect(r.status, r.stdout + r.stderr).toBe(0)
    expect(r.stdout).toContain('task.json: valid (1 task)')
    expect(r.stdout + r.stderr).not.toMatch(NODE_WARNING)
  })
})
