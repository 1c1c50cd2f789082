/**
 * Publishing a run of tasks: its pull request kept up to date beside the tasks, then the outputs, the branch
 * outputs and the job summary at the end.
 */
import type { Engine } from '../engine/engine.js'
import type { GitHubPort, PullRequestResult } from '../engine/ports.js'
import type { RunReport } from '../engine/report-model.js'
import { TaskGraph } from '../plan/graph.js'
import type { Persister } from '../persist/persister.js'
import { renderPullRequestBody } from '../report/pr-body.js'
import { renderSummary } from '../report/summary.js'
import { SerialQueue } from '../shared/serial.js'
import { messageOf, RunSetupError } from '../shared/errors.js'
import type { Settings } from '../inputs/settings.js'
import type { Workspace } from './pipeline.js'
import { setStateOutputs } from './plan.js'
import type { JustCommitted, TaskRunResult } from './task-run.js'
import type { Ui } from './ui.js'

/**
 * The branch a pull request merges into: `base`, else the branch the run started on. Needs the work branch,
 * so it is checked right after Persister.prepare, before any task runs.
 */
export function pullRequestBase(settings: Settings, persister: Persister): string | undefined {
  const base = settings.git.base ?? persister.startBranch ?? undefined
  if (!settings.pullRequest.enabled || !settings.git.push) return base
  if (!base)
    throw new RunSetupError(
      'pull-request: true on a detached HEAD needs the `base` input (the branch to merge into)'
    )
  if (base === persister.workBranch)
    throw new RunSetupError(
      `the pull request would merge "${base}" into itself: set \`branch\` to another branch`
    )
  return base
}

/**
 * The branch and pull-request outputs, alike in both modes. `head-sha` is what the branch holds from this
 * run: with pushes on, never a local commit that did not reach the remote.
 */
export async function setBranchOutputs(
  ui: Ui,
  persister: Persister,
  pr: PullRequestResult | undefined
): Promise<void> {
  ui.setOutput('branch', persister.resultBranch ?? '')
  ui.setOutput('head-sha', await persister.branchHead())
  ui.setOutput('pull-request-number', pr ? String(pr.number) : '')
  ui.setOutput('pull-request-url', pr?.url ?? '')
  ui.setOutput('pull-request-operation', pr?.operation ?? 'none')
}

/**
 * The run's pull request, opened after the first push and updated after every later one so reviewers see
 * progress. It shows progress; it is not the work: an API error after a push (a 502, a missing permission)
 * is a warning and the update is tried once more at the end (retryIfStale), whose failure fails the step.
 *
 * The updates run one after another beside the tasks, not inside the push: a push is made while the engine
 * holds its repository lock, and an API call there (hundreds of milliseconds on GitHub) would hold every other
 * task's commit back. Asked again while one runs, one more follows it with the state as it is then.
 * retryIfStale waits for them.
 */
export function pullRequestPublisher(
  workspace: Workspace,
  target: { head: string; base: string | undefined; project: () => string }
): {
  afterPush: (engine: Engine, justCommitted?: JustCommitted) => Promise<void>
  retryIfStale: (engine: Engine) => Promise<string | undefined>
  result: () => PullRequestResult | undefined
} {
  const { settings, say } = workspace
  let pr: PullRequestResult | undefined
  let created = false
  let stale = false
  // One client for all the updates of the run (made on the first one).
  let github: GitHubPort | undefined
  const publish = async (engine: Engine, justCommitted?: JustCommitted) => {
    if (!settings.git.push || !settings.git.token || !target.base) return
    const report = engine.report()
    if (justCommitted) {
      const task = report.tasks.find(t => t.id === justCommitted.taskId)
      if (task) task.commit = justCommitted.commit
    }
    github ??= workspace.github({ token: settings.git.token, owner: workspace.owner, repo: workspace.repo })
    pr = await github.upsertPullRequest({
      head: target.head,
      base: target.base,
      title: `Taskmesh: ${target.project()} (${report.totals.completed}/${report.tasks.length} tasks completed)`,
      body: renderPullRequestBody(report, { redactor: workspace.redactor }),
      draft: settings.pullRequest.draft,
      labels: settings.pullRequest.labels
    })
    say('info', `pull request #${pr.number} ${pr.operation}: ${pr.url}`)
    // Opened by this run and updated by its later tasks: the run's operation is still `created`.
    if (pr.operation === 'created') created = true
  }
  const updates = new SerialQueue()
  let queued: { justCommitted?: JustCommitted } | undefined
  return {
    afterPush: async (engine, justCommitted) => {
      // One update already waiting will read the newest state: it only needs this commit's hash too.
      if (queued) {
        queued.justCommitted = justCommitted ?? queued.justCommitted
        return
      }
      const next = { justCommitted }
      queued = next
      void updates.run(async () => {
        queued = undefined
        try {
          await publish(engine, next.justCommitted)
          stale = false
        } catch (e) {
          stale = true
          say('warning', `${messageOf(e)} (the tasks go on; trying again at the end of the run)`)
        }
      })
    },
    retryIfStale: async engine => {
      await updates.run(async () => {}) // the updates asked for so far have been made
      if (!stale) return undefined
      try {
        await publish(engine)
        return undefined
      } catch (e) {
        return messageOf(e)
      }
    },
    result: () => pr && { ...pr, operation: created ? 'created' : pr.operation }
  }
}

/**
 * Publishes a run of tasks, also one that stopped early: the outputs, the checkout put back, the branch
 * outputs and the summary. Returns the tasks that are ready now.
 */
export async function publishRun(
  workspace: Workspace,
  run: Pick<TaskRunResult, 'engine' | 'report'>,
  pr: PullRequestResult | undefined
): Promise<string[]> {
  const { ui } = workspace
  const { report } = run
  const states = new TaskGraph(run.engine.documentTasks()).classify()
  setStateOutputs(ui, states)
  ui.setOutput('total-cost-usd', report.totals.costUsd.toFixed(6))
  ui.setOutput('stop-reason', report.stopReason?.kind ?? '')
  ui.setOutput('results', JSON.stringify(resultsOutput(report)))
  await workspace.restoreCheckout()
  await setBranchOutputs(ui, workspace.persister, pr)
  await ui.summary(renderSummary(report, { redactor: workspace.redactor }))
  return states.ready
}

function resultsOutput(report: RunReport): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  for (const t of report.tasks)
    out[t.id] = {
      status: t.status,
      attempts: t.attempts,
      costUsd: t.costUsd,
      turns: t.turns,
      durationMs: t.durationMs,
      outputs: t.outputs,
      error: t.error ?? null,
      commit: t.commit ?? null
    }
  return out
}
