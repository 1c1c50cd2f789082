/**
 * Running tasks through the engine for a mode on the frame (pipeline.ts): the engine's ports over the
 * persister, Claude, `verify` and the files; the live log and the annotations; and why the step fails after.
 */
import { apiHost } from '../infra/claude/api-host.js'
import type { TaskFeedback } from '../engine/prompt.js'
import { Engine } from '../engine/engine.js'
import type { ClaudePort, RepoPort, VerifyPort, WorkspacePort } from '../engine/ports.js'
import { combineObservers, type RunObserver } from '../engine/events.js'
import type { RunReport } from '../engine/report-model.js'
import { messageOf, RunSetupError } from '../shared/errors.js'
import { producedFilesOnDisk, taskFileOnDisk } from '../infra/files.js'
import { verifyRunner } from '../infra/verify.js'
import { hidePersistedCredentials } from '../infra/git/auth.js'
import type { Persister } from '../persist/persister.js'
import { LogFormatter } from '../report/log.js'
import type { Redactor } from '../report/redact.js'
import type { Settings } from '../inputs/settings.js'
import type { TaskDocument } from '../taskfile/document.js'
import {
  claudePort,
  type ClaudeSession,
  type Frame,
  type IdleSession,
  type SetupContext
} from './pipeline.js'
import { MAX_ANNOTATIONS } from './ui.js'

/** `https://github.com/<owner>/<repo>/commit/`, when the repository is known. */
export function commitUrlBase(ctx: SetupContext): string | undefined {
  const [owner, repo] = (ctx.repository ?? '').split('/')
  return ctx.serverUrl && owner && repo
    ? `${ctx.serverUrl.replace(/\/+$/, '')}/${owner}/${repo}/commit/`
    : undefined
}

/** A task whose commit was just pushed (the engine learns its hash only afterwards). */
export interface JustCommitted {
  taskId: string
  commit: string
}

export interface TaskRunInput extends Frame {
  /**
   * Claude and the sandbox as started for the run; an IdleSession when the run was known to start no task
   * (runHasWork): its Claude and `verify` ports then refuse, which would be a bug in that rule.
   */
  session: ClaudeSession | IdleSession
  doc: TaskDocument
  persister: Persister
  /** The tasks this run may start (empty: every ready task). */
  only: string[]
  workspaces?: WorkspacePort
  /** Review feedback for tasks sent back from a pull request (`mode: review`). */
  feedback?: ReadonlyMap<string, TaskFeedback>
  /** Extra trailers for a task's commit. */
  trailers?: (taskId: string) => string[] | undefined
  /** Called after every push: a task's commit (`justCommitted`) or a state commit. */
  afterPush?: (engine: Engine, justCommitted?: JustCommitted) => Promise<void>
  /** Another reader of the run's events, next to the live log and the annotations. */
  observer?: RunObserver
}

export interface TaskRunResult {
  engine: Engine
  report: RunReport
  /** A git or file failure that stopped the run (the state on disk is valid). */
  runError?: string
  /** Whether anything was pushed. */
  pushed: boolean
}

/** The port of a tool this run did not start, because no task was to run: calling it is a bug. */
function notStarted(what: string): ClaudePort & VerifyPort {
  const refuse = () =>
    Promise.reject(new Error(`${what} was not started: this run found no task to run (report this as a bug)`))
  return { run: refuse }
}

/**
 * Runs tasks through the engine: Claude as the settings say, one commit (and push) per task, the live log,
 * annotations for failures and hard stops. A git failure mid-run is reported, not thrown: the report stands.
 */
export async function runTasks(p: TaskRunInput): Promise<TaskRunResult> {
  const { settings, ui, ctx, persister, redactor, guard, say } = p
  const { session } = p
  const started = 'claudePath' in session ? session : undefined
  let pushed = false
  const afterPush = async (justCommitted?: JustCommitted) => {
    pushed = true
    await p.afterPush?.(engine, justCommitted)
  }
  const repoPort: RepoPort = {
    snapshot: () => persister.snapshot(),
    changedFiles: since => persister.changedFiles(since),
    restore: since => persister.restore(since),
    recordTask: async (t, hooks) => {
      const trailers = p.trailers?.(t.taskId)
      const r = await persister.recordTask(trailers ? { ...t, trailers } : t, hooks)
      if (r.commit && settings.git.push) await afterPush({ taskId: t.taskId, commit: r.commit })
      return r
    },
    recordState: async (message, hooks) => {
      const r = await persister.recordState(message, hooks)
      if (r.commit && settings.git.push) await afterPush()
      return r
    }
  }

  const formatter = new LogFormatter({ redact: t => redactor.redact(t), apiHost: apiHost(session.env) })
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
    },
    ...(p.observer ? [p.observer] : [])
  )

  const engine: Engine = new Engine({
    doc: p.doc,
    taskFilePath: settings.taskFilePath,
    taskFileDisplay: settings.taskFileDisplay,
    cwd: settings.workingDirectory,
    repo: repoPort,
    workspaces: p.workspaces,
    claude: started ? claudePort(started, settings) : notStarted('Claude'),
    taskDefaults: {
      model: settings.claude.model,
      maxTurns: settings.claude.maxTurns,
      allowedTools: settings.claude.allowedTools
    },
    verify: started
      ? verifyRunner({ env: session.env, contain: started.sandbox.contain })
      : notStarted('verify'),
    taskFile: taskFileOnDisk(settings.taskFilePath, guard),
    producedFiles: producedFilesOnDisk,
    limits: settings.limits,
    only: p.only,
    transcriptsDir: session.transcriptsDir,
    observer,
    redact: t => guard.scrub(t, "a task's output (Claude's messages, tool results or verify output)"),
    containsSecret: t => redactor.containsSecret(t),
    repoRoot: persister.git.cwd,
    signal: ctx.signal,
    heartbeatMs: ctx.heartbeatMs,
    backoffMs: ctx.backoffMs,
    commitUrlBase: commitUrlBase(ctx),
    feedback: p.feedback,
    sandbox: started?.sandbox.report
  })

  let report: RunReport
  let runError: string | undefined
  const restoreCredentials = await hidePersistedCredentials(persister.git, msg => say('warning', msg))
  try {
    report = await engine.run()
  } catch (error) {
    if (error instanceof RunSetupError) throw error
    // A push conflict or a git failure mid-run: the state on disk is valid; say what happened, keep the report.
    runError = messageOf(error)
    report = engine.report()
    // When the engine stopped on it, its stop line already said it.
    if (!report.stopReason) {
      say('error', runError)
      report.stopReason = { kind: 'error', message: runError }
    }
  } finally {
    await restoreCredentials()
  }
  return { engine, report, runError, pushed }
}

/** Why the step fails after a run, or undefined (redacted). */
export function runFailure(
  settings: Settings,
  redactor: Redactor,
  run: { report: RunReport; runError?: string },
  prFailure?: string
): string | undefined {
  const { report, runError } = run
  const failed = report.tasks.filter(t => t.ranThisRun && t.status === 'failed')
  let failure: string | undefined
  if (runError) failure = runError
  else if (report.stopReason && ['credentials', 'error', 'cancelled'].includes(report.stopReason.kind))
    failure = `the run stopped: ${report.stopReason.message}`
  else if (failed.length && settings.failOnTaskFailure)
    failure = `${failed.length} task(s) failed: ${failed.map(t => `${t.id} (${t.error ?? 'no reason'})`).join('; ')}`
  if (prFailure) failure = failure ? `${failure}; ${prFailure}` : prFailure
  return failure ? redactor.redact(failure) : undefined
}
