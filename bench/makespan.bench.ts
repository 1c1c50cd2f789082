/**
 * Makespan benchmark: how close a parallel run gets to the shortest possible run of its task graph.
 *
 *   node scripts/run-ts.mjs bench/makespan.bench.ts [--runs 3] [--serial-runs 1] [--delay-ms 2000]
 *     [--graph dag,wide,deep] [--baseline OTHER/dist/index.js] [--action THIS/dist/index.js]
 *     [--sandbox off|auto]
 *
 * Three graphs, each run through dist/index.js against the local Messages API, which delays the first answer
 * of every task (then a Write, then a final text), timed from the action's spawn to its exit, with parallel: 4
 * (and parallel: 1 for the 24-task DAG), commit and push on, to the local bare origin, as in a real run:
 * - dag: a generated 24-task graph (seeded: four to six chains, the longest 6 tasks, plus cross-chain joins;
 *   tasks listed in shuffled order so the file order is not a good schedule), every task delayed 2 s;
 * - wide: 50 independent tasks of mixed lengths (delays 0.5–3.5 s, seeded, in shuffled order);
 * - deep: four chains of 8, 6, 4 and 2 tasks, 2 s each (the longest chain bounds the run: what is measured
 *   is the time between one task of a chain and the next).
 *
 * The ratio reported is makespan / lower bound, with lower bound = max(longest chain, total work / 4) for
 * parallel 4 and total work for parallel 1, computed two ways:
 * - measured: from each task's durationMs in the final task.json (this run's real task times, including any
 *   slowdown from running four CLIs on this machine at once);
 * - nominal: every task = its delay + the CLI's own overhead, measured as the median CLI wall time of the
 *   parallel 1 run (one CLI at a time) minus the delay, read from a timing wrapper around the CLI.
 * "schedule" is the same ratio for a simulated run with the nominal task times and no engine time at all,
 * picking tasks as the engine does (src/plan/priority.ts, which knows no durations): what the order alone
 * costs. The rest of the measured ratio is the engine's and the machine's. The "dependency → next" gap is,
 * for every task with dependencies, the time from the end of its last dependency's CLI to the start of its
 * own: the engine's part of every link of a chain (recording the finished task, committing and pushing it,
 * opening the next task's worktree, its state write, starting the CLI).
 *
 * With --baseline the other bundle runs every graph in the same rounds (the order alternates), so before
 * and after see the same machine. `sandbox: off` unless --sandbox says otherwise: containment's own cost per
 * task is measured in bench/sandbox.bench.ts, and a contained CLI could not write the timing log. --action runs another bundle as "this" (a copy of dist/, so the checkout
 * can be rebuilt meanwhile).
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { writeFileSync, chmodSync } from 'node:fs'
import { TaskGraph } from '../src/plan/graph.js'
import { SchedulingPriority } from '../src/plan/priority.js'
import { DUMMY_API_KEY, TEST_MODEL } from '../test/support/claude-env.js'
import { startMessagesApi } from '../test/support/messages-api.js'
import { makeRepo } from '../test/support/repo.js'
import { ACTION, CLAUDE_BIN, median, runActionTimed, unionLength } from './engine-overhead.bench.js'

/** Goal of issue 17 for the 24-task DAG at parallel 4 (measured bound). */
const GOAL = 1.08
const TASKS = 24
const LONGEST = 6
const WORKERS = 4

interface GenTask {
  id: string
  description: string
  dependencies: string[]
}

interface Graph {
  name: string
  tasks: GenTask[]
  /** The first answer's delay per task, ms. */
  delay: Map<string, number>
  /** What the graph is, for the table. */
  about: string
  /** Whether to run it at parallel 1 too (--serial-runs). */
  serial: boolean
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

/** 50 independent tasks of mixed lengths, shuffled. */
export function wideGraph(seed = 11): { tasks: GenTask[]; delay: Map<string, number> } {
  const rand = random(seed)
  const tasks: GenTask[] = Array.from({ length: 50 }, (_, k) => ({
    id: `w${k + 1}`,
    description: `Independent step ${k + 1}: write its file.`,
    dependencies: []
  }))
  // 0.5 s to 3.5 s in steps of 0.5 s.
  const delay = new Map(tasks.map(t => [t.id, 500 * (1 + Math.floor(rand() * 7))]))
  for (let i = tasks.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1))
    ;[tasks[i], tasks[j]] = [tasks[j]!, tasks[i]!]
  }
  return { tasks, delay }
}

/** Four chains of 8, 6, 4 and 2 tasks, listed chain by chain. */
export function deepGraph(): GenTask[] {
  return [8, 6, 4, 2].flatMap((len, c) =>
    Array.from({ length: len }, (_, k) => {
      const chain = String.fromCharCode(112 + c)
      return {
        id: `${chain}${k + 1}`,
        description: `Step ${k + 1} of chain ${chain.toUpperCase()}: write its file.`,
        dependencies: k === 0 ? [] : [`${chain}${k}`]
      }
    })
  )
}

/**
 * A list schedule on `workers` slots with the given task times and no time between tasks, picking as the
 * engine does: its makespan, to compare with the lower bound.
 */
export function simulateSchedule(tasks: GenTask[], time: (id: string) => number, workers: number): number {
  const status = new Map<string, 'pending' | 'in_progress' | 'completed'>(tasks.map(t => [t.id, 'pending']))
  const snapshot = () => tasks.map(t => ({ ...t, status: status.get(t.id)! }))
  const priority = new SchedulingPriority(new TaskGraph(snapshot()), tasks)
  const running: { id: string; end: number }[] = []
  let now = 0
  for (;;) {
    const ready = new TaskGraph(snapshot()).ready().filter(id => status.get(id) === 'pending')
    while (running.length < workers && ready.length) {
      const id = priority.pick(ready)!
      ready.splice(ready.indexOf(id), 1)
      status.set(id, 'in_progress')
      running.push({ id, end: now + time(id) })
    }
    if (!running.length) return now
    running.sort((a, b) => a.end - b.end)
    const next = running.shift()!
    now = next.end
    status.set(next.id, 'completed')
  }
}

interface Interval {
  start: number
  end: number
  /** The task, for CLIs started in a task worktree (parallel runs). */
  taskId?: string
}

/** A timing wrapper that also logs the CLI's working directory (a task's worktree: `<id>-<n>`). */
function writeWrapper(file: string, real: string, log: string): void {
  const q = (x: string) => `'${x.replace(/'/g, `'\\''`)}'`
  writeFileSync(
    file,
    [
      '#!/bin/bash',
      's=$EPOCHREALTIME',
      `${q(real)} "$@"`,
      'rc=$?',
      'e=$EPOCHREALTIME',
      `printf '%s %s %s %s\\n' "$s" "$e" "$rc" "$PWD" >> ${q(log)}`,
      'exit $rc',
      ''
    ].join('\n')
  )
  chmodSync(file, 0o755)
}

function readWrapperLog(log: string): Interval[] {
  let text = ''
  try {
    text = readFileSync(log, 'utf8')
  } catch {
    return []
  }
  return text
    .split('\n')
    .filter(Boolean)
    .map(line => {
      const [s, e, , ...dir] = line.split(' ')
      const base = path.basename(dir.join(' '))
      const m = /^(.+)-\d+$/.exec(base)
      return { start: Number(s) * 1000, end: Number(e) * 1000, taskId: m?.[1] }
    })
    .sort((a, b) => a.start - b.start)
}

interface Run {
  graph: string
  build: string
  parallel: number
  wallMs: number
  durations: Map<string, number>
  cliMs: number[]
  cliUnionMs: number
  /** Dependency's CLI end → dependent's CLI start, per task with dependencies (parallel runs). */
  linkGaps: number[]
  firstCliMs: number
  afterLastCliMs: number
}

async function runOnce(
  graph: Graph,
  parallel: number,
  build: { name: string; action: string },
  top: string,
  sandbox: string
): Promise<Run> {
  const tasks = graph.tasks
  const dir = mkdtempSync(path.join(top, `p${parallel}-`))
  const timesLog = path.join(dir, 'cli-times.log')
  const wrapper = path.join(dir, 'claude-timed')
  writeWrapper(wrapper, CLAUDE_BIN, timesLog)
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
      return { delayMs: graph.delay.get(ctx.taskId ?? '') ?? 2000, then: write }
    }
    return { text: `Wrote ${ctx.taskId}.txt` }
  })
  try {
    const r = await runActionTimed({
      action: build.action,
      workspace: repo.work,
      dir,
      inputs: {
        'claude-path': wrapper,
        model: TEST_MODEL,
        'github-token': '',
        parallel: String(parallel),
        'task-timeout-minutes': '5',
        sandbox
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
    const cli = readWrapperLog(timesLog)
    const byTask = new Map(cli.filter(c => c.taskId).map(c => [c.taskId!, c]))
    const linkGaps: number[] = []
    for (const t of tasks) {
      const own = byTask.get(t.id)
      const deps = t.dependencies.map(d => byTask.get(d)?.end)
      if (!own || deps.length === 0 || deps.some(e => e === undefined)) continue
      linkGaps.push(own.start - Math.max(...(deps as number[])))
    }
    return {
      graph: graph.name,
      build: build.name,
      parallel,
      wallMs: r.endedAt - r.startedAt,
      durations: new Map(state.tasks.map(t => [t.id, t.durationMs ?? 0])),
      cliMs: cli.map(c => c.end - c.start),
      cliUnionMs: unionLength(cli),
      linkGaps,
      firstCliMs: cli.length ? cli[0]!.start - r.startedAt : NaN,
      afterLastCliMs: cli.length ? r.endedAt - Math.max(...cli.map(c => c.end)) : NaN
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
  const flag = (name: string) => {
    const i = args.indexOf(name)
    return i === -1 ? undefined : args[i + 1]
  }
  const num = (name: string, dflt: number) => Number(flag(name) ?? dflt)
  const runs = num('--runs', 3)
  const serialRuns = num('--serial-runs', 1)
  const delayMs = num('--delay-ms', 2000)
  const sandbox = flag('--sandbox') ?? 'off'
  const wanted = new Set((flag('--graph') ?? 'dag,wide,deep').split(','))
  const builds = [{ name: 'this', action: path.resolve(flag('--action') ?? ACTION) }]
  const baseline = flag('--baseline')
  if (baseline) builds.push({ name: 'baseline', action: path.resolve(baseline) })

  const dag = generateGraph()
  const wide = wideGraph()
  const deep = deepGraph()
  const uniform = (tasks: GenTask[]) => new Map(tasks.map(t => [t.id, delayMs]))
  const graphs: Graph[] = [
    {
      name: 'dag',
      tasks: dag.tasks,
      delay: uniform(dag.tasks),
      serial: true,
      about: `24-task DAG (seed ${dag.seed}): chains of ${dag.chains.join(', ')}, ${dag.joins} cross-chain joins, longest chain ${LONGEST}, ${delayMs} ms each`
    },
    {
      name: 'wide',
      tasks: wide.tasks,
      delay: wide.delay,
      serial: false,
      about: `50 independent tasks, delays ${Math.min(...wide.delay.values())}–${Math.max(...wide.delay.values())} ms (total ${[...wide.delay.values()].reduce((a, b) => a + b, 0)} ms)`
    },
    {
      name: 'deep',
      tasks: deep,
      delay: uniform(deep),
      serial: false,
      about: `chains of 8, 6, 4 and 2 tasks, ${delayMs} ms each`
    }
  ].filter(g => wanted.has(g.name))

  const loadStart = os.loadavg()[0]!.toFixed(1)
  const top = mkdtempSync(path.join(os.tmpdir(), 'taskmesh-bench-makespan-'))
  const results: Run[] = []
  const say = (r: Run) =>
    console.error(`  ${r.graph} ${r.build} parallel ${r.parallel}: ${(r.wallMs / 1000).toFixed(1)} s`)
  try {
    // parallel 1 first: its CLI times (one CLI at a time) give the nominal task time.
    for (let i = 0; i < serialRuns; i++)
      for (const g of graphs.filter(x => x.serial)) {
        results.push(await runOnce(g, 1, builds[0]!, top, sandbox))
        say(results.at(-1)!)
      }
    for (let i = 0; i < runs; i++)
      for (const g of graphs) {
        // Alternate which build goes first, so neither always follows the other.
        for (const b of i % 2 === 0 ? builds : [...builds].reverse()) {
          results.push(await runOnce(g, WORKERS, b, top, sandbox))
          say(results.at(-1)!)
        }
      }
  } finally {
    rmSync(top, { recursive: true, force: true })
  }

  const load = `load average ${loadStart} at the start, ${os.loadavg()[0]!.toFixed(1)} at the end (1 min)`
  const serial = results.filter(r => r.parallel === 1)
  // The CLI's own time on top of the delay, one CLI at a time.
  const cliOverhead = serial.length ? median(serial.flatMap(r => r.cliMs)) - delayMs : NaN
  const s = (ms: number) => (Number.isFinite(ms) ? `${(ms / 1000).toFixed(1)} s` : '–')
  const x = (v: number) => (Number.isFinite(v) ? v.toFixed(3) : '–')
  const lines = [
    `Node ${process.version}, ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}; sandbox: ${sandbox}; ${load}.`,
    ...graphs.map(g => `- ${g.name}: ${g.about}.`),
    `Nominal task time = its delay + CLI overhead ${Number.isFinite(cliOverhead) ? `${cliOverhead.toFixed(0)} ms` : '(no parallel 1 run)'}.`,
    '',
    '| graph | build | parallel | run | makespan | lower bound (measured) | ratio (measured) | ratio (nominal) | schedule | dependency → next, median | CLIs running (mean) | start → 1st CLI | last CLI → exit |',
    '|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|'
  ]
  const ratios = new Map<string, number[]>()
  for (const r of results) {
    const g = graphs.find(y => y.name === r.graph)!
    const d = (id: string) => r.durations.get(id) ?? 0
    const total = [...r.durations.values()].reduce((a, b) => a + b, 0)
    const chain = Math.max(...chainLengths(g.tasks, d).values())
    const lbMeasured = r.parallel === 1 ? total : Math.max(chain, total / WORKERS)
    const nominal = (id: string) => (g.delay.get(id) ?? delayMs) + cliOverhead
    const nominalTotal = g.tasks.reduce((a, t) => a + nominal(t.id), 0)
    const lbNominal =
      r.parallel === 1
        ? nominalTotal
        : Math.max(Math.max(...chainLengths(g.tasks, nominal).values()), nominalTotal / WORKERS)
    // Without a parallel-1 run, the schedule is judged with the delays alone.
    const simTime = Number.isFinite(cliOverhead) ? nominal : (id: string) => g.delay.get(id) ?? delayMs
    const simTotal = g.tasks.reduce((a, t) => a + simTime(t.id), 0)
    const simBound =
      r.parallel === 1
        ? simTotal
        : Math.max(Math.max(...chainLengths(g.tasks, simTime).values()), simTotal / WORKERS)
    const schedule = simulateSchedule(g.tasks, simTime, r.parallel) / simBound
    const rm = r.wallMs / lbMeasured
    const key = `${r.graph}|${r.build}|${r.parallel}`
    ratios.set(key, [...(ratios.get(key) ?? []), rm])
    const conc = r.cliMs.reduce((a, b) => a + b, 0) / r.cliUnionMs
    const run = results.filter(y => `${y.graph}|${y.build}|${y.parallel}` === key).indexOf(r) + 1
    lines.push(
      `| ${r.graph} | ${r.build} | ${r.parallel} | ${run} | ${s(r.wallMs)} | ${s(lbMeasured)} | **${rm.toFixed(3)}** | ${x(r.wallMs / lbNominal)} | ${schedule.toFixed(3)} | ${r.linkGaps.length ? `${median(r.linkGaps).toFixed(0)} ms` : '–'} | ${conc.toFixed(2)} | ${r.firstCliMs.toFixed(0)} ms | ${r.afterLastCliMs.toFixed(0)} ms |`
    )
  }
  lines.push('')
  for (const [key, v] of ratios) {
    const [graph, build, parallel] = key.split('|')
    const goal =
      graph === 'dag' && parallel === String(WORKERS)
        ? ` (goal ≤ ${GOAL}: ${median(v) <= GOAL ? 'met' : 'not met'})`
        : ''
    lines.push(
      `${graph}, ${build}, parallel ${parallel}: median ratio ${median(v).toFixed(3)} measured (range ${Math.min(...v).toFixed(3)}–${Math.max(...v).toFixed(3)})${goal}.`
    )
  }
  console.log(lines.join('\n'))
}
