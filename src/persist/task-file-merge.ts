/**
 * Three-way merge of task.json texts at task granularity, used when a rebase replays this run's state
 * commits onto a remote that another run (or a person) changed meanwhile. The rule of thumb: whatever one
 * side changed wins over the side that did not touch it, and when both touched the same task, the version
 * further along wins, so no finished work is ever lost.
 *
 * Works on plain JSON (not the schema) so unknown fields survive and a file the schema would reject still
 * merges; the engine validates what it reads back.
 */

export type MergeResult = { ok: true; text: string; notes: string[] } | { ok: false; reason: string }

type Json = null | boolean | number | string | Json[] | { [k: string]: Json }
type Obj = { [k: string]: Json }

const RANK: Record<string, number> = {
  pending: 0,
  in_progress: 1,
  failed: 2,
  completed: 3,
  // Task Master's words for the same (a failure is `blocked` with Taskmesh's error).
  'in-progress': 1,
  blocked: 2,
  done: 3
}

/** Task fields the action writes: one run's record of a task, never mixed with another's. */
const STATE_FIELDS = new Set([
  'status',
  'startedAt',
  'completedAt',
  'outputs',
  'attempts',
  'error',
  'result',
  'costUsd',
  'turns',
  'durationMs',
  'sessionId',
  'commit',
  // Task Master stamps a task when its status changes; it belongs with the status.
  'updatedAt'
])

interface TaskRules {
  /** A task's id as a string (Task Master writes 3 or "3"), or undefined when it has none. */
  key: (x: Obj) => string | undefined
  /** Task Master: subtasks are merged one by one, like tasks. */
  subtasks: boolean
}

const TASKMESH_RULES: TaskRules = { key: x => (typeof x.id === 'string' ? x.id : undefined), subtasks: false }
const TASKMASTER_RULES: TaskRules = {
  key: x => (typeof x.id === 'string' || typeof x.id === 'number' ? String(x.id) : undefined),
  subtasks: true
}

/** Task Master's tagged file (`{tag: {tasks, metadata}}`) or its untagged `{tasks}` with numeric ids. */
function isTaskMasterRoot(x: Obj): boolean {
  if ('project' in x) return false
  const tags = Object.keys(x).filter(k => k !== 'tasks' && k !== 'metadata')
  if (tags.length === 0)
    return Array.isArray(x.tasks) && x.tasks.some(t => isObj(t) && typeof t.id === 'number')
  return tags.some(k => isObj(x[k]) && Array.isArray((x[k] as Obj).tasks))
}

const isObj = (v: Json | undefined): v is Obj => v !== null && typeof v === 'object' && !Array.isArray(v)

/**
 * @param base the common ancestor's text (`''` when there is none: both sides then count as changed)
 * @param ours the text whose changes are being re-applied (this run's commit)
 * @param theirs the text already on the remote; its formatting is kept
 */
export function mergeTaskFileTexts(base: string, ours: string, theirs: string): MergeResult {
  const b = base.trim() === '' ? {} : parse(base, 'base')
  const o = parse(ours, 'ours')
  const t = parse(theirs, 'theirs')
  for (const x of [b, o, t]) if (typeof x === 'string') return { ok: false, reason: x }
  const bo = b as Obj
  const oo = o as Obj
  const to = t as Obj

  const notes: string[] = []
  if (isTaskMasterRoot(oo) && isTaskMasterRoot(to)) return mergeTaskMaster(bo, oo, to, theirs, notes)
  const tasks = mergeTasks(bo.tasks, oo.tasks, to.tasks, notes, TASKMESH_RULES)
  if (typeof tasks === 'string') return { ok: false, reason: tasks }
  const logs = mergeLogs(bo.logs, oo.logs, to.logs)

  const result: Obj = {}
  const keys = [...Object.keys(to), ...Object.keys(oo).filter(k => !(k in to))]
  for (const k of keys) {
    let v: Json | undefined
    if (k === 'tasks') v = tasks
    else if (k === 'logs') v = logs
    else v = changed(bo[k], oo[k]) ? oo[k] : to[k]
    if (v !== undefined) result[k] = v
  }
  // A root field one side deleted (and the other left alone) comes out undefined above and stays deleted.
  return { ok: true, text: format(result, theirs), notes }
}

/**
 * Task Master: every tag merged on its own (a tag only one side touched comes from that side), its tasks and
 * their subtasks task by task as in task.json; the rest of a tag (metadata) from the side that changed it.
 */
function mergeTaskMaster(b: Obj, o: Obj, t: Obj, theirs: string, notes: string[]): MergeResult {
  const mergeTag = (bt: Obj, ot: Obj, tt: Obj): Obj | string => {
    const tasks = mergeTasks(bt.tasks, ot.tasks, tt.tasks, notes, TASKMASTER_RULES)
    if (typeof tasks === 'string') return tasks
    const out: Obj = {}
    for (const k of [...Object.keys(tt), ...Object.keys(ot).filter(k => !(k in tt))]) {
      const v = k === 'tasks' ? tasks : changed(bt[k], ot[k]) ? ot[k] : tt[k]
      if (v !== undefined) out[k] = v
    }
    return out
  }
  const untagged = Array.isArray(o.tasks) && Array.isArray(t.tasks)
  if (untagged) {
    const r = mergeTag(b, o, t)
    return typeof r === 'string' ? { ok: false, reason: r } : { ok: true, text: format(r, theirs), notes }
  }
  const result: Obj = {}
  for (const k of [...Object.keys(t), ...Object.keys(o).filter(k => !(k in t))]) {
    const bk = b[k]
    const ok = o[k]
    const tk = t[k]
    let v: Json | undefined
    if (!changed(bk, ok)) v = tk
    else if (!changed(bk, tk) || ok === undefined || tk === undefined) v = ok
    else if (isObj(ok) && isObj(tk) && Array.isArray(ok.tasks) && Array.isArray(tk.tasks)) {
      const r = mergeTag(isObj(bk) ? bk : {}, ok, tk)
      if (typeof r === 'string') return { ok: false, reason: `tag ${k}: ${r}` }
      v = r
    } else v = ok
    if (v !== undefined) result[k] = v
  }
  return { ok: true, text: format(result, theirs), notes }
}

function parse(text: string, side: string): Obj | string {
  let v: unknown
  try {
    v = JSON.parse(text.replace(/^\uFEFF/, ''))
  } catch (e) {
    return `${side} is not valid JSON: ${(e as Error).message}`
  }
  if (v === null || typeof v !== 'object' || Array.isArray(v)) return `${side} is not a JSON object`
  return v as Obj
}

function mergeTasks(
  base: Json | undefined,
  ours: Json | undefined,
  theirs: Json | undefined,
  notes: string[],
  rules: TaskRules
): Json[] | string {
  const bm = byId(base ?? [], 'base', rules)
  const om = byId(ours ?? [], 'ours', rules)
  const tm = byId(theirs ?? [], 'theirs', rules)
  for (const m of [bm, om, tm]) if (typeof m === 'string') return m
  const B = bm as Map<string, Obj>
  const O = om as Map<string, Obj>
  const T = tm as Map<string, Obj>

  const out: Json[] = []
  for (const [id, t] of T) {
    const b = B.get(id)
    const o = O.get(id)
    if (o === undefined) {
      // Ours deleted it: honour that only if theirs did not change it meanwhile.
      if (b !== undefined && !changed(b, t)) continue
      out.push(t)
      continue
    }
    out.push(rules.subtasks ? mergeWithSubtasks(id, b, o, t, notes) : mergeTask(id, b, o, t, notes))
  }
  for (const [id, o] of O) {
    if (T.has(id)) continue
    const b = B.get(id)
    // Theirs deleted a task ours did not touch: stay deleted. Anything ours added or changed is kept.
    if (b !== undefined && !changed(b, o)) continue
    out.push(o)
  }
  return out
}

function mergeTask(id: string, b: Obj | undefined, o: Obj, t: Obj, notes: string[]): Obj {
  const oursChanged = changed(b, o)
  const theirsChanged = changed(b, t)
  if (!oursChanged) return t
  if (!theirsChanged || !changed(o, t)) return o

  // Both changed the task. The run state (status, outputs, error, …) comes as a whole from the version
  // that is further along (ties go to ours, the commit being replayed), so it stays consistent; other
  // fields (a person's edits) are taken from whichever side changed them, the winner's if both did.
  const rank = (x: Obj) => RANK[typeof x.status === 'string' ? x.status : 'pending'] ?? 0
  const winner = rank(t) > rank(o) ? 'theirs' : 'ours'
  const w = winner === 'ours' ? o : t
  const base = b ?? {}
  const merged: Obj = {}
  const keys = [...Object.keys(t), ...Object.keys(o).filter(k => !(k in t))]
  for (const k of keys) {
    const oc = changed(base[k], o[k])
    const tc = changed(base[k], t[k])
    const v = STATE_FIELDS.has(k) || (oc && tc) ? w[k] : oc ? o[k] : t[k]
    if (v !== undefined) merged[k] = v
  }
  notes.push(
    `task ${id} was changed on both sides (ours: ${String(o.status ?? 'pending')}, theirs: ${String(
      t.status ?? 'pending'
    )}); kept ${winner}' version of the fields both changed`
  )
  return merged
}

/** A Task Master task: its own fields as a task, its subtasks one by one (two runs may finish two of them). */
function mergeWithSubtasks(id: string, b: Obj | undefined, o: Obj, t: Obj, notes: string[]): Obj {
  const without = (x: Obj | undefined) => {
    if (!x) return x
    const { subtasks: _subtasks, ...rest } = x
    return rest
  }
  const merged = mergeTask(id, without(b), without(o)!, without(t)!, notes)
  if (!Array.isArray(o.subtasks) && !Array.isArray(t.subtasks)) return merged
  const subs = mergeTasks(b?.subtasks, o.subtasks ?? [], t.subtasks ?? [], notes, {
    ...TASKMASTER_RULES,
    subtasks: false
  })
  // Put subtasks back where the winning side had them in the key order.
  const out: Obj = {}
  const order = Object.keys('subtasks' in t ? t : o)
  for (const k of order) {
    if (k === 'subtasks') out.subtasks = typeof subs === 'string' ? (t.subtasks ?? []) : subs
    else if (k in merged) out[k] = merged[k]!
  }
  for (const k of Object.keys(merged)) if (!(k in out)) out[k] = merged[k]!
  return out
}

function byId(list: Json, side: string, rules: TaskRules): Map<string, Obj> | string {
  if (!Array.isArray(list)) return `${side}: "tasks" is not an array`
  const m = new Map<string, Obj>()
  for (const x of list) {
    const id = isObj(x) ? rules.key(x) : undefined
    if (id === undefined) return `${side}: a task has no ${rules.subtasks ? '' : 'string '}"id"`
    if (m.has(id)) return `${side}: task id "${id}" appears twice`
    m.set(id, x as Obj)
  }
  return m
}

function mergeLogs(
  base: Json | undefined,
  ours: Json | undefined,
  theirs: Json | undefined
): Json[] | undefined {
  const b = Array.isArray(base) ? base : []
  const o = Array.isArray(ours) ? ours : []
  const t = Array.isArray(theirs) ? theirs : []
  if (!Array.isArray(ours) && !Array.isArray(theirs)) return undefined
  let appended: Json[]
  if (b.length <= o.length && b.every((x, i) => !changed(x, o[i]))) appended = o.slice(b.length)
  else {
    // Ours rewrote the history (trimmed it, say): its entries that base did not have count as new.
    const seen = counts(b)
    appended = o.filter(x => !take(seen, x))
  }
  // An entry theirs already holds (the same line from the same run) is not repeated.
  const inTheirs = counts(t)
  return [...t, ...appended.filter(x => !take(inTheirs, x))]
}

function counts(list: Json[]): Map<string, number> {
  const m = new Map<string, number>()
  for (const x of list) m.set(canonical(x), (m.get(canonical(x)) ?? 0) + 1)
  return m
}

function take(m: Map<string, number>, x: Json): boolean {
  const k = canonical(x)
  const n = m.get(k) ?? 0
  if (n === 0) return false
  m.set(k, n - 1)
  return true
}

function changed(a: Json | undefined, b: Json | undefined): boolean {
  if (a === undefined || b === undefined) return a !== b
  return canonical(a) !== canonical(b)
}

/** Key-order independent serialisation for comparisons. */
export function canonicalJson(v: unknown): string {
  return canonical(v as Json)
}

function canonical(v: Json): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`
  if (v !== null && typeof v === 'object')
    return `{${Object.keys(v)
      .sort()
      .map(k => `${JSON.stringify(k)}:${canonical(v[k])}`)
      .join(',')}}`
  return JSON.stringify(v)
}

/** Serialises like `like` is written: its indentation, line endings and final newline. */
function format(value: Json, like: string): string {
  const m = /^[^\n]*\r?\n([ \t]+)\S/.exec(like)
  const indent = m ? m[1] : like.includes('\n') ? 2 : 0
  let text = JSON.stringify(value, null, indent)
  if (like.includes('\r\n')) text = text.replace(/\n/g, '\r\n')
  if (/\r?\n$/.test(like)) text += like.endsWith('\r\n') ? '\r\n' : '\n'
  return like.startsWith('\uFEFF') ? `\uFEFF${text}` : text
}
