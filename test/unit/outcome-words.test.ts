/**
 * The line a user sees for each kind of outcome: classified from what the CLI printed (classifyExit), put
 * into the events the engine emits, and formatted by the live log. Every line states what happened and
 * what happens next, in the words of describeOutcome, and nothing else states an outcome.
 */
import { describe, expect, it } from 'vitest'
import type { ResultEvent } from '../../src/engine/claude-events.js'
import { classifyExit, type ClaudeExit } from '../../src/infra/claude/classify.js'
import type { Outcome } from '../../src/engine/outcome.js'
import type { RunEvent } from '../../src/engine/events.js'
import { LogFormatter, type LogLine } from '../../src/report/log.js'
import type { NextStep } from '../../src/report/outcome-words.js'

const ctx = {
  maxTurns: 10,
  timeoutMs: 120_000,
  maxBudgetUsd: 0.5,
  credentialSource: 'the `anthropic-api-key` input'
}

function result(p: Partial<ResultEvent>): ResultEvent {
  return {
    kind: 'result',
    subtype: 'success',
    isError: false,
    apiErrorStatus: null,
    result: 'done',
    sessionId: 's',
    totalCostUsd: 0.01,
    numTurns: 2,
    durationMs: 100,
    usage: { inputTokens: 1, outputTokens: 1, cacheReadInputTokens: 0, cacheCreationInputTokens: 0 },
    permissionDenials: [],
    ...p
  }
}

function exit(p: Partial<ClaudeExit>): ClaudeExit {
  return {
    exitCode: 1,
    signal: null,
    timedOut: false,
    aborted: false,
    result: result({}),
    stderrTail: '',
    ...p
  }
}

const api = (status: number, text: string, extra: Partial<ResultEvent> = {}) =>
  exit({ result: result({ isError: true, apiErrorStatus: status, result: text, ...extra }) })

/** What each kind of CLI ending is classified as. */
const CASES: { name: string; x: ClaudeExit; kind: string }[] = [
  { name: 'an API 500', x: api(500, 'API Error: 500 {"type":"error"}'), kind: 'transient' },
  { name: 'a 401', x: api(401, 'Failed to authenticate. API Error: 401'), kind: 'credentials' },
  { name: 'a 429', x: api(429, 'API Error: 429 rate limit'), kind: 'rate-limit' },
  {
    name: 'a prompt too long',
    x: api(400, 'Prompt is too long · the request is ~250123 tokens (limit 200000)', {
      terminalReason: 'prompt_too_long'
    }),
    kind: 'prompt-too-long'
  },
  {
    name: 'the turn limit',
    x: exit({ result: result({ subtype: 'error_max_turns', isError: true, numTurns: 10, result: '' }) }),
    kind: 'max-turns'
  },
  {
    name: 'the spending cap',
    x: exit({ result: result({ subtype: 'error_max_budget_usd', isError: true, totalCostUsd: 0.51 }) }),
    kind: 'budget'
  },
  { name: 'a timeout', x: exit({ timedOut: true, result: null }), kind: 'timeout' },
  { name: 'a cancel', x: exit({ aborted: true, result: null }), kind: 'cancelled' },
  { name: 'a missing CLI', x: exit({ spawnError: 'ENOENT', result: null }), kind: 'setup' },
  { name: 'a crash', x: exit({ exitCode: 137, signal: 'SIGKILL', result: null }), kind: 'error' }
]

const text = (lines: LogLine[]) =>
  lines.map(l =>
    l.kind === 'line' ? `${l.level}: ${l.text}` : l.kind === 'group-end' ? '[/group]' : `[group] ${l.title}`
  )

function attemptLines(outcome: Outcome, attempt: number, max: number, next: NextStep): string[] {
  const f = new LogFormatter({ maxLine: 400 })
  f.format({ type: 'attempt-started', taskId: 't', title: 'T', attempt, maxAttempts: max })
  const e: RunEvent = {
    type: 'attempt-finished',
    taskId: 't',
    attempt,
    maxAttempts: max,
    ok: outcome.ok,
    ...(outcome.ok ? {} : { kind: outcome.kind, reason: outcome.reason }),
    next,
    costUsd: 0.01,
    turns: 2,
    durationMs: 100
  }
  return text(f.format(e))
}

function taskLine(outcome: Outcome, attempts: number, max: number): string[] {
  const f = new LogFormatter({ maxLine: 400 })
  f.format({ type: 'attempt-started', taskId: 't', title: 'T', attempt: attempts, maxAttempts: max })
  return text(
    f.format({
      type: 'task-finished',
      taskId: 't',
      status: outcome.ok ? 'completed' : 'failed',
      attempts,
      attemptsThisRun: attempts,
      maxAttempts: max,
      durationMs: 1500,
      turns: 4,
      costUsd: 0.02,
      outputs: outcome.ok ? ['a.txt'] : [],
      ...(outcome.ok ? {} : { error: outcome.reason, failureKind: outcome.kind })
    })
  )
}

describe('classifyExit: every kind', () => {
  for (const c of CASES)
    it(`${c.name} is ${c.kind}`, () => {
      expect(classifyExit(c.x, ctx)).toMatchObject({ ok: false, kind: c.kind })
    })

  it('a prompt too long is recognised from the text and status alone (older CLIs without terminal_reason)', () => {
    const o = classifyExit(api(400, 'prompt is too long: 523001 tokens > 200000 maximum'), ctx)
    expect(o).toMatchObject({ kind: 'prompt-too-long' })
    expect(!o.ok && o.reason).toBe(
      "the Anthropic API refused the prompt as too long for the model's context (HTTP 400): prompt is too long: 523001 tokens > 200000 maximum. " +
        "Shorten the task's description and details (and what its dependencies' results add), or split the task."
    )
    // A successful final message that talks about long prompts is still a success.
    expect(
      classifyExit(exit({ exitCode: 0, result: result({ result: 'Fixed: prompt is too long' }) }), ctx)
    ).toEqual({
      ok: true
    })
  })
})

describe('the line a user sees, per outcome kind', () => {
  const of = (name: string) =>
    classifyExit(CASES.find(c => c.name === name)!.x, ctx) as Outcome & { ok: false }

  it('success: one closing line, "completed", with the attempt and the figures', () => {
    expect(attemptLines({ ok: true }, 1, 2, { kind: 'done' })).toEqual([])
    expect(taskLine({ ok: true }, 1, 2)).toEqual([
      'info: ✅ completed in attempt 1/2 · 1.5 s · 4 turns · $0.02 · 1 file changed',
      '[/group]'
    ])
  })

  it('an API 500 with attempts left: a retry, after the pause it really waits', () => {
    const o = of('an API 500')
    expect(attemptLines(o, 1, 3, { kind: 'retry', waitMs: 5000, keepsChanges: false })).toEqual([
      'warning: 🔁 attempt 1/3 failed (API error, may pass); attempt 2/3 follows in 5 s, from a clean tree: the Anthropic API failed (HTTP 500): API Error: 500 {"type":"error"}'
    ])
  })

  it('an API 500 on the last attempt: no "retrying", and the failure said once', () => {
    const o = of('an API 500')
    expect(attemptLines(o, 2, 2, { kind: 'give-up' })).toEqual([])
    expect(taskLine(o, 2, 2)).toEqual([
      'error: ❌ failed after 2 attempts: the Anthropic API failed (HTTP 500): API Error: 500 {"type":"error"} · 1.5 s · 4 turns · $0.02 · 0 files changed',
      '[/group]'
    ])
  })

  it('a prompt too long: the task fails at once, and the line says why it was not retried', () => {
    const o = of('a prompt too long')
    expect(attemptLines(o, 1, 3, { kind: 'give-up' })).toEqual([])
    const [line] = taskLine(o, 1, 3)
    expect(line).toMatch(
      /^error: ❌ failed after 1 attempt \(not retried: another attempt would send the same prompt\): the Anthropic API refused the prompt as too long/
    )
  })

  it('the turn limit and a timeout are retried from a clean tree; a failed verify keeps the changes', () => {
    expect(attemptLines(of('the turn limit'), 1, 2, { kind: 'retry', keepsChanges: false })).toEqual([
      'warning: 🔁 attempt 1/2 failed (turn limit); attempt 2/2 follows, from a clean tree: stopped at the turn limit (10 turns; max-turns / maxTurns is 10) before finishing'
    ])
    expect(attemptLines(of('a timeout'), 1, 2, { kind: 'retry', keepsChanges: false })).toEqual([
      'warning: 🔁 attempt 1/2 failed (timeout); attempt 2/2 follows, from a clean tree: timed out after 2 min (task-timeout-minutes / timeoutMinutes); Claude Code was stopped'
    ])
    const verify: Outcome = { ok: false, kind: 'verify', reason: 'verify `npm test` exited 1' }
    expect(attemptLines(verify, 1, 2, { kind: 'retry', keepsChanges: true })).toEqual([
      'warning: 🔁 attempt 1/2 failed (verify failed); attempt 2/2 follows, keeping its changes: verify `npm test` exited 1'
    ])
    const conflict: Outcome = { ok: false, kind: 'conflict', reason: 'conflict with a.txt from task b' }
    expect(attemptLines(conflict, 1, 2, { kind: 'retry', keepsChanges: false })).toEqual([
      'warning: 🔁 attempt 1/2 failed (conflict with parallel work); attempt 2/2 follows, from a clean tree: conflict with a.txt from task b'
    ])
  })

  it('the task spending cap ends the task, not the run, and says so', () => {
    const o = of('the spending cap')
    expect(taskLine(o, 1, 3)[0]).toBe(
      'error: ❌ failed after 1 attempt (not retried: no budget is left for it): stopped at the spending cap of $0.5000 (spent $0.5100) · 1.5 s · 4 turns · $0.02 · 0 files changed'
    )
  })

  it('credentials, rate limits, a cancel and a missing CLI stop the run: pending again, and the stop line has the reason', () => {
    const stop = { kind: 'stop', counted: false } as const
    expect(attemptLines(of('a 401'), 1, 2, stop)).toEqual([
      'error: ⏸️ attempt 1/2 ended (credentials refused): the run stops; the task goes back to pending and the attempt does not count'
    ])
    expect(attemptLines(of('a 429'), 1, 2, stop)).toEqual([
      'warning: ⏸️ attempt 1/2 ended (rate or usage limit): the run stops; the task goes back to pending and the attempt does not count'
    ])
    expect(attemptLines(of('a cancel'), 1, 2, stop)).toEqual([
      'warning: ⏸️ attempt 1/2 ended (cancelled): the run stops; the task goes back to pending and the attempt does not count'
    ])
    expect(attemptLines(of('a missing CLI'), 1, 2, stop)).toEqual([
      'error: ⏸️ attempt 1/2 ended (Claude Code could not start): the run stops; the task goes back to pending and the attempt does not count'
    ])
    const f = new LogFormatter({ maxLine: 400 })
    expect(
      text(
        f.format({
          type: 'run-stopped',
          reason: { kind: 'credentials', message: (of('a 401') as { reason: string }).reason }
        })
      )
    ).toEqual([
      'error: ⛔ run stopped (credentials): the Anthropic API refused the credentials (HTTP 401): check the `anthropic-api-key` input. Failed to authenticate. API Error: 401'
    ])
    // A spent run budget stops the run with the attempt counted (the money is gone).
    expect(attemptLines(of('the spending cap'), 1, 2, { kind: 'stop', counted: true })).toEqual([
      'warning: ⏸️ attempt 1/2 ended (spending cap): the run stops; the task goes back to pending and the attempt counts'
    ])
  })

  it("a crash without a result is an error; Claude's result line never claims success for a failed call", () => {
    expect(attemptLines(of('a crash'), 1, 2, { kind: 'retry', keepsChanges: false })).toEqual([
      'warning: 🔁 attempt 1/2 failed (error); attempt 2/2 follows, from a clean tree: Claude Code exited with signal SIGKILL without a result'
    ])
    const f = new LogFormatter({ maxLine: 400 })
    const lines = text(
      f.format({ type: 'claude', taskId: 't', event: api(500, 'API Error: 500 boom').result! })
    )
    expect(lines).toEqual(['info: [t] 🏁 Claude Code ended · 2 turns · $0.01'])
    expect(lines.join('\n')).not.toMatch(/success/)
  })
})
