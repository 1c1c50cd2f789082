/**
 * `mode: run`: the ready tasks of the task file through the engine, on the frame of pipeline.ts: one commit
 * (and push) per task, the pull request kept up to date, outputs and summary at the end.
 * Shared by the action and the local command; the surroundings come in through Ui and RunContext.
 */
import os from 'node:os'
import path from 'node:path'
import { RunSetupError } from '../shared/errors.js'
import { Worktrees } from '../persist/worktrees.js'
import { runHasWork } from '../plan/scheduler.js'
import type { RunReport } from '../engine/report-model.js'
import type { TaskDocument } from '../taskfile/document.js'
import type { Settings } from '../inputs/settings.js'
import { loadTaskFile } from './plan.js'
import { defaultBranch, runOnFrame, type Mode, type RunContext, type Workspace } from './pipeline.js'
import { publishRun, pullRequestBase, pullRequestPublisher } from './publish.js'
import { runFailure, runTasks } from './task-run.js'
import type { Ui } from './ui.js'

export interface RunOutcome {
  report?: RunReport
  /** Tasks ready when the run ended (for dispatch-next). */
  ready?: string[]
  /** Set when the step must fail: a task failed, the run stopped on an error, or the setup was wrong. */
  failure?: string
}

export function runMode(settings: Settings, ui: Ui, ctx: RunContext): Promise<RunOutcome> {
  return runOnFrame(run, settings, ui, ctx)
}

const run: Mode<TaskDocument, RunOutcome> = {
  // Validated before the repository is touched; read again on the work branch (an existing `branch` holds
  // its own task.json).
  read: ({ settings, ui }) => loadTaskFile(settings, ui),
  reread: ({ settings, ui }) => loadTaskFile(settings, ui, { warnings: false }),
  // A run with nothing to do (a finished task file on a schedule) installs no CLI and starts no sandbox.
  claude: ({ settings }, doc) => (hasWork(settings, doc) ? 'up-front' : 'on-demand'),
  check({ settings }) {
    if (settings.limits.parallel > 1 && !settings.git.commit)
      throw new RunSetupError(
        'parallel > 1 needs commit: true: each task starts from the commits of the tasks it depends on'
      )
  },
  branch: ({ settings }, doc) =>
    settings.git.branch ?? (settings.pullRequest.enabled ? defaultBranch(doc.data.project) : undefined),
  work: runPrepared
}

// The scope as the engine sees it: `tasks: 3` names the subtasks of Task Master's task 3.
const hasWork = (settings: Settings, doc: TaskDocument) =>
  runHasWork(doc.data.tasks, doc.expandIds(settings.tasks), settings.limits.retryFailed)

async function runPrepared(workspace: Workspace, doc: TaskDocument): Promise<RunOutcome> {
  const { settings, ctx, persister, redactor, say } = workspace
  const parallel = settings.limits.parallel
  const workspaces =
    parallel > 1
      ? new Worktrees({
          git: persister.git,
          head: () => persister.head(),
          taskFile: persister.taskFile,
          ignore: persister.dirtyPaths,
          subdir: path.relative(persister.git.cwd, settings.workingDirectory),
          root: path.join(ctx.tempDir ?? os.tmpdir(), 'taskmesh', 'worktrees', ctx.runId),
          runId: ctx.runId,
          broughtIn: paths => persister.broughtIn(paths)
        })
      : undefined

  // Checked before any task runs: finding out after the first task was pushed would leave a branch and
  // no pull request.
  const base = pullRequestBase(settings, persister)
  if (settings.pullRequest.enabled && !settings.git.push)
    say('warning', 'pull-request: true has no effect with commit: false or push: false (nothing is pushed)')
  const pr = settings.pullRequest.enabled
    ? pullRequestPublisher(workspace, { head: persister.workBranch, base, project: () => doc.data.project })
    : undefined

  // Decided again on the work branch's file, before anything is committed: a `sandbox: required` that
  // cannot be met still stops the run before its first task.
  const idle = !hasWork(settings, doc)
  const result = await runTasks({
    ...workspace,
    session: idle ? workspace.idleSession() : await workspace.claude(),
    doc,
    only: settings.tasks,
    workspaces,
    afterPush: pr?.afterPush
  })
  const { engine, report } = result

  // A pull-request update failed during the run: once more, with the final report. Only this failure fails
  // the step (the message says which permission is missing on a 403).
  const prFailure = await pr?.retryIfStale(engine)
  const ready = await publishRun(workspace, result, pr?.result())
  if (idle) say('info', 'nothing to do: no task was ready (Claude and the sandbox were not started)')
  else if (!result.pushed && settings.git.commit && report.tasks.every(t => !t.ranThisRun))
    say('info', 'nothing to do: no task was ready')
  return { report, ready, failure: runFailure(settings, redactor, result, prFailure) }
}
