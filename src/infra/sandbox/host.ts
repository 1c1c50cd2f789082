/**
 * Whether this machine can run the sandbox, and making it so on a GitHub-hosted runner: bubblewrap, socat
 * and ripgrep (the sandbox runtime uses it to find .git/config and .git/hooks to protect) installed with
 * `sudo apt-get`, and, on Ubuntu 24.04, an AppArmor profile that lets `bwrap` alone create user namespaces
 * (the narrowest fix: the global sysctl `kernel.apparmor_restrict_unprivileged_userns=0` would allow every
 * program). Nothing is installed or changed anywhere else: self-hosted runners and local machines are the
 * owner's to set up, and the reason says what to install.
 */
import { spawn } from 'node:child_process'
import { constants, accessSync, readFileSync, realpathSync } from 'node:fs'
import path from 'node:path'

export const TOOLS = [
  { bin: 'bwrap', pkg: 'bubblewrap' },
  { bin: 'socat', pkg: 'socat' },
  { bin: 'rg', pkg: 'ripgrep' }
] as const

export const INSTALL_HINT = 'sudo apt-get install -y bubblewrap socat ripgrep'

export type RunResult = { status: number | null; stdout: string; stderr: string }

/** A command and its result; tests inject their own to simulate a runner. */
export type Runner = (file: string, args: string[], input?: string) => RunResult | Promise<RunResult>

/**
 * A host command with its output; one that runs longer than `timeoutMs` is stopped, and its result says so.
 * Not spawnSync: an apt-get install takes seconds on a hosted runner, and the Claude Code CLI may be
 * installing with npm at the same time (src/modes/pipeline.ts); a blocked event loop would hold that back.
 */
export const commandRunner =
  (timeoutMs: number): Runner =>
  (file, args, input) =>
    new Promise(resolve => {
      const child = spawn(file, args, { stdio: 'pipe', timeout: timeoutMs })
      let stdout = ''
      let stderr = ''
      child.stdout.on('data', (b: Buffer) => (stdout += b.toString()))
      child.stderr.on('data', (b: Buffer) => (stderr += b.toString()))
      child.on('error', e => resolve({ status: null, stdout, stderr: stderr || e.message }))
      child.on('close', (status, signal) =>
        resolve({
          status,
          stdout,
          // A probe's or an install's reason is its first line of stderr: a stopped command has none.
          stderr:
            stderr ||
            (signal ? `${path.basename(file)} was stopped by ${signal} (limit ${timeoutMs} ms)` : '')
        })
      )
      // A program that exits without reading its input (or is missing) must not throw EPIPE here.
      child.stdin.on('error', () => {})
      child.stdin.end(input)
    })

const realRunner = commandRunner(300_000)

export type HostCheck = { ok: true; bwrap: string; socat: string; rg: string } | { ok: false; reason: string }

/** Where a program is on PATH, or undefined (no shell, no `which`). */
export function onPath(bin: string, env: NodeJS.ProcessEnv): string | undefined {
  for (const dir of (env.PATH ?? '').split(path.delimiter)) {
    if (!dir) continue
    const p = path.join(dir, bin)
    try {
      accessSync(p, constants.X_OK)
      return p
    } catch {
      // not here
    }
  }
  return undefined
}

/** The profile written to /etc/apparmor.d/taskmesh-bwrap: user namespaces for the bwrap binary only. */
export function appArmorProfile(bwrap: string): string {
  return [
    '# Written by Taskmesh: lets bubblewrap (and nothing else) create user namespaces for its sandbox.',
    'abi <abi/4.0>,',
    'include <tunables/global>',
    `profile taskmesh-bwrap ${bwrap} flags=(unconfined) {`,
    '  userns,',
    '  include if exists <local/taskmesh-bwrap>',
    '}',
    ''
  ].join('\n')
}

/** The namespaces a contained command gets, around `true`: what `probeBwrap` asks bubblewrap to make. */
export const BWRAP_PROBE_ARGS = [
  '--unshare-user',
  '--unshare-pid',
  '--unshare-net',
  '--die-with-parent',
  '--ro-bind',
  '/',
  '/',
  '--proc',
  '/proc',
  '--dev',
  '/dev',
  'true'
] as const

/** `bwrap` making the namespaces a contained command gets; the first line of its complaint when it cannot. */
export async function probeBwrap(bwrap: string, runner: Runner = realRunner): Promise<string | undefined> {
  return probeRefusal(await runner(bwrap, [...BWRAP_PROBE_ARGS]))
}

/** What a probe's result says: undefined when bubblewrap made the namespaces, else its first complaint. */
export function probeRefusal(r: RunResult): string | undefined {
  if (r.status === 0) return undefined
  return (r.stderr.trim().split('\n')[0] || `exit ${r.status}`).slice(0, 300)
}

function realPath(file: string): string {
  try {
    return realpathSync(file)
  } catch {
    return file
  }
}

function appArmorRestricts(): boolean {
  try {
    return readFileSync('/proc/sys/kernel/apparmor_restrict_unprivileged_userns', 'utf8').trim() === '1'
  } catch {
    return false
  }
}

/**
 * Ready to contain, or why not. `note` gets a line for each change made to the machine.
 * `opts.appArmorRestricts` is for tests; it reads the sysctl otherwise.
 */
export async function prepareHost(opts: {
  env: NodeJS.ProcessEnv
  runner?: Runner
  note: (text: string) => void
  appArmorRestricts?: () => boolean
  platform?: NodeJS.Platform
}): Promise<HostCheck> {
  const { env, note } = opts
  const run = opts.runner ?? realRunner
  const platform = opts.platform ?? process.platform
  if (platform !== 'linux')
    return { ok: false, reason: `the sandbox needs Linux with bubblewrap; this runner is ${platform}` }
  const hosted = env.GITHUB_ACTIONS === 'true' && env.RUNNER_ENVIRONMENT === 'github-hosted'
  const asRoot = process.getuid?.() === 0
  const sudo = async (args: string[], input?: string) =>
    asRoot ? run(args[0], args.slice(1), input) : run('sudo', ['-n', ...args], input)

  let missing = TOOLS.filter(t => !onPath(t.bin, env))
  if (missing.length && hosted) {
    const pkgs = missing.map(t => t.pkg)
    note(`installing ${pkgs.join(', ')} for the sandbox (apt-get)`)
    let r = await sudo(['apt-get', 'install', '-y', '-qq', ...pkgs])
    if (r.status !== 0) {
      await sudo(['apt-get', 'update', '-qq'])
      r = await sudo(['apt-get', 'install', '-y', '-qq', ...pkgs])
    }
    missing = TOOLS.filter(t => !onPath(t.bin, env))
  }
  if (missing.length)
    return {
      ok: false,
      reason: `${missing.map(t => `${t.pkg} (${t.bin})`).join(', ')} not found on PATH: install with \`${INSTALL_HINT}\``
    }

  const bwrap = onPath('bwrap', env) as string
  let refusal = await probeBwrap(bwrap, run)
  const restricted = (opts.appArmorRestricts ?? appArmorRestricts)()
  if (refusal && restricted && hosted) {
    // Ubuntu 24.04 lets unprivileged programs create user namespaces only under an AppArmor profile that
    // allows it: give one to bwrap alone, not the global sysctl.
    const file = '/etc/apparmor.d/taskmesh-bwrap'
    note(`allowing bubblewrap to create user namespaces with an AppArmor profile (${file})`)
    // AppArmor attaches a profile to the program's real path, not to a link on PATH.
    await sudo(['tee', file], appArmorProfile(realPath(bwrap)))
    const r = await sudo(['apparmor_parser', '-r', file])
    if (r.status !== 0) note(`apparmor_parser failed: ${r.stderr.trim().split('\n')[0]}`)
    refusal = await probeBwrap(bwrap, run)
  }
  if (refusal) {
    const why = restricted
      ? 'AppArmor restricts unprivileged user namespaces (kernel.apparmor_restrict_unprivileged_userns=1); see docs/sandbox.md for the bwrap profile'
      : 'user namespaces are not available here (in a container job, run the container with --privileged or a seccomp/AppArmor profile that allows them; see docs/sandbox.md)'
    return { ok: false, reason: `bubblewrap cannot create its namespaces (${refusal}): ${why}` }
  }
  return { ok: true, bwrap, socat: onPath('socat', env) as string, rg: onPath('rg', env) as string }
}
