/**
 * `dispatch-next: true`: when tasks are ready after this run (or this wave of a matrix), start the same
 * workflow again with workflow_dispatch, on the same ref, so a graph completes wave after wave without a
 * person. Events made with GITHUB_TOKEN start no workflows, except workflow_dispatch — which is why this works.
 */
import { completedSince } from '../persist/progress.js'
import { gitHub } from './pipeline.js'
import type { RunReport } from '../engine/report-model.js'
import type { Settings } from '../inputs/settings.js'
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

interface DispatchTarget {
  token: string
  apiUrl?: string
  owner: string
  repo: string
  workflow: string
  ref: string
}

/**
 * Where dispatch-next would start the next run, or what is missing for it. Checked before any task runs (a
 * run that spent money and then cannot dispatch would be a surprise) and again when dispatching.
 */
export function dispatchTarget(ctx: DispatchContext): { target: DispatchTarget } | { problem: string } {
  const [owner = '', repo = ''] = (ctx.repository ?? '').split('/')
  const workflow = workflowFile(ctx.workflowRef) ?? ''
  const missing: string[] = []
  if (!ctx.token) missing.push('the github-token input (the default, github.token, is fine)')
  if (!owner || !repo) missing.push('GITHUB_REPOSITORY')
  if (!workflow) missing.push('GITHUB_WORKFLOW_REF')
  if (!ctx.ref) missing.push('GITHUB_REF')
  if (missing.length || !ctx.token || !ctx.ref)
    return {
      problem:
        `dispatch-next: true needs ${missing.join(', ')}. The GITHUB_* variables are set in a GitHub Actions ` +
        'workflow run only; outside one, leave dispatch-next off. Nothing was run.'
    }
  return { target: { token: ctx.token, apiUrl: ctx.apiUrl, owner, repo, workflow, ref: ctx.ref } }
}

/**
 * Dispatches the next wave when `ready` is not empty and `progressed` (this run finished at least one task,
 * or, in the plan step after a wave, a task was completed since the workflow run started) — never when
 * nothing moved, so a run cannot loop on itself. `stopped`: the run stopped early (a budget, a rate limit):
 * its ready tasks would only stop the same way again.
 */
export async function dispatchNextWave(
  ui: Ui,
  ctx: DispatchContext,
  a: { ready: string[]; progressed: boolean; noProgress?: string; stopped?: string }
): Promise<boolean> {
  const say = (text: string, level: 'info' | 'warning' = 'info') => ui.log({ kind: 'line', level, text })
  if (a.stopped) {
    say(`dispatch-next: stopped: ${a.stopped}; not starting another run`, 'warning')
    return false
  }
  if (!a.ready.length) {
    say('dispatch-next: no task is ready; not starting another run')
    return false
  }
  if (!a.progressed) {
    say(
      a.noProgress
        ? `dispatch-next: ${a.noProgress}; not starting another run (it would do the same)`
        : 'dispatch-next: this run finished no task; not starting another run (it would do the same)',
      'warning'
    )
    return false
  }
  const found = dispatchTarget(ctx)
  if ('problem' in found) throw new Error(found.problem)
  const { workflow, ref, token, owner, repo } = found.target
  await gitHub(ctx, { token, owner, repo }).dispatchWorkflow({ workflowId: workflow, ref })
  say(
    `dispatch-next: started ${workflow} on ${ref} for ${a.ready.length} ready task(s): ${a.ready.slice(0, 20).join(', ')}`
  )
  ui.setOutput('dispatched', 'true')
  return true
}

/** What the dispatch rules read of the workflow run: where to dispatch, and the commit it started from. */
export interface DispatchRun {
  dispatch: DispatchContext
  /** GITHUB_SHA: the commit this workflow run started from. */
  sha?: string
  serverUrl?: string
}

/**
 * Before anything runs, when dispatch-next is on: the next run must be startable (a run that spent money
 * and then cannot dispatch would be a surprise). Decompose never dispatches.
 */
export function checkDispatch(settings: Settings, run: DispatchRun | undefined): void {
  if (!settings.dispatchNext || settings.mode === 'decompose') return
  const found = dispatchTarget(run?.dispatch ?? {})
  if ('problem' in found) throw new Error(found.problem)
}

/**
 * After a wave of a matrix fan-out (`mode: plan` + dispatch-next): start the next wave when tasks are ready
 * and the wave completed at least one (its task commits since the commit this workflow run started from).
 */
export async function dispatchAfterPlan(
  settings: Settings,
  ui: Ui,
  run: DispatchRun | undefined,
  ready: string[]
): Promise<void> {
  if (!settings.dispatchNext) return
  const progress = ready.length
    ? await completedSince({
        repoDir: settings.workingDirectory,
        since: run?.sha,
        ref: run?.dispatch.ref,
        token: settings.git.token,
        serverUrl: run?.serverUrl || 'https://github.com'
      })
    : { progressed: false }
  await dispatchNextWave(ui, run?.dispatch ?? {}, {
    ready,
    progressed: progress.progressed,
    noProgress: progress.reason
  })
}

/** After `mode: run` with dispatch-next: the next wave, when this run completed a task and did not stop hard. */
export async function dispatchAfterRun(
  settings: Settings,
  ui: Ui,
  run: DispatchRun | undefined,
  outcome: { report?: RunReport; ready?: string[] }
): Promise<void> {
  const { report } = outcome
  if (!settings.dispatchNext || !report) return
  // A budget or rate-limit stop: the next run would stop the same way. (A max-tasks stop is the plan.)
  const stoppedHard =
    report.stopReason && report.stopReason.kind !== 'max-tasks' ? report.stopReason : undefined
  await dispatchNextWave(ui, run?.dispatch ?? {}, {
    ready: outcome.ready ?? [],
    progressed: report.tasks.some(t => t.ranThisRun && t.status === 'completed'),
    stopped: stoppedHard && `${stoppedHard.message.replace(/[.\s]+$/, '')} (${stoppedHard.kind})`
  })
}
