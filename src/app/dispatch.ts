/**
 * `dispatch-next: true`: when tasks are ready after this run (or this wave of a matrix), start the same
 * workflow again with workflow_dispatch, on the same ref, so a graph completes wave after wave without a
 * person. Events made with GITHUB_TOKEN start no workflows, except workflow_dispatch — which is why this works.
 */
import { dispatchWorkflow } from '../github/pulls.js'
import type { Ui } from './ui.js'

export interface DispatchContext {
  token?: string
  apiUrl?: string
  /** owner/name */
  repository?: string
  /** GITHUB_WORKFLOW_REF: `owner/repo/.github/workflows/taskmesh.yml@refs/heads/main`. */
  workflowRef?: string
  /** GITHUB_REF of this run. */
  ref?: string
}

/** The workflow file name from GITHUB_WORKFLOW_REF. */
export function workflowFile(workflowRef: string | undefined): string | undefined {
  const m = /\/\.github\/workflows\/([^@/]+)@/.exec(workflowRef ?? '')
  return m?.[1]
}

/**
 * Dispatches the next wave when `ready` is not empty and `progressed` (this run finished at least one task,
 * or this is the plan step after a wave) — never when nothing moved, so a run cannot loop on itself.
 */
export async function dispatchNextWave(
  ui: Ui,
  ctx: DispatchContext,
  a: { ready: string[]; progressed: boolean }
): Promise<boolean> {
  const say = (text: string, level: 'info' | 'warning' = 'info') => ui.log({ kind: 'line', level, text })
  if (!a.ready.length) {
    say('dispatch-next: no task is ready; not starting another run')
    return false
  }
  if (!a.progressed) {
    say(
      'dispatch-next: this run finished no task; not starting another run (it would do the same)',
      'warning'
    )
    return false
  }
  const [owner, repo] = (ctx.repository ?? '').split('/')
  const workflow = workflowFile(ctx.workflowRef)
  if (!ctx.token || !owner || !repo || !workflow || !ctx.ref)
    throw new Error(
      'dispatch-next needs github-token, GITHUB_REPOSITORY, GITHUB_WORKFLOW_REF and GITHUB_REF (it runs in GitHub Actions only)'
    )
  await dispatchWorkflow({
    token: ctx.token,
    apiUrl: ctx.apiUrl,
    owner,
    repo,
    workflowId: workflow,
    ref: ctx.ref
  })
  say(
    `dispatch-next: started ${workflow} on ${ctx.ref} for ${a.ready.length} ready task(s): ${a.ready.slice(0, 20).join(', ')}`
  )
  ui.setOutput('dispatched', 'true')
  return true
}
