/**
 * The GitHub port (engine/ports.ts) over Octokit: pulls.ts and review.ts behind one object per repository.
 * Loaded on first use through connect.ts.
 */
import type {
  GitHubPort,
  PullRequestRequest,
  PullRequestResult,
  WorkflowDispatch
} from '../../engine/ports.js'
import { dispatchWorkflow, upsertPullRequest, type ApiTarget } from './pulls.js'
import { ReviewApi } from './review.js'

export class GitHubApi extends ReviewApi implements GitHubPort {
  constructor(private readonly target: ApiTarget) {
    super(target)
  }

  upsertPullRequest(request: PullRequestRequest): Promise<PullRequestResult> {
    return upsertPullRequest({ ...this.target, ...request })
  }

  dispatchWorkflow(run: WorkflowDispatch): Promise<void> {
    return dispatchWorkflow({ ...this.target, ...run })
  }
}
