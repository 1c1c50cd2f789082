/**
 * The one place that runs git. Argument arrays through node:child_process (never a shell), the commit
 * identity and the push credentials passed per command (never written to the repository's config), and
 * errors that name the command with every secret redacted.
 *
 * Claude works in the same repository with full permissions, so it can plant hooks and config that git
 * would run for us (with the push credential in the environment of network commands). Every command
 * therefore runs with hooks and fsmonitor switched off on the command line (which beats any config file),
 * a minimal environment (no action inputs, tokens or runner secrets), and, when the repository has a
 * {@link GitGuard}, only after the guard has checked (and if needed restored) the repository's config.
 */
import { spawn } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { copyFileSync, existsSync, readdirSync, rmSync, statSync, utimesSync } from 'node:fs'
import { basename, dirname, join, resolve as resolvePath } from 'node:path'
import type { Scrubber } from '../../shared/scrubber.js'

export interface GitIdentity {
  name: string
  email: string
}

export interface GitExtraHeader {
  /** URL prefix the header applies to, e.g. `https://github.com/` (the form actions/checkout uses). */
  url: string
  /** Full header line, e.g. `AUTHORIZATION: basic …`. */
  value: string
}

export interface GitOptions {
  identity?: GitIdentity
  /** Sent on network commands only (fetch, push, ls-remote), see {@link Git.execNetwork}. */
  extraHeader?: GitExtraHeader
  /** Checked before every command; see {@link Git.useGuard}. */
  guard?: GitGuard
  /**
   * The run's secrets: commit messages are scrubbed of them, and no ref whose name holds one is pushed.
   * Claude's commits (their subjects go into the task's commit message) and branches are its text.
   */
  outbound?: Scrubber
}

/** Checks (and restores) what Claude may have changed in the repository's config before git reads it. */
export interface GitGuard {
  check(): Promise<void>
  /** Watches a file that names where git looks (a worktree's `.git`) until unwatch: put back when changed. */
  watch(file: string): Promise<void>
  unwatch(file: string): void
}

/**
 * Put before every command: no hook runs (our commits are built with plumbing in a temporary index, so no
 * hook is wanted anywhere), no fsmonitor command runs, no commit is signed by a configured gpg.program,
 * and the `ext::` transport (a remote URL that is a shell command) stays off. Command-line `-c` wins over
 * every config file, including ones Claude wrote.
 */
export const SAFE_CONFIG_ARGS: readonly string[] = [
  '-c',
  'core.hooksPath=/dev/null',
  '-c',
  'core.fsmonitor=false',
  '-c',
  'commit.gpgSign=false',
  '-c',
  'protocol.ext.allow=never'
]

/** Variables git may need for an ordinary run (case-insensitive), kept from the action's environment. */
const KEPT_ENV = new Set([
  'PATH',
  'HOME',
  'USER',
  'LOGNAME',
  'USERNAME',
  'SHELL',
  'TMPDIR',
  'TMP',
  'TEMP',
  'LANG',
  'LANGUAGE',
  'TZ',
  'XDG_CONFIG_HOME',
  'PREFIX',
  // Network: proxies and certificates (self-hosted runners), ssh remotes.
  'HTTP_PROXY',
  'HTTPS_PROXY',
  'ALL_PROXY',
  'NO_PROXY',
  'CURL_CA_BUNDLE',
  'SSL_CERT_FILE',
  'SSL_CERT_DIR',
  'SSH_AUTH_SOCK',
  // Windows.
  'SYSTEMROOT',
  'SYSTEMDRIVE',
  'WINDIR',
  'COMSPEC',
  'PATHEXT',
  'USERPROFILE',
  'HOMEDRIVE',
  'HOMEPATH',
  'APPDATA',
  'LOCALAPPDATA',
  'PROGRAMDATA',
  'PROGRAMFILES',
  'PROGRAMFILES(X86)',
  'COMMONPROGRAMFILES',
  'OS',
  'PROCESSOR_ARCHITECTURE',
  'NUMBER_OF_PROCESSORS'
])

/** GIT_* variables that would point git at another repository, index or object store than ours. */
const DROPPED_GIT_ENV = new Set([
  'GIT_DIR',
  'GIT_WORK_TREE',
  'GIT_INDEX_FILE',
  'GIT_OBJECT_DIRECTORY',
  'GIT_ALTERNATE_OBJECT_DIRECTORIES',
  'GIT_COMMON_DIR',
  'GIT_NAMESPACE',
  'GIT_PREFIX'
])

/**
 * The environment git runs with: only what it needs (PATH, HOME, locale, proxies, the runner's GIT_*
 * settings such as GIT_CONFIG_GLOBAL or GIT_SSH_COMMAND), never INPUT_*, ACTIONS_*, GITHUB_TOKEN or any
 * other secret of the job: whatever git starts (a filter, a credential helper, ssh) inherits it.
 */
export function gitEnv(base: NodeJS.ProcessEnv): Record<string, string> {
  const env: Record<string, string> = {}
  for (const [k, v] of Object.entries(base)) {
    if (v === undefined) continue
    const upper = k.toUpperCase()
    if (KEPT_ENV.has(upper) || upper.startsWith('LC_')) env[k] = v
    else if (upper.startsWith('GIT_') && !DROPPED_GIT_ENV.has(upper)) env[k] = v
  }
  return env
}

export interface ExecOptions {
  /** Resolve with the exit code instead of throwing when git fails. */
  allowFailure?: boolean
  /** Written to git's stdin. */
  input?: string
  env?: Record<string, string>
}

export interface ExecResult {
  exitCode: number
  stdout: string
  stderr: string
}

export interface StatusEntry {
  /** Index status letter (`?` for untracked). */
  index: string
  /** Work-tree status letter. */
  workTree: string
  path: string
  /** The old path of a rename or copy. */
  origPath?: string
}

/** One entry of a config file, as `git config --show-origin` lists it. */
export interface ConfigEntry {
  /** Absolute path of the file it is in; null when not from a file (the command line, a blob). */
  file: string | null
  key: string
  value: string
}

export class GitError extends Error {
  constructor(
    message: string,
    readonly command: string,
    readonly exitCode: number,
    readonly stderr: string
  ) {
    super(message)
    this.name = 'GitError'
  }
}

const MAX_OUTPUT = 64 * 1024 * 1024

/**
 * Temporary indexes (`<index>.taskmesh-<pid>-<hex>`) left by a Taskmesh process that was killed (SIGKILL
 * gives no chance to clean up): removed when their process is gone. They are harmless to git, but litter.
 * Those named with this process's own id are left alone: another Git object of this process may be using one.
 */
function removeOrphanedIndexes(realIndex: string): void {
  const dir = dirname(realIndex)
  const prefix = `${basename(realIndex)}.taskmesh-`
  let names: string[]
  try {
    names = readdirSync(dir).filter(n => n.startsWith(prefix))
  } catch {
    return
  }
  for (const name of names) {
    const pid = Number(/^(\d+)-[0-9a-f]+$/.exec(name.slice(prefix.length))?.[1])
    if (!pid || pid === process.pid || processAlive(pid)) continue
    rmSync(join(dir, name), { force: true })
  }
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (e) {
    // EPERM: it exists, under another user.
    return (e as NodeJS.ErrnoException).code === 'EPERM'
  }
}

export class Git {
  private readonly secrets: string[]
  /** Absolute path of this repository's index, once asked for (see realIndex). */
  private indexPath: string | undefined

  private readonly opts: GitOptions
  private cachedEnv: Record<string, string> | undefined

  constructor(
    readonly cwd: string,
    opts: GitOptions = {}
  ) {
    this.opts = { ...opts }
    const secrets: string[] = []
    const header = opts.extraHeader?.value
    if (header) {
      secrets.push(header)
      // Redact the encoded credentials and the token inside them wherever they might show up.
      const m = /basic\s+(\S+)/i.exec(header)
      if (m) {
        secrets.push(m[1])
        const decoded = Buffer.from(m[1], 'base64').toString('utf8')
        const token = decoded.slice(decoded.indexOf(':') + 1)
        if (token.length >= 4) secrets.push(token)
      }
    }
    // Longest first, so a token inside a header never leaves a partial match behind.
    this.secrets = secrets.sort((a, b) => b.length - a.length)
  }

  redact(text: string): string {
    let out = text
    for (const s of this.secrets) out = out.split(s).join('***')
    return out
  }

  /** Runs `git <args>` locally (no credentials). Private: every command line is written in this file. */
  private exec(args: string[], o: ExecOptions = {}): Promise<ExecResult> {
    return this.run(this.identityArgs(), args, o)
  }

  /**
   * Runs a command that talks to the remote, with the auth header added for this command only. An empty
   * value first resets the header list, so a header that actions/checkout persisted in .git/config for the
   * same URL is not sent alongside ours (git would send both, and the server uses the stale one).
   */
  private execNetwork(args: string[], o: ExecOptions = {}): Promise<ExecResult> {
    const h = this.opts.extraHeader
    if (!h) return this.run(this.identityArgs(), args, o)
    // Through GIT_CONFIG_* variables rather than `-c`: a command line is visible to every user of the
    // machine (ps), the environment of a process only to its owner.
    const n = Number(o.env?.GIT_CONFIG_COUNT ?? this.baseEnv.GIT_CONFIG_COUNT ?? 0) || 0
    const env: Record<string, string> = {
      ...o.env,
      GIT_CONFIG_COUNT: String(n + 2),
      [`GIT_CONFIG_KEY_${n}`]: `http.${h.url}.extraheader`,
      [`GIT_CONFIG_VALUE_${n}`]: '',
      [`GIT_CONFIG_KEY_${n + 1}`]: `http.${h.url}.extraheader`,
      [`GIT_CONFIG_VALUE_${n + 1}`]: h.value,
      // The header is in this environment: no askpass program or credential helper from a config file
      // (which Claude could have written) may run with it. An empty GIT_ASKPASS beats core.askPass.
      GIT_ASKPASS: ''
    }
    // An empty value empties the list of credential helpers: our header is the credential.
    return this.run([...this.identityArgs(), '-c', 'credential.helper='], args, { ...o, env })
  }

  private identityArgs(): string[] {
    const id = this.opts.identity
    return id ? ['-c', `user.name=${id.name}`, '-c', `user.email=${id.email}`] : []
  }

  /** Every later command (of this object) first lets the guard check the repository's config. */
  useGuard(guard: GitGuard | undefined): void {
    this.opts.guard = guard
  }

  get guard(): GitGuard | undefined {
    return this.opts.guard
  }

  /** The environment every command starts from; built once (reading all of process.env is slow). */
  private get baseEnv(): Record<string, string> {
    const id = this.opts.identity
    return (this.cachedEnv ??= {
      ...gitEnv(process.env),
      GIT_TERMINAL_PROMPT: '0',
      GCM_INTERACTIVE: 'never',
      // Stable English messages: push/rebase outcomes are recognised from them.
      LC_ALL: 'C',
      // rebase --continue and friends must never wait for an editor.
      GIT_EDITOR: 'true',
      GIT_SEQUENCE_EDITOR: 'true',
      ...(id ? { GIT_COMMITTER_NAME: id.name, GIT_COMMITTER_EMAIL: id.email } : {})
    })
  }

  private async run(pre: string[], args: string[], o: ExecOptions): Promise<ExecResult> {
    await this.opts.guard?.check()
    const env = o.env ? { ...this.baseEnv, ...o.env } : this.baseEnv
    const fullArgs = [...SAFE_CONFIG_ARGS, ...pre, ...args]
    return new Promise((resolve, reject) => {
      const child = spawn('git', fullArgs, { cwd: this.cwd, env, stdio: ['pipe', 'pipe', 'pipe'] })
      const out: Buffer[] = []
      const err: Buffer[] = []
      let size = 0
      child.stdout.on('data', (b: Buffer) => {
        size += b.length
        if (size <= MAX_OUTPUT) out.push(b)
      })
      child.stderr.on('data', (b: Buffer) => err.push(b))
      child.on('error', e => reject(new GitError(`git could not be started: ${e.message}`, 'git', -1, '')))
      child.on('close', code => {
        const result = {
          exitCode: code ?? -1,
          stdout: Buffer.concat(out).toString('utf8'),
          stderr: this.redact(Buffer.concat(err).toString('utf8'))
        }
        if (result.exitCode !== 0 && !o.allowFailure) {
          const command = this.redact(['git', ...args].join(' '))
          const detail = result.stderr.trim() || result.stdout.trim()
          reject(
            new GitError(
              `\`${command}\` failed with exit code ${result.exitCode}${detail ? `: ${detail}` : ''}`,
              command,
              result.exitCode,
              result.stderr
            )
          )
        } else resolve(result)
      })
      child.stdin.on('error', () => {}) // git may exit before reading all input
      child.stdin.end(o.input ?? '')
    })
  }

  // ---- reading --------------------------------------------------------------------------------------

  async revParse(rev: string): Promise<string> {
    return (await this.exec(['rev-parse', '--verify', '--end-of-options', `${rev}^{commit}`])).stdout.trim()
  }

  /** The sha, or null when the revision does not exist. */
  async tryRevParse(rev: string): Promise<string | null> {
    const r = await this.exec(['rev-parse', '--verify', '-q', '--end-of-options', `${rev}^{commit}`], {
      allowFailure: true
    })
    return r.exitCode === 0 ? r.stdout.trim() : null
  }

  /** The checked-out branch name, or null on a detached HEAD. */
  async currentBranch(): Promise<string | null> {
    const r = await this.exec(['symbolic-ref', '-q', '--short', 'HEAD'], { allowFailure: true })
    return r.exitCode === 0 ? r.stdout.trim() : null
  }

  async topLevel(): Promise<string> {
    return (await this.exec(['rev-parse', '--show-toplevel'])).stdout.trim()
  }

  /**
   * The repository root and the path of cwd relative to it (`''` at the root, else ending in `/`): one git
   * process for both, as every run asks for both first.
   */
  async location(): Promise<{ top: string; prefix: string }> {
    const [top = '', prefix = ''] = (
      await this.exec(['rev-parse', '--show-toplevel', '--show-prefix'])
    ).stdout.split('\n')
    return { top: top.trim(), prefix: prefix.trim() }
  }

  /** Absolute paths of the repository's common git folder (shared by worktrees) and this worktree's own. */
  async gitDirs(): Promise<{ common: string; own: string }> {
    const r = await this.exec(['rev-parse', '--git-common-dir', '--git-dir'])
    const [common, own] = r.stdout.split('\n').map(l => resolvePath(this.cwd, l.trim()))
    return { common, own: own ?? common }
  }

  /** Absolute path of the repository's common git folder. */
  async commonDir(): Promise<string> {
    return resolvePath(this.cwd, (await this.exec(['rev-parse', '--git-common-dir'])).stdout.trim())
  }

  /** Whether the object store holds this commit (a shallow clone may not). */
  async hasCommit(rev: string): Promise<boolean> {
    return (await this.exec(['cat-file', '-e', `${rev}^{commit}`], { allowFailure: true })).exitCode === 0
  }

  /** `<short sha> <subject>` of every commit in `from..to`, newest first. */
  async commitSubjects(from: string, to: string): Promise<string[]> {
    const r = await this.exec(['log', '--format=%h %s', `${from}..${to}`])
    return r.stdout.split('\n').filter(Boolean)
  }

  /** The full message of a commit. */
  async commitMessage(rev: string): Promise<string> {
    return (await this.exec(['log', '-1', '--format=%B', rev])).stdout
  }

  /** The `Task-Status` trailer values of the commits in `range`, one line per commit. */
  async taskStatusTrailers(range: string): Promise<string[]> {
    const r = await this.exec(['log', '--format=%(trailers:key=Task-Status,valueonly)', range])
    return r.stdout.split('\n')
  }

  /**
   * The `Task-Id` trailer values of the commits in `range` that touched these paths (literal pathspecs on
   * the command line: callers pass few paths); none when git fails.
   */
  async taskIdsTouching(range: string, paths: string[]): Promise<string[]> {
    const r = await this.exec(
      ['log', '--format=%(trailers:key=Task-Id,valueonly,separator=%x2C)', range, '--', ...paths],
      { allowFailure: true, env: { GIT_LITERAL_PATHSPECS: '1' } }
    )
    return r.stdout
      .split(/[\n,]/)
      .map(s => s.trim())
      .filter(Boolean)
  }

  /** True when the index holds nothing HEAD does not (`diff --cached --quiet` exits 0). */
  async nothingStaged(): Promise<boolean> {
    return (await this.exec(['diff', '--cached', '--quiet'], { allowFailure: true })).exitCode === 0
  }

  /** Whether git accepts `name` as a branch name. */
  async isValidBranchName(name: string): Promise<boolean> {
    return (await this.exec(['check-ref-format', '--branch', name], { allowFailure: true })).exitCode === 0
  }

  /** A patch from one tree (or commit) to another that `git apply` takes as is: binary, no renames. */
  async binaryDiff(from: string, to: string): Promise<string> {
    const r = await this.exec([
      'diff',
      '--binary',
      '--no-renames',
      '--no-ext-diff',
      '--no-textconv',
      from,
      to
    ])
    return r.stdout
  }

  /** Every `http.<url>.extraheader` entry of the config files git reads here, with the file it is in. */
  async extraHeaderEntries(): Promise<ConfigEntry[]> {
    const r = await this.exec(
      ['config', '--show-origin', '-z', '--get-regexp', '^http\\..*\\.extraheader$'],
      {
        allowFailure: true
      }
    )
    return r.exitCode === 0 ? this.parseConfigZ(r.stdout) : []
  }

  /** Every entry of the repository's own config and the files it includes, with the file it is in. */
  async localConfigEntries(): Promise<ConfigEntry[]> {
    const r = await this.exec(['config', '--local', '--includes', '--list', '--show-origin', '-z'], {
      allowFailure: true
    })
    return this.parseConfigZ(r.stdout)
  }

  /** `git config --show-origin -z` output: `<origin>\0<key>\n<value>\0` per entry. */
  private parseConfigZ(out: string): ConfigEntry[] {
    const entries: ConfigEntry[] = []
    const parts = out.split('\0')
    for (let i = 0; i + 1 < parts.length; i += 2) {
      const origin = parts[i]
      const nl = parts[i + 1].indexOf('\n')
      entries.push({
        file: origin.startsWith('file:') ? resolvePath(this.cwd, origin.slice(5)) : null,
        key: nl < 0 ? parts[i + 1] : parts[i + 1].slice(0, nl),
        value: nl < 0 ? '' : parts[i + 1].slice(nl + 1)
      })
    }
    return entries
  }

  async isShallow(): Promise<boolean> {
    return (await this.exec(['rev-parse', '--is-shallow-repository'])).stdout.trim() === 'true'
  }

  async isAncestor(ancestor: string, descendant: string): Promise<boolean> {
    const r = await this.exec(['merge-base', '--is-ancestor', ancestor, descendant], { allowFailure: true })
    if (r.exitCode > 1)
      throw new GitError(`git merge-base failed: ${r.stderr.trim()}`, 'git merge-base', r.exitCode, r.stderr)
    return r.exitCode === 0
  }

  async mergeBase(a: string, b: string): Promise<string | null> {
    const r = await this.exec(['merge-base', a, b], { allowFailure: true })
    return r.exitCode === 0 ? r.stdout.trim() : null
  }

  /** Every entry of `git status`, untracked files listed one by one, renames with their old path. */
  async status(): Promise<StatusEntry[]> {
    const r = await this.exec([
      'status',
      '--porcelain=v1',
      '-z',
      '--untracked-files=all',
      '--ignore-submodules=none'
    ])
    return parseStatusZ(r.stdout)
  }

  /** Which of `paths` (relative to cwd) git tracks; null when cwd is not in a repository. */
  async trackedAmong(paths: string[]): Promise<Set<string> | null> {
    const r = await this.exec(['ls-files', '-z', '--', ...paths], { allowFailure: true })
    return r.exitCode === 0 ? new Set(splitZ(r.stdout)) : null
  }

  /**
   * Every path added, modified, deleted or renamed (both names) between `sha` and the working tree:
   * commits made meanwhile, staged and unstaged changes, and untracked (not ignored) files.
   */
  async changedFilesSince(sha: string): Promise<string[]> {
    // Both only read the repository: run them at the same time (one git run less to wait for per call).
    const [diff, untracked] = await Promise.all([
      this.exec(['diff', '--name-only', '--no-renames', '-z', sha, '--']),
      this.exec(['ls-files', '--others', '--exclude-standard', '-z'])
    ])
    const set = new Set([...splitZ(diff.stdout), ...splitZ(untracked.stdout)])
    return [...set].sort()
  }

  /**
   * A tree object of the whole working tree as it is now (tracked changes and untracked, not ignored files),
   * built in a throwaway copy of the index (see {@link withIndexCopy}): the real one is untouched.
   */
  async worktreeTree(): Promise<string> {
    return this.withIndexCopy(async env => {
      await this.exec(['add', '-A', '--', '.'], { env })
      return (await this.exec(['write-tree'], { env })).stdout.trim()
    })
  }

  /**
   * Every path added, modified or deleted in the working tree since the tree `since` (a rename counts as a
   * deletion and an addition; untracked, not ignored files included), and with `tree: true` also a tree of
   * the working tree now, for the next comparison. One `git add -A` into a copy of the index, then the diff
   * and the tree are read from it at the same time: two git runs to wait for, not three.
   */
  async worktreeChanges(
    since: string,
    o: { tree?: boolean } = {}
  ): Promise<{ changed: string[]; tree?: string }> {
    return this.withIndexCopy(async env => {
      await this.exec(['add', '-A', '--', '.'], { env })
      const [diff, tree] = await Promise.all([
        this.exec(['diff-index', '--cached', '--no-renames', '--name-only', '-z', since], { env }),
        o.tree ? this.exec(['write-tree'], { env }) : undefined
      ])
      return { changed: splitZ(diff.stdout).sort(), tree: tree?.stdout.trim() }
    })
  }

  /**
   * Runs `fn` with GIT_INDEX_FILE set to a fresh copy of the real index, removed afterwards. A fresh copy
   * every time, not one kept up to date across calls: what was done to the real index meanwhile (a file
   * added with `add -f` despite .gitignore, a nested repository or sparse-checkout flag changed) must count.
   * Unchanged files are not hashed again (their stat matches). The copy keeps the original's modification
   * time: git trusts an entry's recorded stat only when the file is older than the index, and a fresh
   * timestamp would make it trust entries it must still check ("racy git").
   */
  private async withIndexCopy<T>(fn: (env: Record<string, string>) => Promise<T>): Promise<T> {
    const real = await this.realIndex()
    const copy = await this.tempIndexPath()
    try {
      const st = statSync(real, { throwIfNoEntry: false })
      if (st) {
        copyFileSync(real, copy)
        utimesSync(copy, st.atime, st.mtime)
      }
      return await fn({ GIT_INDEX_FILE: copy })
    } finally {
      rmSync(copy, { force: true })
    }
  }

  /** Absolute path of this repository's index. Where it lives does not change: git is asked once. */
  private async realIndex(): Promise<string> {
    if (this.indexPath) return this.indexPath
    const real = resolvePath(this.cwd, (await this.exec(['rev-parse', '--git-path', 'index'])).stdout.trim())
    removeOrphanedIndexes(real)
    return (this.indexPath = real)
  }

  /** A new, unused name for a temporary index next to the real one (in this worktree's git folder). */
  async tempIndexPath(): Promise<string> {
    return `${await this.realIndex()}.taskmesh-${process.pid}-${randomBytes(6).toString('hex')}`
  }

  /** HEAD's sha and the branch it is on (null when detached), in one git run. */
  async headState(): Promise<{ sha: string; branch: string | null }> {
    // The sha, then the full name of the ref HEAD points at (`HEAD` itself when detached).
    const r = await this.exec(['rev-parse', 'HEAD', '--symbolic-full-name', 'HEAD'], { allowFailure: true })
    // HEAD on a branch with no commit yet: the usual error of rev-parse --verify says so plainly.
    if (r.exitCode !== 0) return { sha: await this.revParse('HEAD'), branch: null }
    const [sha = '', ref = ''] = r.stdout.trim().split('\n')
    return { sha, branch: ref.startsWith('refs/heads/') ? ref.slice('refs/heads/'.length) : null }
  }

  /**
   * A tree of `base` with `paths` taken from the working tree as they are now (changed, added or deleted),
   * built in a temporary index. Paths go through stdin as literal pathspecs: no argv length limit, and a
   * name like `[id].tsx` or `:(glob)x` means that file only.
   */
  async treeWithPaths(base: string, paths: string[]): Promise<string> {
    const tmp = await this.tempIndexPath()
    try {
      const env = { GIT_INDEX_FILE: tmp }
      await this.exec(['read-tree', base], { env })
      await this.addPaths(paths, env)
      return (await this.exec(['write-tree'], { env })).stdout.trim()
    } finally {
      rmSync(tmp, { force: true })
    }
  }

  /** File content at a revision (`HEAD`, a sha, or `:1` style index stages), or null when absent. */
  async show(rev: string, path: string): Promise<string | null> {
    const r = await this.exec(['show', `${rev}:${path}`], { allowFailure: true })
    return r.exitCode === 0 ? r.stdout : null
  }

  async treeOf(rev: string): Promise<string> {
    return (await this.exec(['rev-parse', '--verify', `${rev}^{tree}`])).stdout.trim()
  }

  /** Paths present in a commit's tree. */
  async listTree(rev: string): Promise<Set<string>> {
    const r = await this.exec(['ls-tree', '-r', '-z', '--name-only', '--full-tree', rev])
    return new Set(splitZ(r.stdout))
  }

  /**
   * The newest `max` commits of `rev` that carry a `Task-Id` trailer (Taskmesh's task commits), newest
   * first, with the task ids and the files each changed. A shallow clone gives what it holds.
   */
  async taskCommits(rev: string, max = 2000): Promise<{ sha: string; taskIds: string[]; files: string[] }[]> {
    const r = await this.exec([
      'log',
      '-z',
      '--name-only',
      '--no-renames',
      `--max-count=${max}`,
      '--format=%x1e%H%x1f%(trailers:key=Task-Id,valueonly,separator=%x2c)%x1f',
      rev,
      '--'
    ])
    const out: { sha: string; taskIds: string[]; files: string[] }[] = []
    for (const record of r.stdout.split('\x1e')) {
      const [sha, ids, rest = ''] = record.split('\x1f')
      const taskIds = (ids ?? '')
        .split(',')
        .map(s => s.trim())
        .filter(Boolean)
      if (!sha || taskIds.length === 0) continue
      const files = rest
        .split('\0')
        .map(f => f.replace(/^\n/, ''))
        .filter(Boolean)
      out.push({ sha: sha.trim(), taskIds, files })
    }
    return out
  }

  /** Paths with unresolved merge conflicts. */
  async conflictedFiles(): Promise<string[]> {
    const r = await this.exec(['diff', '--name-only', '--diff-filter=U', '-z'])
    return [...new Set(splitZ(r.stdout))]
  }

  // ---- writing --------------------------------------------------------------------------------------

  /**
   * Stages paths (additions, changes and deletions) without touching any other entry. Paths go through
   * stdin, so a long list or a name that looks like an option or a glob is safe.
   */
  async addPaths(paths: string[], env?: Record<string, string>): Promise<void> {
    if (paths.length === 0) return
    const literal = literalPaths(paths)
    await this.exec(['add', '-A', ...PATHS_FROM_STDIN], { ...literal, env: { ...literal.env, ...env } })
  }

  /**
   * Fetches a branch of the remote into its remote-tracking ref (forced: the remote may have been rewritten),
   * optionally deepening a shallow clone. Returns the remote-tracking ref.
   */
  async fetchBranch(
    remote: string,
    branch: string,
    history: { deepen?: number; unshallow?: boolean } = {}
  ): Promise<string> {
    const tracking = remoteTrackingRef(remote, branch)
    const extra = history.unshallow ? ['--unshallow'] : history.deepen ? [`--deepen=${history.deepen}`] : []
    await this.execNetwork([
      'fetch',
      '--no-tags',
      '--no-write-fetch-head',
      ...extra,
      remote,
      `+refs/heads/${branch}:${tracking}`
    ])
    return tracking
  }

  /** Fetches `depth` more commits of history (of `refs`, or the default ones); false when git fails. */
  async tryDeepen(remote: string, depth: number, refs: string[] = []): Promise<boolean> {
    const r = await this.execNetwork(['fetch', '-q', '--no-tags', `--deepen=${depth}`, remote, ...refs], {
      allowFailure: true
    })
    return r.exitCode === 0
  }

  /**
   * A commit of `tree` with the message as given, scrubbed of the run's secrets (the only way this code base
   * makes commits, so no commit message leaves unchecked). Returns the new commit's sha.
   */
  async commitTree(tree: string, parents: string[], message: string): Promise<string> {
    const text = this.opts.outbound ? this.opts.outbound.scrub(message, 'a commit message') : message
    const args = ['commit-tree', tree, ...parents.flatMap(p => ['-p', p]), '-F', '-']
    return (await this.exec(args, { input: text })).stdout.trim()
  }

  /** Pushes `sha` to the remote's `branch`; resolves with the result (never throws on a rejection). */
  pushCommit(remote: string, sha: string, branch: string): Promise<ExecResult> {
    return this.push(remote, [`${sha}:refs/heads/${branch}`])
  }

  /**
   * Pushes `sha` as a new branch of the remote: an empty lease fails when the branch exists, even when the
   * push would fast-forward it. Resolves with the result (never throws on a rejection).
   */
  pushNewBranch(remote: string, sha: string, branch: string): Promise<ExecResult> {
    return this.push(remote, [`${sha}:refs/heads/${branch}`], [`--force-with-lease=refs/heads/${branch}:`])
  }

  /** Pushes; resolves with the result (never throws on a rejection) so callers can tell why. */
  private async push(remote: string, refspecs: string[], extra: string[] = []): Promise<ExecResult> {
    // A branch name cannot be masked (`***` is no valid ref): refuse instead of publishing the secret.
    if (this.opts.outbound && refspecs.some(r => this.opts.outbound!.holdsSecret(r, 'a branch name')))
      throw new GitError(
        'refusing to push: a branch name holds a secret of this run (an API key or token)',
        'git push',
        -1,
        ''
      )
    return this.execNetwork(['push', '--porcelain', '--no-verify', ...extra, remote, ...refspecs], {
      allowFailure: true
    })
  }

  /** The sha of a branch on the remote, or null when it does not exist there. */
  async remoteBranchSha(remote: string, branch: string): Promise<string | null> {
    const r = await this.execNetwork(['ls-remote', '--heads', remote, `refs/heads/${branch}`])
    for (const line of r.stdout.split('\n')) {
      const [sha, ref] = line.split('\t')
      if (ref === `refs/heads/${branch}`) return sha
    }
    return null
  }

  /**
   * Rebases the checked-out branch onto `upstream`, pre-existing changes stashed and put back; resolves with
   * the result (a conflict leaves the rebase in progress, see {@link rebaseStep}).
   */
  rebaseOnto(upstream: string): Promise<ExecResult> {
    return this.exec(['rebase', '--autostash', '--no-verify', upstream], { allowFailure: true })
  }

  /** Goes on with a stopped rebase: `continue` with what is staged, or `skip` the commit being replayed. */
  rebaseStep(step: 'continue' | 'skip'): Promise<ExecResult> {
    return this.exec(['rebase', `--${step}`], { allowFailure: true })
  }

  async rebaseAbort(): Promise<void> {
    await this.exec(['rebase', '--abort'], { allowFailure: true })
  }

  async rebaseInProgress(): Promise<boolean> {
    const dirs = await this.exec(['rev-parse', '--git-path', 'rebase-merge', '--git-path', 'rebase-apply'])
    return dirs.stdout
      .split('\n')
      .filter(Boolean)
      .some(d => existsSync(resolvePath(this.cwd, d)))
  }

  async checkoutBranch(branch: string): Promise<void> {
    await this.exec(['checkout', '-q', branch, '--'])
  }

  async checkoutDetached(commit: string): Promise<void> {
    await this.exec(['checkout', '-q', '--detach', commit, '--'])
  }

  /** Creates `branch` at `startPoint` (no upstream set) and checks it out. */
  async checkoutNewBranch(branch: string, startPoint: string): Promise<void> {
    await this.exec(['checkout', '-q', '--no-track', '-b', branch, startPoint, '--'])
  }

  /** Deletes a local branch, merged or not; a failure (it is checked out, it is gone) is ignored. */
  async deleteBranch(branch: string): Promise<void> {
    await this.deleteBranches([branch])
  }

  /** Deletes local branches, a hundred per command; failures are ignored as in {@link deleteBranch}. */
  async deleteBranches(branches: readonly string[]): Promise<void> {
    for (let i = 0; i < branches.length; i += 100)
      await this.exec(['branch', '-q', '-D', '--', ...branches.slice(i, i + 100)], { allowFailure: true })
  }

  async mergeFastForward(rev: string): Promise<void> {
    await this.exec(['merge', '-q', '--ff-only', rev])
  }

  /** Points HEAD at `branch` without touching the index or the working tree. */
  async setHeadBranch(branch: string): Promise<void> {
    await this.exec(['symbolic-ref', 'HEAD', `refs/heads/${branch}`])
  }

  /** Moves `ref` to `sha` only if it is at `expected` now (compare-and-swap). */
  async updateRef(ref: string, sha: string, expected: string, reason: string): Promise<void> {
    await this.exec(['update-ref', '-m', reason, ref, sha, expected])
  }

  /** Moves the checked-out branch to `commit`; index and working tree are kept. */
  async resetSoft(commit: string): Promise<void> {
    await this.exec(['reset', '-q', '--soft', commit])
  }

  /** Moves the checked-out branch, the index and the working tree to `commit`. */
  async resetHard(commit: string): Promise<void> {
    await this.exec(['reset', '-q', '--hard', commit])
  }

  /** Removes untracked files and folders (not ignored ones). */
  async removeUntracked(): Promise<void> {
    await this.exec(['clean', '-q', '-fd'])
  }

  /** The index entries of `paths` back to HEAD's (files untouched). Paths go through stdin, literally. */
  async resetPaths(paths: string[]): Promise<void> {
    await this.exec(['reset', '-q', ...PATHS_FROM_STDIN], literalPaths(paths))
  }

  /** The working-tree files of `paths` back to their content in `source` (index untouched). */
  async restorePaths(source: string, paths: string[]): Promise<void> {
    await this.exec(['restore', `--source=${source}`, '--worktree', ...PATHS_FROM_STDIN], literalPaths(paths))
  }

  /** Drops `paths` from the index (files untouched); paths not in it are ignored. */
  async removeFromIndex(paths: string[]): Promise<void> {
    await this.exec(
      ['rm', '-q', '-r', '--cached', '--ignore-unmatch', ...PATHS_FROM_STDIN],
      literalPaths(paths)
    )
  }

  /** Applies a patch (from {@link binaryDiff}) to the working tree; resolves with the result. */
  applyPatch(patch: string): Promise<ExecResult> {
    return this.exec(['apply', '--whitespace=nowarn', '-'], { input: patch, allowFailure: true })
  }

  /** Removes every `key` from one config file; a failure (none there) is ignored. */
  async configUnsetAll(file: string, key: string): Promise<void> {
    await this.exec(['config', '--file', file, '--unset-all', key], { allowFailure: true })
  }

  /** Adds a `key = value` line to one config file; a failure is ignored. */
  async configAdd(file: string, key: string, value: string): Promise<void> {
    await this.exec(['config', '--file', file, '--add', key, value], { allowFailure: true })
  }

  async worktreeAdd(path: string, o: { branch: string; startPoint: string }): Promise<void> {
    await this.exec(['worktree', 'add', '--quiet', '-b', o.branch, '--', path, o.startPoint])
  }

  /** Forgets worktrees whose folders are gone; a failure is ignored. */
  async worktreePrune(): Promise<void> {
    await this.exec(['worktree', 'prune'], { allowFailure: true })
  }
}

/** The remote-tracking ref a fetch of `branch` from `remote` updates. */
export function remoteTrackingRef(remote: string, branch: string): string {
  return `refs/remotes/${remote}/${branch}`
}

/** Pathspecs read from stdin, NUL-separated: no argv length limit, and an option-like name is a name. */
const PATHS_FROM_STDIN = ['--pathspec-from-file=-', '--pathspec-file-nul']

/** stdin and environment for {@link PATHS_FROM_STDIN}: `[id].tsx` or `:(glob)x` means that file only. */
function literalPaths(paths: string[]): { input: string; env: Record<string, string> } {
  return { input: paths.join('\0'), env: { GIT_LITERAL_PATHSPECS: '1' } }
}

export function splitZ(s: string): string[] {
  return s.split('\0').filter(x => x.length > 0)
}

/** Parses `git status --porcelain=v1 -z`: `XY path\0`, and `XY new\0old\0` for renames and copies. */
export function parseStatusZ(out: string): StatusEntry[] {
  const parts = out.split('\0')
  const entries: StatusEntry[] = []
  for (let i = 0; i < parts.length; i++) {
    const p = parts[i]
    if (p.length < 4) continue
    const index = p[0]
    const workTree = p[1]
    const entry: StatusEntry = { index, workTree, path: p.slice(3) }
    if (index === 'R' || index === 'C' || workTree === 'R' || workTree === 'C') entry.origPath = parts[++i]
    entries.push(entry)
  }
  return entries
}
