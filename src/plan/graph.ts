/**
 * The dependency graph of a validated task file: what can run now, what is blocked by a failure, what could
 * run together (waves), and how long the remaining chains are.
 *
 * Tasks are numbered by file position and edges are kept in flat typed arrays (CSR form), so every query is
 * linear in tasks plus edges and iterative (100,000 tasks must not overflow a stack). The graph is a snapshot
 * of the statuses at construction: build a new one after the engine changes a status.
 */
import { statusOf, type Task, type TaskStatus } from '../taskfile/schema.js'
import { heldReason, priorityOf } from '../taskfile/task-meta.js'

export interface Classification {
  completed: string[]
  failed: string[]
  /** Pending and not blocked. */
  pending: string[]
  /** Left in_progress by an interrupted run: resumable, not an error. Not blocked. */
  inProgress: string[]
  /** Not completed or failed, and depends (directly or transitively) on a failed task. */
  blocked: string[]
  /** Subset of pending + inProgress whose dependencies are all completed. */
  ready: string[]
  /** Never run by this action (a Task Master task that is deferred, cancelled, blocked, …). */
  held: string[]
}

/** Status codes in `state`: typed-array reads in the loops below (they run cold, once per plan step). */
const PENDING = 0
const IN_PROGRESS = 1
const COMPLETED = 2
const FAILED = 3
const STATE_CODE: Record<TaskStatus, number> = {
  pending: PENDING,
  in_progress: IN_PROGRESS,
  completed: COMPLETED,
  failed: FAILED
}

export class TaskGraph {
  readonly ids: string[]
  private readonly statuses: TaskStatus[]
  /** 1 for a task the format says is never run (see task-meta HELD): not ready, not finished, not blocked. */
  private readonly held: Uint8Array
  private heldCount = 0
  /** Each task's status as a code (PENDING …). */
  private readonly state: Uint8Array
  /** 1 for an unfinished task (pending or in_progress) that is not held. */
  private readonly open: Uint8Array
  /** Priorities, when the format has them (Task Master); ready tasks run highest first. */
  private readonly priority: Float64Array | undefined
  private readonly indexById = new Map<string, number>()
  /** dependencies of task i: depTargets[depStart[i] .. depStart[i+1]) */
  private readonly depStart: Int32Array
  private readonly depTargets: Int32Array
  /** dependents of task i, same layout. */
  private readonly revStart: Int32Array
  private readonly revTargets: Int32Array
  private blockedCache: Uint8Array | undefined
  /** Whether every dependency is an earlier task in the file: then file order is a topological order. */
  private readonly backward: boolean
  private orderCache: Int32Array | undefined

  constructor(tasks: readonly Pick<Task, 'id' | 'status' | 'dependencies'>[]) {
    const n = tasks.length
    this.ids = new Array<string>(n)
    this.statuses = new Array<TaskStatus>(n)
    this.held = new Uint8Array(n)
    this.state = new Uint8Array(n)
    this.open = new Uint8Array(n)
    let edges = 0
    for (let i = 0; i < n; i++) {
      const task = tasks[i]!
      this.ids[i] = task.id
      const status = statusOf(task)
      this.statuses[i] = status
      const code = STATE_CODE[status]
      this.state[i] = code
      if (heldReason(task) !== undefined) {
        this.held[i] = 1
        this.heldCount++
      } else if (code <= IN_PROGRESS) this.open[i] = 1
      const p = priorityOf(task)
      if (p !== undefined) (this.priority ??= new Float64Array(n))[i] = p
      // First occurrence wins; validation rejects duplicates anyway.
      if (!this.indexById.has(task.id)) this.indexById.set(task.id, i)
      edges += task.dependencies?.length ?? 0
    }

    // Sized for every listed dependency; the ones the graph ignores leave the tail unused. Locals, not
    // fields, in the loops: this runs once per plan step, before the JIT has warmed up.
    const indexById = this.indexById
    const depStart = new Int32Array(n + 1)
    const targets = new Int32Array(edges)
    let m = 0
    let backward = true
    for (let i = 0; i < n; i++) {
      depStart[i] = m
      const deps = tasks[i]!.dependencies
      if (!deps) continue
      for (let d = 0; d < deps.length; d++) {
        const j = indexById.get(deps[d]!)
        // Unknown ids and self-loops are validation errors; the graph simply ignores them.
        if (j === undefined || j === i) continue
        if (j > i) backward = false
        targets[m++] = j
      }
    }
    depStart[n] = m
    const depTargets = m === edges ? targets : targets.slice(0, m)
    this.depStart = depStart
    this.depTargets = depTargets
    this.backward = backward

    // Reverse edges by counting sort: dependents come out in file order.
    const revStart = new Int32Array(n + 1)
    for (let e = 0; e < m; e++) revStart[depTargets[e]! + 1]!++
    for (let i = 0; i < n; i++) revStart[i + 1]! += revStart[i]!
    const revTargets = new Int32Array(m)
    const fill = revStart.slice(0, n)
    for (let i = 0; i < n; i++) {
      for (let e = depStart[i]!; e < depStart[i + 1]!; e++) revTargets[fill[depTargets[e]!]!++] = i
    }
    this.revStart = revStart
    this.revTargets = revTargets
  }

  get size(): number {
    return this.ids.length
  }

  has(id: string): boolean {
    return this.indexById.has(id)
  }

  status(id: string): TaskStatus | undefined {
    const i = this.indexById.get(id)
    return i === undefined ? undefined : this.statuses[i]
  }

  dependencies(id: string): string[] {
    return this.neighbours(id, this.depStart, this.depTargets)
  }

  /** Tasks that list `id` as a dependency, in file order. */
  dependents(id: string): string[] {
    return this.neighbours(id, this.revStart, this.revTargets)
  }

  /**
   * Pending or stale in_progress tasks whose dependencies are all completed: highest priority first when
   * the format has priorities, else (and within a priority) in file order.
   */
  ready(): string[] {
    const out: number[] = []
    const { open, state, depStart, depTargets } = this
    for (let i = 0; i < open.length; i++) {
      if (!open[i]) continue
      let ready = true
      for (let e = depStart[i]!; e < depStart[i + 1]!; e++)
        if (state[depTargets[e]!] !== COMPLETED) {
          ready = false
          break
        }
      if (ready) out.push(i)
    }
    const p = this.priority
    if (p) out.sort((a, b) => p[b]! - p[a]! || a - b)
    return out.map(i => this.ids[i]!)
  }

  /** Unfinished tasks that depend, directly or transitively, on a failed task. */
  blocked(): Set<string> {
    const flags = this.blockedFlags()
    const out = new Set<string>()
    for (let i = 0; i < flags.length; i++) if (flags[i]) out.add(this.ids[i]!)
    return out
  }

  /** Every task in exactly one of completed / failed / pending / inProgress / blocked, plus `ready`. */
  classify(): Classification {
    const flags = this.blockedFlags()
    const result: Classification = {
      completed: [],
      failed: [],
      pending: [],
      inProgress: [],
      blocked: [],
      ready: [],
      held: []
    }
    const { ids, held, state } = this
    for (let i = 0; i < ids.length; i++) {
      const id = ids[i]!
      const code = state[i]
      if (held[i]) result.held.push(id)
      else if (code === COMPLETED) result.completed.push(id)
      else if (code === FAILED) result.failed.push(id)
      else if (flags[i]) result.blocked.push(id)
      else if (code === IN_PROGRESS) result.inProgress.push(id)
      else result.pending.push(id)
    }
    result.ready = this.ready()
    return result
  }

  /**
   * Topological layers of the tasks still to do (not completed, failed or blocked): wave 1 is ready now,
   * wave 2 becomes ready once wave 1 is completed, and so on. File order within a wave. Tasks on a cycle
   * (impossible after validation) appear in no wave.
   */
  waves(): string[][] {
    const n = this.ids.length
    const todo = this.todoFlags()
    const level = new Int32Array(n)
    const { depStart, depTargets } = this
    const order = this.topologicalOrder()
    let maxLevel = 0
    for (let k = 0; k < order.length; k++) {
      const i = order[k]!
      if (!todo[i]) continue
      let l = 1
      for (let e = depStart[i]!; e < depStart[i + 1]!; e++) {
        const j = depTargets[e]!
        if (todo[j] && level[j]! + 1 > l) l = level[j]! + 1
      }
      level[i] = l
      if (l > maxLevel) maxLevel = l
    }
    const waves: string[][] = Array.from({ length: maxLevel }, () => [])
    // Walking in file order fills each wave in file order without sorting.
    for (let i = 0; i < n; i++) if (level[i]! > 0) waves[level[i]! - 1]!.push(this.ids[i]!)
    return waves
  }

  /**
   * For each unfinished task (not completed or failed): the weighted length of the longest chain of
   * unfinished tasks from it to the end of the graph (following dependents), counting itself. Starting the
   * longest chains first shortens parallel runs.
   */
  longestRemainingChain(weight: (id: string) => number): Map<string, number> {
    const n = this.ids.length
    const length = new Float64Array(n)
    const order = this.topologicalOrder()
    const out = new Map<string, number>()
    for (let k = order.length - 1; k >= 0; k--) {
      const i = order[k]!
      if (!this.unfinished(i)) continue
      let longest = 0
      for (let e = this.revStart[i]!; e < this.revStart[i + 1]!; e++) {
        const j = this.revTargets[e]!
        if (this.unfinished(j) && length[j]! > longest) longest = length[j]!
      }
      length[i] = weight(this.ids[i]!) + longest
    }
    for (let i = 0; i < n; i++) if (this.unfinished(i)) out.set(this.ids[i]!, length[i]!)
    return out
  }

  /** For each unfinished task: how many unfinished tasks list it as a dependency. */
  remainingDependents(): Map<string, number> {
    const out = new Map<string, number>()
    for (let i = 0; i < this.ids.length; i++) {
      if (!this.unfinished(i)) continue
      let count = 0
      for (let e = this.revStart[i]!; e < this.revStart[i + 1]!; e++)
        if (this.unfinished(this.revTargets[e]!)) count++
      out.set(this.ids[i]!, count)
    }
    return out
  }

  private neighbours(id: string, start: Int32Array, targets: Int32Array): string[] {
    const i = this.indexById.get(id)
    if (i === undefined) return []
    const out: string[] = []
    for (let e = start[i]!; e < start[i + 1]!; e++) out.push(this.ids[targets[e]!]!)
    return out
  }

  private unfinished(i: number): boolean {
    return this.open[i] === 1
  }

  private todoFlags(): Uint8Array {
    const blocked = this.blockedFlags()
    const waiting = this.waitingOnHeld()
    const open = this.open
    const todo = new Uint8Array(open.length)
    for (let i = 0; i < todo.length; i++) todo[i] = open[i] && !blocked[i] && !waiting?.[i] ? 1 : 0
    return todo
  }

  /**
   * Unfinished tasks that wait, directly or transitively, for a held task: in no wave until it is done.
   * Undefined when no task is held (none waits).
   */
  private waitingOnHeld(): Uint8Array | undefined {
    if (this.heldCount === 0) return undefined
    const n = this.ids.length
    const queue: number[] = []
    for (let i = 0; i < n; i++) if (this.held[i] && this.state[i] !== COMPLETED) queue.push(i)
    return this.spread(queue)
  }

  /** Breadth-first from every failed task along dependents; completed tasks stop the spread. */
  private blockedFlags(): Uint8Array {
    if (this.blockedCache) return this.blockedCache
    const queue: number[] = []
    const { state, held } = this
    for (let i = 0; i < state.length; i++) if (state[i] === FAILED && !held[i]) queue.push(i)
    return (this.blockedCache = this.spread(queue))
  }

  /** Flags the unfinished tasks reachable from `queue` along dependents (the queue's own tasks excepted). */
  private spread(queue: number[]): Uint8Array {
    const { open, revStart, revTargets } = this
    const flags = new Uint8Array(open.length)
    for (let q = 0; q < queue.length; q++) {
      const v = queue[q]!
      for (let e = revStart[v]!; e < revStart[v + 1]!; e++) {
        const w = revTargets[e]!
        if (flags[w] || !open[w]) continue
        flags[w] = 1
        queue.push(w)
      }
    }
    return flags
  }

  /** Dependencies before dependents (Kahn's algorithm), computed once. Tasks on a cycle are left out. */
  private topologicalOrder(): Int32Array {
    return (this.orderCache ??= this.backward ? this.fileOrder() : this.kahn())
  }

  private fileOrder(): Int32Array {
    const order = new Int32Array(this.ids.length)
    for (let i = 0; i < order.length; i++) order[i] = i
    return order
  }

  private kahn(): Int32Array {
    const n = this.ids.length
    const remaining = new Int32Array(n)
    for (let i = 0; i < n; i++) remaining[i] = this.depStart[i + 1]! - this.depStart[i]!
    const order = new Int32Array(n)
    let tail = 0
    for (let i = 0; i < n; i++) if (remaining[i] === 0) order[tail++] = i
    for (let head = 0; head < tail; head++) {
      const v = order[head]!
      for (let e = this.revStart[v]!; e < this.revStart[v + 1]!; e++) {
        const w = this.revTargets[e]!
        if (--remaining[w]! === 0) order[tail++] = w
      }
    }
    return order.subarray(0, tail)
  }
}
