/**
 * The frame the modes that change the repository share (`run`, `decompose`, `review`): set-up → the mode's
 * own work → publishing. runOnFrame does the set-up in one order for every mode: the secrets and the guarded
 * log, the mode's own reading and checks, the credential and the pull-request target, Claude and the
 * sandbox, then the repository (Persister.prepare) — everything that can be checked is checked before the
 * repository is touched, since a mistake found after Persister.prepare would leave the checkout on a branch
 * the run created. After the work, whatever happened, the checkout goes back (Persister.finish) and the
 * sandbox stops. What the work uses next to it: task-run.ts (tasks through the engine), publish.ts (the pull
 * request, the outputs and the summary), sandbox-session.ts (the sandbox as the frame starts it).
 */
import os from 'node:os'
import path from 'node:path'
import { resolveClaude } from '../infra/claude/install.js'
import { claudeEnv } from '../infra/claude/process.js'
import { RunSetupError } from '../shared/errors.js'
import { claudeRunner } from '../infra/claude/runner.js'
import { Persister } from '../persist/persister.js'
import { connectGitHub } from '../infra/github/connect.js'
import type { ApiTarget } from '../infra/github/pulls.js'
import type { ClaudePort, GitHubPort, GitHubTarget } from '../engine/ports.js'
import { runRedactor, SecretGuard, type Redactor } from '../report/redact.js'
import type { Scrubber } from '../shared/scrubber.js'
import type { Settings } from '../inputs/settings.js'
import { startSandbox, type SandboxSession } from './sandbox-session.js'
import { guardedUi, type Say, type Ui } from './ui.js'

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
  // The CLI (an npm install when it is not on PATH) and the sandbox (an apt-get install on a hosted runner,
  // then its proxy) are made ready side by side: a run waits for the longer, not for both. A CLI that cannot
  // be had is the error reported first, as when they ran one after the other, and a sandbox that started for
  // nothing is stopped.
  const startTools = async () => {
    const [claude, sandbox] = await Promise.allSettled([
      prepareClaude(settings, ctx, say),
      startSandbox(settings, ctx, say, ui)
    ])
    if (claude.status === 'rejected') {
      if (sandbox.status === 'fulfilled') await sandbox.value.stop()
      throw claude.reason
    }
    if (sandbox.status === 'rejected') throw sandbox.reason
    tools = { claudePath: claude.value.claudePath, sandbox: sandbox.value }
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
