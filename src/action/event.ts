/**
 * The event that started the workflow run: its name and the webhook payload the runner wrote to
 * GITHUB_EVENT_PATH. Read here rather than through `@actions/github`'s `context`, which would load Octokit and
 * undici (about 1 MB, some 70 ms of a cold step) only to read one environment variable and one JSON file.
 */
import { existsSync, readFileSync } from 'node:fs'
import { messageOf } from '../shared/errors.js'

export interface WorkflowEvent {
  name: string
  payload: unknown
}

export function readWorkflowEvent(env: NodeJS.ProcessEnv): WorkflowEvent {
  const name = env.GITHUB_EVENT_NAME ?? ''
  const file = env.GITHUB_EVENT_PATH
  // As @actions/github does: no file (a local run of the bundle, say) is an empty payload, not an error.
  if (!file || !existsSync(file)) return { name, payload: {} }
  let text: string
  try {
    text = readFileSync(file, 'utf8')
  } catch (error) {
    throw new Error(`cannot read the event file GITHUB_EVENT_PATH (${file}): ${messageOf(error)}`)
  }
  try {
    return { name, payload: JSON.parse(text) as unknown }
  } catch (error) {
    throw new Error(
      `the event file GITHUB_EVENT_PATH (${file}) is not valid JSON (${messageOf(error)}); the runner writes ` +
        'it for every job: check the step that changed it'
    )
  }
}
