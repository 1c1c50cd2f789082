/**
 * Typed view of the CLI's `--output-format stream-json` lines (parsed in src/infra/claude/stream.ts): the
 * vocabulary of the engine's Claude port and of its `claude` events.
 */

export interface Usage {
  inputTokens: number
  outputTokens: number
  cacheReadInputTokens: number
  cacheCreationInputTokens: number
}

export interface ResultEvent {
  kind: 'result'
  /** `success`, `error_max_turns`, `error_during_execution`, `error_max_budget_usd`, … */
  subtype: string
  isError: boolean
  /** HTTP status of the API error that ended the session, when there was one. */
  apiErrorStatus: number | null
  /** Claude's final message (or the error text when is_error). */
  result: string
  sessionId: string | null
  totalCostUsd: number
  numTurns: number
  durationMs: number
  usage: Usage
  permissionDenials: { toolName: string; toolInput: unknown }[]
  /** Present with `--json-schema`: the input Claude gave the StructuredOutput tool. */
  structuredOutput?: unknown
  /** Why the session ended, when the CLI says (`completed`, `prompt_too_long`, `max_turns`, …). */
  terminalReason?: string
}

export type ClaudeEvent =
  | {
      kind: 'init'
      sessionId: string | null
      model: string | null
      tools: string[]
      cwd: string | null
      permissionMode: string | null
    }
  /** A text block of an assistant message. */
  | { kind: 'text'; text: string }
  /** A tool call; `summary` is a short human line such as `Write src/convert.js` or `Bash npm test`. */
  | { kind: 'tool-use'; id: string; name: string; input: unknown; summary: string }
  /** A tool's answer; `text` is shortened. */
  | { kind: 'tool-result'; toolUseId: string; isError: boolean; text: string }
  /**
   * The CLI is retrying an API call (system/api_retry). `connection`: no HTTP answer at all (the CLI says
   * `"error": "unknown"` without a status), so the log can say "no connection to <host>".
   */
  | { kind: 'api-retry'; message: string; status: number | null; connection?: boolean }
  /** Token usage reported on an assistant message (cumulative numbers are computed by consumers). */
  | { kind: 'usage'; usage: Usage }
  | ResultEvent
  /** A JSON line of a type this version of Taskmesh does not know. */
  | { kind: 'unknown'; type: string }
  /** A line that is not JSON (shortened). */
  | { kind: 'non-json'; line: string }
