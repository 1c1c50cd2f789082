/**
 * CLI result + exit code + timeout → the outcome of an attempt, with a reason a person can act on.
 * The rule: an attempt succeeded only if the CLI exited 0, printed a `result` line, `is_error` is false
 * and `subtype` is `success`. Everything else is classified so the engine knows what to do next.
 */
import type { Outcome } from '../../engine/outcome.js'
import { isConnectionFailure } from './api-host.js'
import type { ClaudeRunResult } from './process.js'
import type { ResultEvent } from '../../engine/claude-events.js'

/** The parts of a CLI run that decide its outcome. */
export type ClaudeExit = Pick<
  ClaudeRunResult,
  'exitCode' | 'signal' | 'timedOut' | 'aborted' | 'result' | 'stderrTail' | 'spawnError'
>

export interface OutcomeContext {
  maxTurns: number
  timeoutMs: number
  maxBudgetUsd?: number
  /** Which input or secret holds the credential, for the 401 message. */
  credentialSource: string
  /** The API Claude talks to (`api.anthropic.com`), named when the connection fails. */
  apiHost?: string
}

function lastLines(text: string, n: number, max = 600): string {
  const lines = text.trim().split(/\r?\n/).slice(-n).join('\n')
  return lines.length > max ? `…${lines.slice(-max)}` : lines
}

function minutes(ms: number): string {
  const m = ms / 60_000
  return Number.isInteger(m) ? `${m} min` : `${m.toFixed(2).replace(/0+$/, '')} min`
}

/** The HTTP status of the API error, from the field or, for older CLIs, from the text "API Error: 401". */
function apiStatus(r: ResultEvent): number | null {
  if (typeof r.apiErrorStatus === 'number') return r.apiErrorStatus
  const m = /API Error:?\s*(\d{3})\b/.exec(r.result ?? '')
  return m ? Number(m[1]) : null
}

export function classifyExit(x: ClaudeExit, ctx: OutcomeContext): Outcome {
  if (x.spawnError)
    return { ok: false, kind: 'setup', reason: `could not start Claude Code: ${x.spawnError}` }
  if (x.aborted)
    return { ok: false, kind: 'cancelled', reason: 'the run was cancelled while the task was running' }
  if (x.timedOut)
    return {
      ok: false,
      kind: 'timeout',
      reason: `timed out after ${minutes(ctx.timeoutMs)} (task-timeout-minutes / timeoutMinutes); Claude Code was stopped`
    }

  const r = x.result
  if (r) {
    // Only an error result is read for API failures: a successful final message may well talk about
    // "an invalid API key" or "API Error: 500" in the code it wrote.
    const failed = r.isError || r.subtype !== 'success'
    const status = failed ? apiStatus(r) : null
    const text = (r.result ?? '').trim()
    if (
      status === 401 ||
      status === 403 ||
      (failed && /invalid api key|failed to authenticate|oauth token (has )?expired/i.test(text))
    )
      return {
        ok: false,
        kind: 'credentials',
        reason:
          `the Anthropic API refused the credentials${status ? ` (HTTP ${status})` : ''}: check ${ctx.credentialSource}. ${shortText(text)}`.trim()
      }
    if (
      failed &&
      (r.terminalReason === 'prompt_too_long' ||
        ((status === 400 || status === 413) && /prompt is too long/i.test(text)))
    )
      return {
        ok: false,
        kind: 'prompt-too-long',
        reason:
          `the Anthropic API refused the prompt as too long for the model's context${status ? ` (HTTP ${status})` : ''}: ${shortText(text)}. ` +
          "Shorten the task's description and details (and what its dependencies' results add), or split the task."
      }
    if (status === 429 || (failed && /usage limit|rate limit/i.test(text)))
      return {
        ok: false,
        kind: 'rate-limit',
        reason:
          `the Anthropic API rate or usage limit was reached${status ? ` (HTTP ${status})` : ''}; run again later. ${shortText(text)}`.trim()
      }
    // No HTTP answer at all: name the host, so a firewall, a proxy or a wrong ANTHROPIC_BASE_URL is found.
    if (failed && status === null && isConnectionFailure(text))
      return {
        ok: false,
        kind: 'transient',
        reason: `no connection to ${ctx.apiHost ?? 'the API'}: ${shortText(text)}`
      }
    if (status !== null && (status >= 500 || status === 529))
      return {
        ok: false,
        kind: 'transient',
        reason: `the Anthropic API failed (HTTP ${status}): ${shortText(text)}`
      }
    if (r.subtype === 'error_max_turns')
      return {
        ok: false,
        kind: 'max-turns',
        reason: `stopped at the turn limit (${r.numTurns || ctx.maxTurns} turns; max-turns / maxTurns is ${ctx.maxTurns}) before finishing`
      }
    if (r.subtype === 'error_max_budget_usd')
      return {
        ok: false,
        kind: 'budget',
        reason: `stopped at the spending cap${ctx.maxBudgetUsd !== undefined ? ` of $${ctx.maxBudgetUsd.toFixed(4)}` : ''} (spent $${r.totalCostUsd.toFixed(4)})`
      }
    if (r.subtype === 'error_during_execution')
      return {
        ok: false,
        kind: 'error',
        reason: `Claude Code hit an error during execution${text ? `: ${shortText(text)}` : ''}`
      }
    if (r.subtype !== 'success')
      return {
        ok: false,
        kind: 'error',
        reason: `Claude Code ended with "${r.subtype}"${text ? `: ${shortText(text)}` : ''}`
      }
    if (r.isError)
      return {
        ok: false,
        kind: 'error',
        reason: `Claude Code reported an error: ${shortText(text) || '(no message)'}`
      }
    if (x.exitCode !== 0)
      return {
        ok: false,
        kind: 'error',
        reason: `Claude Code exited with ${exitText(x)} after a successful result`
      }
    return { ok: true }
  }

  const stderr = lastLines(x.stderrTail, 5)
  // Commander's refusal, before any work: every task would meet it again, so it stops the run.
  const unknown = /error: unknown option '([^']+)'/.exec(x.stderrTail)
  if (unknown)
    return {
      ok: false,
      kind: 'setup',
      reason:
        `this Claude Code does not know the option ${unknown[1]}: check \`claude-args\`, or use a newer CLI ` +
        `(the action passes options of the version \`claude-version\` names; point \`claude-path\` at one, ` +
        `or take the older \`claude\` off PATH so that version is installed)`
    }
  return {
    ok: false,
    kind: 'error',
    reason: `Claude Code exited with ${exitText(x)} without a result${stderr ? `; its last output: ${stderr}` : ''}`
  }
}

function exitText(x: ClaudeExit): string {
  return x.signal ? `signal ${x.signal}` : `code ${x.exitCode}`
}

function shortText(text: string, max = 500): string {
  const t = text.replace(/\s+/g, ' ').trim()
  return t.length > max ? `${t.slice(0, max)}…` : t
}
