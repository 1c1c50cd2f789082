/**
 * Cold start of `node dist/index.js` in plan mode, the way a runner starts it: one process each time (Node
 * start, loading the bundle, reading, validating, planning, outputs, summary), on the small example and on
 * generated 10,000- and 100,000-task files, each paired with a bare `node -e 0` in the same round so the
 * figure that counts is the ratio to Node itself (the machine may be busy; the ratio holds up better).
 *
 *   node scripts/run-ts.mjs bench/action-startup.bench.ts [--runs N] [--baseline OTHER/dist/index.js]
 *     [--node PATH] [--compile-cache] [--action THIS/dist/index.js] [--floor]
 *     [--cases small,10k,100k,idle-run]
 *
 * `idle-run` (not in the default cases) is `mode: run` on a finished task file in a clone with a local
 * origin: the start of a scheduled run that finds nothing to do (no Claude, no sandbox, no commit).
 * With --baseline the other bundle runs in the same rounds, interleaved, so before and after see the same
 * machine, and a last list gives the median of each round's difference (finer than two medians apart).
 * --node runs every process (bare ones too) with another Node binary (scripts/node24.sh prints the
 * runner's). --compile-cache adds this bundle with NODE_COMPILE_CACHE pointing at a cache the warm-up filled
 * (Node 22.1+; what module.enableCompileCache() would give a later step of the same job, never the first). Peak RSS comes from /usr/bin/time (GNU time) when it is installed; otherwise it is left out.
 * --action measures another bundle as "this" (a copy of dist/, so the checkout can be rebuilt meanwhile).
 * --floor adds a process that only reads and JSON.parses the task file (`node -e`): what any plan of that
 * file costs at least, with no bundle at all.
 * Goals (issue 17): small plan ≤ 1.6× bare Node, 10k plan ≤ 2.0×, its peak RSS ≤ 70 MiB.
 */
import { spawnSync } from 'node:child_process'
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { generateTaskFile } from './plan.bench.js'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const args = process.argv.slice(2)
const flag = (name: string) => {
  const i = args.indexOf(name)
  return i === -1 ? undefined : args[i + 1]
}
const RUNS = Number(flag('--runs') ?? 15)
const node = flag('--node') ?? process.execPath
const compileCache = args.includes('--compile-cache')
const TIME = '/usr/bin/time'
const hasTime = existsSync(TIME)

const tmp = mkdtempSync(path.join(os.tmpdir(), 'taskmesh-startup-'))
const bundles: { name: string; file: string; env?: NodeJS.ProcessEnv; argv?: string[] }[] = [
  { name: 'this', file: path.resolve(flag('--action') ?? path.join(root, 'dist', 'index.js')) }
]
// --baseline may be given more than once: every other bundle runs in the same rounds.
args.forEach((arg, i) => {
  if (arg === '--baseline' && args[i + 1]) {
    const file = path.resolve(args[i + 1]!)
    bundles.push({ name: `baseline ${path.relative(process.cwd(), path.dirname(file)) || '.'}`, file })
  }
})
if (args.includes('--floor'))
  bundles.push({
    name: 'floor: read + JSON.parse only',
    file: '',
    argv: ['-e', "JSON.parse(require('fs').readFileSync('task.json', 'utf8'))"]
  })
if (compileCache)
  bundles.push({
    name: 'this, compile cache warm',
    file: bundles[0]!.file,
    env: { NODE_COMPILE_CACHE: path.join(tmp, 'compile-cache') }
  })
/** A step to start: `mode: plan` on a task file unless `env` says otherwise. */
const cases: { name: string; dir: string; runs: number; env?: NodeJS.ProcessEnv }[] = []
function addCase(name: string, text: string | undefined, runs: number): string {
  const dir = path.join(tmp, `case-${cases.length}`)
  mkdirSync(dir)
  if (text === undefined)
    copyFileSync(path.join(root, 'examples', 'with-dependencies', 'task.json'), path.join(dir, 'task.json'))
  else writeFileSync(path.join(dir, 'task.json'), text)
  cases.push({ name, dir, runs })
  return dir
}

/**
 * `mode: run` on a task file with every task completed (a scheduled run that finds nothing to do), in a clone
 * with a local bare origin: the run-mode start every scheduled or dispatched step pays, with no Claude, no
 * sandbox and no commit (the run changes nothing, so every round sees the same repository).
 */
function addIdleRunCase(runs: number): void {
  const tasks = ['a', 'b', 'c'].map((id, i) => ({
    id,
    description: `Task ${id}`,
    status: 'completed',
    ...(i ? { dependencies: [String.fromCharCode(96 + i)] } : {})
  }))
  const dir = addCase(
    'mode: run, nothing to do',
    JSON.stringify({ project: 'bench', status: 'completed', tasks, logs: [] }, null, 2) + '\n',
    runs
  )
  const git = (cwd: string, ...gitArgs: string[]) => {
    const r = spawnSync('git', gitArgs, { cwd, encoding: 'utf8', env: gitEnv })
    if (r.status !== 0) throw new Error(`git ${gitArgs.join(' ')}: ${r.stderr}`)
  }
  const gitEnv = { PATH: process.env.PATH, GIT_CONFIG_GLOBAL: '/dev/null', GIT_CONFIG_NOSYSTEM: '1' }
  git(dir, 'init', '-q', '-b', 'main')
  git(dir, 'add', 'task.json')
  git(dir, '-c', 'user.name=bench', '-c', 'user.email=bench@example.com', 'commit', '-qm', 'tasks')
  git(tmp, 'init', '-q', '--bare', 'origin.git')
  git(dir, 'remote', 'add', 'origin', path.join(tmp, 'origin.git'))
  git(dir, 'push', '-q', 'origin', 'main')
  const event = path.join(tmp, 'event.json')
  writeFileSync(event, '{}')
  mkdirSync(path.join(tmp, 'runner-temp'))
  cases[cases.length - 1]!.env = {
    ...gitEnv,
    INPUT_MODE: 'run',
    'INPUT_GITHUB-TOKEN': 'ghs_benchtoken0123456789',
    'INPUT_ANTHROPIC-API-KEY': 'sk-ant-bench-0000',
    GITHUB_ACTIONS: 'true',
    GITHUB_EVENT_NAME: 'workflow_dispatch',
    GITHUB_EVENT_PATH: event,
    GITHUB_REPOSITORY: 'octo/bench',
    RUNNER_TEMP: path.join(tmp, 'runner-temp'),
    HOME: tmp
  }
}
const wantedCases = new Set((flag('--cases') ?? 'small,10k,100k').split(','))
if (wantedCases.has('small')) addCase('examples/with-dependencies', undefined, RUNS)
if (wantedCases.has('10k')) addCase('10,000 tasks', generateTaskFile(10_000).text, RUNS)
if (wantedCases.has('100k'))
  addCase('100,000 tasks', generateTaskFile(100_000).text, Math.max(3, Math.ceil(RUNS / 3)))
if (wantedCases.has('idle-run')) addIdleRunCase(RUNS)

interface Sample {
  ms: number
  /** User + system CPU time (GNU time, 10 ms resolution): holds up better than wall time on a busy machine. */
  cpuMs?: number
  rssMiB?: number
  outBytes?: number
  summaryBytes?: number
}

/** One whole process, timed from spawn to exit; peak RSS and CPU time from GNU time on its last line. */
function once(
  argv: string[],
  dir?: string,
  extraEnv?: NodeJS.ProcessEnv,
  caseEnv?: NodeJS.ProcessEnv
): Sample {
  const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, ...extraEnv }
  if (dir) {
    // Outside the case's folder: in the idle-run case that folder is a clone, which must stay clean.
    const out = `${dir}.out`
    const summary = `${dir}.summary`
    writeFileSync(out, '')
    writeFileSync(summary, '')
    Object.assign(env, {
      INPUT_MODE: 'plan',
      GITHUB_WORKSPACE: dir,
      GITHUB_OUTPUT: out,
      GITHUB_STEP_SUMMARY: summary,
      ...caseEnv
    })
  }
  const [cmd, ...rest] = hasTime ? [TIME, '-f', '%M %U %S', node, ...argv] : [node, ...argv]
  const t0 = process.hrtime.bigint()
  const r = spawnSync(cmd!, rest, { cwd: dir ?? tmp, env, encoding: 'utf8', maxBuffer: 64 << 20 })
  const ms = Number(process.hrtime.bigint() - t0) / 1e6
  if (r.status !== 0) throw new Error(`${argv.join(' ')} failed: ${r.stdout.slice(-2000)}${r.stderr}`)
  const sample: Sample = { ms }
  if (hasTime) {
    const [rss, user, system] = r.stderr.trim().split('\n').pop()!.split(' ').map(Number)
    sample.rssMiB = rss! / 1024
    sample.cpuMs = (user! + system!) * 1000
  }
  if (dir) {
    sample.outBytes = statSync(`${dir}.out`).size
    sample.summaryBytes = statSync(`${dir}.summary`).size
  }
  return sample
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!

// Rows: per case and bundle, each round's (plan, bare node) pair.
const pairs = new Map<string, { plan: Sample; bare: Sample }[]>()
try {
  // Warm the file cache (not the JIT: every measured run is a fresh process).
  for (const c of cases) for (const b of bundles) once(b.argv ?? [b.file], c.dir, b.env, c.env)
  const maxRuns = Math.max(...cases.map(c => c.runs))
  for (let round = 0; round < maxRuns; round++) {
    for (const c of cases) {
      if (round >= c.runs) continue
      // Alternate which bundle goes first, so neither always follows the other.
      const order = round % 2 === 0 ? bundles : [...bundles].reverse()
      for (const b of order) {
        const bare = once(['-e', '0'])
        const plan = once(b.argv ?? [b.file], c.dir, b.env, c.env)
        const key = `${c.name}|${b.name}`
        pairs.set(key, [...(pairs.get(key) ?? []), { plan, bare }])
      }
    }
  }
} finally {
  rmSync(tmp, { recursive: true, force: true })
}

const f0 = (x: number) => x.toFixed(0)
console.log(
  `Node ${spawnSync(node, ['--version'], { encoding: 'utf8' }).stdout.trim()}, ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}; medians of paired rounds.`
)
console.log('')
console.log(
  '| step | bundle | runs | median | bare node | ratio to bare | CPU | bare CPU | CPU ratio | peak RSS | bare RSS | outputs | summary |'
)
console.log('|---|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|')
for (const c of cases) {
  for (const b of bundles) {
    const ps = pairs.get(`${c.name}|${b.name}`) ?? []
    const rss = (s: Sample) => s.rssMiB ?? NaN
    const ratio = median(ps.map(p => p.plan.ms / p.bare.ms))
    const cpu = (s: Sample) => s.cpuMs ?? NaN
    // Medians of the CPU times, not of per-pair ratios: at 10 ms resolution a small process's pair ratio jumps.
    const cpuPlan = median(ps.map(p => cpu(p.plan)))
    const cpuBare = median(ps.map(p => cpu(p.bare)))
    const last = ps[ps.length - 1]!.plan
    console.log(
      `| ${c.name} | ${b.name} | ${ps.length} | ${f0(median(ps.map(p => p.plan.ms)))} ms | ${f0(median(ps.map(p => p.bare.ms)))} ms | **${ratio.toFixed(2)}×** | ${hasTime ? `${f0(cpuPlan)} ms | ${f0(cpuBare)} ms | ${(cpuPlan / cpuBare).toFixed(2)}×` : '– | – | –'} | ${hasTime ? `${f0(median(ps.map(p => rss(p.plan))))} MiB` : '–'} | ${hasTime ? `${f0(median(ps.map(p => rss(p.bare))))} MiB` : '–'} | ${((last.outBytes ?? 0) / 1024).toFixed(1)} KB | ${((last.summaryBytes ?? 0) / 1024).toFixed(1)} KB |`
    )
  }
}

// With --baseline: the median of each round's difference, which a busy machine blurs far less than the
// difference of two medians (both bundles of a round run back to back).
if (bundles.length > 1) {
  console.log('')
  console.log('Paired per round (this bundle − the other, in the same round):')
  for (const c of cases) {
    const mine = pairs.get(`${c.name}|${bundles[0]!.name}`) ?? []
    for (const b of bundles.slice(1)) {
      const other = pairs.get(`${c.name}|${b.name}`) ?? []
      const diffs = mine.map((p, i) => p.plan.ms - other[i]!.plan.ms)
      const share = (100 * median(diffs)) / median(other.map(p => p.plan.ms))
      console.log(
        `- ${c.name}, this − ${b.name}: ${median(diffs).toFixed(1)} ms (${share >= 0 ? '+' : ''}${share.toFixed(1)}%)`
      )
    }
  }
}
