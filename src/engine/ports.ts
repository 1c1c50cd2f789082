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
   * Worktrees only: takes the task's files from its worktree, to be brought onto the run's working tree by
   * the returned `apply` (the engine then commits them). Called outside the engine's repository lock (it
   * reads only the task's own worktree); `apply` is called under it. A conflict with work brought in
   * meanwhile fails the attempt with that reason.
   */
  integrate?(files: string[], since: string): Promise<Integration>
  /** Worktrees only: moves to the run's current head (dropping this attempt's changes) for a retry. */
  refresh?(): Promise<void>
  dispose(): Promise<void>
}

/** A finished task's files, taken from its worktree and ready to be brought onto the run's working tree. */
export interface Integration {
  apply(): Promise<{ ok: true } | { ok: false; reason: string }>
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
  /** The only folder a contained CLI may write to: the task's working tree. Absent (or `readOnly`): none. */
  writableRoot?: string
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
  /** Called when the CLI printed nothing for `heartbeatMs` (`idleMs`: how long it has been quiet). */
  onHeartbeat(idleMs: number): void
  /** A session that may only read: its own permission mode, and tools denied besides the run's. */
  readOnly?: { permissionMode: string; disallowedTools: string[] }
  /** A JSON schema the final answer must follow (`--json-schema`); the result's structuredOutput holds it. */
  jsonSchema?: string
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

// The GitHub API. Not the engine's: the modes use it (the pull request, dispatch-next, the review loop).
// Declared here so that every outside program's port is in this one file; infra/github implements it.

/** One repository, with one token (the frame adds the API URL and the secret guard). */
export interface GitHubTarget {
  token: string
  owner: string
  repo: string
}

/** The run's pull request, opened or updated (never a duplicate). */
export interface PullRequestRequest {
  /** Branch name in the same repository. */
  head: string
  base: string
  title: string
  body: string
  draft?: boolean
  labels?: string[]
}

export interface PullRequestResult {
  number: number
  url: string
  operation: 'created' | 'updated'
}

/** A workflow run started through workflow_dispatch. */
export interface WorkflowDispatch {
  /** Workflow file name (`taskmesh.yml`) or numeric id. */
  workflowId: string
  ref: string
  inputs?: Record<string, string>
}

/** A pull request as `mode: review` needs it. */
export interface ReviewPull {
  number: number
  url: string
  state: string
  merged: boolean
  headRef: string
  baseRef: string
  /** owner/name of the head and base repositories (null: the head repository was deleted). */
  headRepo: string | null
  baseRepo: string
  /** As webhook payloads describe them, for the untrusted-trigger policy. */
  raw: unknown
}

/** An inline comment of a review. */
export interface InlineComment {
  id: number
  url: string
  author: string
  authorIsBot: boolean
  body: string
  path?: string
  line?: number
  diffHunk?: string
  at: string
}

/**
 * The GitHub API for one repository. Every text it sends passes the run's secret guard; a failure rejects
 * with a message that says what could not be done, where, and the permission to give when that is why.
 */
export interface GitHubPort {
  /** Opens the pull request from `head` to `base`, or updates the open one (title, body, labels). */
  upsertPullRequest(request: PullRequestRequest): Promise<PullRequestResult>
  dispatchWorkflow(run: WorkflowDispatch): Promise<void>
  pull(number: number): Promise<ReviewPull>
  /** The inline comments of one review. */
  reviewComments(prNumber: number, reviewId: number): Promise<InlineComment[]>
  /** The user's role in the repository (`admin`, `write`, … or `none`). */
  role(login: string): Promise<string>
  /** Replies on an inline comment's thread; the reply's URL. */
  replyToComment(prNumber: number, commentId: number, body: string): Promise<string>
  /** Comments on the pull request; the comment's URL. */
  comment(prNumber: number, body: string): Promise<string>
  /** The bodies of the pull request's comments. */
  commentBodies(prNumber: number): Promise<string[]>
  /** The 👀 reaction on a review or a comment: seen, at work. */
  eyes(kind: 'review' | 'issue', commentId: number): Promise<void>
}
