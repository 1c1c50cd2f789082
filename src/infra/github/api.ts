/** The GitHub port (engine/ports.ts) over Octokit: pulls.ts and review.ts behind one object per repository. */
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

/** The port for one repository: `apiUrl` (else GITHUB_API_URL) and the secret guard for everything sent. */
export function connectGitHub(target: ApiTarget): GitHubPort {
  return new GitHubApi(target)
}
