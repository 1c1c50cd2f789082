/**
 * What the task commits on a branch say about a wave: whether any task completed since a commit. The
 * commits carry the `Task-Status:` trailer commit.ts writes; this reads it back (dispatch-next's check
 * after a matrix wave).
 */
import { basicAuthHeader, extraHeaderUrl } from '../infra/git/auth-header.js'
import { Git } from '../infra/git/git.js'

export interface Progress {
  /** The previous run (or wave) completed at least one task. */
  progressed: boolean
  /** Why not, said to people when nothing is dispatched. */
  reason?: string
}

/** How far back a shallow checkout is deepened, in turn, to find the commit the workflow run started from. */
const DEEPEN_STEPS = [100, 1000]

/**
 * In the plan step after a wave (`mode: plan` + `dispatch-next`): did any task complete since the workflow
 * run started? The wave's task commits carry a `Task-Status: completed` trailer; they are looked for between
 * GITHUB_SHA (the commit the workflow run started from) and HEAD (the branch as the wave left it, when the
 * job checks out `ref: ${{ github.ref }}`). A shallow checkout is deepened until GITHUB_SHA is in it. When
 * that cannot be told, the answer is no: a chain that stops can be started again, one that loops costs money.
 */
export async function completedSince(where: {
  repoDir: string
  /** GITHUB_SHA */
  since?: string
  /** GITHUB_REF: what to fetch when deepening a shallow checkout. */
  ref?: string
  token?: string
  serverUrl?: string
}): Promise<Progress> {
  const since = where.since?.trim()
  if (!since)
    return {
      progressed: false,
      reason: 'GITHUB_SHA is not set, so the commits of the last wave cannot be found'
    }
  const probe = new Git(where.repoDir)
  const top = await probe.topLevel().catch(() => null)
  if (top === null) return { progressed: false, reason: `${where.repoDir} is not inside a git repository` }
  const git = new Git(top, {
    extraHeader: where.token
      ? { url: extraHeaderUrl(where.serverUrl ?? 'https://github.com'), value: basicAuthHeader(where.token) }
      : undefined
  })
  const head = await git.tryRevParse('HEAD')
  const short = since.slice(0, 12)
  if (head === since)
    return {
      progressed: false,
      reason:
        `nothing was committed since this workflow run started (${short}). If the wave did finish tasks, ` +
        'check out the branch as it left it: actions/checkout with `ref: ${{ github.ref }}`'
    }
  const hasSince = async () =>
    (await git.hasCommit(since)) && (await git.isAncestor(since, 'HEAD').catch(() => false))
  let found = await hasSince()
  for (const depth of DEEPEN_STEPS) {
    if (found || !(await git.isShallow())) break
    if (!(await git.tryDeepen('origin', depth, where.ref ? [where.ref] : []))) break
    found = await hasSince()
  }
  if (!found)
    return {
      progressed: false,
      reason: `the commit this workflow run started from (${short}) is not in the history of HEAD, so what the last wave did cannot be told`
    }
  const statuses = await git.taskStatusTrailers(`${since}..HEAD`)
  const completed = statuses.filter(l => l.trim() === 'completed').length
  if (completed === 0)
    return {
      progressed: false,
      reason: `no task was completed since this workflow run started (${short}..HEAD)`
    }
  return { progressed: true }
}
