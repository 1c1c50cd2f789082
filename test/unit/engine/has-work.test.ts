// runHasWork decides whether a run starts Claude and the sandbox at all: it must agree with what the engine
// then does, for every shape of task list (a run it calls idle must neither call Claude nor write the file).
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { fakeEngine, type TaskSpec } from './fakes.js'
import { runHasWork } from '../../../src/plan/scheduler.js'
import { RunSetupError } from '../../../src/shared/errors.js'
import type { Task } from '../../../src/taskfile/schema.js'
import { HELD } from '../../../src/taskfile/task-meta.js'

interface Case {
  name: string
  tasks: TaskSpec[]
  only?: string[]
  retryFailed?: boolean
  hasWork: boolean
}

const done = { status: 'completed' as const }
const cases: Case[] = [
  {
    name: 'every task completed',
    tasks: [
      { id: 'a', ...done },
      { id: 'b', ...done }
    ],
    hasWork: false
  },
  { name: 'a pending task', tasks: [{ id: 'a', ...done }, { id: 'b' }], hasWork: true },
  {
    name: 'pending, but behind a failed task',
    tasks: [
      { id: 'a', status: 'failed', error: 'x' },
      { id: 'b', dependencies: ['a'] }
    ],
    hasWork: false
  },
  {
    name: 'the failed task retried',
    tasks: [
      { id: 'a', status: 'failed', error: 'x' },
      { id: 'b', dependencies: ['a'] }
    ],
    retryFailed: true,
    hasWork: true
  },
  {
    name: 'a scope naming a pending task, a failed one outside it',
    tasks: [{ id: 'a', status: 'failed', error: 'x' }, { id: 'b', ...done }, { id: 'c' }],
    only: ['c'],
    retryFailed: true,
    hasWork: true
  },
  {
    name: 'a task left in progress by an interrupted run',
    tasks: [
      { id: 'a', ...done },
      { id: 'b', status: 'in_progress' }
    ],
    hasWork: true
  },
  {
    name: 'in progress outside the scope (the engine resumes it anyway)',
    tasks: [
      { id: 'a', status: 'in_progress' },
      { id: 'b', ...done }
    ],
    only: [],
    hasWork: true
  },
  {
    name: 'a scope naming a completed task (the run fails on it)',
    tasks: [{ id: 'a', ...done }],
    only: ['a'],
    hasWork: true
  }
]

describe('runHasWork agrees with the engine', () => {
  for (const c of cases)
    it(`${c.name}: ${c.hasWork ? 'work' : 'idle'}`, async () => {
      const run = fakeEngine(c.tasks, { only: c.only, limits: { retryFailed: c.retryFailed ?? false } })
      const before = readFileSync(run.taskFilePath, 'utf8')
      const tasks = (JSON.parse(before) as { tasks: Task[] }).tasks
      expect(runHasWork(tasks, c.only ?? [], c.retryFailed ?? false)).toBe(c.hasWork)
      let setupError: unknown
      await run.engine.run().catch(e => (setupError = e))
      if (setupError !== undefined) expect(setupError).toBeInstanceOf(RunSetupError)
      const engineDidWork =
        setupError !== undefined || run.calls.length > 0 || readFileSync(run.taskFilePath, 'utf8') !== before
      expect(engineDidWork).toBe(c.hasWork)
    })
})

describe('runHasWork', () => {
  it('a run whose only open task is held by its Task Master status (deferred) has nothing to do', () => {
    const held = { id: 'b', description: 'x', [HELD]: 'deferred' } as Task
    expect(runHasWork([{ id: 'a', description: 'x', status: 'completed' }, held], [], false)).toBe(false)
    expect(runHasWork([{ id: 'a', description: 'x' }, held], [], false)).toBe(true)
  })
})
