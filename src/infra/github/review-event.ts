/**
 * The webhook payload of a review event → what `mode: review` acts on: who wrote what, where, on which pull
 * request. Three events lead here: `pull_request_review` (submitted), `pull_request_review_comment`
 * (created) and `issue_comment` (created). Read loosely: a field GitHub leaves out is absent, never a crash.
 */

export interface ReviewAuthor {
  login: string
  /** A GitHub App or another bot account (`type: Bot`, or a login ending in `[bot]`). */
  isBot: boolean
}

/** The pull request as the payload describes it (issue_comment payloads carry only its number). */
export interface PayloadPullRequest {
  headRef?: string
  state?: string
  merged?: boolean
}

export interface ReviewTrigger {
  event: 'pull_request_review' | 'pull_request_review_comment' | 'issue_comment'
  prNumber: number
  author: ReviewAuthor
  /** The review's or comment's id (reviews and comments have ids of their own kinds). */
  id: number
  url: string
  body: string
  at: string
  /** `pull_request_review`: approved, changes_requested, commented, … (lower case). */
  reviewState?: string
  /** `pull_request_review_comment`: where the comment was left. */
  path?: string
  line?: number
  diffHunk?: string
  pullRequest?: PayloadPullRequest
}

export type ParsedReviewEvent = { trigger: ReviewTrigger } | { ignore: string }

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Loose = any

function author(user: Loose): ReviewAuthor {
  const login = typeof user?.login === 'string' ? user.login : ''
  return { login, isBot: user?.type === 'Bot' || /\[bot\]$/i.test(login) }
}

function payloadPull(pr: Loose): PayloadPullRequest | undefined {
  if (!pr || typeof pr !== 'object') return undefined
  return {
    headRef: typeof pr.head?.ref === 'string' ? pr.head.ref : undefined,
    state: typeof pr.state === 'string' ? pr.state : undefined,
    merged: pr.merged === true || (typeof pr.merged_at === 'string' && pr.merged_at !== '')
  }
}

const str = (v: unknown): string => (typeof v === 'string' ? v : '')
const num = (v: unknown): number | undefined =>
  typeof v === 'number' && Number.isSafeInteger(v) ? v : undefined

export function parseReviewEvent(eventName: string, payload: unknown): ParsedReviewEvent {
  const p = (payload ?? {}) as Loose
  const action = str(p.action)
  switch (eventName) {
    case 'pull_request_review': {
      if (action !== 'submitted') return { ignore: `a pull_request_review event with action "${action}"` }
      const r = p.review
      const prNumber = num(p.pull_request?.number)
      const id = num(r?.id)
      if (!r || prNumber === undefined || id === undefined)
        return { ignore: 'a pull_request_review event without a review or pull request' }
      return {
        trigger: {
          event: eventName,
          prNumber,
          author: author(r.user),
          id,
          url: str(r.html_url),
          body: str(r.body),
          at: str(r.submitted_at) || new Date().toISOString(),
          reviewState: str(r.state).toLowerCase(),
          pullRequest: payloadPull(p.pull_request)
        }
      }
    }
    case 'pull_request_review_comment': {
      if (action !== 'created')
        return { ignore: `a pull_request_review_comment event with action "${action}"` }
      const c = p.comment
      const prNumber = num(p.pull_request?.number)
      const id = num(c?.id)
      if (!c || prNumber === undefined || id === undefined)
        return { ignore: 'a pull_request_review_comment event without a comment or pull request' }
      return {
        trigger: {
          event: eventName,
          prNumber,
          author: author(c.user),
          id,
          url: str(c.html_url),
          body: str(c.body),
          at: str(c.created_at) || new Date().toISOString(),
          path: str(c.path) || undefined,
          line: num(c.line) ?? num(c.original_line),
          diffHunk: str(c.diff_hunk) || undefined,
          pullRequest: payloadPull(p.pull_request)
        }
      }
    }
    case 'issue_comment': {
      if (action !== 'created') return { ignore: `an issue_comment event with action "${action}"` }
      if (!p.issue?.pull_request) return { ignore: 'a comment on an issue, not on a pull request' }
      const c = p.comment
      const prNumber = num(p.issue?.number)
      const id = num(c?.id)
      if (!c || prNumber === undefined || id === undefined)
        return { ignore: 'an issue_comment event without a comment or issue number' }
      return {
        trigger: {
          event: eventName,
          prNumber,
          author: author(c.user),
          id,
          url: str(c.html_url),
          body: str(c.body),
          at: str(c.created_at) || new Date().toISOString(),
          pullRequest: { state: str(p.issue.state) || undefined }
        }
      }
    }
    default:
      return {
        ignore: `the ${eventName || 'unknown'} event (mode: review runs on pull_request_review, pull_request_review_comment and issue_comment)`
      }
  }
}
