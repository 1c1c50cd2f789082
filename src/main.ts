/**
 * The action adapter: inputs → settings → the mode → outputs and summary. One try/catch → setFailed.
 * Everything below this file is shared with the local command (src/cli.ts).
 */
import * as core from '@actions/core'
import * as github from '@actions/github'
import { ActionsUi } from './adapters/actions-ui.js'
import { runPlan } from './app/plan.js'
import { runRun } from './app/run.js'
import { basicAuthHeader } from './git/git.js'
import { isUntrustedTrigger } from './github/pulls.js'
import { parseSettings, type Settings } from './settings.js'

export async function run(): Promise<void> {
  const ui = new ActionsUi()
  const controller = new AbortController()
  // The runner sends SIGINT, then SIGTERM, when a job is cancelled: stop Claude and leave a valid state.
  const onSignal = (sig: string) => {
    core.warning(`received ${sig}: stopping the running task and saving the state`)
    controller.abort()
  }
  process.once('SIGINT', () => onSignal('SIGINT'))
  process.once('SIGTERM', () => onSignal('SIGTERM'))

  try {
    const workspace = process.env.GITHUB_WORKSPACE || process.cwd()
    const settings = parseSettings(name => core.getInput(name), workspace)
    maskSecrets(settings)

    if (settings.mode === 'plan') {
      await runPlan(settings, ui)
      return
    }

    const untrusted = isUntrustedTrigger(
      github.context.eventName,
      github.context.payload,
      repositoryName() ?? ''
    )
    if (untrusted && !settings.allowUntrustedTrigger)
      throw new Error(
        `${untrusted}. Taskmesh refuses to run here: untrusted task text would drive an agent with write access. ` +
          'Set allow-untrusted-trigger: true only if you trust every author who can trigger this workflow.'
      )

    if (settings.mode === 'decompose')
      throw new Error('mode "decompose" is not available in this version yet')

    const outcome = await runRun(settings, ui, {
      signal: controller.signal,
      runId: process.env.GITHUB_RUN_ID || `${Date.now()}`,
      serverUrl: process.env.GITHUB_SERVER_URL || 'https://github.com',
      apiUrl: process.env.GITHUB_API_URL || 'https://api.github.com',
      repository: repositoryName(),
      tempDir: process.env.RUNNER_TEMP,
      env: process.env
    })
    if (outcome.failure) core.setFailed(outcome.failure)
  } catch (error) {
    core.setFailed(error instanceof Error ? error.message : String(error))
  } finally {
    ui.close()
  }
}

function repositoryName(): string | undefined {
  return process.env.GITHUB_REPOSITORY || undefined
}

function maskSecrets(s: Settings): void {
  for (const v of [s.claude.apiKey, s.claude.oauthToken, s.git.token]) if (v) core.setSecret(v)
  // git receives the token as a base64 header: mask that form too.
  if (s.git.token) core.setSecret(basicAuthHeader(s.git.token).replace(/^AUTHORIZATION: basic /, ''))
}
