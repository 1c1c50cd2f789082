/**
 * The run loop: pick the next ready task, run its attempts through Claude Code, record every transition
 * in the task file (atomically, before and after each attempt), hand finished tasks to the repository
 * port (commit, push), and stop cleanly on limits. Knows nothing of GitHub: the repository, the log and
 * the reports are reached through the ports passed in.
 */
import { mkdir, readFile, stat } from 'node:fs/promises'
import path from 'node:path'
import { buildClaudeArgs, runClaude, type ClaudeOptions } from '../infra/claude/process.js'
import type { ClaudeEvent } from '../infra/claude/types.js'
import { TaskGraph } from '../plan/graph.js'
import type { RunObserver, LogLevel } from './events.js'
import { formatUsd } from '../report/markdown.js'
import type { RunReport, SandboxReport, StopReason } from './report-model.js'
import type { Scrubber } from '../report/redact.js'
import type { Contain, DeniedHost } from '../infra/sandbox/types.js'
import { TaskDocument } from '../taskfile/document.js'
import { statusOf, type Task } from '../taskfile/schema.js'
import { apiHost } from '../infra/claude/api-host.js'
import { describeOutcome, retryable, type NextStep, type OutcomeFact } from '../report/outcome-words.js'
import { heldReason } from '../taskfile/task-meta.js'
import { classifyExit, resetsWorkTree, stopsRun, type FailureKind, type Outcome } from './outcome.js'
import { buildPrompt, type TaskFeedback } from './prompt.js'
import { buildReport, type TaskRunInfo } from './report.js'
import { describeVerify, runVerify } from '../infra/verify.js'

/** How the engine reaches the repository. The action and the local command both implement it over git. */
export interface RepoPort {
  /** Marks the state of the working tree when a task starts; the token is given back to the calls below. */
  snapshot(): Promise<string>
  /** Files added, changed, deleted or renamed since the snapshot (never the task file). */
  changedFiles(since: string): Promise<string[]>
  /** Puts the working tree back to the snapshot, except the task file. */
  restore(since: string): Promise<void>
  /** Commits (and pushes) a finished task. `taskFileMerged`: the task file on disk now also holds others' updates. */
  recordTask(t: RecordedTask): Promise<{ commit: string | null; taskFileMerged: boolean }>
  /** Commits (and pushes) a state-only change of the task file, when there is one. */
  recordState(message: string): Promise<{ commit: string | null; taskFileMerged: boolean }>
}

/** Where one task runs: the run's own working tree, or (parallel runs) a git worktree of its own. */
export interface TaskWorkspace {
  /** The working directory Claude and `verify` run in. */
  cwd: string
  /** Root of the checkout (outputs are relative to it); the engine's repoRoot when absent. */
  root?: string
  snapshot(): Promise<string>
  changedFiles(since: string): Promise<string[]>
  restore(since: string): Promise<void>
  /**
   * Worktrees only: brings the task's files onto the run's working tree (the engine then commits them).
   * A conflict with work brought in meanwhile fails the attempt with that reason.
   */
  integrate?(files: string[], since: string): Promise<{ ok: true } | { ok: false; reason: string }>
  /** Worktrees only: moves to the run's current head (dropping this attempt's changes) for a retry. */
  refresh?(): Promise<void>
  dispose(): Promise<void>
}

/** Opens an isolated workspace per task (git worktrees) for parallel runs. */
export interface WorkspacePort {
  open(taskId: string): Promise<TaskWorkspace>
  /** Removes every worktree and temp branch, whatever happened. */
  cleanup(): Promise<void>
}

export interface RecordedTask {
  taskId: string
  status: 'completed' | 'failed'
  title: string
  attempts: number
  costUsd: number
  /** The task's outputs; committed only when it completed. */
  files: string[]
  /** Extra commit trailers (`Review: <url>`), added by the caller's RepoPort. */
  trailers?: string[]
}

export interface ClaudeSettings {
  path: string
  env: NodeJS.ProcessEnv
  model?: string
  maxTurns: number
  permissionMode: string
  allowedTools: string[]
  disallowedTools: string[]
  appendSystemPrompt?: string
  extraArgs: string[]
  /** Which input or secret holds the credential, named in a 401 message. */
  credentialSource: string
  /** Contains the CLI and `verify` (src/infra/sandbox/); absent when the sandbox is off or unavailable. */
  contain?: Contain
}

export interface EngineOptions {
  doc: TaskDocument
  /** Absolute path of the task file. */
  taskFilePath: string
  /** The task file as users name it (relative to the workspace). */
  taskFileDisplay: string
  /** Where Claude runs (the working directory). */
  cwd: string
  repo: RepoPort
  /** Needed when `limits.parallel` > 1. */
  workspaces?: WorkspacePort
  claude: ClaudeSettings
  limits: {
    maxAttempts: number
    retryFailed: boolean
    taskTimeoutMs: number
    maxBudgetUsd?: number
    maxTasks?: number
    /** Tasks running at the same time (default 1). */
    parallel?: number
  }
  /** Restrict the run to these ids (empty: all). */
  only: string[]
  transcriptsDir: string
  observer: RunObserver
  /**
   * Whether a text holds one of the run's secrets, which must never be committed: an output file that does
   * fails the attempt.
   */
  containsSecret?: (text: string) => boolean
  /** Root of the repository (outputs are relative to it). */
  repoRoot?: string
  /** Applied to every text that came from Claude before it is stored or shown. */
  redact?: (text: string) => string
  /** Checks the task file for the run's secrets each time it is written (see TaskDocument.write). */
  outbound?: Scrubber
  signal?: AbortSignal
  heartbeatMs?: number
  killGraceMs?: number
  /** Wait before retrying after a transient API failure. */
  backoffMs?: (attempt: number) => number
  commitUrlBase?: string
  /**
   * Review feedback for tasks sent back from a pull request: it goes into their prompt, and their earlier
   * outputs stay in `outputs` next to what the redo changed.
   */
  feedback?: ReadonlyMap<string, TaskFeedback>
  /** Whether the tasks ran contained, for the reports. */
  sandbox?: Omit<SandboxReport, 'denied'>
}

export class RunSetupError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'RunSetupError'
  }
}

const MAX_RESULT_CHARS = 4_000
const MAX_ERROR_CHARS = 2_000
const MAX_TIMELINE = 400
const MAX_SCANNED_BYTES = 20 * 1024 * 1024

const defaultBackoff = (attempt: number) => Math.min(60_000, 5_000 * 2 ** (attempt - 1))

function nowIso(): string {
  return new Date().toISOString()
}

function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max)}… (truncated)`
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise(resolve => {
    if (signal?.aborted) return resolve()
    const t = setTimeout(done, ms)
    function done() {
      clearTimeout(t)
      signal?.removeEventListener('abort', done)
      resolve()
    }
    signal?.addEventListener('abort', done, { once: true })
  })
}

/** Root status as a function of the tasks, so that every committed state of the file is true on its own. */
function rootStatus(tasks: Task[]): string {
  const s = tasks.map(statusOf)
  if (s.includes('in_progress')) return 'in_progress'
  if (s.length > 0 && s.every(x => x === 'completed')) return 'completed'
  if (s.includes('failed')) return 'failed'
  return 'pending'
}

export class Engine {
  private doc: TaskDocument
  private readonly o: EngineOptions
  private readonly info = new Map<string, TaskRunInfo>()
  private spentUsd = 0
  private started = 0
  private stop: StopReason | undefined
  /** The task whose attempt stopped the run, if one did: its log entry in task.json names it. */
  private stopTaskId: string | undefined
  private readonly runLogs: NonNullable<ReturnType<TaskDocument['appendLog']>>[] = []
  /** Commit hashes not yet in the file: written with the next state write (see recordTask). */
  private readonly pendingCommitFields = new Map<string, string>()
  private readonly startedAt = new Date()
  /** Budget promised to attempts that are running now (parallel runs). */
  private reservedUsd = 0
  private activeAttempts = 0
  /** Tasks the scheduler has started in this run (whatever became of them). */
  private readonly picked = new Set<string>()
  /** Serialises state writes, commits and pushes between tasks running at the same time. */
  private lock: Promise<unknown> = Promise.resolve()
  /** Ends the running tasks when the run must stop at once (credentials, cancel). */
  private readonly stopAll = new AbortController()
  private readonly signal: AbortSignal
  private readonly redact: (text: string) => string

  constructor(o: EngineOptions) {
    // `tasks: 3` where Task Master's task 3 has subtasks names its subtasks.
    this.o = { ...o, only: o.doc.expandIds(o.only) }
    this.doc = o.doc
    this.redact = o.redact ?? (t => t)
    this.signal = o.signal ? AbortSignal.any([o.signal, this.stopAll.signal]) : this.stopAll.signal
  }

  /** Runs `fn` after every earlier locked section has finished. */
  private locked<T>(fn: () => Promise<T>): Promise<T> {
    const next = this.lock.then(fn, fn)
    this.lock = next.catch(() => undefined)
    return next
  }

  private emitLog(level: LogLevel, message: string, taskId?: string): void {
    this.o.observer.emit({ type: 'log', level, message, taskId })
  }

  /** Appends a `logs` entry (written with the next save) and shows it live. */
  private log(level: 'info' | 'warning' | 'error', message: string, taskId?: string): void {
    this.recordLog(level, message, taskId)
    this.emitLog(level, message, taskId)
  }

  /** Appends a `logs` entry only: for outcomes, whose live line the log formatter makes from the event. */
  private recordLog(level: 'info' | 'warning' | 'error', message: string, taskId?: string): void {
    const entry = this.doc.appendLog({ timestamp: nowIso(), level, ...(taskId ? { taskId } : {}), message })
    if (entry) this.runLogs.push(entry)
  }

  /** Records an outcome in task.json's logs in the words the live log shows for it (see describeOutcome). */
  private recordOutcome(fact: OutcomeFact, taskId?: string): void {
    const words = describeOutcome(fact)
    if (words.live) this.recordLog(words.level, words.text, taskId)
  }

  private task(id: string): Task {
    const t = this.doc.task(id)
    if (!t) throw new Error(`task "${id}" disappeared from ${this.o.taskFileDisplay}`)
    return t
  }

  private infoFor(id: string): TaskRunInfo {
    let i = this.info.get(id)
    if (!i) {
      i = { timeline: [], inputTokens: 0, outputTokens: 0, costUsd: 0, ran: false, denied: new Map() }
      this.info.set(id, i)
    }
    return i
  }

  /** Writes the state atomically. A change made to the file behind our back (by Claude) is discarded. */
  private async save(): Promise<void> {
    for (const [id, sha] of this.pendingCommitFields) {
      const t = this.doc.task(id)
      if (t) t.commit = sha
    }
    this.pendingCommitFields.clear()
    this.doc.data.status = rootStatus(this.doc.data.tasks)
    await this.doc.write(this.o.taskFilePath, { outbound: this.o.outbound })
  }

  /** Claude must not edit the task file; if it did, warn and put the engine's state back. */
  private async guardTaskFile(taskId: string): Promise<void> {
    let onDisk: string | null = null
    try {
      onDisk = await readFile(this.o.taskFilePath, 'utf8')
    } catch {
      onDisk = null
    }
    if (onDisk !== this.doc.originalText) {
      this.log(
        'warning',
        `Claude changed ${this.o.taskFileDisplay}; its edit was discarded (the engine owns the task state)`,
        taskId
      )
      await this.doc.write(this.o.taskFilePath, { force: true, outbound: this.o.outbound })
    }
  }

  private async reloadAfterMerge(): Promise<void> {
    const text = await readFile(this.o.taskFilePath, 'utf8')
    const parsed = TaskDocument.parse(text, this.o.taskFileDisplay, this.doc.formatOptions)
    if (!parsed.ok)
      throw new Error(
        `${this.o.taskFileDisplay} is not valid after merging with the remote: ${parsed.problems.map(p => p.message).join('; ')}`
      )
    this.doc = parsed.document
    // Each side of a merge wrote its own root status; the merged tasks decide it.
    this.doc.data.status = rootStatus(this.doc.data.tasks)
  }

  /** Prepares the file for the run: stale in_progress tasks are resumed, failed ones retried on request. */
  private async prepare(): Promise<void> {
    // With `tasks:` only the named failed tasks are retried: a matrix job must not touch the others.
    const only = this.o.only.length ? new Set(this.o.only) : null
    let changed = false
    for (const t of this.doc.data.tasks) {
      if (t.status === 'in_progress') {
        t.status = 'pending'
        this.log('info', 'found in_progress from an interrupted run; resuming it as pending', t.id)
        changed = true
      } else if (t.status === 'failed' && this.o.limits.retryFailed && (!only || only.has(t.id))) {
        t.status = 'pending'
        delete t.completedAt
        delete t.error
        this.log('info', 'retry-failed: failed task put back to pending', t.id)
        changed = true
      }
    }
    if (changed) await this.save()
  }

  /** `tasks:` must name known tasks that are ready, or whose unfinished dependencies are named too. */
  private checkScope(): void {
    const only = this.o.only
    if (!only.length) return
    const byId = new Map(this.doc.data.tasks.map(t => [t.id, t]))
    const problems: string[] = []
    const named = new Set(only)
    for (const id of only) {
      const t = byId.get(id)
      if (!t) {
        problems.push(`unknown task "${id}" in the "tasks" input (not in ${this.o.taskFileDisplay})`)
        continue
      }
      const st = statusOf(t)
      const held = heldReason(t)
      if (held !== undefined) problems.push(`task "${id}" is not run by Taskmesh: ${held}`)
      else if (st === 'completed') problems.push(`task "${id}" is already completed`)
      else if (st === 'failed' && !this.o.limits.retryFailed)
        problems.push(`task "${id}" has failed; set retry-failed: true to run it again`)
      else {
        const waiting = (t.dependencies ?? []).filter(
          d => statusOf(byId.get(d) ?? { status: 'pending' }) !== 'completed' && !named.has(d)
        )
        if (waiting.length)
          problems.push(`task "${id}" is not ready: it waits for ${waiting.map(d => `"${d}"`).join(', ')}`)
      }
    }
    if (problems.length) throw new RunSetupError(problems.join('\n'))
  }

  /**
   * The next task to start. Sequential runs take ready tasks in file order; parallel runs start the task
   * with the longest remaining chain first (weighted by estimateMinutes, else the last duration, else 1),
   * ties in file order, so the run ends close to the length of its critical path.
   */
  private nextTask(): string | undefined {
    const graph = new TaskGraph(this.doc.data.tasks)
    const ready = this.waiting(graph)
    if (ready.length <= 1 || (this.o.limits.parallel ?? 1) <= 1) return ready[0]
    const chain = graph.longestRemainingChain(id => {
      const t = this.doc.task(id)
      if (t?.estimateMinutes) return t.estimateMinutes
      if (t?.durationMs) return t.durationMs / 60_000
      return 1
    })
    let best = ready[0]
    for (const id of ready) if ((chain.get(id) ?? 0) > (chain.get(best) ?? 0)) best = id
    return best
  }

  /** Ready tasks this run may still start (in scope, not started yet). */
  private waiting(graph = new TaskGraph(this.doc.data.tasks)): string[] {
    const only = this.o.only.length ? new Set(this.o.only) : null
    return graph.ready().filter(id => !this.picked.has(id) && (!only || only.has(id)))
  }

  /**
   * An equal part of the run's unspent, unpromised budget for an attempt about to start: shared with the
   * other tasks that can start now (as many as there are free slots and ready tasks, itself included), so
   * tasks running at the same time can never together be allowed more than the run's remainder.
   */
  private budgetShare(freeSlots: number, readyIncludingSelf: number): number {
    const free = (this.o.limits.maxBudgetUsd ?? Infinity) - this.spentUsd - this.reservedUsd
    return free / Math.max(1, Math.min(freeSlots, readyIncludingSelf))
  }

  async run(): Promise<RunReport> {
    this.checkScope()
    await this.prepare()
    const graph = new TaskGraph(this.doc.data.tasks)
    this.o.observer.emit({
      type: 'run-started',
      project: this.doc.data.project,
      ready: graph.ready(),
      total: this.doc.data.tasks.length
    })

    const parallel = Math.max(1, this.o.limits.parallel ?? 1)
    if (parallel > 1 && !this.o.workspaces)
      throw new RunSetupError('parallel runs need a workspace port (git worktrees)')
    const done = this.picked
    const running = new Map<string, Promise<void>>()
    let fatal: unknown
    try {
      for (;;) {
        while (!this.stop && fatal === undefined && running.size < parallel) {
          if (this.signal.aborted) {
            this.halt({ kind: 'cancelled', message: 'the run was cancelled' })
            break
          }
          const id = this.nextTask()
          if (!id) break
          const { maxTasks, maxBudgetUsd } = this.o.limits
          if (maxTasks !== undefined && this.started >= maxTasks) {
            this.halt({
              kind: 'max-tasks',
              message: `max-tasks (${maxTasks}) reached; the remaining ready tasks stay pending`
            })
            break
          }
          if (maxBudgetUsd !== undefined && this.spentUsd + this.reservedUsd >= maxBudgetUsd - 1e-9) {
            this.halt({ kind: 'budget', message: this.budgetSpentMessage(maxBudgetUsd) })
            break
          }
          // The first attempt's share is promised now, while the picks of this round happen: read later, the
          // number of tasks sharing it would already have changed.
          const promised =
            maxBudgetUsd !== undefined
              ? { usd: this.budgetShare(parallel - running.size, this.waiting().length) }
              : undefined
          if (promised) this.reservedUsd += promised.usd
          done.add(id)
          this.started++
          const p = this.runTask(id, parallel > 1, promised)
            .catch(error => {
              // A git or file failure: stop everything, keep what is recorded, report it.
              fatal ??= error
              this.halt({ kind: 'error', message: error instanceof Error ? error.message : String(error) })
            })
            .finally(() => running.delete(id))
          running.set(id, p)
        }
        if (running.size === 0) break
        await Promise.race(running.values())
      }
    } finally {
      await Promise.allSettled(running.values())
      await this.o.workspaces?.cleanup()
    }
    if (fatal !== undefined) {
      // Leave the file true and the repository clean if we still can: tasks that were running are pending.
      try {
        await this.locked(async () => {
          for (const t of this.doc.data.tasks)
            if (t.status === 'in_progress' && done.has(t.id)) t.status = 'pending'
          await this.save()
          await this.o.repo.recordState('taskmesh: update task state — error')
        })
      } catch {
        // the original error says more
      }
      throw fatal
    }

    // Anything written but not yet committed (a stop, a resumed task, a final log line) gets a state commit,
    // so the repository is left clean and the remote holds the truth.
    if (this.stop)
      this.recordOutcome({ type: 'stop', kind: this.stop.kind, message: this.stop.message }, this.stopTaskId)
    // The last task's commit hash is still pending (a commit cannot hold its own hash): the final state
    // commit records it, so task.json alone tells which commit holds each task.
    if (this.pendingCommitFields.size > 0 || this.doc.changed || this.stop) {
      const onlyCommits = !this.stop && !this.doc.changed ? [...this.pendingCommitFields.keys()] : []
      await this.save()
      await this.record(() =>
        this.o.repo.recordState(
          onlyCommits.length
            ? `taskmesh: record the commit of ${onlyCommits.join(', ')} in the task file`
            : `taskmesh: update task state${this.stop ? ` — ${this.stop.kind}` : ''}`
        )
      )
    }

    const report = this.report()
    this.o.observer.emit({ type: 'run-finished', report })
    return report
  }

  private budgetSpentMessage(maxBudgetUsd: number): string {
    return `the run budget of ${formatUsd(maxBudgetUsd)} (max-budget-usd) is spent (${formatUsd(this.spentUsd)}); the remaining tasks stay pending`
  }

  private halt(reason: StopReason): void {
    if (this.stop) return
    this.stop = reason
    this.o.observer.emit({ type: 'run-stopped', reason })
    // Bad credentials fail every task alike, and a cancel means now: end the other running tasks too
    // (they go back to pending). A rate limit or a spent budget lets running tasks finish.
    if (reason.kind === 'credentials' || reason.kind === 'cancelled' || reason.kind === 'error')
      this.stopAll.abort()
  }

  private async record(
    fn: () => Promise<{ commit: string | null; taskFileMerged: boolean }>
  ): Promise<string | null> {
    const r = await fn()
    if (r.taskFileMerged) await this.reloadAfterMerge()
    return r.commit
  }

  /** 1-based line of a task in the task file, for annotations. */
  taskLine(id: string): number | undefined {
    return this.doc.taskLine(id)
  }

  /** The tasks as they stand now (after merges with others' updates). */
  documentTasks(): Task[] {
    return this.doc.data.tasks
  }

  report(): RunReport {
    return buildReport({
      doc: this.doc,
      taskFile: this.o.taskFileDisplay,
      info: this.info,
      startedAt: this.startedAt,
      stopReason: this.stop,
      logs: this.runLogs,
      commitUrlBase: this.o.commitUrlBase,
      pendingCommits: this.pendingCommitFields,
      sandbox: this.o.sandbox
    })
  }

  /** The run's own working tree, for sequential runs. */
  private mainWorkspace(): TaskWorkspace {
    const repo = this.o.repo
    return {
      cwd: this.o.cwd,
      snapshot: () => repo.snapshot(),
      changedFiles: since => repo.changedFiles(since),
      restore: since => repo.restore(since),
      dispose: async () => {}
    }
  }

  /** `promised`: the first attempt's share of the run's budget, already reserved (released if unused). */
  private async runTask(id: string, isolated: boolean, promised?: { usd: number }): Promise<void> {
    // Opened under the lock: a dependency that just completed has its commit in place before this task
    // takes the run's head as its base.
    const workspaces = this.o.workspaces
    try {
      const ws = isolated && workspaces ? await this.locked(() => workspaces.open(id)) : this.mainWorkspace()
      try {
        await this.runAttempts(id, ws, isolated, promised)
      } finally {
        await ws.dispose()
      }
    } finally {
      // Never used (the task ended before its first attempt): give the promise back.
      if (promised) this.reservedUsd -= promised.usd
    }
  }

  private async runAttempts(
    id: string,
    ws: TaskWorkspace,
    isolated: boolean,
    promised?: { usd: number }
  ): Promise<void> {
    const o = this.o
    const info = this.infoFor(id)
    info.ran = true
    let start = await ws.snapshot()
    const t0 = this.task(id)
    const maxAttempts = t0.maxAttempts ?? o.limits.maxAttempts
    const timeoutMs =
      t0.timeoutMinutes !== undefined ? Math.round(t0.timeoutMinutes * 60_000) : o.limits.taskTimeoutMs
    const startedAtBefore = t0.startedAt
    let previousFailure: string | undefined
    let continues = false
    let taskCost = 0
    let taskTurns = 0
    let taskDuration = 0
    let sessionId: string | undefined
    let lastResult: string | undefined
    let lastFailure: { kind: FailureKind; reason: string } | undefined
    let attempt = 0

    while (attempt < maxAttempts) {
      attempt++
      // Under the lock: a merge with others' updates may replace the document at any await.
      await this.locked(async () => {
        const t = this.task(id)
        t.status = 'in_progress'
        if (attempt === 1) t.startedAt = nowIso()
        t.attempts = (t.attempts ?? 0) + 1
        // The group header first, so the task's own log lines land inside its group.
        o.observer.emit({
          type: 'attempt-started',
          taskId: id,
          title: t.title ?? t.description.split('\n')[0],
          attempt,
          maxAttempts
        })
        // The live log shows it as the group heading (▶ id · title (attempt n/m)).
        this.recordLog('info', `attempt ${attempt}/${maxAttempts} started`, id)
        await this.save()
      })
      const task = this.task(id)

      // Spending caps: the task gets at most what remains of its own cap and of the run's share (see
      // budgetShare; the first attempt's was promised when the task was picked, a retry asks anew).
      const caps: number[] = []
      if (task.maxBudgetUsd !== undefined) caps.push(task.maxBudgetUsd - (task.costUsd ?? 0) - taskCost)
      if (promised && attempt === 1) {
        this.reservedUsd -= promised.usd
        caps.push(promised.usd)
        promised.usd = 0
      } else if (o.limits.maxBudgetUsd !== undefined)
        caps.push(this.budgetShare((o.limits.parallel ?? 1) - this.activeAttempts, this.waiting().length + 1))
      const budget = caps.length ? Math.max(0, Math.min(...caps)) : undefined
      const reserved = budget ?? 0
      this.reservedUsd += reserved
      this.activeAttempts++
      const maxTurns = task.maxTurns ?? o.claude.maxTurns

      const attemptStart = Date.now()
      let outcome: Outcome
      let attemptCost = 0
      let attemptTurns = 0
      if (budget !== undefined && budget <= 0) {
        outcome = {
          ok: false,
          kind: 'budget',
          reason: 'no budget left for this task (maxBudgetUsd / max-budget-usd)'
        }
      } else {
        const x = await this.invokeClaude(id, task, ws, {
          attempt,
          maxAttempts,
          previousFailure,
          continues,
          timeoutMs,
          maxTurns,
          budget
        })
        attemptCost = x.result?.totalCostUsd ?? 0
        attemptTurns = x.result?.numTurns ?? 0
        if (x.result?.sessionId) sessionId = x.result.sessionId
        if (x.result) {
          info.inputTokens +=
            x.result.usage.inputTokens +
            x.result.usage.cacheReadInputTokens +
            x.result.usage.cacheCreationInputTokens
          info.outputTokens += x.result.usage.outputTokens
          if (x.result.result) lastResult = x.result.result
        }
        outcome = classifyExit(x, {
          maxTurns,
          timeoutMs,
          maxBudgetUsd: budget,
          credentialSource: o.claude.credentialSource,
          apiHost: apiHost(o.claude.env)
        })
        // In a worktree Claude only sees a copy of the task file, which is never brought back.
        if (!isolated) await this.locked(() => this.guardTaskFile(id))
        if (x.denied) this.recordDenied(id, x.denied, 'Claude')
        if (outcome.ok && task.verify) outcome = await this.verify(id, task.verify, ws, timeoutMs)
      }
      this.reservedUsd -= reserved
      this.activeAttempts--
      taskCost += attemptCost
      info.costUsd += attemptCost
      this.spentUsd += attemptCost
      // A stop (another task's 401, a cancel) ended this attempt: that is not the task's failure.
      if (!outcome.ok && this.signal.aborted && outcome.kind !== 'cancelled')
        outcome = { ok: false, kind: 'cancelled', reason: this.stop?.message ?? 'the run was cancelled' }
      taskTurns += attemptTurns

      let outputs: string[] = []
      if (outcome.ok) {
        outputs = await ws.changedFiles(start)
        const leaked = await this.filesWithSecrets(ws.root ?? o.repoRoot, outputs)
        if (leaked.length)
          outcome = {
            ok: false,
            kind: 'error',
            reason: `${leaked.join(', ')} contain${leaked.length === 1 ? 's' : ''} a secret of this run (an API key or token); the files were not committed`
          }
      }
      if (outcome.ok) {
        const done = await this.locked(async () => {
          if (ws.integrate) {
            const r = await ws.integrate(outputs, start)
            if (!r.ok) return r
          }
          taskDuration += Date.now() - attemptStart
          this.emitAttempt(
            id,
            attempt,
            maxAttempts,
            { ok: true },
            { kind: 'done' },
            attemptCost,
            attemptTurns,
            Date.now() - attemptStart
          )
          const t = this.task(id)
          t.status = 'completed'
          t.completedAt = nowIso()
          // A redo changes a part of the task's work: its files are still the task's.
          t.outputs = o.feedback?.has(id) ? [...new Set([...(t.outputs ?? []), ...outputs])] : outputs
          if (lastResult !== undefined) t.result = clip(this.redact(lastResult), MAX_RESULT_CHARS)
          delete t.error
          this.accumulate(t, { taskCost, taskTurns, taskDuration, sessionId })
          this.recordOutcome({ type: 'task', status: 'completed', attempts: attempt, maxAttempts }, id)
          await this.save()
          await this.finish(id, 'completed', outputs, { attempts: attempt, maxAttempts })
          return { ok: true as const }
        })
        if (done.ok) return
        outcome = { ok: false, kind: 'conflict', reason: done.reason }
      }
      const attemptMs = Date.now() - attemptStart
      taskDuration += attemptMs

      lastFailure = { kind: outcome.kind, reason: this.redact(outcome.reason) }
      const budgetSpent =
        outcome.kind === 'budget' &&
        o.limits.maxBudgetUsd !== undefined &&
        this.spentUsd >= o.limits.maxBudgetUsd - 1e-9
      // What happens next is decided here, once; the words (log, task.json) are made from that decision.
      let next: NextStep
      if (stopsRun(outcome.kind) || budgetSpent) next = { kind: 'stop', counted: budgetSpent }
      else if (attempt >= maxAttempts || !retryable(outcome.kind)) next = { kind: 'give-up' }
      else
        next = {
          kind: 'retry',
          keepsChanges: !resetsWorkTree(outcome.kind),
          waitMs: outcome.kind === 'transient' ? (o.backoffMs ?? defaultBackoff)(attempt) : undefined
        }
      const failed: Outcome = { ok: false, kind: lastFailure.kind, reason: lastFailure.reason }
      this.emitAttempt(id, attempt, maxAttempts, failed, next, attemptCost, attemptTurns, attemptMs)
      if (next.kind === 'stop') {
        // Not the task's fault: put it back as it was, with the attempt unused (except money already spent).
        await ws.restore(start)
        const stop = next
        await this.locked(async () => {
          const t = this.task(id)
          t.status = 'pending'
          t.attempts = Math.max(0, (t.attempts ?? 1) - (budgetSpent ? 0 : 1))
          if (startedAtBefore === undefined) delete t.startedAt
          else t.startedAt = startedAtBefore
          if (attemptCost > 0) this.accumulate(t, { taskCost, taskTurns, taskDuration, sessionId })
          this.recordOutcome({ type: 'attempt', outcome: failed, attempt, maxAttempts, next: stop }, id)
          await this.save()
        })
        if (!this.stop) this.stopTaskId = id
        this.halt({
          kind: stopKind(outcome.kind, budgetSpent),
          // The task hit what was left of the run's budget: say that the run's budget is spent.
          message:
            budgetSpent && o.limits.maxBudgetUsd !== undefined
              ? `${this.budgetSpentMessage(o.limits.maxBudgetUsd)} (${lastFailure.reason})`
              : lastFailure.reason
        })
        return
      }

      this.recordOutcome({ type: 'attempt', outcome: failed, attempt, maxAttempts, next }, id)
      previousFailure = lastFailure.reason
      if (next.kind !== 'retry') break
      continues = next.keepsChanges
      if (!continues) {
        // A worktree starts again from the run's current head, which holds the work brought in meanwhile.
        if (ws.refresh) {
          const refresh = ws.refresh
          await this.locked(() => refresh())
          start = await ws.snapshot()
        } else await ws.restore(start)
      }
      if (next.waitMs !== undefined) await sleep(next.waitMs, this.signal)
      if (this.signal.aborted) {
        await ws.restore(start)
        await this.locked(async () => {
          this.task(id).status = 'pending'
          await this.save()
        })
        this.halt({ kind: 'cancelled', message: 'the run was cancelled' })
        return
      }
    }

    // Out of attempts: failed, with the partial work removed (a failed task's commit holds only its state).
    await ws.restore(start)
    await this.locked(async () => {
      const t = this.task(id)
      t.status = 'failed'
      t.completedAt = nowIso()
      t.error = clip(lastFailure?.reason ?? 'failed', MAX_ERROR_CHARS)
      // A failed redo leaves the earlier work in place (restored above): its files are still the task's.
      if (!o.feedback?.has(id)) delete t.outputs
      if (lastResult !== undefined) t.result = clip(this.redact(lastResult), MAX_RESULT_CHARS)
      this.accumulate(t, { taskCost, taskTurns, taskDuration, sessionId })
      const kind = lastFailure?.kind
      this.recordOutcome(
        { type: 'task', status: 'failed', attempts: attempt, maxAttempts, kind, reason: t.error },
        id
      )
      const blocked = new TaskGraph(this.doc.data.tasks).blocked()
      if (blocked.size) this.log('warning', `blocked by this failure: ${[...blocked].join(', ')}`, id)
      await this.save()
      await this.finish(id, 'failed', [], { attempts: attempt, maxAttempts, failureKind: kind })
    })
  }

  /** Output files holding one of the run's secrets: never committed. */
  private async filesWithSecrets(root: string | undefined, files: string[]): Promise<string[]> {
    const containsSecret = this.o.containsSecret
    if (!root || !containsSecret) return []
    const found: string[] = []
    for (const f of files) {
      // A file named after the key would carry it into the pushed tree, whatever it holds.
      if (containsSecret(f)) {
        found.push(f)
        continue
      }
      try {
        const st = await stat(path.join(root, f))
        if (!st.isFile() || st.size > MAX_SCANNED_BYTES) continue
        const text = await readFile(path.join(root, f), 'utf8')
        if (containsSecret(text)) found.push(f)
      } catch {
        // deleted or unreadable: nothing to leak
      }
    }
    return found
  }

  private emitAttempt(
    id: string,
    attempt: number,
    maxAttempts: number,
    outcome: Outcome,
    next: NextStep,
    costUsd: number,
    turns: number,
    durationMs: number
  ) {
    this.o.observer.emit({
      type: 'attempt-finished',
      taskId: id,
      attempt,
      maxAttempts,
      ok: outcome.ok,
      kind: outcome.ok ? undefined : outcome.kind,
      reason: outcome.ok ? undefined : this.redact(outcome.reason),
      next,
      costUsd,
      turns,
      durationMs
    })
  }

  private accumulate(
    t: Task,
    a: { taskCost: number; taskTurns: number; taskDuration: number; sessionId?: string }
  ): void {
    t.costUsd = round6((t.costUsd ?? 0) + a.taskCost)
    t.turns = (t.turns ?? 0) + a.taskTurns
    t.durationMs = (t.durationMs ?? 0) + a.taskDuration
    if (a.sessionId) t.sessionId = a.sessionId
  }

  private async finish(
    id: string,
    status: 'completed' | 'failed',
    outputs: string[],
    run: { attempts: number; maxAttempts: number; failureKind?: FailureKind }
  ): Promise<void> {
    const t = this.task(id)
    this.o.observer.emit({
      type: 'task-finished',
      taskId: id,
      status,
      attempts: t.attempts ?? 0,
      durationMs: t.durationMs ?? 0,
      turns: t.turns ?? 0,
      costUsd: t.costUsd ?? 0,
      outputs,
      error: t.error ?? undefined,
      attemptsThisRun: run.attempts,
      maxAttempts: run.maxAttempts,
      failureKind: run.failureKind
    })
    const commit = await this.record(() =>
      this.o.repo.recordTask({
        taskId: id,
        status,
        title: t.title ?? t.description,
        attempts: t.attempts ?? 0,
        costUsd: t.costUsd ?? 0,
        files: outputs
      })
    )
    // The task file was committed before its commit existed: the hash goes in with the next state write.
    if (commit) {
      this.pendingCommitFields.set(id, commit)
      this.o.observer.emit({ type: 'task-committed', taskId: id, commit })
    }
  }

  /** The folder a contained command may write to: the task's working tree (its worktree in parallel runs). */
  private sandboxFor(ws: TaskWorkspace): { contain: Contain; writableRoot: string } | undefined {
    const contain = this.o.claude.contain
    return contain ? { contain, writableRoot: ws.root ?? this.o.repoRoot ?? ws.cwd } : undefined
  }

  /** Adds a command's refused connections to the task's, with a log line a user can act on. */
  private recordDenied(id: string, denied: DeniedHost[], who: string): void {
    if (!denied.length) return
    const info = this.infoFor(id)
    for (const d of denied) {
      const host = this.redact(d.host)
      info.denied.set(host, (info.denied.get(host) ?? 0) + d.count)
    }
    const total = denied.reduce((n, d) => n + d.count, 0)
    const list = this.redact(denied.map(d => `${d.host}${d.count > 1 ? ` (${d.count}×)` : ''}`).join(', '))
    this.log(
      'warning',
      `sandbox blocked ${total === 1 ? 'a connection' : `${total} connections`} from ${who} to ${list}; add the host to \`allowed-domains\` if the task needs it`,
      id
    )
  }

  private async verify(
    id: string,
    verify: string | string[],
    ws: TaskWorkspace,
    timeoutMs: number
  ): Promise<Outcome> {
    const command = describeVerify(verify)
    this.o.observer.emit({ type: 'verify-started', taskId: id, command })
    const r = await runVerify(verify, {
      cwd: ws.cwd,
      env: this.o.claude.env,
      timeoutMs: Math.min(timeoutMs, 30 * 60_000),
      signal: this.signal,
      sandbox: this.sandboxFor(ws)
    })
    if (r.denied) this.recordDenied(id, r.denied, 'verify')
    const output = this.redact(r.output)
    this.o.observer.emit({ type: 'verify-finished', taskId: id, command, exitCode: r.exitCode ?? -1, output })
    if (r.exitCode === 0 && !r.timedOut) return { ok: true }
    const head = r.timedOut ? `verify \`${command}\` timed out` : `verify \`${command}\` exited ${r.exitCode}`
    return { ok: false, kind: 'verify', reason: output ? `${head}:\n${output}` : head }
  }

  private async invokeClaude(
    id: string,
    task: Task,
    ws: TaskWorkspace,
    a: {
      attempt: number
      maxAttempts: number
      previousFailure?: string
      continues: boolean
      timeoutMs: number
      maxTurns: number
      budget?: number
    }
  ) {
    const o = this.o
    const info = this.infoFor(id)
    const deps = (task.dependencies ?? []).map(d => this.doc.task(d)).filter((d): d is Task => !!d)
    const prompt = buildPrompt({
      file: this.doc.data,
      task,
      dependencies: deps,
      taskFileName: path.relative(o.cwd, o.taskFilePath) || path.basename(o.taskFilePath),
      attempt: a.attempt,
      maxAttempts: a.maxAttempts,
      previousFailure: a.previousFailure,
      continuesPreviousAttempt: a.continues,
      feedback: o.feedback?.get(id)
    })
    const claudeOptions: ClaudeOptions = {
      model: task.model ?? o.claude.model,
      maxTurns: a.maxTurns,
      maxBudgetUsd: a.budget,
      permissionMode: o.claude.permissionMode,
      allowedTools: task.allowedTools ?? o.claude.allowedTools,
      disallowedTools: o.claude.disallowedTools,
      appendSystemPrompt: o.claude.appendSystemPrompt,
      extraArgs: o.claude.extraArgs
    }
    const transcriptPath = path.join(
      o.transcriptsDir,
      safeSegment(id),
      `attempt-${task.attempts ?? a.attempt}.jsonl`
    )
    await mkdir(path.dirname(transcriptPath), { recursive: true })
    const started = Date.now()
    let turns = 0
    const onEvent = (e: ClaudeEvent) => {
      if (e.kind === 'usage') turns++
      if (e.kind === 'tool-use' && info.timeline.length < MAX_TIMELINE)
        info.timeline.push(this.redact(e.summary))
      o.observer.emit({ type: 'claude', taskId: id, event: redactEvent(e, this.redact) })
    }
    return runClaude({
      claudePath: o.claude.path,
      args: buildClaudeArgs(claudeOptions),
      prompt,
      cwd: ws.cwd,
      sandbox: this.sandboxFor(ws),
      env: o.claude.env,
      timeoutMs: a.timeoutMs,
      killGraceMs: o.killGraceMs,
      transcriptPath,
      redactTranscript: o.redact ? this.redact : undefined,
      onEvent,
      signal: this.signal,
      heartbeatMs: o.heartbeatMs ?? 60_000,
      onHeartbeat: () =>
        o.observer.emit({
          type: 'heartbeat',
          taskId: id,
          elapsedMs: Date.now() - started,
          turns,
          costUsd: this.spentUsd
        })
    })
  }
}

function round6(n: number): number {
  return Math.round(n * 1e6) / 1e6
}

function stopKind(kind: FailureKind, budgetSpent: boolean): StopReason['kind'] {
  if (budgetSpent) return 'budget'
  if (kind === 'credentials') return 'credentials'
  if (kind === 'rate-limit') return 'rate-limit'
  if (kind === 'cancelled') return 'cancelled'
  return 'error'
}

/** Task ids are already restricted to [A-Za-z0-9._-]; this only guards against `.`/`..` as folder names. */
function safeSegment(id: string): string {
  return /^\.+$/.test(id) ? `_${id}` : id
}

function redactEvent(e: ClaudeEvent, redact: (t: string) => string): ClaudeEvent {
  switch (e.kind) {
    case 'text':
      return { ...e, text: redact(e.text) }
    case 'tool-use':
      return { ...e, summary: redact(e.summary), input: undefined }
    case 'tool-result':
      return { ...e, text: redact(e.text) }
    case 'result':
      return { ...e, result: redact(e.result) }
    default:
      return e
  }
}
