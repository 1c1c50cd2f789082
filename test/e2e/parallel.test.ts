import { existsSync, mkdtempSync, readFileSync, readdirSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { runAction } from '../support/action.js'
import { CLAUDE_BIN, DUMMY_API_KEY, TEST_MODEL } from '../support/claude-env.js'
import { startMessagesApi, type MessagesApi, type TurnContext } from '../support/messages-api.js'
import { makeRepo, type TestRepo } from '../support/repo.js'
import { waitFor } from './engine-helpers.js'

let api: MessagesApi | undefined
let repo: TestRepo | undefined
afterEach(async () => {
  await api?.close()
  repo?.cleanup()
})

const taskFile = (tasks: unknown[]) =>
  JSON.stringify({ project: 'par', description: 'Parallel demo.', tasks }, null, 2) + '\n'

function env(apiUrl: string): NodeJS.ProcessEnv {
  return {
    ANTHROPIC_BASE_URL: apiUrl,
    ANTHROPIC_API_KEY: DUMMY_API_KEY,
    CLAUDE_CODE_MAX_RETRIES: '0',
    HOME: mkdtempSync(path.join(os.tmpdir(), 'taskmesh-home-'))
  }
}

/** A first turn that writes `<task>.txt` (its id as content) in the task's working directory. */
const writeOwnFile = (ctx: TurnContext) => ({
  tools: [
    {
      name: 'Write',
      input: { file_path: path.join(ctx.cwd!, `${ctx.taskId}.txt`), content: `${ctx.taskId}\n` }
    }
  ]
})

const inputs = (extra: Record<string, string> = {}) => ({
  'claude-path': CLAUDE_BIN,
  model: TEST_MODEL,
  'github-token': '',
  ...extra
})

describe('parallel: N (git worktrees)', () => {
  it('runs independent tasks at the same time, one commit per task, none left without money under a run budget, and removes its worktrees', async () => {
    const ids = ['p1', 'p2', 'p3', 'p4']
    repo = await makeRepo({
      files: {
        'task.json': taskFile([
          ...ids.map(id => ({ id, description: `Write ${id}.txt` })),
          { id: 'join', description: 'Write join.txt', dependencies: ids }
        ])
      }
    })
    let inFlight = 0
    let maxInFlight = 0
    const cwds = new Set<string>()
    // The first task's turn is held until a second task asks too (or 20 s pass): side by side, that
    // happens however slowly a loaded machine starts the CLIs; one after another, it never does.
    let arrivals = 0
    api = await startMessagesApi(async ctx => {
      if (ctx.turn === 0) {
        cwds.add(ctx.cwd!)
        inFlight++
        maxInFlight = Math.max(maxInFlight, inFlight)
        arrivals++
        await waitFor(() => arrivals >= 2, 20_000).catch(() => {})
        inFlight--
        return writeOwnFile(ctx)
      }
      return { text: `done ${ctx.taskId}` }
    })
    // A run budget: the tasks started together share what is left, and none is left without money (the
    // shares themselves are tested in-process, test/unit/engine/stops.test.ts).
    const r = await runAction({
      workspace: repo.work,
      inputs: inputs({ parallel: '3', 'max-budget-usd': '1' }),
      env: env(api.url)
    })
    expect(r.exitCode, r.log).toBe(0)
    expect(r.log).not.toMatch(/no budget left/)
    expect(maxInFlight).toBeGreaterThanOrEqual(2)
    // Each of the parallel tasks ran in a worktree of its own, outside the repository.
    expect([...cwds].filter(c => c !== repo!.work).length).toBeGreaterThanOrEqual(4)

    const state = JSON.parse(readFileSync(path.join(repo.work, 'task.json'), 'utf8'))
    for (const t of state.tasks) {
      expect(t.status).toBe('completed')
      expect(t.outputs).toEqual([`${t.id}.txt`])
      expect(readFileSync(path.join(repo.work, `${t.id}.txt`), 'utf8')).toBe(`${t.id}\n`)
    }
    const subjects = (await repo.git(repo.origin, 'log', '--format=%s', 'main')).split('\n')
    // Five task commits, then the state commit that records the last one's hash.
    expect(subjects.filter(s => s.startsWith('taskmesh:')).length).toBe(6)
    expect(subjects[0]).toBe('taskmesh: record the commit of join in the task file')
    expect(subjects[1]).toBe('taskmesh: join completed — Write join.txt')
    for (const t of state.tasks) expect(t.commit).toMatch(/^[0-9a-f]{40}$/)
    // Worktrees and temp branches are gone.
    expect((await repo.git(repo.work, 'worktree', 'list')).split('\n')).toHaveLength(1)
    expect(await repo.git(repo.work, 'branch', '--list', 'taskmesh/*')).toBe('')
    expect(
      existsSync(path.join(r.runnerTemp, 'taskmesh', 'worktrees'))
        ? readdirSync(path.join(r.runnerTemp, 'taskmesh', 'worktrees')).length
        : 0
    ).toBe(0)
    expect(await repo.git(repo.work, 'status', '--porcelain')).toBe('')
  })

  it('retries a task whose changes conflict with a task finished meanwhile, on the new head', async () => {
    repo = await makeRepo({
      files: {
        'task.json': taskFile([
          { id: 'first', description: 'Write shared.txt quickly' },
          { id: 'second', description: 'Write shared.txt slowly' }
        ])
      }
    })
    const prompts: string[] = []
    const r0 = repo
    const committed = (id: string) =>
      waitFor(
        async () =>
          (await r0.git(r0.work, 'log', '--format=%s', 'main').catch(() => '')).includes(
            `taskmesh: ${id} completed`
          ),
        20_000,
        `the commit of ${id}`
      )
    api = await startMessagesApi(async ctx => {
      if (ctx.turn === 0) {
        prompts.push(`${ctx.taskId}: ${ctx.firstUserText}`)
        const secondTries = prompts.filter(p => p.startsWith('second')).length
        // The second's first try answers only once the first is committed, so its changes always conflict.
        if (ctx.taskId === 'second' && secondTries === 1) await committed('first')
        // On the retry the file exists (from "first"): Claude Code's Write refuses a file it has not read.
        if (ctx.taskId === 'second' && secondTries === 2)
          return { tools: [{ name: 'Bash', input: { command: "printf 'from second\\n' > shared.txt" } }] }
        return {
          tools: [
            {
              name: 'Write',
              input: { file_path: path.join(ctx.cwd!, 'shared.txt'), content: `from ${ctx.taskId}\n` }
            }
          ]
        }
      }
      return { text: 'ok' }
    })
    const r = await runAction({ workspace: repo.work, inputs: inputs({ parallel: '2' }), env: env(api.url) })
    expect(r.exitCode, r.log).toBe(0)
    const state = JSON.parse(readFileSync(path.join(repo.work, 'task.json'), 'utf8'))
    const second = state.tasks.find((t: { id: string }) => t.id === 'second')
    expect(state.tasks.map((t: { status: string }) => t.status)).toEqual(['completed', 'completed'])
    expect(second.attempts).toBe(2)
    const secondPrompts = prompts.filter(p => p.startsWith('second'))
    expect(secondPrompts[1]).toContain('conflict with shared.txt from task first')
    expect(readFileSync(path.join(repo.work, 'shared.txt'), 'utf8')).toBe('from second\n')
    expect((await repo.git(repo.work, 'worktree', 'list')).split('\n')).toHaveLength(1)
  })

  it('rebases onto a commit pushed by another clone while tasks run side by side; nothing is lost', async () => {
    const tasks = [
      { id: 'a', description: 'Write a.txt' },
      { id: 'b', description: 'Write b.txt', dependencies: ['a'] },
      { id: 'c', description: 'Write c.txt' },
      { id: 'd', description: 'Write d.txt' },
      { id: 'e', description: 'Write e.txt', dependencies: ['b', 'c'] }
    ]
    repo = await makeRepo({ files: { 'task.json': taskFile(tasks) } })
    const r0 = repo
    let otherSha = ''
    api = await startMessagesApi(async ctx => {
      if (ctx.turn === 0) {
        // While b runs (and c or d beside it), a person pushes to the branch: the next push must rebase.
        // The run pushes c or d meanwhile too: the person tries again on a fresh clone, as a person would.
        for (let i = 0; ctx.taskId === 'b' && !otherSha && i < 5; i++) {
          const other = await r0.cloneAgain(`other-${i}`)
          otherSha = await r0
            .commitAndPush(other, { 'notes/other.md': 'from a person\n' }, 'person: notes')
            .catch(() => '')
        }
        await new Promise(r => setTimeout(r, 300))
        return writeOwnFile(ctx)
      }
      return { text: `done ${ctx.taskId}` }
    })
    const r = await runAction({ workspace: repo.work, inputs: inputs({ parallel: '2' }), env: env(api.url) })
    expect(r.exitCode, r.log).toBe(0)
    expect(otherSha).not.toBe('')
    expect(r.log).toMatch(/moved meanwhile; rebasing onto it/)

    const state = JSON.parse(await repo.git(repo.origin, 'show', 'main:task.json'))
    expect(state.tasks.map((t: { id: string; status: string }) => `${t.id}:${t.status}`)).toEqual(
      tasks.map(t => `${t.id}:completed`)
    )
    // Every recorded hash is the commit on origin that holds that task (rebased ones included).
    for (const t of state.tasks) {
      expect(await repo.git(repo.origin, 'merge-base', '--is-ancestor', t.commit, 'main')).toBe('')
      const trailer = await repo.git(
        repo.origin,
        'log',
        '-1',
        '--format=%(trailers:key=Task-Id,valueonly)',
        t.commit
      )
      expect(trailer.trim()).toBe(t.id)
      expect(await repo.git(repo.origin, 'show', `main:${t.id}.txt`)).toBe(t.id)
    }
    expect(await repo.git(repo.origin, 'merge-base', '--is-ancestor', otherSha, 'main')).toBe('')
    expect(await repo.git(repo.origin, 'show', 'main:notes/other.md')).toBe('from a person')
    expect(JSON.parse(readFileSync(path.join(repo.work, 'task.json'), 'utf8'))).toEqual(state)
    expect((await repo.git(repo.work, 'worktree', 'list')).split('\n')).toHaveLength(1)
    expect(await repo.git(repo.work, 'status', '--porcelain')).toBe('')
  })
})
