/**
 * The action adapter: inputs → settings → the mode → outputs and summary. One try/catch → setFailed.
 * Everything below this file is shared with the local command (src/cli/main.ts).
 */
import * as core from '@actions/core'
import { ActionsUi } from './ui.js'
import { messageOf } from '../shared/error-message.js'
import { runPlan } from '../modes/plan.js'
import { basicAuthHeader } from '../infra/git/git.js'
import { runRedactor } from '../report/redact.js'
import { parseSettings, type Settings } from '../inputs/settings.js'

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

  // The step's failure message is text leaving the process too: masked like everything else.
  let redact = (text: string) => text
  try {
    const workspace = process.env.GITHUB_WORKSPACE || process.cwd()
    const settings = parseSettings(
      name => core.getInput(name),
      workspace,
      process.env,
      m => ui.annotate('notice', m)
    )
    maskSecrets(settings)
    const redactor = runRedactor(settings)
    redact = text => redactor.redact(text)

    const env = process.env
    const dispatch = {
      token: settings.git.token,
      apiUrl: env.GITHUB_API_URL,
      repository: repositoryName(),
      workflowRef: env.GITHUB_WORKFLOW_REF,
      ref: env.GITHUB_REF
    }

    if (settings.dispatchNext && settings.mode !== 'decompose') {
      const { dispatchTarget } = await import('../modes/dispatch.js')
      const found = dispatchTarget(dispatch)
      if ('problem' in found) throw new Error(found.problem)
    }

    // Run, decompose and the GitHub API client load only when needed: plan mode stays fast to start.
    if (settings.mode === 'plan') {
      const plan = await runPlan(settings, ui)
      // After a wave of a matrix fan-out: start the next wave when tasks are ready and the wave completed
      // at least one (its task commits since the commit this workflow run started from).
      if (settings.dispatchNext) {
        const { completedSince, dispatchNextWave } = await import('../modes/dispatch.js')
        const progress = plan.ready.length
          ? await completedSince({
              repoDir: settings.workingDirectory,
              since: env.GITHUB_SHA,
              ref: env.GITHUB_REF,
              token: settings.git.token,
              serverUrl: env.GITHUB_SERVER_URL || 'https://github.com'
            })
          : { progressed: false }
        await dispatchNextWave(ui, dispatch, {
          ready: plan.ready,
          progressed: progress.progressed,
          noProgress: progress.reason
        })
      }
      return
    }

    const github = await import('@actions/github')
    const { isUntrustedTrigger } = await import('../infra/github/pulls.js')
    // mode: review checks the pull request itself, after the cheaper checks of who asked for what: a fork's
    // pull request is refused there, but a plain comment on it must not fail a workflow run.
    const untrusted =
      settings.mode === 'review'
        ? null
        : isUntrustedTrigger(github.context.eventName, github.context.payload, repositoryName() ?? '')
    if (untrusted && !settings.allowUntrustedTrigger)
      throw new Error(
        `${untrusted}. Taskmesh refuses to run here: untrusted task text would drive an agent with write access. ` +
          'Set allow-untrusted-trigger: true only if you trust every author who can trigger this workflow.'
      )

    const ctx = {
      signal: controller.signal,
      // A re-run of the same workflow run gets its own rescue branch and transcripts folder.
      runId: `${env.GITHUB_RUN_ID || Date.now()}${env.GITHUB_RUN_ATTEMPT && env.GITHUB_RUN_ATTEMPT !== '1' ? `-${env.GITHUB_RUN_ATTEMPT}` : ''}`,
      serverUrl: env.GITHUB_SERVER_URL || 'https://github.com',
      apiUrl: env.GITHUB_API_URL || 'https://api.github.com',
      repository: repositoryName(),
      tempDir: env.RUNNER_TEMP,
      env
    }

    if (settings.mode === 'review') {
      // The event decides what there is to do; most events on a pull request ask nothing of Taskmesh.
      const { parseReviewEvent } = await import('../infra/github/review-event.js')
      const parsed = parseReviewEvent(github.context.eventName, github.context.payload)
      if ('ignore' in parsed) {
        core.info(`nothing to do: ${parsed.ignore}`)
        return
      }
      const { runReview } = await import('../modes/review/review.js')
      const reviewed = await runReview(
        settings,
        ui,
        { ...ctx, backoffMs: backoffKnob(env.TASKMESH_BACKOFF_MS) },
        parsed.trigger
      )
      if (reviewed.failure) core.setFailed(reviewed.failure)
      return
    }

    if (settings.mode === 'decompose') {
      const { runDecompose } = await import('../modes/decompose.js')
      const planned = await runDecompose(settings, ui, ctx)
      if (planned.failure) core.setFailed(planned.failure)
      return
    }

    const { runRun } = await import('../modes/run.js')
    const { dispatchNextWave } = await import('../modes/dispatch.js')
    const outcome = await runRun(settings, ui, { ...ctx, backoffMs: backoffKnob(env.TASKMESH_BACKOFF_MS) })
    if (outcome.failure) core.setFailed(outcome.failure)
    else if (settings.dispatchNext && outcome.report) {
      const r = outcome.report
      // A budget or rate-limit stop: the next run would stop the same way. (A max-tasks stop is the plan.)
      const stoppedHard = r.stopReason && r.stopReason.kind !== 'max-tasks' ? r.stopReason : undefined
      await dispatchNextWave(ui, dispatch, {
        ready: outcome.ready ?? [],
        progressed: r.tasks.some(t => t.ranThisRun && t.status === 'completed'),
        stopped: stoppedHard && `${stoppedHard.message.replace(/[.\s]+$/, '')} (${stoppedHard.kind})`
      })
    }
  } catch (error) {
    core.setFailed(redact(messageOf(error)))
  } finally {
    ui.close()
  }
}

/**
 * Test/CI knob, not an input and not documented for users: TASKMESH_BACKOFF_MS=<ms> replaces the wait
 * before retrying a task after a transient API failure (default: 5 s doubling up to 60 s), so end-to-end
 * tests of the retry path do not sleep. Unset, empty or not a non-negative number: the default.
 */
function backoffKnob(value: string | undefined): ((attempt: number) => number) | undefined {
  if (value === undefined || value.trim() === '') return undefined
  const ms = Number(value)
  return Number.isFinite(ms) && ms >= 0 ? () => ms : undefined
}

function repositoryName(): string | undefined {
  return process.env.GITHUB_REPOSITORY || undefined
}

function maskSecrets(s: Settings): void {
  for (const v of [s.claude.apiKey, s.claude.oauthToken, s.git.token]) if (v) core.setSecret(v)
  // git receives the token as a base64 header: mask that form too.
  if (s.git.token) core.setSecret(basicAuthHeader(s.git.token).replace(/^AUTHORIZATION: basic /, ''))
}
