/**
 * `mode: review` latency: how long the action takes from the event to the first Claude call.
 *
 *   node scripts/run-ts.mjs bench/review-latency.bench.ts [--runs 10] [--depth 1|0]
 *
 * Set-up (not measured): a local bare origin, the local GitHub API stand-in and the local Messages API; a
 * `mode: run` run with pull-request: true makes the pull request (tasks a and b on taskmesh/bench).
 * Each measured run starts dist/index.js the way a runner does on a `pull_request_review_comment` event
 * (`/taskmesh redo a …` on a.txt) in a fresh clone checked out detached, like actions/checkout's merge ref
 * (`--depth 1`: its default fetch-depth; `--depth 0`: a full clone, fetch-depth: 0). Reported, from the spawn
 * of the process: when the Claude CLI started (a timing wrapper as claude-path, bash's $EPOCHREALTIME) and
 * when the Messages API got its first request; and the wall time of a run that has nothing to do (an
 * approving review), the cost of every other event on a pull request.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { DUMMY_API_KEY, TEST_MODEL } from '../test/support/claude-env.js'
import { startFakeGitHub } from '../test/support/github-api.js'
import { startMessagesApi } from '../test/support/messages-api.js'
import { makeRepo } from '../test/support/repo.js'
import {
  CLAUDE_BIN,
  median,
  quantile,
  readIntervals,
  runActionTimed,
  writeTimingWrapper
} from './engine-overhead.bench.js'

const arg = (name: string, dflt: number) => {
  const i = process.argv.indexOf(name)
  return i >= 0 ? Number(process.argv[i + 1]) : dflt
}
const RUNS = arg('--runs', 10)
const DEPTH = arg('--depth', 1)
const BRANCH = 'taskmesh/bench'

async function main(): Promise<void> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'taskmesh-review-bench-'))
  const tasks = ['a', 'b'].map(id => ({ id, description: `Write ${id}.txt` }))
  const repo = await makeRepo({
    files: { 'task.json': `${JSON.stringify({ project: 'bench', tasks }, null, 2)}\n` }
  })
  const gh = await startFakeGitHub({ permissions: { alice: 'write' } })
  let firstRequestAt: number | undefined
  const api = await startMessagesApi(ctx => {
    firstRequestAt ??= Date.now()
    const id = ctx.taskId ?? 'x'
    if (ctx.turn === 0)
      return { tools: [{ name: 'Bash', input: { command: `echo ${id} $RANDOM > ${id}.txt` } }] }
    return { text: `done ${id}` }
  })
  const cliLog = path.join(dir, 'cli.log')
  const wrapper = path.join(dir, 'claude')
  writeTimingWrapper(wrapper, CLAUDE_BIN, cliLog)
  const env = {
    ANTHROPIC_BASE_URL: api.url,
    ANTHROPIC_API_KEY: DUMMY_API_KEY,
    CLAUDE_CODE_MAX_RETRIES: '0',
    GITHUB_API_URL: gh.url,
    GITHUB_REPOSITORY: 'bench/taskmesh'
  }
  const inputs = {
    'claude-path': wrapper,
    model: TEST_MODEL,
    'github-token': 'ghs_benchToken0123456789',
    'max-attempts': '1'
  }
  const home = () => mkdtempSync(path.join(dir, 'home-'))

  const setup = await runActionTimed({
    workspace: repo.work,
    dir,
    inputs: { ...inputs, 'pull-request': 'true', branch: BRANCH },
    env: { ...env, HOME: home() },
    timeoutMs: 120_000
  })
  if (setup.exitCode !== 0) throw new Error(`set-up run failed:\n${setup.log}`)

  const event = (name: string, payload: unknown) => {
    const file = path.join(dir, `event-${Math.random().toString(36).slice(2)}.json`)
    writeFileSync(file, JSON.stringify(payload))
    return { GITHUB_EVENT_NAME: name, GITHUB_EVENT_PATH: file }
  }
  const pr = {
    number: 1,
    state: 'open',
    head: { ref: BRANCH, repo: { full_name: 'bench/taskmesh' } },
    base: { ref: 'main', repo: { full_name: 'bench/taskmesh' } }
  }
  const checkout = async (i: number) => {
    const ws = await repo.cloneAgain(`ws-${i}`, DEPTH > 0 ? { depth: DEPTH } : {})
    await repo.git(ws, 'checkout', '-q', '--detach')
    return ws
  }

  const toPermission: number[] = []
  const toPull: number[] = []
  const toCli: number[] = []
  const toApi: number[] = []
  const noop: number[] = []
  for (let i = 0; i < RUNS; i++) {
    // A redo asked for on an inline comment.
    rmSync(cliLog, { force: true })
    firstRequestAt = undefined
    gh.calls.length = 0
    const ws = await checkout(i)
    const r = await runActionTimed({
      workspace: ws,
      dir,
      inputs: { ...inputs, mode: 'review' },
      env: {
        ...env,
        HOME: home(),
        ...event('pull_request_review_comment', {
          action: 'created',
          pull_request: pr,
          comment: {
            id: 1000 + i,
            body: `/taskmesh redo a round ${i}`,
            path: 'a.txt',
            line: 1,
            diff_hunk: '@@ -0,0 +1 @@\n+a',
            user: { login: 'alice', type: 'User' },
            html_url: `https://github.example/bench/taskmesh/pull/1#discussion_r${1000 + i}`,
            created_at: new Date().toISOString()
          }
        })
      },
      timeoutMs: 120_000
    })
    if (r.exitCode !== 0) throw new Error(`review run ${i} failed:\n${r.log}`)
    const cli = readIntervals(cliLog)[0]
    if (!cli || firstRequestAt === undefined)
      throw new Error(`review run ${i} did not call Claude:\n${r.log}`)
    const callAt = (re: RegExp) => gh.calls.find(c => re.test(c.path))?.at ?? NaN
    toPermission.push(callAt(/\/collaborators\/[^/]+\/permission$/) - r.startedAt)
    toPull.push(callAt(/\/pulls\/1$/) - r.startedAt)
    toCli.push(cli.start - r.startedAt)
    toApi.push(firstRequestAt - r.startedAt)

    // An event that asks nothing of Taskmesh (an approving review).
    const ws2 = await checkout(RUNS + i)
    const n = await runActionTimed({
      workspace: ws2,
      dir,
      inputs: { ...inputs, mode: 'review' },
      env: {
        ...env,
        HOME: home(),
        ...event('pull_request_review', {
          action: 'submitted',
          pull_request: pr,
          review: { id: 5000 + i, state: 'approved', body: 'LGTM', user: { login: 'alice', type: 'User' } }
        })
      },
      timeoutMs: 60_000
    })
    if (n.exitCode !== 0) throw new Error(`no-op run ${i} failed:\n${n.log}`)
    noop.push(n.endedAt - n.startedAt)
  }

  const row = (label: string, xs: number[]) =>
    `| ${label} | ${xs.length} | ${Math.min(...xs).toFixed(0)} ms | ${median(xs).toFixed(0)} ms | ${quantile(xs, 0.9).toFixed(0)} ms | ${Math.max(...xs).toFixed(0)} ms |`
  console.log(`\nmode: review latency (clone depth ${DEPTH > 0 ? DEPTH : 'full'}, Node ${process.version})\n`)
  console.log('| from the spawn of dist/index.js to … | runs | min | median | p90 | max |')
  console.log('|---|---:|---:|---:|---:|---:|')
  console.log(row('the permission check reaches the GitHub API', toPermission))
  console.log(row('the pull request is read (then: fetch and check out its branch)', toPull))
  console.log(row('the Claude CLI starts (redo from an inline comment)', toCli))
  console.log(row('the first Messages API request', toApi))
  console.log(row('exit, for an event with nothing to do (approving review)', noop))

  await api.close()
  await gh.close()
  repo.cleanup()
  rmSync(dir, { recursive: true, force: true })
}

main().catch(e => {
  console.error(e)
  process.exit(1)
})
