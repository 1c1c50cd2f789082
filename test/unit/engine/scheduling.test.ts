// Which task runs next, how many at once, and which tasks a restricted run may start: the engine in-process.
import { readFileSync, writeFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { deferred, fakeEngine, succeeded, writesOwnFile } from './fakes.js'
import { Scheduler, scopeProblems } from '../../../src/plan/scheduler.js'
import { describeScopeProblems } from '../../../src/report/outcome-words.js'
import { RunSetupError } from '../../../src/shared/errors.js'
import type { Task } from '../../../src/taskfile/schema.js'

const order = (run: ReturnType<typeof fakeEngine>) => run.calls.map(c => c.taskId)

describe('scheduling order', () => {
  it('sequential: ready tasks in file order, dependencies first (a diamond)', async () => {
    const run = fakeEngine([
      { id: 'join', dependencies: ['left', 'right'] },
      { id: 'left', dependencies: ['root'] },
      { id: 'right', dependencies: ['root'] },
      { id: 'root' }
    ])
    const report = await run.engine.run()
    expect(order(run)).toEqual(['root', 'left', 'right', 'join'])
    expect(report.totals.completed).toBe(4)
    expect(run.state().status).toBe('completed')
    // One commit per task, then the last task's commit hash in a state commit.
    expect(run.recorded.map(r => r.taskId)).toEqual(['root', 'left', 'right', 'join'])
    expect(run.stateCommits).toEqual(['taskmesh: record the commit of join in the task file'])
    expect(run.task('join').commit).toBe('commit-4')
  })

  it('parallel: the task with the longest remaining chain starts first, ties in file order', () => {
    const tasks: Task[] = [
      { id: 'short', description: 'x' },
      { id: 'long', description: 'x' },
      { id: 'after-long', description: 'x', dependencies: ['long'] },
      { id: 'heavy', description: 'x', estimateMinutes: 10 }
    ]
    const parallel = new Scheduler({ only: [], parallel: 2 })
    expect(parallel.next(tasks)).toBe('heavy')
    parallel.markStarted('heavy')
    expect(parallel.next(tasks)).toBe('long')
    parallel.markStarted('long')
    expect(parallel.next(tasks)).toBe('short')
    expect(parallel.startedCount).toBe(2)
    // Sequential runs keep file order whatever the chains.
    expect(new Scheduler({ only: [] }).next(tasks)).toBe('short')
  })

  it('parallel: never more sessions at once than `parallel`, and every task runs', async () => {
    // A session ends only while another one is open too (or when no other task is left to start).
    const open: (() => void)[] = []
    const releaseOne = (started: number) => {
      if (open.length === 2 || (started === 5 && open.length > 0)) open.shift()!()
    }
    const run = fakeEngine(
      ['a', 'b', 'c', 'd', 'e'].map(id => ({ id })),
      {
        workspaces: true,
        limits: { parallel: 2 },
        claude: async call => {
          const gate = deferred()
          open.push(gate.resolve)
          releaseOne(run.calls.length)
          await gate.promise
          call.tree.set(`${call.taskId}.txt`, 'x')
          setImmediate(() => releaseOne(run.calls.length))
          return succeeded()
        }
      }
    )
    const report = await run.engine.run()
    expect(run.maxConcurrent).toBe(2)
    expect(report.totals.completed).toBe(5)
    expect(new Set(order(run))).toEqual(new Set(['a', 'b', 'c', 'd', 'e']))
    // Each task's files came over from its worktree.
    expect([...run.tree.keys()].sort()).toEqual(['a.txt', 'b.txt', 'c.txt', 'd.txt', 'e.txt'])
  })

  it('parallel: a task unlocking none gives its slot to the next before its commit; dependents wait for commits', async () => {
    let startedWhileCommitting: string[] = []
    const run = fakeEngine([{ id: 'a' }, { id: 'b', dependencies: ['a'] }, { id: 'c' }, { id: 'd' }], {
      workspaces: true,
      limits: { parallel: 2 },
      recordTask: async task => {
        if (task.taskId !== 'a' || startedWhileCommitting.length) return
        // Hold a's commit until d has started (or long enough to show it would not).
        for (let waited = 0; !order(run).includes('d') && waited < 2000; waited += 10)
          await new Promise(resolve => setTimeout(resolve, 10))
        startedWhileCommitting = order(run)
      }
    })
    const report = await run.engine.run()
    // a (longest chain) and c start; both end at once. While a is committed c's slot goes to d (c unlocks
    // nothing); b waits for a's commit.
    expect(startedWhileCommitting).toEqual(['a', 'c', 'd'])
    expect(order(run).slice(-1)).toEqual(['b'])
    expect(run.maxConcurrent).toBeLessThanOrEqual(2)
    expect(report.totals.completed).toBe(4)
    expect(run.recorded.map(r => r.taskId).indexOf('a')).toBeLessThan(order(run).indexOf('b'))
  })

  it("parallel: a dependent starts from its dependency's local commit while that commit is pushed", async () => {
    let startedDuringPush: string[] = []
    const run = fakeEngine([{ id: 'a' }, { id: 'b', dependencies: ['a'] }], {
      workspaces: true,
      limits: { parallel: 2 },
      recordTask: async (task, hooks) => {
        if (task.taskId !== 'a') return
        hooks?.committed()
        // The push takes long: b must not wait for it.
        for (let waited = 0; !order(run).includes('b') && waited < 2000; waited += 10)
          await new Promise(resolve => setTimeout(resolve, 10))
        startedDuringPush = order(run)
      }
    })
    const report = await run.engine.run()
    expect(startedDuringPush).toEqual(['a', 'b'])
    expect(report.totals.completed).toBe(2)
    // b's worktree held a's file: its Claude saw it.
    expect(run.calls[1]!.tree.get('a.txt')).toBe('a done')
  })

  it('parallel: a task that unlocks another keeps its slot for it until its commit is made', async () => {
    const run = fakeEngine(
      [
        { id: 'a' },
        { id: 'y' },
        { id: 'z' },
        { id: 'b', dependencies: ['a'] },
        { id: 'c', dependencies: ['b'] }
      ],
      {
        workspaces: true,
        limits: { parallel: 2 },
        claude: async call => {
          // y runs long: the slot a frees is the only one while it runs.
          if (call.taskId === 'y')
            for (let waited = 0; order(run).length < 3 && waited < 2000; waited += 10)
              await new Promise(resolve => setTimeout(resolve, 10))
          call.tree.set(`${call.taskId}.txt`, 'x')
          return succeeded()
        }
      }
    )
    await run.engine.run()
    // a (chain of three) and y start; a's slot goes to b (chain of two), not to z (ready before b was).
    expect(order(run).slice(0, 3)).toEqual(['a', 'y', 'b'])
  })

  it('parallel: bringing in a remote that moved rewrites the task file alone; the engine reads it again', async () => {
    let writesDuringRebase = -1
    const run = fakeEngine([{ id: 'a' }, { id: 'b' }, { id: 'c' }], {
      workspaces: true,
      limits: { parallel: 2 },
      recordTask: async (task, hooks) => {
        if (task.taskId !== 'a' || !hooks) return
        await hooks.exclusive(async () => {
          const before = readFileSync(run.taskFilePath, 'utf8')
          // Another job's task arrived on the remote; the rebase puts it in the file.
          const doc = JSON.parse(before)
          doc.tasks.push({ id: 'remote', description: 'Done elsewhere', status: 'completed' })
          await new Promise(resolve => setTimeout(resolve, 50))
          writesDuringRebase = readFileSync(run.taskFilePath, 'utf8') === before ? 0 : 1
          writeFileSync(run.taskFilePath, JSON.stringify(doc, null, 2) + '\n')
        })
      }
    })
    const report = await run.engine.run()
    expect(writesDuringRebase).toBe(0)
    // The remote's task counts too.
    expect(report.totals.completed).toBe(4)
    const state = run.state()
    expect(state.tasks.map(t => t.id)).toEqual(['a', 'b', 'c', 'remote'])
    expect(state.tasks.every(t => t.status === 'completed')).toBe(true)
  })

  it('parallel: a task retried after a conflict waits for a slot like the others', async () => {
    const run = fakeEngine(
      ['a', 'b', 'c', 'd'].map(id => ({ id })),
      { workspaces: true, limits: { parallel: 2 }, conflictOnce: 'a' }
    )
    const report = await run.engine.run()
    expect(report.totals.completed).toBe(4)
    expect(order(run).filter(id => id === 'a')).toHaveLength(2)
    expect(run.maxConcurrent).toBeLessThanOrEqual(2)
    expect([...run.tree.keys()].sort()).toEqual(['a.txt', 'b.txt', 'c.txt', 'd.txt'])
  })

  it('parallel runs need a workspace port', async () => {
    const run = fakeEngine([{ id: 'a' }], { limits: { parallel: 2 } })
    await expect(run.engine.run()).rejects.toThrow(
      new RunSetupError('parallel runs need a workspace port (git worktrees)')
    )
  })

  it('a dependent of a failed task never starts; independent tasks finish', async () => {
    const run = fakeEngine(
      [
        { id: 'indep' },
        { id: 'broken' },
        { id: 'child', dependencies: ['broken'] },
        { id: 'late', dependencies: ['indep'] }
      ],
      {
        claude: call =>
          call.taskId === 'broken'
            ? { outcome: { ok: false, kind: 'error', reason: 'still broken' }, result: null }
            : writesOwnFile()(call)
      }
    )
    await run.engine.run()
    expect(order(run)).toEqual(['indep', 'broken', 'broken', 'late'])
    expect(run.state().tasks.map(t => [t.id, t.status ?? 'pending'])).toEqual([
      ['indep', 'completed'],
      ['broken', 'failed'],
      ['child', 'pending'],
      ['late', 'completed']
    ])
    expect(run.state().logs.some(l => l.message === 'blocked by this failure: child')).toBe(true)
    expect(run.state().status).toBe('failed')
  })
})

describe('limits on starting tasks', () => {
  it('max-tasks: stops once that many started, the rest stay pending, the stop is committed', async () => {
    const run = fakeEngine([{ id: 'one' }, { id: 'two' }, { id: 'three', dependencies: ['one'] }], {
      limits: { maxTasks: 1 }
    })
    const report = await run.engine.run()
    expect(order(run)).toEqual(['one'])
    expect(report.stopReason).toEqual({
      kind: 'max-tasks',
      message: 'max-tasks (1) reached; the remaining ready tasks stay pending'
    })
    expect(run.task('two').attempts ?? 0).toBe(0)
    expect(run.stateCommits).toEqual(['taskmesh: update task state — max-tasks'])
    expect(run.state().logs.at(-1)?.message).toBe(
      'run stopped (max-tasks): max-tasks (1) reached; the remaining ready tasks stay pending'
    )
  })
})

describe('scope (the tasks input)', () => {
  const tasks: Task[] = [
    { id: 'a', description: 'x' },
    { id: 'b', description: 'x', dependencies: ['a'] },
    { id: 'done', description: 'x', status: 'completed' },
    { id: 'bad', description: 'x', status: 'failed' }
  ]

  it('names each problem as a fact; the words name the input', () => {
    const problems = scopeProblems(tasks, ['nope', 'b', 'done', 'bad'], false)
    expect(problems).toEqual([
      { code: 'unknown', taskId: 'nope' },
      { code: 'not-ready', taskId: 'b', waitsFor: ['a'] },
      { code: 'completed', taskId: 'done' },
      { code: 'failed', taskId: 'bad' }
    ])
    expect(describeScopeProblems(problems, 'task.json')).toBe(
      [
        'unknown task "nope" in the "tasks" input (not in task.json)',
        'task "b" is not ready: it waits for "a"',
        'task "done" is already completed',
        'task "bad" has failed; set retry-failed: true to run it again'
      ].join('\n')
    )
    // A dependency named too, or a failed task with retries on, is fine.
    expect(scopeProblems(tasks, ['a', 'b', 'bad'], true)).toEqual([])
    expect(scopeProblems(tasks, [], false)).toEqual([])
  })

  it('a bad scope is a set-up error before anything is written', async () => {
    const run = fakeEngine([{ id: 'a' }, { id: 'b', dependencies: ['a'] }], { only: ['a', 'nope'] })
    const before = run.state()
    await expect(run.engine.run()).rejects.toThrow(
      new RunSetupError('unknown task "nope" in the "tasks" input (not in task.json)')
    )
    expect(run.calls).toHaveLength(0)
    expect(run.state()).toEqual(before)
  })

  it('naming a ready task runs only that one', async () => {
    const run = fakeEngine([{ id: 'a' }, { id: 'b', dependencies: ['a'] }, { id: 'c' }], { only: ['c'] })
    await run.engine.run()
    expect(order(run)).toEqual(['c'])
    expect(run.state().tasks.map(t => t.status ?? 'pending')).toEqual(['pending', 'pending', 'completed'])
  })
})
