/**
 * Run engine, end to end through dist/index.js with the real Claude Code CLI against the local Messages
 * API: what Claude is told, dependency order, scope (`tasks`, `max-tasks`), resuming and retrying, and
 * the task file staying the engine's.
 */
import { existsSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { TaskDocument } from '../../src/taskfile/document.js'
import { visibleLog } from '../support/action.js'
import {
  byId,
  engineFixtures,
  firstTurns,
  originState,
  originSubjects,
  promptOf,
  startOrder,
  statuses,
  taskFile,
  writeOwnFile
} from './engine-helpers.js'

const { setup } = engineFixtures()

describe('run engine: prompt and order', () => {
  it('sends the task verbatim with project, context and completed dependencies, not unrelated tasks', async () => {
    const description = [
      'Write main.txt with the answer.',
      '  Keep "quotes", `backticks`, $(not a command) and $HOME as they are; ünïcödé too.',
      '',
      'Last line\twith a tab.'
    ].join('\n')
    const f = await setup(
      [
        { id: 'dep', title: 'The dependency', description: 'Write dep.txt' },
        { id: 'other', title: 'UNRELATED-TITLE', description: 'UNRELATED-DESCRIPTION must stay out' },
        {
          id: 'main',
          title: 'Main task title',
          description,
          details: 'DETAILS-OF-MAIN',
          dependencies: ['dep']
        }
      ],
      ctx => {
        if (ctx.turn === 0)
          return {
            tools: [
              {
                name: 'Write',
                input: { file_path: path.join(ctx.cwd!, `${ctx.taskId}.txt`), content: 'x\n' }
              }
            ]
          }
        return {
          text: ctx.taskId === 'dep' ? 'DEP-SUMMARY: dep.txt holds the base data.' : `done ${ctx.taskId}`
        }
      },
      { context: 'PROJECT-CONTEXT: use two-space indentation everywhere.' }
    )
    const r = await f.run()
    expect(r.exitCode, r.log).toBe(0)
    expect(statuses(r.state)).toEqual({ dep: 'completed', other: 'completed', main: 'completed' })

    const prompt = promptOf(firstTurns(f.api, 'main')[0]!)
    expect(prompt).toContain('Task id: main')
    expect(prompt).toContain('Title: Main task title')
    expect(prompt).toContain(description)
    expect(prompt).toContain('DETAILS-OF-MAIN')
    expect(prompt).toContain('engine-demo')
    expect(prompt).toContain('Engine end-to-end tests.')
    expect(prompt).toContain('PROJECT-CONTEXT: use two-space indentation everywhere.')
    // The completed dependency: its summary and its outputs (taken from git).
    expect(prompt).toContain('DEP-SUMMARY: dep.txt holds the base data.')
    expect(prompt).toMatch(/Files: dep\.txt/)
    // Not the rest of the task file.
    expect(prompt).not.toContain('UNRELATED')
    expect(prompt).not.toContain('"tasks"')
    // A task without dependencies gets no dependency section, and not the others' text either.
    const depPrompt = promptOf(firstTurns(f.api, 'dep')[0]!)
    expect(depPrompt).toContain('Task id: dep')
    expect(depPrompt).not.toContain('DETAILS-OF-MAIN')
    expect(depPrompt).not.toContain('UNRELATED')
    expect(depPrompt).toContain('PROJECT-CONTEXT')
  })

  it('runs a diamond in dependency order and gives the join both branches', async () => {
    // Listed in reverse on purpose: file order must not beat the graph.
    const f = await setup(
      [
        { id: 'join', description: 'Write join.txt', dependencies: ['left', 'right'] },
        { id: 'right', description: 'Write right.txt', dependencies: ['root'] },
        { id: 'left', description: 'Write left.txt', dependencies: ['root'] },
        { id: 'root', description: 'Write root.txt' }
      ],
      writeOwnFile
    )
    const r = await f.run()
    expect(r.exitCode, r.log).toBe(0)
    const order = startOrder(f.api)
    expect(order).toHaveLength(4)
    expect(order[0]).toBe('root')
    expect(order[3]).toBe('join')
    expect(new Set(order.slice(1, 3))).toEqual(new Set(['left', 'right']))
    for (const t of r.state.tasks) {
      expect(t.status).toBe('completed')
      expect(t.outputs).toEqual([`${t.id}.txt`])
      expect(t.attempts).toBe(1)
    }
    const joinPrompt = promptOf(firstTurns(f.api, 'join')[0]!)
    expect(joinPrompt).toContain('done left')
    expect(joinPrompt).toContain('done right')
    expect(joinPrompt).not.toContain('done root')
    // One commit per task, in the order they ran.
    const subjects = (await originSubjects(f.repo)).filter(
      s => s.startsWith('taskmesh:') && s.includes('completed')
    )
    expect(subjects.map(s => /taskmesh: (\S+)/.exec(s)![1])).toEqual([...order].reverse())
  })
})

describe('run engine: scope and limits', () => {
  it('max-tasks: 1 runs one task and leaves the rest pending', async () => {
    const f = await setup(
      [
        { id: 'one', description: 'Write one.txt' },
        { id: 'two', description: 'Write two.txt' },
        { id: 'three', description: 'Write three.txt', dependencies: ['one'] }
      ],
      writeOwnFile
    )
    const r = await f.run({ inputs: { 'max-tasks': '1' } })
    expect(r.exitCode, r.log).toBe(0)
    expect(statuses(r.state)).toEqual({ one: 'completed', two: 'pending', three: 'pending' })
    expect(startOrder(f.api)).toEqual(['one'])
    expect(r.outputs['stop-reason']).toBe('max-tasks')
    expect(JSON.parse(r.outputs.pending)).toEqual(['two', 'three'])
    expect(byId(r.state, 'two').attempts ?? 0).toBe(0)
    expect(existsSync(path.join(f.repo.work, 'two.txt'))).toBe(false)
    expect((await originState(f.repo)).tasks.map(t => t.status ?? 'pending')).toEqual([
      'completed',
      'pending',
      'pending'
    ])
  })

  it('tasks: an unknown id is a clear error, exit 1, task.json untouched', async () => {
    const text = taskFile([
      { id: 'a', description: 'Write a.txt' },
      { id: 'b', description: 'Write b.txt', dependencies: ['a'] }
    ])
    const f = await setup(text, writeOwnFile)
    const before = await originSubjects(f.repo)
    const r = await f.run({ inputs: { tasks: 'a, nope' } })
    expect(r.exitCode).toBe(1)
    expect(visibleLog(r.log)).toMatch(/::error::.*unknown task "nope" in the "tasks" input/)
    expect(r.text).toBe(text)
    expect(f.api.requests).toHaveLength(0)
    expect(await originSubjects(f.repo)).toEqual(before)
    expect(await f.repo.git(f.repo.work, 'status', '--porcelain')).toBe('')
  })

  it('tasks: a task that is not ready is a clear error, exit 1, task.json untouched', async () => {
    const text = taskFile([
      { id: 'a', description: 'Write a.txt' },
      { id: 'b', description: 'Write b.txt', dependencies: ['a'] }
    ])
    const f = await setup(text, writeOwnFile)
    const r = await f.run({ inputs: { tasks: 'b' } })
    expect(r.exitCode).toBe(1)
    expect(visibleLog(r.log)).toMatch(/::error::.*task "b" is not ready: it waits for "a"/)
    expect(r.text).toBe(text)
    expect(f.api.requests).toHaveLength(0)
    expect(await f.repo.git(f.repo.work, 'status', '--porcelain')).toBe('')
  })

  it('tasks: naming a ready task runs only that one', async () => {
    const f = await setup(
      [
        { id: 'a', description: 'Write a.txt' },
        { id: 'b', description: 'Write b.txt', dependencies: ['a'] },
        { id: 'c', description: 'Write c.txt' }
      ],
      writeOwnFile
    )
    const r = await f.run({ inputs: { tasks: 'c' } })
    expect(r.exitCode, r.log).toBe(0)
    expect(statuses(r.state)).toEqual({ a: 'pending', b: 'pending', c: 'completed' })
    expect(startOrder(f.api)).toEqual(['c'])
    expect(JSON.parse(r.outputs.completed)).toEqual(['c'])
  })
})

describe('run engine: resuming and retrying', () => {
  it('resumes a stale in_progress task from a killed run and completes it', async () => {
    const f = await setup(
      [
        {
          id: 'stale',
          description: 'Write stale.txt',
          status: 'in_progress',
          startedAt: '2024-01-01T00:00:00.000Z',
          attempts: 1
        },
        { id: 'next', description: 'Write next.txt', dependencies: ['stale'] }
      ],
      writeOwnFile,
      { status: 'in_progress' }
    )
    const r = await f.run()
    expect(r.exitCode, r.log).toBe(0)
    expect(statuses(r.state)).toEqual({ stale: 'completed', next: 'completed' })
    const stale = byId(r.state, 'stale')
    expect(stale.attempts).toBe(2)
    expect(stale.outputs).toEqual(['stale.txt'])
    const resumed = r.state.logs.findIndex(
      l => l.taskId === 'stale' && /interrupted run.*pending/.test(l.message)
    )
    const started = r.state.logs.findIndex(l => l.taskId === 'stale' && /attempt .* started/.test(l.message))
    expect(resumed).toBeGreaterThanOrEqual(0)
    expect(started).toBeGreaterThan(resumed)
    expect(r.state.status).toBe('completed')
    expect(visibleLog(r.log)).toContain('found in_progress from an interrupted run')
  })

  it('retry-failed: true puts failed tasks back to pending and runs them', async () => {
    const f = await setup(
      [
        {
          id: 'flaky',
          description: 'Write flaky.txt',
          status: 'failed',
          attempts: 2,
          startedAt: '2024-01-01T00:00:00.000Z',
          completedAt: '2024-01-01T00:01:00.000Z',
          error: 'the Anthropic API failed (HTTP 500): boom'
        },
        { id: 'after', description: 'Write after.txt', dependencies: ['flaky'] }
      ],
      writeOwnFile,
      { status: 'failed' }
    )
    // Without retry-failed the failed task stays failed and its dependent blocked.
    const first = await f.run()
    expect(first.exitCode, first.log).toBe(0)
    expect(f.api.requests).toHaveLength(0)
    expect(JSON.parse(first.outputs.blocked)).toEqual(['after'])

    const r = await f.run({ inputs: { 'retry-failed': 'true' } })
    expect(r.exitCode, r.log).toBe(0)
    expect(statuses(r.state)).toEqual({ flaky: 'completed', after: 'completed' })
    const flaky = byId(r.state, 'flaky')
    expect(flaky.attempts).toBe(3)
    expect(flaky.error ?? undefined).toBeUndefined()
    expect(flaky.outputs).toEqual(['flaky.txt'])
    expect(r.state.logs.some(l => l.taskId === 'flaky' && /retry-failed/.test(l.message))).toBe(true)
    expect(startOrder(f.api)).toEqual(['flaky', 'after'])
  })

  it('retry-failed with tasks: retries only the named failed task (a matrix job re-running one task)', async () => {
    const failed = (id: string) => ({
      id,
      description: `Write ${id}.txt`,
      status: 'failed',
      attempts: 1,
      error: 'the Anthropic API failed (HTTP 500): boom'
    })
    const f = await setup([failed('one'), failed('two')], writeOwnFile, { status: 'failed' })
    const r = await f.run({ inputs: { 'retry-failed': 'true', tasks: 'two' } })
    expect(r.exitCode, r.log).toBe(0)
    expect(statuses(r.state)).toEqual({ one: 'failed', two: 'completed' })
    expect(byId(r.state, 'one').error).toContain('HTTP 500')
    expect(startOrder(f.api)).toEqual(['two'])
  })
})

describe('run engine: the task file is the engine’s', () => {
  it('discards Claude’s edit of task.json with a warning; the engine’s state wins', async () => {
    const f = await setup(
      [
        { id: 'meddler', description: 'Write meddle.txt and tamper with task.json' },
        { id: 'after', description: 'Write after.txt', dependencies: ['meddler'] }
      ],
      ctx => {
        if (ctx.taskId !== 'meddler') return writeOwnFile(ctx)
        if (ctx.turn === 0)
          return {
            tools: [
              {
                name: 'Bash',
                input: {
                  command:
                    'printf \'{"project":"hijacked","tasks":[{"id":"meddler","description":"x","status":"completed"}]}\\n\' > task.json && echo meddled > meddle.txt'
                }
              }
            ]
          }
        return { text: 'done, and I marked myself completed' }
      }
    )
    const r = await f.run()
    expect(r.exitCode, r.log).toBe(0)
    expect(visibleLog(r.log)).toMatch(/Claude changed task\.json; its edit was discarded/)
    expect(r.state.project).toBe('engine-demo')
    expect(statuses(r.state)).toEqual({ meddler: 'completed', after: 'completed' })
    const meddler = byId(r.state, 'meddler')
    expect(meddler.outputs).toEqual(['meddle.txt'])
    expect(
      r.state.logs.some(l => l.level === 'warning' && l.taskId === 'meddler' && /discarded/.test(l.message))
    ).toBe(true)
    expect(TaskDocument.parse(r.text, 'task.json').ok).toBe(true)
    // The commit of the task holds the engine's task.json, never Claude's.
    const committed = await f.repo.git(f.repo.origin, 'show', 'main:task.json')
    expect(committed).not.toContain('hijacked')
    expect(await f.repo.git(f.repo.work, 'status', '--porcelain')).toBe('')
  })
})
