/**
 * The GitHub port for one repository, with Octokit (and undici under it: about 1 MB of code, some 50–100 ms
 * of a cold step to load) brought in by the first call. A run that opens no pull request and dispatches
 * nothing never loads it.
 */
import type { GitHubPort } from '../../engine/ports.js'
import type { ApiTarget } from './pulls.js'

/** `apiUrl` (else GITHUB_API_URL) and the secret guard for everything sent. */
export function connectGitHub(target: ApiTarget): GitHubPort {
  let api: Promise<GitHubPort> | undefined
  const load = () => (api ??= import('./api.js').then(m => new m.GitHubApi(target)))
  return {
    upsertPullRequest: async request => (await load()).upsertPullRequest(request),
    dispatchWorkflow: async run => (await load()).dispatchWorkflow(run),
    pull: async number => (await load()).pull(number),
    reviewComments: async (prNumber, reviewId) => (await load()).reviewComments(prNumber, reviewId),
    role: async login => (await load()).role(login),
    replyToComment: async (prNumber, commentId, body) =>
      (await load()).replyToComment(prNumber, commentId, body),
    comment: async (prNumber, body) => (await load()).comment(prNumber, body),
    commentBodies: async prNumber => (await load()).commentBodies(prNumber),
    eyes: async (kind, commentId) => (await load()).eyes(kind, commentId)
  }
}
