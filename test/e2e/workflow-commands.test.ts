import { mkdtempSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { runAction } from '../support/action.js'
import { CLAUDE_BIN, DUMMY_API_KEY, TEST_MODEL } from '../support/claude-env.js'
import { startMessagesApi, type MessagesApi } from '../support/messages-api.js'
import { makeRepo, type TestRepo } from '../support/repo.js'

let api: MessagesApi | undefined
let repo: TestRepo | undefined
afterEach(async () => {
  await api?.close()
  repo?.cleanup()
})

/** Lines the runner would take for a workflow command: `::cmd` after leading whitespace, `##[cmd` anywhere. */
function commandsIn(log: string): string[] {
  return log.split(/\r?\n/).filter(l => l.trimStart().startsWith('::') || l.includes('##['))
}

describe('workflow commands in what Claude prints', () => {
  it('never reach the runner as commands; the lines still show, escaped', async () => {
    repo = await makeRepo({
      files: {
        'task.json': JSON.stringify({
          project: 'cmds',
          tasks: [{ id: 'inject', title: '::warning::from the title', description: 'Print things' }]
        })
      }
    })
    const evil = [
      'see ##[add-mask]hunter3 here ::set-output name=x::y',
      '::add-mask::hunter2',
      '  ::stop-commands::tok',
      '\u001b[31m::error::red\u001b[0m'
    ]
    api = await startMessagesApi(ctx =>
      ctx.turn === 0
        ? {
            text: evil.join('\n'),
            tools: [
              {
                name: 'Bash',
                input: { command: "echo '##[add-mask]hunter4'; echo '::set-output name=x::y'; exit 3" }
              }
            ]
          }
        : ctx.turn === 1
          ? { text: evil.slice(1).join('\n') }
          : { text: 'done' }
    )
    const r = await runAction({
      workspace: repo.work,
      inputs: { 'claude-path': CLAUDE_BIN, model: TEST_MODEL, 'github-token': '', 'max-attempts': '1' },
      env: {
        ANTHROPIC_BASE_URL: api.url,
        ANTHROPIC_API_KEY: DUMMY_API_KEY,
        CLAUDE_CODE_MAX_RETRIES: '0',
        HOME: mkdtempSync(path.join(os.tmpdir(), 'taskmesh-home-'))
      }
    })
    expect(r.exitCode, r.log).toBe(0)
    // The action's own commands (groups, masks of its secrets) are the only ones.
    const commands = commandsIn(r.log)
    expect(
      commands.filter(l => !/^::(group|endgroup|add-mask|debug)::/.test(l) || /hunter|tok|x::y/.test(l)),
      r.log
    ).toEqual([])
    expect(commands.some(l => l.startsWith('::group::'))).toBe(true)
    // What Claude printed is still there to read.
    expect(r.log).toMatch(/set-output name=x::y/)
    expect(r.log).toMatch(/add-mask\]hunter3/)
    expect(r.log).toMatch(/add-mask\]hunter4/)
  })
})
