/**
 * Containment of the Claude Code CLI (and everything it starts) and of `verify`, on Linux, with Anthropic's
 * sandbox runtime (@anthropic-ai/sandbox-runtime): bubblewrap gives each command its own user, PID, mount
 * and network namespaces with a fresh /proc, the file system read-only except the working tree and a private
 * HOME and temp folder, and a filtering proxy outside the namespace is the only way out (an allow-list of
 * host:port). The library wraps a command line, so the whole CLI process is wrapped, not only its Bash tool.
 *
 * Started once per run (the proxy lives as long as the action); each command gets its own temp folders and
 * an unguessable id the proxy attributes denied connections to.
 */
import { SandboxManager, type SandboxRuntimeConfig } from '@anthropic-ai/sandbox-runtime'
import { randomBytes } from 'node:crypto'
import { existsSync, lstatSync, readdirSync } from 'node:fs'
import { lstat, mkdir, mkdtemp, realpath, rm, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { deniedHostOf, egressAllowList } from './egress.js'
import { prepareHost, type Runner } from './host.js'
import { fastLaunch } from './launch.js'
import type { CommandToContain, ContainedCommand, DeniedHost } from './types.js'

export interface SandboxOptions {
  allowedDomains: readonly string[]
  /** The action's environment: API variables, HOME, RUNNER_TEMP, PATH. */
  env: NodeJS.ProcessEnv
  /** Where the private HOME and temp folders go (RUNNER_TEMP or the OS temp folder). */
  tempRoot: string
  /** Folders the contained commands must be able to read although they lie in a denied region. */
  readable?: string[]
  /** Runs setup commands (install, AppArmor profile); injected by tests. */
  runner?: Runner
  /**
   * How a contained command starts: `direct` (default) spawns bubblewrap with the runtime's arguments and a
   * faster start inside the namespace (see launch.ts); `runtime` runs the runtime's own line through `sh -c`
   * (the benchmark compares the two).
   */
  launch?: 'direct' | 'runtime'
}

/**
 * What a private HOME's `.claude.json` starts with: the marks Claude Code writes on its first start in an
 * empty HOME (`claude-version`'s default, DEFAULT_CLAUDE_VERSION), so that each contained attempt, which gets
 * a new HOME, does not make that first-start check again (about 20 ms an attempt; docs/benchmarks.md). A CLI
 * of another version expects another number and does its first-start work, as it did with `{}`. No identity,
 * no setting, nothing of the runner's or of another task; a test holds it to what the pinned CLI writes.
 */
export const CLAUDE_CONFIG_SEED = {
  migrationVersion: 15,
  opusProMigrationComplete: true,
  hasResetAutoModeOptInForDefaultOffer: true
} as const
const CLAUDE_CONFIG_TEXT = `${JSON.stringify(CLAUDE_CONFIG_SEED)}\n`

export type SandboxStart =
  | { ok: true; sandbox: Sandbox; allow: string[]; notes: string[] }
  | { ok: false; reason: string; notes: string[] }

/** Quotes one word for `sh -c`: the library takes a command line, and nothing here is interpreted. */
export function shellQuote(word: string): string {
  return `'${word.replace(/'/g, `'\\''`)}'`
}

/** The apply-seccomp helper shipped next to the bundle (scripts/build.mjs copies it), when there is one. */
function bundledSeccompHelper(): string | undefined {
  const arch = process.arch === 'x64' ? 'x64' : process.arch === 'arm64' ? 'arm64' : undefined
  if (!arch) return undefined
  const here = path.dirname(fileURLToPath(import.meta.url))
  for (const dir of [here, path.dirname(here)]) {
    const p = path.join(dir, 'vendor', 'seccomp', arch, 'apply-seccomp')
    if (existsSync(p)) return p
  }
  return undefined
}

/**
 * Files and folders that hold credentials of the runner or of the user and that no contained command may
 * read, whatever HOME says: the private HOME hides `~` from tools that look there, these hide the real files
 * from a command that names them.
 */
export function credentialPaths(env: NodeJS.ProcessEnv, execPath = process.execPath): string[] {
  const homes = [...new Set([os.homedir(), env.HOME].filter((h): h is string => !!h))]
  const inHome = [
    '.git-credentials',
    '.gitconfig',
    '.config/git',
    '.config/gh',
    '.netrc',
    '.npmrc',
    '.yarnrc.yml',
    '.pypirc',
    '.docker',
    '.ssh',
    '.aws',
    '.azure',
    '.config/gcloud',
    '.kube',
    '.claude',
    '.claude.json'
  ]
  const paths = homes.flatMap(h => inHome.map(p => path.join(h, p)))
  // The runner's temp folder holds checkout's credentials file (included from .git/config), the step
  // scripts with their expanded expressions and the workflow's file commands.
  if (env.RUNNER_TEMP) paths.push(path.resolve(env.RUNNER_TEMP))
  // The runner's own credentials sit in its root, which holds the Node it starts actions with.
  const marker = `${path.sep}externals${path.sep}`
  const at = execPath.lastIndexOf(marker)
  if (at > 0) {
    const root = execPath.slice(0, at)
    paths.push(
      ...['.credentials', '.credentials_rsaparams', '.runner', '.env', '_diag'].map(f => path.join(root, f))
    )
  }
  // A container engine's socket is root on the host.
  paths.push('/var/run/docker.sock', '/run/docker.sock', '/run/containerd/containerd.sock', '/run/podman')
  return [...new Set(paths)].filter(p => existsSync(p))
}

/** Files a cloud provider's SDK must read, named by the environment (they may lie in RUNNER_TEMP). */
function providerFiles(env: NodeJS.ProcessEnv): string[] {
  return [
    'GOOGLE_APPLICATION_CREDENTIALS',
    'AWS_SHARED_CREDENTIALS_FILE',
    'AWS_CONFIG_FILE',
    'AWS_WEB_IDENTITY_TOKEN_FILE'
  ]
    .map(k => env[k]?.trim())
    .filter((p): p is string => !!p && path.isAbsolute(p))
}

/**
 * Names the sandbox runtime keeps read-only in the working directory of the action (files that make tools
 * run code: shell profiles, .gitmodules, .mcp.json, editor folders). When one is absent, bubblewrap creates
 * an empty file or folder there to mount over, and the runtime removes it when the command ends — unless
 * the action was killed (SIGKILL) first.
 */
export const MOUNT_POINT_NAMES = [
  '.gitconfig',
  '.gitmodules',
  '.bashrc',
  '.bash_profile',
  '.zshrc',
  '.zprofile',
  '.profile',
  '.ripgreprc',
  '.mcp.json',
  '.vscode',
  '.idea',
  '.claude/commands',
  '.claude/agents',
  '.claude'
]

/** Those of MOUNT_POINT_NAMES in `dir` that are empty files or empty folders: possible leftovers. */
export function emptyMountPoints(dir: string): string[] {
  return MOUNT_POINT_NAMES.filter(name => {
    try {
      const st = lstatSync(path.join(dir, name))
      return (
        (st.isFile() && st.size === 0) || (st.isDirectory() && readdirSync(path.join(dir, name)).length === 0)
      )
    } catch {
      return false
    }
  })
}

/** How often the proxy is started before containment is reported impossible, and the failure worth retrying. */
const INIT_TRIES = 3
const SLOW_BRIDGE = /Failed to create bridge sockets/

export class Sandbox {
  /** The removals of finished commands' private folders that have not ended yet. */
  private readonly removals = new Set<Promise<void>>()

  private constructor(
    private readonly o: SandboxOptions,
    private readonly denyRead: string[],
    private readonly allowRead: string[],
    private readonly noProxy: string,
    private readonly socat: string
  ) {}

  /**
   * Checks that containment works here (installing what it needs on a GitHub-hosted runner), then starts the
   * proxy. Never throws: `ok: false` carries a one-line reason for the log, the summary or the failure.
   */
  static async start(o: SandboxOptions): Promise<SandboxStart> {
    const notes: string[] = []
    const { allow, problems } = egressAllowList(o.env, o.allowedDomains)
    if (problems.length) return { ok: false, reason: problems.join('; '), notes }
    const host = await prepareHost({ env: o.env, runner: o.runner, note: n => notes.push(n) })
    if (!host.ok) return { ok: false, reason: host.reason, notes }

    const seccompHelper = bundledSeccompHelper()
    // The same programs prepareHost found, whatever PATH the library would search.
    const config: SandboxRuntimeConfig = {
      network: { allowedDomains: allow, deniedDomains: [] },
      filesystem: { denyRead: [], allowWrite: [], denyWrite: [] },
      bwrapPath: host.bwrap,
      socatPath: host.socat,
      ripgrep: { command: host.rg },
      ...(seccompHelper ? { seccomp: { applyPath: seccompHelper } } : {})
    }
    // The runtime checks the programs of the config it holds: without this, those of an earlier start in
    // the same process (gone by now, perhaps), not the ones found above.
    SandboxManager.updateConfig(config)
    const deps = SandboxManager.checkDependencies(config.ripgrep)
    if (deps.errors.length)
      return { ok: false, reason: `the sandbox cannot start: ${deps.errors.join('; ')}`, notes }
    for (const w of deps.warnings) notes.push(w)
    // The runtime gives socat about 600 ms to create its bridge sockets. On a busy runner (two cores, a test
    // suite or a build beside the job) a first socat start can take longer, and a sandbox that works would be
    // reported as impossible (or, with `required`, fail the step): that case is tried again.
    for (let attempt = 1; ; attempt++) {
      try {
        await SandboxManager.initialize(config)
        break
      } catch (err) {
        await SandboxManager.reset().catch(() => {})
        const message = (err as Error).message
        if (attempt >= INIT_TRIES || !SLOW_BRIDGE.test(message))
          return { ok: false, reason: `the sandbox's proxy could not start: ${message}`, notes }
        notes.push(
          `the proxy's socket bridge was not up in time (try ${attempt} of ${INIT_TRIES}); trying again`
        )
      }
    }
    const allowRead = [...(o.readable ?? []), ...providerFiles(o.env)]
    const sandbox = new Sandbox(o, credentialPaths(o.env), allowRead, noProxyFor(allow), host.socat)
    return { ok: true, sandbox, allow, notes }
  }

  /** The contained form of a command; see ContainedCommand. */
  readonly contain = (cmd: CommandToContain): Promise<ContainedCommand> => this.containAs(cmd, this.o.launch)

  /** `contain` with the given start (the benchmark runs both in one process). */
  readonly containWith =
    (launch: 'direct' | 'runtime') =>
    (cmd: CommandToContain): Promise<ContainedCommand> =>
      this.containAs(cmd, launch)

  private async containAs(cmd: CommandToContain, launch = this.o.launch): Promise<ContainedCommand> {
    await mkdir(this.o.tempRoot, { recursive: true })
    const top = await mkdtemp(path.join(this.o.tempRoot, 'sandbox-'))
    const home = path.join(top, 'home')
    const tmp = path.join(top, 'tmp')
    // A config for Claude Code, which fills it in: its first start in a HOME without one measured 15–30 ms
    // slower per attempt, and one with CLAUDE_CONFIG_SEED's marks another ~20 ms quicker (docs/benchmarks.md).
    await Promise.all([
      mkdir(home).then(() => writeFile(path.join(home, '.claude.json'), CLAUDE_CONFIG_TEXT)),
      mkdir(tmp)
    ])
    const commandId = randomBytes(16).toString('base64url')
    // The library sets TMPDIR and NO_PROXY inside the namespace itself; ours must come after its.
    const ownEnv = { TMPDIR: tmp, NO_PROXY: this.noProxy, no_proxy: this.noProxy }
    const prefix = ['env', ...Object.entries(ownEnv).map(([k, v]) => `${k}=${v}`)]
    const line = [...prefix, ...cmd.argv].map(shellQuote).join(' ')
    const realHome = os.homedir()
    const { denies: rootDenies, absent } = await protectedInWorktree(cmd.writableRoot)
    let wrapped: string
    try {
      wrapped = await SandboxManager.wrapWithSandbox(
        line,
        undefined,
        {
          filesystem: {
            denyRead: this.denyRead,
            allowRead: this.allowRead,
            allowWrite: [...(cmd.writableRoot ? [cmd.writableRoot] : []), home, tmp],
            // The library's own convenience write paths in the real HOME.
            denyWrite: [path.join(realHome, '.npm'), path.join(realHome, '.claude'), ...rootDenies]
          }
        },
        undefined,
        { commandId }
      )
    } catch (err) {
      await rm(top, { recursive: true, force: true })
      throw err
    }
    const direct =
      launch === 'runtime'
        ? undefined
        : fastLaunch({
            wrapped,
            line,
            argv: cmd.argv,
            socat: this.socat,
            httpSocket: SandboxManager.getLinuxHttpSocketPath(),
            socksSocket: SandboxManager.getLinuxSocksSocketPath(),
            env: ownEnv
          })
    let finished = false
    return {
      file: direct ? direct.argv[0]! : '/bin/sh',
      args: direct ? direct.argv.slice(1) : ['-c', wrapped],
      env: { ...cmd.env, HOME: home, TMPDIR: tmp },
      finish: async () => {
        if (finished) return []
        finished = true
        const denied = new Map<string, number>()
        for (const v of SandboxManager.getSandboxViolationStore().getViolationsForCommand(commandId)) {
          const h = deniedHostOf(v.line)
          if (h) denied.set(h, (denied.get(h) ?? 0) + 1)
        }
        SandboxManager.cleanupAfterCommand()
        // The runtime removes the placeholders it made only once no contained command is running: in a
        // parallel run a finished task's worktree would still hold them while the task's changes are listed
        // (empty `.bashrc` …). A worktree is this command's alone, so its placeholders go now.
        await removePlaceholders(cmd.writableRoot, absent)
        // The private HOME and temp folder are the command's alone and nothing reads them again: removed
        // beside what comes next (the task's commit, its next command) instead of before it; stop() waits.
        const removed: Promise<void> = rm(top, { recursive: true, force: true })
          .catch(() => {})
          .then(() => void this.removals.delete(removed))
        this.removals.add(removed)
        return [...denied].map(([host, count]) => ({ host, count }))
      }
    }
  }

  async stop(): Promise<void> {
    await Promise.all(this.removals)
    await SandboxManager.reset()
  }
}

/**
 * What the runtime keeps read-only in the process's working directory, for a writable root elsewhere (a
 * parallel run's worktree): the files that make tools run code (MOUNT_POINT_NAMES; absent ones get a
 * placeholder, removed after the command) and, when `.git` is a file, that file. It names the folder git
 * uses for the tree: rewritten, it would point the action's own git commands there (status, add, reset,
 * run outside the sandbox) at a repository of the command's making, with its config and filter drivers.
 * The runtime's scan for such files deeper down covers the working directory only.
 */
async function protectedInWorktree(
  root: string | undefined
): Promise<{ denies: string[]; absent: string[] }> {
  if (!root) return { denies: [], absent: [] }
  const [here, there] = await Promise.all(
    [realpath(process.cwd()), realpath(root)].map(p => p.catch(() => ''))
  )
  if (!there || here === there) return { denies: [], absent: [] }
  const gitFile = path.join(root, '.git')
  const info = await lstat(gitFile).catch(() => null)
  const names = MOUNT_POINT_NAMES.filter(name => name !== '.claude')
  // The placeholders to remove afterwards: the top-level names absent now (`.claude` stands for both of
  // `.claude/commands` and `.claude/agents`). Under an existing `.claude` they are empty folders, which
  // git does not see.
  const tops = [...new Set(names.map(name => name.split('/')[0]!))]
  const exists = (p: string) =>
    lstat(p).then(
      () => true,
      () => false
    )
  const present = await Promise.all(tops.map(top => exists(path.join(root, top))))
  return {
    denies: [...names.map(name => path.join(root, name)), ...(info?.isFile() ? [gitFile] : [])],
    absent: tops.filter((_, i) => !present[i])
  }
}

/** Of `names` (absent from `root` before the command), those that are now an empty file or folder. */
async function removePlaceholders(root: string | undefined, names: readonly string[]): Promise<void> {
  if (!root || !names.length) return
  for (const name of emptyMountPoints(root).filter(n => names.includes(n)))
    await rm(path.join(root, name), { recursive: true, force: true }).catch(() => {})
}

/**
 * NO_PROXY inside the namespace: the library's list (loopback and private ranges go direct, which inside a
 * namespace without network reaches only the namespace's own loopback) minus any host of the allow-list,
 * so an allowed local endpoint (the API on 127.0.0.1 in tests, a proxy on the LAN) goes through the proxy.
 */
export function noProxyFor(allow: readonly string[]): string {
  const hosts = new Set(allow.map(a => a.replace(/:\d+$/, '').replace(/^\[|\]$/g, '')))
  const base = [
    'localhost',
    '127.0.0.1',
    '::1',
    '169.254.0.0/16',
    '10.0.0.0/8',
    '172.16.0.0/12',
    '192.168.0.0/16'
  ]
  const privateIp = (h: string) => /^(127\.|10\.|192\.168\.|169\.254\.|172\.(1[6-9]|2\d|3[01])\.)/.test(h)
  return base
    .filter(b => !hosts.has(b))
    .filter(b => !(b.includes('/') && [...hosts].some(h => privateIp(h) && sameRange(h, b))))
    .join(',')
}

function sameRange(ip: string, cidr: string): boolean {
  const first = cidr.split('.')[0]
  if (cidr.startsWith('172.16.')) return /^172\.(1[6-9]|2\d|3[01])\./.test(ip)
  if (cidr.startsWith('169.254.')) return ip.startsWith('169.254.')
  if (cidr.startsWith('192.168.')) return ip.startsWith('192.168.')
  return ip.split('.')[0] === first
}

export type { DeniedHost }
