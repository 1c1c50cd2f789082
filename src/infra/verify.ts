/**
 * Runs a task's `verify` command after Claude reports success. The command is the user's own (from
 * task.json), so a string goes through `sh -c` like a workflow `run:` line; an array runs without a shell.
 */
import { spawn } from 'node:child_process'
import type { VerifyPort } from '../engine/ports.js'
import type { Contain, ContainedCommand, DeniedHost } from './sandbox/types.js'

export interface VerifyResult {
  exitCode: number | null
  timedOut: boolean
  /** The last lines of stdout and stderr together. */
  output: string
  /** Connections the sandbox refused, by host (contained runs only). */
  denied?: DeniedHost[]
}

const TAIL_BYTES = 16_384

/** The engine's verify port: `env` and `contain` are the run's, the command and tree the task's. */
export function verifyRunner(settings: { env: NodeJS.ProcessEnv; contain?: Contain }): VerifyPort {
  return {
    run: request =>
      runVerify(request.command, {
        cwd: request.cwd,
        env: settings.env,
        timeoutMs: request.timeoutMs,
        signal: request.signal,
        sandbox: settings.contain
          ? { contain: settings.contain, writableRoot: request.writableRoot }
          : undefined
      })
  }
}

export async function runVerify(
  verify: string | string[],
  o: {
    cwd: string
    env: NodeJS.ProcessEnv
    timeoutMs: number
    signal?: AbortSignal
    /** Runs the command inside the sandbox, like Claude: `writableRoot` is the working tree. */
    sandbox?: { contain: Contain; writableRoot: string }
  }
): Promise<VerifyResult> {
  const [cmd, args] = Array.isArray(verify) ? [verify[0], verify.slice(1)] : ['sh', ['-c', verify]]
  let contained: ContainedCommand | undefined
  if (o.sandbox) {
    try {
      contained = await o.sandbox.contain({
        argv: [cmd, ...args],
        cwd: o.cwd,
        env: o.env,
        writableRoot: o.sandbox.writableRoot
      })
    } catch (err) {
      return {
        exitCode: 127,
        timedOut: false,
        output: `the sandbox could not wrap ${cmd}: ${(err as Error).message}`
      }
    }
  }
  const r = await spawnVerify(
    cmd,
    contained ? [contained.file, contained.args, contained.env] : [cmd, args, o.env],
    o
  )
  const denied = contained ? await contained.finish() : undefined
  return denied ? { ...r, denied } : r
}

function spawnVerify(
  name: string,
  [file, args, env]: [string, string[], NodeJS.ProcessEnv],
  o: { cwd: string; timeoutMs: number; signal?: AbortSignal }
): Promise<VerifyResult> {
  const cmd = name
  return new Promise(resolve => {
    let tail = ''
    let timedOut = false
    const child = spawn(file, args, {
      cwd: o.cwd,
      env,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe']
    })
    const keep = (chunk: Buffer) => {
      tail = (tail + chunk.toString('utf8')).slice(-TAIL_BYTES)
    }
    child.stdout.on('data', keep)
    child.stderr.on('data', keep)
    const killGroup = (sig: NodeJS.Signals) => {
      try {
        if (child.pid) process.kill(-child.pid, sig)
      } catch {
        // already gone
      }
    }
    const timer = setTimeout(() => {
      timedOut = true
      killGroup('SIGTERM')
      setTimeout(() => killGroup('SIGKILL'), 5_000).unref()
    }, o.timeoutMs)
    const onAbort = () => killGroup('SIGTERM')
    o.signal?.addEventListener('abort', onAbort, { once: true })
    child.on('error', err => {
      clearTimeout(timer)
      o.signal?.removeEventListener('abort', onAbort)
      resolve({ exitCode: 127, timedOut: false, output: `could not start ${cmd}: ${err.message}` })
    })
    child.on('close', code => {
      clearTimeout(timer)
      o.signal?.removeEventListener('abort', onAbort)
      killGroup('SIGKILL') // anything the command left running in its group
      const lines = tail.trimEnd().split(/\r?\n/)
      resolve({ exitCode: code, timedOut, output: lines.slice(-40).join('\n') })
    })
  })
}
