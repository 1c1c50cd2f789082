/**
 * Plan benchmark: load, validate and plan a generated task file.
 *
 *   node scripts/run-ts.mjs bench/plan.bench.ts [--runs N]
 *
 * For 10,000 tasks / ~20,000 edges and 100,000 tasks / ~200,000 edges (acyclic, random, seeded), each size in
 * its own child process so peak RSS is that size's alone: read the file, validate it (TaskDocument.parse),
 * build the graph, classify and compute waves. Prints a Markdown table (median of several runs) and the
 * 100k/10k time ratio, which should be about 10 if cost grows linearly.
 */
import { spawnSync } from 'node:child_process'
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { TaskGraph } from '../src/plan/graph.js'
import { TaskDocument } from '../src/taskfile/document.js'

const GOALS_MS: Record<number, number> = { 10_000: 200, 100_000: 2_000 }
const GOAL_RSS_MB = 300

/** mulberry32: small, seeded, good enough to make the same file on every run. */
function random(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/** `n` tasks with 2n dependency edges, each on an earlier task (so acyclic), a realistic mix of statuses. */
export function generateTaskFile(n: number, seed = 42): { text: string; edges: number } {
  const rand = random(seed)
  const tasks: Record<string, unknown>[] = []
  let edges = 0
  for (let i = 0; i < n; i++) {
    const deps = new Set<string>()
    // Two edges per task on average; the first tasks have fewer earlier tasks to point at.
    const want = i === 0 ? 0 : i === 1 ? 1 : i === 2 ? 2 : rand() < 0.5 ? 2 : rand() < 0.5 ? 1 : 3
    while (deps.size < Math.min(want, i)) deps.add(`task-${Math.floor(rand() * i)}`)
    edges += deps.size
    const r = rand()
    const status = i < n * 0.3 ? 'completed' : r < 0.005 ? 'failed' : r < 0.01 ? 'in_progress' : 'pending'
    const task: Record<string, unknown> = {
      id: `task-${i}`,
      title: `Task number ${i}`,
      description: `Implement part ${i} of the system and make sure the tests for it pass.`,
      status,
      dependencies: [...deps]
    }
    if (status === 'completed') {
      task.startedAt = '2025-01-01T00:00:00.000Z'
      task.completedAt = '2025-01-01T00:01:00.000Z'
      task.outputs = [`src/part-${i}.ts`]
    }
    tasks.push(task)
  }
  const file = { project: 'bench', description: 'Generated for the plan benchmark', tasks, logs: [] }
  return { text: `${JSON.stringify(file, null, 2)}\n`, edges }
}

interface Sample {
  read: number
  validate: number
  plan: number
  total: number
}

interface ChildResult {
  tasks: number
  edges: number
  bytes: number
  runs: number
  median: Sample
  min: number
  max: number
  maxRssMb: number
  peakHeapMb: number
  waves: number
  ready: number
  blocked: number
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!
const mb = (bytes: number) => bytes / 1024 / 1024

async function child(file: string, runs: number): Promise<ChildResult> {
  const gc = (globalThis as { gc?: () => void }).gc
  gc?.()

  const samples: Sample[] = []
  let peakHeap = 0
  let waves = 0
  let ready = 0
  let blocked = 0
  let tasks = 0
  let edges = 0
  let bytes = 0
  for (let r = 0; r < runs; r++) {
    const t0 = performance.now()
    const source = await readFile(file, 'utf8')
    const t1 = performance.now()
    const result = TaskDocument.parse(source, 'task.json')
    const t2 = performance.now()
    if (!result.ok) throw new Error(`generated file is invalid: ${result.problems[0]?.message}`)
    const graph = new TaskGraph(result.document.data.tasks)
    const classes = graph.classify()
    const layers = graph.waves()
    const t3 = performance.now()
    peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed)
    samples.push({ read: t1 - t0, validate: t2 - t1, plan: t3 - t2, total: t3 - t0 })
    waves = layers.length
    ready = classes.ready.length
    blocked = classes.blocked.length
    tasks = graph.size
    edges = result.document.data.tasks.reduce((sum, task) => sum + (task.dependencies?.length ?? 0), 0)
    bytes = Buffer.byteLength(source)
    gc?.()
  }
  const totals = samples.map(s => s.total)
  return {
    tasks,
    edges,
    bytes,
    runs,
    median: {
      read: median(samples.map(s => s.read)),
      validate: median(samples.map(s => s.validate)),
      plan: median(samples.map(s => s.plan)),
      total: median(totals)
    },
    min: Math.min(...totals),
    max: Math.max(...totals),
    // maxRSS is in kilobytes: the process's peak over all runs (it only loads and plans).
    maxRssMb: process.resourceUsage().maxRSS / 1024,
    peakHeapMb: mb(peakHeap),
    waves,
    ready,
    blocked
  }
}

const args = process.argv.slice(2)
const childIndex = args.indexOf('--child')
const isMain = /plan\.bench\.(ts|mjs)$/.test(process.argv[1] ?? '') || childIndex !== -1
if (!isMain) {
  // Imported (by a test or a profiling script) for generateTaskFile: do not run.
} else if (childIndex !== -1) {
  const file = args[childIndex + 1]!
  const runs = Number(args[childIndex + 2])
  process.stdout.write(JSON.stringify(await child(file, runs)))
} else {
  const runsIndex = args.indexOf('--runs')
  const runs = runsIndex === -1 ? 7 : Number(args[runsIndex + 1])
  const self = fileURLToPath(import.meta.url)
  const results: ChildResult[] = []
  // Files are generated here, so the children's peak memory is loading and planning alone.
  const dir = path.join(os.tmpdir(), `taskmesh-bench-${process.pid}`)
  await mkdir(dir, { recursive: true })
  try {
    for (const n of [10_000, 100_000]) {
      const file = path.join(dir, `task-${n}.json`)
      await writeFile(file, generateTaskFile(n).text)
      const out = spawnSync(process.execPath, ['--expose-gc', self, '--child', file, String(runs)], {
        encoding: 'utf8',
        maxBuffer: 1 << 20
      })
      if (out.status !== 0) throw new Error(`benchmark child for ${n} tasks failed:\n${out.stderr}`)
      results.push(JSON.parse(out.stdout) as ChildResult)
    }
  } finally {
    await rm(dir, { recursive: true, force: true })
  }

  const ms = (x: number) => x.toFixed(0)
  const lines = [
    `Node ${process.version}, ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, ${runs} runs each (median).`,
    '',
    '| tasks | edges | file | read | validate | graph + classify + waves | total (median) | min–max | goal | peak RSS | peak heap |',
    '|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|'
  ]
  for (const r of results) {
    const goal = GOALS_MS[r.tasks]!
    lines.push(
      `| ${r.tasks.toLocaleString('en')} | ${r.edges.toLocaleString('en')} | ${mb(r.bytes).toFixed(1)} MB | ${ms(r.median.read)} ms | ${ms(r.median.validate)} ms | ${ms(r.median.plan)} ms | **${ms(r.median.total)} ms** | ${ms(r.min)}–${ms(r.max)} ms | < ${goal} ms ${r.median.total < goal ? '✅' : '❌'} | ${r.maxRssMb.toFixed(0)} MB ${r.maxRssMb < GOAL_RSS_MB ? '✅' : '❌'} | ${r.peakHeapMb.toFixed(0)} MB |`
    )
  }
  const [small, large] = results as [ChildResult, ChildResult]
  const ratio = large.median.total / small.median.total
  lines.push(
    '',
    `Growth 100k/10k: ${ratio.toFixed(1)}× for 10× the tasks and edges (${ratio < 15 ? 'linear' : 'worse than linear'}).`,
    `Plan of the 100k file: ${large.waves} waves, ${large.ready} ready, ${large.blocked} blocked.`
  )
  console.log(lines.join('\n'))
}
