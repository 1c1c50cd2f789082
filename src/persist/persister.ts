/**
 * Persistence of a run: one commit per finished task (made by the action, with plumbing, so the user's
 * index, hooks and config are never involved), a push after each one that survives a remote that moved
 * (fetch, rebase, semantic merge of task.json, bounded retries), and a rescue branch when it cannot.
 *
 * This class is the facade the modes and the engine's RepoPort use; the work is in the modules next to it:
 * branch.ts (which branch), changes.ts (what a task changed), commit.ts, push.ts, sync.ts (rebase and the
 * task.json merge), rescue.ts.
 */
import path from 'node:path'
import type { RecordHooks, RepoPort } from '../engine/ports.js'
import { basicAuthHeader, extraHeaderUrl } from '../infra/git/auth-header.js'
import { Git } from '../infra/git/git.js'
import { RepoGuard } from '../infra/git/guard.js'
import { chooseWorkBranch, dropUnusedBranch, type BranchChoice } from './branch.js'
import { ChangeTracker, preexistingChanges } from './changes.js'
import { Committer, type TaskCommit } from './commit.js'
import { head, type PersistContext, type PersistOptions } from './context.js'
import { PersistError } from './error.js'
import { pushWithRetries } from './push.js'
import { syncWithRemote } from './sync.js'

export { taskCommitMessage, type TaskCommit } from './commit.js'
export type { PersistLogLevel, PersistOptions } from './context.js'
export { PersistError, type PersistErrorKind } from './error.js'

export class Persister implements RepoPort {
  /** What the remote branch is known to hold from us. */
  private pushedSha: string | null = null
  private readonly changes: ChangeTracker
  private readonly commits: Committer

  private constructor(
    private readonly ctx: PersistContext,
    private readonly branch: BranchChoice,
    readonly baseSha: string,
    /** Paths that were already changed when the run started: never committed, never outputs. */
    readonly dirtyPaths: ReadonlySet<string>
  ) {
    this.changes = new ChangeTracker(ctx, dirtyPaths)
    this.commits = new Committer(ctx, this.changes, dirtyPaths)
  }

  static async prepare(opts: PersistOptions): Promise<Persister> {
    const o = { ...opts, remote: opts.remote ?? 'origin' }
    const log = o.log ?? (() => {})
    const probe = new Git(path.resolve(o.repoDir))
    const { top, prefix } = await probe.location().catch((e: Error) => {
      throw new PersistError(`${o.repoDir} is not inside a git repository: ${e.message}`, 'state')
    })
    const taskFile = path.posix.normalize(path.posix.join(prefix, o.taskFile.split(path.sep).join('/')))
    const git = new Git(top, {
      identity: o.identity,
      extraHeader: o.token
        ? { url: extraHeaderUrl(o.serverUrl ?? 'https://github.com'), value: basicAuthHeader(o.token) }
        : undefined,
      outbound: o.outbound
    })

    if ((await git.tryRevParse('HEAD')) === null)
      throw new PersistError(
        'The repository has no commit yet; commit something before running Taskmesh.',
        'state'
      )

    const dirty = await preexistingChanges(git, taskFile, o, log)
    const branch = await chooseWorkBranch(git, o, log)
    const baseSha = await git.revParse('HEAD')
    // From here on Claude may change the repository's config and hooks: every command of ours checks first.
    await RepoGuard.attach(git, msg => log('warning', msg))
    const ctx: PersistContext = {
      git,
      options: o,
      taskFile,
      workBranch: branch.workBranch,
      log: (level, msg) => o.log?.(level, msg),
      tip: baseSha
    }
    return new Persister(ctx, branch, baseSha, dirty)
  }

  get git(): Git {
    return this.ctx.git
  }

  /** task.json relative to the repository root (what git prints). */
  get taskFile(): string {
    return this.ctx.taskFile
  }

  /** The branch checked out when the run started; null on a detached HEAD. */
  get startBranch(): string | null {
    return this.branch.startBranch
  }

  get workBranch(): string {
    return this.ctx.workBranch
  }

  head(): Promise<string> {
    return head(this.ctx)
  }

  /**
   * The branch this run's commits went to, for the `branch` output: null with commits off, and when a
   * branch this run created received nothing (a run with no changes does not name a branch that only
   * exists in the runner's clone).
   */
  get resultBranch(): string | null {
    const o = this.ctx.options
    if (!o.commit) return null
    if (o.push && this.pushedSha === null && !this.branch.onRemote) return null
    return this.workBranch
  }

  /**
   * At the end of a run: a branch this run created and never committed to (nothing was ready) is dropped,
   * and the checkout goes back to where it started, so a run with no changes leaves the workspace as it was.
   */
  finish(): Promise<void> {
    return dropUnusedBranch(this.ctx, {
      choice: this.branch,
      baseSha: this.baseSha,
      pushed: this.pushedSha !== null
    })
  }

  /**
   * The commit the work branch holds from this run: with pushes on, the last one pushed (or where the run
   * started), never a local commit that did not make it to the remote (after a rescue, say); else HEAD.
   */
  async branchHead(): Promise<string> {
    const o = this.ctx.options
    if (o.commit && o.push) return this.pushedSha ?? this.baseSha
    return this.head()
  }

  /** Marks the working tree when a task starts (see {@link ChangeTracker.snapshot}). */
  snapshot(): Promise<string> {
    return this.changes.snapshot()
  }

  /** What a task changed since a snapshot (see {@link ChangeTracker.changedFiles}). */
  changedFiles(since: string): Promise<string[]> {
    return this.changes.changedFiles(since)
  }

  /** Puts the tree back to a snapshot (see {@link ChangeTracker.restore}). */
  restore(since: string): Promise<void> {
    return this.changes.restore(since)
  }

  /**
   * A worktree's patch changed these paths in the working tree (see {@link ChangeTracker.noteChanged}): the
   * task's commit, made next, takes its paths from here instead of asking git.
   */
  broughtIn(paths: readonly string[]): void {
    this.changes.noteChanged(this.ctx.tip, paths)
  }

  /** Same as {@link restore}, for a commit sha. */
  resetWorkTree(toSha: string): Promise<void> {
    return this.restore(toSha)
  }

  /** commitTask + push, in the shape the engine's RepoPort wants (see {@link RecordHooks}). */
  async recordTask(
    t: TaskCommit,
    hooks?: RecordHooks
  ): Promise<{ commit: string | null; taskFileMerged: boolean }> {
    const commit = await this.commitTask(t)
    hooks?.committed()
    const taskFileMerged = await this.pushIfNeeded(hooks)
    // A rebase during the push rewrote the commit: report the one that is on the remote.
    return { commit: commit ? this.ctx.tip : null, taskFileMerged }
  }

  /** Commits a change of task.json alone (a stop, a final log line) and pushes it. */
  async recordState(
    message: string,
    hooks?: RecordHooks
  ): Promise<{ commit: string | null; taskFileMerged: boolean }> {
    if (!this.ctx.options.commit) return { commit: null, taskFileMerged: false }
    const commit = await this.commits.commitState(message)
    hooks?.committed()
    const taskFileMerged = await this.pushIfNeeded(hooks)
    return { commit: commit ? this.ctx.tip : null, taskFileMerged }
  }

  /** Commits a finished task (see {@link Committer.commitTask}); the sha, or null when nothing was. */
  commitTask(t: TaskCommit): Promise<string | null> {
    return this.commits.commitTask(t)
  }

  /** Pushes the branch (see {@link pushWithRetries}); nothing with commits or pushes off. */
  async push(): Promise<{ pushed: boolean; sha: string }> {
    const o = this.ctx.options
    if (!o.commit || !o.push) return { pushed: false, sha: this.ctx.tip }
    const { sha } = await this.pushTip()
    return { pushed: true, sha }
  }

  /** Pushes when there is something new; true when a rebase rewrote task.json on disk. */
  private async pushIfNeeded(hooks?: RecordHooks): Promise<boolean> {
    const o = this.ctx.options
    if (!o.commit || !o.push || this.ctx.tip === this.pushedSha) return false
    return (await this.pushTip(hooks)).rebased
  }

  private async pushTip(hooks?: RecordHooks): Promise<{ sha: string; rebased: boolean }> {
    const bringIn = () => syncWithRemote(this.ctx, this.commits)
    const pushed = await pushWithRetries(this.ctx, () => (hooks ? hooks.exclusive(bringIn) : bringIn()))
    this.pushedSha = pushed.sha
    return pushed
  }
}
