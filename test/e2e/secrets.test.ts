/**
 * Secrets planted by a task through the real CLI (the local Messages API scripts Claude's tool calls) never
 * leave the run: not in a commit message, a branch, task.json, the log, an annotation, a step output, the job
 * summary, a pull request or a transcript. Each test reads back what the runner and the remote hold.
 */
import { mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { runAction, visibleLog } from '../support/action.js'
import { CLAUDE_BIN, TEST_MODEL } from '../support/claude-env.js'
import { startMessagesApi, structuredOutput } from '../support/messages-api.js'
import { makeRepo, type TestRepo } from '../support/repo.js'
import { startFakeGitHub, type FakeGitHub } from '../support/github-api.js'
import { byId, engineFixtures, type EngineRun } from './engine-helpers.js'
import { DEFAULT_EMAIL, DEFAULT_NAME } from '../support/persist-harness.js'

const { setup } = engineFixtures()
let gh: FakeGitHub | undefined
afterEach(async () => {
  await gh?.close()
  gh = undefined
})

/** A key shaped like a real one, long enough that its pieces are recognisable. */
const KEY = `sk-ant-api03-${'Zx7_Qp2-Lm9K'.repeat(8)}Wq-AA`
const GH_TOKEN = 'ghs_runToken0123456789abcdefABCDEF'
const keyInputs = { 'anthropic-api-key': KEY }

function filesUnder(dir: string): string[] {
  let out: string[] = []
  for (const e of readdirSync(dir)) {
    const p = path.join(dir, e)
    out = statSync(p).isDirectory() ? [...out, ...filesUnder(p)] : [...out, p]
  }
  return out
}

/** Everything a run left where people or other jobs can read it. */
async function outgoing(r: EngineRun, repo: TestRepo): Promise<[string, string][]> {
  const places: [string, string][] = [
    ['log', visibleLog(r.log)],
    ['summary', r.summary],
    ['task.json', r.text],
    ['outputs', JSON.stringify(r.outputs)],
    ['commit messages', await repo.git(repo.origin, 'log', '--all', '--format=%B')],
    ['branches', await repo.git(repo.origin, 'for-each-ref', '--format=%(refname)')],
    ['pushed files', await repo.git(repo.origin, 'log', '--all', '-p', '--format=%H')]
  ]
  const transcripts = path.join(r.runnerTemp, 'taskmesh', 'transcripts')
  for (const f of filesUnder(transcripts)) places.push([`transcript ${f}`, readFileSync(f, 'utf8')])
  return places
}

function expectNoSecret(places: [string, string][], secrets = [KEY]) {
  for (const s of secrets)
    for (const [where, text] of places) {
      expect(text.includes(s), `the secret in the ${where}`).toBe(false)
      // A piece of it is a leak too (a line cut in the middle of the key).
      expect(text.includes(s.slice(0, 24)), `part of the secret in the ${where}`).toBe(false)
      const b64 = Buffer.from(s).toString('base64').slice(4, 36)
      expect(text.includes(b64), `the secret in base64 in the ${where}`).toBe(false)
    }
}

const bash = (command: string) => ({ name: 'Bash', input: { command } })
const GIT_ID = 'git -c user.name=Claude -c user.email=claude@example.com'

describe('secrets a task plants', () => {
  it('a commit Claude makes with the key in its message is folded in with the key masked, and the log says so', async () => {
    const f = await setup([{ id: 'c', description: 'Commit a note' }], ctx =>
      ctx.turn === 0
        ? {
            tools: [
              bash(
                `echo note > note.txt && git add note.txt && ${GIT_ID} commit -q -m "key-$ANTHROPIC_API_KEY" && ` +
                  `echo more >> note.txt && ${GIT_ID} commit -q -am "b64-$(printf %s "$ANTHROPIC_API_KEY" | base64 -w0)"`
              )
            ]
          }
        : { text: 'committed' }
    )
    const r = await f.run({ inputs: keyInputs, noEnvKey: true })
    expect(r.exitCode, r.log).toBe(0)
    expect(byId(r.state, 'c').status).toBe('completed')
    const log = await f.repo.git(f.repo.origin, 'log', '--format=%B%x00', 'main')
    const message = log.split('\0').find(m => m.includes('taskmesh: c completed')) ?? ''
    expect(message).toContain('Includes the commits made during the task:')
    expect(message).toMatch(/- [0-9a-f]{7} key-\*\*\*\n/)
    expect(message).toMatch(/- [0-9a-f]{7} b64-\S*\*\*\*/)
    // The task's one commit is the action's, not Claude's (whose two commits it replaced).
    const authors = await f.repo.git(f.repo.origin, 'log', '--format=%an <%ae>|%s', 'main')
    expect(authors).toContain(`${DEFAULT_NAME} <${DEFAULT_EMAIL}>|taskmesh: c completed`)
    expect(authors).not.toContain('Claude <claude@example.com>')
    expect(visibleLog(r.log)).toContain(
      'A secret of this run (an API key or token) was found in a commit message and replaced with *** before it left the runner.'
    )
    expect(r.log).toContain(
      '::warning title=Secret masked::A secret of this run (an API key or token) was found in a commit message'
    )
    expectNoSecret(await outgoing(r, f.repo))
  })

  it('a branch Claude names after the key is never pushed or shown', async () => {
    const f = await setup([{ id: 'b', description: 'Work on a branch' }], ctx =>
      ctx.turn === 0
        ? {
            tools: [
              bash(
                `git checkout -q -b "key-$ANTHROPIC_API_KEY" && echo x > x.txt && git add x.txt && ${GIT_ID} commit -q -m work`
              )
            ]
          }
        : { text: 'done' }
    )
    const r = await f.run({ inputs: keyInputs, noEnvKey: true })
    expect(r.exitCode, r.log).toBe(0)
    // The commit came back onto main; the branch stayed in the runner's clone, and the log does not name it.
    expect(await f.repo.git(f.repo.origin, 'show', 'main:x.txt')).toBe('x')
    expect(visibleLog(r.log)).toMatch(/HEAD was moved to key-\*\*\* during the task; back on main/)
    expect(visibleLog(r.log)).toContain('was found in a log line')
    expectNoSecret(await outgoing(r, f.repo))
  })

  it('a file named after the key, or holding it in base64 after other text, fails the attempt', async () => {
    const f = await setup(
      [
        { id: 'named', description: 'Name a file' },
        { id: 'encoded', description: 'Encode a file' }
      ],
      ctx => {
        if (ctx.turn > 0) return { text: 'written' }
        return ctx.taskId === 'named'
          ? { tools: [bash('echo hi > "notes-$ANTHROPIC_API_KEY.txt"')] }
          : {
              tools: [
                bash(
                  'printf "cfg: %s\\n" "$(printf "user=k&key=%s" "$ANTHROPIC_API_KEY" | base64 -w0)" > cfg.txt'
                )
              ]
            }
      }
    )
    const r = await f.run({ inputs: { ...keyInputs, 'max-attempts': '1' }, noEnvKey: true })
    expect(r.exitCode, r.log).toBe(1)
    expect(byId(r.state, 'named').status).toBe('failed')
    expect(byId(r.state, 'named').error).toMatch(/^notes-\*\*\*\.txt contains a secret of this run/)
    expect(byId(r.state, 'encoded').status).toBe('failed')
    expect(byId(r.state, 'encoded').error).toMatch(/^cfg\.txt contains a secret of this run/)
    const tree = await f.repo.git(f.repo.origin, 'ls-tree', '-r', '--name-only', 'main')
    expect(tree).not.toContain('notes-')
    expect(tree).not.toContain('cfg.txt')
    expectNoSecret(await outgoing(r, f.repo))
  })

  it('a result, a failed verify and tool output holding the key reach no output, annotation, summary or pull request', async () => {
    gh = await startFakeGitHub()
    const f = await setup(
      [
        {
          id: 'v',
          title: 'Check the key',
          description: 'Print the key',
          verify: 'echo "verify sees $ANTHROPIC_API_KEY"; exit 3'
        }
      ],
      ctx =>
        ctx.turn === 0
          ? { text: `Using ${KEY}.`, tools: [bash('echo "tool sees $ANTHROPIC_API_KEY"')] }
          : { text: `Done with ${KEY}.` }
    )
    const r = await f.run({
      inputs: { ...keyInputs, 'max-attempts': '1', 'pull-request': 'true', 'github-token': GH_TOKEN },
      noEnvKey: true,
      env: { GITHUB_API_URL: gh.url }
    })
    expect(r.exitCode, r.log).toBe(1)
    const v = byId(r.state, 'v')
    expect(v.status).toBe('failed')
    expect(v.error).toContain('verify sees ***')
    expect(v.result).toBe('Done with ***.')
    expect(r.outputs.results).toContain('verify sees ***')
    expect(r.log).toMatch(
      /::error title=Task failed,file=task.json,line=\d+::Task v failed: verify .* exited 3/
    )
    expect(r.summary).toContain('verify sees ***')
    expect(visibleLog(r.log)).toContain("was found in a task's output")
    // The pull request got the report, masked.
    expect(gh.pulls).toHaveLength(1)
    const sent = JSON.stringify(gh.calls.map(c => c.body))
    expect(sent).toContain('verify sees &#42;&#42;&#42;')
    expectNoSecret([...(await outgoing(r, f.repo)), ['pull request', sent]], [KEY, GH_TOKEN])
  })

  it('mode: decompose: a plan holding the key reaches task.json, the commit and the pull request masked', async () => {
    gh = await startFakeGitHub()
    const repo = await makeRepo({
      files: { 'task.json': JSON.stringify({ project: 'plan-demo', tasks: [] }, null, 2) + '\n' }
    })
    const api = await startMessagesApi(ctx =>
      ctx.turn > 0
        ? { text: `planned with ${KEY}` }
        : structuredOutput({
            tasks: [
              {
                id: 'leak',
                title: `Use ${KEY}`,
                description: `Call the API with ${KEY} and ${Buffer.from(`k=${KEY}`).toString('base64')}.`,
                dependencies: []
              }
            ]
          })
    )
    try {
      const r = await runAction({
        workspace: repo.work,
        inputs: {
          mode: 'decompose',
          'claude-path': CLAUDE_BIN,
          model: TEST_MODEL,
          request: 'Plan the work.',
          'anthropic-api-key': KEY,
          'github-token': GH_TOKEN,
          'pull-request': 'true'
        },
        env: {
          ANTHROPIC_BASE_URL: api.url,
          CLAUDE_CODE_MAX_RETRIES: '0',
          HOME: mkdtempSync(path.join(os.tmpdir(), 'taskmesh-home-')),
          GITHUB_API_URL: gh.url
        }
      })
      expect(r.exitCode, r.log).toBe(0)
      const branch = r.outputs.branch!
      const pushed = await repo.git(repo.origin, 'show', `${branch}:task.json`)
      expect(JSON.parse(pushed).tasks[0]).toMatchObject({ id: 'leak', title: 'Use ***' })
      expect(gh.pulls).toHaveLength(1)
      const places: [string, string][] = [
        ['log', visibleLog(r.log)],
        ['summary', r.summary],
        ['outputs', JSON.stringify(r.outputs)],
        ['task.json', readFileSync(path.join(repo.work, 'task.json'), 'utf8')],
        ['pushed task.json', pushed],
        ['commit messages', await repo.git(repo.origin, 'log', '--all', '--format=%B')],
        ['pull request', JSON.stringify(gh.calls.map(c => c.body))]
      ]
      for (const f of filesUnder(path.join(r.runnerTemp, 'taskmesh', 'transcripts')))
        places.push([`transcript ${f}`, readFileSync(f, 'utf8')])
      expectNoSecret(places, [KEY, GH_TOKEN])
    } finally {
      await api.close()
      repo.cleanup()
    }
  })
})
