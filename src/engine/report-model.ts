/**
 * What a finished (or stopped) run looks like to the reports: the job summary, the pull-request body,
 * the terminal report and the step outputs all render this one structure.
 */
import type { LogEntry, TaskStatus } from '../taskfile/schema.js'

/** `blocked` is derived: the task is pending but depends, directly or not, on a failed task. */
export type ReportStatus = TaskStatus | 'blocked'

export interface TaskReport {
  id: string
  title?: string
  description: string
  status: ReportStatus
  dependencies: string[]
  attempts: number
  costUsd: number
  durationMs: number
  turns: number
  inputTokens: number
  outputTokens: number
  outputs: string[]
  commit?: string
  error?: string
  /** Claude's final message. */
  result?: string
  /** Short lines of what Claude did this run (`Write src/a.js`, `Bash npm test`, …), oldest first. */
  timeline: string[]
  /** 1-based line of the task's object in the task file, for annotations. */
  line?: number
  /** Whether the task was attempted in this run. */
  ranThisRun: boolean
  /** Connections the sandbox refused to this task's Claude and `verify` in this run, by host. */
  deniedHosts?: { host: string; count: number }[]
}

/** How the run's commands were contained (src/infra/sandbox/). */
export interface SandboxReport {
  /** `uncontained`: `sandbox: auto` could not set it up here and ran the tasks without it. */
  state: 'contained' | 'off' | 'uncontained'
  /** Why not contained. */
  reason?: string
  /** host:port entries Claude and `verify` could reach. */
  allow?: string[]
  /** Refused connections over the run: host, attempts, tasks. */
  denied: { host: string; count: number; tasks: string[] }[]
}

export type StopKind = 'budget' | 'rate-limit' | 'credentials' | 'max-tasks' | 'cancelled' | 'error'

export interface StopReason {
  kind: StopKind
  message: string
}

export interface RunReport {
  project: string
  description?: string
  mode: 'run' | 'plan' | 'decompose'
  /** Path of the task file relative to the workspace, as users know it. */
  taskFile: string
  startedAt: string
  finishedAt: string
  wallMs: number
  tasks: TaskReport[]
  totals: {
    completed: number
    failed: number
    pending: number
    inProgress: number
    blocked: number
    costUsd: number
    inputTokens: number
    outputTokens: number
  }
  stopReason?: StopReason
  /** Log entries appended during this run. */
  logs: LogEntry[]
  /** Base URL for commit links, e.g. `https://github.com/owner/repo/commit/`; absent outside Actions. */
  commitUrlBase?: string
  /** Absent where no sandbox setting applies (plan mode, older callers). */
  sandbox?: SandboxReport
}
