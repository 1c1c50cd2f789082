/**
 * Fan-out benchmark: 10 "matrix jobs" running different tasks of one graph at once, from their own clones of
 * the same bare origin, all pushing to the same branch.
 *
 *   node scripts/run-ts.mjs bench/fanout.bench.ts [--runs 2] [--jobs 10]
 *
 * The graph: `jobs` independent tasks (wave 1) and three joins that depend on them (wave 2). Wave 1 starts
 * `jobs` copies of dist/index.js at the same moment, each in a fresh clone with `tasks: <its task id>`,
 * commit and push on; when they have all exited, wave 2 does the same for the joins from new clones (as a
 * second workflow run would). Every job runs the real CLI against one local Messages API.
 *
 * Checked on the origin's final task.json: every task completed, with its outputs and a commit that is on
 * the branch; each output file in the final tree; no task ran twice (exactly one conversation, i.e. one first
 * request, per task id at the Messages API). Reported: wall time of each wave, job times, and from the jobs'
 * logs how many pushes, rejected pushes that led to a rebase, and failed push attempts there were.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { DUMMY_API_KEY, TEST_MODEL } from '../test/support/claude-env.js'
import { startMessagesApi, type MessagesApi } from '../test/support/messages-api.js'
import { makeRepo, type TestRepo } from '../test/support/repo.js'
import { CLAUDE_BIN, median, runActionTimed, type ActionResult } from './engine-overhead.bench.js'

interface Task {
  id: string
  description: string
  dependencies?: string[]
  status?: string
  outputs?: string[]
  commit?: string
  attempts?: number
}

interface WaveResult {
  wave: number
  jobs: number
  wallMs: number
  jobMs: number[]
  exitCodes: (number | null)[]
  pushed: number
  rebases: number
  pushFailures: number
  rescues: number
  /** Jobs that failed because a push lost a race at the remote ("cannot lock ref … but expected"). */
  lockRaces: number
}

function graph(jobs: number): Task[] {
  const wave1 = Array.from({ length: jobs }, (_, i) => ({
    id: `w${String(i + 1).padStart(2, '0')}`,
    description: `Write w${i + 1}.txt`
  }))
  const third = Math.ceil(jobs / 3)
  const joins = [0, 1, 2].map(j => ({
    id: `join${j + 1}`,
    description: `Write join${j + 1}.txt from the parts before it`,
    dependencies: wave1.slice(j * third, (j + 1) * third).map(t => t.id)
  }))
  return [...wave1, ...joins.filter(j => j.dependencies.length > 0)]
}

async function runWave(
  wave: number,
  ids: string[],
  repo: TestRepo,
  api: MessagesApi,
  top: string
): Promise<{ result: WaveResult; logs: string[] }> {
  const clones = await Promise.all(ids.map(id => repo.cloneAgain(`wave${wave}-${id}`)))
  const start = Date.now()
  const runs: ActionResult[] = await Promise.all(
    ids.map((id, i) => {
      const dir = mkdtempSync(path.join(top, `job-${id}-`))
      const home = path.join(dir, 'home')
      mkdirSync(home)
      return runActionTimed({
        workspace: clones[i]!,
        dir,
        inputs: {
          'claude-path': CLAUDE_BIN,
          model: TEST_MODEL,
          'github-token': '',
          tasks: id,
          'task-timeout-minutes': '5'
        },
        env: {
          ANTHROPIC_BASE_URL: api.url,
          ANTHROPIC_API_KEY: DUMMY_API_KEY,
          CLAUDE_CODE_MAX_RETRIES: '0',
          HOME: home
        },
        timeoutMs: 10 * 60_000
      })
    })
  )
  const end = Date.now()
  const logs = runs.map(r => r.log)
  const count = (re: RegExp) => logs.reduce((n, l) => n + (l.match(re)?.length ?? 0), 0)
  return {
    logs,
    result: {
      wave,
      jobs: ids.length,
      wallMs: end - start,
      jobMs: runs.map(r => r.endedAt - r.startedAt),
      exitCodes: runs.map(r => r.exitCode),
      pushed: count(/Pushed [0-9a-f]{12} to /g),
      rebases: count(/moved meanwhile; rebasing onto it/g),
      pushFailures: count(/Push attempt \d+ of \d+ failed/g),
      rescues: count(/pushed to taskmesh\/rescue-/g),
      lockRaces: logs.filter(l => /refused the push[^\n]*cannot lock ref/.test(l)).length
    }
  }
}

interface RunOutcome {
  waves: WaveResult[]
  problems: string[]
  firstRequests: Map<string, number>
  totalRequests: number
  /** Tasks whose `commit` field in origin's task.json names a commit on main. */
  commitFields: number
  tasks: number
}

async function runOnce(jobs: number, top: string): Promise<RunOutcome> {
  const tasks = graph(jobs)
  const text = `${JSON.stringify({ project: 'fanout', description: 'Fan-out benchmark.', tasks }, null, 2)}\n`
  const repo = await makeRepo({ files: { 'task.json': text, 'README.md': '# bench\n' } })
  const firstRequests = new Map<string, number>()
  const api = await startMessagesApi(ctx => {
    if (ctx.turn === 0) {
      const id = ctx.taskId ?? '?'
      firstRequests.set(id, (firstRequests.get(id) ?? 0) + 1)
      if (!ctx.cwd) throw new Error('no working directory in the request')
      return {
        tools: [{ name: 'Write', input: { file_path: path.join(ctx.cwd, `${id}.txt`), content: `${id}\n` } }]
      }
    }
    return { text: `Wrote ${ctx.taskId}.txt` }
  })
  const problems: string[] = []
  const waves: WaveResult[] = []
  try {
    const wave1 = tasks.filter(t => !t.dependencies?.length).map(t => t.id)
    const wave2 = tasks.filter(t => t.dependencies?.length).map(t => t.id)
    for (const [n, ids] of [wave1, wave2].entries()) {
      const { result, logs } = await runWave(n + 1, ids, repo, api, top)
      waves.push(result)
      result.exitCodes.forEach((c, i) => {
        if (c !== 0) {
          const why = logs[i]!.split('\n').filter(l => /error|fail/i.test(l) && !l.startsWith('::add-mask::'))
          problems.push(
            `wave ${n + 1}, job ${ids[i]}: exit ${c}: ${why.slice(-3).join(' | ')}\n${logs[i]!.slice(-3000)}`
          )
        }
      })
    }

    // What the origin holds at the end.
    const check = await repo.cloneAgain('final-check')
    const state = JSON.parse(readFileSync(path.join(check, 'task.json'), 'utf8')) as { tasks: Task[] }
    // One commit per task on main, found by its Task-Id trailer (the hash in task.json is checked apart).
    const trailerIds = (await repo.git(check, 'log', '--format=%(trailers:key=Task-Id,valueonly)', 'main'))
      .split('\n')
      .map(l => l.trim())
      .filter(Boolean)
    const onBranch = new Set((await repo.git(check, 'log', '--format=%H', 'main')).split('\n'))
    const files = new Set((await repo.git(check, 'ls-tree', '-r', '--name-only', 'HEAD')).split('\n'))
    let commitFields = 0
    for (const t of state.tasks) {
      if (t.status !== 'completed') problems.push(`${t.id} is ${t.status ?? 'pending'} on origin`)
      else {
        if (JSON.stringify(t.outputs) !== JSON.stringify([`${t.id}.txt`]))
          problems.push(`${t.id}: outputs ${JSON.stringify(t.outputs)} on origin`)
        if (t.attempts !== 1) problems.push(`${t.id}: attempts ${t.attempts}`)
      }
      const commits = trailerIds.filter(id => id === t.id).length
      if (commits !== 1) problems.push(`${t.id}: ${commits} task commit(s) on main`)
      if (!files.has(`${t.id}.txt`)) problems.push(`${t.id}.txt is missing from the final tree`)
      if (t.commit && onBranch.has(t.commit)) commitFields++
    }
    for (const t of tasks)
      if ((firstRequests.get(t.id) ?? 0) !== 1)
        problems.push(`${t.id} was started ${firstRequests.get(t.id) ?? 0} times at the Messages API`)
    return {
      waves,
      problems,
      firstRequests,
      totalRequests: api.requests.length,
      commitFields,
      tasks: tasks.length
    }
  } finally {
    await api.close()
    repo.cleanup()
  }
}

const isMain = /fanout\.bench\.(ts|mjs)$/.test(process.argv[1] ?? '')
if (isMain) {
  const args = process.argv.slice(2)
  const num = (name: string, dflt: number) => {
    const i = args.indexOf(name)
    return i === -1 ? dflt : Number(args[i + 1])
  }
  const runs = num('--runs', 2)
  const jobs = num('--jobs', 10)
  const loadStart = os.loadavg()[0]!.toFixed(1)
  const top = mkdtempSync(path.join(os.tmpdir(), 'taskmesh-bench-fanout-'))
  const outcomes: RunOutcome[] = []
  try {
    for (let i = 0; i < runs; i++) {
      outcomes.push(await runOnce(jobs, top))
      const o = outcomes.at(-1)!
      console.error(
        `  run ${i + 1}: ${o.waves.map(w => `wave ${w.wave} ${(w.wallMs / 1000).toFixed(1)} s`).join(', ')}, ${o.problems.length} problem(s)`
      )
    }
  } finally {
    rmSync(top, { recursive: true, force: true })
  }

  const load = `load average ${loadStart} at the start, ${os.loadavg()[0]!.toFixed(1)} at the end (1 min)`
  const s = (ms: number) => `${(ms / 1000).toFixed(1)} s`
  const lines = [
    `Node ${process.version}, ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}; ${jobs} jobs in wave 1, ` +
      `${graph(jobs).length - jobs} in wave 2, ${runs} run(s); ${load}.`,
    '',
    '| run | wave | jobs | wave wall time | job time median (max) | pushes | rejected → rebase | failed push attempts | rescue branches | jobs failed: "cannot lock ref" | jobs exited 0 |',
    '|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|'
  ]
  outcomes.forEach((o, i) => {
    for (const w of o.waves)
      lines.push(
        `| ${i + 1} | ${w.wave} | ${w.jobs} | ${s(w.wallMs)} | ${s(median(w.jobMs))} (${s(Math.max(...w.jobMs))}) | ${w.pushed} | ${w.rebases} | ${w.pushFailures} | ${w.rescues} | ${w.lockRaces} | ${w.exitCodes.filter(c => c === 0).length}/${w.jobs} |`
      )
  })
  lines.push('')
  outcomes.forEach((o, i) => {
    const maxStarts = Math.max(...o.firstRequests.values())
    lines.push(
      `Run ${i + 1}: ${o.problems.length === 0 ? '✅ every task completed on origin with its outputs and its commit on main; no task ran twice' : `❌ ${o.problems.length} problem(s)`} ` +
        `(${o.firstRequests.size} tasks started, at most ${maxStarts} time(s) each; ${o.totalRequests} Messages API requests; ` +
        `\`commit\` field set in task.json for ${o.commitFields} of ${o.tasks} tasks).`
    )
    for (const p of o.problems.slice(0, 20)) lines.push(`  - ${p.split('\n')[0]}`)
    if (process.env.FANOUT_DEBUG) console.error(o.problems.join('\n\n'))
  })
  console.log(lines.join('\n'))
  if (outcomes.some(o => o.problems.length)) process.exitCode = 1
}
