/**
 * The frame the modes that change the repository share (`run`, `decompose`, `review`): set-up → the mode's
 * own work → publishing. runOnFrame does the set-up in one order for every mode: the secrets and the guarded
 * log, the mode's own reading and checks, the credential and the pull-request target, Claude and the
 * sandbox, then the repository (Persister.prepare) — everything that can be checked is checked before the
 * repository is touched, since a mistake found after Persister.prepare would leave the checkout on a branch
 * the run created. After the work, whatever happened, the checkout goes back (Persister.finish) and the
 * sandbox stops. The pieces the work uses to publish are here too: running tasks through the engine,
 * keeping the pull request up to date, and the outputs and summary at the end.
 */
import { rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { apiHost } from '../infra/claude/api-host.js'
import { resolveClaude } from '../infra/claude/install.js'
import { claudeEnv } from '../infra/claude/process.js'
import type { TaskFeedback } from '../engine/prompt.js'
import { Engine } from '../engine/engine.js'
import type { RepoPort, VerifyPort, WorkspacePort } from '../engine/ports.js'
import { SerialQueue } from '../shared/serial.js'
import { messageOf, RunSetupError } from '../shared/errors.js'
import { claudeRunner } from '../infra/claude/runner.js'
import { producedFilesOnDisk, taskFileOnDisk } from '../infra/files.js'
import { verifyRunner } from '../infra/verify.js'
import { hidePersistedCredentials } from '../infra/git/auth.js'
import { Git } from '../infra/git/git.js'
import { Persister } from '../persist/persister.js'
import { connectGitHub } from '../infra/github/connect.js'
import type { ApiTarget } from '../infra/github/pulls.js'
import type { ClaudePort, GitHubPort, GitHubTarget, PullRequestResult } from '../engine/ports.js'
import { TaskGraph } from '../plan/graph.js'
import { combineObservers, type RunObserver } from '../engine/events.js'
import { LogFormatter } from '../report/log.js'
import type { RunReport, SandboxReport } from '../engine/report-model.js'
import { renderPullRequestBody } from '../report/pr-body.js'
import { runRedactor, SecretGuard, type Redactor } from '../report/redact.js'
import type { Scrubber } from '../shared/scrubber.js'
import { renderSummary } from '../report/summary.js'
import type { Contain } from '../infra/sandbox/types.js'
import type { Settings } from '../inputs/settings.js'
import type { TaskDocument } from '../taskfile/document.js'
import { setStateOutputs } from './plan.js'
import { guardedUi, MAX_ANNOTATIONS, type Ui } from './ui.js'

export type Say = (level: 'info' | 'warning' | 'error', text: string) => void

/**
 * On a cancel the runner sends SIGINT, then SIGTERM about 7.5 s later, then kills the job about 2.5 s after
 * that. Claude Code gets this long between SIGTERM and SIGKILL, so the state commit and its push still fit.
 */
export const CANCEL_KILL_GRACE_MS = 2_000

/** What the modes get from their surroundings (the action or the local command). */
export interface SetupContext {
  /** Names the rescue branch; unique per workflow run. */
  runId: string
  /** e.g. https://github.com: scopes the push credential and builds commit links. */
  serverUrl?: string
  /** owner/name, when known (in Actions): enables commit links and pull requests. */
  repository?: string
  /** Where transcripts go (RUNNER_TEMP in Actions). */
  tempDir?: string
  env: NodeJS.ProcessEnv
  /** The first wait before pushing again (tests shorten it; default 1 s). */
  pushBackoffMs?: number
}

export interface RunContext extends SetupContext {
  signal: AbortSignal
  apiUrl?: string
  /** Heartbeat interval (tests shorten it). */
  heartbeatMs?: number
  backoffMs?: (attempt: number) => number
}

/** What every mode works with from its start: the guarded Ui (the one passed in is not used again). */
export interface Frame {
  settings: Settings
  ctx: RunContext
  ui: Ui
  say: Say
  redactor: Redactor
  /** Every text that leaves the process passes it (see SecretGuard). */
  guard: SecretGuard
  /** The GitHub API for a repository, with this run's API URL and secret guard. */
  github(target: GitHubTarget): GitHubPort
}

/** Claude as this run starts it, for the engine and for decompose alike (see Workspace.claude). */
export interface ClaudeSession {
  claudePath: string
  /** `claude-args`, split. */
  extraArgs: string[]
  /** Containment of Claude and `verify` (see startSandbox). */
  sandbox: SandboxSession
  env: NodeJS.ProcessEnv
  /** Where the transcripts go (also the `transcripts-dir` output). */
  transcriptsDir: string
  /** The input to name when the API refuses the credential. */
  credentialSource: string
}

/** A session in which Claude and the sandbox were not started (nothing was to run). */
export type IdleSession = Pick<ClaudeSession, 'env' | 'transcriptsDir' | 'credentialSource'>

/** The frame once the repository is prepared. */
export interface Workspace extends Frame {
  persister: Persister
  /** The repository pull requests go to (from GITHUB_REPOSITORY). */
  owner: string
  repo: string
  /**
   * Claude, the sandbox and the session's environment, set up once: the CLI and the sandbox before the
   * repository is touched when the mode says `claude: 'up-front'`, on the first call otherwise.
   */
  claude(): Promise<ClaudeSession>
  /** The session's environment alone, Claude and the sandbox not started: for work that runs no task. */
  idleSession(): IdleSession
  /** Stops the sandbox when it was started; once, never throws. */
  stopSandbox(): Promise<void>
  /** Persister.finish once (a branch this run created and never committed to is dropped); never throws. */
  restoreCheckout(): Promise<void>
}

/** What a mode's `read` returns to end the mode before anything is set up (nothing to do). */
export class Done<Outcome> {
  constructor(readonly outcome: Outcome) {}
}

export type ClaudeStart = 'up-front' | 'on-demand'

/** What a mode supplies to the frame: only what differs between the modes. */
export interface Mode<Input, Outcome> {
  /** Reads and checks what the mode needs before anything is set up; a Done ends the mode there. */
  read(frame: Frame): Promise<Input | Done<Outcome>>
  /**
   * `up-front`: Claude is found and the sandbox started before the repository; `on-demand`: by the work.
   * A function decides from the input (a run with nothing to do starts neither).
   */
  claude: ClaudeStart | ((frame: Frame, input: Input) => ClaudeStart)
  /** Whether the work may start Claude, so its credential is required (default: yes). */
  needsCredential?(input: Input): boolean
  /** The mode's own checks, after the credential and the pull-request target, still before the repository. */
  check?(frame: Frame, input: Input): void
  /** The branch the work goes to (undefined: the one checked out). */
  branch(frame: Frame, input: Input): string | undefined
  /** Reads the input again when the work branch is another branch (it holds its own task file). */
  reread?(frame: Frame, input: Input): Promise<Input>
  /** The mode's own work and its publishing. */
  work(workspace: Workspace, input: Input): Promise<Outcome>
}

/** The Claude port over the CLI as this run starts it: the one place a mode gets Claude from. */
export function claudePort(session: ClaudeSession, settings: Settings): ClaudePort {
  return claudeRunner({
    path: session.claudePath,
    env: session.env,
    permissionMode: settings.claude.permissionMode,
    disallowedTools: settings.claude.disallowedTools,
    appendSystemPrompt: settings.claude.appendSystemPrompt,
    extraArgs: session.extraArgs,
    credentialSource: session.credentialSource,
    contain: session.sandbox.contain,
    killGraceMs: CANCEL_KILL_GRACE_MS
  })
}

/** The GitHub port for `target`, at the context's API URL. */
export function gitHub(ctx: { apiUrl?: string }, target: Omit<ApiTarget, 'apiUrl'>): GitHubPort {
  return connectGitHub({ ...target, apiUrl: ctx.apiUrl })
}

/** Runs a mode on the frame: set-up, the mode's work, then the checkout put back and the sandbox stopped. */
export async function runOnFrame<Input, Outcome>(
  mode: Mode<Input, Outcome>,
  settings: Settings,
  outerUi: Ui,
  ctx: RunContext
): Promise<Outcome> {
  const secrets = secretsAndLog(settings, outerUi)
  const frame: Frame = {
    settings,
    ctx,
    ...secrets,
    github: target => gitHub(ctx, { ...target, outbound: secrets.guard })
  }
  const { say, ui } = frame
  const read = await mode.read(frame)
  if (read instanceof Done) return read.outcome
  let input = read
  if (mode.needsCredential?.(input) ?? true) requireCredential(settings, ctx.env)
  const { owner, repo } = pullRequestTarget(settings, ctx.repository)
  mode.check?.(frame, input)

  let tools: { claudePath: string; sandbox: SandboxSession } | undefined
  const startTools = async () => {
    const { claudePath } = await prepareClaude(settings, ctx, say)
    tools = { claudePath, sandbox: await startSandbox(settings, ctx, say, ui) }
    return tools
  }
  const start = typeof mode.claude === 'function' ? mode.claude(frame, input) : mode.claude
  if (start === 'up-front') await startTools()
  let sandboxStopped: Promise<void> | undefined
  const stopSandbox = async () => {
    if (tools) await (sandboxStopped ??= tools.sandbox.stop())
  }
  try {
    const persister = await preparePersister(settings, ctx, mode.branch(frame, input), say, frame.guard)
    let restored: Promise<void> | undefined
    const restoreCheckout = () =>
      (restored ??= persister
        .finish()
        .catch((e: Error) => say('warning', `could not restore the checkout: ${e.message}`)))
    let basics: IdleSession | undefined
    const idleSession = () => (basics ??= claudeSession(settings, ctx, ui))
    let session: Promise<ClaudeSession> | undefined
    const claude = () =>
      (session ??= (async () => {
        const { claudePath, sandbox } = tools ?? (await startTools())
        return { claudePath, extraArgs: settings.claude.extraArgs, sandbox, ...idleSession() }
      })())
    // From here on the checkout may be on a branch this run created: whatever happens, go back and drop it
    // when nothing was committed to it (finish() does nothing otherwise).
    try {
      if (mode.reread && settings.git.commit && persister.workBranch !== persister.startBranch)
        input = await mode.reread(frame, input)
      return await mode.work(
        { ...frame, persister, owner, repo, claude, idleSession, stopSandbox, restoreCheckout },
        input
      )
    } finally {
      await restoreCheckout()
    }
  } finally {
    await stopSandbox()
  }
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

/**
 * The run's secrets, the guard every outgoing text passes (see SecretGuard), the Ui behind that guard
 * (use it instead of the one passed in), and a logger over it.
 */
function secretsAndLog(
  settings: Settings,
  ui: Ui
): { redactor: Redactor; guard: SecretGuard; ui: Ui; say: Say } {
  const redactor = runRedactor(settings)
  // Said in the log and on the run's page: it means something tried to carry a secret out (at most one per
  // channel, so a handful of annotations at worst).
  const guard = new SecretGuard(redactor, message => {
    ui.log({ kind: 'line', level: 'warning', text: message })
    ui.annotate('warning', message, undefined, 'Secret masked')
  })
  const safe = guardedUi(ui, guard)
  // Not redacted here: the guarded Ui does it, and says so when a secret of the run was in the text.
  const say: Say = (level, text) => safe.log({ kind: 'line', level, text })
  return { redactor, guard, ui: safe, say }
}

function usesCloudProvider(env: NodeJS.ProcessEnv): boolean {
  return ['CLAUDE_CODE_USE_BEDROCK', 'CLAUDE_CODE_USE_VERTEX', 'CLAUDE_CODE_USE_FOUNDRY'].some(k => !!env[k])
}

/**
 * In Actions a missing secret is the usual mistake: say so before anything runs. Locally a `claude login`
 * session may be all there is; the CLI's own 401 then stops the run with the same advice.
 */
function requireCredential(settings: Settings, env: NodeJS.ProcessEnv): void {
  if (settings.claude.apiKey || settings.claude.oauthToken || usesCloudProvider(env)) return
  if (env.GITHUB_ACTIONS !== 'true') return
  throw new RunSetupError(
    'No Anthropic credential: set the `anthropic-api-key` input (for example `${{ secrets.ANTHROPIC_API_KEY }}`), ' +
      'the `claude-code-oauth-token` input, or ANTHROPIC_API_KEY in the environment.'
  )
}

/** The repository a pull request goes to; checked when pull requests are on (and pushed). */
function pullRequestTarget(
  settings: Settings,
  repository: string | undefined
): { owner: string; repo: string } {
  const [owner = '', repo = ''] = (repository ?? '').split('/')
  if (settings.pullRequest.enabled && settings.git.push) {
    if (!settings.git.token) throw new RunSetupError('pull-request: true needs the `github-token` input')
    if (!owner || !repo) throw new RunSetupError('pull-request: true needs GITHUB_REPOSITORY (owner/name)')
  }
  return { owner, repo }
}

/** The CLI itself (found on PATH or installed with npm). */
async function prepareClaude(
  settings: Settings,
  ctx: SetupContext,
  say: Say
): Promise<{ claudePath: string }> {
  const claudePath = await resolveClaude({
    path: settings.claude.path,
    version: settings.claude.version,
    env: ctx.env,
    installDir: path.join(ctx.tempDir ?? os.tmpdir(), 'taskmesh', 'claude'),
    log: msg => say('info', msg)
  })
  return { claudePath }
}

/** Persister.prepare with the settings' git options. */
function preparePersister(
  settings: Settings,
  ctx: SetupContext,
  branch: string | undefined,
  say: Say,
  outbound: Scrubber
): Promise<Persister> {
  return Persister.prepare({
    repoDir: settings.workingDirectory,
    taskFile: path.relative(settings.workingDirectory, settings.taskFilePath),
    taskFormat: settings.taskFormat,
    identity: { name: settings.git.userName, email: settings.git.userEmail },
    commit: settings.git.commit,
    push: settings.git.push,
    branch,
    token: settings.git.token,
    serverUrl: ctx.serverUrl,
    runId: ctx.runId,
    allowDirty: settings.git.allowDirty,
    log: (level, msg) => say(level, msg),
    outbound,
    backoffMs: ctx.pushBackoffMs
  })
}

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
 * What the modes start Claude with: its environment, the folder its transcripts go to (also the
 * `transcripts-dir` output), and the input to name when the API refuses the credential.
 */
function claudeSession(settings: Settings, ctx: SetupContext, ui: Ui): IdleSession {
  const transcriptsDir = path.join(ctx.tempDir ?? os.tmpdir(), 'taskmesh', 'transcripts', ctx.runId)
  ui.setOutput('transcripts-dir', transcriptsDir)
  return {
    env: claudeEnv(ctx.env, { apiKey: settings.claude.apiKey, oauthToken: settings.claude.oauthToken }),
    transcriptsDir,
    credentialSource: settings.claude.oauthToken
      ? 'the `claude-code-oauth-token` input (is the token expired?)'
      : 'the `anthropic-api-key` input / ANTHROPIC_API_KEY secret'
  }
}

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

/**
 * An action killed with SIGKILL while a task ran leaves the sandbox's mount points (empty `.bashrc`,
 * `.vscode/`, … in the working directory) behind, and the next run would find the tree dirty. Empty ones
 * that git does not track are removed; anything else is left alone.
 */
async function removeStaleMountPoints(find: (dir: string) => string[], say: Say): Promise<void> {
  const dir = process.cwd()
  const candidates = find(dir)
  if (!candidates.length) return
  const tracked = await new Git(dir).trackedAmong(candidates)
  if (!tracked) return
  const stale = candidates.filter(c => !tracked.has(c) && ![...tracked].some(t => t.startsWith(`${c}/`)))
  for (const name of stale) await rm(path.join(dir, name), { recursive: true, force: true })
  if (stale.length)
    say('info', `sandbox: removed mount points an interrupted run left behind: ${stale.join(', ')}`)
}

/**
 * What the modes get from startSandbox: the containment (when on), the report's line, and a stop that never
 * throws (a failure to stop is a warning: it must not hide the run's own outcome).
 */
export interface SandboxSession {
  contain?: Contain
  report: Omit<SandboxReport, 'denied'>
  stop(): Promise<void>
}

/**
 * Sets up containment before the repository is touched (so `sandbox: required` fails with nothing changed).
 * `auto` falls back to running uncontained with a warning in the log (the summary says it too); `off` says
 * so once. The sandbox module (and its bundled dependency) is loaded only when it is needed.
 */
export async function startSandbox(
  settings: Settings,
  ctx: SetupContext,
  say: Say,
  ui?: Ui
): Promise<SandboxSession> {
  const mode = settings.sandbox.mode
  const none = async () => {}
  if (mode === 'off') {
    say(
      'warning',
      "sandbox: off — Claude and verify run with the runner's own access to files, processes and the network"
    )
    return { report: { state: 'off' }, stop: none }
  }
  const { Sandbox, emptyMountPoints } = await import('../infra/sandbox/sandbox.js')
  await removeStaleMountPoints(emptyMountPoints, say)
  const tempRoot = path.join(ctx.tempDir ?? os.tmpdir(), 'taskmesh', 'sandbox', ctx.runId)
  const started = await Sandbox.start({
    allowedDomains: settings.sandbox.allowedDomains,
    env: ctx.env,
    tempRoot,
    // A CLI installed by the action lives in the temp folder, which the sandbox hides.
    readable: [path.join(ctx.tempDir ?? os.tmpdir(), 'taskmesh', 'claude')]
  })
  for (const n of started.notes) say('info', `sandbox: ${n}`)
  if (!started.ok) {
    if (mode === 'required')
      throw new RunSetupError(`sandbox: required, but containment cannot be set up: ${started.reason}`)
    const warning =
      `NOT SANDBOXED: ${started.reason}. Claude and verify run with the runner's own access to files, ` +
      'processes and the network (the GitHub token of this job stays out of their environment, but ' +
      'not out of /proc). Set `sandbox: required` to fail instead.'
    say('warning', warning)
    ui?.annotate('warning', warning, undefined, 'Not sandboxed')
    return { report: { state: 'uncontained', reason: started.reason }, stop: none }
  }
  say('info', `sandbox: on (bubblewrap); network allowed to ${started.allow.join(', ')}`)
  const sandbox = started.sandbox
  return {
    contain: sandbox.contain,
    report: { state: 'contained', allow: started.allow },
    stop: () => sandbox.stop().catch((e: Error) => say('warning', `could not stop the sandbox: ${e.message}`))
  }
}
