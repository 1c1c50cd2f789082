// A failed connection (no HTTP answer) is named as such: "no connection to <host>", not "unknown".
import { describe, expect, it } from 'vitest'
import { apiHost, isConnectionFailure } from '../../src/infra/claude/api-host.js'
import { parseStreamLine } from '../../src/infra/claude/stream.js'
import type { ResultEvent } from '../../src/engine/claude-events.js'
import { classifyExit } from '../../src/infra/claude/classify.js'
import { LogFormatter } from '../../src/report/log.js'

// What Claude Code 2.1.332 prints when nothing listens on ANTHROPIC_BASE_URL (CLAUDE_CODE_MAX_RETRIES=1).
const RETRY =
  '{"type":"system","subtype":"api_retry","attempt":1,"max_retries":1,"retry_delay_ms":566,"error_status":null,"error":"unknown","session_id":"s","uuid":"u"}'
const REFUSED = 'API Error: Connection refused — a firewall or proxy may be blocking it (ECONNREFUSED)'
const NOT_FOUND = "API Error: Can't reach the API server — check your internet or DNS (ENOTFOUND)"

function result(text: string, p: Partial<ResultEvent> = {}): ResultEvent {
  return {
    kind: 'result',
    subtype: 'success',
    isError: true,
    apiErrorStatus: null,
    result: text,
    sessionId: 's',
    totalCostUsd: 0,
    numTurns: 0,
    durationMs: 10,
    usage: { inputTokens: 0, outputTokens: 0, cacheReadInputTokens: 0, cacheCreationInputTokens: 0 },
    permissionDenials: [],
    ...p
  }
}

const ctx = { maxTurns: 10, timeoutMs: 60_000, credentialSource: 'x', apiHost: 'api.anthropic.com' }

describe('no connection to the API', () => {
  it('names the host the CLI talks to', () => {
    expect(apiHost({})).toBe('api.anthropic.com')
    expect(apiHost({ ANTHROPIC_BASE_URL: 'http://127.0.0.1:8123/' })).toBe('127.0.0.1:8123')
    expect(apiHost({ ANTHROPIC_BASE_URL: 'https://proxy.example.com/anthropic' })).toBe('proxy.example.com')
    expect(apiHost({ CLAUDE_CODE_USE_BEDROCK: '1' })).toBe('Amazon Bedrock')
  })

  it('marks an api_retry without status and with error "unknown" as a connection failure', () => {
    const [e] = parseStreamLine(RETRY)
    expect(e).toMatchObject({ kind: 'api-retry', status: null, connection: true })
    const http = parseStreamLine(
      RETRY.replace('"error_status":null', '"error_status":529').replace('unknown', 'overloaded')
    )
    expect(http[0]).not.toHaveProperty('connection')
  })

  it('logs "no connection to <host>" for such a retry, never "unknown"', () => {
    const f = new LogFormatter({ apiHost: '127.0.0.1:9' })
    const [e] = parseStreamLine(RETRY)
    const lines = f.format({ type: 'claude', taskId: 'a', event: e! })
    expect(lines).toEqual([
      expect.objectContaining({
        level: 'warning',
        text: '[a] ↻ API retry: no connection to 127.0.0.1:9, retry 1/1 in 566 ms'
      })
    ])
  })

  it.each([REFUSED, NOT_FOUND])('classifies the result "%s" as transient, naming the host', text => {
    expect(isConnectionFailure(text)).toBe(true)
    const o = classifyExit(
      { exitCode: 1, signal: null, timedOut: false, aborted: false, result: result(text), stderrTail: '' },
      ctx
    )
    expect(o).toEqual({ ok: false, kind: 'transient', reason: `no connection to api.anthropic.com: ${text}` })
  })

  it('does not read a successful final message that talks about ECONNREFUSED', () => {
    const o = classifyExit(
      {
        exitCode: 0,
        signal: null,
        timedOut: false,
        aborted: false,
        result: result('Fixed the ECONNREFUSED handling', { isError: false }),
        stderrTail: ''
      },
      ctx
    )
    expect(o).toEqual({ ok: true })
  })
})
