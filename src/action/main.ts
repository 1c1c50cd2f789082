/**
 * The action adapter: signals → settings → context → the mode → setFailed. Everything below this file is
 * shared with the local command (src/cli/main.ts); the modes table (src/modes/index.ts) holds the rules.
 */
import * as core from '@actions/core'
import { ActionsUi } from './ui.js'
import { actionContext } from './context.js'
import { modes } from '../modes/index.js'
import { basicAuthHeader } from '../infra/git/auth-header.js'
import { runRedactor } from '../report/redact.js'
import { messageOf } from '../shared/errors.js'
import { parseSettings, type Settings } from '../inputs/settings.js'

export async function run(): Promise<void> {
  const ui = new ActionsUi()
  const controller = new AbortController()
  // The runner sends SIGINT, then SIGTERM, when a job is cancelled: stop Claude and leave a valid state.
  const onSignal = (sig: string) => {
    ui.annotate('warning', `received ${sig}: stopping the running task and saving the state`)
    controller.abort()
  }
  process.once('SIGINT', () => onSignal('SIGINT'))
  process.once('SIGTERM', () => onSignal('SIGTERM'))

  // The step's failure message is text leaving the process too: masked like everything else.
  let redact = (text: string) => text
  try {
    const workspace = process.env.GITHUB_WORKSPACE || process.cwd()
    const settings = parseSettings(
      name => core.getInput(name),
      workspace,
      process.env,
      message => ui.annotate('notice', message)
    )
    maskSecrets(settings, ui)
    const redactor = runRedactor(settings)
    redact = text => redactor.redact(text)

    const ctx = actionContext(settings, process.env, controller.signal)
    const { failure } = await modes[settings.mode](settings, ui, ctx)
    if (failure) ui.fail(failure)
  } catch (error) {
    ui.fail(redact(messageOf(error)))
  } finally {
    ui.close()
  }
}

function maskSecrets(settings: Settings, ui: ActionsUi): void {
  for (const secret of [settings.claude.apiKey, settings.claude.oauthToken, settings.git.token])
    if (secret) ui.secret(secret)
  // git receives the token as a base64 header: mask that form too.
  if (settings.git.token) ui.secret(basicAuthHeader(settings.git.token).replace(/^AUTHORIZATION: basic /, ''))
}
