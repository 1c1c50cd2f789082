/**
 * Who may start a mode that gives an agent write access: a trigger whose task text anybody could write
 * (a fork's pull request, say) is refused unless `allow-untrusted-trigger` says otherwise.
 */
import type { Settings } from '../inputs/settings.js'

/** What the check needs of the workflow context (modes/index.ts's WorkflowContext). */
interface TriggerContext {
  event?: () => Promise<{ name: string; payload: unknown }>
  repository?: string
}

export async function refuseUntrustedTrigger(settings: Settings, ctx: TriggerContext): Promise<void> {
  // The local command has no event: the person at the terminal started it.
  if (!ctx.event) return
  const event = await ctx.event()
  const untrusted = isUntrustedTrigger(event.name, event.payload, ctx.repository ?? '')
  if (untrusted && !settings.allowUntrustedTrigger)
    throw new Error(
      `${untrusted}. Taskmesh refuses to run here: untrusted task text would drive an agent with write access. ` +
        'Set allow-untrusted-trigger: true only if you trust every author who can trigger this workflow.'
    )
}

/** A repository as webhook payloads describe it; null when it was deleted. */
interface RepoRef {
  id?: number
  full_name?: string
}

/** Same repository: by id when both sides carry one (renames keep it), else by name (case-insensitive). */
function sameRepo(a: RepoRef, b: RepoRef): boolean {
  if (typeof a.id === 'number' && typeof b.id === 'number') return a.id === b.id
  return !!a.full_name && !!b.full_name && a.full_name.toLowerCase() === b.full_name.toLowerCase()
}

/**
 * Why this event must not drive an agent with write access, or null when it may. Task text from a fork
 * (or anything run by pull_request_target, which holds secrets for fork PRs) is untrusted input.
 *
 * A pull request is trusted when its head repository is the base repository itself. That repository may
 * well be a fork of another one (`head.repo.fork` is then true for its own branches): the flag says
 * nothing about where the pull request comes from, so it is not used.
 */
export function isUntrustedTrigger(eventName: string, payload: unknown, repoFullName: string): string | null {
  const p = (payload ?? {}) as {
    repository?: RepoRef | null
    pull_request?: { head?: { repo?: RepoRef | null }; base?: { repo?: RepoRef | null } }
    workflow_run?: { head_repository?: RepoRef | null; repository?: RepoRef | null }
  }
  const self: RepoRef = { full_name: repoFullName, ...(p.repository ?? {}) }
  if (eventName === 'pull_request_target')
    return 'the workflow was triggered by pull_request_target, which runs with write access and secrets on behalf of pull requests from forks; task text there is untrusted'
  if (
    eventName === 'pull_request' ||
    eventName === 'pull_request_review' ||
    eventName === 'pull_request_review_comment'
  ) {
    const pr = p.pull_request
    const headRepo = pr?.head?.repo
    const baseRepo = pr?.base?.repo ?? self
    // A deleted fork shows up as a null head repository: treat it as a fork.
    if (pr && (headRepo == null || !sameRepo(headRepo, baseRepo) || !sameRepo(baseRepo, self)))
      return `the pull request comes from a fork (${headRepo?.full_name ?? 'a deleted repository'}); its task text is untrusted`
  }
  if (eventName === 'workflow_run') {
    // Runs after a workflow that a fork's pull request started: its head (branch, artifacts) is the fork's.
    const run = p.workflow_run
    const head = run?.head_repository
    const base = run?.repository ?? self
    if (run && (head == null || !sameRepo(head, base) || !sameRepo(base, self)))
      return `the workflow_run event comes from a run on another repository's code (${head?.full_name ?? 'a deleted repository'}); its task text is untrusted`
  }
  return null
}
