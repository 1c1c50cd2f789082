import { describe, expect, it } from 'vitest'
import { TaskGraph } from '../../src/plan/graph.js'
import type { TaskStatus } from '../../src/taskfile/schema.js'

const t = (id: string, status: TaskStatus | undefined, ...dependencies: string[]) => ({
  id,
  status,
  dependencies
})

describe('TaskGraph', () => {
  // setup ─┬─ api ──── ui
  //        └─ db (failed) ── seed ── report
  // lint (in_progress, stale), docs (completed)
  const tasks = [
    t('setup', 'completed'),
    t('api', undefined, 'setup'),
    t('db', 'failed', 'setup'),
    t('ui', 'pending', 'api'),
    t('seed', 'pending', 'db'),
    t('report', 'in_progress', 'seed', 'ui'),
    t('lint', 'in_progress'),
    t('docs', 'completed', 'db')
  ]
  const graph = new TaskGraph(tasks)

  it('ready: pending or stale in_progress with all dependencies completed, in file order', () => {
    expect(graph.ready()).toEqual(['api', 'lint'])
  })

  it('blocked: unfinished and depending on a failed task, directly or transitively', () => {
    expect([...graph.blocked()].sort()).toEqual(['report', 'seed'])
  })

  it('classify puts every task in one bucket and lists ready ones', () => {
    expect(graph.classify()).toEqual({
      completed: ['setup', 'docs'],
      failed: ['db'],
      pending: ['api', 'ui'],
      inProgress: ['lint'],
      blocked: ['seed', 'report'],
      ready: ['api', 'lint'],
      held: []
    })
  })

  it('waves: what could run together, skipping done and blocked tasks', () => {
    expect(graph.waves()).toEqual([['api', 'lint'], ['ui']])
  })

  it('dependencies and dependents', () => {
    expect(graph.dependencies('report')).toEqual(['seed', 'ui'])
    expect(graph.dependents('setup')).toEqual(['api', 'db'])
    expect(graph.dependents('db')).toEqual(['seed', 'docs'])
    expect(graph.dependents('nope')).toEqual([])
  })

  it('longestRemainingChain: weighted longest path to the end over unfinished tasks', () => {
    const chain = new TaskGraph([
      t('a', 'pending'),
      t('b', 'pending', 'a'),
      t('c', 'pending', 'b'),
      t('d', 'pending', 'a'),
      t('e', 'completed'),
      t('f', 'pending', 'e')
    ])
    const weights: Record<string, number> = { a: 1, b: 2, c: 3, d: 10, f: 4 }
    const result = chain.longestRemainingChain(id => weights[id] ?? 1)
    expect(Object.fromEntries(result)).toEqual({ a: 11, b: 5, c: 3, d: 10, f: 4 })
  })

  it('ignores unknown and self dependencies instead of failing (validation reports them)', () => {
    const g = new TaskGraph([t('a', 'pending', 'a', 'ghost'), t('b', 'pending', 'a')])
    expect(g.ready()).toEqual(['a'])
    expect(g.waves()).toEqual([['a'], ['b']])
  })

  it('handles a 100,000-task chain iteratively (a recursive walk would overflow the stack)', () => {
    const n = 100_000
    const chain = Array.from({ length: n }, (_, i) =>
      t(`t${i}`, i < 10 ? 'completed' : 'pending', ...(i ? [`t${i - 1}`] : []))
    )
    const g = new TaskGraph(chain)
    expect(g.ready()).toEqual(['t10'])
    const waves = g.waves()
    expect(waves).toHaveLength(n - 10)
    expect(g.longestRemainingChain(() => 1).get('t10')).toBe(n - 10)
    // Failure spreads through unfinished dependents only, here the whole rest of the chain.
    chain[15]!.status = 'failed'
    expect(new TaskGraph(chain).blocked().size).toBe(n - 16)
  })

  it('gives the same answers when tasks come before the tasks they depend on', () => {
    // The same graph in reverse file order: no dependency points to an earlier task any more.
    const reversed = new TaskGraph([...tasks].reverse())
    expect(reversed.waves().map(w => [...w].sort())).toEqual(graph.waves().map(w => [...w].sort()))
    expect([...reversed.blocked()].sort()).toEqual([...graph.blocked()].sort())
    expect(reversed.ready().sort()).toEqual(graph.ready().sort())
    const one = () => 1
    expect(Object.fromEntries(reversed.longestRemainingChain(one))).toEqual(
      Object.fromEntries(graph.longestRemainingChain(one))
    )
  })

  it('is a snapshot: a new graph sees changed statuses', () => {
    const list = [t('a', 'pending'), t('b', 'pending', 'a')]
    list[0]!.status = 'completed'
    expect(new TaskGraph(list).ready()).toEqual(['b'])
  })
})
