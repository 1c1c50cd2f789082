/**
 * Pushing the run's branch: what the remote's answer means (stderr classification), and bounded retries
 * with backoff; a remote that moved meanwhile is brought in (see sync.ts) before the next try.
 */
import type { PersistContext } from './context.js'
import { authError, isAuthFailure } from './error.js'
import { saveAndThrow } from './rescue.js'
import { jitteredBackoff, sleep } from '../shared/retry.js'

/** `[remote rejected]` because a concurrent push moved the ref first (GitHub's and git's wordings). */
const LOCK_RACE =
  /cannot lock ref|failed to lock|is at [0-9a-f]+ but expected|incorrect old value|reference already exists/i

/**
 * What a failed push's output says: `auth`, no credential or a refused one; `moved`, the remote branch
 * has commits we lack, or another push won the race for the ref; `refused`, a hook or branch protection
 * said no (retrying cannot change that); `failed`, anything else (the network, say).
 */
export type PushFailure = 'auth' | 'moved' | 'refused' | 'failed'

export function classifyPushFailure(output: string): PushFailure {
  if (isAuthFailure(output)) return 'auth'
  const behind = /\[rejected\]/.test(output) && /fetch first|non-fast-forward/.test(output)
  // Another push won the race for the ref between our check and our update (many jobs pushing to one
  // branch): GitHub and git answer `[remote rejected] … cannot lock ref …: is at X but expected Y`.
  const lostRace = /\[remote rejected\]/.test(output) && LOCK_RACE.test(output)
  if (/\[remote rejected\]/.test(output) && !lostRace) return 'refused'
  return behind || lostRace ? 'moved' : 'failed'
}

/**
 * Pushes the tip to the work branch. A rejection because the remote moved leads to `bringInRemote` (fetch,
 * rebase) and another try, with backoff, up to maxPushAttempts. Other failures are retried the same way,
 * except authentication ones and refusals. When it fails for good the commits go to the rescue branch and
 * it throws. `rebased`: the remote was brought in at least once.
 */
export async function pushWithRetries(
  ctx: PersistContext,
  bringInRemote: () => Promise<void>
): Promise<{ sha: string; rebased: boolean }> {
  const { git, options: o, workBranch } = ctx
  const max = Math.max(1, o.maxPushAttempts ?? 12)
  const deadline = Date.now() + (o.pushBudgetMs ?? 120_000)
  let rebased = false
  let last = ''
  let attempt = 1
  for (; ; attempt++) {
    const r = await git.pushCommit(o.remote, ctx.tip, workBranch)
    if (r.exitCode === 0) {
      ctx.log('info', `Pushed ${ctx.tip.slice(0, 12)} to ${o.remote}/${workBranch}.`)
      return { sha: ctx.tip, rebased }
    }
    last = r.stderr.trim() || r.stdout.trim()
    const failure = classifyPushFailure(`${r.stdout}\n${r.stderr}`)
    if (failure === 'auth') throw authError(workBranch, last)
    if (failure === 'refused')
      return saveAndThrow(ctx, `${o.remote} refused the push to ${workBranch}: ${last}`, 'push')
    const wait = jitteredBackoff(o.backoffMs ?? 1000, attempt)
    if (attempt >= max || Date.now() + wait > deadline) break
    if (failure === 'failed') ctx.log('warning', `Push attempt ${attempt} of ${max} failed: ${last}`)
    await sleep(wait)
    if (failure === 'moved') {
      ctx.log('info', `${o.remote}/${workBranch} moved meanwhile; rebasing onto it (attempt ${attempt}).`)
      await bringInRemote()
      rebased = true
    }
  }
  return saveAndThrow(
    ctx,
    `Could not push to ${o.remote}/${workBranch} after ${attempt} attempt(s): ${last}`,
    'push'
  )
}
