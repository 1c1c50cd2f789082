/**
 * A cancelled job, timed like the runner: SIGINT, then SIGTERM about 7.5 s later, then a kill about 2.5 s
 * after that. Claude Code must be stopped soon enough after SIGINT for the state commit and its push to land.
 * The "Claude" here is a script that ignores SIGTERM (as a CLI busy with a child may), so only the kill
 * after the grace period ends it.
 */
import { chmodSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterEach, beforeAll, describe, expect, it } from 'vitest'
import { runAction } from '../support/action.js'
import {
  actionEnv,
  actionInputs,
  byId,
  commits,
  taskFileText,
  taskJsonAt
} from '../support/persist-harness.js'
import { isolateGitConfig, makeRepo, type TestRepo } from '../support/repo.js'

let repo: TestRepo | undefined
let dir: string | undefined
beforeAll(() => isolateGitConfig())
afterEach(() => {
  repo?.cleanup()
  if (dir) rmSync(dir, { recursive: true, force: true })
  repo = dir = undefined
})

describe('a cancelled job', () => {
  it('stops a Claude that ignores SIGTERM within about 2 s, then commits and pushes the state', async () => {
    repo = await makeRepo({ files: { 'task.json': taskFileText([{ id: 'a' }]) } })
    dir = mkdtempSync(path.join(os.tmpdir(), 'taskmesh-stubborn-'))
    // In the working tree: contained (the default), the stub may write nowhere else.
    const started = path.join(repo.work, 'claude-started')
    const claude = path.join(dir, 'claude')
    writeFileSync(
      claude,
      `#!/bin/sh\ntrap '' TERM INT HUP\necho started > '${started}'\nwhile :; do sleep 1; done\n`
    )
    chmodSync(claude, 0o755)

    let sentAt = 0
    const r = await runAction({
      workspace: repo.work,
      inputs: actionInputs({ 'claude-path': claude }),
      env: actionEnv('http://127.0.0.1:9'),
      timeoutMs: 30_000,
      onStart: child => {
        const poll = setInterval(() => {
          if (!existsSync(started)) return
          clearInterval(poll)
          sentAt = Date.now()
          child.kill('SIGINT')
        }, 50)
        child.once('close', () => clearInterval(poll))
      }
    })
    const took = Date.now() - sentAt
    expect(sentAt, r.log).toBeGreaterThan(0)
    expect(r.signal).toBeNull()
    // Well before the runner's SIGTERM (7.5 s after SIGINT), let alone its kill.
    expect(took, r.log).toBeLessThan(6_000)
    expect(r.outputs['stop-reason']).toBe('cancelled')
    const log = await commits(repo.origin, 'main')
    expect(log[0].subject).toBe('taskmesh: update task state — cancelled')
    expect(byId(await taskJsonAt(repo.origin, 'main')).a.status ?? 'pending').toBe('pending')
  })
})
