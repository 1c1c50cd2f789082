/**
 * Claude runs in the repository with full permissions: it can write .git/config (a filter driver, a
 * credential helper, an askpass program, a remote URL…) and .git/hooks. The action's own git commands must
 * never run what it planted. Hooks and fsmonitor are switched off on every command line (see git.ts); what
 * cannot be switched off that way (filter drivers have names of Claude's choosing) is handled here: the
 * repository's config files and hooks folder are recorded when the run starts, and before every git
 * command of the action they are compared with that record and put back (with a warning) when they changed.
 *
 * Taskmesh's own edits of the config (hiding the credentials actions/checkout persisted, and putting them
 * back) go through {@link RepoGuard.edit}, which records the new state.
 */
import { lstatSync } from 'node:fs'
import { lstat, mkdir, readFile, readdir, rm, stat } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { writeFileAtomic } from '../../taskfile/atomic.js'
import type { Git, GitGuard } from './git.js'

interface FileState {
  /** null: the file did not exist. */
  data: Buffer | null
  mode: number
}

interface Snapshot {
  files: Map<string, FileState>
  hooks: Map<string, FileState>
}

export class RepoGuard implements GitGuard {
  private snap: Snapshot = { files: new Map(), hooks: new Map() }
  /**
   * lstat of everything recorded (inode, size, ctime, mtime), taken right after recording or restoring.
   * Every write changes ctime, which a process cannot set back, so an equal fingerprint means nothing
   * changed and the contents need not be read: the check runs before every git command of the action.
   */
  private fingerprint = ''
  /** Every config file ever recorded: once guarded, always guarded (an emptied include stays watched). */
  private readonly configFiles = new Set<string>()
  /**
   * Worktrees' `.git` files, while their worktree is in use: each names the folder git uses for that tree,
   * so a rewritten one would point the action's commands there at a repository of Claude's making.
   */
  private readonly pointers = new Set<string>()
  private suspended = 0
  private running: Promise<void> | undefined

  private constructor(
    private readonly git: Git,
    private readonly hooksDir: string,
    private readonly warn: (message: string) => void
  ) {}

  /** Records the repository's config and hooks now, and makes `git` check them before every command. */
  static async attach(git: Git, warn: (message: string) => void): Promise<RepoGuard> {
    git.useGuard(undefined)
    const { common, own } = await git.gitDirs()
    const guard = new RepoGuard(git, path.join(common, 'hooks'), warn)
    guard.configFiles.add(path.join(common, 'config'))
    guard.configFiles.add(path.join(own, 'config.worktree'))
    await guard.record()
    git.useGuard(guard)
    return guard
  }

  /** Runs Taskmesh's own change of the config, unchecked, then records the result as the new normal. */
  async edit<T>(fn: () => Promise<T>): Promise<T> {
    await this.running
    this.suspended++
    try {
      return await fn()
    } finally {
      try {
        await this.record()
      } finally {
        this.suspended--
      }
    }
  }

  /** Records `file` (a worktree's `.git`) as it is now, and puts it back before any command when it changed. */
  async watch(file: string): Promise<void> {
    await this.running
    this.pointers.add(file)
    this.snap.files.set(file, await readState(file))
    this.fingerprint = this.takeFingerprint()
  }

  /** Stops watching `file` (its worktree is being deleted). */
  unwatch(file: string): void {
    this.pointers.delete(file)
    this.snap.files.delete(file)
    this.fingerprint = this.takeFingerprint()
  }

  /** Puts back what changed since the record (config files and hooks); warns when it did. */
  check(): Promise<void> {
    if (this.suspended > 0) return Promise.resolve()
    // Commands run concurrently (parallel tasks): one check at a time, shared by everyone waiting.
    this.running ??= this.compareAndRestore().finally(() => (this.running = undefined))
    return this.running
  }

  private async compareAndRestore(): Promise<void> {
    if (this.takeFingerprint() === this.fingerprint) return
    const changedConfig: string[] = []
    const changedPointers: string[] = []
    for (const [file, want] of [...this.snap.files]) {
      if (same(await readState(file), want)) continue
      if (!this.pointers.has(file)) {
        await putBack(file, want)
        changedConfig.push(file)
        continue
      }
      // A worktree deleted meanwhile (unwatched) is no longer put back.
      await putBack(file, want).catch(err => {
        if (this.pointers.has(file)) throw err
      })
      changedPointers.push(file)
    }
    const changedHooks = await this.restoreHooks()
    this.fingerprint = this.takeFingerprint()
    if (changedConfig.length > 0)
      this.warn(
        `The git config was changed during the task (${changedConfig.map(f => this.show(f)).join(', ')}); it was ` +
          'restored to its state at the start of the run, so nothing Claude configured runs with the ' +
          "action's git commands. Change the config in a workflow step before Taskmesh if it is needed."
      )
    if (changedPointers.length > 0)
      this.warn(
        `A worktree's .git file was changed during the task (${changedPointers.join(', ')}); it was restored, ` +
          "so the action's git commands there keep using the run's repository and its config."
      )
    if (changedHooks.length > 0)
      this.warn(
        `Git hooks were added or changed during the task (${changedHooks.join(', ')}); they were restored to ` +
          'their state at the start of the run (the action never runs hooks).'
      )
  }

  /**
   * Synchronous on purpose: a handful of lstat calls take microseconds, while going through the thread pool
   * one by one cost about a millisecond before every git command.
   */
  private takeFingerprint(): string {
    const parts: string[] = []
    const add = (p: string) => {
      let st
      try {
        st = lstatSync(p, { bigint: true })
      } catch {
        st = null // gone, or its folder replaced by a file
      }
      parts.push(st ? `${st.ino}:${st.size}:${st.ctimeNs}:${st.mtimeNs}` : '-')
    }
    for (const file of this.snap.files.keys()) add(file)
    add(this.hooksDir)
    for (const name of this.snap.hooks.keys()) add(path.join(this.hooksDir, name))
    return parts.join('|')
  }

  private async restoreHooks(): Promise<string[]> {
    const changed: string[] = []
    const info = await lstat(this.hooksDir).catch(() => null)
    if (info && !info.isDirectory()) {
      await rm(this.hooksDir, { recursive: true, force: true })
      changed.push('hooks')
    }
    const names = info?.isDirectory() ? await readdir(this.hooksDir).catch(() => []) : []
    for (const name of names)
      if (!this.snap.hooks.has(name)) {
        await rm(path.join(this.hooksDir, name), { recursive: true, force: true })
        changed.push(name)
      }
    for (const [name, want] of this.snap.hooks) {
      const file = path.join(this.hooksDir, name)
      if (same(await readState(file), want)) continue
      await mkdir(this.hooksDir, { recursive: true })
      await putBack(file, want)
      changed.push(name)
    }
    return changed
  }

  private async record(): Promise<void> {
    // Files the config includes (actions/checkout keeps its credentials in one under RUNNER_TEMP).
    for (const { file, key, value } of await this.git.localConfigEntries()) {
      if (file === null) continue
      this.configFiles.add(file)
      if (/^include(if\..*)?\.path$/i.test(key) && value) {
        const target = value.startsWith('~/') ? path.join(os.homedir(), value.slice(2)) : value
        this.configFiles.add(path.resolve(path.dirname(file), target))
      }
    }
    const files = new Map<string, FileState>()
    for (const f of this.configFiles) files.set(f, await readState(f))
    // As recorded when the worktree was made, not as they are now: Taskmesh never edits them.
    for (const f of this.pointers) {
      const recorded = this.snap.files.get(f)
      if (recorded) files.set(f, recorded)
    }
    const hooks = new Map<string, FileState>()
    const names = await readdir(this.hooksDir).catch(() => [] as string[])
    for (const name of names) {
      const s = await readState(path.join(this.hooksDir, name))
      if (s.data !== null) hooks.set(name, s)
    }
    this.snap = { files, hooks }
    this.fingerprint = this.takeFingerprint()
  }

  private show(file: string): string {
    const rel = path.relative(this.git.cwd, file)
    return rel && !rel.startsWith('..') ? rel : file
  }
}

/** A file's bytes and mode (through a symlink); `data: null` when missing (mode 0) or not a file (-1). */
async function readState(file: string): Promise<FileState> {
  const info = await stat(file).catch(() => null)
  if (!info || !info.isFile()) return { data: null, mode: info ? -1 : 0 }
  const data = await readFile(file).catch(() => null)
  return { data, mode: info.mode & 0o777 }
}

function same(a: FileState, b: FileState): boolean {
  if (a.data === null || b.data === null) return a.data === b.data && a.mode === b.mode
  return a.mode === b.mode && a.data.equals(b.data)
}

/** Writes the recorded state back: a temp file renamed over the path (replacing a symlink, never following it). */
async function putBack(file: string, want: FileState): Promise<void> {
  const info = await lstat(file).catch(() => null)
  if (info && (info.isDirectory() || want.data === null)) await rm(file, { recursive: true, force: true })
  if (want.data === null) return
  await writeFileAtomic(file, want.data, { mode: want.mode })
}
