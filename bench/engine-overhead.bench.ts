/**
 * Engine overhead benchmark: the action's own cost per task, everything except the Claude Code CLI.
 *
 *   node scripts/run-ts.mjs bench/engine-overhead.bench.ts [--tasks 50] [--runs 3] [--profile-git] [--cpu-prof DIR]
 *     [--baseline OTHER/dist/index.js]
 *
 * Runs dist/index.js like a runner does, on a task file of N independent tasks, against the project's local
 * Messages API (each task: one Write tool call, then a final text: 2 model turns). `claude-path` points at a
 * tiny bash wrapper around the real CLI (node_modules/.bin/claude) that appends the wall-clock start and end
 * of every invocation to a file (bash's $EPOCHREALTIME: µs resolution, no extra process like `date`).
 *
 * - parallel 1: per-task overhead = the gap between one CLI's end and the next CLI's start. The run's start
 *   to the first CLI and the last CLI to the action's exit are reported apart, as fixed costs.
 * - parallel 4: gaps do not exist (CLIs overlap). Overhead = (action wall time − the union of all CLI busy
 *   intervals) / tasks: the time no CLI was running at all, i.e. the engine time on the critical path.
 *   The same measure is also given for parallel 1, where it equals (fixed costs + sum of gaps) / tasks.
 *
 * Configurations: parallel 1 with commit: false (the issue's measure, "local commit excluded"), parallel 1
 * with commit: true, push: false (what the local commit adds), parallel 4 with commit: true, push: false
 * (parallel runs need commits: every task's worktree starts from the run's head).
 *
 * `--profile-git` adds one more parallel-1 commit: false run with `git` wrapped on PATH (a timing wrapper like
 * the CLI's), and splits each gap into the action's git calls and the rest; it also times one atomic write
 * of task.json. The wrapper adds a bash start to every git call, so that run's gaps are longer than the real
 * ones. `--cpu-prof DIR` also runs that action under `node --cpu-prof` and leaves the profile in DIR.
 *
 * `--baseline FILE` runs every configuration a second time with another build's dist/index.js (a worktree of
 * an older commit, say), interleaved with this one, and reports this build's headline over the baseline's:
 * on a noisy machine a before/after comparison is only fair within one run.
 */
import { spawn, spawnSync } from 'node:child_process'
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseOutputFile } from '../test/support/action.js'
import { DUMMY_API_KEY, TEST_MODEL } from '../test/support/claude-env.js'
import { startMessagesApi, type MessagesApi } from '../test/support/messages-api.js'
import { makeRepo } from '../test/support/repo.js'
import { TaskDocument } from '../src/taskfile/document.js'

const GOAL_MS = 50

// Resolved from this file (bench/), which is also where scripts/run-ts.mjs puts the bundle it runs.
export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
export const ACTION = path.join(ROOT, 'dist', 'index.js')
export const CLAUDE_BIN = path.join(ROOT, 'node_modules', '.bin', 'claude')

export interface ActionResult {
  exitCode: number | null
  signal: string | null
  log: string
  outputs: Record<string, string>
  /** Date.now() right after the spawn, and when the process had exited and closed its pipes. */
  startedAt: number
  endedAt: number
}

/**
 * Runs dist/index.js like a runner (inputs as INPUT_*, GITHUB_* files, RUNNER_TEMP), in a runner folder made
 * under `dir` (left for the caller to remove). Killed after `timeoutMs`.
 */
export function runActionTimed(o: {
  workspace: string
  dir: string
  inputs: Record<string, string>
  env: NodeJS.ProcessEnv
  timeoutMs: number
  /** Extra node flags, e.g. --cpu-prof for profiling. */
  nodeArgs?: string[]
  /** The bundle to run (default: this checkout's dist/index.js). */
  action?: string
}): Promise<ActionResult> {
  const runner = mkdtempSync(path.join(o.dir, 'runner-'))
  const outputFile = path.join(runner, 'output')
  writeFileSync(outputFile, '')
  writeFileSync(path.join(runner, 'summary'), '')
  writeFileSync(path.join(runner, 'event.json'), '{}')
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    LANG: 'C.UTF-8',
    GITHUB_ACTIONS: 'true',
    GITHUB_WORKSPACE: o.workspace,
    GITHUB_OUTPUT: outputFile,
    GITHUB_STEP_SUMMARY: path.join(runner, 'summary'),
    GITHUB_EVENT_PATH: path.join(runner, 'event.json'),
    GITHUB_EVENT_NAME: 'workflow_dispatch',
    GITHUB_REPOSITORY: 'bench/taskmesh',
    GITHUB_RUN_ID: `${process.pid}${Math.floor(Math.random() * 1e6)}`,
    GITHUB_SERVER_URL: 'https://github.com',
    RUNNER_TEMP: path.join(runner, 'temp'),
    GIT_CONFIG_GLOBAL: '/dev/null',
    GIT_CONFIG_NOSYSTEM: '1',
    // BENCH_GIT_TRACE=FILE: git's own trace of every git call of the run (with times), to see a gap's calls.
    ...(process.env.BENCH_GIT_TRACE ? { GIT_TRACE: process.env.BENCH_GIT_TRACE } : {}),
    ...o.env
  }
  for (const [name, value] of Object.entries(o.inputs)) env[`INPUT_${name.toUpperCase()}`] = value
  return new Promise((resolve, reject) => {
    let log = ''
    const child = spawn(process.execPath, [...(o.nodeArgs ?? []), o.action ?? ACTION], {
      cwd: o.workspace,
      env,
      stdio: ['ignore', 'pipe', 'pipe']
    })
    const startedAt = Date.now()
    child.stdout.on('data', (b: Buffer) => (log += b.toString()))
    child.stderr.on('data', (b: Buffer) => (log += b.toString()))
    const timer = setTimeout(() => child.kill('SIGKILL'), o.timeoutMs)
    child.on('error', reject)
    child.on('close', (exitCode, signal) => {
      const endedAt = Date.now()
      clearTimeout(timer)
      resolve({
        exitCode,
        signal,
        log,
        outputs: parseOutputFile(readFileSync(outputFile, 'utf8')),
        startedAt,
        endedAt
      })
    })
  })
}

interface Interval {
  start: number
  end: number
  exitCode: number
}

interface RunResult {
  label: string
  parallel: number
  commit: boolean
  tasks: number
  wallMs: number
  cli: Interval[]
  /** parallel 1: end of one CLI → start of the next. */
  gaps: number[]
  firstCliMs: number
  afterLastCliMs: number
  cliBusyUnionMs: number
  cliSumMs: number
  /** --profile-git: the action's git calls. */
  git?: GitCall[]
}

/** The middle value; the mean of the two middle values for an even count. */
export function median(xs: number[]): number {
  if (xs.length === 0) return NaN
  const s = [...xs].sort((a, b) => a - b)
  const m = s.length >> 1
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2
}

/** Nearest-rank quantile (p90 of 49 values is the 45th smallest). */
export function quantile(xs: number[], q: number): number {
  if (xs.length === 0) return NaN
  const s = [...xs].sort((a, b) => a - b)
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1))]!
}

/** Total length of the union of intervals. */
export function unionLength(intervals: { start: number; end: number }[]): number {
  const s = [...intervals].sort((a, b) => a.start - b.start)
  let total = 0
  let curStart = -Infinity
  let curEnd = -Infinity
  for (const i of s) {
    if (i.start > curEnd) {
      if (curEnd > curStart) total += curEnd - curStart
      curStart = i.start
      curEnd = i.end
    } else curEnd = Math.max(curEnd, i.end)
  }
  if (curEnd > curStart) total += curEnd - curStart
  return total
}

/** A bash script that runs `real` with its arguments and stdin and appends `start end exit` (ms) to `log`. */
export function writeTimingWrapper(file: string, real: string, log: string): void {
  const q = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`
  writeFileSync(
    file,
    [
      '#!/bin/bash',
      's=$EPOCHREALTIME',
      `${q(real)} "$@"`,
      'rc=$?',
      'e=$EPOCHREALTIME',
      `printf '%s %s %s\\n' "$s" "$e" "$rc" >> ${q(log)}`,
      'exit $rc',
      ''
    ].join('\n')
  )
  chmodSync(file, 0o755)
}

/** Reads the wrapper's log: one interval per CLI invocation, in ms since the epoch, sorted by start. */
export function readIntervals(log: string): Interval[] {
  if (!existsSync(log)) return []
  return readFileSync(log, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map(line => {
      const [s, e, rc] = line.split(' ')
      return { start: Number(s) * 1000, end: Number(e) * 1000, exitCode: Number(rc) }
    })
    .sort((a, b) => a.start - b.start)
}

/**
 * A git wrapper for --profile-git: logs `start end subcommand arg` (ms) of every git call the action makes.
 * Calls made by Claude (their environment carries the engine's TASKMESH_CLAUDE_RUN marker) are not logged.
 */
function writeGitWrapper(dir: string, log: string): void {
  const realGit = spawnSync('bash', ['-c', 'command -v git'], { encoding: 'utf8' }).stdout.trim()
  const q = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`
  writeFileSync(
    path.join(dir, 'git'),
    [
      '#!/bin/bash',
      `if [ -n "$TASKMESH_CLAUDE_RUN" ]; then exec ${q(realGit)} "$@"; fi`,
      'args=("$@"); i=0',
      // Skip the `-c key=value` pairs the action puts in front of the subcommand.
      'while [ "${args[$i]}" = "-c" ]; do i=$((i+2)); done',
      's=$EPOCHREALTIME',
      `${q(realGit)} "$@"`,
      'rc=$?',
      'e=$EPOCHREALTIME',
      `printf '%s %s %s %s\\n' "$s" "$e" "\${args[$i]}" "\${args[$((i+1))]}" >> ${q(log)}`,
      'exit $rc',
      ''
    ].join('\n')
  )
  chmodSync(path.join(dir, 'git'), 0o755)
}

interface GitCall {
  start: number
  end: number
  name: string
}

function readGitCalls(log: string): GitCall[] {
  if (!existsSync(log)) return []
  return readFileSync(log, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map(line => {
      const [s, e, sub, arg] = line.split(' ')
      const name = sub === 'rev-parse' || sub === 'diff' ? `${sub} ${arg ?? ''}`.trim() : (sub ?? '?')
      return { start: Number(s) * 1000, end: Number(e) * 1000, name }
    })
}

const taskFile = (n: number) =>
  `${JSON.stringify(
    {
      project: 'overhead',
      description: 'Engine overhead benchmark.',
      tasks: Array.from({ length: n }, (_, i) => ({
        id: `t${String(i + 1).padStart(2, '0')}`,
        description: `Write t${i + 1}.txt`
      }))
    },
    null,
    2
  )}\n`

async function startApi(): Promise<MessagesApi> {
  return startMessagesApi(ctx => {
    if (ctx.turn === 0) {
      if (!ctx.cwd) throw new Error('no working directory in the request')
      return {
        tools: [
          {
            name: 'Write',
            input: { file_path: path.join(ctx.cwd, `${ctx.taskId}.txt`), content: `${ctx.taskId}\n` }
          }
        ]
      }
    }
    return { text: `Wrote ${ctx.taskId}.txt` }
  })
}

async function runOnce(o: {
  label: string
  tasks: number
  parallel: number
  commit: boolean
  top: string
  profileGit?: boolean
  cpuProfDir?: string
  action?: string
}): Promise<RunResult> {
  const dir = mkdtempSync(path.join(o.top, 'run-'))
  const log = path.join(dir, 'cli-times.log')
  const wrapper = path.join(dir, 'claude-timed')
  writeTimingWrapper(wrapper, CLAUDE_BIN, log)
  const home = path.join(dir, 'home')
  mkdirSync(home)
  const gitLog = path.join(dir, 'git-calls.log')
  const env: NodeJS.ProcessEnv = {
    ANTHROPIC_BASE_URL: '',
    ANTHROPIC_API_KEY: DUMMY_API_KEY,
    CLAUDE_CODE_MAX_RETRIES: '0',
    HOME: home
  }
  if (o.profileGit) {
    const bin = path.join(dir, 'bin')
    mkdirSync(bin)
    writeGitWrapper(bin, gitLog)
    env.PATH = `${bin}:${process.env.PATH}`
  }
  const repo = await makeRepo({ files: { 'task.json': taskFile(o.tasks), 'README.md': '# bench\n' } })
  const api = await startApi()
  env.ANTHROPIC_BASE_URL = api.url
  try {
    const r = await runActionTimed({
      workspace: repo.work,
      dir,
      inputs: {
        'claude-path': wrapper,
        model: TEST_MODEL,
        'github-token': '',
        commit: String(o.commit),
        push: 'false',
        parallel: String(o.parallel),
        'task-timeout-minutes': '5',
        // The wrapper logs its timings outside the working tree, where a contained CLI cannot write; what
        // containment adds per task is measured on its own (bench/sandbox.bench.ts).
        sandbox: 'off'
      },
      env,
      timeoutMs: 30 * 60_000,
      nodeArgs: o.cpuProfDir ? ['--cpu-prof', `--cpu-prof-dir=${o.cpuProfDir}`] : [],
      action: o.action
    })
    const t0 = r.startedAt
    const t1 = r.endedAt
    const state = JSON.parse(readFileSync(path.join(repo.work, 'task.json'), 'utf8')) as {
      tasks: { id: string; status: string }[]
    }
    const notDone = state.tasks.filter(t => t.status !== 'completed')
    if (r.exitCode !== 0 || notDone.length > 0)
      throw new Error(
        `${o.label}: the run did not complete (exit ${r.exitCode}, ${notDone.length} task(s) not completed)\n${r.log.slice(-3000)}`
      )
    const cli = readIntervals(log)
    if (cli.length !== o.tasks)
      throw new Error(`${o.label}: expected ${o.tasks} CLI invocations, the wrapper saw ${cli.length}`)
    const gaps: number[] = []
    for (let i = 1; i < cli.length; i++) gaps.push(cli[i]!.start - cli[i - 1]!.end)
    const result: RunResult = {
      label: o.label,
      parallel: o.parallel,
      commit: o.commit,
      tasks: o.tasks,
      wallMs: t1 - t0,
      cli,
      gaps,
      firstCliMs: cli[0]!.start - t0,
      afterLastCliMs: t1 - Math.max(...cli.map(c => c.end)),
      cliBusyUnionMs: unionLength(cli),
      cliSumMs: cli.reduce((s, c) => s + c.end - c.start, 0)
    }
    if (o.profileGit) result.git = readGitCalls(gitLog)
    return result
  } finally {
    await api.close()
    repo.cleanup()
    rmSync(dir, { recursive: true, force: true })
  }
}

/** Median time to start `bash` running the wrapper around /bin/true, minus /bin/true alone: the wrapper's own cost. */
function wrapperCostMs(top: string): number {
  const w = path.join(top, 'true-timed')
  writeTimingWrapper(w, '/bin/true', path.join(top, 'true-times.log'))
  const time = (cmd: string) => {
    const xs: number[] = []
    for (let i = 0; i < 30; i++) {
      const t = process.hrtime.bigint()
      spawnSync(cmd)
      xs.push(Number(process.hrtime.bigint() - t) / 1e6)
    }
    return median(xs)
  }
  return time(w) - time('/bin/true')
}

const args = process.argv.slice(2)
const isMain = /engine-overhead\.bench\.(ts|mjs)$/.test(process.argv[1] ?? '')
if (isMain) {
  const num = (name: string, dflt: number) => {
    const i = args.indexOf(name)
    return i === -1 ? dflt : Number(args[i + 1])
  }
  const tasks = num('--tasks', 50)
  const runs = num('--runs', 3)
  const cpuProfIndex = args.indexOf('--cpu-prof')
  const cpuProfDir = cpuProfIndex === -1 ? undefined : path.resolve(args[cpuProfIndex + 1] ?? 'cpu-prof')
  const profile = args.includes('--profile-git') || cpuProfDir !== undefined
  const baselineIndex = args.indexOf('--baseline')
  const baseline = baselineIndex === -1 ? undefined : path.resolve(args[baselineIndex + 1] ?? '')
  if (baseline && !existsSync(baseline)) throw new Error(`--baseline: ${baseline} does not exist`)
  const loadStart = os.loadavg()[0]!.toFixed(1)
  const top = mkdtempSync(path.join(os.tmpdir(), 'taskmesh-bench-overhead-'))
  const results: RunResult[] = []
  let wrapperMs = 0
  let writeMs = NaN
  try {
    wrapperMs = wrapperCostMs(top)
    const configs: { label: string; parallel: number; commit: boolean; action?: string }[] = [
      { label: 'parallel 1, commit: false', parallel: 1, commit: false },
      { label: 'parallel 1, commit: true (no push)', parallel: 1, commit: true },
      { label: 'parallel 4, commit: true (no push)', parallel: 4, commit: true }
    ]
    // Before/after in one run: every configuration also with another build, interleaved with this one.
    if (baseline)
      for (const c of [...configs]) configs.push({ ...c, label: `${c.label}, baseline`, action: baseline })
    // Interleaved (A B C A B C …) so slow phases of a noisy machine hit every configuration alike.
    for (let r = 0; r < runs; r++)
      for (const c of configs) {
        const res = await runOnce({ ...c, tasks, top })
        results.push(res)
        console.error(
          `  ${c.label} run ${r + 1}: wall ${(res.wallMs / 1000).toFixed(1)} s, ` +
            (c.parallel === 1
              ? `median gap ${median(res.gaps).toFixed(1)} ms`
              : `(wall − CLI busy) / task ${((res.wallMs - res.cliBusyUnionMs) / tasks).toFixed(1)} ms`)
        )
      }
    if (profile) {
      writeMs = await documentWriteMs(top, tasks)
      results.push(
        await runOnce({
          label: 'profile',
          parallel: 1,
          commit: false,
          tasks,
          top,
          profileGit: true,
          cpuProfDir
        })
      )
    }
  } finally {
    rmSync(top, { recursive: true, force: true })
  }

  const load = `load average ${loadStart} at the start, ${os.loadavg()[0]!.toFixed(1)} at the end (1 min)`
  const f = (x: number) => x.toFixed(1)
  const f0 = (x: number) => x.toFixed(0)
  const range = (xs: number[], d = f) => `${d(Math.min(...xs))}–${d(Math.max(...xs))}`
  const lines = [
    `Node ${process.version}, ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, ${claudeVersion()}, ` +
      `${tasks} independent tasks, ${runs} run(s) per configuration (interleaved); ${load}.`,
    `Timing wrapper's own cost (bash start, counted as engine time): ${f(wrapperMs)} ms per invocation.`,
    ''
  ]
  const byLabel = new Map<string, RunResult[]>()
  for (const r of results)
    if (r.label !== 'profile') byLabel.set(r.label, [...(byLabel.get(r.label) ?? []), r])

  lines.push(
    '| configuration | per-task gap median (pooled) | gap p90 (pooled) | per-run gap medians | (wall − CLI busy) / task | start → 1st CLI | last CLI → exit | CLI median | wall | goal < 50 ms |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|---|'
  )
  for (const [label, rs] of byLabel) {
    const p1 = rs[0]!.parallel === 1
    const gaps = rs.flatMap(r => r.gaps)
    const perTask = rs.map(r => (r.wallMs - r.cliBusyUnionMs) / r.tasks)
    const cliMedian = median(rs.flatMap(r => r.cli.map(c => c.end - c.start)))
    const headline = p1 ? median(gaps) : median(perTask)
    // The issue's goal: one task at a time, local commit excluded.
    const goalRow = p1 && !rs[0]!.commit
    lines.push(
      `| ${label} | ${p1 ? `**${f(median(gaps))} ms**` : '—'} | ${p1 ? `${f(quantile(gaps, 0.9))} ms` : '—'} | ${p1 ? `${range(rs.map(r => median(r.gaps)))} ms` : '—'} | ${p1 ? '' : '**'}${f(median(perTask))} ms${p1 ? '' : '**'} (${range(perTask)}) | ${f0(median(rs.map(r => r.firstCliMs)))} ms | ${f0(median(rs.map(r => r.afterLastCliMs)))} ms | ${f0(cliMedian)} ms | ${f(median(rs.map(r => r.wallMs)) / 1000)} s | ${goalRow ? (headline < GOAL_MS ? '✅' : '❌') : '(not the goal’s measure)'} |`
    )
  }
  if (baseline) {
    lines.push('', `Against the baseline (${path.relative(process.cwd(), baseline)}), same run:`, '')
    for (const [label, rs] of byLabel) {
      const base = byLabel.get(`${label}, baseline`)
      if (!base) continue
      const headline = (xs: RunResult[]) =>
        xs[0]!.parallel === 1
          ? median(xs.flatMap(r => r.gaps))
          : median(xs.map(r => (r.wallMs - r.cliBusyUnionMs) / r.tasks))
      const now = headline(rs)
      const before = headline(base)
      lines.push(`- ${label}: ${f(before)} → ${f(now)} ms (× ${(now / before).toFixed(2)})`)
    }
  }
  const p4 = byLabel.get('parallel 4, commit: true (no push)')
  if (p4) {
    const conc = p4.map(r => r.cliSumMs / r.wallMs)
    lines.push('', `parallel 4: mean number of CLIs running ${range(conc, x => x.toFixed(2))} (of 4).`)
  }
  const prof = results.find(r => r.label === 'profile')
  if (prof?.git)
    lines.push(
      '',
      ...profileReport(prof, prof.git),
      '',
      `One atomic write of task.json (TaskDocument.write: temp file, fsync, rename, fsync of the folder; ` +
        `done twice per task): median ${f(writeMs)} ms.`
    )
  console.log(lines.join('\n'))
}

/** Where the time between two CLIs goes: the git calls inside each gap, by subcommand, and the rest. */
function profileReport(r: RunResult, calls: GitCall[]): string[] {
  const perGap: { gap: number; git: number; calls: number }[] = []
  const byName = new Map<string, { n: number; ms: number[] }>()
  for (let i = 1; i < r.cli.length; i++) {
    const from = r.cli[i - 1]!.end
    const to = r.cli[i]!.start
    const inside = calls.filter(c => c.start >= from && c.end <= to)
    perGap.push({
      gap: to - from,
      git: inside.reduce((s, c) => s + c.end - c.start, 0),
      calls: inside.length
    })
    for (const c of inside) {
      const e = byName.get(c.name) ?? { n: 0, ms: [] }
      e.n++
      e.ms.push(c.end - c.start)
      byName.set(c.name, e)
    }
  }
  const gaps = r.gaps.length
  const f = (x: number) => x.toFixed(1)
  return [
    `Profile (one more parallel 1, commit: false run, git wrapped on PATH, which adds about a bash start to every git call):`,
    `median gap ${f(median(perGap.map(g => g.gap)))} ms, of which git ${f(median(perGap.map(g => g.git)))} ms ` +
      `in ${median(perGap.map(g => g.calls))} calls; rest (Node, file writes, spawning the CLI) ` +
      `${f(median(perGap.map(g => g.gap - g.git)))} ms. ${calls.length} git calls in the whole run.`,
    '',
    '| git command (per gap between two CLIs) | calls per gap | median ms per call | ms per gap |',
    '|---|---:|---:|---:|',
    ...[...byName.entries()]
      .sort((a, b) => b[1].ms.reduce((x, y) => x + y, 0) - a[1].ms.reduce((x, y) => x + y, 0))
      .map(
        ([k, v]) =>
          `| \`git ${k}\` | ${f(v.n / gaps)} | ${f(median(v.ms))} | ${f(v.ms.reduce((x, y) => x + y, 0) / gaps)} |`
      )
  ]
}

/** Median time of one TaskDocument.write (temp file, fsync, rename, fsync of the folder) of the benchmark's file. */
async function documentWriteMs(top: string, tasks: number): Promise<number> {
  const file = path.join(top, 'write-bench', 'task.json')
  mkdirSync(path.dirname(file), { recursive: true })
  writeFileSync(file, taskFile(tasks))
  const parsed = TaskDocument.parse(readFileSync(file, 'utf8'), 'task.json')
  if (!parsed.ok) throw new Error('benchmark task file is invalid')
  const xs: number[] = []
  for (let i = 0; i < 30; i++) {
    parsed.document.appendLog({ message: `write ${i}` })
    const t = process.hrtime.bigint()
    await parsed.document.write(file)
    xs.push(Number(process.hrtime.bigint() - t) / 1e6)
  }
  return median(xs)
}

function claudeVersion(): string {
  const r = spawnSync(CLAUDE_BIN, ['--version'], { encoding: 'utf8' })
  return `Claude Code ${r.stdout.trim().split(' ')[0] ?? '?'}`
}
