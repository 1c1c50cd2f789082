// A GitHub-hosted runner has no `claude`: with no claude-path and none on PATH the action installs the pinned
// version with npm into the runner's temp folder, runs the tasks with it (contained: the sandbox must let it
// be read there) and reuses it in a later step of the job. `npm` here is a stand-in on PATH that records
// what it was asked and links the pinned CLI from devDependencies into the prefix (the real npm would
// download the same package); PATH holds no other `claude`.
import {
  chmodSync,
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  realpathSync,
  writeFileSync
} from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { testTempDir, runAction } from '../support/action.js'
import { CLAUDE_BIN, DUMMY_API_KEY, TEST_MODEL } from '../support/claude-env.js'
import { startMessagesApi, writeFileThenDone, type MessagesApi } from '../support/messages-api.js'
import { makeRepo, type TestRepo } from '../support/repo.js'
import { DEFAULT_CLAUDE_VERSION } from '../../src/inputs/table.js'

let api: MessagesApi | undefined
let repo: TestRepo | undefined
afterEach(async () => {
  await api?.close()
  repo?.cleanup()
  api = repo = undefined
})

const taskFile = (ids: string[]) =>
  JSON.stringify(
    { project: 'demo', tasks: ids.map(id => ({ id, description: `Write ${id}.txt` })), logs: [] },
    null,
    2
  ) + '\n'

/**
 * A folder with a stand-in `npm` (appending its arguments, and whether it saw secrets, to `npm.log`) first,
 * then the current PATH without the folders that hold a `claude` (node_modules/.bin, a global install).
 */
function runnerPath(npmExit = 0): { path: string; log: string } {
  const bin = testTempDir('taskmesh-npm-')
  const log = path.join(bin, 'npm.log')
  const real = realpathSync(CLAUDE_BIN)
  writeFileSync(
    path.join(bin, 'npm'),
    [
      '#!/bin/bash',
      `echo "$*" >> ${JSON.stringify(log)}`,
      `env | grep -E '^(ANTHROPIC_API_KEY|GITHUB_TOKEN|ACTIONS_RUNTIME_TOKEN|INPUT_[A-Z_-]+)=' | cut -d= -f1 | sed 's/^/saw /' >> ${JSON.stringify(log)}`,
      npmExit !== 0
        ? `echo "npm ERR! 404 Not Found - GET https://registry.npmjs.org/@anthropic-ai%2fclaude-code" >&2; exit ${npmExit}`
        : '',
      'prefix=$3',
      'mkdir -p "$prefix/node_modules/.bin"',
      `ln -s ${JSON.stringify(real)} "$prefix/node_modules/.bin/claude"`,
      'echo "added 1 package"'
    ].join('\n') + '\n'
  )
  chmodSync(path.join(bin, 'npm'), 0o755)
  const rest = (process.env.PATH ?? '')
    .split(path.delimiter)
    .filter(d => d && !existsSync(path.join(d, 'claude')))
  return { path: [bin, ...rest].join(path.delimiter), log }
}

/** The sandbox's socat bridges (their sockets lie in the action's temp folder) still running under `dir`. */
function bridgesUnder(dir: string): string[] {
  const found: string[] = []
  for (const pid of readdirSync('/proc').filter(p => /^\d+$/.test(p))) {
    let cmd: string
    try {
      cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ')
    } catch {
      continue // gone meanwhile
    }
    if (cmd.startsWith('socat ') || cmd.includes('/socat ')) if (cmd.includes(dir)) found.push(cmd)
  }
  return found
}

function env(apiUrl: string, pathVar: string, runnerTemp: string): NodeJS.ProcessEnv {
  return {
    PATH: pathVar,
    RUNNER_TEMP: runnerTemp,
    ANTHROPIC_BASE_URL: apiUrl,
    ANTHROPIC_API_KEY: DUMMY_API_KEY,
    CLAUDE_CODE_MAX_RETRIES: '0',
    ACTIONS_RUNTIME_TOKEN: 'runtime-token-should-not-reach-npm',
    HOME: mkdtempSync(path.join(os.tmpdir(), 'taskmesh-home-'))
  }
}

const inputs = (tasks: string) => ({ model: TEST_MODEL, 'github-token': 'ghs_testtoken1234567890', tasks })

describe('no claude on the runner (end to end through dist/index.js)', () => {
  it('installs the pinned CLI with npm, runs the task with it contained, and a later step reuses it', async () => {
    repo = await makeRepo({ files: { 'task.json': taskFile(['a', 'b']) } })
    api = await startMessagesApi(ctx => writeFileThenDone(`${ctx.taskId}.txt`, 'x\n', 'done')(ctx))
    const runner = runnerPath()
    const runnerTemp = testTempDir('taskmesh-runner-temp-')

    const first = await runAction({
      workspace: repo.work,
      inputs: inputs('a'),
      env: env(api.url, runner.path, runnerTemp),
      timeoutMs: 120_000
    })
    expect(first.exitCode, first.log).toBe(0)
    expect(first.log).toContain(
      `claude is not on PATH: installing @anthropic-ai/claude-code@${DEFAULT_CLAUDE_VERSION} with npm`
    )
    expect(first.log).toMatch(/sandbox: on \(bubblewrap\)/)
    const prefix = path.join(runnerTemp, 'taskmesh', 'claude', DEFAULT_CLAUDE_VERSION)
    // npm was asked for the pinned version, into the runner's temp folder, and saw no secret.
    expect(readFileSync(runner.log, 'utf8')).toBe(
      `install --prefix ${prefix} --no-save --no-audit --no-fund @anthropic-ai/claude-code@${DEFAULT_CLAUDE_VERSION}\n`
    )
    // A task with no status yet is pending.
    const statuses = () =>
      (JSON.parse(repo!.read(repo!.work, 'task.json')) as { tasks: { status?: string }[] }).tasks.map(
        t => t.status ?? 'pending'
      )
    expect(statuses()).toEqual(['completed', 'pending'])

    // A later step of the same job (the same RUNNER_TEMP) finds it there: no second install.
    const second = await runAction({
      workspace: repo.work,
      inputs: inputs('b'),
      env: env(api.url, runner.path, runnerTemp),
      timeoutMs: 120_000
    })
    expect(second.exitCode, second.log).toBe(0)
    expect(second.log).not.toContain('installing @anthropic-ai/claude-code')
    expect(readFileSync(runner.log, 'utf8').trim().split('\n')).toHaveLength(1)
    expect(statuses()).toEqual(['completed', 'completed'])
  }, 180_000)

  it('fails before any task when npm cannot install it, says what to do, and changes nothing', async () => {
    repo = await makeRepo({ files: { 'task.json': taskFile(['a']) } })
    api = await startMessagesApi(() => ({ text: 'never asked' }))
    const runner = runnerPath(1)
    const before = repo.read(repo.work, 'task.json')
    const r = await runAction({
      workspace: repo.work,
      inputs: inputs(''),
      env: env(api.url, runner.path, testTempDir('taskmesh-runner-temp-'))
    })
    expect(r.exitCode).toBe(1)
    expect(r.log).toMatch(
      new RegExp(
        `could not install Claude Code ${DEFAULT_CLAUDE_VERSION.replace(/\./g, '\\.')} with npm \\(exit 1\\): npm ERR! 404 .*set claude-path`
      )
    )
    expect(api.requests).toEqual([])
    // The sandbox, started beside the install, was stopped: no socket bridge of this run is left running.
    expect(bridgesUnder(os.tmpdir())).toEqual([])
    expect(repo.read(repo.work, 'task.json')).toBe(before)
    expect(await repo.git(repo.work, 'status', '--porcelain')).toBe('')
    expect(await repo.git(repo.origin, 'rev-list', '--count', 'main')).toBe('1')
  })
})
