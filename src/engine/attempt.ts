/**
 * One attempt at a task → its result: Claude Code through the Claude port, then the task's `verify`
 * through the verify port, and the scan of what it produced for the run's secrets. Also the rule that
 * decides what follows a failed attempt. What the attempt changes in the task file is the engine's.
 */
import path from 'node:path'
import type { ClaudeEvent } from './claude-events.js'
import type { RunObserver } from './events.js'
import { resetsWorkTree, stopsRun, type FailureKind, type Outcome } from './outcome.js'
import type { ClaudePort, Clock, DeniedHost, ProducedFilesPort, TaskWorkspace, VerifyPort } from './ports.js'
import type { TaskRunInfo } from './report.js'
import { describeNotice, retryable, type NextStep } from '../report/outcome-words.js'
import type { Task } from '../taskfile/schema.js'
import { doublingBackoff } from '../shared/retry.js'

const MAX_TIMELINE = 400
const MAX_SCANNED_BYTES = 20 * 1024 * 1024
/** The longest a `verify` command may run, whatever the task's timeout. */
const MAX_VERIFY_MS = 30 * 60_000

/** What the attempt runner needs from the run, fixed for all its attempts. */
export interface AttemptContext {
  claude: ClaudePort
  verify: VerifyPort
  observer: RunObserver
  clock: Clock
  /** Applied to every text that came from Claude or `verify` before it is stored or shown. */
  redact: (text: string) => string
  /** Whether transcripts are redacted too (the run has secrets to hide). */
  redactsTranscripts: boolean
  transcriptsDir: string
  heartbeatMs: number
  signal: AbortSignal
  /** The run's spending so far, for heartbeats. */
  spentUsd(): number
  /** Adds refused connections to the task's and logs a line a user can act on. */
  recordDenied(taskId: string, denied: DeniedHost[], who: string): void
}

export interface AttemptRequest {
  taskId: string
  task: Task
  prompt: string
  workspace: TaskWorkspace
  /** The only folder contained commands may write to. */
  writableRoot: string
  /** Which attempt of the task this is over all runs (names the transcript). */
  attemptNumber: number
  model?: string
  maxTurns: number
  allowedTools: string[]
  timeoutMs: number
  /** The attempt's spending cap; 0 or less: none is left, and Claude is not started. */
  budget?: number
  /** The task's record of this run, which the attempt adds to. */
  info: TaskRunInfo
  /** Between Claude and `verify`: the engine's check of the task file. */
  afterClaude(): Promise<void>
}

export interface AttemptResult {
  outcome: Outcome
  costUsd: number
  turns: number
  sessionId?: string
  /** Claude's final message, when the session printed one. */
  finalMessage?: string
}

export class AttemptRunner {
  constructor(private readonly context: AttemptContext) {}

  /** Claude, then `verify` when Claude succeeded and the task has one. */
  async run(request: AttemptRequest): Promise<AttemptResult> {
    if (request.budget !== undefined && request.budget <= 0)
      return {
        outcome: { ok: false, kind: 'budget', reason: describeNotice({ type: 'no-budget-left' }) },
        costUsd: 0,
        turns: 0
      }
    const session = await this.runClaude(request)
    const result = session.result
    const info = request.info
    if (result) {
      info.inputTokens +=
        result.usage.inputTokens + result.usage.cacheReadInputTokens + result.usage.cacheCreationInputTokens
      info.outputTokens += result.usage.outputTokens
    }
    let outcome = session.outcome
    await request.afterClaude()
    if (session.denied) this.context.recordDenied(request.taskId, session.denied, 'Claude')
    if (outcome.ok && request.task.verify) outcome = await this.runVerify(request, request.task.verify)
    return {
      outcome,
      costUsd: result?.totalCostUsd ?? 0,
      turns: result?.numTurns ?? 0,
      sessionId: result?.sessionId ?? undefined,
      finalMessage: result?.result || undefined
    }
  }

  private runClaude(request: AttemptRequest) {
    const { observer, redact, clock } = this.context
    const { taskId, info } = request
    const started = clock.now()
    let turns = 0
    const onEvent = (event: ClaudeEvent) => {
      if (event.kind === 'usage') turns++
      if (event.kind === 'tool-use' && info.timeline.length < MAX_TIMELINE)
        info.timeline.push(redact(event.summary))
      observer.emit({ type: 'claude', taskId, event: redactEvent(event, redact) })
    }
    return this.context.claude.run({
      prompt: request.prompt,
      cwd: request.workspace.cwd,
      writableRoot: request.writableRoot,
      model: request.model,
      maxTurns: request.maxTurns,
      maxBudgetUsd: request.budget,
      allowedTools: request.allowedTools,
      timeoutMs: request.timeoutMs,
      transcriptPath: path.join(
        this.context.transcriptsDir,
        safeSegment(taskId),
        `attempt-${request.attemptNumber}.jsonl`
      ),
      redactTranscript: this.context.redactsTranscripts ? redact : undefined,
      onEvent,
      signal: this.context.signal,
      heartbeatMs: this.context.heartbeatMs,
      onHeartbeat: () =>
        observer.emit({
          type: 'heartbeat',
          taskId,
          elapsedMs: clock.now() - started,
          turns,
          costUsd: this.context.spentUsd()
        })
    })
  }

  private async runVerify(request: AttemptRequest, verify: string | string[]): Promise<Outcome> {
    const { observer, redact } = this.context
    const taskId = request.taskId
    const command = describeVerify(verify)
    observer.emit({ type: 'verify-started', taskId, command })
    const run = await this.context.verify.run({
      command: verify,
      cwd: request.workspace.cwd,
      writableRoot: request.writableRoot,
      timeoutMs: Math.min(request.timeoutMs, MAX_VERIFY_MS),
      signal: this.context.signal
    })
    if (run.denied) this.context.recordDenied(taskId, run.denied, 'verify')
    const output = redact(run.output)
    observer.emit({ type: 'verify-finished', taskId, command, exitCode: run.exitCode ?? -1, output })
    if (run.exitCode === 0 && !run.timedOut) return { ok: true }
    const head = run.timedOut
      ? `verify \`${command}\` timed out`
      : `verify \`${command}\` exited ${run.exitCode}`
    return { ok: false, kind: 'verify', reason: output ? `${head}:\n${output}` : head }
  }
}

export function describeVerify(verify: string | string[]): string {
  return Array.isArray(verify) ? verify.join(' ') : verify
}

/**
 * Output files holding one of the run's secrets: never committed. A file named after the key would carry
 * it into the pushed tree, whatever it holds.
 */
export async function filesWithSecrets(
  files: ProducedFilesPort,
  root: string,
  produced: string[],
  containsSecret: (text: string) => boolean
): Promise<string[]> {
  const found: string[] = []
  for (const file of produced) {
    if (containsSecret(file)) {
      found.push(file)
      continue
    }
    const text = await files.read(root, file, MAX_SCANNED_BYTES)
    if (text !== null && containsSecret(text)) found.push(file)
  }
  return found
}

/** The failure of an attempt whose outputs hold a secret. */
export function leakedSecretOutcome(leaked: string[]): Outcome {
  return {
    ok: false,
    kind: 'error',
    reason: `${leaked.join(', ')} contain${leaked.length === 1 ? 's' : ''} a secret of this run (an API key or token); the files were not committed`
  }
}

/**
 * What follows a failed attempt, decided once (the words in the log and task.json are made from it): the
 * run stops (credentials, a rate limit, a cancel, the run's budget spent), the task gives up (out of
 * attempts, or a failure another attempt cannot change), or another attempt follows.
 */
export function nextStep(a: {
  kind: FailureKind
  attempt: number
  maxAttempts: number
  /** The failure was the spending cap, and the run's budget is spent with it. */
  budgetSpent: boolean
  backoffMs?: (attempt: number) => number
}): Exclude<NextStep, { kind: 'done' }> {
  if (stopsRun(a.kind) || a.budgetSpent) return { kind: 'stop', counted: a.budgetSpent }
  if (a.attempt >= a.maxAttempts || !retryable(a.kind)) return { kind: 'give-up' }
  return {
    kind: 'retry',
    keepsChanges: !resetsWorkTree(a.kind),
    waitMs: a.kind === 'transient' ? (a.backoffMs ?? doublingBackoff)(a.attempt) : undefined
  }
}

/** Task ids are already restricted to [A-Za-z0-9._-]; this only guards against `.`/`..` as folder names. */
function safeSegment(id: string): string {
  return /^\.+$/.test(id) ? `_${id}` : id
}

function redactEvent(event: ClaudeEvent, redact: (text: string) => string): ClaudeEvent {
  switch (event.kind) {
    case 'text':
      return { ...event, text: redact(event.text) }
    case 'tool-use':
      return { ...event, summary: redact(event.summary), input: undefined }
    case 'tool-result':
      return { ...event, text: redact(event.text) }
    case 'result':
      return { ...event, result: redact(event.result) }
    default:
      return event
  }
}
