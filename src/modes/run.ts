/**
 * `mode: run`: settings → task file → repository → engine → outputs, summary, pull request.
 * Shared by the action and the local command; the surroundings come in through Ui and RunContext.
 */
import os from 'node:os'
import path from 'node:path'
import { RunSetupError } from '../shared/errors.js'
import type { Persister } from '../persist/persister.js'
import { Worktrees } from '../persist/worktrees.js'
import type { RunReport } from '../engine/report-model.js'
import type { TaskDocument } from '../taskfile/document.js'
import type { Redactor, SecretGuard } from '../report/redact.js'
import type { Settings } from '../inputs/settings.js'
import { loadTaskFile } from './plan.js'
import {
  finishRun,
  prepareClaude,
  preparePersister,
  pullRequestBase,
  pullRequestPublisher,
  pullRequestTarget,
  requireCredential,
  runFailure,
  runTasks,
  startSandbox,
  type SandboxSession,
  secretsAndLog,
  type RunContext,
  type Say
} from './pipeline.js'
import type { Ui } from './ui.js'

export { CANCEL_KILL_GRACE_MS, type RunContext } from './pipeline.js'

export interface RunOutcome {
  report?: RunReport
  /** Tasks ready when the run ended (for dispatch-next). */
  ready?: string[]
  /** Set when the step must fail: a task failed, the run stopped on an error, or the setup was wrong. */
  failure?: string
}

/** `taskmesh/<project-slug>`: the default branch of a pull-request run. */
export function defaultBranch(project: string): string {
  const slug = project
    .toLowerCase()
    .replace(/[^a-z0-9._-]+/g, '-')
    .replace(/^[-.]+|[-.]+$/g, '')
    .slice(0, 60)
  return `taskmesh/${slug || 'tasks'}`
}

export async function runRun(settings: Settings, outerUi: Ui, ctx: RunContext): Promise<RunOutcome> {
  // From here on every text goes out through the guard: the Ui passed in is not used again.
  const { redactor, guard, ui, say } = secretsAndLog(settings, outerUi)
  // Validate before touching the repository; read again after Persister.prepare, which may check out
  // another branch (an existing `branch` holds its own task.json).
  const doc = await loadTaskFile(settings, ui)

  // Everything that can be checked without the repository is checked now, and Claude is found (or installed)
  // now: a mistake found after Persister.prepare would leave the checkout on a new branch.
  requireCredential(settings, ctx.env)
  pullRequestTarget(settings, ctx.repository)
  if (settings.limits.parallel > 1 && !settings.git.commit)
    throw new RunSetupError(
      'parallel > 1 needs commit: true: each task starts from the commits of the tasks it depends on'
    )
  const { claudePath, extraArgs } = await prepareClaude(settings, ctx, say)
  const sandbox = await startSandbox(settings, ctx, say, ui)

  const branch =
    settings.git.branch ?? (settings.pullRequest.enabled ? defaultBranch(doc.data.project) : undefined)
  const persister = await preparePersister(settings, ctx, branch, say, guard).catch(async (e: unknown) => {
    await sandbox.stop()
    throw e
  })
  // From here on the checkout may be on a branch this run created: whatever fails, go back and drop it
  // when nothing was committed to it (finish() does nothing otherwise).
  try {
    return await runPrepared({
      settings,
      ui,
      ctx,
      doc,
      persister,
      redactor,
      guard,
      say,
      claudePath,
      extraArgs,
      sandbox
    })
  } catch (error) {
    await persister
      .finish()
      .catch((e: Error) => say('warning', `could not restore the checkout: ${e.message}`))
    throw error
  } finally {
    await sandbox.stop()
  }
}

interface Prepared {
  settings: Settings
  ui: Ui
  ctx: RunContext
  doc: TaskDocument
  persister: Persister
  redactor: Redactor
  guard: SecretGuard
  say: Say
  claudePath: string
  extraArgs: string[]
  sandbox: SandboxSession
}

async function runPrepared(p: Prepared): Promise<RunOutcome> {
  const { settings, ui, ctx, persister, redactor, say } = p
  let doc = p.doc
  const parallel = settings.limits.parallel
  if (settings.git.commit && persister.workBranch !== persister.startBranch)
    doc = await loadTaskFile(settings, ui, { warnings: false })

  const workspaces =
    parallel > 1
      ? new Worktrees({
          git: persister.git,
          head: () => persister.head(),
          taskFile: persister.taskFile,
          ignore: persister.dirtyPaths,
          subdir: path.relative(persister.git.cwd, settings.workingDirectory),
          root: path.join(ctx.tempDir ?? os.tmpdir(), 'taskmesh', 'worktrees', ctx.runId),
          runId: ctx.runId
        })
      : undefined

  const [owner = '', repo = ''] = (ctx.repository ?? '').split('/')
  // Checked before any task runs: finding out after the first task was pushed would leave a branch and
  // no pull request.
  const base = pullRequestBase(settings, persister)
  if (settings.pullRequest.enabled && !settings.git.push)
    say('warning', 'pull-request: true has no effect with commit: false or push: false (nothing is pushed)')
  const pr = settings.pullRequest.enabled
    ? pullRequestPublisher({
        settings,
        ctx,
        redactor,
        guard: p.guard,
        say,
        owner,
        repo,
        head: persister.workBranch,
        base,
        project: () => doc.data.project
      })
    : undefined

  const run = await runTasks({
    ...p,
    doc,
    only: settings.tasks,
    workspaces,
    afterPush: pr?.afterPush
  })
  const { engine, report } = run

  // A pull-request update failed during the run: once more, with the final report. Only this failure fails
  // the step (the message says which permission is missing on a 403).
  const prFailure = await pr?.retryIfStale(engine)
  const ready = await finishRun({ ui, say, redactor, persister, engine, report, pr: pr?.result() })
  if (!run.pushed && settings.git.commit && report.tasks.every(t => !t.ranThisRun))
    say('info', 'nothing to do: no task was ready')
  return { report, ready, failure: runFailure(settings, redactor, run, prFailure) }
}
