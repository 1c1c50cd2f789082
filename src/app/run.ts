/**
 * `mode: run`: settings → task file → repository → engine → outputs, summary, pull request.
 * Shared by the action and the local command; the surroundings come in through Ui and RunContext.
 */
import os from 'node:os'
import path from 'node:path'
import { Engine, RunSetupError, type RepoPort } from '../engine/run.js'
import { Persister, PersistError } from '../git/persist.js'
import { Worktrees } from '../git/worktrees.js'
import { hidePersistedCredentials } from '../git/auth.js'
import { upsertPullRequest, type PullRequestResult } from '../github/pulls.js'
import { combineObservers, type RunObserver } from '../report/events.js'
import { LogFormatter } from '../report/log.js'
import type { RunReport } from '../report/model.js'
import type { TaskDocument } from '../taskfile/document.js'
import { renderPullRequestBody } from '../report/pr-body.js'
import type { Redactor, SecretGuard } from '../report/redact.js'
import { renderSummary } from '../report/summary.js'
import { TaskGraph } from '../graph.js'
import type { Settings } from '../settings.js'
import { loadTaskFile, setStateOutputs } from './plan.js'
import {
  claudeSession,
  prepareClaude,
  preparePersister,
  pullRequestBase,
  pullRequestTarget,
  requireCredential,
  secretsAndLog,
  setBranchOutputs
} from './setup.js'
import { MAX_ANNOTATIONS, type Ui } from './ui.js'

/**
 * On a cancel the runner sends SIGINT, then SIGTERM about 7.5 s later, then kills the job about 2.5 s after
 * that. Claude Code gets this long between SIGTERM and SIGKILL, so the state commit and its push still fit.
 */
export const CANCEL_KILL_GRACE_MS = 2_000

export interface RunContext {
  signal: AbortSignal
  /** Names the rescue branch; unique per workflow run. */
  runId: string
  /** e.g. https://github.com: scopes the push credential and builds commit links. */
  serverUrl?: string
  apiUrl?: string
  /** owner/name, when known (in Actions): enables commit links and pull requests. */
  repository?: string
  /** Where transcripts go (RUNNER_TEMP in Actions). */
  tempDir?: string
  env: NodeJS.ProcessEnv
  /** Heartbeat interval (tests shorten it). */
  heartbeatMs?: number
  backoffMs?: (attempt: number) => number
}

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

  const branch =
    settings.git.branch ?? (settings.pullRequest.enabled ? defaultBranch(doc.data.project) : undefined)
  const persister = await preparePersister(settings, ctx, branch, say, guard)
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
      extraArgs
    })
  } catch (error) {
    await persister
      .finish()
      .catch((e: Error) => say('warning', `could not restore the checkout: ${e.message}`))
    throw error
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
  say: (level: 'info' | 'warning' | 'error', text: string) => void
  claudePath: string
  extraArgs: string[]
}

async function runPrepared(p: Prepared): Promise<RunOutcome> {
  const { settings, ui, ctx, persister, redactor, guard, say, claudePath, extraArgs } = p
  let doc = p.doc
  const prEnabled = settings.pullRequest.enabled
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

  const session = claudeSession(settings, ctx, ui)

  const [owner, repo] = (ctx.repository ?? '').split('/')
  const commitUrlBase =
    ctx.serverUrl && owner && repo
      ? `${ctx.serverUrl.replace(/\/+$/, '')}/${owner}/${repo}/commit/`
      : undefined

  // Pull request: opened after the first push, updated after every later one so reviewers see progress.
  let pr: PullRequestResult | undefined
  let prCreated = false
  // Checked before any task runs: finding out after the first task was pushed would leave a branch and
  // no pull request.
  const base = pullRequestBase(settings, persister)
  if (prEnabled && !settings.git.push)
    say('warning', 'pull-request: true has no effect with commit: false or push: false (nothing is pushed)')
  /** `justCommitted`: the task whose commit was just pushed (the engine learns its hash only afterwards). */
  const publish = async (justCommitted?: { taskId: string; commit: string }) => {
    if (!prEnabled || !settings.git.push || !settings.git.token || !base) return
    const report = engine.report()
    if (justCommitted) {
      const t = report.tasks.find(x => x.id === justCommitted.taskId)
      if (t) t.commit = justCommitted.commit
    }
    pr = await upsertPullRequest({
      token: settings.git.token,
      apiUrl: ctx.apiUrl,
      owner,
      repo,
      head: persister.workBranch,
      base,
      title: `Taskmesh: ${doc.data.project} (${report.totals.completed}/${report.tasks.length} tasks completed)`,
      body: renderPullRequestBody(report, { redactor }),
      draft: settings.pullRequest.draft,
      labels: settings.pullRequest.labels,
      outbound: guard
    })
    say('info', `pull request #${pr.number} ${pr.operation}: ${pr.url}`)
    // Opened by this run and updated by its later tasks: the run's operation is still `created`.
    if (pr.operation === 'created') prCreated = true
  }
  // The pull request shows progress; it is not the work. An API error after a push (a 502, a missing
  // permission) must not stop the tasks: it is a warning, and the update is tried once more at the end.
  let prStale = false
  const publishAfterPush = async (justCommitted?: { taskId: string; commit: string }) => {
    try {
      await publish(justCommitted)
      prStale = false
    } catch (e) {
      prStale = true
      say(
        'warning',
        `${e instanceof Error ? e.message : String(e)} (the tasks go on; trying again at the end of the run)`
      )
    }
  }

  let pushed = false
  const repoPort: RepoPort = {
    snapshot: () => persister.snapshot(),
    changedFiles: since => persister.changedFiles(since),
    restore: since => persister.restore(since),
    recordTask: async t => {
      const r = await persister.recordTask(t)
      if (r.commit && settings.git.push) {
        pushed = true
        await publishAfterPush({ taskId: t.taskId, commit: r.commit })
      }
      return r
    },
    recordState: async message => {
      const r = await persister.recordState(message)
      if (r.commit && settings.git.push) {
        pushed = true
        await publishAfterPush()
      }
      return r
    }
  }

  const formatter = new LogFormatter({ redact: t => redactor.redact(t) })
  const annotations = { error: 0, warning: 0 }
  const annotateOnce = (level: 'error' | 'warning', message: string, line?: number, title?: string) => {
    if (annotations[level]++ >= MAX_ANNOTATIONS - 1) return
    ui.annotate(level, redactor.redact(message), { file: settings.taskFileDisplay, line }, title)
  }
  const observer: RunObserver = combineObservers(
    { emit: e => formatter.format(e).forEach(l => ui.log(l)) },
    {
      emit: e => {
        if (e.type === 'task-finished' && e.status === 'failed')
          annotateOnce(
            'error',
            `Task ${e.taskId} failed: ${e.error ?? 'no reason given'}`,
            engine.taskLine(e.taskId),
            'Task failed'
          )
        // Budget and rate-limit stops end the step green, so they get a warning of their own; credential
        // and error stops fail the step, whose error annotation already carries the message.
        if (e.type === 'run-stopped' && (e.reason.kind === 'budget' || e.reason.kind === 'rate-limit'))
          annotateOnce('warning', e.reason.message, undefined, `Run stopped (${e.reason.kind})`)
      }
    }
  )

  const engine: Engine = new Engine({
    doc,
    taskFilePath: settings.taskFilePath,
    taskFileDisplay: settings.taskFileDisplay,
    cwd: settings.workingDirectory,
    repo: repoPort,
    workspaces,
    claude: {
      path: claudePath,
      env: session.env,
      model: settings.claude.model,
      maxTurns: settings.claude.maxTurns,
      permissionMode: settings.claude.permissionMode,
      allowedTools: settings.claude.allowedTools,
      disallowedTools: settings.claude.disallowedTools,
      appendSystemPrompt: settings.claude.appendSystemPrompt,
      extraArgs,
      credentialSource: session.credentialSource
    },
    limits: settings.limits,
    only: settings.tasks,
    transcriptsDir: session.transcriptsDir,
    observer,
    redact: t => guard.scrub(t, "a task's output (Claude's messages, tool results or verify output)"),
    containsSecret: t => redactor.containsSecret(t),
    outbound: guard,
    repoRoot: persister.git.cwd,
    signal: ctx.signal,
    heartbeatMs: ctx.heartbeatMs,
    killGraceMs: CANCEL_KILL_GRACE_MS,
    backoffMs: ctx.backoffMs,
    commitUrlBase
  })

  let report: RunReport
  let runError: string | undefined
  const restoreCredentials = await hidePersistedCredentials(persister.git, msg => say('warning', msg))
  try {
    report = await engine.run()
  } catch (error) {
    if (error instanceof RunSetupError) throw error
    // A push conflict or a git failure mid-run: the state on disk is valid; say what happened, keep the report.
    runError = error instanceof PersistError || error instanceof Error ? error.message : String(error)
    report = engine.report()
    // When the engine stopped on it, its stop line already said it.
    if (!report.stopReason) {
      say('error', runError)
      report.stopReason = { kind: 'error', message: runError }
    }
  } finally {
    await restoreCredentials()
  }

  // A pull-request update failed during the run: once more, with the final report. Only this failure fails
  // the step (the message says which permission is missing on a 403).
  let prFailure: string | undefined
  if (prStale)
    try {
      await publish()
    } catch (e) {
      prFailure = e instanceof Error ? e.message : String(e)
    }

  // Outputs and the summary, also when the run stopped early.
  const graph = new TaskGraph(engine.documentTasks())
  const c = graph.classify()
  setStateOutputs(ui, c)
  ui.setOutput('total-cost-usd', report.totals.costUsd.toFixed(6))
  ui.setOutput('stop-reason', report.stopReason?.kind ?? '')
  ui.setOutput('results', JSON.stringify(resultsOutput(report)))
  await persister.finish().catch((e: Error) => say('warning', `could not restore the checkout: ${e.message}`))
  // Created by an earlier update of this run, updated by the last one: the run created it.
  await setBranchOutputs(ui, persister, pr && { ...pr, operation: prCreated ? 'created' : pr.operation })
  if (!pushed && settings.git.commit && report.tasks.every(t => !t.ranThisRun))
    say('info', 'nothing to do: no task was ready')
  await ui.summary(renderSummary(report, { redactor }))

  const failed = report.tasks.filter(t => t.ranThisRun && t.status === 'failed')
  let failure: string | undefined
  if (runError) failure = runError
  else if (report.stopReason && ['credentials', 'error', 'cancelled'].includes(report.stopReason.kind))
    failure = `the run stopped: ${report.stopReason.message}`
  else if (failed.length && settings.failOnTaskFailure)
    failure = `${failed.length} task(s) failed: ${failed.map(t => `${t.id} (${t.error ?? 'no reason'})`).join('; ')}`
  if (prFailure) failure = failure ? `${failure}; ${prFailure}` : prFailure
  return { report, ready: c.ready, failure: failure ? redactor.redact(failure) : undefined }
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
