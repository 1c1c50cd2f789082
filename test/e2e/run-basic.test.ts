import { mkdtempSync, readFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { runAction, visibleLog } from '../support/action.js'
import { startMessagesApi, type MessagesApi } from '../support/messages-api.js'
import { makeRepo, type TestRepo } from '../support/repo.js'
import { CLAUDE_BIN, TEST_MODEL, DUMMY_API_KEY } from '../support/claude-env.js'

let api: MessagesApi | undefined
let repo: TestRepo | undefined
afterEach(async () => {
  await api?.close()
  repo?.cleanup()
})

const taskFile = (tasks: unknown[]) =>
  JSON.stringify({ project: 'demo', description: 'A demo project.', tasks, logs: [] }, null, 2) + '\n'

function claudeInputs(): Record<string, string> {
  return { 'claude-path': CLAUDE_BIN, model: TEST_MODEL, 'github-token': 'ghs_testtoken1234567890' }
}

function env(apiUrl: string): NodeJS.ProcessEnv {
  return {
    ANTHROPIC_BASE_URL: apiUrl,
    ANTHROPIC_API_KEY: DUMMY_API_KEY,
    CLAUDE_CODE_MAX_RETRIES: '0',
    HOME: mkdtempSync(path.join(os.tmpdir(), 'taskmesh-home-'))
  }
}

describe('mode: run (end to end through dist/index.js)', () => {
  it('runs ready tasks in dependency order, records state, commits each task and pushes', async () => {
    repo = await makeRepo({
      files: {
        'task.json': taskFile([
          { id: 'b', description: 'Write b.txt', dependencies: ['a'] },
          { id: 'a', description: 'Write a.txt' }
        ])
      }
    })
    api = await startMessagesApi(ctx => {
      if (ctx.turn === 0)
        return {
          tools: [
            {
              name: 'Write',
              input: { file_path: path.join(ctx.cwd!, `${ctx.taskId}.txt`), content: `${ctx.taskId}\n` }
            }
          ]
        }
      return { text: `Wrote ${ctx.taskId}.txt` }
    })
    const r = await runAction({ workspace: repo.work, inputs: claudeInputs(), env: env(api.url) })
    expect(visibleLog(r.log)).not.toContain('ghs_testtoken1234567890')
    expect(r.exitCode, r.log).toBe(0)
    const state = JSON.parse(readFileSync(path.join(repo.work, 'task.json'), 'utf8'))
    expect(state.tasks.map((t: { status: string }) => t.status)).toEqual(['completed', 'completed'])
    expect(state.tasks[1].outputs).toEqual(['a.txt'])
    expect(state.tasks[0].outputs).toEqual(['b.txt'])
    expect(state.status).toBe('completed')
    expect(state.tasks[1].costUsd).toBeGreaterThan(0)
    // a ran before b: b's commit is on top, then the state commit that records b's hash.
    const log = (await repo.git(repo.origin, 'log', '--format=%H %s', 'main')).split('\n')
    expect(log.slice(0, 3).map(l => l.slice(41))).toEqual([
      'taskmesh: record the commit of b in the task file',
      'taskmesh: b completed — Write b.txt',
      'taskmesh: a completed — Write a.txt'
    ])
    // The task file says which commit holds each task: its own, for the last one too.
    expect(state.tasks[0].commit).toBe(log[1]!.slice(0, 40))
    expect(state.tasks[1].commit).toBe(log[2]!.slice(0, 40))
    expect(await repo.git(repo.work, 'status', '--porcelain')).toBe('')
    expect(JSON.parse(r.outputs.completed)).toEqual(['b', 'a'])
    expect(Number(r.outputs['total-cost-usd'])).toBeGreaterThan(0)
    expect(r.summary).toContain('demo')
  })
})
