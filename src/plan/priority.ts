/**
 * Which ready task a parallel run starts first. Critical path first: the task with the longest chain of
 * unfinished work after it (itself included), so the run ends close to the length of its longest chain;
 * among equal chains, the one with more unfinished tasks waiting for it directly, which opens up more work
 * for the other slots; then the order of TaskGraph.ready (the format's priority, then file order).
 *
 * Durations are not known before a task runs: a task weighs its `estimateMinutes` (minutes), else the
 * `durationMs` an earlier run recorded, else 1 minute.
 *
 * Computed once for a graph: a task's chain and its dependents are unfinished tasks downstream of it,
 * which stay unfinished while it waits to start. Build a new one when the set of tasks changes (a merge with the
 * remote's task file).
 */
import type { TaskGraph } from './graph.js'
import type { Task } from '../taskfile/schema.js'

/** The fields a task's weight comes from. */
export type WeightedTask = Pick<Task, 'id' | 'estimateMinutes' | 'durationMs'>

export class SchedulingPriority {
  private readonly chain: Map<string, number>
  private readonly dependents: Map<string, number>

  constructor(graph: TaskGraph, tasks: readonly WeightedTask[]) {
    const weights = new Map<string, number>()
    for (const t of tasks)
      weights.set(t.id, t.estimateMinutes ? t.estimateMinutes : t.durationMs ? t.durationMs / 60_000 : 1)
    this.chain = graph.longestRemainingChain(id => weights.get(id) ?? 1)
    this.dependents = graph.remainingDependents()
  }

  /** Negative when `a` should start before `b`, 0 when neither comes first. */
  compare(a: string, b: string): number {
    return (
      (this.chain.get(b) ?? 0) - (this.chain.get(a) ?? 0) ||
      (this.dependents.get(b) ?? 0) - (this.dependents.get(a) ?? 0)
    )
  }

  /** The ready task to start next; `ready` as TaskGraph.ready orders it, which breaks the last ties. */
  pick(ready: readonly string[]): string | undefined {
    let best = ready[0]
    for (let k = 1; k < ready.length; k++) if (this.compare(ready[k]!, best!) < 0) best = ready[k]
    return best
  }
}
