/**
 * The sandbox for a run's Claude and `verify`, as the modes start it: `sandbox: auto | required | off`, the
 * warning when it cannot be set up, and what an interrupted run left behind.
 */
import { rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import type { SandboxReport } from '../engine/report-model.js'
import { Git } from '../infra/git/git.js'
import type { Contain } from '../infra/sandbox/types.js'
import type { Settings } from '../inputs/settings.js'
import { RunSetupError } from '../shared/errors.js'
import type { Say, Ui } from './ui.js'

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
  ctx: { tempDir?: string; runId: string; env: NodeJS.ProcessEnv },
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
