/**
 * What a task changed, taken from git: a snapshot of the working tree when it starts, the files changed
 * since, and putting them back. Also the changes that were there before the run, which are never a task's.
 */
import { rm, rmdir } from 'node:fs/promises'
import path from 'node:path'
import type { Git } from '../infra/git/git.js'
import { reattach } from './branch.js'
import { head, type PersistContext, type PersistLogLevel } from './context.js'
import { PersistError } from './error.js'

const MAX_LISTED = 30

/**
 * Paths already changed when the run starts (task.json aside: it is the run's own state, always committed).
 * Throws unless `allowDirty`: they would be mixed into the tasks' commits.
 */
export async function preexistingChanges(
  git: Git,
  taskFile: string,
  o: { allowDirty: boolean },
  log: (level: PersistLogLevel, msg: string) => void
): Promise<Set<string>> {
  const dirty = new Set<string>()
  for (const e of await git.status()) {
    dirty.add(e.path)
    if (e.origPath) dirty.add(e.origPath)
  }
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
  return dirty
}

export class ChangeTracker {
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

  constructor(
    private readonly ctx: PersistContext,
    /** Paths that were already changed when the run started: never committed, never outputs. */
    private readonly dirtyPaths: ReadonlySet<string>
  ) {}

  /**
   * Marks the working tree when a task starts; give the token back to changedFiles / restore. With commits
   * on, the tree is clean at this point (apart from task.json and pre-existing changes), so HEAD is enough;
   * with commits off, earlier tasks' changes are still uncommitted, so the token is `:<tree>`, a tree of the
   * working tree, and a task's outputs are only what it changed itself. HEAD plays no part then: a commit
   * Claude makes leaves the working tree, which is what is compared, as it was.
   */
  async snapshot(): Promise<string> {
    if (this.ctx.options.commit) return head(this.ctx)
    return `:${this.lastTree ?? (await this.ctx.git.worktreeTree())}`
  }

  /**
   * What a task changed since `since` (a commit sha or a snapshot token): taken from git, not from Claude,
   * including commits made meanwhile and untracked files; never task.json or pre-existing changes.
   */
  async changedFiles(since: string): Promise<string[]> {
    const { tree } = parseSnapshot(since)
    let all: string[]
    if (since.includes(':')) {
      const now = await this.ctx.git.worktreeChanges(tree, { tree: true })
      this.lastTree = now.tree
      all = now.changed
    } else {
      all = await this.ctx.git.changedFilesSince(tree)
      this.changedSinceTip = { tip: tree, paths: new Set(all) }
    }
    return all.filter(p => p !== this.ctx.taskFile && !this.dirtyPaths.has(p))
  }

  /**
   * Told what changed since `tip` by whoever changed it (a worktree's patch brought in: `paths`, and
   * task.json, which the engine writes), in place of a changedFiles() call; taken by the commit.
   */
  noteChanged(tip: string, paths: readonly string[]): void {
    this.changedSinceTip = { tip, paths: new Set([...paths, this.ctx.taskFile]) }
  }

  /**
   * What the last changedFiles() found changed since `tip`, task.json and pre-existing changes included,
   * when that is what it was asked about; forgotten either way (it is only good right after being read).
   */
  takeChangedSince(tip: string): ReadonlySet<string> | undefined {
    const known = this.changedSinceTip?.tip === tip ? this.changedSinceTip.paths : undefined
    this.changedSinceTip = undefined
    return known
  }

  /**
   * Puts the tree back where a task started (before a retry, or to drop a failed task's partial work):
   * commits made meanwhile are dropped from the branch, every file the task touched is restored or
   * removed. task.json and pre-existing changes are left alone.
   */
  async restore(since: string): Promise<void> {
    const { git, options } = this.ctx
    const { commit, tree } = parseSnapshot(since)
    await reattach(this.ctx)
    const paths = await this.changedFiles(since)
    this.lastTree = undefined
    this.changedSinceTip = undefined
    if (options.commit && commit && (await head(this.ctx)) !== commit) await git.resetSoft(commit)
    const inTree = await git.listTree(tree)
    const restore = paths.filter(p => inTree.has(p))
    const remove = paths.filter(p => !inTree.has(p))
    if (paths.length > 0)
      // The index entries go back to HEAD, the files to the snapshot (they differ only with commits off).
      await git.resetPaths(paths)
    if (restore.length > 0) await git.restorePaths(tree, restore)
    if (remove.length > 0) {
      await git.removeFromIndex(remove)
      for (const p of remove) {
        const abs = path.join(git.cwd, p)
        await rm(abs, { force: true, recursive: true })
        await removeEmptyParents(git.cwd, path.dirname(abs))
      }
    }
    if (options.commit && commit) this.ctx.tip = commit
  }
}

/** A token of {@link ChangeTracker.snapshot}: a commit sha, or `:<tree>` (commits off). */
function parseSnapshot(since: string): { commit: string | null; tree: string } {
  const i = since.indexOf(':')
  return i < 0
    ? { commit: since, tree: since }
    : { commit: since.slice(0, i) || null, tree: since.slice(i + 1) }
}

function listFiles(files: string[]): string {
  const shown = files.slice(0, MAX_LISTED).map(f => `  ${f}`)
  if (files.length > MAX_LISTED) shown.push(`  … and ${files.length - MAX_LISTED} more`)
  return shown.join('\n')
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
