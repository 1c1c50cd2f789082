/**
 * Runs the bundled action (dist/index.js) the way a GitHub runner does: inputs as INPUT_* variables,
 * GITHUB_OUTPUT / GITHUB_STEP_SUMMARY files, GITHUB_WORKSPACE, GITHUB_EVENT_PATH, RUNNER_TEMP. Returns
 * what the runner would see: the exit code, the log, the outputs and the summary.
 */
import { spawn } from 'node:child_process'
import { mkdtempSync, readFileSync, writeFileSync, existsSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')
export const ACTION_ENTRY = path.join(ROOT, 'dist', 'index.js')
export const CLI_ENTRY = path.join(ROOT, 'dist', 'cli.js')
/**
 * The node that starts the bundles: TASKMESH_TEST_NODE when set (CI runs the end-to-end tests again with the
 * runner's Node 24, from scripts/node24.sh), else the node running the tests.
 */
export const NODE = process.env.TASKMESH_TEST_NODE || process.execPath

export interface ActionRun {
  exitCode: number | null
  signal: string | null
  /** stdout and stderr together, in order. */
  log: string
  outputs: Record<string, string>
  summary: string
  runnerTemp: string
}

/** Parses the GITHUB_OUTPUT file format: `name<<delimiter\nvalue\ndelimiter` or `name=value`. */
export function parseOutputFile(text: string): Record<string, string> {
  const out: Record<string, string> = {}
  const lines = text.split('\n')
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]
    const heredoc = /^([^=<]+)<<(.+)$/.exec(line)
    if (heredoc) {
      const [, name, delim] = heredoc
      const value: string[] = []
      while (++i < lines.length && lines[i] !== delim) value.push(lines[i])
      out[name] = value.join('\n')
    } else if (line.includes('=')) {
      const eq = line.indexOf('=')
      out[line.slice(0, eq)] = line.slice(eq + 1)
    }
  }
  return out
}

export interface RunActionOptions {
  workspace: string
  inputs?: Record<string, string>
  env?: NodeJS.ProcessEnv
  /** The webhook payload written to GITHUB_EVENT_PATH. */
  event?: { name: string; payload: unknown }
  timeoutMs?: number
  /** Called with the child right after it starts (to kill it mid-task, for example). */
  onStart?: (child: import('node:child_process').ChildProcess, logSoFar: () => string) => void
}

/**
 * A temp folder removed when the current test ends, passed or failed (test/support/temp-root.ts; outside
 * vitest, in bench/, it stays).
 */
export function testTempDir(prefix: string): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), prefix))
  ;(globalThis as { taskmeshRemoveAfterTest?: (dir: string) => void }).taskmeshRemoveAfterTest?.(dir)
  return dir
}

export function runAction(o: RunActionOptions): Promise<ActionRun> {
  const dir = testTempDir('taskmesh-runner-')
  const outputFile = path.join(dir, 'output')
  const summaryFile = path.join(dir, 'summary')
  const eventFile = path.join(dir, 'event.json')
  const runnerTemp = path.join(dir, 'temp')
  writeFileSync(outputFile, '')
  writeFileSync(summaryFile, '')
  writeFileSync(eventFile, JSON.stringify(o.event?.payload ?? {}))
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    // Under the test file's temp folder, so whatever the action puts in os.tmpdir() is removed too.
    TMPDIR: os.tmpdir(),
    LANG: 'C.UTF-8',
    GITHUB_ACTIONS: 'true',
    GITHUB_WORKSPACE: o.workspace,
    GITHUB_OUTPUT: outputFile,
    GITHUB_STEP_SUMMARY: summaryFile,
    GITHUB_EVENT_PATH: eventFile,
    GITHUB_EVENT_NAME: o.event?.name ?? 'workflow_dispatch',
    GITHUB_REPOSITORY: 'octo/demo',
    GITHUB_RUN_ID: '4242',
    GITHUB_SERVER_URL: 'https://github.com',
    RUNNER_TEMP: runnerTemp,
    GIT_CONFIG_GLOBAL: '/dev/null',
    GIT_CONFIG_NOSYSTEM: '1',
    // A push that must be retried (the remote moved) waits 10 ms, not 1 s (src/action/context.ts).
    TASKMESH_PUSH_BACKOFF_MS: '10',
    ...o.env
  }
  for (const [name, value] of Object.entries(o.inputs ?? {})) env[`INPUT_${name.toUpperCase()}`] = value
  return new Promise((resolve, reject) => {
    let log = ''
    const child = spawn(NODE, [ACTION_ENTRY], {
      cwd: o.workspace,
      env,
      stdio: ['ignore', 'pipe', 'pipe']
    })
    child.stdout.on('data', (b: Buffer) => (log += b.toString()))
    child.stderr.on('data', (b: Buffer) => (log += b.toString()))
    const timer = setTimeout(() => child.kill('SIGKILL'), o.timeoutMs ?? 50_000)
    o.onStart?.(child, () => log)
    child.on('error', reject)
    child.on('close', (exitCode, signal) => {
      clearTimeout(timer)
      resolve({
        exitCode,
        signal,
        log,
        outputs: parseOutputFile(readFileSync(outputFile, 'utf8')),
        summary: existsSync(summaryFile) ? readFileSync(summaryFile, 'utf8') : '',
        runnerTemp
      })
    })
  })
}

/** The log as a person sees it: the runner swallows `::add-mask::` commands (they carry the secret itself). */
export function visibleLog(log: string): string {
  return log.replace(/^::add-mask::.*$/gm, '')
}
