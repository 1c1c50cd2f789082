/**
 * The real Claude Code CLI with nothing listening on ANTHROPIC_BASE_URL: the log and the task's error say
 * "no connection to <host>", not "unknown".
 */
import { createServer } from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import { runAction, visibleLog } from '../support/action.js'
import { CLAUDE_BIN, DUMMY_API_KEY, TEST_MODEL } from '../support/claude-env.js'
import { makeRepo, type TestRepo } from '../support/repo.js'

/** A port nothing listens on: bound, then closed. */
async function closedPort(): Promise<number> {
  const server = createServer()
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
  const port = (server.address() as { port: number }).port
  await new Promise(resolve => server.close(resolve))
  return port
}

let repo: TestRepo | undefined
afterEach(() => {
  repo?.cleanup()
  repo = undefined
})

describe('no connection to the API', () => {
  it('names the host in the retry lines and in the recorded error', async () => {
    const port = await closedPort()
    repo = await makeRepo({
      files: {
        'task.json': `${JSON.stringify({ project: 'p', tasks: [{ id: 'a', description: 'Write a.txt' }] }, null, 2)}\n`
      }
    })
    const r = await runAction({
      workspace: repo.work,
      inputs: {
        'claude-path': CLAUDE_BIN,
        model: TEST_MODEL,
        'github-token': '',
        'max-attempts': '1',
        commit: 'false'
      },
      env: {
        ANTHROPIC_BASE_URL: `http://127.0.0.1:${port}`,
        ANTHROPIC_API_KEY: DUMMY_API_KEY,
        CLAUDE_CODE_MAX_RETRIES: '1',
        HOME: repo.root
      }
    })
    const log = visibleLog(r.log)
    expect(r.exitCode, log).toBe(1)
    expect(log).toContain(`↻ API retry: no connection to 127.0.0.1:${port}, retry 1/1`)
    expect(log).not.toMatch(/API retry.*unknown/)
    const state = JSON.parse(repo.read(repo.work, 'task.json'))
    expect(state.tasks[0].status).toBe('failed')
    expect(state.tasks[0].error).toMatch(
      new RegExp(`^no connection to 127\\.0\\.0\\.1:${port}: API Error: .*ECONNREFUSED`)
    )
  })
})
