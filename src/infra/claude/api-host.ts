/**
 * Which API the CLI talks to, for messages such as "no connection to api.anthropic.com": the CLI itself
 * reports a failed connection as `api_retry` with `"error": "unknown"` and no status, and ends with
 * "API Error: Connection refused … (ECONNREFUSED)" or "Can't reach the API server … (ENOTFOUND)".
 */
export function apiHost(env: NodeJS.ProcessEnv): string {
  if (env.CLAUDE_CODE_USE_BEDROCK === '1' || env.CLAUDE_CODE_USE_BEDROCK === 'true') return 'Amazon Bedrock'
  if (env.CLAUDE_CODE_USE_VERTEX === '1' || env.CLAUDE_CODE_USE_VERTEX === 'true') return 'Google Vertex AI'
  const base = env.ANTHROPIC_BASE_URL?.trim()
  if (base)
    try {
      return new URL(base).host || base
    } catch {
      return base
    }
  return 'api.anthropic.com'
}

/** Whether a CLI error text says the connection failed (no HTTP answer at all). */
export function isConnectionFailure(text: string): boolean {
  return /\b(ECONNREFUSED|ENOTFOUND|EAI_AGAIN|ETIMEDOUT|ECONNRESET|EHOSTUNREACH|ENETUNREACH|UND_ERR_CONNECT_TIMEOUT)\b|can't reach the api|connection (refused|error)|fetch failed/i.test(
    text
  )
}
