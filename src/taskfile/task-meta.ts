/**
 * What a task file format can tell the engine about a task beyond the task.json fields, without adding
 * fields to the user's file: symbol-keyed properties on the task objects the engine sees. JSON.stringify
 * skips symbols, so none of this is ever written; a plain task.json task simply has none of them.
 */

/** Why a task is never run by this action (`deferred`, `cancelled`, …); it also holds back its dependents. */
export const HELD = Symbol('taskmesh.held')
/** Higher runs first among ready tasks (ties in file order). */
export const PRIORITY = Symbol('taskmesh.priority')
/** The task this one is a part of (a Task Master subtask's parent), for the prompt. */
export const PARENT = Symbol('taskmesh.parent')

export interface ParentInfo {
  id: string
  title?: string
  description?: string
  details?: string
  testStrategy?: string
}

interface Meta {
  [HELD]?: string
  [PRIORITY]?: number
  [PARENT]?: ParentInfo
}

export function heldReason(task: object): string | undefined {
  return (task as Meta)[HELD]
}

export function priorityOf(task: object): number | undefined {
  return (task as Meta)[PRIORITY]
}

export function parentOf(task: object): ParentInfo | undefined {
  return (task as Meta)[PARENT]
}
