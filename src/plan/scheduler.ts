/**
 * Which task starts next. Sequential runs take ready tasks in file order; parallel runs start the task with
 * the longest remaining chain first (priority.ts: weighted by estimateMinutes, else the last duration, else
 * 1 minute), then the one more tasks wait for, then file order, so the run ends close to its critical path. Also: which tasks a run restricted
 * to some ids (`only`) may start, and why a named task cannot start.
 */
import { TaskGraph } from './graph.js'
import { SchedulingPriority } from './priority.js'
import { statusOf, type Task } from '../taskfile/schema.js'
import { heldReason } from '../taskfile/task-meta.js'

/** Why a task named in the run's scope cannot run; put in words by describeScopeProblems. */
export type ScopeProblem =
  | { code: 'unknown'; taskId: string }
  | { code: 'held'; taskId: string; reason: string }
  | { code: 'completed'; taskId: string }
  /** Failed, and failed tasks are not retried in this run. */
  | { code: 'failed'; taskId: string }
  /** Unfinished dependencies that are not named too. */
  | { code: 'not-ready'; taskId: string; waitsFor: string[] }

/** The scope must name known tasks that are ready, or whose unfinished dependencies are named too. */
export function scopeProblems(tasks: Task[], only: readonly string[], retryFailed: boolean): ScopeProblem[] {
  if (!only.length) return []
  const byId = new Map(tasks.map(task => [task.id, task]))
  const named = new Set(only)
  const problems: ScopeProblem[] = []
  for (const taskId of only) {
    const task = byId.get(taskId)
    if (!task) {
      problems.push({ code: 'unknown', taskId })
      continue
    }
    const status = statusOf(task)
    const held = heldReason(task)
    if (held !== undefined) problems.push({ code: 'held', taskId, reason: held })
    else if (status === 'completed') problems.push({ code: 'completed', taskId })
    else if (status === 'failed' && !retryFailed) problems.push({ code: 'failed', taskId })
    else {
      const waitsFor = (task.dependencies ?? []).filter(
        d => statusOf(byId.get(d) ?? { status: 'pending' }) !== 'completed' && !named.has(d)
      )
      if (waitsFor.length) problems.push({ code: 'not-ready', taskId, waitsFor })
    }
  }
  return problems
}

/**
 * What a run does to a task before it schedules anything: `resume` one an interrupted run left in
 * progress, `retry` a failed one when retry-failed is on — with `tasks:` only the named ones, since a matrix
 * job must not touch the others. The engine's start (Engine.prepare) and runHasWork both go by it.
 */
export function reopenAtStart(
  task: Task,
  retryFailed: boolean,
  scope: Pick<Scheduler, 'inScope'>
): 'resume' | 'retry' | undefined {
  const status = statusOf(task)
  if (status === 'in_progress') return 'resume'
  if (status === 'failed' && retryFailed && scope.inScope(task.id)) return 'retry'
  return undefined
}

/**
 * Whether a run over these tasks would do anything: start a task, or first put one back to pending
 * (reopenAtStart), or stop on its scope's problems. A run with nothing to do needs neither Claude nor the
 * sandbox.
 */
export function runHasWork(tasks: Task[], only: readonly string[], retryFailed: boolean): boolean {
  const scope = new Scheduler({ only })
  if (tasks.some(task => reopenAtStart(task, retryFailed, scope))) return true
  if (scopeProblems(tasks, only, retryFailed).length) return true
  return scope.next(tasks) !== undefined
}

export class Scheduler {
  /** Tasks running at the same time, at most. */
  readonly parallel: number
  private readonly only: ReadonlySet<string> | null
  /** Tasks started in this run (whatever became of them). */
  private readonly picked = new Set<string>()
  private priority: { tasks: Task[]; order: SchedulingPriority } | undefined

  constructor(o: { only: readonly string[]; parallel?: number }) {
    this.parallel = Math.max(1, o.parallel ?? 1)
    this.only = o.only.length ? new Set(o.only) : null
  }

  /** Whether the run may touch the task (every task when the run is not restricted). */
  inScope(id: string): boolean {
    return !this.only || this.only.has(id)
  }

  /** Tasks started in this run so far. */
  get startedCount(): number {
    return this.picked.size
  }

  hasStarted(id: string): boolean {
    return this.picked.has(id)
  }

  /** Records that the task starts now: it is never picked again in this run. */
  markStarted(id: string): void {
    this.picked.add(id)
  }

  /**
   * Ready tasks this run may still start (in scope, not started yet), in file order. `unsettled`: completed
   * tasks whose commit is not made yet; a task that depends on one is not ready yet.
   */
  waiting(tasks: Task[], unsettled?: ReadonlySet<string>, graph = new TaskGraph(tasks)): string[] {
    return graph
      .ready()
      .filter(
        id =>
          !this.picked.has(id) &&
          this.inScope(id) &&
          !(unsettled?.size && graph.dependencies(id).some(d => unsettled.has(d)))
      )
  }

  /** The next task to start, if one is ready: critical path first in parallel runs (priority.ts). */
  next(tasks: Task[], unsettled?: ReadonlySet<string>): string | undefined {
    const graph = new TaskGraph(tasks)
    const ready = this.waiting(tasks, unsettled, graph)
    if (ready.length <= 1 || this.parallel <= 1) return ready[0]
    // The order holds while the task list is the same one (see SchedulingPriority); a merge replaces it.
    if (this.priority?.tasks !== tasks) this.priority = { tasks, order: new SchedulingPriority(graph, tasks) }
    return this.priority.order.pick(ready)
  }
}
