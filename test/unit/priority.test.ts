import { describe, expect, it } from 'vitest'
import { TaskGraph } from '../../src/plan/graph.js'
import { SchedulingPriority } from '../../src/plan/priority.js'
import type { TaskStatus } from '../../src/taskfile/schema.js'

interface T {
  id: string
  status?: TaskStatus
  dependencies: string[]
  estimateMinutes?: number
  durationMs?: number
}
const t = (id: string, dependencies: string[] = [], extra: Partial<T> = {}): T => ({
  id,
  dependencies,
  ...extra
})
const priorityOf = (tasks: T[]) => {
  const graph = new TaskGraph(tasks)
  return { graph, priority: new SchedulingPriority(graph, tasks) }
}

describe('SchedulingPriority', () => {
  it('starts the task with the longest chain after it first, whatever the file order', () => {
    // short ─ s2          long ─ l2 ─ l3
    const { graph, priority } = priorityOf([
      t('short'),
      t('s2', ['short']),
      t('long'),
      t('l2', ['long']),
      t('l3', ['l2'])
    ])
    expect(graph.ready()).toEqual(['short', 'long'])
    expect(priority.pick(graph.ready())).toBe('long')
  })

  it('weighs estimateMinutes, then an earlier durationMs, then 1 minute', () => {
    // heavy (10 min) alone; long ─ after-long at 1 minute each: heavy first.
    const { graph, priority } = priorityOf([
      t('long'),
      t('after-long', ['long']),
      t('heavy', [], { estimateMinutes: 10 })
    ])
    expect(priority.pick(graph.ready())).toBe('heavy')
    // An estimate counts before a recorded duration.
    const timed = priorityOf([
      t('x', [], { estimateMinutes: 2 }),
      t('y', [], { durationMs: 3 * 60_000 }),
      t('z', [], { estimateMinutes: 1, durationMs: 10 * 60_000 })
    ])
    expect(timed.priority.pick(timed.graph.ready())).toBe('y')
    expect(timed.priority.compare('x', 'z')).toBeLessThan(0)
  })

  it('among equal chains, prefers the task more unfinished tasks wait for', () => {
    const { graph, priority } = priorityOf([
      t('one'),
      t('two'),
      t('after-one', ['one']),
      t('after-two-a', ['two']),
      t('after-two-b', ['two']),
      t('done-after-one', ['one'], { status: 'completed' })
    ])
    expect(priority.pick(graph.ready())).toBe('two')
  })

  it('keeps the order of the ready list when nothing else decides, and picks nothing from nothing', () => {
    const { graph, priority } = priorityOf([t('p'), t('q'), t('r')])
    expect(priority.pick(graph.ready())).toBe('p')
    expect(priority.pick(['r', 'q'])).toBe('r')
    expect(priority.pick([])).toBeUndefined()
    expect(priority.compare('p', 'q')).toBe(0)
  })
})
