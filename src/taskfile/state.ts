/**
 * The task state rules: every transition the engine makes to a task, and the root status that follows from
 * the tasks. Each function changes one task object in place; the engine writes the file after it.
 */
import { statusOf, type Task } from './schema.js'

/** Root status as a function of the tasks, so that every committed state of the file is true on its own. */
export function rootStatus(tasks: Task[]): string {
  const statuses = tasks.map(statusOf)
  if (statuses.includes('in_progress')) return 'in_progress'
  if (statuses.length > 0 && statuses.every(s => s === 'completed')) return 'completed'
  if (statuses.includes('failed')) return 'failed'
  return 'pending'
}

/** A task that must run again as it stands: left in_progress by an interrupted run, or ended by a stop. */
export function markPending(task: Task): void {
  task.status = 'pending'
}

/** A failed task to retry: pending, without its failure. */
export function reopenFailed(task: Task): void {
  task.status = 'pending'
  delete task.completedAt
  delete task.error
}

/** An attempt starts: in_progress, its count up; `startedAt` marks the task's first attempt of the run. */
export function startAttempt(task: Task, a: { firstOfRun: boolean; now: string }): void {
  task.status = 'in_progress'
  if (a.firstOfRun) task.startedAt = a.now
  task.attempts = (task.attempts ?? 0) + 1
}

/**
 * The task is done. `keepEarlierOutputs`: a redo (review feedback) changes a part of the task's work, so
 * the files of its earlier run are still the task's.
 */
export function completeTask(
  task: Task,
  a: { now: string; outputs: string[]; keepEarlierOutputs: boolean; result?: string }
): void {
  task.status = 'completed'
  task.completedAt = a.now
  task.outputs = a.keepEarlierOutputs ? [...new Set([...(task.outputs ?? []), ...a.outputs])] : a.outputs
  if (a.result !== undefined) task.result = a.result
  delete task.error
}

/**
 * Out of attempts. Its outputs go (the partial work is removed), except for a redo, whose earlier work
 * stays in place.
 */
export function failTask(
  task: Task,
  a: { now: string; error: string; keepEarlierOutputs: boolean; result?: string }
): void {
  task.status = 'failed'
  task.completedAt = a.now
  task.error = a.error
  if (!a.keepEarlierOutputs) delete task.outputs
  if (a.result !== undefined) task.result = a.result
}

/**
 * The run stopped during an attempt (not the task's fault): the task is put back as it was, pending, with
 * the attempt given back unless it `counted` (money spent on a run budget that is now gone).
 */
export function returnAttempt(task: Task, a: { counted: boolean; startedAtBefore: Task['startedAt'] }): void {
  task.status = 'pending'
  task.attempts = Math.max(0, (task.attempts ?? 1) - (a.counted ? 0 : 1))
  if (a.startedAtBefore === undefined) delete task.startedAt
  else task.startedAt = a.startedAtBefore
}

/** What a task's attempts of this run used, added to its totals over all runs. */
export interface Spending {
  costUsd: number
  turns: number
  durationMs: number
  sessionId?: string
}

export function addSpending(task: Task, spending: Spending): void {
  task.costUsd = round6((task.costUsd ?? 0) + spending.costUsd)
  task.turns = (task.turns ?? 0) + spending.turns
  task.durationMs = (task.durationMs ?? 0) + spending.durationMs
  if (spending.sessionId) task.sessionId = spending.sessionId
}

function round6(n: number): number {
  return Math.round(n * 1e6) / 1e6
}
