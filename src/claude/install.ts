/**
 * Finds the Claude Code CLI: an explicit path, `claude` on PATH, or — when there is none — the pinned
 * version installed with npm into a temp folder (cached there for later steps of the same job).
 */
import { spawn } from 'node:child_process'
import { access, constants } from 'node:fs/promises'
import path from 'node:path'
import { findClaude } from './process.js'

export class ClaudeSetupError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'ClaudeSetupError'
  }
}

export async function resolveClaude(o: {
  path?: string
  version: string
  env: NodeJS.ProcessEnv
  installDir: string
  log: (message: string) => void
}): Promise<string> {
  if (o.path) {
    const found = await findClaude(o.path, o.env)
    if (!found) throw new ClaudeSetupError(`claude-path "${o.path}" is not an executable file`)
    return found
  }
  const onPath = await findClaude(undefined, o.env)
  if (onPath) return onPath

  if (!/^[0-9A-Za-z.+-]+$/.test(o.version))
    throw new ClaudeSetupError(`claude-version "${o.version}" is not a version number`)
  const prefix = path.join(o.installDir, o.version)
  const bin = path.join(prefix, 'node_modules', '.bin', 'claude')
  if (await isExecutable(bin)) return bin
  o.log(`claude is not on PATH: installing @anthropic-ai/claude-code@${o.version} with npm`)
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm'
  const args = [
    'install',
    '--prefix',
    prefix,
    '--no-save',
    '--no-audit',
    '--no-fund',
    `@anthropic-ai/claude-code@${o.version}`
  ]
  const { code, output } = await run(npm, args, o.env)
  if (code !== 0 || !(await isExecutable(bin)))
    throw new ClaudeSetupError(
      `could not install Claude Code ${o.version} with npm (exit ${code}): ${output.trim().split('\n').slice(-5).join(' ')}. ` +
        'Install it in an earlier step (npm install -g @anthropic-ai/claude-code) or set claude-path.'
    )
  return bin
}

async function isExecutable(p: string): Promise<boolean> {
  try {
    await access(p, constants.X_OK)
    return true
  } catch {
    return false
  }
}

function run(
  cmd: string,
  args: string[],
  env: NodeJS.ProcessEnv
): Promise<{ code: number | null; output: string }> {
  return new Promise(resolve => {
    let output = ''
    const child = spawn(cmd, args, { env, stdio: ['ignore', 'pipe', 'pipe'] })
    const keep = (b: Buffer) => (output = (output + b.toString()).slice(-8_192))
    child.stdout.on('data', keep)
    child.stderr.on('data', keep)
    child.on('error', e => resolve({ code: -1, output: e.message }))
    child.on('close', code => resolve({ code, output }))
  })
}
