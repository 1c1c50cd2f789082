// Budget shares and the stops of a run (credentials, rate limit, budget, cancel, a git failure), and every
// state transition of a task: the engine in-process with fake ports.
import { describe, expect, it } from 'vitest'
import { deferred, failedWith, fakeEngine, succeeded, writesOwnFile } from './fakes.js'
import { Budget, attemptCap } from '../../../src/plan/budget.js'
import {
  addSpending,
  completeTask,
  failTask,
  markPending,
  reopenFailed,
  returnAttempt,
  rootStatus,
  startAttempt
} from '../../../src/taskfile/state.js'
import type { Task } from '../../../src/taskfile/schema.js'

describe('budget', () => {
  it('shares the unspent, unpromised remainder among the tasks that can start now', () => {
    const budget = new Budget(1)
    expect(budget.share(3, 2)).toBe(0.5)
    budget.reserve(0.5)
    expect(budget.share(2, 5)).toBe(0.25)
    budget.attemptStarted(0.2)
    expect(budget.attemptsRunning).toBe(1)
    budget.attemptEnded(0.2, 0.1)
    expect(budget.spentUsd).toBe(0.1)
    expect(budget.exhausted).toBe(false)
    budget.reserve(0.4)
    // 0.1 spent + 0.9 promised: nothing left to promise, though not all is spent.
    expect(budget.exhausted).toBe(true)
    expect(budget.spentOut).toBe(false)
    expect(new Budget(undefined).share(1, 1)).toBe(Infinity)
    expect(new Budget(undefined).exhausted).toBe(false)
    expect(attemptCap([])).toBeUndefined()
    expect(attemptCap([0.3, 0.2])).toBe(0.2)
    expect(attemptCap([-1])).toBe(0)
  })

  it('parallel: tasks started together each get their share, never the whole budget', async () => {
    const open: (() => void)[] = []
    const run = fakeEngine(
      ['a', 'b', 'c'].map(id => ({ id })),
      {
        workspaces: true,
        limits: { parallel: 3, maxBudgetUsd: 0.9 },
        claude: async call => {
          const gate = deferred()
          open.push(gate.resolve)
          if (open.length === 3) open.forEach(release => release())
          await gate.promise
          call.tree.set(`${call.taskId}.txt`, 'x')
          return succeeded(0.1)
        }
      }
    )
    await run.engine.run()
    const caps = run.calls.map(c => c.request.maxBudgetUsd!)
    expect(caps).toHaveLength(3)
    for (const cap of caps) expect(cap).toBeCloseTo(0.3, 9)
    expect(caps.reduce((sum, cap) => sum + cap, 0)).toBeLessThanOrEqual(0.9 + 1e-9)
  })

  it('the run budget spent: the task that hit it is pending with the attempt counted; nothing else starts', async () => {
    const run = fakeEngine([{ id: 'first' }, { id: 'second' }, { id: 'third' }], {
      limits: { maxBudgetUsd: 0.5 },
      claude: call =>
        call.taskId === 'first'
          ? writesOwnFile(0.3)(call)
          : failedWith({ ok: false, kind: 'budget', reason: 'stopped at the spending cap of $0.2000' }, 0.2)
    })
    const report = await run.engine.run()
    expect(run.calls.map(c => [c.taskId, c.request.maxBudgetUsd])).toEqual([
      ['first', 0.5],
      ['second', 0.2]
    ])
    expect(run.task('first').status).toBe('completed')
    expect(run.task('second')).toMatchObject({ status: 'pending', attempts: 1, costUsd: 0.2 })
    expect(run.task('second').startedAt).toBeUndefined()
    expect(run.task('third').attempts ?? 0).toBe(0)
    expect(report.stopReason).toEqual({
      kind: 'budget',
      message:
        'the run budget of $0.50 (max-budget-usd) is spent ($0.50); the remaining tasks stay pending (stopped at the spending cap of $0.2000)'
    })
  })

  it('a task whose own cap is used up fails without starting Claude', async () => {
    const run = fakeEngine([{ id: 'capped', maxBudgetUsd: 0.1, costUsd: 0.1 }], {
      limits: { maxAttempts: 3 }
    })
    await run.engine.run()
    expect(run.calls).toHaveLength(0)
    expect(run.task('capped')).toMatchObject({
      status: 'failed',
      attempts: 1,
      error: 'no budget left for this task (maxBudgetUsd / max-budget-usd)'
    })
  })
})

describe('stops', () => {
  it('bad credentials stop the run at once: every task pending, no attempt used', async () => {
    const reason = 'the Anthropic API refused the credentials (HTTP 401): check the `anthropic-api-key` input'
    const run = fakeEngine([{ id: 'a' }, { id: 'b' }], {
      claude: () => failedWith({ ok: false, kind: 'credentials', reason })
    })
    const report = await run.engine.run()
    expect(run.calls).toHaveLength(1)
    expect(run.state().tasks.map(t => [t.status, t.attempts ?? 0])).toEqual([
      ['pending', 0],
      [undefined, 0]
    ])
    expect(report.stopReason).toEqual({ kind: 'credentials', message: reason })
    expect(run.stateCommits).toEqual(['taskmesh: update task state — credentials'])
    const stopLog = run.state().logs.at(-1)!
    expect(stopLog).toMatchObject({
      taskId: 'a',
      level: 'error',
      message: `run stopped (credentials): ${reason}`
    })
  })

  it('parallel: a 401 ends the other running tasks too; they go back to pending', async () => {
    const otherStarted = deferred()
    const run = fakeEngine([{ id: 'bad' }, { id: 'other' }], {
      workspaces: true,
      limits: { parallel: 2 },
      claude: async call => {
        if (call.taskId === 'other') {
          otherStarted.resolve()
          await new Promise(resolve => call.request.signal.addEventListener('abort', resolve))
          return failedWith({
            ok: false,
            kind: 'cancelled',
            reason: 'the run was cancelled while the task was running'
          })
        }
        await otherStarted.promise
        return failedWith({ ok: false, kind: 'credentials', reason: 'refused' })
      }
    })
    const report = await run.engine.run()
    expect(report.stopReason?.kind).toBe('credentials')
    expect(run.state().tasks.map(t => [t.id, t.status, t.attempts])).toEqual([
      ['bad', 'pending', 0],
      ['other', 'pending', 0]
    ])
  })

  it('a rate limit stops scheduling; finished work is kept', async () => {
    const run = fakeEngine([{ id: 'done' }, { id: 'limited' }, { id: 'later' }], {
      claude: call =>
        call.taskId === 'limited'
          ? failedWith({
              ok: false,
              kind: 'rate-limit',
              reason: 'the Anthropic API rate or usage limit was reached'
            })
          : writesOwnFile()(call)
    })
    const report = await run.engine.run()
    expect(run.calls.map(c => c.taskId)).toEqual(['done', 'limited'])
    expect(run.state().tasks.map(t => t.status ?? 'pending')).toEqual(['completed', 'pending', 'pending'])
    // Not the task's fault: its attempt is given back.
    expect(run.task('limited').attempts ?? 0).toBe(0)
    expect(report.stopReason?.kind).toBe('rate-limit')
  })

  it('a cancel before the first task: nothing runs, the stop is recorded', async () => {
    const run = fakeEngine([{ id: 'a' }])
    run.abort.abort()
    const report = await run.engine.run()
    expect(run.calls).toHaveLength(0)
    expect(report.stopReason).toEqual({ kind: 'cancelled', message: 'the run was cancelled' })
    expect(run.stateCommits).toEqual(['taskmesh: update task state — cancelled'])
  })

  it('a cancel while Claude runs: the task goes back to pending, its attempt unused', async () => {
    const run = fakeEngine([{ id: 'a' }, { id: 'b' }], {
      claude: async () => {
        run.abort.abort()
        return { outcome: { ok: false, kind: 'error', reason: 'killed' }, result: null }
      }
    })
    const report = await run.engine.run()
    expect(run.calls).toHaveLength(1)
    expect(run.task('a')).toMatchObject({ status: 'pending', attempts: 0 })
    // Another failure during a cancel is the cancel's.
    expect(report.stopReason).toEqual({ kind: 'cancelled', message: 'the run was cancelled' })
  })

  it('a cancel during the back-off wait: the task goes back to pending', async () => {
    const run = fakeEngine([{ id: 'a' }], {
      limits: { maxAttempts: 3 },
      claude: () => failedWith({ ok: false, kind: 'transient', reason: 'HTTP 529' }),
      extra: {
        clock: {
          now: () => 0,
          sleep: async () => run.abort.abort()
        }
      }
    })
    const report = await run.engine.run()
    expect(run.calls).toHaveLength(1)
    expect(run.task('a')).toMatchObject({ status: 'pending', attempts: 1 })
    expect(report.stopReason?.kind).toBe('cancelled')
  })

  it('a git failure while recording stops everything: running tasks pending, the error thrown', async () => {
    const run = fakeEngine([{ id: 'a' }, { id: 'b' }], {
      recordTask: async () => {
        throw new Error('push rejected')
      }
    })
    await expect(run.engine.run()).rejects.toThrow('push rejected')
    expect(run.task('a').status).toBe('completed')
    expect(run.task('b').status ?? 'pending').toBe('pending')
    expect(run.stateCommits).toEqual(['taskmesh: update task state — error'])
    expect(run.engine.report().stopReason).toEqual({ kind: 'error', message: 'push rejected' })
  })
})

describe('task state transitions', () => {
  const task = (fields: Partial<Task> = {}): Task => ({ id: 't', description: 'x', ...fields })

  it('root status follows the tasks', () => {
    expect(rootStatus([])).toBe('pending')
    expect(rootStatus([task({ status: 'completed' }), task({ status: 'in_progress' })])).toBe('in_progress')
    expect(rootStatus([task({ status: 'completed' }), task({ status: 'completed' })])).toBe('completed')
    expect(rootStatus([task({ status: 'completed' }), task({ status: 'failed' })])).toBe('failed')
    expect(rootStatus([task({ status: 'completed' }), task()])).toBe('pending')
  })

  it('start, complete, fail, give back, reopen, resume', () => {
    const t = task()
    startAttempt(t, { firstOfRun: true, now: 'T1' })
    expect(t).toMatchObject({ status: 'in_progress', startedAt: 'T1', attempts: 1 })
    startAttempt(t, { firstOfRun: false, now: 'T2' })
    expect(t).toMatchObject({ startedAt: 'T1', attempts: 2 })

    const redo = task({ outputs: ['old.txt'], error: 'earlier' })
    completeTask(redo, { now: 'T3', outputs: ['new.txt'], keepEarlierOutputs: true, result: 'ok' })
    expect(redo).toMatchObject({
      status: 'completed',
      completedAt: 'T3',
      outputs: ['old.txt', 'new.txt'],
      result: 'ok'
    })
    expect(redo.error).toBeUndefined()
    const fresh = task({ outputs: ['old.txt'] })
    completeTask(fresh, { now: 'T3', outputs: ['new.txt'], keepEarlierOutputs: false })
    expect(fresh.outputs).toEqual(['new.txt'])

    const failing = task({ outputs: ['partial.txt'] })
    failTask(failing, { now: 'T4', error: 'boom', keepEarlierOutputs: false })
    expect(failing).toMatchObject({ status: 'failed', completedAt: 'T4', error: 'boom' })
    expect(failing.outputs).toBeUndefined()
    const failedRedo = task({ outputs: ['old.txt'] })
    failTask(failedRedo, { now: 'T4', error: 'boom', keepEarlierOutputs: true })
    expect(failedRedo.outputs).toEqual(['old.txt'])

    const stopped = task({ status: 'in_progress', attempts: 2, startedAt: 'T5' })
    returnAttempt(stopped, { counted: false, startedAtBefore: undefined })
    expect(stopped).toMatchObject({ status: 'pending', attempts: 1 })
    expect('startedAt' in stopped).toBe(false)
    const counted = task({ status: 'in_progress', attempts: 2, startedAt: 'T6' })
    returnAttempt(counted, { counted: true, startedAtBefore: 'T0' })
    expect(counted).toMatchObject({ status: 'pending', attempts: 2, startedAt: 'T0' })

    const failed = task({ status: 'failed', completedAt: 'T7', error: 'x', attempts: 2 })
    reopenFailed(failed)
    expect(failed).toEqual(task({ status: 'pending', attempts: 2 }))
    const interrupted = task({ status: 'in_progress' })
    markPending(interrupted)
    expect(interrupted.status).toBe('pending')

    const spending = task({ costUsd: 0.1, turns: 2, durationMs: 10 })
    addSpending(spending, { costUsd: 0.2000001, turns: 3, durationMs: 5, sessionId: 's' })
    expect(spending).toMatchObject({ costUsd: 0.3, turns: 5, durationMs: 15, sessionId: 's' })
  })

  it('a run resumes an interrupted task and, on request, retries failed ones in scope only', async () => {
    const run = fakeEngine(
      [
        { id: 'stale', status: 'in_progress', attempts: 1, startedAt: '2024-01-01T00:00:00.000Z' },
        { id: 'one', status: 'failed', attempts: 1, error: 'boom' },
        { id: 'two', status: 'failed', attempts: 1, error: 'boom' }
      ],
      { limits: { retryFailed: true }, only: ['stale', 'two'] }
    )
    await run.engine.run()
    expect(run.calls.map(c => c.taskId)).toEqual(['stale', 'two'])
    expect(run.state().tasks.map(t => [t.id, t.status, t.attempts])).toEqual([
      ['stale', 'completed', 2],
      ['one', 'failed', 1],
      ['two', 'completed', 2]
    ])
    const messages = run.state().logs.map(l => `${l.taskId}: ${l.message}`)
    expect(messages).toContain('stale: found in_progress from an interrupted run; resuming it as pending')
    expect(messages).toContain('two: retry-failed: failed task put back to pending')
    expect(messages.some(m => m.startsWith('one:'))).toBe(false)
    // The failed task outside the scope keeps its failure as it was.
    expect(run.task('one').error).toBe('boom')
  })
})
