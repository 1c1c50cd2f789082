/**
 * Unknown keys that look like a known one: `dependsOn`, `depends_on`, `deps`, `desc`, `maxturns`, a top-level
 * `taks`. Unknown fields are the user's and are kept, so these are warnings, never errors — but a typo in
 * `dependencies` silently drops an edge of the graph, so it must not pass without a word.
 *
 * A key is "near" a known one when it is the same word in another case or spelling convention
 * (snake_case, kebab-case, camelCase), one of the names other task tools use for it, or a small edit away.
 * A key near nothing known (`owner`, `meta`, `labels`) stays silent; so does a near key when the object
 * already has the key it would be a typo of (then it is a field of its own).
 */
import { formatPath, type JsonLocator, type JsonPath } from './locate.js'
import type { Problem } from './problem.js'
import { taskFileSchemas } from './schema.js'

export interface NearMiss {
  /** Where the unknown key is: `['tasks', 0, 'dependsOn']`. */
  path: (string | number)[]
  key: string
  suggestion: string
}

/**
 * The keys a person writes. Fields the action writes (`attempts`, `result`, `commit`, …) are left out on
 * purpose: nobody types them, and `results` or `errors` as custom fields must not be called typos.
 */
const TASK_KEYS = [
  'id',
  'title',
  'description',
  'details',
  'status',
  'dependencies',
  'model',
  'maxTurns',
  'allowedTools',
  'timeoutMinutes',
  'maxAttempts',
  'maxBudgetUsd',
  'verify',
  'estimateMinutes'
] as const
const ROOT_KEYS = ['$schema', 'project', 'description', 'context', 'tasks'] as const

/** Names other task tools (and GitHub Actions, Makefiles, Task Master…) use for the same thing. */
const TASK_ALIASES: Readonly<Record<string, (typeof TASK_KEYS)[number]>> = {
  deps: 'dependencies',
  depends: 'dependencies',
  dependson: 'dependencies',
  dependency: 'dependencies',
  dependon: 'dependencies',
  needs: 'dependencies',
  requires: 'dependencies',
  after: 'dependencies',
  blockedby: 'dependencies',
  prerequisites: 'dependencies',
  prereqs: 'dependencies',
  desc: 'description',
  descr: 'description',
  prompt: 'description',
  name: 'title',
  detail: 'details',
  turns: 'maxTurns',
  maxturn: 'maxTurns',
  tools: 'allowedTools',
  allowtools: 'allowedTools',
  timeout: 'timeoutMinutes',
  timeoutmin: 'timeoutMinutes',
  timeoutmins: 'timeoutMinutes',
  retries: 'maxAttempts',
  maxretries: 'maxAttempts',
  budget: 'maxBudgetUsd',
  maxbudget: 'maxBudgetUsd',
  maxcost: 'maxBudgetUsd',
  verification: 'verify',
  estimate: 'estimateMinutes',
  state: 'status'
}
const ROOT_ALIASES: Readonly<Record<string, (typeof ROOT_KEYS)[number]>> = {
  task: 'tasks',
  todos: 'tasks',
  name: 'project',
  projectname: 'project',
  schema: '$schema',
  desc: 'description'
}

interface Vocabulary {
  /** Normalized form → known key. */
  normalized: ReadonlyMap<string, string>
  aliases: Readonly<Record<string, string>>
}

function vocabulary(keys: readonly string[], aliases: Readonly<Record<string, string>>): Vocabulary {
  return { normalized: new Map(keys.map(k => [normalize(k), k])), aliases }
}

const TASK_VOCABULARY = vocabulary(TASK_KEYS, TASK_ALIASES)
const ROOT_VOCABULARY = vocabulary(ROOT_KEYS, ROOT_ALIASES)

/** Every key of the schema, also those the action writes: none of them is ever a typo. */
export interface KnownFields {
  task: ReadonlySet<string>
  root: ReadonlySet<string>
}

let schemaFields: KnownFields | undefined
/** From the zod schemas (built on first use); validation passes its fast path's twins of them instead. */
function fieldsOfSchema(): KnownFields {
  const { TaskSchema, TaskFileSchema } = taskFileSchemas()
  return (schemaFields ??= {
    task: new Set(Object.keys(TaskSchema.shape)),
    root: new Set(Object.keys(TaskFileSchema.shape))
  })
}

/** `depends_on`, `Depends-On`, `dependsOn` → `dependson`. */
function normalize(key: string): string {
  return key.toLowerCase().replace(/[\s_\-.$]+/g, '')
}

/** Edit distance with adjacent transpositions (optimal string alignment), stopping early past `max`. */
export function editDistance(a: string, b: string, max = Infinity): number {
  if (Math.abs(a.length - b.length) > max) return max + 1
  let prevPrev: number[] = []
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j)
  for (let i = 1; i <= a.length; i++) {
    const row = [i]
    let best = i
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1
      let d = Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + cost)
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        d = Math.min(d, prevPrev[j - 2]! + 1)
      row.push(d)
      if (d < best) best = d
    }
    if (best > max) return max + 1
    prevPrev = prev
    prev = row
  }
  return prev[b.length]!
}

/** How many edits a key of this length may be away: none for short words, where one edit is another word. */
function allowedEdits(length: number): number {
  if (length <= 3) return 0
  if (length <= 7) return 1
  return 2
}

/** The known key an unknown `key` is probably meant to be, if any. */
export function suggestKey(key: string, v: Vocabulary): string | undefined {
  const n = normalize(key)
  if (n === '') return undefined
  const same = v.normalized.get(n)
  if (same) return same
  const alias = v.aliases[n]
  if (alias) return alias
  const max = allowedEdits(n.length)
  if (max === 0) return undefined
  let best: string | undefined
  let bestDistance = max + 1
  for (const [norm, known] of v.normalized) {
    const d = editDistance(n, norm, max)
    if (d < bestDistance) {
      best = known
      bestDistance = d
    }
  }
  return best
}

function nearMissesIn(
  object: Record<string, unknown>,
  known: ReadonlySet<string>,
  v: Vocabulary,
  at: JsonPath,
  out: NearMiss[],
  cache: Map<string, string | undefined>
): void {
  for (const key of Object.keys(object)) {
    if (known.has(key)) continue
    // A custom field usually repeats in every task: judge each distinct key once.
    let suggestion = cache.get(key)
    if (suggestion === undefined && !cache.has(key)) cache.set(key, (suggestion = suggestKey(key, v)))
    // The object has the key already: this one is a field of its own (`deps` next to `dependencies`).
    if (suggestion === undefined || Object.prototype.hasOwnProperty.call(object, suggestion)) continue
    out.push({ path: [...at, key], key, suggestion })
  }
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  v !== null && typeof v === 'object' && !Array.isArray(v)

/** Unknown keys near a known one, at the top level and in each task, in file order. */
export function findNearMisses(data: unknown, known: KnownFields = fieldsOfSchema()): NearMiss[] {
  const out: NearMiss[] = []
  if (!isObject(data)) return out
  nearMissesIn(data, known.root, ROOT_VOCABULARY, [], out, new Map())
  const cache = new Map<string, string | undefined>()
  const tasks = Array.isArray(data.tasks) ? data.tasks : undefined
  if (tasks)
    for (let i = 0; i < tasks.length; i++) {
      const task: unknown = tasks[i]
      if (isObject(task)) nearMissesIn(task, known.task, TASK_VOCABULARY, ['tasks', i], out, cache)
    }
  return out
}

export const vocabularies = { task: TASK_VOCABULARY, root: ROOT_VOCABULARY }

/** The near misses as warnings with their place in the text, for `validate`, `plan` and annotations. */
export function nearMissWarnings(data: unknown, locator: JsonLocator, known?: KnownFields): Problem[] {
  return findNearMisses(data, known).map(m => {
    const at = locator.locate(m.path)
    const task = m.path[0] === 'tasks' ? taskName(data, m.path[1] as number) : ''
    return {
      code: 'near-miss-key',
      message: `${formatPath(m.path)}: unknown field${task}; did you mean \`${m.suggestion}\`? Taskmesh does not read \`${m.key}\` (unknown fields are kept as they are).`,
      path: m.path,
      line: at.line,
      column: at.column
    }
  })
}

function taskName(data: unknown, index: number): string {
  const id = (data as { tasks: Record<string, unknown>[] }).tasks[index]?.id
  return typeof id === 'string' && id !== '' ? ` in task ${JSON.stringify(id)}` : ''
}
