/**
 * The branch a run commits to: the one checked out, or the `branch` input's (checked out, continued from the
 * remote, or created); HEAD put back on it when Claude moved it; and, at the end, a branch this run created
 * and never committed to dropped again.
 */
import { GitError, remoteTrackingRef, type Git } from '../infra/git/git.js'
import { head, type PersistContext, type PersistLogLevel, type ResolvedPersistOptions } from './context.js'
import { authError, isAuthFailure, PersistError } from './error.js'

export interface BranchChoice {
  /** The branch checked out when the run started; null on a detached HEAD. */
  startBranch: string | null
  workBranch: string
  /** False when the work branch was created by this run and is not on the remote (yet). */
  onRemote: boolean
}

/** Picks the work branch and, when it is not the one checked out, checks it out (commits on). */
export async function chooseWorkBranch(
  git: Git,
  o: ResolvedPersistOptions,
  log: (level: PersistLogLevel, msg: string) => void
): Promise<BranchChoice> {
  const startBranch = await git.currentBranch()
  if (o.branch && o.branch !== startBranch) {
    const onRemote = o.commit ? await checkoutWorkBranch(git, o, o.branch, log) : true
    return { startBranch, workBranch: o.branch, onRemote }
  }
  if (startBranch !== null) return { startBranch, workBranch: startBranch, onRemote: true }
  if (o.commit)
    throw new PersistError(
      'HEAD is detached (a tag or a pull request merge ref is checked out), so there is no branch to commit ' +
        'to. Set the `branch` input to the branch Taskmesh should commit and push to.',
      'detached'
    )
  return { startBranch, workBranch: 'HEAD', onRemote: true }
}

/** Checks out the `branch` input's branch: the local one, else the remote's, else a new one at HEAD. */
async function checkoutWorkBranch(
  git: Git,
  o: ResolvedPersistOptions,
  branch: string,
  log: (level: PersistLogLevel, msg: string) => void
): Promise<boolean> {
  if (!(await git.isValidBranchName(branch)))
    throw new PersistError(
      `"${branch}" is not a valid git branch name: set the \`branch\` input to one without spaces, \`..\`, ` +
        '`~ ^ : ? * [ \\` or a trailing `/` or `.lock` (for example `taskmesh/my-project`).',
      'branch'
    )
  const local = await git.tryRevParse(`refs/heads/${branch}`)
  let remote: string | null = null
  if (o.push) {
    try {
      remote = await git.remoteBranchSha(o.remote, branch)
    } catch (e) {
      if (e instanceof GitError && isAuthFailure(e.message)) throw authError(branch, e.message)
      throw e
    }
  }
  const remoteRef = remoteTrackingRef(o.remote, branch)
  if (remote !== null) await git.fetchBranch(o.remote, branch)
  if (local !== null) {
    await git.checkoutBranch(branch)
    if (remote !== null && local !== remote && (await git.isAncestor(local, remote)))
      await git.mergeFastForward(remoteRef)
    log('info', `Using the existing branch ${branch}.`)
  } else if (remote !== null) {
    await git.checkoutNewBranch(branch, remoteRef)
    log('info', `Continuing on ${branch} from ${o.remote}.`)
  } else {
    await git.checkoutNewBranch(branch, 'HEAD')
    log('info', `Created branch ${branch} from the current commit.`)
  }
  return remote !== null
}

/**
 * Claude may have switched branches or detached HEAD: point HEAD at the work branch again, tree kept.
 * `current`: the branch HEAD is on, when the caller just read it. True when HEAD had to be moved.
 */
export async function reattach(ctx: PersistContext, current?: string | null): Promise<boolean> {
  if (!ctx.options.commit) return false
  const cur = current === undefined ? await ctx.git.currentBranch() : current
  if (cur === ctx.workBranch) return false
  ctx.log(
    'warning',
    `HEAD was moved to ${cur ?? 'a detached commit'} during the task; back on ${ctx.workBranch}.`
  )
  await ctx.git.setHeadBranch(ctx.workBranch)
  return true
}

/**
 * A branch this run created and never committed to (nothing was ready) is dropped, and the checkout goes
 * back to where it started, so a run with no changes leaves the workspace as it was.
 */
export async function dropUnusedBranch(
  ctx: PersistContext,
  run: { choice: BranchChoice; baseSha: string; pushed: boolean }
): Promise<void> {
  const { startBranch, onRemote } = run.choice
  if (!ctx.options.commit || onRemote || ctx.workBranch === startBranch) return
  if (run.pushed || (await head(ctx)) !== run.baseSha) return
  if ((await ctx.git.currentBranch()) !== ctx.workBranch) return
  if (startBranch) await ctx.git.checkoutBranch(startBranch)
  else await ctx.git.checkoutDetached(run.baseSha)
  await ctx.git.deleteBranch(ctx.workBranch)
  ctx.log(
    'info',
    `Nothing was committed: back on ${startBranch ?? 'the detached HEAD'}, ${ctx.workBranch} removed.`
  )
}
