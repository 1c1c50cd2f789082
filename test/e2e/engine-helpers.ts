/**
 * Shared setup for the run-engine end-to-end tests (test/e2e/engine-*.test.ts): a temp repository with a
 * bare origin, the local Messages API, and runAction with the real Claude Code CLI and short limits.
 */
import { randomUUID } from 'node:crypto'
import { readFileSync, readdirSync } from 'node:fs'
import path from 'node:path'
import { afterEach } from 'vitest'
import { runAction, testTempDir, type ActionRun, type RunActionOptions } from '../support/action.js'
import { CLAUDE_BIN, DUMMY_API_KEY, TEST_MODEL } from '../support/claude-env.js'
import {
  startMessagesApi,
  type Handler,
  type MessagesApi,
  type TurnContext
} from '../support/messages-api.js'
import { isolateGitConfig, makeRepo, type TestRepo } from '../support/repo.js'

/** Tasks as the tests write them; anything else in a task is kept as is. */
export interface TaskSpec {
  id: string
  description: string
  [key: string]: unknown
}

export interface StateTask extends TaskSpec {
  status?: string
  attempts?: number
  outputs?: string[]
  error?: string
  result?: string
  startedAt?: string
  completedAt?: string
  commit?: string
  costUsd?: number
}

export interface State {
  project: string
  status?: string
  tasks: StateTask[]
  logs: { timestamp: string; level?: string; taskId?: string; message: string }[]
}

export const taskFile = (tasks: TaskSpec[], extra: Record<string, unknown> = {}) =>
  JSON.stringify(
    { project: 'engine-demo', description: 'Engine end-to-end tests.', ...extra, tasks, logs: [] },
    null,
    2
  ) + '\n'

/** The prompt given on stdin: the last text block of the first user message. */
export function promptOf(ctx: TurnContext): string {
  const messages: { role?: string; content?: unknown }[] = Array.isArray(ctx.body?.messages)
    ? ctx.body.messages
    : []
  const first = messages.find(m => m?.role === 'user')
  if (!first) return ''
  if (typeof first.content === 'string') return first.content
  const texts = Array.isArray(first.content)
    ? (first.content as { type?: string; text?: string }[])
        .filter(b => typeof b?.text === 'string')
        .map(b => b.text!)
    : []
  return texts[texts.length - 1] ?? ''
}

/** Turn 0: write `<task-id>.txt` in the working directory; afterwards: `done <task-id>`. */
export const writeOwnFile: Handler = ctx => {
  if (ctx.turn === 0)
    return {
      tools: [
        {
          name: 'Write',
          input: { file_path: path.join(ctx.cwd!, `${ctx.taskId}.txt`), content: `${ctx.taskId}\n` }
        }
      ]
    }
  return { text: `done ${ctx.taskId}` }
}

/** Ids of the tasks in the order their first request reached the API. */
export function startOrder(api: MessagesApi): string[] {
  const out: string[] = []
  for (const r of api.requests) if (r.taskId && r.turn === 0 && !out.includes(r.taskId)) out.push(r.taskId)
  return out
}

/** Turn-0 requests (one per attempt that reached the API) of a task. */
export const firstTurns = (api: MessagesApi, id: string) =>
  api.requests.filter(r => r.taskId === id && r.turn === 0)

/**
 * Pids of live processes whose environment carries `TASKMESH_TEST_TAG=<tag>` (every process the action
 * started inherits it, the CLI and what its Bash tool started included). Zombies have an empty environ.
 */
export function processesTagged(tag: string): number[] {
  const needle = Buffer.from(`TASKMESH_TEST_TAG=${tag}\0`)
  const found: number[] = []
  for (const e of readdirSync('/proc')) {
    if (!/^\d+$/.test(e)) continue
    try {
      const env = readFileSync(`/proc/${e}/environ`)
      const at = env.indexOf(needle)
      if (at === 0 || (at > 0 && env[at - 1] === 0)) found.push(Number(e))
    } catch {
      // gone or not ours
    }
  }
  return found
}

/** Whether a process carries the run marker runClaude sets (TASKMESH_CLAUDE_RUN=<uuid>). */
export function hasRunMarker(pid: number): boolean {
  try {
    return readFileSync(`/proc/${pid}/environ`, 'utf8')
      .split('\0')
      .some(v => v.startsWith('TASKMESH_CLAUDE_RUN='))
  } catch {
    return false
  }
}

export function killTagged(tag: string): void {
  for (const pid of processesTagged(tag)) {
    try {
      process.kill(pid, 'SIGKILL')
    } catch {
      // gone
    }
  }
}

export interface Fixture {
  repo: TestRepo
  api: MessagesApi
}

export interface EngineRun extends ActionRun {
  /** Identifies every process of this run (see processesTagged). */
  tag: string
  state: State
  /** task.json as it is on disk after the run. */
  text: string
}

export interface RunOptions extends Partial<Omit<RunActionOptions, 'inputs' | 'workspace'>> {
  inputs?: Record<string, string>
  /** Leave ANTHROPIC_API_KEY out of the environment (the key comes through the input). */
  noEnvKey?: boolean
}

/** Creates and cleans up one repository and one Messages API per test. */
export function engineFixtures() {
  isolateGitConfig()
  const open: { repo?: TestRepo; api?: MessagesApi; tags: string[] }[] = []
  afterEach(async () => {
    for (const f of open.splice(0)) {
      for (const tag of f.tags) killTagged(tag)
      await f.api?.close()
      f.repo?.cleanup()
    }
  })

  async function setup(tasks: TaskSpec[] | string, handler: Handler, extra: Record<string, unknown> = {}) {
    const entry: (typeof open)[number] = { tags: [] }
    open.push(entry)
    entry.repo = await makeRepo({
      files: {
        'task.json': typeof tasks === 'string' ? tasks : taskFile(tasks, extra),
        'README.md': '# test\n'
      }
    })
    entry.api = await startMessagesApi(handler)
    const fx: Fixture = { repo: entry.repo, api: entry.api }
    const run = async (o: RunOptions = {}): Promise<EngineRun> => {
      const tag = randomUUID()
      entry.tags.push(tag)
      const { inputs, noEnvKey, env, ...rest } = o
      const r = await runAction({
        workspace: fx.repo.work,
        inputs: {
          'claude-path': CLAUDE_BIN,
          model: TEST_MODEL,
          'github-token': '',
          'max-attempts': '2',
          'task-timeout-minutes': '1',
          ...inputs
        },
        env: {
          ANTHROPIC_BASE_URL: fx.api.url,
          ...(noEnvKey ? {} : { ANTHROPIC_API_KEY: DUMMY_API_KEY }),
          CLAUDE_CODE_MAX_RETRIES: '0',
          HOME: testTempDir('taskmesh-home-'),
          TASKMESH_BACKOFF_MS: '10',
          TASKMESH_TEST_TAG: tag,
          ...env
        },
        ...rest
      })
      const text = readFileSync(path.join(fx.repo.work, 'task.json'), 'utf8')
      return { ...r, tag, text, state: JSON.parse(text) as State }
    }
    return { ...fx, run }
  }

  return { setup }
}

export function byId(state: State, id: string): StateTask {
  const t = state.tasks.find(x => x.id === id)
  if (!t) throw new Error(`no task ${id} in the state`)
  return t
}

export const statuses = (state: State) =>
  Object.fromEntries(state.tasks.map(t => [t.id, t.status ?? 'pending']))

/** Commit subjects on origin's main, newest first. */
export async function originSubjects(repo: TestRepo): Promise<string[]> {
  return (await repo.git(repo.origin, 'log', '--format=%s', 'main')).split('\n')
}

/** task.json as origin's main holds it. */
export async function originState(repo: TestRepo): Promise<State> {
  return JSON.parse(await repo.git(repo.origin, 'show', 'main:task.json')) as State
}

export const sleep = (ms: number) => new Promise(r => setTimeout(r, ms))

/** Polls `cond` every 50 ms until it holds (or `timeoutMs` passes: then throws). */
export async function waitFor(
  cond: () => boolean | Promise<boolean>,
  timeoutMs = 20_000,
  what = 'a condition'
): Promise<void> {
  const end = Date.now() + timeoutMs
  while (!(await cond())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`)
    await sleep(50)
  }
}
