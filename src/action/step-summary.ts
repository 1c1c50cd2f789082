/**
 * The job summary: appended to the file at GITHUB_STEP_SUMMARY exactly as @actions/core's
 * `summary.addRaw(text, true).write()` appends it, with the same checks and messages (a unit test holds the
 * two side by side).
 *
 * Why not core's: its summary module takes `fs.promises` when it is imported, and loading Node's promise fs
 * (readline and the stream modules come with it) costs every cold step about 1 ms (docs/benchmarks.md), for
 * one append at the end. The build leaves core's summary module out (scripts/esbuild-plugins.mjs).
 */
import { accessSync, appendFileSync, constants } from 'node:fs'
import { EOL } from 'node:os'

export function appendStepSummary(markdown: string, env: NodeJS.ProcessEnv = process.env): void {
  const file = env.GITHUB_STEP_SUMMARY
  if (!file)
    throw new Error(
      'Unable to find environment variable for $GITHUB_STEP_SUMMARY. Check if your runtime environment supports job summaries.'
    )
  try {
    accessSync(file, constants.R_OK | constants.W_OK)
  } catch {
    throw new Error(
      `Unable to access summary file: '${file}'. Check if the file has correct read/write permissions.`
    )
  }
  appendFileSync(file, markdown + EOL, { encoding: 'utf8' })
}
