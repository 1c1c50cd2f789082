/**
 * Makespan benchmark: how close a parallel run gets to the shortest possible run of its task graph.
 *
 *   node scripts/run-ts.mjs bench/makespan.bench.ts [--runs 3] [--serial-runs 1] [--delay-ms 2000]
 *
 * A generated 24-task graph (seeded: four to six independent chains, the longest 6 tasks, plus cross-chain
 * joins; tasks listed in shuffled order so the file order is not a good schedule) runs through dist/index.js
 * against the local Messages API, which delays the first answer of every task by 2 s (then a Write, then a
 * final text). Each run is timed from the action's spawn to its exit, with parallel: 4 and with parallel: 1
 * (commit and push on, to the local bare origin, as in a real run).
 *
 * The ratio reported is makespan / lower bound, with lower bound = max(longest chain, total work / 4) for
 * parallel 4 and total work for parallel 1, computed two ways:
 * - measured: from each task's durationMs in the final task.json (this run's real task times, including any
 *   slowdown from running four CLIs on this machine at once);
 * - nominal: every task = 2 s + the CLI's own overhead, measured as the median CLI wall time of the
 *   parallel 1 run (one CLI at a time) minus 2 s, read from a timing wrapper around the CLI.
 * The generator only accepts graphs where a unit-time list schedule on 4 workers (longest chain first, the
 * engine's rule) reaches the lower bound, so any excess is the engine's and the machine's, not the graph's.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { DUMMY_API_KEY, TEST_MODEL } from '../test/support/claude-env.js'
import { startMessagesApi } from '../test/support/messages-api.js'
import { makeRepo } from '../test/support/repo.js'
import {
  CLAUDE_BIN,
  median,
  readIntervals,
  runActionTimed,
  unionLength,
  writeTimingWrapper
} from './engine-overhead.bench.js'

const GOAL = 1.15
const TASKS = 24
const LONGEST = 6
const WORKERS = 4

interface GenTask {
  id: string
  description: string
  dependencies: string[]
}

/** mulberry32, as in plan.bench.ts. */
function random(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/** Longest chain (in tasks, or weighted by `weight`) ending at each task. */
function chainLengths(tasks: GenTask[], weight: (id: string) => number): Map<string, number> {
  const byId = new Map(tasks.map(t => [t.id, t]))
  const memo = new Map<string, number>()
  const visit = (id: string): number => {
    const known = memo.get(id)
    if (known !== undefined) return known
    const t = byId.get(id)!
    const v = weight(id) + Math.max(0, ...t.dependencies.map(visit))
    memo.set(id, v)
    return v
  }
  for (const t of tasks) visit(t.id)
  return memo
}

/** Rounds a unit-time list schedule needs on `workers` workers, longest remaining chain first. */
function listScheduleRounds(tasks: GenTask[], workers: number): number {
  const dependents = new Map<string, string[]>(tasks.map(t => [t.id, []]))
  for (const t of tasks) for (const d of t.dependencies) dependents.get(d)!.push(t.id)
  const tail = new Map<string, number>()
  const down = (id: string): number =>
    tail.get(id) ?? (tail.set(id, 1 + Math.max(0, ...dependents.get(id)!.map(down))), tail.get(id)!)
  const done = new Set<string>()
  let rounds = 0
  while (done.size < tasks.length && rounds < tasks.length) {
    const ready = tasks
      .filter(t => !done.has(t.id) && t.dependencies.every(d => done.has(d)))
      .sort((a, b) => down(b.id) - down(a.id))
    for (const t of ready.slice(0, workers)) done.add(t.id)
    rounds++
  }
  return rounds
}

/**
 * Chains of random lengths (the first one LONGEST long) that add up to TASKS; some tasks also depend on a task
 * of another chain at an earlier position (a join), which keeps the longest chain at LONGEST. Seeds are tried
 * in order until the graph has ≥ 3 joins and a 4-worker unit schedule of exactly TASKS / 4 rounds.
 */
export function generateGraph(seed0 = 7): {
  tasks: GenTask[]
  seed: number
  chains: number[]
  joins: number
} {
  for (let seed = seed0; seed < seed0 + 10_000; seed++) {
    const rand = random(seed)
    const lengths = [LONGEST]
    let left = TASKS - LONGEST
    while (left > 0) {
      const n = Math.min(left, 2 + Math.floor(rand() * (LONGEST - 1)))
      lengths.push(n)
      left -= n
    }
    if (lengths.length < 4 || lengths.length > 6) continue
    const chains: GenTask[][] = lengths.map((len, c) =>
      Array.from({ length: len }, (_, k) => ({
        id: `${String.fromCharCode(97 + c)}${k + 1}`,
        description: `Step ${k + 1} of part ${String.fromCharCode(65 + c)}: write its file.`,
        dependencies: k === 0 ? [] : [`${String.fromCharCode(97 + c)}${k}`]
      }))
    )
    let joins = 0
    chains.forEach((chain, c) =>
      chain.forEach((t, k) => {
        if (k === 0 || rand() > 0.25) return
        const others = chains.filter((o, oc) => oc !== c && o.length >= k)
        if (!others.length) return
        const o = others[Math.floor(rand() * others.length)]!
        const dep = o[Math.floor(rand() * k)]!
        if (!t.dependencies.includes(dep.id)) {
          t.dependencies.push(dep.id)
          joins++
        }
      })
    )
    const tasks = chains.flat()
    // Shuffle the file order (Fisher–Yates): a scheduler that just takes ready tasks in file order does worse.
    for (let i = tasks.length - 1; i > 0; i--) {
      const j = Math.floor(rand() * (i + 1))
      ;[tasks[i], tasks[j]] = [tasks[j]!, tasks[i]!]
    }
    const longest = Math.max(...chainLengths(tasks, () => 1).values())
    if (joins < 3 || longest !== LONGEST) continue
    if (listScheduleRounds(tasks, WORKERS) !== TASKS / WORKERS) continue
    return { tasks, seed, chains: lengths, joins }
  }
  throw new Error('no graph found')
}

interface Run {
  parallel: number
  wallMs: number
  durations: Map<string, number>
  cliMs: number[]
  cliUnionMs: number
}

async function runOnce(tasks: GenTask[], parallel: number, delayMs: number, top: string): Promise<Run> {
  const dir = mkdtempSync(path.join(top, `p${parallel}-`))
  const timesLog = path.join(dir, 'cli-times.log')
  const wrapper = path.join(dir, 'claude-timed')
  writeTimingWrapper(wrapper, CLAUDE_BIN, timesLog)
  const home = path.join(dir, 'home')
  mkdirSync(home)
  const text = `${JSON.stringify({ project: 'makespan', description: 'Makespan benchmark.', tasks }, null, 2)}\n`
  const repo = await makeRepo({ files: { 'task.json': text, 'README.md': '# bench\n' } })
  const api = await startMessagesApi(ctx => {
    if (ctx.turn === 0) {
      if (!ctx.cwd) throw new Error('no working directory in the request')
      const write = {
        tools: [
          {
            name: 'Write',
            input: { file_path: path.join(ctx.cwd, `${ctx.taskId}.txt`), content: `${ctx.taskId}\n` }
          }
        ]
      }
      return { delayMs, then: write }
    }
    return { text: `Wrote ${ctx.taskId}.txt` }
  })
  try {
    const r = await runActionTimed({
      workspace: repo.work,
      dir,
      inputs: {
        'claude-path': wrapper,
        model: TEST_MODEL,
        'github-token': '',
        parallel: String(parallel),
        'task-timeout-minutes': '5'
      },
      env: {
        ANTHROPIC_BASE_URL: api.url,
        ANTHROPIC_API_KEY: DUMMY_API_KEY,
        CLAUDE_CODE_MAX_RETRIES: '0',
        HOME: home
      },
      timeoutMs: 20 * 60_000
    })
    const state = JSON.parse(readFileSync(path.join(repo.work, 'task.json'), 'utf8')) as {
      tasks: { id: string; status: string; durationMs?: number; attempts?: number }[]
    }
    const bad = state.tasks.filter(t => t.status !== 'completed' || t.attempts !== 1)
    if (r.exitCode !== 0 || bad.length)
      throw new Error(
        `parallel ${parallel}: exit ${r.exitCode}, not completed in one attempt: ${bad.map(t => t.id).join(', ')}\n${r.log.slice(-3000)}`
      )
    const cli = readIntervals(timesLog)
    return {
      parallel,
      wallMs: r.endedAt - r.startedAt,
      durations: new Map(state.tasks.map(t => [t.id, t.durationMs ?? 0])),
      cliMs: cli.map(c => c.end - c.start),
      cliUnionMs: unionLength(cli)
    }
  } finally {
    await api.close()
    repo.cleanup()
    rmSync(dir, { recursive: true, force: true })
  }
}

const isMain = /makespan\.bench\.(ts|mjs)$/.test(process.argv[1] ?? '')
if (isMain) {
  const args = process.argv.slice(2)
  const num = (name: string, dflt: number) => {
    const i = args.indexOf(name)
    return i === -1 ? dflt : Number(args[i + 1])
  }
  const runs = num('--runs', 3)
  const serialRuns = num('--serial-runs', 1)
  const delayMs = num('--delay-ms', 2000)
  const { tasks, seed, chains, joins } = generateGraph()
  const loadStart = os.loadavg()[0]!.toFixed(1)
  const top = mkdtempSync(path.join(os.tmpdir(), 'taskmesh-bench-makespan-'))
  const results: Run[] = []
  try {
    // parallel 1 first: its CLI times (one CLI at a time) give the nominal task time.
    for (let i = 0; i < serialRuns; i++) {
      results.push(await runOnce(tasks, 1, delayMs, top))
      console.error(`  parallel 1 run ${i + 1}: ${(results.at(-1)!.wallMs / 1000).toFixed(1)} s`)
    }
    for (let i = 0; i < runs; i++) {
      results.push(await runOnce(tasks, WORKERS, delayMs, top))
      console.error(`  parallel ${WORKERS} run ${i + 1}: ${(results.at(-1)!.wallMs / 1000).toFixed(1)} s`)
    }
  } finally {
    rmSync(top, { recursive: true, force: true })
  }

  const load = `load average ${loadStart} at the start, ${os.loadavg()[0]!.toFixed(1)} at the end (1 min)`
  const serial = results.filter(r => r.parallel === 1)
  const nominalTask = serial.length ? median(serial.flatMap(r => r.cliMs)) : NaN
  const s = (ms: number) => `${(ms / 1000).toFixed(1)} s`
  const lines = [
    `Node ${process.version}, ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}; graph: ${TASKS} tasks (seed ${seed}), ` +
      `chains of ${chains.join(', ')} tasks, ${joins} cross-chain joins, longest chain ${LONGEST}; ` +
      `first answer delayed ${delayMs} ms; ${load}.`,
    `Nominal task time = ${delayMs} ms + CLI overhead ${(nominalTask - delayMs).toFixed(0)} ms ` +
      `(median CLI wall time at parallel 1: ${nominalTask.toFixed(0)} ms).`,
    '',
    '| parallel | run | makespan | lower bound (measured) | ratio (measured) | lower bound (nominal) | ratio (nominal) | median task durationMs | CLIs running (mean) | goal ≤ 1.15 |',
    '|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|'
  ]
  const ratios = new Map<number, { measured: number[]; nominal: number[] }>()
  results.forEach(r => {
    const d = (id: string) => r.durations.get(id) ?? 0
    const total = [...r.durations.values()].reduce((a, b) => a + b, 0)
    const chain = Math.max(...chainLengths(tasks, d).values())
    const lbMeasured = r.parallel === 1 ? total : Math.max(chain, total / WORKERS)
    const lbNominal =
      r.parallel === 1 ? TASKS * nominalTask : Math.max(LONGEST, TASKS / WORKERS) * nominalTask
    const rm = r.wallMs / lbMeasured
    const rn = r.wallMs / lbNominal
    const e = ratios.get(r.parallel) ?? { measured: [], nominal: [] }
    e.measured.push(rm)
    e.nominal.push(rn)
    ratios.set(r.parallel, e)
    const conc = r.cliMs.reduce((a, b) => a + b, 0) / r.cliUnionMs
    const goal = r.parallel === WORKERS ? (rm <= GOAL ? '✅' : '❌') : '—'
    lines.push(
      `| ${r.parallel} | ${results.filter(x => x.parallel === r.parallel).indexOf(r) + 1} | ${s(r.wallMs)} | ${s(lbMeasured)} | **${rm.toFixed(3)}** | ${s(lbNominal)} | ${rn.toFixed(3)} | ${median([...r.durations.values()]).toFixed(0)} ms | ${conc.toFixed(2)} | ${goal} |`
    )
  })
  lines.push('')
  for (const [p, v] of ratios)
    lines.push(
      `parallel ${p}: median ratio ${median(v.measured).toFixed(3)} measured (range ${Math.min(...v.measured).toFixed(3)}–${Math.max(...v.measured).toFixed(3)}), ` +
        `${median(v.nominal).toFixed(3)} nominal (range ${Math.min(...v.nominal).toFixed(3)}–${Math.max(...v.nominal).toFixed(3)}).`
    )
  console.log(lines.join('\n'))
}
