/**
 * What the engine tells its observers. The engine never writes to the terminal or to @actions/core:
 * the live log, the job summary, the pull-request body and the local command all read these facts.
 */
import type { ClaudeEvent } from './claude-events.js'
import type { FailureKind } from './outcome.js'
import type { NextStep } from '../report/outcome-words.js'
import type { TaskStatus } from '../taskfile/schema.js'
import type { RunReport, StopReason } from './report-model.js'

export type LogLevel = 'debug' | 'info' | 'warning' | 'error'

export type RunEvent =
  | { type: 'run-started'; project: string; ready: string[]; total: number }
  | {
      type: 'attempt-started'
      taskId: string
      title: string
      attempt: number
      maxAttempts: number
    }
  | { type: 'claude'; taskId: string; event: ClaudeEvent }
  /** Nothing printed by the CLI for a while: proof of life with progress so far. */
  | { type: 'heartbeat'; taskId: string; elapsedMs: number; turns: number; costUsd: number }
  | { type: 'verify-started'; taskId: string; command: string }
  | { type: 'verify-finished'; taskId: string; command: string; exitCode: number; output: string }
  | {
      type: 'attempt-finished'
      taskId: string
      attempt: number
      maxAttempts: number
      ok: boolean
      /** What kind of failure it was (see FailureKind). */
      kind?: FailureKind
      /** Why it failed, in words a person can act on. */
      reason?: string
      /** What the engine does next: retry (after a pause or not), give up, or stop the run. */
      next: NextStep
      costUsd: number
      turns: number
      durationMs: number
    }
  | {
      type: 'task-finished'
      taskId: string
      status: TaskStatus
      attempts: number
      durationMs: number
      turns: number
      costUsd: number
      outputs: string[]
      error?: string
      /** Attempts the task had in this run (`attempts` counts every run's). */
      attemptsThisRun?: number
      /** Attempts the task was allowed in this run. */
      maxAttempts?: number
      /** Why it failed (failed tasks). */
      failureKind?: FailureKind
    }
  | { type: 'task-committed'; taskId: string; commit: string }
  | { type: 'pushed'; branch: string; sha: string }
  | { type: 'log'; level: LogLevel; message: string; taskId?: string }
  | { type: 'run-stopped'; reason: StopReason }
  | { type: 'run-finished'; report: RunReport }

export interface RunObserver {
  emit(event: RunEvent): void
}

/** Fans one event out to several observers; an observer that throws never breaks the run. */
export function combineObservers(...observers: RunObserver[]): RunObserver {
  return {
    emit(event) {
      for (const o of observers) {
        try {
          o.emit(event)
        } catch {
          // A broken log line must not lose task state.
        }
      }
    }
  }
}
