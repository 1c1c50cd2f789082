/**
 * Bringing in a remote branch that moved: fetch, rebase this run's commits onto it, and merge task.json
 * task by task (task-file-merge.ts) wherever both sides changed it, so that no finished work is lost and
 * the result is a task file the engine can read. Whatever cannot be merged goes to the rescue branch.
 */
import type { ExecResult } from '../infra/git/git.js'
import type { Committer } from './commit.js'
import { head, type PersistContext } from './context.js'
import { rescue, rescueInvalid } from './rescue.js'
import { canonicalJson, mergeTaskFileTexts } from './task-file-merge.js'
import { readTaskFile, taskFileProblems, writeTaskFile } from './task-file.js'

/** Fetches the remote branch and rebases this run's commits onto it, merging task.json semantically. */
export async function syncWithRemote(ctx: PersistContext, commits: Committer): Promise<void> {
  const { git, taskFile, workBranch } = ctx
  const { remote } = ctx.options
  const remoteRef = await git.fetchBranch(remote, workBranch)
  const upstream = await git.revParse(remoteRef)
  const oldTip = ctx.tip
  const mergeBase = await ensureMergeBase(ctx, oldTip, upstream)
  if (mergeBase === null)
    return rescue(ctx, {
      reason: `${remote}/${workBranch} has no history in common with this run's commits`,
      files: [],
      pending: null
    })

  // The engine may hold uncommitted state in task.json; set it aside so the rebase sees a clean file.
  const committed = await git.show('HEAD', taskFile)
  const working = await readTaskFile(ctx)
  const pending = committed !== null && working !== null && working !== committed ? working : null
  if (pending !== null) await writeTaskFile(ctx, committed as string)

  const r = await rebaseMergingTaskFile(ctx, upstream, pending)
  if (/Applying autostash resulted in conflicts/.test(`${r.stdout}${r.stderr}`))
    ctx.log(
      'warning',
      'Pre-existing uncommitted changes conflicted with the remote; they are kept in `git stash`.'
    )
  ctx.tip = await head(ctx)

  // Whatever git merged line by line, the final task.json must equal the task-level merge of the range.
  const baseText = (await git.show(mergeBase, taskFile)) ?? ''
  const oursText = await git.show(oldTip, taskFile)
  const theirsText = await git.show(upstream, taskFile)
  const finalText = await git.show('HEAD', taskFile)
  if (oursText !== null && theirsText !== null && finalText !== null && ctx.tip !== upstream) {
    const expected = mergeTaskFileTexts(baseText, oursText, theirsText)
    if (expected.ok && !sameJson(expected.text, finalText)) {
      const problems = taskFileProblems(ctx, expected.text)
      if (problems.length > 0) return rescueInvalid(ctx, problems, pending)
      ctx.log('info', 'Correcting task.json after the rebase to the task-level merge of both sides.')
      await writeTaskFile(ctx, expected.text)
      const msg = await git.commitMessage('HEAD')
      const sha = await commits.commitPaths(await git.revParse('HEAD^'), 'HEAD', [taskFile], msg)
      if (sha) ctx.tip = sha
    }
  }

  // Whatever the merge produced is committed and pushed next: it must be a task file the engine can read.
  const merged = await git.show('HEAD', taskFile)
  const problems = merged === null || ctx.tip === upstream ? [] : taskFileProblems(ctx, merged)
  if (problems.length > 0) return rescueInvalid(ctx, problems, pending)

  if (pending !== null) {
    const now = (await readTaskFile(ctx)) ?? ''
    const m = mergeTaskFileTexts(committed as string, pending, now)
    if (m.ok) await writeTaskFile(ctx, m.text)
    else {
      ctx.log(
        'warning',
        `Could not merge the uncommitted task.json state after the rebase (${m.reason}); kept it.`
      )
      await writeTaskFile(ctx, pending)
    }
  }
  ctx.log('info', `Rebased onto ${remote}/${workBranch} (${upstream.slice(0, 12)}).`)
}

/**
 * Rebases onto `upstream`; a conflict in task.json alone is resolved with the task-level merge, any other
 * conflict (or a merge that is not a valid task file) goes to the rescue branch. Resolves with git's last
 * answer once the rebase is done.
 */
async function rebaseMergingTaskFile(
  ctx: PersistContext,
  upstream: string,
  pending: string | null
): Promise<ExecResult> {
  const { git, taskFile, workBranch } = ctx
  const notes: string[] = []
  let r = await git.rebaseOnto(upstream)
  while ((await git.rebaseInProgress()) || r.exitCode !== 0) {
    if (!(await git.rebaseInProgress()))
      return rescue(ctx, {
        reason: `the rebase onto ${ctx.options.remote}/${workBranch} failed: ${r.stderr.trim()}`,
        files: [],
        pending
      })
    const conflicts = await git.conflictedFiles()
    if (conflicts.length > 0 && !(conflicts.length === 1 && conflicts[0] === taskFile))
      return rescue(ctx, { reason: null, files: conflicts, pending })
    if (conflicts.length === 1) {
      // Stage 2 is the branch being rebased onto (the remote), stage 3 this run's commit being replayed.
      const base = (await git.show(':1', taskFile)) ?? ''
      const theirs = await git.show(':2', taskFile)
      const ours = await git.show(':3', taskFile)
      const merged = theirs !== null && ours !== null ? mergeTaskFileTexts(base, ours, theirs) : null
      if (merged === null || !merged.ok)
        return rescue(ctx, {
          reason: null,
          files: conflicts,
          pending,
          detail: merged && !merged.ok ? merged.reason : 'deleted on one side'
        })
      const problems = taskFileProblems(ctx, merged.text)
      if (problems.length > 0) return rescueInvalid(ctx, problems, pending)
      notes.push(...merged.notes)
      await writeTaskFile(ctx, merged.text)
      await git.addPaths([taskFile])
    }
    r = await git.rebaseStep((await git.nothingStaged()) ? 'skip' : 'continue')
  }
  for (const n of notes) ctx.log('warning', `task.json merge: ${n}`)
  return r
}

/** A shallow clone may not reach the fork point: deepen step by step, then fetch everything. */
async function ensureMergeBase(ctx: PersistContext, a: string, b: string): Promise<string | null> {
  const { git } = ctx
  let mb = await git.mergeBase(a, b)
  for (let i = 0; mb === null && i < 4 && (await git.isShallow()); i++) {
    ctx.log('info', 'Shallow clone: fetching more history to find where the remote branch forked.')
    await git.fetchBranch(
      ctx.options.remote,
      ctx.workBranch,
      i < 3 ? { deepen: 100 * 10 ** i } : { unshallow: true }
    )
    mb = await git.mergeBase(a, b)
  }
  return mb
}

function sameJson(a: string, b: string): boolean {
  try {
    return canonicalJson(JSON.parse(a)) === canonicalJson(JSON.parse(b))
  } catch {
    return false
  }
}
