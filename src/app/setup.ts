/**
 * The checks and preparations `mode: run` and `mode: decompose` share, all done before the repository is
 * touched: a mistake found after Persister.prepare would leave the checkout on a branch the run created.
 */
import os from 'node:os'
import path from 'node:path'
import { resolveClaude } from '../claude/install.js'
import { claudeEnv, splitArgs } from '../claude/process.js'
import { RunSetupError } from '../engine/run.js'
import { Persister } from '../git/persist.js'
import type { PullRequestResult } from '../github/pulls.js'
import { runRedactor, SecretGuard, type Redactor, type Scrubber } from '../report/redact.js'
import type { Settings } from '../settings.js'
import { guardedUi, type Ui } from './ui.js'

export type Say = (level: 'info' | 'warning' | 'error', text: string) => void

/** What both modes get from their context (see RunContext in run.ts). */
export interface SetupContext {
  runId: string
  serverUrl?: string
  repository?: string
  tempDir?: string
  env: NodeJS.ProcessEnv
}

/**
 * The run's secrets, the guard every outgoing text passes (see SecretGuard), the Ui behind that guard
 * (use it instead of the one passed in), and a logger over it.
 */
export function secretsAndLog(
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
export function requireCredential(settings: Settings, env: NodeJS.ProcessEnv): void {
  if (settings.claude.apiKey || settings.claude.oauthToken || usesCloudProvider(env)) return
  if (env.GITHUB_ACTIONS !== 'true') return
  throw new RunSetupError(
    'No Anthropic credential: set the `anthropic-api-key` input (for example `${{ secrets.ANTHROPIC_API_KEY }}`), ' +
      'the `claude-code-oauth-token` input, or ANTHROPIC_API_KEY in the environment.'
  )
}

/** The repository a pull request goes to; checked when pull requests are on (and pushed). */
export function pullRequestTarget(
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

/** The extra CLI flags and the CLI itself (found on PATH or installed with npm). */
export async function prepareClaude(
  settings: Settings,
  ctx: SetupContext,
  say: Say
): Promise<{ claudePath: string; extraArgs: string[] }> {
  const claudePath = await resolveClaude({
    path: settings.claude.path,
    version: settings.claude.version,
    env: ctx.env,
    installDir: path.join(ctx.tempDir ?? os.tmpdir(), 'taskmesh', 'claude'),
    log: msg => say('info', msg)
  })
  // parseSettings already checked that claude-args splits: this cannot throw.
  return { claudePath, extraArgs: splitArgs(settings.claude.extraArgs) }
}

/** Persister.prepare with the settings' git options. */
export function preparePersister(
  settings: Settings,
  ctx: SetupContext,
  branch: string | undefined,
  say: Say,
  outbound: Scrubber
): Promise<Persister> {
  return Persister.prepare({
    repoDir: settings.workingDirectory,
    taskFile: path.relative(settings.workingDirectory, settings.taskFilePath),
    identity: { name: settings.git.userName, email: settings.git.userEmail },
    commit: settings.git.commit,
    push: settings.git.push,
    branch,
    token: settings.git.token,
    serverUrl: ctx.serverUrl,
    runId: ctx.runId,
    allowDirty: settings.git.allowDirty,
    log: (level, msg) => say(level, msg),
    outbound
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
 * What both modes start Claude with: its environment, the folder its transcripts go to (also the
 * `transcripts-dir` output), and the input to name when the API refuses the credential.
 */
export function claudeSession(
  settings: Settings,
  ctx: SetupContext,
  ui: Ui
): { env: NodeJS.ProcessEnv; transcriptsDir: string; credentialSource: string } {
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
