/**
 * Validation of a task.json text: every problem at once, each with what is wrong and where (JSON path, line,
 * column), so a bad file is fixed in one go and never half-run.
 *
 * Structure comes from the zod schema (the single source of truth); the checks zod cannot express (duplicate
 * ids, unknown or self dependencies, cycles) run afterwards on every task that is well-formed enough, even
 * when zod found problems elsewhere.
 */
import type * as z from 'zod/mini'
import { TASK_ID_PATTERN, TASK_STATUSES, taskFileSchemas, type TaskFile } from './schema.js'
import { findSyntaxError, formatPath, JsonLocator, lineColumnAt, type JsonPath } from './locate.js'
import { nearMissWarnings } from './near-miss.js'
import type { Problem } from './problem.js'
import { messageOf } from '../shared/errors.js'

export type { Problem }

/** `warnings`: things that are allowed but probably not meant, such as an unknown key near a known one. */
export type ValidationResult =
  | {
      ok: true
      data: TaskFile
      warnings: Problem[]
      /** Each id's position in `data.tasks` (its first), as the checks found it: a document starts with it. */
      index: Map<string, number>
    }
  | { ok: false; problems: Problem[]; warnings: Problem[] }

export function validateTaskFileText(text: string, displayPath: string): ValidationResult {
  let data: unknown
  try {
    data = JSON.parse(text)
  } catch (error) {
    return { ok: false, problems: [syntaxProblem(text, displayPath, error)], warnings: [] }
  }
  return validateTaskFileData(data, text, displayPath)
}

/** Validates an already parsed value; `text` is the text it came from (for line numbers). */
export function validateTaskFileData(data: unknown, text: string, displayPath: string): ValidationResult {
  const locator = new JsonLocator(text)
  const problems: Problem[] = []
  const add = (code: string, path: JsonPath, message: string) => {
    const at = locator.locate(path)
    problems.push({ code, message, path: [...path], line: at.line, column: at.column })
  }

  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    add(
      'root-type',
      [],
      `${displayPath} must contain a JSON object with "project" and "tasks", but it contains ${describeType(data)}.`
    )
    return { ok: false, problems, warnings: [] }
  }

  // zod is the authority but costs ~half a second on 100,000 tasks; the fast check below accepts only what
  // zod accepts (a test holds it to that), and anything it is unsure of goes to zod for precise messages.
  const fast = fastCheck(data)
  if (fast === Fast.Unsure) {
    const parsed = taskFileSchemas().TaskFileSchema.safeParse(data)
    if (!parsed.success) {
      for (const issue of flattenIssues(parsed.error.issues, data)) add(...issueToProblem(issue, data))
    }
  }
  const index = checkSemantics(data as Record<string, unknown>, add, locator)
  // A near miss is an unknown key: a file the fast check saw none in has none to look for.
  const warnings =
    fast === Fast.Clean ? [] : nearMissWarnings(data, locator, { task: TASK_SHAPE, root: ROOT_SHAPE })

  if (problems.length > 0) {
    // Reading order: top to bottom, so a list of annotations follows the file.
    problems.sort((a, b) => (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0))
    return { ok: false, problems, warnings }
  }
  // The live object, not zod's copy: JSON.parse kept the key order and every unknown field, and the
  // schema has no defaults or transforms, so the validated input already is a TaskFile.
  return { ok: true, data: data as TaskFile, warnings, index }
}

function syntaxProblem(text: string, displayPath: string, error: unknown): Problem {
  if (text.trim() === '') {
    return {
      code: 'not-json',
      message: `${displayPath} is empty; it must contain a JSON object with "project" and "tasks".`,
      path: [],
      line: 1,
      column: 1
    }
  }
  const found = findSyntaxError(text)
  if (found) {
    return {
      code: 'not-json',
      message: `${displayPath} is not valid JSON at line ${found.line}, column ${found.column}: ${found.reason}.`,
      path: [],
      line: found.line,
      column: found.column
    }
  }
  // Our reader and V8 disagree (should not happen): fall back to V8's message and its position, if any.
  const message = messageOf(error)
  const position = /at position (\d+)/.exec(message)
  const at = position ? lineColumnAt(text, Number(position[1])) : undefined
  return {
    code: 'not-json',
    message: `${displayPath} is not valid JSON: ${message}${at ? ` (line ${at.line}, column ${at.column})` : ''}.`,
    path: [],
    ...at
  }
}

type Check = (value: unknown) => boolean

const isString: Check = v => typeof v === 'string'
const isNonEmptyString: Check = v => typeof v === 'string' && v.length > 0
const isStringOrNull: Check = v => v === null || typeof v === 'string'
const isTaskId: Check = v => typeof v === 'string' && TASK_ID_PATTERN.test(v)
const isStatus: Check = v => typeof v === 'string' && (TASK_STATUSES as readonly string[]).includes(v)
const isNonNegativeInt: Check = v => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0
const isPositiveInt: Check = v => typeof v === 'number' && Number.isSafeInteger(v) && v > 0
const isNonNegative: Check = v => typeof v === 'number' && Number.isFinite(v) && v >= 0
const isPositive: Check = v => typeof v === 'number' && Number.isFinite(v) && v > 0
const arrayOf =
  (item: Check): Check =>
  v => {
    if (!Array.isArray(v)) return false
    for (let i = 0; i < v.length; i++) if (!item(v[i])) return false
    return true
  }
const isObject = (v: unknown): v is Record<string, unknown> =>
  v !== null && typeof v === 'object' && !Array.isArray(v)

/**
 * Hand-written twins of the schema's field rules, for the fast path. Their keys are the fields the fast path
 * knows (so it does not build the zod schemas): a test fails when they differ from the schema's fields.
 */
export const FAST_TASK_CHECKS: Readonly<Record<string, Check>> = {
  id: isTaskId,
  title: isString,
  description: isNonEmptyString,
  details: isString,
  status: isStatus,
  dependencies: arrayOf(isTaskId),
  model: isNonEmptyString,
  maxTurns: isPositiveInt,
  allowedTools: arrayOf(isNonEmptyString),
  timeoutMinutes: isPositive,
  maxAttempts: isPositiveInt,
  maxBudgetUsd: isPositive,
  verify: v => isNonEmptyString(v) || (Array.isArray(v) && v.length > 0 && v.every(isNonEmptyString)),
  estimateMinutes: isPositive,
  startedAt: isStringOrNull,
  completedAt: isStringOrNull,
  outputs: arrayOf(isString),
  attempts: isNonNegativeInt,
  error: isStringOrNull,
  result: isStringOrNull,
  costUsd: isNonNegative,
  turns: isNonNegativeInt,
  durationMs: isNonNegative,
  sessionId: isStringOrNull,
  commit: isStringOrNull,
  source: isString,
  reviews: arrayOf(
    v =>
      isObject(v) &&
      typeof v.id === 'number' &&
      Number.isSafeInteger(v.id) &&
      isString(v.url) &&
      isString(v.author) &&
      isString(v.body) &&
      isString(v.at) &&
      (v.path === undefined || isString(v.path)) &&
      (v.line === undefined || (typeof v.line === 'number' && Number.isSafeInteger(v.line)))
  )
}

export const FAST_ROOT_CHECKS: Readonly<Record<string, Check>> = {
  $schema: isString,
  project: isNonEmptyString,
  description: isString,
  context: isString,
  status: isString,
  tasks: v => Array.isArray(v) && v.every(t => fastCheckTask(t) !== Fast.Unsure),
  logs: v =>
    Array.isArray(v) &&
    v.every(e => fastCheckObject(e, LOG_SHAPE, FAST_LOG_CHECKS, LOG_REQUIRED) !== Fast.Unsure)
}

export const FAST_LOG_CHECKS: Readonly<Record<string, Check>> = {
  timestamp: isString,
  message: isString,
  level: v => v === 'info' || v === 'warning' || v === 'error',
  taskId: isString
}

const TASK_SHAPE = new Set(Object.keys(FAST_TASK_CHECKS))
const LOG_SHAPE = new Set(Object.keys(FAST_LOG_CHECKS))
const ROOT_SHAPE = new Set(Object.keys(FAST_ROOT_CHECKS))
const LOG_REQUIRED = ['timestamp', 'message']
const ROOT_REQUIRED = ['project', 'tasks']

/** What the fast check found: not sure (ask zod), valid, or valid with fields the schema does not know. */
const enum Fast {
  Unsure,
  Clean,
  UnknownKeys
}

function fastCheckObject(
  value: unknown,
  shape: Set<string>,
  checks: Readonly<Record<string, Check>>,
  required: readonly string[]
): Fast {
  if (!isObject(value)) return Fast.Unsure
  for (let r = 0; r < required.length; r++) if (value[required[r]!] === undefined) return Fast.Unsure
  let result = Fast.Clean
  const keys = Object.keys(value)
  for (let k = 0; k < keys.length; k++) {
    const key = keys[k]!
    // Unknown fields are allowed (loose objects); known ones must pass their twin check.
    if (!shape.has(key)) {
      result = Fast.UnknownKeys
      continue
    }
    const check = checks[key]
    if (!check || !check(value[key])) return Fast.Unsure
  }
  return result
}

/**
 * One task, the way FAST_TASK_CHECKS judges it. The fields every task has are checked inline: a cold plan
 * step runs this once per task before the JIT has warmed up, where a call through the table per field was
 * most of the validation time. The rest go through their twins; the probe test holds both to zod.
 */
function fastCheckTask(task: unknown): Fast {
  if (!isObject(task) || task.id === undefined || task.description === undefined) return Fast.Unsure
  let result = Fast.Clean
  for (const key in task) {
    const value = task[key]
    switch (key) {
      case 'id':
        if (typeof value !== 'string' || !TASK_ID_PATTERN.test(value)) return Fast.Unsure
        break
      case 'title':
        if (typeof value !== 'string') return Fast.Unsure
        break
      case 'description':
        if (typeof value !== 'string' || value.length === 0) return Fast.Unsure
        break
      case 'status':
        if (value !== 'pending' && value !== 'completed' && value !== 'in_progress' && value !== 'failed')
          return Fast.Unsure
        break
      case 'dependencies':
        if (!Array.isArray(value)) return Fast.Unsure
        for (let d = 0; d < value.length; d++) {
          const dep: unknown = value[d]
          if (typeof dep !== 'string' || !TASK_ID_PATTERN.test(dep)) return Fast.Unsure
        }
        break
      default:
        if (!TASK_SHAPE.has(key)) result = Fast.UnknownKeys
        else if (!FAST_TASK_CHECKS[key]!(value)) return Fast.Unsure
    }
  }
  return result
}

/** The whole file through the fast check: Unsure means "ask zod". */
function fastCheck(data: unknown): Fast {
  if (!isObject(data)) return Fast.Unsure
  // The root's own fields first, with `tasks` and `logs` (the loops) taken apart below.
  for (let r = 0; r < ROOT_REQUIRED.length; r++) if (data[ROOT_REQUIRED[r]!] === undefined) return Fast.Unsure
  let result = Fast.Clean
  for (const key in data) {
    if (key === 'tasks' || key === 'logs') continue
    if (!ROOT_SHAPE.has(key)) result = Fast.UnknownKeys
    else if (!FAST_ROOT_CHECKS[key]!(data[key])) return Fast.Unsure
  }
  const tasks = data.tasks
  if (!Array.isArray(tasks)) return Fast.Unsure
  for (let i = 0; i < tasks.length; i++) {
    const task = fastCheckTask(tasks[i])
    if (task === Fast.Unsure) return Fast.Unsure
    if (task === Fast.UnknownKeys) result = Fast.UnknownKeys
  }
  const logs = data.logs
  if (logs !== undefined) {
    if (!Array.isArray(logs)) return Fast.Unsure
    // Unknown fields of a log entry are no one's typo (the near-miss check does not look at logs).
    for (let i = 0; i < logs.length; i++)
      if (fastCheckObject(logs[i], LOG_SHAPE, FAST_LOG_CHECKS, LOG_REQUIRED) === Fast.Unsure)
        return Fast.Unsure
  }
  return result
}

/** True only if zod would accept `data` too; false means "ask zod". */
export function passesFastCheck(data: unknown): boolean {
  return fastCheck(data) !== Fast.Unsure
}

type Issue = z.core.$ZodIssue

/** Unions report one issue per branch; keep the branch that matches the value's type, so the message is useful. */
function flattenIssues(issues: readonly Issue[], data: unknown): Issue[] {
  const out: Issue[] = []
  for (const issue of issues) {
    if (issue.code === 'invalid_union' && issue.errors.length > 0) {
      const branches = issue.errors.map(branch =>
        branch.map(sub => ({ ...sub, path: [...issue.path, ...sub.path] }))
      )
      const typeMismatch = (branch: Issue[]) =>
        branch.every(sub => sub.code === 'invalid_type' && sub.path.length === issue.path.length)
      const best = branches.find(branch => !typeMismatch(branch))
      if (best) out.push(...flattenIssues(best, data))
      else out.push(issue)
    } else {
      out.push(issue)
    }
  }
  return out
}

function valueAt(data: unknown, path: readonly PropertyKey[]): unknown {
  let value = data
  for (const segment of path) {
    if (value === null || typeof value !== 'object') return undefined
    value = (value as Record<PropertyKey, unknown>)[segment]
  }
  return value
}

function describeType(value: unknown): string {
  if (value === null) return 'null'
  if (Array.isArray(value)) return 'an array'
  if (typeof value === 'string') return `a string (${preview(value)})`
  if (typeof value === 'number') return `a number (${value})`
  if (typeof value === 'boolean') return `a boolean (${value})`
  if (typeof value === 'object') return 'an object'
  return typeof value
}

function preview(value: string): string {
  return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)
}

const EXPECTED: Record<string, string> = {
  string: 'a string',
  number: 'a number',
  int: 'an integer',
  boolean: 'a boolean',
  array: 'an array',
  object: 'an object'
}

/** Why an id does not match TASK_ID_PATTERN, in words. */
export function idProblem(id: string): string | undefined {
  if (TASK_ID_PATTERN.test(id)) return undefined
  if (id === '') return 'an id must not be empty'
  if (id.length > 64) return `an id is at most 64 characters, this one has ${id.length}`
  if (!/^[A-Za-z0-9]/.test(id)) return 'an id must start with a letter or digit'
  if (/\s/.test(id)) return 'an id must not contain spaces'
  return 'an id may only contain letters, digits, ".", "_" and "-"'
}

function issueToProblem(issue: Issue, data: unknown): [string, JsonPath, string] {
  const path = issue.path.map(p => (typeof p === 'symbol' ? String(p) : p))
  const where = formatPath(path)
  const value = valueAt(data, issue.path)
  const last = path[path.length - 1]
  const inTask =
    path[0] === 'tasks' && typeof path[1] === 'number' && path.length > 2 && last !== 'id'
      ? taskLabel(data, path[1])
      : ''

  switch (issue.code) {
    case 'invalid_type': {
      const expected = EXPECTED[issue.expected] ?? issue.expected
      if (value === undefined) {
        const scope = inTask || (path.length === 1 ? ' at the top level of the file' : '')
        return ['missing-field', path, `${where}: required field is missing${scope} (expected ${expected}).`]
      }
      if (path.length === 2 && path[0] === 'tasks') {
        return [
          'wrong-type',
          path,
          `${where}: each task must be an object, but this is ${describeType(value)}.`
        ]
      }
      return [
        'wrong-type',
        path,
        `${where}: expected ${expected}, but found ${describeType(value)}${inTask}.`
      ]
    }
    case 'invalid_value': {
      if (last === 'status' && path[0] === 'tasks') {
        return [
          'unknown-status',
          path,
          `${where}: unknown status ${JSON.stringify(value)}${inTask}; allowed: ${TASK_STATUSES.join(', ')}.`
        ]
      }
      const allowed = issue.values.map(v => JSON.stringify(v)).join(', ')
      return [
        'invalid-value',
        path,
        `${where}: ${JSON.stringify(value)} is not allowed${inTask}; allowed: ${allowed}.`
      ]
    }
    case 'invalid_format': {
      if (
        typeof value === 'string' &&
        issue.format === 'regex' &&
        issue.pattern === String(TASK_ID_PATTERN)
      ) {
        const isDependency = path.includes('dependencies')
        return [
          'invalid-id',
          path,
          `${where}: invalid ${isDependency ? 'dependency id' : 'task id'} ${preview(value)}${inTask}: ${idProblem(value)}.`
        ]
      }
      return ['invalid-format', path, `${where}: ${issue.message}${inTask}.`]
    }
    case 'too_small': {
      if (issue.origin === 'string') {
        const code = last === 'id' && path[0] === 'tasks' ? 'invalid-id' : 'empty'
        return [code, path, `${where}: must not be empty${inTask}.`]
      }
      if (issue.origin === 'array') {
        return ['empty', path, `${where}: must have at least ${issue.minimum} item(s)${inTask}.`]
      }
      const bound = issue.inclusive ? `at least ${issue.minimum}` : `greater than ${issue.minimum}`
      return ['out-of-range', path, `${where}: must be ${bound}, but is ${String(value)}${inTask}.`]
    }
    case 'too_big': {
      const bound = issue.inclusive ? `at most ${issue.maximum}` : `less than ${issue.maximum}`
      return ['out-of-range', path, `${where}: must be ${bound}${inTask}.`]
    }
    case 'invalid_union':
      return ['wrong-type', path, `${where}: ${describeType(value)} is not allowed here${inTask}.`]
    default:
      return ['invalid', path, `${where}: ${issue.message}${inTask}.`]
  }
}

/** ` in task "build"`, to name the task a problem is in when its id is usable. */
function taskLabel(data: unknown, index: number): string {
  const id = valueAt(data, ['tasks', index, 'id'])
  return typeof id === 'string' && id !== '' ? ` in task ${preview(id)}` : ''
}

type Add = (code: string, path: JsonPath, message: string) => void

/**
 * Duplicate ids, unknown and self dependencies, and cycles, on every task that has a string id. Linear in
 * tasks plus edges; iterative (Tarjan's strongly connected components with an explicit stack). Returns each
 * id's first position in the tasks.
 */
function checkSemantics(root: Record<string, unknown>, add: Add, locator: JsonLocator): Map<string, number> {
  const indexById = new Map<string, number>()
  const tasks = root.tasks
  if (!Array.isArray(tasks)) return indexById

  const ids: (string | undefined)[] = new Array(tasks.length)
  for (let i = 0; i < tasks.length; i++) {
    const task: unknown = tasks[i]
    if (task === null || typeof task !== 'object' || Array.isArray(task)) continue
    const id = (task as Record<string, unknown>).id
    if (typeof id !== 'string' || id === '') continue
    const first = indexById.get(id)
    if (first === undefined) {
      indexById.set(id, i)
      ids[i] = id
      continue
    }
    // The lines of the two `id`s: the annotation points at the second, and the text names both.
    const firstLine = locator.locate(['tasks', first, 'id']).line
    const line = locator.locate(['tasks', i, 'id']).line
    add(
      'duplicate-id',
      ['tasks', i, 'id'],
      `tasks[${i}].id: duplicate task id ${preview(id)}, used on line ${firstLine} (tasks[${first}]) and line ${line} (tasks[${i}]); ids must be unique.`
    )
  }

  // Whether some task depends on a later one: only then can there be a cycle.
  let forward = false
  for (let i = 0; i < tasks.length; i++) {
    const id = ids[i]
    if (id === undefined) continue
    const deps = (tasks[i] as Record<string, unknown>).dependencies
    if (!Array.isArray(deps)) continue
    for (let d = 0; d < deps.length; d++) {
      const dep: unknown = deps[d]
      if (typeof dep !== 'string') continue
      if (dep === id) {
        add(
          'self-dependency',
          ['tasks', i, 'dependencies', d],
          `tasks[${i}].dependencies[${d}]: task ${preview(id)} depends on itself.`
        )
        continue
      }
      const target = indexById.get(dep)
      if (target === undefined) {
        // A malformed id was already reported by the schema; "unknown" would only repeat it.
        if (TASK_ID_PATTERN.test(dep)) {
          add(
            'unknown-dependency',
            ['tasks', i, 'dependencies', d],
            `tasks[${i}].dependencies[${d}]: unknown task ${preview(dep)} (task ${preview(id)} depends on it).`
          )
        }
      } else if (target > i) forward = true
    }
  }
  // Every edge pointing to an earlier task (the usual way a file is written): file order is a topological
  // order, so there is no cycle to look for.
  if (!forward) return indexById

  // Edges of the dependency graph between first occurrences of ids: adjacency in CSR form (offsets + targets).
  const edgeStart = new Int32Array(tasks.length + 1)
  const targets: number[] = []
  for (let i = 0; i < tasks.length; i++) {
    edgeStart[i] = targets.length
    const id = ids[i]
    if (id === undefined) continue
    const deps = (tasks[i] as Record<string, unknown>).dependencies
    if (!Array.isArray(deps)) continue
    for (let d = 0; d < deps.length; d++) {
      const dep: unknown = deps[d]
      if (typeof dep !== 'string' || dep === id) continue
      const target = indexById.get(dep)
      if (target !== undefined) targets.push(target)
    }
  }
  edgeStart[tasks.length] = targets.length

  for (const cycle of findCycles(tasks.length, edgeStart, targets)) {
    const names = cycle.map(i => ids[i]!)
    const shown = [...names, names[0]].join(' → ')
    add(
      'cycle',
      ['tasks', cycle[0]!, 'dependencies'],
      `tasks[${cycle[0]}].dependencies: dependency cycle ${shown}; no task in it can ever start.`
    )
  }
  return indexById
}

/**
 * One cycle per strongly connected component with more than one task (self-loops are reported separately),
 * starting at the component's first task in file order. Tarjan's algorithm with an explicit stack, then a
 * breadth-first search inside the component for the shortest way back to the start: linear overall.
 */
export function findCycles(n: number, edgeStart: Int32Array, targets: readonly number[]): number[][] {
  const index = new Int32Array(n).fill(-1)
  const low = new Int32Array(n)
  const onStack = new Uint8Array(n)
  const component = new Int32Array(n).fill(-1)
  const stack: number[] = []
  const callStack: number[] = []
  const nextEdge = new Int32Array(n)
  let counter = 0
  let components = 0
  const cycles: number[][] = []

  for (let root = 0; root < n; root++) {
    if (index[root] !== -1) continue
    callStack.push(root)
    index[root] = low[root] = counter++
    nextEdge[root] = edgeStart[root]!
    stack.push(root)
    onStack[root] = 1
    while (callStack.length > 0) {
      const v = callStack[callStack.length - 1]!
      if (nextEdge[v]! < edgeStart[v + 1]!) {
        const w = targets[nextEdge[v]!]!
        nextEdge[v]!++
        if (index[w] === -1) {
          index[w] = low[w] = counter++
          nextEdge[w] = edgeStart[w]!
          stack.push(w)
          onStack[w] = 1
          callStack.push(w)
        } else if (onStack[w]) {
          low[v] = Math.min(low[v]!, index[w]!)
        }
        continue
      }
      callStack.pop()
      if (callStack.length > 0) {
        const parent = callStack[callStack.length - 1]!
        low[parent] = Math.min(low[parent]!, low[v]!)
      }
      if (low[v] !== index[v]) continue
      const members: number[] = []
      let w: number
      do {
        w = stack.pop()!
        onStack[w] = 0
        component[w] = components
        members.push(w)
      } while (w !== v)
      if (members.length > 1) cycles.push(cycleIn(members, components, component, edgeStart, targets))
      components++
    }
  }
  // Report in file order of each cycle's first task.
  return cycles.sort((a, b) => a[0]! - b[0]!)
}

function cycleIn(
  members: number[],
  id: number,
  component: Int32Array,
  edgeStart: Int32Array,
  targets: readonly number[]
): number[] {
  let start = members[0]!
  for (const m of members) if (m < start) start = m
  const previous = new Map<number, number>([[start, -1]])
  const queue = [start]
  for (let q = 0; q < queue.length; q++) {
    const v = queue[q]!
    for (let e = edgeStart[v]!; e < edgeStart[v + 1]!; e++) {
      const w = targets[e]!
      if (component[w] !== id) continue
      if (w === start) {
        const cycle: number[] = []
        for (let x = v; x !== -1; x = previous.get(x)!) cycle.push(x)
        return cycle.reverse()
      }
      if (!previous.has(w)) {
        previous.set(w, v)
        queue.push(w)
      }
    }
  }
  return members
}
