import { mkdtempSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { runAction, visibleLog } from '../support/action.js'
import { CLAUDE_BIN, DUMMY_API_KEY, TEST_MODEL } from '../support/claude-env.js'
import { startFakeGitHub, type FakeGitHub } from '../support/github-api.js'
import { startMessagesApi, type MessagesApi } from '../support/messages-api.js'
import { makeRepo, type TestRepo } from '../support/repo.js'

let api: MessagesApi | undefined
let gh: FakeGitHub | undefined
let repo: TestRepo | undefined
afterEach(async () => {
  await api?.close()
  await gh?.close()
  repo?.cleanup()
})

const file = JSON.stringify(
  {
    project: 'waves',
    tasks: [
      { id: 'a', description: 'Write a.txt' },
      { id: 'b', description: 'Write b.txt', dependencies: ['a'] }
    ]
  },
  null,
  2
)

function env(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  return {
    GITHUB_API_URL: gh!.url,
    GITHUB_WORKFLOW_REF: 'octo/demo/.github/workflows/taskmesh.yml@refs/heads/main',
    GITHUB_REF: 'refs/heads/main',
    HOME: mkdtempSync(path.join(os.tmpdir(), 'taskmesh-home-')),
    ...extra
  }
}

describe('dispatch-next', () => {
  it('after a run that finished a task, starts the same workflow again when more tasks are ready', async () => {
    repo = await makeRepo({ files: { 'task.json': file } })
    gh = await startFakeGitHub()
    api = await startMessagesApi(ctx =>
      ctx.turn === 0
        ? {
            tools: [
              {
                name: 'Write',
                input: { file_path: path.join(ctx.cwd!, `${ctx.taskId}.txt`), content: 'x\n' }
              }
            ]
          }
        : { text: 'done' }
    )
    const r = await runAction({
      workspace: repo.work,
      inputs: {
        'claude-path': CLAUDE_BIN,
        model: TEST_MODEL,
        'github-token': 'ghs_dispatchtoken123456',
        'max-tasks': '1',
        'dispatch-next': 'true'
      },
      env: env({
        ANTHROPIC_BASE_URL: api.url,
        ANTHROPIC_API_KEY: DUMMY_API_KEY,
        CLAUDE_CODE_MAX_RETRIES: '0'
      })
    })
    expect(r.exitCode, r.log).toBe(0)
    expect(r.outputs['stop-reason']).toBe('max-tasks')
    expect(JSON.parse(r.outputs.pending)).toEqual(['b'])
    expect(JSON.parse(r.outputs.ready)).toEqual(['b'])
    expect(gh.dispatches).toEqual([
      expect.objectContaining({
        owner: 'octo',
        repo: 'demo',
        workflow: 'taskmesh.yml',
        ref: 'refs/heads/main'
      })
    ])
    expect(r.outputs.dispatched).toBe('true')
  })

  it('without what it needs (no token, not in a workflow run), refuses before any task runs', async () => {
    repo = await makeRepo({ files: { 'task.json': file } })
    gh = await startFakeGitHub()
    api = await startMessagesApi(() => ({ text: 'must not be asked' }))
    const before = await repo.git(repo.work, 'rev-parse', 'HEAD')
    const r = await runAction({
      workspace: repo.work,
      inputs: { 'claude-path': CLAUDE_BIN, model: TEST_MODEL, 'github-token': '', 'dispatch-next': 'true' },
      env: env({
        GITHUB_WORKFLOW_REF: '',
        ANTHROPIC_BASE_URL: api.url,
        ANTHROPIC_API_KEY: DUMMY_API_KEY,
        CLAUDE_CODE_MAX_RETRIES: '0'
      })
    })
    expect(r.exitCode).toBe(1)
    expect(r.log).toMatch(
      /::error::dispatch-next: true needs the github-token input \(the default, github\.token, is fine\), GITHUB_WORKFLOW_REF\..*Nothing was run\./
    )
    expect(api.requests).toHaveLength(0)
    expect(gh.dispatches).toHaveLength(0)
    expect(await repo.git(repo.work, 'rev-parse', 'HEAD')).toBe(before)
    expect(await repo.git(repo.work, 'status', '--porcelain')).toBe('')
  })

  it('in plan mode (the step after a matrix wave), dispatches only when the wave completed a task and more are ready', async () => {
    repo = await makeRepo({ files: { 'task.json': file } })
    gh = await startFakeGitHub()
    const started = await repo.git(repo.work, 'rev-parse', 'HEAD')
    const plan = (workspace: string) =>
      runAction({
        workspace,
        inputs: { mode: 'plan', 'dispatch-next': 'true', 'github-token': 'ghs_dispatchtoken123456' },
        env: env({ GITHUB_SHA: started })
      })

    // The wave finished nothing (nothing landed since the workflow run started): a is still ready, and
    // dispatching would start the same wave again, forever.
    const idle = await plan(repo.work)
    expect(idle.exitCode, idle.log).toBe(0)
    expect(JSON.parse(idle.outputs.ready)).toEqual(['a'])
    expect(idle.log).toContain('nothing was committed since this workflow run started')
    expect(idle.log).toContain('not starting another run')
    expect(gh.dispatches).toHaveLength(0)
    expect(idle.outputs.dispatched).toBeUndefined()

    // A matrix job completed a: its task commit (with the trailer) is on the branch; b is ready now. The
    // next job checks out the branch as the wave left it, shallow like actions/checkout.
    const other = await repo.cloneAgain('matrix-job')
    const doneA = JSON.stringify({
      project: 'waves',
      tasks: [
        { id: 'a', description: 'Write a.txt', status: 'completed' },
        { id: 'b', description: 'Write b.txt', dependencies: ['a'] }
      ]
    })
    await repo.commitAndPush(
      other,
      { 'task.json': doneA, 'a.txt': 'x\n' },
      'taskmesh: a completed — Write a.txt\n\nTask-Id: a\nTask-Status: completed\nAttempts: 1'
    )
    const next = await repo.cloneAgain('next-job', { depth: 1 })
    const progressed = await plan(next)
    expect(progressed.exitCode, progressed.log).toBe(0)
    expect(JSON.parse(progressed.outputs.ready)).toEqual(['b'])
    expect(gh.dispatches).toEqual([
      expect.objectContaining({ workflow: 'taskmesh.yml', ref: 'refs/heads/main' })
    ])
    expect(progressed.outputs.dispatched).toBe('true')

    const done = JSON.stringify({
      project: 'waves',
      tasks: [
        { id: 'a', description: 'x', status: 'completed' },
        { id: 'b', description: 'y', status: 'completed', dependencies: ['a'] }
      ]
    })
    await repo.commitAndPush(
      other,
      { 'task.json': done },
      'taskmesh: b completed — Write b.txt\n\nTask-Id: b\nTask-Status: completed'
    )
    const none = await plan(await repo.cloneAgain('last-job'))
    expect(none.exitCode, none.log).toBe(0)
    expect(none.log).toContain('no task is ready')
    expect(gh.dispatches).toHaveLength(1)
  })

  it('in plan mode, does not dispatch when the wave only failed tasks', async () => {
    const two = JSON.stringify({
      project: 'waves',
      tasks: [
        { id: 'x', description: 'Write x.txt' },
        { id: 'y', description: 'Write y.txt' }
      ]
    })
    repo = await makeRepo({ files: { 'task.json': two } })
    gh = await startFakeGitHub()
    const started = await repo.git(repo.work, 'rev-parse', 'HEAD')
    const failedX = JSON.stringify({
      project: 'waves',
      tasks: [
        { id: 'x', description: 'Write x.txt', status: 'failed' },
        { id: 'y', description: 'Write y.txt' }
      ]
    })
    // y's matrix job was cancelled before it pushed; x failed. y is still ready: the same wave again.
    await repo.commitAndPush(
      repo.work,
      { 'task.json': failedX },
      'taskmesh: x failed — Write x.txt\n\nTask-Id: x\nTask-Status: failed'
    )
    const r = await runAction({
      workspace: repo.work,
      inputs: { mode: 'plan', 'dispatch-next': 'true', 'github-token': 'ghs_dispatchtoken123456' },
      env: env({ GITHUB_SHA: started })
    })
    expect(r.exitCode, r.log).toBe(0)
    expect(JSON.parse(r.outputs.ready)).toEqual(['y'])
    expect(r.log).toContain('dispatch-next: no task was completed since this workflow run started')
    expect(gh.dispatches).toHaveLength(0)
  })

  it('says why when the run stopped early (a rate limit) instead of "no task is ready"', async () => {
    repo = await makeRepo({ files: { 'task.json': file } })
    gh = await startFakeGitHub()
    api = await startMessagesApi(() => ({ error: { status: 429, message: 'rate limited' } }))
    const r = await runAction({
      workspace: repo.work,
      inputs: {
        'claude-path': CLAUDE_BIN,
        model: TEST_MODEL,
        'github-token': 'ghs_dispatchtoken123456',
        'dispatch-next': 'true'
      },
      env: env({
        ANTHROPIC_BASE_URL: api.url,
        ANTHROPIC_API_KEY: DUMMY_API_KEY,
        CLAUDE_CODE_MAX_RETRIES: '0'
      })
    })
    expect(r.exitCode, r.log).toBe(0)
    expect(r.outputs['stop-reason']).toBe('rate-limit')
    // A rate limit is not the tasks' fault: a warning, the step passes (the rule itself: unit/engine/stops).
    expect(visibleLog(r.log)).toMatch(
      /^::warning title=Run stopped \(rate-limit\),file=task\.json::.*run again later/m
    )
    expect(r.log).toMatch(/dispatch-next: stopped: [^\n]*\(rate-limit\); not starting another run/)
    expect(r.log).not.toContain('no task is ready')
    expect(gh.dispatches).toHaveLength(0)
  })
})
