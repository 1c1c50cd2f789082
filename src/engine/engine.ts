/**
 * The run loop: pick the next ready task, run its attempts (src/engine/attempt.ts), record every transition
 * in the task file (atomically, before and after each attempt), hand finished tasks to the repository
 * port (commit, push), and stop cleanly on limits. Knows nothing of GitHub, git or the programs it runs:
 * everything outside is reached through the ports in src/engine/ports.ts.
 */
import path from 'node:path'
import {
  AttemptRunner,
  filesWithSecrets,
  leakedSecretOutcome,
  nextStep,
  type AttemptResult
} from './attempt.js'
import type { RunObserver, LogLevel } from './events.js'
import type { FailureKind, Outcome } from './outcome.js'
import type {
  ClaudePort,
  Clock,
  DeniedHost,
  ProducedFilesPort,
  RecordHooks,
  RecordResult,
  RepoPort,
  TaskFilePort,
  TaskWorkspace,
  VerifyPort,
  WorkspacePort
} from './ports.js'
import { buildPrompt, type TaskFeedback } from './prompt.js'
import { buildReport, type TaskRunInfo } from './report.js'
import { SlotHold, Slots, Wakeup } from './slots.js'
import type { RunReport, SandboxReport, StopReason } from './report-model.js'
import { Budget, attemptCap } from '../plan/budget.js'
import { TaskGraph } from '../plan/graph.js'
import { reopenAtStart, Scheduler, scopeProblems } from '../plan/scheduler.js'
import {
  describeNotice,
  describeOutcome,
  describeScopeProblems,
  type NextStep,
  type OutcomeFact,
  type RunNotice
} from '../report/outcome-words.js'
import { messageOf, RunSetupError } from '../shared/errors.js'
import { sleep } from '../shared/retry.js'
import { SerialQueue } from '../shared/serial.js'
import { truncate } from '../shared/text.js'
import { TaskDocument } from '../taskfile/document.js'
import type { Task } from '../taskfile/schema.js'
import {
  addSpending,
  completeTask,
  failTask,
  markPending,
  reopenFailed,
  returnAttempt,
  rootStatus,
  startAttempt,
  type Spending
} from '../taskfile/state.js'

export interface EngineOptions {
  doc: TaskDocument
  /** Absolute path of the task file (the prompt names it relative to `cwd`). */
  taskFilePath: string
  /** The task file as users name it (relative to the workspace). */
  taskFileDisplay: string
  /** Where Claude runs (the working directory). */
  cwd: string
  repo: RepoPort
  /** Needed when `limits.parallel` > 1. */
  workspaces?: WorkspacePort
  claude: ClaudePort
  verify: VerifyPort
  /** Reads and writes the task file (the engine's state). */
  taskFile: TaskFilePort
  /** Reads what tasks produced, for the secret scan. */
  producedFiles: ProducedFilesPort
  /** The system clock when absent. */
  clock?: Clock
  /** What a task gets unless it sets its own `model`, `maxTurns`, `allowedTools`. */
  taskDefaults: { model?: string; maxTurns: number; allowedTools: string[] }
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
  signal?: AbortSignal
  heartbeatMs?: number
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

const MAX_RESULT_CHARS = 4_000
const MAX_ERROR_CHARS = 2_000
const CANCELLED = 'the run was cancelled'

const systemClock: Clock = { now: () => Date.now(), sleep }

/** One task's way through its attempts: what the steps of runAttempts read and change. */
interface TaskRun {
  readonly id: string
  readonly workspace: TaskWorkspace
  /** In a git worktree of its own (parallel runs): Claude only sees a copy of the task file there. */
  readonly isolated: boolean
  readonly maxAttempts: number
  readonly timeoutMs: number
  /** The task's `startedAt` before this run, put back when a stop gives the attempt back. */
  readonly startedAtBefore: Task['startedAt']
  /** The first attempt's share of the run's budget, promised when the task was picked (0 once used). */
  readonly promised?: { usd: number }
  /** Its place among the `parallel` attempts running (see slots.ts). */
  readonly slot: SlotHold
  /** The state of the working tree the attempt started from. */
  snapshot: string
  /** The current attempt in this run, from 1. */
  attempt: number
  /** Why the previous attempt failed: the next prompt says it. */
  previousFailure?: string
  /** Whether the attempt goes on from the previous one's changes (after a failed verify). */
  continues: boolean
  /** What this run's attempts used: added to the task's totals when it ends. */
  spending: Spending
  /** Claude's last final message. */
  finalMessage?: string
  lastFailure?: { kind: FailureKind; reason: string }
}

/** How one attempt ended, as the steps after it need it. */
interface AttemptEnd extends AttemptResult {
  /** When the attempt started (clock time). */
  startedAt: number
  /** The files it changed (when it succeeded). */
  outputs: string[]
}

export class Engine {
  private doc: TaskDocument
  private readonly options: EngineOptions
  private readonly clock: Clock
  private readonly info = new Map<string, TaskRunInfo>()
  private readonly budget: Budget
  private readonly scheduler: Scheduler
  private readonly attempts: AttemptRunner
  private stop: StopReason | undefined
  /** The task whose attempt stopped the run, if one did: its log entry in task.json names it. */
  private stopTaskId: string | undefined
  private readonly runLogs: NonNullable<ReturnType<TaskDocument['appendLog']>>[] = []
  /** Commit hashes not yet in the file: written with the next state write (see recordTask). */
  private readonly pendingCommitFields = new Map<string, string>()
  private readonly startedAt: Date
  /**
   * Two locks for tasks running at the same time. The repository lock serialises what changes the run's
   * working tree and branch: integrating a task's files, its commit and push. The state lock serialises
   * changes of the document and their writes to the task file, and a rebase that rewrites that file. Taken
   * in that order (never the repository lock inside the state lock), so a task can start (its state write)
   * while another one is pushed.
   */
  private readonly repoLock = new SerialQueue()
  private readonly stateLock = new SerialQueue()
  /** How many attempts may run at once. */
  private readonly slots: Slots
  /** The loop waits on it for a task to be able to start. */
  private readonly wakeup = new Wakeup()
  /**
   * Tasks completed in the document whose commit is still being made: their dependents are not ready yet,
   * since a dependent's worktree must hold its dependencies' files.
   */
  private readonly recording = new Set<string>()
  /** Ends the running tasks when the run must stop at once (credentials, cancel). */
  private readonly stopAll = new AbortController()
  private readonly signal: AbortSignal
  private readonly redact: (text: string) => string

  constructor(options: EngineOptions) {
    // `tasks: 3` where Task Master's task 3 has subtasks names its subtasks.
    this.options = { ...options, only: options.doc.expandIds(options.only) }
    this.doc = options.doc
    this.clock = options.clock ?? systemClock
    this.startedAt = new Date(this.clock.now())
    this.redact = options.redact ?? (text => text)
    this.signal = options.signal
      ? AbortSignal.any([options.signal, this.stopAll.signal])
      : this.stopAll.signal
    this.budget = new Budget(options.limits.maxBudgetUsd)
    this.scheduler = new Scheduler({ only: this.options.only, parallel: options.limits.parallel })
    this.slots = new Slots(this.scheduler.parallel, this.wakeup)
    this.attempts = new AttemptRunner({
      claude: options.claude,
      verify: options.verify,
      observer: options.observer,
      clock: this.clock,
      redact: this.redact,
      redactsTranscripts: options.redact !== undefined,
      transcriptsDir: options.transcriptsDir,
      heartbeatMs: options.heartbeatMs ?? 60_000,
      signal: this.signal,
      spentUsd: () => this.budget.spentUsd,
      recordDenied: (taskId, denied, who) => this.recordDenied(taskId, denied, who)
    })
  }

  private now(): string {
    return new Date(this.clock.now()).toISOString()
  }

  /** Runs `fn` under the repository lock, after every earlier section under it has finished. */
  private repoLocked<T>(fn: () => Promise<T>): Promise<T> {
    return this.repoLock.run(fn)
  }

  /** Runs `fn` under the state lock (see repoLock). */
  private stateLocked<T>(fn: () => Promise<T>): Promise<T> {
    return this.stateLock.run(fn)
  }

  private emitLog(level: LogLevel, message: string, taskId?: string): void {
    this.options.observer.emit({ type: 'log', level, message, taskId })
  }

  /** Appends a `logs` entry (written with the next save) and shows it live. */
  private log(level: 'info' | 'warning' | 'error', message: string, taskId?: string): void {
    this.recordLog(level, message, taskId)
    this.emitLog(level, message, taskId)
  }

  /** Appends a `logs` entry only: for outcomes, whose live line the log formatter makes from the event. */
  private recordLog(level: 'info' | 'warning' | 'error', message: string, taskId?: string): void {
    const entry = this.doc.appendLog({ timestamp: this.now(), level, ...(taskId ? { taskId } : {}), message })
    if (entry) this.runLogs.push(entry)
  }

  /** Records an outcome in task.json's logs in the words the live log shows for it (see describeOutcome). */
  private recordOutcome(fact: OutcomeFact, taskId?: string): void {
    const words = describeOutcome(fact)
    if (words.live) this.recordLog(words.level, words.text, taskId)
  }

  private task(id: string): Task {
    const task = this.doc.task(id)
    if (!task) throw new Error(`task "${id}" disappeared from ${this.options.taskFileDisplay}`)
    return task
  }

  private infoFor(id: string): TaskRunInfo {
    let info = this.info.get(id)
    if (!info) {
      info = { timeline: [], inputTokens: 0, outputTokens: 0, costUsd: 0, ran: false, denied: new Map() }
      this.info.set(id, info)
    }
    return info
  }

  /** Writes the state atomically. A change made to the file behind our back (by Claude) is discarded. */
  private async save(): Promise<void> {
    for (const [id, sha] of this.pendingCommitFields) {
      const task = this.doc.task(id)
      if (task) task.commit = sha
    }
    this.pendingCommitFields.clear()
    this.doc.data.status = rootStatus(this.doc.data.tasks)
    await this.options.taskFile.write(this.doc)
  }

  /** Claude must not edit the task file; if it did, warn and put the engine's state back. */
  private async guardTaskFile(taskId: string): Promise<void> {
    let onDisk: string | null
    try {
      onDisk = await this.options.taskFile.read()
    } catch {
      onDisk = null
    }
    if (onDisk !== this.doc.originalText) {
      this.log(
        'warning',
        `Claude changed ${this.options.taskFileDisplay}; its edit was discarded (the engine owns the task state)`,
        taskId
      )
      await this.options.taskFile.write(this.doc, { force: true })
    }
  }

  private async reloadAfterMerge(): Promise<void> {
    const display = this.options.taskFileDisplay
    const text = await this.options.taskFile.read()
    const parsed = TaskDocument.parse(text, display, this.doc.formatOptions)
    if (!parsed.ok)
      throw new Error(
        `${display} is not valid after merging with the remote: ${parsed.problems.map(p => p.message).join('; ')}`
      )
    this.doc = parsed.document
    // Each side of a merge wrote its own root status; the merged tasks decide it.
    this.doc.data.status = rootStatus(this.doc.data.tasks)
  }

  /** Prepares the file for the run: stale in_progress tasks are resumed, failed ones retried on request. */
  private async prepare(): Promise<void> {
    let changed = false
    for (const task of this.doc.data.tasks) {
      const reopen = reopenAtStart(task, this.options.limits.retryFailed, this.scheduler)
      if (reopen === 'resume') markPending(task)
      else if (reopen === 'retry') reopenFailed(task)
      else continue
      this.log('info', describeNotice({ type: reopen === 'resume' ? 'resumed' : 'retried' }), task.id)
      changed = true
    }
    if (changed) await this.save()
  }

  /** The run's scope must name tasks that can run; otherwise nothing runs and nothing is written. */
  private checkScope(): void {
    const { only, limits } = this.options
    const problems = scopeProblems(this.doc.data.tasks, only, limits.retryFailed)
    if (problems.length)
      throw new RunSetupError(describeScopeProblems(problems, this.options.taskFileDisplay))
  }

  async run(): Promise<RunReport> {
    this.checkScope()
    await this.prepare()
    const graph = new TaskGraph(this.doc.data.tasks)
    this.options.observer.emit({
      type: 'run-started',
      project: this.doc.data.project,
      ready: graph.ready(),
      total: this.doc.data.tasks.length
    })

    const parallel = this.scheduler.parallel
    if (parallel > 1 && !this.options.workspaces)
      throw new RunSetupError('parallel runs need a workspace port (git worktrees)')
    const running = new Map<string, Promise<void>>()
    let fatal: unknown
    try {
      for (;;) {
        while (!this.stop && fatal === undefined && this.slots.available) {
          const id = this.pickNext()
          if (id === undefined) break
          const promised = this.promiseFirstShare(this.slots.used)
          this.scheduler.markStarted(id)
          this.slots.take()
          const task = this.runTask(id, parallel > 1, new SlotHold(this.slots), promised)
            .catch(error => {
              // A git or file failure: stop everything, keep what is recorded, report it.
              fatal ??= error
              this.halt({ kind: 'error', message: messageOf(error) })
            })
            .finally(() => running.delete(id))
          running.set(id, task)
        }
        if (running.size === 0) break
        // A task ending, or one giving its slot back before its commit (parallel runs), lets the next start.
        await Promise.race([...running.values(), this.wakeup.next()])
      }
    } finally {
      await Promise.allSettled(running.values())
      await this.options.workspaces?.cleanup()
    }
    if (fatal !== undefined) {
      await this.leaveStateAfterFailure()
      throw fatal
    }
    await this.recordFinalState()
    const report = this.report()
    this.options.observer.emit({ type: 'run-finished', report })
    return report
  }

  /** The next task to start, or undefined when none may start now (the run halts when a limit says so). */
  private pickNext(): string | undefined {
    if (this.signal.aborted) {
      this.halt({ kind: 'cancelled', message: CANCELLED })
      return undefined
    }
    const id = this.scheduler.next(this.doc.data.tasks, this.recording)
    if (id === undefined) return undefined
    const { maxTasks, maxBudgetUsd } = this.options.limits
    if (maxTasks !== undefined && this.scheduler.startedCount >= maxTasks) {
      this.halt({ kind: 'max-tasks', message: describeNotice({ type: 'max-tasks', maxTasks }) })
      return undefined
    }
    if (maxBudgetUsd !== undefined && this.budget.exhausted) {
      this.halt({ kind: 'budget', message: this.budgetSpentMessage(maxBudgetUsd) })
      return undefined
    }
    return id
  }

  /**
   * The first attempt's share of the run's budget, promised now, while the picks of this round happen: read
   * later, the number of tasks sharing it would already have changed.
   */
  private promiseFirstShare(runningCount: number): { usd: number } | undefined {
    if (this.options.limits.maxBudgetUsd === undefined) return undefined
    const waiting = this.scheduler.waiting(this.doc.data.tasks, this.recording).length
    const promised = { usd: this.budget.share(this.scheduler.parallel - runningCount, waiting) }
    this.budget.reserve(promised.usd)
    return promised
  }

  /** After a git or file failure, leave the file true and the repository clean if we still can. */
  private async leaveStateAfterFailure(): Promise<void> {
    try {
      await this.repoLocked(async () => {
        await this.stateLocked(async () => {
          // Tasks that were running are pending.
          for (const task of this.doc.data.tasks)
            if (task.status === 'in_progress' && this.scheduler.hasStarted(task.id)) markPending(task)
          await this.save()
        })
        await this.options.repo.recordState('taskmesh: update task state — error')
      })
    } catch {
      // the original error says more
    }
  }

  /**
   * Anything written but not yet committed (a stop, a resumed task, a final log line) gets a state commit,
   * so the repository is left clean and the remote holds the truth.
   */
  private async recordFinalState(): Promise<void> {
    if (this.stop)
      this.recordOutcome({ type: 'stop', kind: this.stop.kind, message: this.stop.message }, this.stopTaskId)
    // The last task's commit hash is still pending (a commit cannot hold its own hash): the final state
    // commit records it, so task.json alone tells which commit holds each task.
    if (this.pendingCommitFields.size === 0 && !this.doc.changed && !this.stop) return
    const onlyCommits = !this.stop && !this.doc.changed ? [...this.pendingCommitFields.keys()] : []
    await this.save()
    await this.record(hooks =>
      this.options.repo.recordState(
        onlyCommits.length
          ? `taskmesh: record the commit of ${onlyCommits.join(', ')} in the task file`
          : `taskmesh: update task state${this.stop ? ` — ${this.stop.kind}` : ''}`,
        hooks
      )
    )
  }

  private budgetSpentMessage(maxBudgetUsd: number): string {
    return describeNotice({ type: 'budget-spent', maxBudgetUsd, spentUsd: this.budget.spentUsd })
  }

  private halt(reason: StopReason): void {
    if (this.stop) return
    this.stop = reason
    this.options.observer.emit({ type: 'run-stopped', reason })
    // Bad credentials fail every task alike, and a cancel means now: end the other running tasks too
    // (they go back to pending). A rate limit or a spent budget lets running tasks finish.
    if (reason.kind === 'credentials' || reason.kind === 'cancelled' || reason.kind === 'error')
      this.stopAll.abort()
  }

  /** A commit and push through the repository port; the document follows a merge with others' updates. */
  private async record(
    commit: (hooks: RecordHooks) => Promise<RecordResult>,
    committed: () => void = () => {}
  ): Promise<string | null> {
    let reread = false
    const result = await commit({
      committed,
      exclusive: bringIn =>
        this.stateLocked(async () => {
          const brought = await bringIn()
          await this.reloadAfterMerge()
          reread = true
          return brought
        })
    })
    if (result.taskFileMerged && !reread) await this.reloadAfterMerge()
    return result.commit
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
      taskFile: this.options.taskFileDisplay,
      info: this.info,
      startedAt: this.startedAt,
      stopReason: this.stop,
      logs: this.runLogs,
      commitUrlBase: this.options.commitUrlBase,
      pendingCommits: this.pendingCommitFields,
      sandbox: this.options.sandbox
    })
  }

  /** The run's own working tree, for sequential runs. */
  private mainWorkspace(): TaskWorkspace {
    const repo = this.options.repo
    return {
      cwd: this.options.cwd,
      snapshot: () => repo.snapshot(),
      changedFiles: since => repo.changedFiles(since),
      restore: since => repo.restore(since),
      dispose: async () => {}
    }
  }

  /**
   * `slot`: taken when the task was picked, given back when it ends (earlier in parallel runs, see slots.ts).
   * `promised`: the first attempt's share of the run's budget, already reserved (released if unused).
   */
  private async runTask(
    id: string,
    isolated: boolean,
    slot: SlotHold,
    promised?: { usd: number }
  ): Promise<void> {
    // Not under the lock: a task is picked only once its dependencies' commits are made (see recording), and
    // the head it starts from may hold more than that (a task committed meanwhile): its patch still applies.
    const workspaces = this.options.workspaces
    try {
      const workspace = isolated && workspaces ? await workspaces.open(id) : this.mainWorkspace()
      try {
        this.infoFor(id).ran = true
        const snapshot = await workspace.snapshot()
        const task = this.task(id)
        await this.runAttempts({
          id,
          workspace,
          isolated,
          maxAttempts: task.maxAttempts ?? this.options.limits.maxAttempts,
          timeoutMs:
            task.timeoutMinutes !== undefined
              ? Math.round(task.timeoutMinutes * 60_000)
              : this.options.limits.taskTimeoutMs,
          startedAtBefore: task.startedAt,
          promised,
          slot,
          snapshot,
          attempt: 0,
          continues: false,
          spending: { costUsd: 0, turns: 0, durationMs: 0 }
        })
      } finally {
        await workspace.dispose()
      }
    } finally {
      slot.release()
      // Never used (the task ended before its first attempt): give the promise back.
      if (promised) this.budget.release(promised.usd)
    }
  }

  /** The task's attempts until one succeeds, the task fails, or the run stops. */
  private async runAttempts(run: TaskRun): Promise<void> {
    while (run.attempt < run.maxAttempts) {
      run.attempt++
      await run.slot.retake()
      await this.beginAttempt(run)
      const end = await this.attempt(run)
      if (end.outcome.ok) {
        // The slot goes to the next task now, unless this one makes others ready: then it is kept until the
        // commit is made (settle), so the task it unlocks (on the critical path, as a rule) gets it rather
        // than wait behind one started meanwhile. A sequential run's next task needs this one's commit
        // first: they share the working tree.
        if (run.isolated && !this.unlocksOthers(run.id)) run.slot.release()
        const completed = await this.complete(run, end)
        if (completed.ok) return
        end.outcome = { ok: false, kind: 'conflict', reason: completed.reason }
      }
      const after = await this.afterFailure(run, end)
      if (after === 'stopped') return
      if (after === 'give-up') break
    }
    await this.fail(run)
  }

  /** The task is in_progress with one more attempt, in the file, before Claude starts. */
  private async beginAttempt(run: TaskRun): Promise<void> {
    // Under the state lock: a merge with others' updates may replace the document at any await.
    await this.stateLocked(async () => {
      const task = this.task(run.id)
      startAttempt(task, { firstOfRun: run.attempt === 1, now: this.now() })
      // The group header first, so the task's own log lines land inside its group.
      this.options.observer.emit({
        type: 'attempt-started',
        taskId: run.id,
        title: task.title ?? task.description.split('\n')[0],
        attempt: run.attempt,
        maxAttempts: run.maxAttempts
      })
      // The live log shows it as the group heading (▶ id · title (attempt n/m)).
      this.recordLog('info', `attempt ${run.attempt}/${run.maxAttempts} started`, run.id)
      await this.save()
    })
  }

  /**
   * The attempt's spending cap: at most what remains of the task's own cap and of the run's share (the
   * first attempt's was promised when the task was picked, a retry asks anew).
   */
  private attemptBudget(run: TaskRun, task: Task): number | undefined {
    const caps: number[] = []
    if (task.maxBudgetUsd !== undefined)
      caps.push(task.maxBudgetUsd - (task.costUsd ?? 0) - run.spending.costUsd)
    if (run.promised && run.attempt === 1) {
      this.budget.release(run.promised.usd)
      caps.push(run.promised.usd)
      run.promised.usd = 0
    } else if (this.options.limits.maxBudgetUsd !== undefined)
      caps.push(
        this.budget.share(
          this.scheduler.parallel - this.budget.attemptsRunning,
          this.scheduler.waiting(this.doc.data.tasks, this.recording).length + 1
        )
      )
    return attemptCap(caps)
  }

  /** One attempt: Claude and verify, what it cost, and whether its outputs may be committed. */
  private async attempt(run: TaskRun): Promise<AttemptEnd> {
    const { id, workspace } = run
    const task = this.task(id)
    const budget = this.attemptBudget(run, task)
    this.budget.attemptStarted(budget ?? 0)
    const { taskDefaults } = this.options
    const startedAt = this.clock.now()
    const result = await this.attempts.run({
      taskId: id,
      task,
      prompt: this.prompt(run, task),
      workspace,
      writableRoot: workspace.root ?? this.options.repoRoot ?? workspace.cwd,
      attemptNumber: task.attempts ?? run.attempt,
      model: task.model ?? taskDefaults.model,
      maxTurns: task.maxTurns ?? taskDefaults.maxTurns,
      allowedTools: task.allowedTools ?? taskDefaults.allowedTools,
      timeoutMs: run.timeoutMs,
      budget,
      info: this.infoFor(id),
      afterClaude: () => (run.isolated ? Promise.resolve() : this.stateLocked(() => this.guardTaskFile(id)))
    })
    this.budget.attemptEnded(budget ?? 0, result.costUsd)
    run.spending.costUsd += result.costUsd
    this.infoFor(id).costUsd += result.costUsd
    if (result.sessionId) run.spending.sessionId = result.sessionId
    if (result.finalMessage !== undefined) run.finalMessage = result.finalMessage
    let outcome = result.outcome
    // A stop (another task's 401, a cancel) ended this attempt: that is not the task's failure.
    if (!outcome.ok && this.signal.aborted && outcome.kind !== 'cancelled')
      outcome = { ok: false, kind: 'cancelled', reason: this.stop?.message ?? CANCELLED }
    run.spending.turns += result.turns

    let outputs: string[] = []
    if (outcome.ok) {
      outputs = await workspace.changedFiles(run.snapshot)
      const root = workspace.root ?? this.options.repoRoot
      const containsSecret = this.options.containsSecret
      const leaked =
        root && containsSecret
          ? await filesWithSecrets(this.options.producedFiles, root, outputs, containsSecret)
          : []
      if (leaked.length) outcome = leakedSecretOutcome(leaked)
    }
    return { ...result, outcome, startedAt, outputs }
  }

  private prompt(run: TaskRun, task: Task): string {
    const { cwd, taskFilePath, feedback } = this.options
    return buildPrompt({
      file: this.doc.data,
      task,
      dependencies: (task.dependencies ?? []).map(d => this.doc.task(d)).filter((d): d is Task => !!d),
      taskFileName: path.relative(cwd, taskFilePath) || path.basename(taskFilePath),
      attempt: run.attempt,
      maxAttempts: run.maxAttempts,
      previousFailure: run.previousFailure,
      continuesPreviousAttempt: run.continues,
      feedback: feedback?.get(run.id)
    })
  }

  /**
   * The attempt succeeded: its files are brought onto the run's tree (parallel runs), the task is completed
   * in the file and committed. A conflict with work brought in meanwhile is the attempt's failure.
   */
  private async complete(
    run: TaskRun,
    end: AttemptEnd
  ): Promise<{ ok: true } | { ok: false; reason: string }> {
    const { id, workspace } = run
    // Taking the files from the task's own worktree needs no lock: only bringing them over does. Tasks that
    // end together then queue for the lock with less work each.
    const integration = workspace.integrate ? await workspace.integrate(end.outputs, run.snapshot) : undefined
    return this.repoLocked(async () => {
      if (integration) {
        const integrated = await integration.apply()
        if (!integrated.ok) return integrated
      }
      // Completed in the document from here, but its dependents wait for the commit (see recording).
      this.recording.add(id)
      try {
        await this.stateLocked(async () => {
          run.spending.durationMs += this.clock.now() - end.startedAt
          this.emitAttempt(run, { ok: true }, { kind: 'done' }, end, this.clock.now() - end.startedAt)
          const task = this.task(id)
          completeTask(task, {
            now: this.now(),
            outputs: end.outputs,
            keepEarlierOutputs: this.options.feedback?.has(id) ?? false,
            result: this.finalResult(run)
          })
          addSpending(task, run.spending)
          this.recordOutcome(
            { type: 'task', status: 'completed', attempts: run.attempt, maxAttempts: run.maxAttempts },
            id
          )
          await this.save()
        })
        await this.finishTask(
          id,
          'completed',
          end.outputs,
          { attempts: run.attempt, maxAttempts: run.maxAttempts },
          () => this.settle(run)
        )
      } finally {
        this.settle(run)
      }
      return { ok: true as const }
    })
  }

  /** The task's commit is made: its dependents may start (in its slot, when it kept it for them). */
  private settle(run: TaskRun): void {
    if (run.isolated) run.slot.release()
    if (this.recording.delete(run.id)) this.wakeup.fire()
  }

  /** Whether the task's completion makes a task ready that this run may start. */
  private unlocksOthers(id: string): boolean {
    const graph = new TaskGraph(this.doc.data.tasks)
    return graph
      .dependents(id)
      .some(
        d =>
          !this.scheduler.hasStarted(d) &&
          this.scheduler.inScope(d) &&
          graph.dependencies(d).every(x => x === id || graph.status(x) === 'completed')
      )
  }

  /**
   * After a failed attempt: decide what follows (see nextStep) and do it — stop the run, give up, or prepare
   * the next attempt (a clean tree or not, after a wait or not).
   */
  private async afterFailure(run: TaskRun, end: AttemptEnd): Promise<'stopped' | 'give-up' | 'retry'> {
    if (end.outcome.ok) throw new Error('afterFailure called for a successful attempt')
    const attemptMs = this.clock.now() - end.startedAt
    run.spending.durationMs += attemptMs
    const lastFailure = { kind: end.outcome.kind, reason: this.redact(end.outcome.reason) }
    run.lastFailure = lastFailure
    const budgetSpent = lastFailure.kind === 'budget' && this.budget.spentOut
    const next = nextStep({
      kind: lastFailure.kind,
      attempt: run.attempt,
      maxAttempts: run.maxAttempts,
      budgetSpent,
      backoffMs: this.options.backoffMs
    })
    const failed: Outcome = { ok: false, ...lastFailure }
    this.emitAttempt(run, failed, next, end, attemptMs)
    if (next.kind === 'stop') {
      await this.stopTask(run, failed, next, end)
      return 'stopped'
    }
    this.recordOutcome(
      { type: 'attempt', outcome: failed, attempt: run.attempt, maxAttempts: run.maxAttempts, next },
      run.id
    )
    run.previousFailure = lastFailure.reason
    if (next.kind !== 'retry') return 'give-up'
    run.continues = next.keepsChanges
    if (!run.continues) await this.cleanTree(run)
    if (next.waitMs !== undefined) await this.clock.sleep(next.waitMs, this.signal)
    if (this.signal.aborted) {
      await run.workspace.restore(run.snapshot)
      await this.stateLocked(async () => {
        markPending(this.task(run.id))
        await this.save()
      })
      this.halt({ kind: 'cancelled', message: CANCELLED })
      return 'stopped'
    }
    return 'retry'
  }

  /** Before a retry from a clean tree. */
  private async cleanTree(run: TaskRun): Promise<void> {
    const workspace = run.workspace
    // A worktree starts again from the run's current head, which holds the work brought in meanwhile.
    if (workspace.refresh) {
      const refresh = workspace.refresh
      await this.repoLocked(() => refresh())
      run.snapshot = await workspace.snapshot()
    } else await workspace.restore(run.snapshot)
  }

  /** The run stops during the attempt. Not the task's fault: it is put back as it was (money spent stays). */
  private async stopTask(
    run: TaskRun,
    failed: Outcome & { ok: false },
    next: NextStep & { kind: 'stop' },
    end: AttemptEnd
  ): Promise<void> {
    const { id } = run
    await run.workspace.restore(run.snapshot)
    await this.stateLocked(async () => {
      const task = this.task(id)
      returnAttempt(task, { counted: next.counted, startedAtBefore: run.startedAtBefore })
      if (end.costUsd > 0) addSpending(task, run.spending)
      this.recordOutcome(
        { type: 'attempt', outcome: failed, attempt: run.attempt, maxAttempts: run.maxAttempts, next },
        id
      )
      await this.save()
    })
    if (!this.stop) this.stopTaskId = id
    const maxBudgetUsd = this.options.limits.maxBudgetUsd
    this.halt({
      kind: stopKind(failed.kind, next.counted),
      // The task hit what was left of the run's budget: say that the run's budget is spent.
      message:
        next.counted && maxBudgetUsd !== undefined
          ? `${this.budgetSpentMessage(maxBudgetUsd)} (${failed.reason})`
          : failed.reason
    })
  }

  /** Out of attempts: failed, with the partial work removed (a failed task's commit holds only its state). */
  private async fail(run: TaskRun): Promise<void> {
    const { id } = run
    await run.workspace.restore(run.snapshot)
    await this.repoLocked(async () => {
      const counts = { attempts: run.attempt, maxAttempts: run.maxAttempts }
      const kind = run.lastFailure?.kind
      await this.stateLocked(async () => {
        const task = this.task(id)
        // A failed redo leaves the earlier work in place (restored above): its files are still the task's.
        failTask(task, {
          now: this.now(),
          error: truncate(run.lastFailure?.reason ?? 'failed', MAX_ERROR_CHARS),
          keepEarlierOutputs: this.options.feedback?.has(id) ?? false,
          result: this.finalResult(run)
        })
        addSpending(task, run.spending)
        this.recordOutcome(
          { type: 'task', status: 'failed', ...counts, kind, reason: task.error ?? undefined },
          id
        )
        const blocked = new TaskGraph(this.doc.data.tasks).blocked()
        if (blocked.size) this.log('warning', `blocked by this failure: ${[...blocked].join(', ')}`, id)
        await this.save()
      })
      await this.finishTask(id, 'failed', [], { ...counts, failureKind: kind })
    })
  }

  /** Claude's final message as the task file keeps it (redacted, shortened). */
  private finalResult(run: TaskRun): string | undefined {
    return run.finalMessage !== undefined
      ? truncate(this.redact(run.finalMessage), MAX_RESULT_CHARS)
      : undefined
  }

  private emitAttempt(
    run: TaskRun,
    outcome: Outcome,
    next: NextStep,
    end: AttemptResult,
    durationMs: number
  ) {
    this.options.observer.emit({
      type: 'attempt-finished',
      taskId: run.id,
      attempt: run.attempt,
      maxAttempts: run.maxAttempts,
      ok: outcome.ok,
      kind: outcome.ok ? undefined : outcome.kind,
      reason: outcome.ok ? undefined : this.redact(outcome.reason),
      next,
      costUsd: end.costUsd,
      turns: end.turns,
      durationMs
    })
  }

  /** The task ended (completed or failed) in this run: observers hear it, the repository records it. */
  private async finishTask(
    id: string,
    status: 'completed' | 'failed',
    outputs: string[],
    run: { attempts: number; maxAttempts: number; failureKind?: FailureKind },
    committed?: () => void
  ): Promise<void> {
    const task = this.task(id)
    this.options.observer.emit({
      type: 'task-finished',
      taskId: id,
      status,
      attempts: task.attempts ?? 0,
      durationMs: task.durationMs ?? 0,
      turns: task.turns ?? 0,
      costUsd: task.costUsd ?? 0,
      outputs,
      error: task.error ?? undefined,
      attemptsThisRun: run.attempts,
      maxAttempts: run.maxAttempts,
      failureKind: run.failureKind
    })
    const commit = await this.record(
      hooks =>
        this.options.repo.recordTask(
          {
            taskId: id,
            status,
            title: task.title ?? task.description,
            attempts: task.attempts ?? 0,
            costUsd: task.costUsd ?? 0,
            files: outputs
          },
          hooks
        ),
      committed
    )
    // The task file was committed before its commit existed: the hash goes in with the next state write.
    if (commit) {
      this.pendingCommitFields.set(id, commit)
      this.options.observer.emit({ type: 'task-committed', taskId: id, commit })
    }
  }

  /** Adds a command's refused connections to the task's, with a log line a user can act on. */
  private recordDenied(id: string, denied: DeniedHost[], who: string): void {
    if (!denied.length) return
    const info = this.infoFor(id)
    for (const d of denied) {
      const host = this.redact(d.host)
      info.denied.set(host, (info.denied.get(host) ?? 0) + d.count)
    }
    const notice: RunNotice = {
      type: 'sandbox-denied',
      who,
      connections: denied.reduce((n, d) => n + d.count, 0),
      hosts: this.redact(denied.map(d => `${d.host}${d.count > 1 ? ` (${d.count}×)` : ''}`).join(', '))
    }
    this.log('warning', describeNotice(notice), id)
  }
}

function stopKind(kind: FailureKind, budgetSpent: boolean): StopReason['kind'] {
  if (budgetSpent) return 'budget'
  if (kind === 'credentials') return 'credentials'
  if (kind === 'rate-limit') return 'rate-limit'
  if (kind === 'cancelled') return 'cancelled'
  return 'error'
}
