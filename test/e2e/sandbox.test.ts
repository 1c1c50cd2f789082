// The sandbox seen from inside a task: the real CLI's Bash and Read tools, scripted through the local
// Messages API, look for the GitHub token everywhere a process could find it, try to write outside the
// working tree and to reach a local port that is not allowed; the action runs as a runner starts it.
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { runAction, visibleLog } from '../support/action.js'
import { CLAUDE_BIN, DUMMY_API_KEY, TEST_MODEL } from '../support/claude-env.js'
import { startMessagesApi, type MessagesApi } from '../support/messages-api.js'
import { makeRepo, type TestRepo } from '../support/repo.js'
import { describeWithSandbox, pathWithout } from '../support/sandbox.js'

const INPUT_TOKEN = 'ghs_inputtoken0123456789abcdef'
const ENV_TOKEN = 'ghs_envtoken0123456789abcdefgh'
const FILE_TOKEN = 'ghp_filetoken0123456789abcdefg'
const INCLUDE_TOKEN = 'ghs_includetoken0123456789abcd'
const TOKENS = [INPUT_TOKEN, ENV_TOKEN, FILE_TOKEN, INCLUDE_TOKEN]

let api: MessagesApi | undefined
let repo: TestRepo | undefined
let other: http.Server | undefined
const cleanups: (() => void)[] = []
afterEach(async () => {
  await api?.close()
  await new Promise<void>(r => (other ? other.close(() => r()) : r()))
  repo?.cleanup()
  cleanups.splice(0).forEach(f => f())
  api = repo = other = undefined
})

const taskFile = (tasks: { id: string; description: string; verify?: string }[]) =>
  JSON.stringify({ project: 'sandbox', tasks }, null, 2) + '\n'

describeWithSandbox('the sandbox, from inside a task', () => {
  it('hides every GitHub token, allows writes only to the working tree and reaches only the API', async () => {
    // A local server the task is not allowed to reach: another port of the same host as the API.
    other = http.createServer((_q, res) => res.end('reached-the-forbidden-port'))
    await new Promise<void>(r => other!.listen(0, '127.0.0.1', () => r()))
    const otherPort = (other.address() as AddressInfo).port

    // The runner's user: a stored git credential in the real HOME.
    const home = mkdtempSync(path.join(os.tmpdir(), 'taskmesh-home-'))
    cleanups.push(() => rmSync(home, { recursive: true, force: true }))
    writeFileSync(path.join(home, '.git-credentials'), `https://x-access-token:${FILE_TOKEN}@github.com\n`)
    const outside = mkdtempSync(path.join(os.tmpdir(), 'taskmesh-outside-'))
    cleanups.push(() => rmSync(outside, { recursive: true, force: true }))

    repo = await makeRepo({
      files: {
        'task.json': taskFile([{ id: 'probe', description: 'Look for secrets', verify: 'test -f seen.txt' }])
      }
    })
    // actions/checkout v5+: the token in a file under RUNNER_TEMP, included from .git/config.
    const runnerTemp = mkdtempSync(path.join(os.tmpdir(), 'taskmesh-rt-'))
    cleanups.push(() => rmSync(runnerTemp, { recursive: true, force: true }))
    const include = path.join(runnerTemp, 'git-credentials-0001.config')
    writeFileSync(
      include,
      `# ${INCLUDE_TOKEN}\n[http "https://github.com/"]\n\textraheader = AUTHORIZATION: basic ${INCLUDE_TOKEN}\n`
    )
    await repo.git(
      repo.work,
      'config',
      '--local',
      `includeIf.gitdir:${path.join(repo.work, '.git')}/.path`,
      include
    )

    // The API key is inside (the CLI needs it); it is masked on the way to seen.txt, which is committed.
    const script = [
      '{',
      'echo "== environ"; cat /proc/[0-9]*/environ | tr "\\0" "\\n"',
      'echo "== pids"; ls /proc | grep -cE "^[0-9]+$"',
      'echo "== processes"; for p in /proc/[0-9]*; do tr "\\0" " " < $p/cmdline; echo; done',
      'echo "== env"; env',
      'echo "== home"; echo "HOME=$HOME"; cat ~/.git-credentials',
      `echo "== real home"; cat ${home}/.git-credentials`,
      `echo "== include"; cat ${include}`,
      'echo "== git config"; git config --list --show-origin',
      `echo "== write outside"; echo x > ${outside}/escape.txt; echo "outside-rc=$?"`,
      'echo x > /tmp/taskmesh-escape-$$.txt; echo "tmp-rc=$?"',
      'echo x > .git/hooks/pre-commit; echo "hooks-rc=$?"',
      'echo "[core]" >> .git/config; echo "config-rc=$?"',
      'echo "== escapes"; unshare -U true; echo "unshare-rc=$?"',
      `node -e "require('net').connect('/run/none.sock').on('error',e=>console.log('unix:',e.code))"`,
      'echo x > inside.txt; echo "inside-rc=$?"',
      `echo "== direct"; node -e "fetch('http://127.0.0.1:${otherPort}/').then(r=>r.text()).then(t=>console.log('direct:',t),e=>console.log('direct-failed:',e.cause?.code||e.message))"`,
      `echo "== proxy"; curl -sS -m 10 http://127.0.0.1:${otherPort}/; echo; echo "curl-rc=$?"`,
      'echo "== done"',
      '} 2>&1 | sed "s/$ANTHROPIC_API_KEY/API-KEY-SEEN/g" > seen.txt'
    ].join('\n')

    api = await startMessagesApi(ctx => {
      if (ctx.turn === 0)
        return { tools: [{ name: 'Bash', input: { command: script, description: 'probe' } }] }
      if (ctx.turn === 1)
        return {
          tools: [
            { name: 'Read', input: { file_path: '/proc/1/environ' } },
            { name: 'Read', input: { file_path: `${home}/.git-credentials` } },
            { name: 'Read', input: { file_path: include } }
          ]
        }
      return { text: 'probed' }
    })
    const r = await runAction({
      workspace: repo.work,
      inputs: { 'claude-path': CLAUDE_BIN, model: TEST_MODEL, 'github-token': INPUT_TOKEN },
      env: {
        ANTHROPIC_BASE_URL: api.url,
        ANTHROPIC_API_KEY: DUMMY_API_KEY,
        CLAUDE_CODE_MAX_RETRIES: '0',
        GITHUB_TOKEN: ENV_TOKEN,
        GH_TOKEN: ENV_TOKEN,
        HOME: home,
        RUNNER_TEMP: runnerTemp
      },
      timeoutMs: 90_000
    })
    const log = visibleLog(r.log)
    expect(r.exitCode, log).toBe(0)
    expect(log).toContain('sandbox: on (bubblewrap)')

    const seen = repo.read(repo.work, 'seen.txt')
    expect(seen).toContain('== done')
    // It really looked: the API key is inside (the CLI needs it), the private HOME is not the real one.
    expect(seen).toContain('ANTHROPIC_API_KEY=API-KEY-SEEN')
    expect(seen).not.toContain(`HOME=${home}\n`)
    expect(seen).toContain('file:') // git config --show-origin ran
    for (const t of TOKENS) expect(seen, t).not.toContain(t)
    expect(seen).not.toMatch(/^INPUT_/m)
    // A fresh /proc: only the sandbox's own processes (Claude among them), not the action or the test runner.
    const pids = Number(/== pids\n(\d+)/.exec(seen)?.[1])
    expect(pids).toBeGreaterThan(0)
    expect(pids).toBeLessThan(40)
    const processes = seen.slice(seen.indexOf('== processes'), seen.indexOf('\n== env\n'))
    expect(processes).toContain('claude')
    expect(processes).not.toContain('dist/index.js')
    expect(processes).not.toContain('vitest')

    // Writes: the working tree yes, anything else (and .git/hooks) no.
    expect(seen).toMatch(/outside-rc=[1-9]/)
    expect(seen).toMatch(/tmp-rc=[1-9]/)
    expect(seen).toMatch(/hooks-rc=[1-9]/)
    expect(seen).toMatch(/config-rc=[1-9]/)
    // No way to undo the mounts (a new user namespace) or to talk to a host daemon (a Unix socket).
    expect(seen).toMatch(/unshare-rc=[1-9]/)
    expect(seen).toMatch(/unix: EPERM|unix: EACCES/)
    expect(seen).toContain('inside-rc=0')
    expect(existsSync(path.join(outside, 'escape.txt'))).toBe(false)
    expect(existsSync(path.join(repo.work, '.git', 'hooks', 'pre-commit'))).toBe(false)

    // Network: a direct connection has no route out, the proxy refuses the port, the API kept working.
    expect(seen).toMatch(/direct-failed:/)
    expect(seen).not.toContain('reached-the-forbidden-port')
    expect(api.requests.filter(q => !q.isSideRequest)).toHaveLength(3)

    // The Read tool (in the CLI's own process) sees the same: the real HOME's credential file and the
    // included credentials file are unreadable (the CLI itself refuses to read /proc files).
    const reads = api.requests[2]!.lastToolResults
    expect(reads).toHaveLength(3)
    for (const t of TOKENS) expect(reads.map(x => x.content).join('\n'), t).not.toContain(t)
    expect(reads[1]!.content).toMatch(/EACCES|permission denied/i)
    expect(reads[2]!.content).toMatch(/EACCES|permission denied|does not exist/i)

    // The denied host, with the task, in the log and the summary.
    const denied = `127.0.0.1:${otherPort}`
    expect(log).toMatch(new RegExp(`sandbox blocked .*${denied.replace(/\./g, '\\.')}`))
    expect(r.summary).toContain('Blocked connections')
    expect(r.summary).toContain(denied)
    expect(r.summary).toContain('<code>probe</code>')
    const state = JSON.parse(repo.read(repo.work, 'task.json'))
    expect(state.tasks[0].status).toBe('completed')
  }, 120_000)
})

describeWithSandbox('sandbox: required and auto where bubblewrap is missing', () => {
  const noBwrap = () => {
    const dir = pathWithout('bwrap')
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }))
    return dir
  }

  it('required fails before any task runs, with the diagnosis, and changes nothing', async () => {
    repo = await makeRepo({ files: { 'task.json': taskFile([{ id: 'a', description: 'Write a file' }]) } })
    const before = await repo.git(repo.work, 'rev-parse', 'HEAD')
    const taskBefore = repo.read(repo.work, 'task.json')
    api = await startMessagesApi(() => ({ text: 'should not be asked' }))
    const r = await runAction({
      workspace: repo.work,
      inputs: {
        'claude-path': CLAUDE_BIN,
        model: TEST_MODEL,
        sandbox: 'required',
        'github-token': INPUT_TOKEN
      },
      env: { ANTHROPIC_BASE_URL: api.url, ANTHROPIC_API_KEY: DUMMY_API_KEY, PATH: noBwrap() }
    })
    const log = visibleLog(r.log)
    expect(r.exitCode, log).toBe(1)
    expect(log).toMatch(
      /::error.*sandbox: required, but containment cannot be set up: bubblewrap \(bwrap\) not found on PATH/
    )
    expect(api.requests).toHaveLength(0)
    expect(await repo.git(repo.work, 'rev-parse', 'HEAD')).toBe(before)
    expect(await repo.git(repo.work, 'status', '--porcelain')).toBe('')
    expect(await repo.git(repo.work, 'rev-parse', '--abbrev-ref', 'HEAD')).toBe('main')
    expect(repo.read(repo.work, 'task.json')).toBe(taskBefore)
    expect(await repo.git(repo.work, 'ls-remote', '--heads', 'origin')).not.toContain('taskmesh/')
  }, 60_000)

  it('auto warns loudly in the log and the summary, and runs the task uncontained', async () => {
    repo = await makeRepo({ files: { 'task.json': taskFile([{ id: 'a', description: 'Write a file' }]) } })
    api = await startMessagesApi(ctx =>
      ctx.turn === 0
        ? { tools: [{ name: 'Write', input: { file_path: path.join(ctx.cwd!, 'a.txt'), content: 'a\n' } }] }
        : { text: 'done' }
    )
    const r = await runAction({
      workspace: repo.work,
      inputs: { 'claude-path': CLAUDE_BIN, model: TEST_MODEL },
      env: { ANTHROPIC_BASE_URL: api.url, ANTHROPIC_API_KEY: DUMMY_API_KEY, PATH: noBwrap() }
    })
    const log = visibleLog(r.log)
    expect(r.exitCode, log).toBe(0)
    expect(log).toMatch(/NOT SANDBOXED: bubblewrap \(bwrap\) not found on PATH/)
    expect(r.summary).toContain('**Not sandboxed:** bubblewrap (bwrap) not found on PATH')
    expect(JSON.parse(repo.read(repo.work, 'task.json')).tasks[0].status).toBe('completed')
  }, 60_000)
})

// Needs no sandbox: bubblewrap is taken off PATH on purpose.
describe('a run with nothing to do', () => {
  it('starts neither Claude nor the sandbox, and ends with the usual outputs', async () => {
    const done = { status: 'completed', completedAt: '2026-01-01T00:00:00.000Z' }
    repo = await makeRepo({
      files: {
        'task.json':
          JSON.stringify(
            {
              project: 'finished-tasks',
              tasks: [
                { id: 'a', description: 'Write a file', ...done },
                { id: 'b', description: 'And another', dependencies: ['a'], ...done }
              ]
            },
            null,
            2
          ) + '\n'
      }
    })
    const before = await repo.git(repo.work, 'rev-parse', 'HEAD')
    const dir = pathWithout('bwrap')
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }))
    api = await startMessagesApi(() => ({ text: 'should not be asked' }))
    const r = await runAction({
      workspace: repo.work,
      inputs: {
        // Neither is looked at: a CLI that is not there, a sandbox that cannot start here.
        'claude-path': path.join(dir, 'no-such-claude'),
        model: TEST_MODEL,
        sandbox: 'required',
        'github-token': INPUT_TOKEN
      },
      env: { ANTHROPIC_BASE_URL: api.url, ANTHROPIC_API_KEY: DUMMY_API_KEY, PATH: dir }
    })
    const log = visibleLog(r.log)
    expect(r.exitCode, log).toBe(0)
    expect(log).toContain('nothing to do: no task was ready (Claude and the sandbox were not started)')
    expect(log).not.toMatch(/sandbox: on|bubblewrap|no-such-claude/)
    expect(api.requests).toHaveLength(0)
    expect(r.outputs.completed).toBe('["a","b"]')
    expect(r.outputs.ready).toBe('[]')
    expect(Number(r.outputs['total-cost-usd'])).toBe(0)
    expect(r.outputs['transcripts-dir']).toBeTruthy()
    // The run's summary as always, without a sandbox line: nothing ran that it could speak of.
    expect(r.summary).toContain('finished-tasks')
    expect(r.summary).not.toMatch(/sandbox/i)
    expect(await repo.git(repo.work, 'rev-parse', 'HEAD')).toBe(before)
    expect(await repo.git(repo.work, 'status', '--porcelain')).toBe('')
  }, 60_000)

  it('a pending task still needs both: the missing CLI stops the run before it, nothing changed', async () => {
    repo = await makeRepo({ files: { 'task.json': taskFile([{ id: 'a', description: 'Write a file' }]) } })
    const before = await repo.git(repo.work, 'rev-parse', 'HEAD')
    const taskBefore = repo.read(repo.work, 'task.json')
    api = await startMessagesApi(() => ({ text: 'should not be asked' }))
    const r = await runAction({
      workspace: repo.work,
      inputs: { 'claude-path': path.join(repo.work, 'no-such-claude'), model: TEST_MODEL, sandbox: 'off' },
      env: { ANTHROPIC_BASE_URL: api.url, ANTHROPIC_API_KEY: DUMMY_API_KEY }
    })
    expect(r.exitCode, visibleLog(r.log)).toBe(1)
    expect(visibleLog(r.log)).toMatch(/::error.*no-such-claude/)
    expect(api.requests).toHaveLength(0)
    expect(await repo.git(repo.work, 'rev-parse', 'HEAD')).toBe(before)
    expect(repo.read(repo.work, 'task.json')).toBe(taskBefore)
  }, 60_000)
})
