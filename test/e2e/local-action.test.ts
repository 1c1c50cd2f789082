// The action under @github/local-action, GitHub's local emulator of the runner (what actions/typescript-action
// recommends for debugging): `local-action run <repo> src/action/main.ts <.env>`, in plan mode and in run mode with the
// real Claude Code CLI against the local Messages API. It runs the sources (tsx) with its own stand-ins for
// @actions/core and @actions/github, reads inputs from the .env, fills in action.yml's defaults unevaluated,
// prints the outputs as a table and writes the summary to GITHUB_STEP_SUMMARY.
import { spawn } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { CLAUDE_BIN, DUMMY_API_KEY, TEST_MODEL } from '../support/claude-env.js'
import { NODE, ROOT } from '../support/action.js'
import { startMessagesApi, type MessagesApi } from '../support/messages-api.js'
import { makeRepo, TEST_ENV, type TestRepo } from '../support/repo.js'

const LOCAL_ACTION = path.join(ROOT, 'node_modules', '@github', 'local-action', 'bin', 'local-action.js')
const LOCAL_ACTION_TIMEOUT_MS = 150_000

let api: MessagesApi | undefined
let repo: TestRepo | undefined
const temps: string[] = []
afterEach(async () => {
  await api?.close()
  repo?.cleanup()
  temps.splice(0).forEach(d => rmSync(d, { recursive: true, force: true }))
})

interface LocalRun {
  exitCode: number | null
  log: string
  /** The "Action Outputs" table local-action prints at the end. */
  outputs: Record<string, string>
  summary: string
}

/** Runs local-action as a person would from the repository root, with `vars` as the .env file. */
function localAction(vars: Record<string, string>): Promise<LocalRun> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'taskmesh-local-action-'))
  temps.push(dir)
  const summaryFile = path.join(dir, 'summary.md')
  writeFileSync(summaryFile, '')
  const envFile = path.join(dir, '.env')
  const all = { GITHUB_STEP_SUMMARY: summaryFile, ...vars }
  writeFileSync(
    envFile,
    Object.entries(all)
      .map(([k, v]) => `${k}=${JSON.stringify(v)}\n`)
      .join('')
  )
  return new Promise((resolve, reject) => {
    let log = ''
    const child = spawn(NODE, [LOCAL_ACTION, 'run', ROOT, 'src/action/main.ts', envFile], {
      cwd: ROOT,
      env: {
        // local-action starts `npm exec tsx`, whose `node` comes from PATH: the same node as this run's.
        PATH: `${path.dirname(NODE)}${path.delimiter}${process.env.PATH}`,
        HOME: process.env.HOME,
        LANG: 'C.UTF-8',
        NO_COLOR: '1',
        ...TEST_ENV
      },
      stdio: ['ignore', 'pipe', 'pipe']
    })
    child.stdout.on('data', (b: Buffer) => (log += b.toString()))
    child.stderr.on('data', (b: Buffer) => (log += b.toString()))
    // local-action starts tsx through npm and compiles the sources: about 6 s of CPU, which on a busy shared
    // machine can take more than a minute of wall time.
    const timer = setTimeout(() => child.kill('SIGKILL'), LOCAL_ACTION_TIMEOUT_MS - 10_000)
    child.on('error', reject)
    child.on('close', exitCode => {
      clearTimeout(timer)
      resolve({ exitCode, log, outputs: outputTable(log), summary: readFileSync(summaryFile, 'utf8') })
    })
  })
}

/** Rows `│ 0 │ 'ready' │ '["a"]' │` after the "Action Outputs" title (console.table quotes strings). */
function outputTable(log: string): Record<string, string> {
  const out: Record<string, string> = {}
  const start = log.indexOf('Action Outputs')
  if (start < 0) return out
  for (const line of log.slice(start).split('\n')) {
    const m = /^│ \d+\s+│ '([a-z-]+)'\s+│ '(.*)'\s+│$/.exec(line)
    if (m) out[m[1]] = m[2]
  }
  return out
}

const taskFile = (tasks: unknown[]) =>
  JSON.stringify({ project: 'demo', description: 'A demo project.', tasks, logs: [] }, null, 2) + '\n'

describe('@github/local-action', () => {
  it(
    'runs mode: plan from src/action/main.ts: outputs, summary, nothing changed',
    async () => {
      const file = taskFile([
        { id: 'a', description: 'Write a.txt' },
        { id: 'b', description: 'Write b.txt', dependencies: ['a'] }
      ])
      repo = await makeRepo({ files: { 'task.json': file } })
      const r = await localAction({ INPUT_MODE: 'plan', GITHUB_WORKSPACE: repo.work })
      expect(r.exitCode, r.log).toBe(0)
      expect(r.log).not.toContain('does not export a run() function')
      expect(r.outputs, r.log).toMatchObject({
        ready: '["a"]',
        matrix: '{"task":["a"]}',
        completed: '[]',
        pending: '["a","b"]'
      })
      expect(r.summary).toContain('Taskmesh plan · demo')
      expect(r.summary).toContain('wave')
      expect(repo.read(repo.work, 'task.json')).toBe(file)
    },
    LOCAL_ACTION_TIMEOUT_MS
  )

  it(
    'runs mode: run with the real CLI: the task commits and pushes; the unevaluated token is not used',
    async () => {
      repo = await makeRepo({ files: { 'task.json': taskFile([{ id: 'a', description: 'Write a.txt' }]) } })
      api = await startMessagesApi(ctx =>
        ctx.turn === 0
          ? { tools: [{ name: 'Write', input: { file_path: path.join(ctx.cwd!, 'a.txt'), content: 'a\n' } }] }
          : { text: 'Wrote a.txt' }
      )
      const home = mkdtempSync(path.join(os.tmpdir(), 'taskmesh-home-'))
      temps.push(home)
      const r = await localAction({
        GITHUB_WORKSPACE: repo.work,
        RUNNER_TEMP: path.join(home, 'runner-temp'),
        'INPUT_CLAUDE-PATH': CLAUDE_BIN,
        INPUT_MODEL: TEST_MODEL,
        ANTHROPIC_API_KEY: DUMMY_API_KEY,
        ANTHROPIC_BASE_URL: api.url,
        CLAUDE_CODE_MAX_RETRIES: '0',
        HOME: home
      })
      expect(r.exitCode, r.log).toBe(0)
      // local-action filled in github-token's default as text: a notice, and no credential from it.
      expect(r.log).toContain(
        'input "github-token" is the unevaluated expression ${{ github.token }} (nothing evaluated it before the action started): treated as not set'
      )
      expect(r.outputs, r.log).toMatchObject({
        completed: '["a"]',
        failed: '[]',
        ready: '[]',
        branch: 'main'
      })
      expect(Number(r.outputs['total-cost-usd'])).toBeGreaterThan(0)
      const head = await repo.git(repo.origin, 'rev-parse', 'main')
      expect(r.outputs['head-sha']).toBe(head)
      // The task's commit, then the state commit that records its hash in task.json.
      expect((await repo.git(repo.origin, 'log', '-2', '--format=%s', 'main')).split('\n')).toEqual([
        'taskmesh: record the commit of a in the task file',
        'taskmesh: a completed — Write a.txt'
      ])
      expect(r.summary).toContain('## 🕸️ Taskmesh · demo')
      expect(r.summary).toContain('**✅ 1 completed · ❌ 0 failed')
      expect(r.summary).toContain('| <code>a</code> Write a.txt | ✅ completed | 1 |')
      expect(api.requests.length).toBeGreaterThan(0)
    },
    LOCAL_ACTION_TIMEOUT_MS
  )
})
