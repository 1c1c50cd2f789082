/**
 * Removes secrets from text that leaves the runner: log lines, the job summary, the PR body, transcripts
 * and task.json fields written from Claude's output. `core.setSecret` only masks the live log; everything
 * written to a file or an API goes through a Redactor.
 */

export const REDACTED = '***'

/** Shorter values are not masked: replacing `a` or `true` everywhere would wreck the text. */
export const MIN_SECRET_LENGTH = 6

/**
 * Token shapes masked even when the value was never registered (Claude may print a token it found).
 * `keepN` groups hold a readable prefix (`Bearer `, `://user:`) that stays; only the token is masked.
 * Quantifiers on prefixes are bounded so a long run of text without spaces stays linear to scan.
 */
const TOKEN_PATTERNS = [
  // Anthropic API keys and OAuth tokens: sk-ant-api03-…, sk-ant-oat01-…
  String.raw`sk-ant-[A-Za-z0-9_-]{8,}`,
  // GitHub classic tokens: personal, OAuth, user-to-server, server-to-server, refresh.
  String.raw`\bgh[pousr]_[A-Za-z0-9]{20,}`,
  // GitHub fine-grained personal access tokens.
  String.raw`\bgithub_pat_[A-Za-z0-9_]{20,}`,
  // Authorization headers.
  String.raw`(?<keep1>\b[Bb]earer[ \t]{1,8})[A-Za-z0-9._~+/-]{16,}=*`,
  String.raw`(?<keep2>\b[Bb]asic[ \t]{1,8})[A-Za-z0-9+/]{16,}=*`,
  // A password in a URL: https://x-access-token:<token>@github.com/…
  String.raw`(?<keep3>://[^/\s:@]{1,256}:)[^@\s/]{6,512}(?=@)`
]

function keepPrefix(groups: Record<string, string | undefined> | undefined): string {
  if (!groups) return ''
  return groups.keep1 ?? groups.keep2 ?? groups.keep3 ?? ''
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
}

export class Redactor {
  private readonly secrets = new Set<string>()
  private pattern: RegExp | null = null

  constructor(secrets: readonly string[] = []) {
    for (const s of secrets) this.add(s)
  }

  /** Registers a secret and the forms it travels in (git's basic auth header, URL encoding). */
  add(secret: string): void {
    const value = secret.trim()
    if (value.length < MIN_SECRET_LENGTH) return
    const forms = [
      value,
      Buffer.from(`x-access-token:${value}`, 'utf8').toString('base64'),
      Buffer.from(value, 'utf8').toString('base64'),
      encodeURIComponent(value)
    ]
    for (const f of forms) {
      if (f.length >= MIN_SECRET_LENGTH && !this.secrets.has(f)) {
        this.secrets.add(f)
        this.pattern = null
      }
    }
  }

  /**
   * Whether `text` holds a registered secret in any of its forms (token-shaped text alone does not count:
   * an example token in a file is not a leak).
   */
  containsSecret(text: string): boolean {
    for (const s of this.secrets) if (text.includes(s)) return true
    return false
  }

  /** Replaces every known secret and anything shaped like a token with `***`, in one pass. */
  redact(text: string): string {
    if (!text) return text
    return text.replace(this.regex(), (...args: unknown[]) => {
      const groups = args[args.length - 1] as Record<string, string | undefined> | undefined
      return keepPrefix(typeof groups === 'object' ? groups : undefined) + REDACTED
    })
  }

  /** A copy of a JSON-like value (a RunReport, a RunEvent) with every string redacted. */
  redactDeep<T>(value: T): T {
    return this.walk(value) as T
  }

  private walk(value: unknown): unknown {
    if (typeof value === 'string') return this.redact(value)
    if (Array.isArray(value)) return value.map(v => this.walk(v))
    if (value instanceof Map) return new Map([...value].map(([k, v]) => [k, this.walk(v)]))
    if (value !== null && typeof value === 'object') {
      const out: Record<string, unknown> = {}
      for (const [k, v] of Object.entries(value)) out[k] = this.walk(v)
      return out
    }
    return value
  }

  private regex(): RegExp {
    if (!this.pattern) {
      // Longest first, so a secret that contains another one is masked whole.
      const literals = [...this.secrets].sort((a, b) => b.length - a.length).map(escapeRegExp)
      this.pattern = new RegExp([...literals, ...TOKEN_PATTERNS].join('|'), 'g')
    }
    // `replace` with a global regex resets lastIndex itself, so the cached instance is safe to reuse.
    return this.pattern
  }
}
