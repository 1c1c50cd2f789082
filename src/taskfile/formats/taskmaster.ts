/**
 * Task Master's `.taskmaster/tasks/tasks.json`, run as it is (docs/taskmaster.md has the whole mapping).
 *
 * The engine sees the chosen tag's tasks as task.json tasks: proxies over Task Master's own objects that
 * translate `id`, `status` and `dependencies` on the way in and out, and let every other field (Taskmesh's
 * `attempts`, `error`, `costUsd`, … and the user's own) pass straight through to the object in the file.
 * Nothing is converted or copied: the file that is written back is Task Master's root object, every tag,
 * key and unknown field as it was, plus what the run changed.
 *
 * A task with subtasks is not run itself: its subtasks are (as "2.1", "2.2"), each waiting for the parent's
 * dependencies too, and the parent becomes `done` when all its subtasks are done or cancelled.
 */
import { formatPath, JsonLocator, type JsonPath } from '../locate.js'
import type { Task, TaskFile, TaskStatus } from '../schema.js'
import { HELD, PARENT, PRIORITY, type ParentInfo } from '../task-meta.js'
import { FAST_TASK_CHECKS, findCycles, type Problem } from '../validate.js'

export const TASKMASTER_STATUSES = [
  'pending',
  'in-progress',
  'done',
  'review',
  'deferred',
  'cancelled',
  'blocked'
] as const
export type TaskMasterStatus = (typeof TASKMASTER_STATUSES)[number]

/** Task Master's priorities, highest first; a missing priority is `medium`, as in `task-master next`. */
const PRIORITY_RANK: Record<string, number> = { critical: 4, high: 3, medium: 2, low: 1 }

export interface TaskMasterOptions {
  /** The tag to run; `master` when absent. */
  tag?: string
  /** Whether a `review` task counts as done for its dependents (default true). */
  reviewIsDone?: boolean
  /** The project name Claude is told (Task Master's file has none). */
  project?: string
}

type Obj = Record<string, unknown>

/** A task decompose planned, with the planner's own id. */
export interface PlannedTask {
  id: string
  title?: string
  description: string
  details?: string
  dependencies: string[]
  verify?: string | string[]
  estimateMinutes?: number
}

const isObject = (v: unknown): v is Obj => v !== null && typeof v === 'object' && !Array.isArray(v)
const DIGITS = /^\d+$/
const DOTTED = /^(\d+)\.(\d+)$/

/** Fields Task Master owns; the rest of a task's known fields are Taskmesh's (checked as in task.json). */
const TASKMASTER_FIELDS = new Set([
  'id',
  'title',
  'description',
  'details',
  'testStrategy',
  'status',
  'dependencies',
  'priority',
  'subtasks'
])

/** Tags are the root's keys other than `tasks` and `metadata` (Task Master's own rule for the tagged form). */
function isTagged(root: Obj): boolean {
  return Object.keys(root).some(k => k !== 'tasks' && k !== 'metadata')
}

export function tagsOf(root: Obj): string[] {
  return Object.keys(root).filter(k => k !== 'tasks' && k !== 'metadata')
}

/**
 * Whether a parsed file is Task Master's rather than task.json: no `project`, and either tags (objects
 * holding a `tasks` array) or an untagged `tasks` array whose ids are numbers.
 */
export function looksLikeTaskMaster(data: unknown): boolean {
  if (!isObject(data) || 'project' in data) return false
  if (isTagged(data)) {
    const tags = tagsOf(data)
    return tags.length > 0 && tags.every(k => isObject(data[k]) && Array.isArray((data[k] as Obj).tasks))
  }
  const tasks = data.tasks
  // `{"tasks": []}` says nothing either way: it is read as a task.json that lacks its project.
  if (!Array.isArray(tasks) || tasks.length === 0) return false
  return tasks.every(
    t => isObject(t) && (typeof t.id === 'number' || (typeof t.id === 'string' && DIGITS.test(t.id)))
  )
}

export type TaskMasterResult = { ok: true; model: TaskMasterModel } | { ok: false; problems: Problem[] }

interface Node {
  /** "3" or "3.1" */
  id: string
  raw: Obj
  /** Full JSON path of the task object in the file. */
  path: JsonPath
  /** Path as users read it: relative to the tag (`tasks[2].subtasks[0]`). */
  rel: JsonPath
  /** Index of the parent's node, for subtasks. */
  parent?: number
  /** Node indexes of the subtasks, for parents. */
  subtasks: number[]
  /** Resolved dependencies (node indexes), in the file's order. */
  deps: number[]
}

/** Validates a Task Master file and, if it is valid, builds the engine's view of the chosen tag. */
export function readTaskMaster(
  data: unknown,
  text: string,
  displayPath: string,
  opts: TaskMasterOptions = {}
): TaskMasterResult {
  const locator = new JsonLocator(text)
  const problems: Problem[] = []
  const add = (code: string, path: JsonPath, message: string) => {
    const at = locator.locate(path)
    problems.push({ code, message, path: [...path], line: at.line, column: at.column })
  }
  const fail = () => {
    problems.sort((a, b) => (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0))
    return { ok: false as const, problems }
  }

  if (!isObject(data)) {
    add('root-type', [], `${displayPath} must contain a JSON object (Task Master's tags, or "tasks").`)
    return fail()
  }
  const tag = opts.tag ?? 'master'
  const tagged = isTagged(data)
  let base: JsonPath
  let tagData: Obj
  if (tagged) {
    const tags = tagsOf(data)
    if (!(tag in data)) {
      add(
        'unknown-tag',
        [],
        `${displayPath} has no tag ${JSON.stringify(tag)}; its tags are: ${tags.join(', ')}. ` +
          'Set the `tag` input to one of them (or switch with `task-master use-tag`).'
      )
      return fail()
    }
    if (!isObject(data[tag])) {
      add('wrong-type', [tag], `${formatPath([tag])}: a tag must be an object with "tasks".`)
      return fail()
    }
    tagData = data[tag] as Obj
    base = [tag]
  } else {
    if (tag !== 'master') {
      add(
        'unknown-tag',
        [],
        `${displayPath} has no tags (it is Task Master's untagged form, which is the tag "master"); ` +
          `tag ${JSON.stringify(tag)} does not exist.`
      )
      return fail()
    }
    tagData = data
    base = []
  }
  const tasks = tagData.tasks
  if (!Array.isArray(tasks)) {
    add(
      tasks === undefined ? 'missing-field' : 'wrong-type',
      [...base, 'tasks'],
      `${formatPath([...base, 'tasks'])}: ${tasks === undefined ? 'required field is missing' : 'must be an array'} (the tag's tasks).`
    )
    return fail()
  }

  // Structure: every task and subtask, each problem at its own line.
  const nodes: Node[] = []
  const topById = new Map<string, number>()
  for (let i = 0; i < tasks.length; i++) {
    const rel: JsonPath = ['tasks', i]
    const path: JsonPath = [...base, 'tasks', i]
    const t: unknown = tasks[i]
    if (!isObject(t)) {
      add('wrong-type', path, `${formatPath(rel)}: each task must be an object.`)
      continue
    }
    const id = checkId(t.id, rel, path, 'task', add)
    checkFields(t, rel, path, add, true)
    if (id === undefined) continue
    if (topById.has(id)) {
      const first = nodes[topById.get(id)!]!
      add(
        'duplicate-id',
        [...path, 'id'],
        `${formatPath([...rel, 'id'])}: duplicate task id ${id}, used on line ${locator.locate(first.path).line} (${formatPath(first.rel)}) and line ${locator.locate(path).line} (${formatPath(rel)}); ids must be unique.`
      )
      continue
    }
    const index = nodes.length
    topById.set(id, index)
    nodes.push({ id, raw: t, path, rel, subtasks: [], deps: [] })
    const subs = t.subtasks
    if (subs === undefined) continue
    if (!Array.isArray(subs)) {
      add('wrong-type', [...path, 'subtasks'], `${formatPath([...rel, 'subtasks'])}: must be an array.`)
      continue
    }
    const seen = new Map<string, JsonPath>()
    for (let j = 0; j < subs.length; j++) {
      const srel: JsonPath = [...rel, 'subtasks', j]
      const spath: JsonPath = [...path, 'subtasks', j]
      const s: unknown = subs[j]
      if (!isObject(s)) {
        add('wrong-type', spath, `${formatPath(srel)}: each subtask must be an object.`)
        continue
      }
      const sid = checkId(s.id, srel, spath, 'subtask', add)
      checkFields(s, srel, spath, add, false)
      if (sid === undefined) continue
      if (seen.has(sid)) {
        add(
          'duplicate-id',
          [...spath, 'id'],
          `${formatPath([...srel, 'id'])}: duplicate subtask id ${sid} in task ${id} (also ${formatPath(seen.get(sid)!)}); ids must be unique within a task.`
        )
        continue
      }
      seen.set(sid, srel)
      nodes[index]!.subtasks.push(nodes.length)
      nodes.push({
        id: `${id}.${sid}`,
        raw: s,
        path: spath,
        rel: srel,
        parent: index,
        subtasks: [],
        deps: []
      })
    }
  }

  // Dependencies: what each one names, in Task Master's rules (a bare number in a subtask names a sibling).
  const nodeById = new Map(nodes.map((n, k) => [n.id, k]))
  for (let k = 0; k < nodes.length; k++) {
    const n = nodes[k]!
    const deps = n.raw.dependencies
    if (!Array.isArray(deps)) continue
    const parent = n.parent === undefined ? undefined : nodes[n.parent]!
    for (let d = 0; d < deps.length; d++) {
      const dep: unknown = deps[d]
      const drel = [...n.rel, 'dependencies', d]
      const dpath = [...n.path, 'dependencies', d]
      const ref = typeof dep === 'number' && Number.isSafeInteger(dep) ? String(dep) : dep
      if (typeof ref !== 'string' || (!DIGITS.test(ref) && !DOTTED.test(ref))) continue // reported above
      let target: number | undefined
      let wanted: string
      if (DOTTED.test(ref)) {
        wanted = ref
        target = nodeById.get(canonicalDotted(ref))
      } else if (parent) {
        wanted = `${parent.id}.${ref}`
        target = nodeById.get(wanted) ?? (topById.has(ref) ? topById.get(ref) : undefined)
      } else {
        wanted = ref
        target = topById.get(ref)
      }
      const what = `${parent ? 'subtask' : 'task'} ${JSON.stringify(n.id)}`
      if (target === undefined) {
        const kind = wanted.includes('.') ? 'subtask' : 'task'
        add(
          'unknown-dependency',
          dpath,
          `${formatPath(drel)}: unknown ${kind} ${JSON.stringify(wanted)} (${what} depends on it).`
        )
        continue
      }
      if (target === k) {
        add('self-dependency', dpath, `${formatPath(drel)}: ${what} depends on itself.`)
        continue
      }
      n.deps.push(target)
    }
  }

  // Cycles, counting the two edges Taskmesh adds: a parent waits for its subtasks, and a subtask waits for
  // what its parent waits for.
  const edgeStart = new Int32Array(nodes.length + 1)
  const targets: number[] = []
  for (let k = 0; k < nodes.length; k++) {
    edgeStart[k] = targets.length
    const n = nodes[k]!
    targets.push(...n.deps, ...n.subtasks)
    if (n.parent !== undefined) targets.push(...nodes[n.parent]!.deps)
  }
  edgeStart[nodes.length] = targets.length
  for (const cycle of findCycles(nodes.length, edgeStart, targets)) {
    const first = nodes[cycle[0]!]!
    const shown = [...cycle, cycle[0]!].map(k => nodes[k]!.id).join(' → ')
    const viaParent = cycle.some(k => nodes[k]!.subtasks.length > 0)
    const at = Array.isArray(first.raw.dependencies) ? [...first.path, 'dependencies'] : first.path
    add(
      'cycle',
      at,
      `${formatPath(Array.isArray(first.raw.dependencies) ? [...first.rel, 'dependencies'] : first.rel)}: dependency cycle ${shown}; no task in it can ever start` +
        (viaParent ? ' (a task waits for its subtasks, and a subtask for what its task waits for).' : '.')
    )
  }

  if (problems.length) return fail()
  return { ok: true, model: new TaskMasterModel(data, tagData, tag, tagged, nodes, opts) }
}

/** `"02.1"` and `"2.01"` name subtask 2.1. */
function canonicalDotted(ref: string): string {
  const m = DOTTED.exec(ref)!
  return `${Number(m[1])}.${Number(m[2])}`
}

function checkId(
  id: unknown,
  rel: JsonPath,
  path: JsonPath,
  kind: 'task' | 'subtask',
  add: (code: string, path: JsonPath, message: string) => void
): string | undefined {
  if (typeof id === 'number' && Number.isSafeInteger(id) && id >= 0) return String(id)
  if (typeof id === 'string' && DIGITS.test(id)) return String(Number(id))
  const where = formatPath([...rel, 'id'])
  if (id === undefined) {
    add('missing-field', path, `${where}: required field is missing (a ${kind} id: a whole number).`)
    return undefined
  }
  add(
    'invalid-id',
    [...path, 'id'],
    `${where}: a Task Master ${kind} id is a whole number (3) or one written as text ("3"), not ${JSON.stringify(id)}.`
  )
  return undefined
}

/** Task Master's own fields, and Taskmesh's per-task fields with the same rules as in task.json. */
function checkFields(
  t: Obj,
  rel: JsonPath,
  path: JsonPath,
  add: (code: string, path: JsonPath, message: string) => void,
  topLevel: boolean
): void {
  const at = (key: string | number, ...more: (string | number)[]) => [...path, key, ...more]
  const where = (...keys: (string | number)[]) => formatPath([...rel, ...keys])
  if (typeof t.title !== 'string' || t.title.trim() === '')
    add(
      t.title === undefined ? 'missing-field' : 'wrong-type',
      t.title === undefined ? path : at('title'),
      `${where('title')}: ${t.title === undefined ? 'required field is missing' : 'must be a non-empty string'} (every Task Master task has a title).`
    )
  if (t.description === undefined ? topLevel : typeof t.description !== 'string')
    add(
      t.description === undefined ? 'missing-field' : 'wrong-type',
      t.description === undefined ? path : at('description'),
      `${where('description')}: ${t.description === undefined ? 'required field is missing' : 'must be a string'}.`
    )
  for (const key of ['details', 'testStrategy'])
    if (t[key] !== undefined && typeof t[key] !== 'string')
      add('wrong-type', at(key), `${where(key)}: must be a string.`)
  if (t.status !== undefined && !(TASKMASTER_STATUSES as readonly unknown[]).includes(t.status)) {
    const hint =
      t.status === 'completed'
        ? ' (Task Master says "done")'
        : t.status === 'in_progress'
          ? ' (Task Master says "in-progress")'
          : t.status === 'failed'
            ? ' (Task Master has no "failed"; Taskmesh writes a failure as "blocked" with an "error")'
            : ''
    add(
      'unknown-status',
      at('status'),
      `${where('status')}: unknown status ${JSON.stringify(t.status)}${hint}; Task Master allows: ${TASKMASTER_STATUSES.join(', ')}.`
    )
  }
  if (t.priority !== undefined && !(typeof t.priority === 'string' && t.priority in PRIORITY_RANK))
    add(
      'invalid-value',
      at('priority'),
      `${where('priority')}: unknown priority ${JSON.stringify(t.priority)}; allowed: ${Object.keys(PRIORITY_RANK).join(', ')}.`
    )
  if (t.dependencies !== undefined) {
    if (!Array.isArray(t.dependencies))
      add('wrong-type', at('dependencies'), `${where('dependencies')}: must be an array.`)
    else
      t.dependencies.forEach((d: unknown, k) => {
        const ok =
          (typeof d === 'number' && Number.isSafeInteger(d) && d >= 0) ||
          (typeof d === 'string' && (DIGITS.test(d) || DOTTED.test(d)))
        if (!ok)
          add(
            'invalid-id',
            at('dependencies', k),
            `${where('dependencies', k)}: a dependency is a task id (3, "3") or a subtask id ("3.1"), not ${JSON.stringify(d)}.`
          )
      })
  }
  for (const key of Object.keys(t)) {
    if (TASKMASTER_FIELDS.has(key)) continue
    const check = FAST_TASK_CHECKS[key]
    if (check && !check(t[key]))
      add(
        'wrong-type',
        at(key),
        `${where(key)}: ${JSON.stringify(t[key])} is not a valid "${key}" (a Taskmesh field; see docs/task-file.md).`
      )
  }
}

const OPEN = new Set(['pending', 'in-progress'])

/** The chosen tag of a valid Task Master file, seen by the engine as a task.json. */
export class TaskMasterModel {
  /** The engine's view: one task per subtask, and per task without subtasks. */
  readonly view: TaskFile
  private readonly pathById = new Map<string, JsonPath>()
  private readonly parents: Obj[] = []
  /** Parent id → the ids of its subtasks, for `tasks: 3`. */
  private readonly leavesOf = new Map<string, string[]>()

  constructor(
    /** The whole file; this is what is written back. */
    readonly root: Obj,
    private readonly tagData: Obj,
    readonly tag: string,
    readonly tagged: boolean,
    nodes: Node[],
    opts: TaskMasterOptions
  ) {
    const reviewIsDone = opts.reviewIsDone ?? true
    // What a dependency on node k means to the engine: the task, or all of its subtasks.
    const engineIds = (k: number): string[] =>
      nodes[k]!.subtasks.length ? nodes[k]!.subtasks.map(s => nodes[s]!.id) : [nodes[k]!.id]
    const tasks: Task[] = []
    for (const n of nodes) {
      this.pathById.set(n.id, n.path)
      if (n.subtasks.length) {
        this.parents.push(n.raw)
        this.leavesOf.set(
          n.id,
          n.subtasks.map(s => nodes[s]!.id)
        )
        continue
      }
      const parent = n.parent === undefined ? undefined : nodes[n.parent]!
      const deps: string[] = []
      for (const k of [...n.deps, ...(parent?.deps ?? [])])
        for (const id of engineIds(k)) if (!deps.includes(id)) deps.push(id)
      tasks.push(leafProxy(n, parent, deps, reviewIsDone))
    }
    // Run logs have no place in Task Master's file: `logs` lives in this view only (job log, summary).
    this.view = { project: opts.project ?? 'Task Master', tasks, logs: [] }
  }

  /** Where new tasks of this tag go (decompose). */
  get tasksPath(): JsonPath {
    return this.tagged ? [this.tag, 'tasks'] : ['tasks']
  }

  /**
   * Planned tasks (decompose) in Task Master's shape: numbered after the tag's highest id, ids written as
   * the tag writes them (numbers, or strings once Task Master has rewritten the tag), dependencies on
   * other new tasks renumbered, on existing ones ("3", "3.1") kept.
   */
  newTasks(
    planned: readonly PlannedTask[],
    source: string
  ): { tasks: (Obj & { id: number | string; dependencies: (number | string)[] })[]; ids: string[] } {
    const existing = this.tagData.tasks as Obj[]
    const strings = existing.some(t => typeof t.id === 'string')
    let next = existing.reduce((max, t) => Math.max(max, Number(t.id) || 0), 0) + 1
    const renamed = new Map<string, number>()
    for (const p of planned) renamed.set(p.id, next++)
    const asId = (n: number) => (strings ? String(n) : n)
    const tasks = planned.map(p => ({
      id: asId(renamed.get(p.id)!),
      title: p.title ?? p.description.split('\n')[0]!,
      description: p.description,
      details: p.details ?? '',
      testStrategy: '',
      status: 'pending',
      dependencies: p.dependencies.map(d =>
        renamed.has(d) ? asId(renamed.get(d)!) : DOTTED.test(d) ? d : asId(Number(d))
      ),
      priority: 'medium',
      subtasks: [],
      ...(p.verify !== undefined ? { verify: p.verify } : {}),
      ...(p.estimateMinutes !== undefined ? { estimateMinutes: p.estimateMinutes } : {}),
      source
    }))
    return { tasks, ids: planned.map(p => String(renamed.get(p.id))) }
  }

  /** Path of a task's (or subtask's) object in the file, for line numbers. */
  pathOf(id: string): JsonPath | undefined {
    return this.pathById.get(id)
  }

  /** `tasks: 3` where 3 has subtasks means its subtasks. */
  expandIds(ids: readonly string[]): string[] {
    const out: string[] = []
    for (const id of ids) for (const x of this.leavesOf.get(id) ?? [id]) if (!out.includes(x)) out.push(x)
    return out
  }

  /**
   * The parents' statuses follow their subtasks: `in-progress` once one has started, `done` once all are
   * done or cancelled. Only an open parent (pending, in-progress) is moved; a person's deferred stays.
   */
  rollUp(): void {
    for (const p of this.parents) {
      const status = (p.status as string | undefined) ?? 'pending'
      if (!OPEN.has(status)) continue
      const subs = (p.subtasks as Obj[]).map(s => (s.status as string | undefined) ?? 'pending')
      let next = status
      if (subs.every(s => s === 'done' || s === 'cancelled') && subs.includes('done')) next = 'done'
      else if (subs.some(s => s !== 'pending' && s !== 'deferred' && s !== 'cancelled')) next = 'in-progress'
      if (next === status || (status === 'in-progress' && next === 'pending')) continue
      const now = new Date().toISOString()
      p.status = next
      p.updatedAt = now
      if (next === 'done') p.completedAt = now
    }
  }

  /** The tag's metadata, as Task Master keeps it when it saves: the time of the change, the counts. */
  touchMetadata(): void {
    const m = this.tagData.metadata
    if (!isObject(m)) return
    const now = new Date().toISOString()
    const keys = ['updated', 'lastModified'].filter(k => k in m)
    // Task Master's older commands keep `updated`, its newer ones `lastModified`: stamp the ones there are.
    for (const k of keys.length ? keys : ['updated']) m[k] = now
    const tasks = this.tagData.tasks as Obj[]
    if (typeof m.taskCount === 'number') m.taskCount = tasks.length
    if (typeof m.completedCount === 'number') m.completedCount = tasks.filter(t => t.status === 'done').length
  }
}

/** Task Master status → the engine's status; `held` when the engine must not run it. */
function engineStatus(
  raw: Obj,
  parent: Obj | undefined,
  reviewIsDone: boolean
): { status: TaskStatus; held?: string } {
  const ps = parent?.status as string | undefined
  // A closed parent decides for its subtasks (Task Master offers only an open parent's subtasks).
  if (ps !== undefined && !OPEN.has(ps)) {
    const r = fromTaskMaster(ps, undefined, reviewIsDone)
    return r.status === 'failed'
      ? { status: 'pending', held: `its task is ${ps}` }
      : r.held
        ? { ...r, held: `its task is ${ps}` }
        : r
  }
  return fromTaskMaster(raw.status as string | undefined, raw.error, reviewIsDone)
}

function fromTaskMaster(
  status: string | undefined,
  error: unknown,
  reviewIsDone: boolean
): { status: TaskStatus; held?: string } {
  switch (status ?? 'pending') {
    case 'pending':
      return { status: 'pending' }
    case 'in-progress':
      return { status: 'in_progress' }
    case 'done':
      return { status: 'completed' }
    case 'review':
      return reviewIsDone ? { status: 'completed' } : { status: 'pending', held: 'review' }
    case 'blocked':
      // Taskmesh writes a failure as blocked with its error; blocked without one is a person's decision.
      return typeof error === 'string' ? { status: 'failed' } : { status: 'pending', held: 'blocked' }
    default:
      return { status: 'pending', held: String(status) }
  }
}

const TO_TASKMASTER: Record<TaskStatus, TaskMasterStatus> = {
  pending: 'pending',
  in_progress: 'in-progress',
  completed: 'done',
  failed: 'blocked'
}

function leafProxy(n: Node, parent: Node | undefined, deps: string[], reviewIsDone: boolean): Task {
  const raw = n.raw
  const prio = (raw.priority ?? parent?.raw.priority ?? 'medium') as string
  const parentInfo: ParentInfo | undefined = parent && {
    id: parent.id,
    title: str(parent.raw.title),
    description: str(parent.raw.description),
    details: str(parent.raw.details),
    testStrategy: str(parent.raw.testStrategy)
  }
  return new Proxy(raw, {
    get(target, key) {
      switch (key) {
        case 'id':
          return n.id
        case 'status':
          return engineStatus(target, parent?.raw, reviewIsDone).status
        case 'dependencies':
          return deps
        case 'description':
          // Subtasks may have none; the title then says what to do.
          return str(target.description) || str(target.title) || ''
        case HELD:
          return engineStatus(target, parent?.raw, reviewIsDone).held
        case PRIORITY:
          return PRIORITY_RANK[prio] ?? 2
        case PARENT:
          return parentInfo
        default:
          return target[key as string]
      }
    },
    set(target, key, value) {
      if (key === 'status') {
        const next = TO_TASKMASTER[value as TaskStatus]
        if (next === undefined) throw new Error(`unknown engine status ${String(value)}`)
        if (target.status !== next) {
          target.status = next
          // Task Master stamps a task when its status changes (set-status does).
          target.updatedAt = new Date().toISOString()
        }
        return true
      }
      if (key === 'id' || key === 'dependencies')
        throw new Error(`the ${key} of Task Master task ${n.id} is not the engine's to change`)
      target[key as string] = value
      return true
    }
  }) as unknown as Task
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' && v !== '' ? v : undefined
}
