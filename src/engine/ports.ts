/**
 * Everything the engine reaches outside itself, declared in one place: the repository, the task's working
 * tree, Claude Code, the `verify` command, the files on disk and the clock. The action and the local
 * command pass implementations over git and the real programs (src/persist/, src/infra/); the engine's own
 * tests pass fakes. The engine imports nothing else that touches the outside world.
 */
import type { ClaudeEvent, ResultEvent } from './claude-events.js'
import type { Outcome } from './outcome.js'
import type { TaskDocument } from '../taskfile/document.js'

/** How the engine reaches the repository. The action and the local command both implement it over git. */
export interface RepoPort {
  /** Marks the state of the working tree when a task starts; the token is given back to the calls below. */
  snapshot(): Promise<string>
  /** Files added, changed, deleted or renamed since the snapshot (never the task file). */
  changedFiles(since: string): Promise<string[]>
  /** Puts the working tree back to the snapshot, except the task file. */
  restore(since: string): Promise<void>
  /** Commits (and pushes) a finished task. `taskFileMerged`: the task file on disk now also holds others' updates. */
  recordTask(task: RecordedTask, hooks?: RecordHooks): Promise<RecordResult>
  /** Commits (and pushes) a state-only change of the task file, when there is one. */
  recordState(message: string, hooks?: RecordHooks): Promise<RecordResult>
}

/**
 * What the engine offers a recording, so that other tasks need not wait for all of it: the state writes of
 * tasks starting go on during the push, and a finished task's dependents start from its local commit.
 */
export interface RecordHooks {
  /** The commit is made (the push follows). */
  committed(): void
  /**
   * Runs `bringIn` (the remote moved: bringing it in rewrites the task file on disk) while nothing else
   * writes the task file; the engine reads the file again right after it.
   */
  exclusive<T>(bringIn: () => Promise<T>): Promise<T>
}

export interface RecordResult {
  commit: string | null
  taskFileMerged: boolean
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

/** A host the sandbox refused, and how often, during one contained command. */
export interface DeniedHost {
  /** `host:port` as the command asked for it. */
  host: string
  count: number
}

/** One Claude Code session for one attempt. Which flags, environment and sandbox: the adapter's settings. */
export interface ClaudeRequest {
  prompt: string
  cwd: string
  /** The only folder a contained CLI may write to: the task's working tree. */
  writableRoot: string
  model?: string
  maxTurns: number
  /** The attempt's spending cap, when the run or the task has a budget. */
  maxBudgetUsd?: number
  allowedTools: string[]
  timeoutMs: number
  /** Where the raw stream goes (its folder may not exist yet). */
  transcriptPath: string
  /** Applied to the transcript before it reaches the disk; absent: the bytes are kept raw. */
  redactTranscript?: (text: string) => string
  onEvent(event: ClaudeEvent): void
  /** Abort = stop the CLI cleanly, like a timeout. */
  signal: AbortSignal
  heartbeatMs: number
  /** Called when the CLI printed nothing for `heartbeatMs`. */
  onHeartbeat(): void
}

export interface ClaudeAttempt {
  /** How the session ended, classified (see FailureKind); the reasons are the adapter's words. */
  outcome: Outcome
  /** The session's last `result` line, if one arrived (cost, turns, usage, Claude's final message). */
  result: ResultEvent | null
  /** Connections the sandbox refused (contained runs only). */
  denied?: DeniedHost[]
}

export interface ClaudePort {
  run(request: ClaudeRequest): Promise<ClaudeAttempt>
}

/** A task's `verify` command: a string for `sh -c`, an array run without a shell. */
export interface VerifyRequest {
  command: string | string[]
  cwd: string
  /** The only folder a contained command may write to. */
  writableRoot: string
  timeoutMs: number
  signal: AbortSignal
}

export interface VerifyRun {
  exitCode: number | null
  timedOut: boolean
  /** The last lines of stdout and stderr together. */
  output: string
  denied?: DeniedHost[]
}

export interface VerifyPort {
  run(request: VerifyRequest): Promise<VerifyRun>
}

/** The task file on disk: the engine's state, written before and after every attempt. */
export interface TaskFilePort {
  /** The file's text as it is on disk now (rejects when it cannot be read). */
  read(): Promise<string>
  /** Writes the document atomically if it changed; `force`: also when it did not (to undo an edit on disk). */
  write(doc: TaskDocument, options?: { force?: boolean }): Promise<void>
}

/** The files a task produced, read for the secret scan before they are committed. */
export interface ProducedFilesPort {
  /** `file` (relative to `root`) as text; null when it is gone, not a regular file or over `maxBytes`. */
  read(root: string, file: string, maxBytes: number): Promise<string | null>
}

/** Time, for durations, timestamps and the wait before a retry. */
export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number
  /** Resolves after `ms`, or at once when `signal` aborts. */
  sleep(ms: number, signal: AbortSignal): Promise<void>
}
