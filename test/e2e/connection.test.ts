/**
 * The real Claude Code CLI with nothing listening on ANTHROPIC_BASE_URL: the log and the task's error say
 * "no connection to <host>", not "unknown". Uncontained, the CLI itself sees the refused connection; in the
 * sandbox it goes through the filtering proxy, which answers for the missing host.
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
  async function runAgainstClosedPort(sandbox: 'off' | 'auto') {
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
        commit: 'false',
        sandbox
      },
      env: {
        ANTHROPIC_BASE_URL: `http://127.0.0.1:${port}`,
        ANTHROPIC_API_KEY: DUMMY_API_KEY,
        CLAUDE_CODE_MAX_RETRIES: '1',
        HOME: repo.root
      }
    })
    const log = visibleLog(r.log)
    const state = JSON.parse(repo.read(repo.work, 'task.json'))
    return { port, r, log, task: state.tasks[0] }
  }

  it('names the host in the retry lines and in the recorded error', async () => {
    const { port, r, log, task } = await runAgainstClosedPort('off')
    expect(r.exitCode, log).toBe(1)
    expect(log).toContain(`↻ API retry: no connection to 127.0.0.1:${port}, retry 1/1`)
    expect(log).not.toMatch(/API retry.*unknown/)
    expect(task.status).toBe('failed')
    expect(task.error).toMatch(
      new RegExp(`^no connection to 127\\.0\\.0\\.1:${port}: API Error: .*ECONNREFUSED`)
    )
  })

  // In the sandbox the CLI talks to the filtering proxy, which answers for the unreachable host (a 502 or a
  // dropped connection): the reason still names the host, and never says "unknown".
  it('names the host in the recorded error when the call went through the sandbox', async () => {
    const { port, r, log, task } = await runAgainstClosedPort('auto')
    expect(r.exitCode, log).toBe(1)
    expect(log).not.toMatch(/API retry.*unknown/)
    expect(task.status).toBe('failed')
    expect(task.error).toContain(`127.0.0.1:${port}`)
  })
})
