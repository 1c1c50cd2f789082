import { mkdtempSync, readFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { runAction, visibleLog } from '../support/action.js'
import { CLAUDE_BIN, DUMMY_API_KEY, TEST_MODEL } from '../support/claude-env.js'
import { startMessagesApi, type MessagesApi } from '../support/messages-api.js'
import { makeRepo, type TestRepo } from '../support/repo.js'

let api: MessagesApi | undefined
let repo: TestRepo | undefined
afterEach(async () => {
  await api?.close()
  repo?.cleanup()
})

describe('credentials persisted by actions/checkout', () => {
  it('are out of the git config while Claude runs, and back afterwards', async () => {
    repo = await makeRepo({
      files: {
        'task.json': JSON.stringify({ project: 'sec', tasks: [{ id: 'peek', description: 'Look around' }] })
      }
    })
    const checkoutHeader = 'AUTHORIZATION: basic Y2hlY2tvdXQtdG9rZW4tc2VjcmV0'
    await repo.git(repo.work, 'config', '--local', 'http.https://github.com/.extraheader', checkoutHeader)
    api = await startMessagesApi(ctx =>
      ctx.turn === 0
        ? {
            tools: [
              {
                name: 'Bash',
                input: {
                  command: "cat .git/config > seen.txt; env | grep -v '^ANTHROPIC_API_KEY=' >> seen.txt"
                }
              }
            ]
          }
        : { text: 'looked' }
    )
    const r = await runAction({
      workspace: repo.work,
      inputs: { 'claude-path': CLAUDE_BIN, model: TEST_MODEL, 'github-token': 'ghs_actiontoken0123456789' },
      env: {
        ANTHROPIC_BASE_URL: api.url,
        ANTHROPIC_API_KEY: DUMMY_API_KEY,
        CLAUDE_CODE_MAX_RETRIES: '0',
        GITHUB_TOKEN: 'ghs_envtoken0123456789abc',
        HOME: mkdtempSync(path.join(os.tmpdir(), 'taskmesh-home-'))
      }
    })
    expect(r.exitCode, r.log).toBe(0)
    const seen = readFileSync(path.join(repo.work, 'seen.txt'), 'utf8')
    expect(seen).toContain('[core]') // it really read the config
    expect(seen).not.toContain('Y2hlY2tvdXQtdG9rZW4tc2VjcmV0')
    expect(seen).not.toContain('ghs_actiontoken0123456789')
    expect(seen).not.toContain('ghs_envtoken0123456789abc')
    expect(seen).not.toMatch(/^INPUT_/m)
    expect(visibleLog(r.log)).toContain('persist-credentials')
    // Restored for later steps of the job.
    expect(
      await repo.git(repo.work, 'config', '--local', '--get', 'http.https://github.com/.extraheader')
    ).toBe(checkoutHeader)
  })
})
