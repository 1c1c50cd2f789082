/**
 * Runs a task's `verify` command after Claude reports success. The command is the user's own (from
 * task.json), so a string goes through `sh -c` like a workflow `run:` line; an array runs without a shell.
 */
import { spawn } from 'node:child_process'

export interface VerifyResult {
  exitCode: number | null
  timedOut: boolean
  /** The last lines of stdout and stderr together. */
  output: string
}

const TAIL_BYTES = 16_384

export function describeVerify(verify: string | string[]): string {
  return Array.isArray(verify) ? verify.join(' ') : verify
}

export async function runVerify(
  verify: string | string[],
  o: { cwd: string; env: NodeJS.ProcessEnv; timeoutMs: number; signal?: AbortSignal }
): Promise<VerifyResult> {
  const [cmd, args] = Array.isArray(verify) ? [verify[0], verify.slice(1)] : ['sh', ['-c', verify]]
  return new Promise(resolve => {
    let tail = ''
    let timedOut = false
    const child = spawn(cmd, args, {
      cwd: o.cwd,
      env: o.env,
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
