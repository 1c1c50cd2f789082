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

const RANK: Record<string, number> = { pending: 0, in_progress: 1, failed: 2, completed: 3 }

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
  'commit'
])

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
  const tasks = mergeTasks(bo.tasks, oo.tasks, to.tasks, notes)
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
  notes: string[]
): Json[] | string {
  const bm = byId(base ?? [], 'base')
  const om = byId(ours ?? [], 'ours')
  const tm = byId(theirs ?? [], 'theirs')
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
    out.push(mergeTask(id, b, o, t, notes))
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

function byId(list: Json, side: string): Map<string, Obj> | string {
  if (!Array.isArray(list)) return `${side}: "tasks" is not an array`
  const m = new Map<string, Obj>()
  for (const x of list) {
    if (x === null || typeof x !== 'object' || Array.isArray(x) || typeof x.id !== 'string')
      return `${side}: a task has no string "id"`
    if (m.has(x.id)) return `${side}: task id "${x.id}" appears twice`
    m.set(x.id, x)
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
