import { describe, expect, it } from 'vitest'
import type { ResultEvent } from '../../src/engine/claude-events.js'
import { classifyExit, type ClaudeExit } from '../../src/infra/claude/classify.js'

const ctx = {
  maxTurns: 10,
  timeoutMs: 90_000,
  maxBudgetUsd: 1,
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
    exitCode: 0,
    signal: null,
    timedOut: false,
    aborted: false,
    result: result({}),
    stderrTail: '',
    ...p
  }
}

describe('classifyExit', () => {
  it('accepts only exit 0 with a successful, non-error result', () => {
    expect(classifyExit(exit({}), ctx)).toEqual({ ok: true })
    expect(classifyExit(exit({ exitCode: 1 }), ctx)).toMatchObject({ ok: false, kind: 'error' })
    expect(classifyExit(exit({ result: null, exitCode: 1, stderrTail: 'boom\n' }), ctx)).toMatchObject({
      ok: false,
      kind: 'error',
      reason: expect.stringContaining('without a result; its last output: boom')
    })
  })

  it('an option the CLI does not know stops the run with what to check', () => {
    const refused = classifyExit(
      exit({ result: null, exitCode: 1, stderrTail: "error: unknown option '--no-session-persistence'\n" }),
      ctx
    )
    expect(refused).toMatchObject({ ok: false, kind: 'setup' })
    const reason = (refused as { reason: string }).reason
    expect(reason).toContain('does not know the option --no-session-persistence')
    expect(reason).toContain('`claude-args`')
    expect(reason).toContain('`claude-path`')
  })

  it('does not read API failures into a successful final message', () => {
    const text =
      "I added the 'Invalid API key' error message and handle API Error: 500 and rate limit responses."
    expect(classifyExit(exit({ result: result({ result: text }) }), ctx)).toEqual({ ok: true })
  })

  it('names credentials, rate limits and transient failures from error results', () => {
    const err = (status: number, text: string) =>
      exit({ exitCode: 1, result: result({ isError: true, apiErrorStatus: status, result: text }) })
    expect(classifyExit(err(401, 'Failed to authenticate. API Error: 401'), ctx)).toMatchObject({
      kind: 'credentials',
      reason: expect.stringContaining('check the `anthropic-api-key` input')
    })
    expect(classifyExit(err(429, 'API Error: Request rejected (429)'), ctx)).toMatchObject({
      kind: 'rate-limit'
    })
    expect(classifyExit(err(529, 'Overloaded'), ctx)).toMatchObject({ kind: 'transient' })
    expect(
      classifyExit(
        exit({ exitCode: 1, result: result({ isError: true, result: 'Claude AI usage limit reached' }) }),
        ctx
      )
    ).toMatchObject({ kind: 'rate-limit' })
  })

  it('explains turn limits, budget caps, timeouts and cancels', () => {
    expect(
      classifyExit(
        exit({ exitCode: 1, result: result({ subtype: 'error_max_turns', isError: true, numTurns: 10 }) }),
        ctx
      )
    ).toMatchObject({ kind: 'max-turns', reason: expect.stringContaining('turn limit') })
    expect(
      classifyExit(
        exit({ exitCode: 1, result: result({ subtype: 'error_max_budget_usd', isError: true }) }),
        ctx
      )
    ).toMatchObject({ kind: 'budget', reason: expect.stringContaining('$1.0000') })
    expect(classifyExit(exit({ timedOut: true, result: null }), ctx)).toMatchObject({
      kind: 'timeout',
      reason: expect.stringContaining('1.5 min')
    })
    expect(classifyExit(exit({ aborted: true, result: null }), ctx)).toMatchObject({ kind: 'cancelled' })
    expect(classifyExit(exit({ spawnError: 'ENOENT', result: null }), ctx)).toMatchObject({ kind: 'setup' })
  })
})
