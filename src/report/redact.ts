/**
 * Removes secrets from text that leaves the runner: log lines, the job summary, the PR body, transcripts
 * and task.json fields written from Claude's output. `core.setSecret` only masks the live log; everything
 * written to a file or an API goes through a Redactor.
 */
import type { Scrubber } from '../shared/scrubber.js'

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

/**
 * The parts of base64 that stand for `value` whatever comes before and after it. Base64 turns 3 bytes into
 * 4 characters, so the secret encodes differently at each of the 3 offsets it can start at in the encoded
 * text (`key-<secret>` does not contain base64(<secret>)); within each offset, the characters that hold
 * only the secret's own bits are fixed. Those runs are what a text encoding the secret must contain.
 * Runs shorter than 16 characters are left out (too likely to occur by chance).
 */
function base64Forms(value: string): string[] {
  const bytes = Buffer.from(value, 'utf8')
  const out: string[] = []
  for (let k = 0; k < 3; k++) {
    const enc = Buffer.concat([Buffer.alloc(k), bytes]).toString('base64')
    // The first group holds k bytes that are not the secret's (when k > 0); the last one, bytes after it.
    const start = k === 0 ? 0 : 4
    const end = Math.floor((k + bytes.length) / 3) * 4
    const run = enc.slice(start, end)
    if (run.length >= 16) out.push(run, run.replace(/\+/g, '-').replace(/\//g, '_'))
  }
  return out
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

  /**
   * Registers a secret and the forms it travels in: verbatim, URL-encoded, git's basic auth header, and
   * base64 (and base64url) wherever the secret sits in the encoded text (see {@link base64Forms}).
   */
  add(secret: string): void {
    const value = secret.trim()
    if (value.length < MIN_SECRET_LENGTH) return
    const forms = [
      value,
      Buffer.from(`x-access-token:${value}`, 'utf8').toString('base64'),
      Buffer.from(value, 'utf8').toString('base64'),
      encodeURIComponent(value),
      ...base64Forms(value)
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

/** A Redactor for a run's secrets: the Anthropic credential and the GitHub token of its settings. */
export function runRedactor(s: {
  claude: { apiKey?: string; oauthToken?: string }
  git: { token?: string }
}): Redactor {
  return new Redactor([s.claude.apiKey, s.claude.oauthToken, s.git.token].filter((v): v is string => !!v))
}

/**
 * The process's border for text: everything that leaves it (log lines, annotations, step outputs, the job
 * summary, commit messages, task.json, pull requests, transcripts) passes {@link scrub} at the place where
 * it leaves, whoever built it. Token shapes are masked quietly; a registered secret of this run (in any of
 * its forms) is masked and reported once per channel, because it means something carried it out of a
 * Claude session, a tool's output or a file, and the user should know.
 */
export class SecretGuard implements Scrubber {
  private readonly reported = new Set<string>()
  private reporting = false

  constructor(
    readonly redactor: Redactor,
    /** Says that a secret was found and masked; its text never holds the secret. */
    private readonly onFound: (message: string) => void = () => {}
  ) {}

  /** `text` with every secret and token masked; `where` names the channel in the report (`the job summary`). */
  scrub(text: string, where: string): string {
    if (!text) return text
    if (this.redactor.containsSecret(text)) this.report(where)
    return this.redactor.redact(text)
  }

  /** Whether `text` holds a registered secret of this run (reported when it does). */
  holdsSecret(text: string, where: string): boolean {
    if (!this.redactor.containsSecret(text)) return false
    this.report(where)
    return true
  }

  /** A copy of a JSON-like value with every string scrubbed. */
  scrubDeep<T>(value: T, where: string): T {
    if (this.redactor.containsSecret(JSON.stringify(value) ?? '')) this.report(where)
    return this.redactor.redactDeep(value)
  }

  private report(where: string): void {
    // The report itself goes out through a guarded channel: never report the report.
    if (this.reported.has(where) || this.reporting) return
    this.reported.add(where)
    this.reporting = true
    try {
      this.onFound(
        `A secret of this run (an API key or token) was found in ${where} and replaced with ${REDACTED} before it left the runner.`
      )
    } finally {
      this.reporting = false
    }
  }
}
