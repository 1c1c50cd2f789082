/** What the modes learn of the workflow run, from the runner's environment and the event that started it. */
import type { Settings } from '../inputs/settings.js'
import type { WorkflowContext } from '../modes/index.js'
import { readWorkflowEvent, type WorkflowEvent } from './event.js'

export function actionContext(
  settings: Settings,
  env: NodeJS.ProcessEnv,
  signal: AbortSignal
): WorkflowContext {
  const repository = env.GITHUB_REPOSITORY || undefined
  const serverUrl = env.GITHUB_SERVER_URL || 'https://github.com'
  return {
    signal,
    // A re-run of the same workflow run gets its own rescue branch and transcripts folder.
    runId: `${env.GITHUB_RUN_ID || Date.now()}${env.GITHUB_RUN_ATTEMPT && env.GITHUB_RUN_ATTEMPT !== '1' ? `-${env.GITHUB_RUN_ATTEMPT}` : ''}`,
    serverUrl,
    apiUrl: env.GITHUB_API_URL || 'https://api.github.com',
    repository,
    tempDir: env.RUNNER_TEMP,
    env,
    backoffMs: backoffKnob(env.TASKMESH_BACKOFF_MS),
    pushBackoffMs: msKnob(env.TASKMESH_PUSH_BACKOFF_MS),
    // Read when a mode asks (plan never does), once.
    event: once(() => readWorkflowEvent(env)),
    workflow: {
      dispatch: {
        token: settings.git.token,
        apiUrl: env.GITHUB_API_URL,
        repository,
        workflowRef: env.GITHUB_WORKFLOW_REF,
        ref: env.GITHUB_REF
      },
      sha: env.GITHUB_SHA,
      serverUrl
    }
  }
}

/**
 * Test/CI knob, not an input and not documented for users: TASKMESH_BACKOFF_MS=<ms> replaces the wait
 * before retrying a task after a transient API failure (default: 5 s doubling up to 60 s), so end-to-end
 * tests of the retry path do not sleep. TASKMESH_PUSH_BACKOFF_MS=<ms> does the same for the first wait
 * before pushing again (default 1 s, jittered and doubling). Unset, empty or not a non-negative number: the
 * default.
 */
function backoffKnob(value: string | undefined): ((attempt: number) => number) | undefined {
  const ms = msKnob(value)
  return ms === undefined ? undefined : () => ms
}

function msKnob(value: string | undefined): number | undefined {
  if (value === undefined || value.trim() === '') return undefined
  const ms = Number(value)
  return Number.isFinite(ms) && ms >= 0 ? ms : undefined
}

function once(read: () => WorkflowEvent): () => Promise<WorkflowEvent> {
  let event: WorkflowEvent | undefined
  return async () => (event ??= read())
}
