/**
 * The one place that turns an outcome into words. Every line that says how an attempt, a task or a run
 * ended — in the live log, in task.json's `logs`, in the summary's log section — is made here from the
 * outcome and from what the engine decided to do next, never from a second reading of the CLI's output.
 * So a failed API call cannot read as a success, and "retrying" appears only when a retry follows.
 */
import type { FailureKind, Outcome } from '../engine/outcome.js'
import type { StopKind } from '../engine/report-model.js'
import type { ScopeProblem } from '../plan/scheduler.js'
import { formatUsd } from './markdown.js'

/** What the engine does after an attempt: decided there, only stated here. */
export type NextStep =
  /** The attempt succeeded: the task is completed. */
  | { kind: 'done' }
  /** Another attempt follows, after `waitMs` (a transient API failure) and from this one's changes or not. */
  | { kind: 'retry'; waitMs?: number; keepsChanges: boolean }
  /** No further attempt: the task fails now (its last attempt, or a failure another try cannot change). */
  | { kind: 'give-up' }
  /** The run stops; the task goes back to pending, with the attempt counted or not. */
  | { kind: 'stop'; counted: boolean }

export type OutcomeFact =
  | { type: 'attempt'; outcome: Outcome; attempt: number; maxAttempts: number; next: NextStep }
  | {
      type: 'task'
      status: 'completed' | 'failed' | 'pending' | 'in_progress'
      attempts: number
      /** The task's attempts allowed in this run, when known. */
      maxAttempts?: number
      /** Why it failed (failed tasks). */
      kind?: FailureKind
      reason?: string
    }
  | { type: 'stop'; kind: StopKind; message: string }

export interface OutcomeWords {
  level: 'info' | 'warning' | 'error'
  /** The symbol shown before the text in the live log. */
  mark: string
  /** The words, without the symbol (what task.json's logs hold). */
  text: string
  /** False when the line would only repeat what the next one says (the live log leaves it out). */
  live: boolean
}

/** Short names of failure kinds, for the places that name the kind beside the reason. */
const KIND_WORDS: Record<FailureKind, string> = {
  credentials: 'credentials refused',
  'rate-limit': 'rate or usage limit',
  transient: 'API error, may pass',
  'prompt-too-long': 'prompt too long for the model',
  'max-turns': 'turn limit',
  budget: 'spending cap',
  timeout: 'timeout',
  cancelled: 'cancelled',
  verify: 'verify failed',
  conflict: 'conflict with parallel work',
  setup: 'Claude Code could not start',
  error: 'error'
}

/** Failures another attempt cannot change: the task fails at once, whatever attempts are left. */
export function retryable(kind: FailureKind): boolean {
  return kind !== 'prompt-too-long' && kind !== 'budget'
}

function seconds(ms: number): string {
  return ms < 1000 ? `${ms} ms` : `${Math.round(ms / 1000)} s`
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`
}

export function describeOutcome(fact: OutcomeFact): OutcomeWords {
  switch (fact.type) {
    case 'attempt': {
      const { outcome, attempt, maxAttempts, next } = fact
      const which = `attempt ${attempt}/${maxAttempts}`
      if (outcome.ok) return { level: 'info', mark: '✅', text: `${which} succeeded`, live: false }
      const failed = `${which} failed (${KIND_WORDS[outcome.kind]}): ${outcome.reason}`
      switch (next.kind) {
        case 'retry': {
          const when = next.waitMs ? ` in ${seconds(next.waitMs)}` : ''
          const from = next.keepsChanges ? ', keeping its changes' : ', from a clean tree'
          // What happens next comes before the reason, which may be long and is cut first in the log.
          return {
            level: 'warning',
            mark: '🔁',
            text: `${which} failed (${KIND_WORDS[outcome.kind]}); attempt ${attempt + 1}/${maxAttempts} follows${when}${from}: ${outcome.reason}`,
            live: true
          }
        }
        case 'stop': {
          const count = next.counted ? 'the attempt counts' : 'the attempt does not count'
          return {
            level: outcome.kind === 'credentials' || outcome.kind === 'setup' ? 'error' : 'warning',
            mark: '⏸️',
            text: `${which} ended (${KIND_WORDS[outcome.kind]}): the run stops; the task goes back to pending and ${count}`,
            live: true
          }
        }
        case 'give-up':
        case 'done':
          // The task's own line says it, with the reason: no second line with the same words.
          return { level: 'warning', mark: '❌', text: failed, live: false }
      }
      break
    }
    case 'task': {
      const { status, attempts, maxAttempts, kind, reason } = fact
      if (status === 'completed')
        return {
          level: 'info',
          mark: '✅',
          text: `completed in attempt ${attempts}${maxAttempts ? `/${maxAttempts}` : ''}`,
          live: true
        }
      if (status === 'failed') {
        const early =
          kind && !retryable(kind) && maxAttempts !== undefined && attempts < maxAttempts
            ? ` (not retried: ${kind === 'budget' ? 'no budget is left for it' : 'another attempt would send the same prompt'})`
            : ''
        return {
          level: 'error',
          mark: '❌',
          text: `failed after ${plural(attempts, 'attempt')}${early}${reason ? `: ${reason}` : ''}`,
          live: true
        }
      }
      return {
        level: 'warning',
        mark: '⏸️',
        text: `left ${status.replace('_', ' ')}${reason ? `: ${reason}` : ''}`,
        live: true
      }
    }
    case 'stop':
      return {
        level:
          fact.kind === 'credentials' || fact.kind === 'error'
            ? 'error'
            : fact.kind === 'max-tasks'
              ? 'info'
              : 'warning',
        mark: '⛔',
        text: `run stopped (${fact.kind}): ${fact.message}`,
        live: true
      }
  }
}

/**
 * What the engine noticed about the run or a task, beyond an attempt's outcome. The engine states the fact;
 * the words, which name the inputs and task fields a user sets, are made here.
 */
export type RunNotice =
  /** A task left in_progress by an interrupted run goes back to pending. */
  | { type: 'resumed' }
  /** A failed task goes back to pending because failed tasks are retried in this run. */
  | { type: 'retried' }
  /** The run started as many tasks as it may. */
  | { type: 'max-tasks'; maxTasks: number }
  /** The run's budget is spent. */
  | { type: 'budget-spent'; maxBudgetUsd: number; spentUsd: number }
  /** The task's own cap or the run's budget leaves nothing for another attempt. */
  | { type: 'no-budget-left' }
  /** The sandbox refused connections; `hosts` lists them (already redacted). */
  | { type: 'sandbox-denied'; who: string; connections: number; hosts: string }

export function describeNotice(notice: RunNotice): string {
  switch (notice.type) {
    case 'resumed':
      return 'found in_progress from an interrupted run; resuming it as pending'
    case 'retried':
      return 'retry-failed: failed task put back to pending'
    case 'max-tasks':
      return `max-tasks (${notice.maxTasks}) reached; the remaining ready tasks stay pending`
    case 'budget-spent':
      return `the run budget of ${formatUsd(notice.maxBudgetUsd)} (max-budget-usd) is spent (${formatUsd(notice.spentUsd)}); the remaining tasks stay pending`
    case 'no-budget-left':
      return 'no budget left for this task (maxBudgetUsd / max-budget-usd)'
    case 'sandbox-denied': {
      const what = notice.connections === 1 ? 'a connection' : `${notice.connections} connections`
      return `sandbox blocked ${what} from ${notice.who} to ${notice.hosts}; add the host to \`allowed-domains\` if the task needs it`
    }
  }
}

/** Why the tasks named in the `tasks` input cannot run, one line each. */
export function describeScopeProblems(problems: ScopeProblem[], taskFile: string): string {
  return problems
    .map(problem => {
      const task = `task "${problem.taskId}"`
      switch (problem.code) {
        case 'unknown':
          return `unknown task "${problem.taskId}" in the "tasks" input (not in ${taskFile})`
        case 'held':
          return `${task} is not run by Taskmesh: ${problem.reason}`
        case 'completed':
          return `${task} is already completed`
        case 'failed':
          return `${task} has failed; set retry-failed: true to run it again`
        case 'not-ready':
          return `${task} is not ready: it waits for ${problem.waitsFor.map(d => `"${d}"`).join(', ')}`
      }
    })
    .join('\n')
}
