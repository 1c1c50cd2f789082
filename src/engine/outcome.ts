/**
 * What an attempt came to, as the engine's rules read it: the kinds of failure, and what each one means for
 * the working tree and for the run. Turning a CLI exit into an outcome is the Claude adapter's (see
 * src/infra/claude/classify.ts).
 */
export type FailureKind =
  /** 401/403: no later task can succeed either — stop the run, keep the attempt unused. */
  | 'credentials'
  /** 429 or a usage limit: stop starting tasks, keep the attempt unused. */
  | 'rate-limit'
  /** 5xx / overloaded: retry after a backoff. */
  | 'transient'
  /**
   * The API refused the request as larger than the model's context (HTTP 400 "prompt is too long"): the
   * next attempt would send the same prompt, so the task fails at once.
   */
  | 'prompt-too-long'
  | 'max-turns'
  | 'budget'
  | 'timeout'
  | 'cancelled'
  | 'verify'
  /** Parallel runs: the task's changes conflict with work brought onto the branch meanwhile. */
  | 'conflict'
  /** The CLI could not be started at all (not found, not executable). Stops the run. */
  | 'setup'
  | 'error'

export type Outcome = { ok: true } | { ok: false; kind: FailureKind; reason: string }

/** Failure kinds after which the working tree is reset before the next attempt (a failed verify keeps it). */
export function resetsWorkTree(kind: FailureKind): boolean {
  return kind !== 'verify'
}

/** Failure kinds that end the whole run; the running task goes back to pending with its attempt unused. */
export function stopsRun(kind: FailureKind): boolean {
  return kind === 'credentials' || kind === 'rate-limit' || kind === 'setup' || kind === 'cancelled'
}
