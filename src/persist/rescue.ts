/**
 * When this run's commits cannot go to the work branch (a conflict, an invalid merged task file, a push
 * that fails for good): the rebase is aborted, the commits are pushed to a new `taskmesh/rescue-<runId>`
 * branch so nothing is lost, and a PersistError says where they are.
 */
import { head, type PersistContext } from './context.js'
import { PersistError, type PersistErrorKind } from './error.js'
import { writeTaskFile } from './task-file.js'

export interface RescueReason {
  /** What went wrong; null for a conflict, which is told from `files` and `detail`. */
  reason: string | null
  /** The paths in conflict. */
  files: string[]
  /** Uncommitted task.json state set aside for the rebase: written back. */
  pending: string | null
  detail?: string
  kind?: PersistErrorKind
}

/** Aborts the rebase, pushes this run's commits to the rescue branch, and throws. */
export async function rescue(ctx: PersistContext, why: RescueReason): Promise<never> {
  const { reason, files, pending, detail, kind = 'conflict' } = why
  if (await ctx.git.rebaseInProgress()) await ctx.git.rebaseAbort()
  ctx.tip = await head(ctx)
  if (pending !== null) await writeTaskFile(ctx, pending)
  const { rescueBranch, saved } = await pushRescueBranch(ctx)
  const message =
    reason ??
    `Conflict while rebasing onto ${ctx.options.remote}/${ctx.workBranch}: ${files.join(', ')} changed both in this run and on the remote${detail ? ` (${detail})` : ''}.`
  // Not logged here: the caller reports the error (once).
  throw new PersistError(`${message} ${saved}`, kind, { files, rescueBranch })
}

/** The merge of task.json with the remote's is not a valid task file: keep the work aside and stop. */
export function rescueInvalid(
  ctx: PersistContext,
  problems: string[],
  pending: string | null
): Promise<never> {
  const shown =
    problems.slice(0, 5).join('; ') + (problems.length > 5 ? ` (and ${problems.length - 5} more)` : '')
  return rescue(ctx, {
    reason: `Merging ${ctx.taskFile} with ${ctx.options.remote}/${ctx.workBranch} gives an invalid task file: ${shown}.`,
    files: [ctx.taskFile],
    pending,
    kind: 'state'
  })
}

/** The push failed for good: the commits not on the remote go to the rescue branch, then it throws. */
export async function saveAndThrow(ctx: PersistContext, why: string, kind: PersistErrorKind): Promise<never> {
  const { rescueBranch, saved } = await pushRescueBranch(ctx)
  throw new PersistError(`${why} ${saved}`, kind, { rescueBranch })
}

/** Pushes the local tip to a new `taskmesh/rescue-<runId>` branch (never overwriting one). */
async function pushRescueBranch(ctx: PersistContext): Promise<{ rescueBranch?: string; saved: string }> {
  const { git, options: o, tip } = ctx
  let rescueBranch = `taskmesh/rescue-${o.runId}`
  // Create only: pushNewBranch fails when the branch exists, even when the push would fast-forward it.
  let r = await git.pushNewBranch(o.remote, tip, rescueBranch)
  if (r.exitCode !== 0 && /\[rejected\]/.test(r.stdout + r.stderr)) {
    // A rerun with the same id already left a rescue branch: never overwrite it.
    rescueBranch = `${rescueBranch}-${tip.slice(0, 8)}`
    r = await git.pushNewBranch(o.remote, tip, rescueBranch)
  }
  const saved =
    r.exitCode === 0
      ? `This run's commits were pushed to ${rescueBranch} so nothing is lost; merge it by hand.`
      : `Pushing them to ${rescueBranch} failed too (${r.stderr.trim()}); they are only in the local branch ` +
        `${ctx.workBranch} at ${tip}, which a GitHub-hosted runner discards when the job ends: check that ` +
        'the token may push (`permissions: contents: write`) and run again, or push that commit from a later step.'
  return { rescueBranch: r.exitCode === 0 ? rescueBranch : undefined, saved }
}
