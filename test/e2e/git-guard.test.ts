import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs'
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

/**
 * The action run uncontained: the guard is what protects such a run (sandbox: off, or auto where bubblewrap
 * is missing).
 */
const runUncontained = (workspace: string, apiUrl: string, more: Record<string, string> = {}) =>
  runAction({
    workspace,
    inputs: {
      'claude-path': CLAUDE_BIN,
      model: TEST_MODEL,
      'github-token': 'ghs_guardtoken0123456789',
      sandbox: 'off',
      ...more
    },
    env: {
      ANTHROPIC_BASE_URL: apiUrl,
      ANTHROPIC_API_KEY: DUMMY_API_KEY,
      CLAUDE_CODE_MAX_RETRIES: '0',
      HOME: mkdtempSync(path.join(os.tmpdir(), 'taskmesh-home-'))
    }
  })

describe('git hooks and config planted by Claude', () => {
  it('never run with the push credential, and the git config is put back', async () => {
    repo = await makeRepo({
      files: {
        'task.json': JSON.stringify({ project: 'sec', tasks: [{ id: 'plant', description: 'Plant hooks' }] })
      }
    })
    const markers = path.join(repo.root, 'markers')
    const hook = (name: string) =>
      `printf '#!/bin/sh\\nmkdir -p ${markers}; env > ${markers}/${name}\\n' > .git/hooks/${name} && chmod +x .git/hooks/${name}`
    const configBefore = readFileSync(path.join(repo.work, '.git/config'), 'utf8')
    api = await startMessagesApi(ctx =>
      ctx.turn === 0
        ? {
            tools: [
              {
                name: 'Bash',
                input: {
                  command: [
                    hook('pre-push'),
                    hook('pre-commit'),
                    hook('post-rewrite'),
                    `git config core.fsmonitor 'mkdir -p ${markers}; env > ${markers}/fsmonitor; true'`,
                    `git config core.hooksPath .git/hooks`,
                    // A filter driver has a name of Claude's choosing: only restoring the config stops it.
                    `git config filter.evil.clean 'mkdir -p ${markers}; env > ${markers}/filter; cat'`,
                    `echo '*.txt filter=evil' > .gitattributes`,
                    'echo planted > planted.txt'
                  ].join(' && ')
                }
              }
            ]
          }
        : { text: 'planted' }
    )
    // Contained, the sandbox already refuses these writes (test/e2e/sandbox.test.ts).
    const r = await runUncontained(repo.work, api.url)
    expect(r.exitCode, r.log).toBe(0)
    // Claude really planted them (its tool ran), yet none of them ran for the action's git commands.
    expect(readFileSync(path.join(repo.work, 'planted.txt'), 'utf8')).toBe('planted\n')
    expect(existsSync(markers) ? readdirSync(markers) : []).toEqual([])
    // The push went through.
    expect(await repo.git(repo.origin, 'log', '-1', '--format=%s', 'main~1')).toMatch(
      /^taskmesh: plant completed/
    )
    expect(await repo.git(repo.origin, 'show', 'main:planted.txt')).toBe('planted')
    // The repository config is back as it was, with a warning.
    expect(readFileSync(path.join(repo.work, '.git/config'), 'utf8')).toBe(configBefore)
    expect(visibleLog(r.log)).toMatch(/git config.*restored/i)
    expect(existsSync(path.join(repo.work, '.git/hooks/pre-push'))).toBe(false)
  })

  it("in a parallel run, a worktree's .git rewritten to another repository is put back before the action's git runs there", async () => {
    repo = await makeRepo({
      files: {
        'task.json': JSON.stringify({
          project: 'sec',
          tasks: [
            { id: 'plant', description: 'Point the worktree elsewhere' },
            { id: 'other', description: 'Write a file' }
          ]
        })
      }
    })
    const markers = path.join(repo.root, 'markers')
    api = await startMessagesApi(ctx =>
      ctx.turn > 0
        ? { text: 'done' }
        : ctx.taskId === 'plant'
          ? {
              tools: [
                {
                  name: 'Bash',
                  input: {
                    // A repository of its own, with every object (so the action's commands would work in
                    // it) and a filter driver, and the worktree's .git pointing at it.
                    command: [
                      'git clone -q --no-checkout "$(git rev-parse --git-common-dir)" evil-clone',
                      'mv evil-clone/.git .evil && rm -rf evil-clone',
                      `git --git-dir=.evil config filter.evil.clean 'mkdir -p ${markers}; env > ${markers}/filter; cat'`,
                      `echo '*.txt filter=evil' > .gitattributes`,
                      'printf "gitdir: %s/.evil\\n" "$PWD" > .git',
                      'echo planted > planted.txt'
                    ].join(' && ')
                  }
                }
              ]
            }
          : {
              tools: [
                { name: 'Write', input: { file_path: path.join(ctx.cwd!, 'other.txt'), content: 'o\n' } }
              ]
            }
    )
    // Contained, the sandbox keeps the worktree's .git read-only (test/integration/sandbox-process.test.ts).
    const r = await runUncontained(repo.work, api.url, { parallel: '2' })
    expect(r.exitCode, r.log).toBe(0)
    // The filter never ran for the action's commands, and the task's file still arrived.
    expect(existsSync(markers) ? readdirSync(markers) : []).toEqual([])
    expect(await repo.git(repo.origin, 'show', 'main:planted.txt')).toBe('planted')
    expect(await repo.git(repo.origin, 'show', 'main:other.txt')).toBe('o')
    expect(visibleLog(r.log)).toMatch(/worktree's \.git file was changed during the task .*restored/)
  })
})
