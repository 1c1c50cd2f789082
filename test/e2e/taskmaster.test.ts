// Task Master round trip: Taskmesh runs a .taskmaster/tasks/tasks.json made by the real Task Master CLI
// (through dist/index.js, the real Claude CLI and a local Messages API), then the real Task Master CLI reads
// what Taskmesh wrote back (`list`, `next`) and must see the statuses Taskmesh set.
import { execFile } from 'node:child_process'
import { mkdtempSync, readFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { promisify } from 'node:util'
import { afterEach, describe, expect, it } from 'vitest'
import { CLI_ENTRY, ROOT, runAction } from '../support/action.js'
import { CLAUDE_BIN, DUMMY_API_KEY, TEST_MODEL } from '../support/claude-env.js'
import { startFakeGitHub, type FakeGitHub } from '../support/github-api.js'
import {
  startMessagesApi,
  structuredOutput,
  type Handler,
  type MessagesApi
} from '../support/messages-api.js'
import { makeRepo, type TestRepo } from '../support/repo.js'

const run = promisify(execFile)
const TASK_MASTER = path.join(ROOT, 'node_modules', 'task-master-ai', 'dist', 'task-master.js')
const FIXTURES = path.join(ROOT, 'test', 'fixtures', 'taskmaster')
const TASKS = '.taskmaster/tasks/tasks.json'
/** Task Master's project config, with its anonymous telemetry off: the tests reach no network. */
const TASK_MASTER_CONFIG = '{\n  "global": { "anonymousTelemetry": false }\n}\n'

let api: MessagesApi | undefined
let repo: TestRepo | undefined
let gh: FakeGitHub | undefined
afterEach(async () => {
  await api?.close()
  await gh?.close()
  repo?.cleanup()
  api = repo = gh = undefined
})

const fixture = (name: string, file: string) => readFileSync(path.join(FIXTURES, name, file), 'utf8')

async function taskMasterRepo(name: string): Promise<TestRepo> {
  return makeRepo({
    files: {
      [TASKS]: fixture(name, 'tasks.json'),
      '.taskmaster/state.json': fixture(name, 'state.json'),
      '.taskmaster/config.json': TASK_MASTER_CONFIG,
      'README.md': '# demo\n'
    }
  })
}

function env(apiUrl: string): NodeJS.ProcessEnv {
  return {
    ANTHROPIC_BASE_URL: apiUrl,
    ANTHROPIC_API_KEY: DUMMY_API_KEY,
    CLAUDE_CODE_MAX_RETRIES: '0',
    HOME: mkdtempSync(path.join(os.tmpdir(), 'taskmesh-home-'))
  }
}

const inputs = (more: Record<string, string> = {}) => ({
  'claude-path': CLAUDE_BIN,
  model: TEST_MODEL,
  'github-token': 'ghs_testtoken1234567890',
  ...more
})

/** Each task writes `<id>.txt`; the tasks in `failing` keep calling a tool until they run out of turns. */
function writer(failing: string[] = []): Handler {
  return ctx => {
    if (failing.includes(ctx.taskId ?? ''))
      return { tools: [{ name: 'Bash', input: { command: 'true', description: 'keep going' } }] }
    if (ctx.turn === 0)
      return {
        tools: [
          {
            name: 'Write',
            input: { file_path: path.join(ctx.cwd!, `${ctx.taskId}.txt`), content: `${ctx.taskId}\n` }
          }
        ]
      }
    return { text: `Wrote ${ctx.taskId}.txt` }
  }
}

/** The real Task Master CLI, in the checkout, with no AI key (list, show and next need none). */
async function taskMaster(cwd: string, ...args: string[]): Promise<unknown> {
  const r = await run(process.execPath, [TASK_MASTER, ...args], {
    cwd,
    // No update check against the registry either.
    env: { PATH: process.env.PATH, HOME: cwd, TASKMASTER_SKIP_AUTO_UPDATE: '1', NO_COLOR: '1' },
    timeout: 60_000
  })
  // The JSON is the last thing printed (a notice may come first).
  const out = r.stdout
  return JSON.parse(out.slice(out.indexOf('{')))
}

type TmTask = { id: string | number; status: string; subtasks?: TmTask[] }
function statuses(list: { tasks: TmTask[] }): Record<string, string> {
  const out: Record<string, string> = {}
  for (const t of list.tasks) {
    out[String(t.id)] = t.status
    for (const s of t.subtasks ?? []) out[`${t.id}.${s.id}`] = s.status
  }
  return out
}

describe('Task Master files (end to end, read back by the real Task Master CLI)', () => {
  it('runs a file after set-status (string ids): done, a failure as blocked, a deferred task left alone', async () => {
    repo = await taskMasterRepo('after-set-status')
    const before = repo.read(repo.work, TASKS)
    api = await startMessagesApi(writer(['3.2']))
    // No task-file input: there is no task.json, so Task Master's file is found; the tag comes from state.json.
    const r = await runAction({
      workspace: repo.work,
      inputs: inputs({ 'max-attempts': '1', 'max-turns': '3' }),
      env: env(api.url),
      timeoutMs: 120_000
    })
    expect(r.exitCode, r.log).toBe(1) // a task failed
    expect(JSON.parse(r.outputs.completed)).toEqual(['1', '2', '3.1'])
    expect(JSON.parse(r.outputs.failed)).toEqual(['3.2'])

    const text = repo.read(repo.work, TASKS)
    const file = JSON.parse(text)
    const master = file.master.tasks
    expect(master.map((t: TmTask) => t.status)).toEqual(['done', 'done', 'in-progress', 'deferred'])
    expect(master[1]).toMatchObject({ id: '2', outputs: ['2.txt'], attempts: 1 })
    expect(master[2].subtasks.map((s: TmTask) => s.status)).toEqual(['done', 'blocked'])
    // The real CLI's turn limit, in the engine's words.
    expect(master[2].subtasks[1].error).toMatch(/stopped at the turn limit .*max-turns \/ maxTurns is 3/)
    expect(master[2].subtasks[1].attempts).toBe(1)
    // Key order and the fields Task Master wrote are kept; new fields come after them.
    expect(Object.keys(master[1]).slice(0, 9)).toEqual(
      Object.keys(JSON.parse(before).master.tasks[1]).slice(0, 9)
    )
    // The other tag is untouched, byte for byte (it is the last key of the file).
    expect(text.slice(text.indexOf('"feature-x"'))).toBe(before.slice(before.indexOf('"feature-x"')))
    // The tag's metadata says when and how much, as Task Master keeps it.
    expect(file.master.metadata.lastModified).not.toBe(JSON.parse(before).master.metadata.lastModified)
    expect(file.master.metadata.completedCount).toBe(2)
    // The job summary names the tasks by their Task Master ids, the failure with its reason.
    expect(r.summary).toContain('3.2')
    expect(r.summary).toMatch(/turn/i)
    // The committed file is the one on disk.
    expect(await repo.git(repo.origin, 'show', `main:${TASKS}`)).toBe(text.replace(/\n$/, ''))

    // Task Master reads it back (both commands only read, so they run at once: each start costs seconds and
    // about 6 s of CPU, so the tests ask it only what the statuses alone cannot show).
    const [list, next] = (await Promise.all([
      taskMaster(repo.work, 'list', '--json', '--with-subtasks'),
      taskMaster(repo.work, 'next', '--format', 'json')
    ])) as [{ tasks: (TmTask & { subtasks: (TmTask & { error?: string })[] })[] }, { task?: TmTask | null }]
    expect(statuses(list)).toEqual({
      '1': 'done',
      '2': 'done',
      '3': 'in-progress',
      '3.1': 'done',
      '3.2': 'blocked',
      '4': 'deferred'
    })
    // The reason Taskmesh recorded is in what Task Master shows for the subtask.
    expect(list.tasks[2]!.subtasks[1]!.error).toMatch(/turn/i)
    // 3.2 is blocked, 4 deferred: Task Master offers the open parent 3 next.
    expect(String(next.task?.id)).toBe('3')
  }, 240_000)

  it('runs a file straight after add-task (numeric ids) to the end: Task Master sees everything done', async () => {
    repo = await taskMasterRepo('after-add-task')
    api = await startMessagesApi(writer())
    const r = await runAction({
      workspace: repo.work,
      inputs: inputs(),
      env: env(api.url),
      timeoutMs: 180_000
    })
    expect(r.exitCode, r.log).toBe(0)
    // Priority first (1 is high), then dependencies; 3 is not run itself, its subtasks are.
    expect(JSON.parse(r.outputs.completed)).toEqual(['1', '2', '3.1', '3.2', '4'])
    const file = JSON.parse(repo.read(repo.work, TASKS))
    // Numeric ids stay numeric: Taskmesh does not rewrite what it does not own.
    expect(file.master.tasks.map((t: { id: unknown }) => t.id)).toEqual([1, 2, 3, 4])
    const list = (await taskMaster(repo.work, 'list', '--json', '--with-subtasks')) as { tasks: TmTask[] }
    expect(statuses(list)).toEqual({
      '1': 'done',
      '2': 'done',
      '3': 'done',
      '3.1': 'done',
      '3.2': 'done',
      '4': 'done'
    })
    // The run's commits name the tasks by their Task Master ids.
    const log = await repo.git(repo.origin, 'log', '--format=%s', 'main')
    expect(log).toContain('taskmesh: 3.2 completed — Help')
  }, 240_000)

  it('runs another tag when asked, and leaves master byte for byte', async () => {
    repo = await taskMasterRepo('after-add-task')
    const before = repo.read(repo.work, TASKS)
    api = await startMessagesApi(writer())
    const r = await runAction({
      workspace: repo.work,
      inputs: inputs({ tag: 'feature-x' }),
      env: env(api.url)
    })
    expect(r.exitCode, r.log).toBe(0)
    expect(JSON.parse(r.outputs.completed)).toEqual(['1'])
    const text = repo.read(repo.work, TASKS)
    const end = before.indexOf('"feature-x"')
    expect(text.slice(0, end)).toBe(before.slice(0, end))
    expect(JSON.parse(text)['feature-x'].tasks[0].status).toBe('done')
  }, 120_000)

  it('plan gives the matrix, and two matrix jobs (tasks: 4 and tasks: 3.1) pushing to one branch merge', async () => {
    // Task Master's file with 2 done and 4 pending again: 4 and 3's subtasks become ready together.
    const start = JSON.parse(fixture('after-set-status', 'tasks.json'))
    start.master.tasks[1].status = 'done'
    start.master.tasks[3].status = 'pending'
    repo = await makeRepo({
      files: {
        [TASKS]: JSON.stringify(start, null, 2),
        '.taskmaster/config.json': TASK_MASTER_CONFIG,
        'README.md': '# demo\n'
      }
    })
    api = await startMessagesApi(writer())
    const plan = await runAction({
      workspace: repo.work,
      inputs: inputs({ mode: 'plan' }),
      env: env(api.url)
    })
    expect(plan.exitCode, plan.log).toBe(0)
    // 4 is medium, 3 (and so 3.1) low: priority first.
    expect(JSON.parse(plan.outputs.matrix)).toEqual({ task: ['4', '3.1'] })
    expect(plan.summary).toContain('3.1')

    const other = await repo.cloneAgain('job-b')
    const a = await runAction({ workspace: repo.work, inputs: inputs({ tasks: '4' }), env: env(api.url) })
    expect(a.exitCode, a.log).toBe(0)
    // Job B started from the same commit: its push is rejected once, then it rebases onto job A's.
    const b = await runAction({ workspace: other, inputs: inputs({ tasks: '3.1' }), env: env(api.url) })
    expect(b.exitCode, b.log).toBe(0)
    const merged = JSON.parse(await repo.git(repo.origin, 'show', `main:${TASKS}`))
    expect(merged.master.tasks.map((t: TmTask) => t.status)).toEqual(['done', 'done', 'in-progress', 'done'])
    expect(merged.master.tasks[2].subtasks.map((s: TmTask) => s.status)).toEqual(['done', 'pending'])
    const files = await repo.git(repo.origin, 'ls-tree', '--name-only', 'main')
    expect(files.split('\n')).toEqual(expect.arrayContaining(['4.txt', '3.1.txt']))
  }, 180_000)

  it('decompose appends Task Master-shaped tasks to the chosen tag, and Task Master lists them', async () => {
    repo = await taskMasterRepo('after-set-status')
    const before = repo.read(repo.work, TASKS)
    api = await startMessagesApi(ctx =>
      ctx.turn > 0
        ? { text: 'done' }
        : structuredOutput({
            tasks: [
              { id: 'bench', title: 'Benchmark', description: 'Time the parser.', dependencies: ['2'] },
              {
                id: 'release',
                title: 'Release',
                description: 'Publish.',
                dependencies: ['bench', '3.2'],
                details: 'npm publish'
              }
            ]
          })
    )
    const r = await runAction({
      workspace: repo.work,
      inputs: inputs({ mode: 'decompose', request: 'Benchmark, then release.' }),
      env: env(api.url)
    })
    expect(r.exitCode, r.log).toBe(0)
    expect(JSON.parse(r.outputs['new-tasks'])).toEqual(['5', '6'])
    const text = repo.read(repo.work, TASKS)
    const file = JSON.parse(text)
    // This tag writes string ids (set-status rewrote it), so the new tasks do too.
    expect(file.master.tasks.slice(4)).toEqual([
      expect.objectContaining({
        id: '5',
        title: 'Benchmark',
        status: 'pending',
        dependencies: ['2'],
        priority: 'medium',
        subtasks: []
      }),
      expect.objectContaining({ id: '6', dependencies: ['5', '3.2'], details: 'npm publish' })
    ])
    // The existing tasks and the other tag keep their bytes; no run log goes into Task Master's file.
    const lastOld = before.indexOf('"metadata"')
    expect(text.slice(0, before.lastIndexOf('}', before.lastIndexOf(']', lastOld)))).toBe(
      before.slice(0, before.lastIndexOf('}', before.lastIndexOf(']', lastOld)))
    )
    expect(text.slice(text.indexOf('"feature-x"'))).toBe(before.slice(before.indexOf('"feature-x"')))
    expect(file).not.toHaveProperty('logs')
    const list = (await taskMaster(repo.work, 'list', '--json')) as { tasks: TmTask[] }
    expect(statuses(list)).toMatchObject({ '5': 'pending', '6': 'pending' })
  }, 120_000)

  it('the local command validates and plans a Task Master project, and reports its errors in its words', async () => {
    repo = await taskMasterRepo('after-add-task')
    const cli = (...args: string[]) =>
      run(process.execPath, [CLI_ENTRY, ...args], { cwd: repo!.work, env: { PATH: process.env.PATH } }).then(
        r => ({ code: 0, out: r.stdout + r.stderr }),
        (e: { code: number; stdout: string; stderr: string }) => ({ code: e.code, out: e.stdout + e.stderr })
      )
    const valid = await cli('validate')
    expect(valid).toEqual({ code: 0, out: `${TASKS}: valid (5 tasks)\n` })
    const plan = await cli('plan')
    expect(plan.code, plan.out).toBe(0)
    expect(plan.out).toContain('wave 3: 3.1')
    const bad = JSON.parse(fixture('after-add-task', 'tasks.json'))
    bad.master.tasks[2].subtasks[1].dependencies = ['3.9']
    repo.write(repo.work, TASKS, JSON.stringify(bad, null, 2))
    const invalid = await cli('validate', '--tag', 'master')
    expect(invalid.code).toBe(1)
    expect(invalid.out).toContain('tasks[2].subtasks[1].dependencies[0]: unknown subtask "3.9"')
    const unknownTag = await cli('validate', '--tag', 'nope')
    expect(unknownTag.out).toContain('has no tag "nope"; its tags are: master, feature-x')
  }, 60_000)

  it('opens a pull request for a Task Master run, and refuses to run a deferred task by name', async () => {
    repo = await taskMasterRepo('after-set-status')
    gh = await startFakeGitHub()
    api = await startMessagesApi(writer())
    const held = await runAction({
      workspace: repo.work,
      inputs: inputs({ tasks: '4' }),
      env: env(api.url)
    })
    expect(held.exitCode).toBe(1)
    expect(held.log).toContain('task "4" is not run by Taskmesh: deferred')

    const r = await runAction({
      workspace: repo.work,
      inputs: inputs({ 'pull-request': 'true', 'max-tasks': '1' }),
      env: { ...env(api.url), GITHUB_API_URL: gh.url }
    })
    expect(r.exitCode, r.log).toBe(0)
    // The project is the repository's folder (Task Master's file names none): the branch is taskmesh/work.
    expect(r.outputs.branch).toBe('taskmesh/work')
    expect(gh.pulls).toHaveLength(1)
    expect(gh.pulls[0]!.title).toBe('Taskmesh: work (2/5 tasks completed)')
    expect(gh.pulls[0]!.body).toMatch(/<code>2<\/code>[^\n]*completed/)
    const onBranch = JSON.parse(await repo.git(repo.origin, 'show', `taskmesh/work:${TASKS}`))
    expect(onBranch.master.tasks[1].status).toBe('done')
  }, 120_000)
})
