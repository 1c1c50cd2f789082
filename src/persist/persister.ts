/**
 * Persistence of a run: one commit per finished task (made by the action, with plumbing, so the user's
 * index, hooks and config are never involved), a push after each one that survives a remote that moved
 * (fetch, rebase, semantic merge of task.json, bounded retries), and a rescue branch when it cannot.
 */
import { readFile, rm, rmdir } from 'node:fs/promises'
import path from 'node:path'
import {
  basicAuthHeader,
  extraHeaderUrl,
  Git,
  GitError,
  remoteTrackingRef,
  type GitIdentity
} from '../infra/git/git.js'
import { RepoGuard } from '../infra/git/guard.js'
import type { RecordedTask } from '../engine/engine.js'
import type { Scrubber } from '../report/redact.js'
import { writeFileAtomic } from '../taskfile/atomic.js'
import { TaskDocument, type TaskFormatOptions } from '../taskfile/document.js'
import { canonicalJson, mergeTaskFileTexts } from './task-file-merge.js'

export type PersistLogLevel = 'info' | 'warning' | 'error'

export interface PersistOptions {
  repoDir: string
  /** Path of task.json relative to repoDir. */
  taskFile: string
  /** How the task file is read (its format; Task Master's tag), when checking a merged one. */
  taskFormat?: TaskFormatOptions
  identity: GitIdentity
  /** false: nothing is committed or pushed; the changes stay in the working tree. */
  commit: boolean
  push: boolean
  /** Branch to commit to and push; default the one checked out. */
  branch?: string
  /** Default `origin`. */
  remote?: string
  /** Sent as an HTTP auth header on network commands only. */
  token?: string
  /** Default `https://github.com`; the URL prefix the auth header is scoped to. */
  serverUrl?: string
  /** Names the rescue branch `taskmesh/rescue-<runId>`; include the run attempt to keep it unique. */
  runId: string
  /**
   * Default 12: enough for a wave of ~20 matrix jobs pushing to one branch at once (each rejection costs a
   * fetch and a rebase, and only one job wins each round).
   */
  maxPushAttempts?: number
  /** First retry delay; doubles each time (up to 16 × this), with random jitter. Default 1000 ms. */
  backoffMs?: number
  /** Time the retries of one push may take in all (waits included); default 120 000 ms. */
  pushBudgetMs?: number
  allowDirty: boolean
  log?: (level: PersistLogLevel, msg: string) => void
  /** The run's secrets, kept out of commit messages and pushed branch names (see GitOptions.outbound). */
  outbound?: Scrubber
}

export type PersistErrorKind = 'dirty' | 'detached' | 'branch' | 'conflict' | 'push' | 'auth' | 'state'

export class PersistError extends Error {
  constructor(
    message: string,
    readonly kind: PersistErrorKind,
    readonly details: { files?: string[]; rescueBranch?: string } = {}
  ) {
    super(message)
    this.name = 'PersistError'
  }
}

/** A finished task to commit: the engine's RepoPort hands it over as is. */
export type TaskCommit = RecordedTask

const MAX_LISTED = 30

export class Persister {
  /** The sha the last commit of this run (or the start) left the branch at. */
  private tip: string
  /** What the remote branch is known to hold from us. */
  private pushedSha: string | null = null
  /** Set when a rebase brought others' changes into task.json. */
  private merged = false
  /**
   * With commits off: the working-tree snapshot taken when the last task's outputs were read. Between that
   * and the next task's start only task.json changes (which outputs ignore), so it serves as the next start
   * and saves three git processes per task. Dropped whenever files are restored.
   */
  private lastTree: string | undefined
  /**
   * With commits on: what the last changedFiles() found changed since the tip (task.json and pre-existing
   * changes included), so that committing the task need not ask git again. Dropped by restore().
   */
  private changedSinceTip: { tip: string; paths: Set<string> } | undefined
  /** The tree of a commit, remembered (the last one this run made, usually the tip). */
  private knownTree: { commit: string; tree: string } | undefined

  private constructor(
    readonly git: Git,
    private readonly o: PersistOptions & { remote: string },
    /** task.json relative to the repository root (what git prints). */
    readonly taskFile: string,
    readonly startBranch: string | null,
    readonly workBranch: string,
    readonly baseSha: string,
    /** Paths that were already changed when the run started: never committed, never outputs. */
    readonly dirtyPaths: ReadonlySet<string>,
    /** False when the work branch was created by this run and is not on the remote (yet). */
    private readonly branchOnRemote: boolean
  ) {
    this.tip = baseSha
  }

  static async prepare(opts: PersistOptions): Promise<Persister> {
    const o = { ...opts, remote: opts.remote ?? 'origin' }
    const log = o.log ?? (() => {})
    const probe = new Git(path.resolve(o.repoDir))
    const top = await probe.topLevel().catch((e: Error) => {
      throw new PersistError(`${o.repoDir} is not inside a git repository: ${e.message}`, 'state')
    })
    const prefix = await probe.showPrefix()
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

    const dirty = new Set<string>()
    for (const e of await git.status()) {
      dirty.add(e.path)
      if (e.origPath) dirty.add(e.origPath)
    }
    // The task file is the run's own state: it is always committed, whatever it held before.
    dirty.delete(taskFile)
    if (dirty.size > 0 && !o.allowDirty) {
      const files = [...dirty].sort()
      throw new PersistError(
        `The working tree has uncommitted changes, which would be mixed into the tasks' commits:\n${listFiles(files)}\n` +
          'Commit or remove them first, or set allow-dirty: true to leave them out of every commit.',
        'dirty',
        { files }
      )
    }
    if (dirty.size > 0)
      log('info', `Leaving ${dirty.size} pre-existing uncommitted path(s) out of all commits.`)

    const startBranch = await git.currentBranch()
    let workBranch: string
    let branchOnRemote = true
    if (!o.branch || o.branch === startBranch) {
      if (startBranch === null) {
        if (o.commit)
          throw new PersistError(
            'HEAD is detached (a tag or a pull request merge ref is checked out), so there is no branch to commit ' +
              'to. Set the `branch` input to the branch Taskmesh should commit and push to.',
            'detached'
          )
        workBranch = 'HEAD'
      } else workBranch = startBranch
    } else {
      workBranch = o.branch
      if (o.commit) branchOnRemote = await checkoutWorkBranch(git, o, workBranch, log)
    }
    const baseSha = await git.revParse('HEAD')
    // From here on Claude may change the repository's config and hooks: every command of ours checks first.
    await RepoGuard.attach(git, msg => log('warning', msg))
    return new Persister(git, o, taskFile, startBranch, workBranch, baseSha, dirty, branchOnRemote)
  }

  private log(level: PersistLogLevel, msg: string): void {
    this.o.log?.(level, msg)
  }

  head(): Promise<string> {
    return this.git.revParse('HEAD')
  }

  /**
   * The branch this run's commits went to, for the `branch` output: null with commits off, and when a
   * branch this run created received nothing (a run with no changes does not name a branch that only
   * exists in the runner's clone).
   */
  get resultBranch(): string | null {
    if (!this.o.commit) return null
    if (this.o.push && this.pushedSha === null && !this.branchOnRemote) return null
    return this.workBranch
  }

  /**
   * At the end of a run: a branch this run created and never committed to (nothing was ready) is dropped,
   * and the checkout goes back to where it started, so a run with no changes leaves the workspace as it was.
   */
  async finish(): Promise<void> {
    if (!this.o.commit || this.branchOnRemote || this.workBranch === this.startBranch) return
    if (this.pushedSha !== null || (await this.head()) !== this.baseSha) return
    if ((await this.git.currentBranch()) !== this.workBranch) return
    if (this.startBranch) await this.git.checkoutBranch(this.startBranch)
    else await this.git.checkoutDetached(this.baseSha)
    await this.git.deleteBranch(this.workBranch)
    this.log(
      'info',
      `Nothing was committed: back on ${this.startBranch ?? 'the detached HEAD'}, ${this.workBranch} removed.`
    )
  }

  /**
   * The commit the work branch holds from this run: with pushes on, the last one pushed (or where the run
   * started), never a local commit that did not make it to the remote (after a rescue, say); else HEAD.
   */
  async branchHead(): Promise<string> {
    if (this.o.commit && this.o.push) return this.pushedSha ?? this.baseSha
    return this.head()
  }

  /**
   * Marks the working tree when a task starts; give the token back to changedFiles / restore. With commits
   * on, the tree is clean at this point (apart from task.json and pre-existing changes), so HEAD is enough;
   * with commits off, earlier tasks' changes are still uncommitted, so the token is `:<tree>`, a tree of the
   * working tree, and a task's outputs are only what it changed itself. HEAD plays no part then: a commit
   * Claude makes leaves the working tree, which is what is compared, as it was.
   */
  async snapshot(): Promise<string> {
    if (this.o.commit) return this.head()
    return `:${this.lastTree ?? (await this.git.worktreeTree())}`
  }

  /**
   * What a task changed since `since` (a commit sha or a snapshot token): taken from git, not from Claude,
   * including commits made meanwhile and untracked files; never task.json or pre-existing changes.
   */
  async changedFiles(since: string): Promise<string[]> {
    const { tree } = parseSnapshot(since)
    let all: string[]
    if (since.includes(':')) {
      const now = await this.git.worktreeChanges(tree, { tree: true })
      this.lastTree = now.tree
      all = now.changed
    } else {
      all = await this.git.changedFilesSince(tree)
      this.changedSinceTip = { tip: tree, paths: new Set(all) }
    }
    return all.filter(p => p !== this.taskFile && !this.dirtyPaths.has(p))
  }

  /**
   * Puts the tree back where a task started (before a retry, or to drop a failed task's partial work):
   * commits made meanwhile are dropped from the branch, every file the task touched is restored or
   * removed. task.json and pre-existing changes are left alone.
   */
  async restore(since: string): Promise<void> {
    const { commit, tree } = parseSnapshot(since)
    await this.reattach()
    const paths = await this.changedFiles(since)
    this.lastTree = undefined
    this.changedSinceTip = undefined
    if (this.o.commit && commit && (await this.head()) !== commit) await this.git.resetSoft(commit)
    const inTree = await this.git.listTree(tree)
    const restore = paths.filter(p => inTree.has(p))
    const remove = paths.filter(p => !inTree.has(p))
    if (paths.length > 0)
      // The index entries go back to HEAD, the files to the snapshot (they differ only with commits off).
      await this.git.resetPaths(paths)
    if (restore.length > 0) await this.git.restorePaths(tree, restore)
    if (remove.length > 0) {
      await this.git.removeFromIndex(remove)
      for (const p of remove) {
        const abs = path.join(this.git.cwd, p)
        await rm(abs, { force: true, recursive: true })
        await removeEmptyParents(this.git.cwd, path.dirname(abs))
      }
    }
    if (this.o.commit && commit) this.tip = commit
  }

  /** Same as {@link restore}, for a commit sha. */
  resetWorkTree(toSha: string): Promise<void> {
    return this.restore(toSha)
  }

  /** commitTask + push, in the shape the engine's RepoPort wants. */
  async recordTask(t: TaskCommit): Promise<{ commit: string | null; taskFileMerged: boolean }> {
    const commit = await this.commitTask(t)
    const taskFileMerged = await this.pushIfNeeded()
    // A rebase during the push rewrote the commit: report the one that is on the remote.
    return { commit: commit ? this.tip : null, taskFileMerged }
  }

  /** Commits a change of task.json alone (a stop, a final log line) and pushes it. */
  async recordState(message: string): Promise<{ commit: string | null; taskFileMerged: boolean }> {
    if (!this.o.commit) return { commit: null, taskFileMerged: false }
    await this.reattach()
    // Null when task.json is as the tip has it: nothing to commit.
    const commit = await this.commitPaths(this.tip, this.tip, [this.taskFile], `${message.trim()}\n`)
    if (commit) this.tip = commit
    const taskFileMerged = await this.pushIfNeeded()
    return { commit: commit ? this.tip : null, taskFileMerged }
  }

  /** Pushes when there is something new; true when a rebase rewrote task.json on disk. */
  private async pushIfNeeded(): Promise<boolean> {
    if (!this.o.commit || !this.o.push || this.tip === this.pushedSha) return false
    this.merged = false
    await this.push()
    return this.merged
  }

  /**
   * Commits a finished task: its outputs (completed only) and task.json, nothing else. Returns the sha, or
   * null when commits are off or nothing changed.
   *
   * Commits Claude made during the task are folded into this one: the branch is moved back to where the
   * task started, keeping their content in the working tree, and the task commit records it (their subjects
   * are listed in the message). That keeps one commit per task, made by the action, and lets the usual
   * rules apply to their content (a failed task's partial work and pre-existing changes stay uncommitted).
   */
  async commitTask(t: TaskCommit): Promise<string | null> {
    if (!this.o.commit) return null
    // Where Claude left HEAD (maybe on a branch of its own): its commits are listed in the message too.
    const before = await this.git.headState()
    const claudeHead = before.sha
    const head = (await this.reattach(before.branch)) ? await this.head() : claudeHead
    const subjects = (to: string) => this.git.commitSubjects(this.tip, to)
    let folded: string[] = []
    if (claudeHead !== this.tip && (await this.git.isAncestor(this.tip, claudeHead)))
      folded = await subjects(claudeHead)
    if (head !== this.tip) {
      if (folded.length === 0) folded = await subjects(head)
      await this.git.resetSoft(this.tip)
    }
    if (folded.length > 0)
      this.log('info', `Folding ${folded.length} commit(s) made during task ${t.taskId} into its commit.`)

    // The engine read the task's outputs from the working tree moments ago, against this same tip: since
    // then only task.json changed, and it is committed anyway (unchanged, it adds nothing to the tree).
    const known = this.changedSinceTip?.tip === this.tip ? this.changedSinceTip.paths : undefined
    this.changedSinceTip = undefined
    const changed = known ?? new Set(await this.git.changedFilesSince(this.tip))
    const paths = new Set<string>()
    if (t.status === 'completed')
      for (const f of t.files)
        if (changed.has(f) && f !== this.taskFile && !this.dirtyPaths.has(f)) paths.add(f)
    if (known || changed.has(this.taskFile)) paths.add(this.taskFile)
    if (paths.size === 0) return null

    const message = taskCommitMessage(t, folded)
    // The branch is at the tip now (it was, or the reset above put it there).
    const sha = await this.commitPaths(this.tip, this.tip, [...paths], message, this.tip)
    if (sha === null) return null
    this.tip = sha
    // The live log says it once, from the engine's task-committed event, with the hash that was pushed
    // (a rebase before the push changes it).
    return sha
  }

  /**
   * Pushes the branch. A rejection because the remote moved leads to fetch, rebase and another try, with
   * backoff, up to maxPushAttempts. Other failures are retried the same way, except authentication ones.
   */
  async push(): Promise<{ pushed: boolean; sha: string }> {
    if (!this.o.commit || !this.o.push) return { pushed: false, sha: this.tip }
    const max = Math.max(1, this.o.maxPushAttempts ?? 12)
    const deadline = Date.now() + (this.o.pushBudgetMs ?? 120_000)
    let last = ''
    let attempt = 1
    for (; ; attempt++) {
      const r = await this.git.pushCommit(this.o.remote, this.tip, this.workBranch)
      const text = `${r.stdout}\n${r.stderr}`
      if (r.exitCode === 0) {
        this.pushedSha = this.tip
        this.log('info', `Pushed ${this.tip.slice(0, 12)} to ${this.o.remote}/${this.workBranch}.`)
        return { pushed: true, sha: this.tip }
      }
      last = r.stderr.trim() || r.stdout.trim()
      if (isAuthFailure(text)) throw authError(this.workBranch, last)
      const moved = /\[rejected\]/.test(text) && /fetch first|non-fast-forward/.test(text)
      // Another push won the race for the ref between our check and our update (many jobs pushing to one
      // branch): GitHub and git answer `[remote rejected] … cannot lock ref …: is at X but expected Y`.
      const lost = /\[remote rejected\]/.test(text) && LOCK_RACE.test(text)
      // A hook or branch protection said no: retrying cannot change that.
      if (/\[remote rejected\]/.test(text) && !lost)
        return this.saveAndThrow(`${this.o.remote} refused the push to ${this.workBranch}: ${last}`, 'push')
      const wait = backoff(this.o.backoffMs ?? 1000, attempt)
      if (attempt >= max || Date.now() + wait > deadline) break
      if (!moved && !lost) this.log('warning', `Push attempt ${attempt} of ${max} failed: ${last}`)
      await sleep(wait)
      if (moved || lost) {
        this.log(
          'info',
          `${this.o.remote}/${this.workBranch} moved meanwhile; rebasing onto it (attempt ${attempt}).`
        )
        await this.syncWithRemote()
      }
    }
    return this.saveAndThrow(
      `Could not push to ${this.o.remote}/${this.workBranch} after ${attempt} attempt(s): ${last}`,
      'push'
    )
  }

  // ---- internals ------------------------------------------------------------------------------------

  /**
   * Claude may have switched branches or detached HEAD: point HEAD at the work branch again, tree kept.
   * `current`: the branch HEAD is on, when the caller just read it. True when HEAD had to be moved.
   */
  private async reattach(current?: string | null): Promise<boolean> {
    if (!this.o.commit) return false
    const cur = current === undefined ? await this.git.currentBranch() : current
    if (cur === this.workBranch) return false
    this.log(
      'warning',
      `HEAD was moved to ${cur ?? 'a detached commit'} during the task; back on ${this.workBranch}.`
    )
    await this.git.setHeadBranch(this.workBranch)
    return true
  }

  /**
   * Commits `paths` (as they are in the working tree) on top of `fromTree`'s content with `parent` as
   * parent, through a temporary index: the user's index, hooks and pre-existing changes stay untouched.
   * Moves the work branch from its current value, `branchAt` when the caller knows it (compare-and-swap).
   * Null when the tree did not change.
   */
  private async commitPaths(
    parent: string,
    fromTree: string,
    paths: string[],
    message: string,
    branchAt?: string
  ): Promise<string | null> {
    const tree = await this.git.treeWithPaths(fromTree, paths)
    if (fromTree === parent && tree === (await this.treeOf(fromTree))) return null
    const sha = await this.git.commitTree(tree, [parent], message)
    this.knownTree = { commit: sha, tree }
    const old = branchAt ?? (await this.head())
    await this.git.updateRef(`refs/heads/${this.workBranch}`, sha, old, 'taskmesh: commit')
    // The real index follows the new commit for these paths only; everything else stays as it was.
    await this.git.resetPaths(paths)
    return sha
  }

  /** A commit's tree; the one this run made last is known without asking git. */
  private async treeOf(commit: string): Promise<string> {
    if (this.knownTree?.commit === commit) return this.knownTree.tree
    const tree = await this.git.treeOf(commit)
    this.knownTree = { commit, tree }
    return tree
  }

  private async readTaskFile(): Promise<string | null> {
    return readFile(path.join(this.git.cwd, this.taskFile), 'utf8').catch(() => null)
  }

  private async writeTaskFile(text: string): Promise<void> {
    await writeFileAtomic(path.join(this.git.cwd, this.taskFile), text)
  }

  /** The problems that make `text` an invalid task file (empty when it is valid). */
  private taskFileProblems(text: string): string[] {
    const r = TaskDocument.parse(text, this.taskFile, this.o.taskFormat)
    return r.ok ? [] : r.problems.map(p => p.message)
  }

  /** Fetches the remote branch and rebases this run's commits onto it, merging task.json semantically. */
  private async syncWithRemote(): Promise<void> {
    const { remote } = this.o
    const remoteRef = await this.git.fetchBranch(remote, this.workBranch)
    const upstream = await this.git.revParse(remoteRef)
    const oldTip = this.tip
    const mergeBase = await this.ensureMergeBase(oldTip, upstream)
    if (mergeBase === null)
      return this.rescue(
        `${remote}/${this.workBranch} has no history in common with this run's commits`,
        [],
        null
      )

    // The engine may hold uncommitted state in task.json; set it aside so the rebase sees a clean file.
    const committed = await this.git.show('HEAD', this.taskFile)
    const working = await this.readTaskFile()
    const pending = committed !== null && working !== null && working !== committed ? working : null
    if (pending !== null) await this.writeTaskFile(committed as string)

    const notes: string[] = []
    let r = await this.git.rebaseOnto(upstream)
    while ((await this.git.rebaseInProgress()) || r.exitCode !== 0) {
      if (!(await this.git.rebaseInProgress()))
        return this.rescue(
          `the rebase onto ${remote}/${this.workBranch} failed: ${r.stderr.trim()}`,
          [],
          pending
        )
      const conflicts = await this.git.conflictedFiles()
      if (conflicts.length > 0 && !(conflicts.length === 1 && conflicts[0] === this.taskFile))
        return this.rescue(null, conflicts, pending)
      if (conflicts.length === 1) {
        // Stage 2 is the branch being rebased onto (the remote), stage 3 this run's commit being replayed.
        const base = (await this.git.show(':1', this.taskFile)) ?? ''
        const theirs = await this.git.show(':2', this.taskFile)
        const ours = await this.git.show(':3', this.taskFile)
        const merged = theirs !== null && ours !== null ? mergeTaskFileTexts(base, ours, theirs) : null
        if (merged === null || !merged.ok)
          return this.rescue(
            null,
            conflicts,
            pending,
            merged && !merged.ok ? merged.reason : 'deleted on one side'
          )
        const problems = this.taskFileProblems(merged.text)
        if (problems.length > 0) return this.rescueInvalid(problems, pending)
        notes.push(...merged.notes)
        await this.writeTaskFile(merged.text)
        await this.git.addPaths([this.taskFile])
      }
      r = await this.git.rebaseStep((await this.git.nothingStaged()) ? 'skip' : 'continue')
    }
    for (const n of notes) this.log('warning', `task.json merge: ${n}`)
    if (/Applying autostash resulted in conflicts/.test(`${r.stdout}${r.stderr}`))
      this.log(
        'warning',
        'Pre-existing uncommitted changes conflicted with the remote; they are kept in `git stash`.'
      )
    this.tip = await this.head()

    // Whatever git merged line by line, the final task.json must equal the task-level merge of the range.
    const baseText = (await this.git.show(mergeBase, this.taskFile)) ?? ''
    const oursText = await this.git.show(oldTip, this.taskFile)
    const theirsText = await this.git.show(upstream, this.taskFile)
    const finalText = await this.git.show('HEAD', this.taskFile)
    if (oursText !== null && theirsText !== null && finalText !== null && this.tip !== upstream) {
      const expected = mergeTaskFileTexts(baseText, oursText, theirsText)
      if (expected.ok && !sameJson(expected.text, finalText)) {
        const problems = this.taskFileProblems(expected.text)
        if (problems.length > 0) return this.rescueInvalid(problems, pending)
        this.log('info', 'Correcting task.json after the rebase to the task-level merge of both sides.')
        await this.writeTaskFile(expected.text)
        const msg = await this.git.commitMessage('HEAD')
        const sha = await this.commitPaths(await this.git.revParse('HEAD^'), 'HEAD', [this.taskFile], msg)
        if (sha) this.tip = sha
      }
    }

    // Whatever the merge produced is committed and pushed next: it must be a task file the engine can read.
    const merged = await this.git.show('HEAD', this.taskFile)
    const problems = merged === null || this.tip === upstream ? [] : this.taskFileProblems(merged)
    if (problems.length > 0) return this.rescueInvalid(problems, pending)

    if (pending !== null) {
      const now = (await this.readTaskFile()) ?? ''
      const m = mergeTaskFileTexts(committed as string, pending, now)
      if (m.ok) await this.writeTaskFile(m.text)
      else {
        this.log(
          'warning',
          `Could not merge the uncommitted task.json state after the rebase (${m.reason}); kept it.`
        )
        await this.writeTaskFile(pending)
      }
    }
    this.merged = true
    this.log('info', `Rebased onto ${remote}/${this.workBranch} (${upstream.slice(0, 12)}).`)
  }

  /** A shallow clone may not reach the fork point: deepen step by step, then fetch everything. */
  private async ensureMergeBase(a: string, b: string): Promise<string | null> {
    let mb = await this.git.mergeBase(a, b)
    for (let i = 0; mb === null && i < 4 && (await this.git.isShallow()); i++) {
      this.log('info', 'Shallow clone: fetching more history to find where the remote branch forked.')
      await this.git.fetchBranch(
        this.o.remote,
        this.workBranch,
        i < 3 ? { deepen: 100 * 10 ** i } : { unshallow: true }
      )
      mb = await this.git.mergeBase(a, b)
    }
    return mb
  }

  /** The merge of task.json with the remote's is not a valid task file: keep the work aside and stop. */
  private rescueInvalid(problems: string[], pending: string | null): Promise<never> {
    const shown =
      problems.slice(0, 5).join('; ') + (problems.length > 5 ? ` (and ${problems.length - 5} more)` : '')
    return this.rescue(
      `Merging ${this.taskFile} with ${this.o.remote}/${this.workBranch} gives an invalid task file: ${shown}.`,
      [this.taskFile],
      pending,
      undefined,
      'state'
    )
  }

  /** Aborts the rebase, pushes this run's commits to the rescue branch, and throws. */
  private async rescue(
    reason: string | null,
    files: string[],
    pending: string | null,
    detail?: string,
    kind: PersistErrorKind = 'conflict'
  ): Promise<never> {
    if (await this.git.rebaseInProgress()) await this.git.rebaseAbort()
    this.tip = await this.head()
    if (pending !== null) await this.writeTaskFile(pending)
    const { rescueBranch, saved } = await this.pushRescueBranch()
    const why =
      reason ??
      `Conflict while rebasing onto ${this.o.remote}/${this.workBranch}: ${files.join(', ')} changed both in this run and on the remote${detail ? ` (${detail})` : ''}.`
    // Not logged here: the caller reports the error (once).
    throw new PersistError(`${why} ${saved}`, kind, { files, rescueBranch })
  }

  /** The push failed for good: the commits not on the remote go to the rescue branch, then it throws. */
  private async saveAndThrow(why: string, kind: PersistErrorKind): Promise<never> {
    const { rescueBranch, saved } = await this.pushRescueBranch()
    throw new PersistError(`${why} ${saved}`, kind, { rescueBranch })
  }

  /** Pushes the local tip to a new `taskmesh/rescue-<runId>` branch (never overwriting one). */
  private async pushRescueBranch(): Promise<{ rescueBranch?: string; saved: string }> {
    let rescueBranch = `taskmesh/rescue-${this.o.runId}`
    // Create only: an empty lease fails when the branch exists, even when the push would fast-forward it.
    const create = (b: string) => this.git.pushNewBranch(this.o.remote, this.tip, b)
    let r = await create(rescueBranch)
    if (r.exitCode !== 0 && /\[rejected\]/.test(r.stdout + r.stderr)) {
      // A rerun with the same id already left a rescue branch: never overwrite it.
      rescueBranch = `${rescueBranch}-${this.tip.slice(0, 8)}`
      r = await create(rescueBranch)
    }
    const saved =
      r.exitCode === 0
        ? `This run's commits were pushed to ${rescueBranch} so nothing is lost; merge it by hand.`
        : `Pushing them to ${rescueBranch} failed too (${r.stderr.trim()}); they are only in the local branch ` +
          `${this.workBranch} at ${this.tip}, which a GitHub-hosted runner discards when the job ends: check that ` +
          'the token may push (`permissions: contents: write`) and run again, or push that commit from a later step.'
    return { rescueBranch: r.exitCode === 0 ? rescueBranch : undefined, saved }
  }
}

/** A token of {@link Persister.snapshot}: a commit sha, or `:<tree>` (commits off). */
function parseSnapshot(since: string): { commit: string | null; tree: string } {
  const i = since.indexOf(':')
  return i < 0
    ? { commit: since, tree: since }
    : { commit: since.slice(0, i) || null, tree: since.slice(i + 1) }
}

async function checkoutWorkBranch(
  git: Git,
  o: PersistOptions & { remote: string },
  branch: string,
  log: (level: PersistLogLevel, msg: string) => void
): Promise<boolean> {
  if (!(await git.isValidBranchName(branch)))
    throw new PersistError(
      `"${branch}" is not a valid git branch name: set the \`branch\` input to one without spaces, \`..\`, ` +
        '`~ ^ : ? * [ \\` or a trailing `/` or `.lock` (for example `taskmesh/my-project`).',
      'branch'
    )
  const local = await git.tryRevParse(`refs/heads/${branch}`)
  let remote: string | null = null
  if (o.push) {
    try {
      remote = await git.remoteBranchSha(o.remote, branch)
    } catch (e) {
      if (e instanceof GitError && isAuthFailure(e.message)) throw authError(branch, e.message)
      throw e
    }
  }
  const remoteRef = remoteTrackingRef(o.remote, branch)
  if (remote !== null) await git.fetchBranch(o.remote, branch)
  if (local !== null) {
    await git.checkoutBranch(branch)
    if (remote !== null && local !== remote && (await git.isAncestor(local, remote)))
      await git.mergeFastForward(remoteRef)
    log('info', `Using the existing branch ${branch}.`)
  } else if (remote !== null) {
    await git.checkoutNewBranch(branch, remoteRef)
    log('info', `Continuing on ${branch} from ${o.remote}.`)
  } else {
    await git.checkoutNewBranch(branch, 'HEAD')
    log('info', `Created branch ${branch} from the current commit.`)
  }
  return remote !== null
}

export function taskCommitMessage(t: TaskCommit, folded: string[] = []): string {
  const lines = [`taskmesh: ${t.taskId} ${t.status} — ${shorten(t.title, 60)}`, '']
  if (folded.length > 0) {
    lines.push('Includes the commits made during the task:', ...folded.map(f => `- ${f}`), '')
  }
  lines.push(
    `Task-Id: ${t.taskId}`,
    `Task-Status: ${t.status}`,
    `Attempts: ${t.attempts}`,
    `Cost-USD: ${t.costUsd.toFixed(4)}`,
    ...(t.trailers ?? [])
  )
  return `${lines.join('\n')}\n`
}

function shorten(text: string, max: number): string {
  const one = text.replace(/\s+/g, ' ').trim()
  if (one.length <= max) return one
  const cut = one.slice(0, max - 1)
  const sp = cut.lastIndexOf(' ')
  return `${(sp > max * 0.6 ? cut.slice(0, sp) : cut).trimEnd()}…`
}

function listFiles(files: string[]): string {
  const shown = files.slice(0, MAX_LISTED).map(f => `  ${f}`)
  if (files.length > MAX_LISTED) shown.push(`  … and ${files.length - MAX_LISTED} more`)
  return shown.join('\n')
}

function isAuthFailure(text: string): boolean {
  return /Authentication failed|could not read Username|terminal prompts disabled|Permission to \S+ denied|The requested URL returned error: 40[13]|HTTP 40[13]|403 Forbidden|401 Unauthorized/i.test(
    text
  )
}

function authError(branch: string, detail: string): PersistError {
  return new PersistError(
    `Git could not authenticate to push ${branch}: ${detail}\nGive the workflow \`permissions: contents: write\` ` +
      '(or pass a token with write access as github-token).',
    'auth'
  )
}

function sameJson(a: string, b: string): boolean {
  try {
    return canonicalJson(JSON.parse(a)) === canonicalJson(JSON.parse(b))
  } catch {
    return false
  }
}

/** `[remote rejected]` because a concurrent push moved the ref first (GitHub's and git's wordings). */
const LOCK_RACE =
  /cannot lock ref|failed to lock|is at [0-9a-f]+ but expected|incorrect old value|reference already exists/i

/**
 * Wait before retry `n` (1-based): exponential (base, 2 × base, … up to 16 × base) with jitter over the
 * whole range above a quarter of it, so jobs that lost the same race do not all come back together.
 */
function backoff(baseMs: number, n: number): number {
  const d = baseMs * 2 ** Math.min(n - 1, 4)
  return Math.floor(d / 4 + Math.random() * d)
}

function sleep(ms: number): Promise<void> {
  return new Promise(r => setTimeout(r, ms))
}

async function removeEmptyParents(root: string, dir: string): Promise<void> {
  let d = dir
  while (d.startsWith(root + path.sep)) {
    try {
      await rmdir(d)
    } catch {
      return
    }
    d = path.dirname(d)
  }
}
