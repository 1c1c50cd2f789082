/**
 * Finds the Claude Code CLI: an explicit path, `claude` on PATH, or — when there is none — the pinned
 * version installed with npm into a temp folder (cached there for later steps of the same job).
 */
import { spawn } from 'node:child_process'
import { access, constants } from 'node:fs/promises'
import path from 'node:path'
import { findClaude, withoutRunnerSecrets } from './process.js'

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
  const windows = process.platform === 'win32'
  if (windows && /["%!^&|<>\r\n]/.test(prefix))
    throw new ClaudeSetupError(
      `cannot install Claude Code into "${prefix}" (characters cmd.exe would interpret); set claude-path`
    )
  const args = [
    'install',
    '--prefix',
    // With a shell (Windows, below) the arguments are joined as they are: quote the one that may hold spaces.
    windows ? `"${prefix}"` : prefix,
    '--no-save',
    '--no-audit',
    '--no-fund',
    `@anthropic-ai/claude-code@${o.version}`
  ]
  const { code, output } = await run(windows ? 'npm.cmd' : 'npm', args, npmEnv(o.env), windows)
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

/**
 * npm's environment: the runner's (proxies, npm_config_*, an NPM_TOKEN an .npmrc may need), without what
 * Claude's loses too (see withoutRunnerSecrets), every ACTIONS_* variable and the Anthropic credential.
 * Install scripts of the package and its dependencies run with it.
 */
export function npmEnv(base: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return withoutRunnerSecrets(base, {
    names: ['ANTHROPIC_API_KEY', 'ANTHROPIC_AUTH_TOKEN', 'CLAUDE_CODE_OAUTH_TOKEN'],
    prefixes: ['ACTIONS_']
  })
}

function run(
  cmd: string,
  args: string[],
  env: NodeJS.ProcessEnv,
  shell: boolean
): Promise<{ code: number | null; output: string }> {
  return new Promise(resolve => {
    let output = ''
    // `shell` on Windows only: Node >= 20.12 refuses to spawn a .cmd file without one (CVE-2024-27980). That
    // is safe here: the command and every argument are constants, the version matched /^[0-9A-Za-z.+-]+$/
    // and the prefix was checked for characters cmd.exe interprets, and then quoted.
    const child = spawn(cmd, args, { env, shell, stdio: ['ignore', 'pipe', 'pipe'] })
    const keep = (b: Buffer) => (output = (output + b.toString()).slice(-8_192))
    child.stdout.on('data', keep)
    child.stderr.on('data', keep)
    child.on('error', e => resolve({ code: -1, output: e.message }))
    child.on('close', code => resolve({ code, output }))
  })
}
