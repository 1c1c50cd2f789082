/**
 * The GitHub side of `mode: review`: the pull request, a review's inline comments, the commenter's
 * permission, replies (on an inline comment's thread or on the pull request) and reactions.
 */
import type { InlineComment, ReviewPull } from '../../engine/ports.js'
import { client, errorText, GitHubApiError, statusOf, type ApiTarget, type Octokit } from './pulls.js'

export class ReviewApi {
  private readonly gh: Octokit
  private readonly owner: string
  private readonly repo: string

  constructor(o: ApiTarget) {
    this.gh = client(o)
    this.owner = o.owner
    this.repo = o.repo
  }

  private async call<T>(what: string, fn: () => Promise<T>): Promise<T> {
    try {
      return await fn()
    } catch (e) {
      const status = statusOf(e)
      const hint =
        status === 403
          ? ' Give the workflow `permissions: contents: write, pull-requests: write, issues: write`.'
          : ''
      throw new GitHubApiError(
        `Could not ${what} in ${this.owner}/${this.repo}: ${status ? `HTTP ${status}: ` : ''}${errorText(e)}.${hint}`,
        status
      )
    }
  }

  async pull(number: number): Promise<ReviewPull> {
    const { data } = await this.call(`read pull request #${number}`, () =>
      this.gh.rest.pulls.get({ owner: this.owner, repo: this.repo, pull_number: number })
    )
    return {
      number: data.number,
      url: data.html_url,
      state: data.state,
      merged: data.merged === true || !!data.merged_at,
      headRef: data.head.ref,
      baseRef: data.base.ref,
      headRepo: data.head.repo?.full_name ?? null,
      baseRepo: data.base.repo.full_name,
      raw: data
    }
  }

  /** The inline comments of one review, oldest first. */
  async reviewComments(prNumber: number, reviewId: number): Promise<InlineComment[]> {
    const data = await this.call(`read the comments of review ${reviewId} on #${prNumber}`, () =>
      this.gh.paginate(this.gh.rest.pulls.listCommentsForReview, {
        owner: this.owner,
        repo: this.repo,
        pull_number: prNumber,
        review_id: reviewId,
        per_page: 100
      })
    )
    return data.map(c => {
      const loose = c as typeof c & {
        line?: number | null
        original_line?: number | null
        created_at?: string
      }
      return {
        id: c.id,
        url: c.html_url,
        author: c.user?.login ?? '',
        authorIsBot: c.user?.type === 'Bot' || /\[bot\]$/i.test(c.user?.login ?? ''),
        body: c.body ?? '',
        path: c.path || undefined,
        line: loose.line ?? loose.original_line ?? undefined,
        diffHunk: c.diff_hunk || undefined,
        at: loose.created_at ?? new Date().toISOString()
      }
    })
  }

  /**
   * The user's role on the repository: admin, maintain, write, triage, read or none. `role_name` tells
   * maintain and triage apart; `permission` alone folds them into write and read.
   */
  async role(login: string): Promise<string> {
    try {
      const { data } = await this.gh.rest.repos.getCollaboratorPermissionLevel({
        owner: this.owner,
        repo: this.repo,
        username: login
      })
      const d = data as typeof data & { role_name?: string }
      return (d.role_name || d.permission || 'none').toLowerCase()
    } catch (e) {
      // Not a collaborator (or no such user): no access, which is an answer, not an error.
      if (statusOf(e) === 404) return 'none'
      return this.call(`read the permission of ${login}`, () => Promise.reject(e))
    }
  }

  /** A reply on an inline comment's thread. */
  async replyToComment(prNumber: number, commentId: number, body: string): Promise<string> {
    const { data } = await this.call(`reply to comment ${commentId} on #${prNumber}`, () =>
      this.gh.rest.pulls.createReplyForReviewComment({
        owner: this.owner,
        repo: this.repo,
        pull_number: prNumber,
        comment_id: commentId,
        body
      })
    )
    return data.html_url
  }

  /** A comment on the pull request's conversation. */
  async comment(prNumber: number, body: string): Promise<string> {
    const { data } = await this.call(`comment on #${prNumber}`, () =>
      this.gh.rest.issues.createComment({ owner: this.owner, repo: this.repo, issue_number: prNumber, body })
    )
    return data.html_url
  }

  /** The bodies of the pull request's conversation comments (to find a reply given before). */
  async commentBodies(prNumber: number): Promise<string[]> {
    const data = await this.call(`read the comments of #${prNumber}`, () =>
      this.gh.paginate(this.gh.rest.issues.listComments, {
        owner: this.owner,
        repo: this.repo,
        issue_number: prNumber,
        per_page: 100
      })
    )
    return data.map(c => c.body ?? '')
  }

  /** Reacts with 👀 on a comment: an inline one (`review`) or a conversation one (`issue`). */
  async eyes(kind: 'review' | 'issue', commentId: number): Promise<void> {
    const o = { owner: this.owner, repo: this.repo, comment_id: commentId, content: 'eyes' as const }
    await this.call(`react to comment ${commentId}`, () =>
      kind === 'review'
        ? this.gh.rest.reactions.createForPullRequestReviewComment(o)
        : this.gh.rest.reactions.createForIssueComment(o)
    )
  }
}
