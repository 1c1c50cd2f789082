import { mkdtempSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { runAction } from '../support/action.js'
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

  it('in plan mode (the step after a matrix wave), dispatches only when tasks are ready', async () => {
    repo = await makeRepo({ files: { 'task.json': file } })
    gh = await startFakeGitHub()
    const ready = await runAction({
      workspace: repo.work,
      inputs: { mode: 'plan', 'dispatch-next': 'true', 'github-token': 'ghs_dispatchtoken123456' },
      env: env()
    })
    expect(ready.exitCode, ready.log).toBe(0)
    expect(gh.dispatches).toHaveLength(1)

    const done = JSON.stringify({
      project: 'waves',
      tasks: [
        { id: 'a', description: 'x', status: 'completed' },
        { id: 'b', description: 'y', status: 'completed', dependencies: ['a'] }
      ]
    })
    await repo.commitAndPush(repo.work, { 'task.json': done }, 'all done')
    const none = await runAction({
      workspace: repo.work,
      inputs: { mode: 'plan', 'dispatch-next': 'true', 'github-token': 'ghs_dispatchtoken123456' },
      env: env()
    })
    expect(none.exitCode, none.log).toBe(0)
    expect(none.log).toContain('no task is ready')
    expect(gh.dispatches).toHaveLength(1)
  })
})
