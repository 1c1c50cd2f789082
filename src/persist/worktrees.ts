/**
 * One git worktree per running task, for parallel runs. A task works in its own checkout of the run's
 * current head; when it succeeds, its changes are brought onto the run's working tree as a patch (the
 * engine then commits them like any task). Worktrees and their temp branches are removed at the end,
 * whatever happened.
 *
 * A finished task's worktree is only deleted from disk while the run goes on: git's calls to forget it would
 * have to wait in line with `worktree add` (they edit the same files under .git/worktrees) and so delay the
 * next task's start. At the end one `worktree prune` forgets them all and one `branch -D` deletes their temp branches.
 */
import { mkdir, rm } from 'node:fs/promises'
import path from 'node:path'
import type { TaskWorkspace, WorkspacePort } from '../engine/ports.js'
import { Git } from '../infra/git/git.js'
import { SerialQueue } from '../shared/serial.js'

export interface WorktreeOptions {
  /** The run's repository (its working tree is where finished tasks land). */
  git: Git
  /** Current head of the run's branch. */
  head: () => Promise<string>
  /** The task file, relative to the repository root: never part of a task's changes. */
  taskFile: string
  /** Paths that were dirty before the run: never part of a task's changes. */
  ignore?: ReadonlySet<string>
  /** The working directory relative to the repository root ('' for the root). */
  subdir: string
  /** Folder that holds the worktrees (outside the repository). */
  root: string
  runId: string
  /**
   * Told which paths an integration just changed in the run's working tree (nothing else changed there
   * since the last commit, but task.json): the commit that follows need not ask git.
   */
  broughtIn?: (paths: string[]) => void
}

export class Worktrees implements WorkspacePort {
  private readonly live = new Map<string, { dir: string; branch: string }>()
  /** Temp branches of worktrees deleted from disk, for cleanup. */
  private readonly retiredBranches: string[] = []
  /** Deletions from disk still running. */
  private readonly deleting = new Set<Promise<void>>()
  private counter = 0
  /** `git worktree add` edits shared files under .git/worktrees: one at a time. */
  private readonly adds = new SerialQueue()

  constructor(private readonly o: WorktreeOptions) {}

  async open(taskId: string): Promise<TaskWorkspace> {
    const o = this.o
    const n = ++this.counter
    const name = `${taskId}-${n}`
    const dir = path.join(o.root, name)
    const branch = `taskmesh/tmp/${o.runId}/${name}`
    await mkdir(o.root, { recursive: true })
    let base = await o.head()
    await this.adds.run(() => o.git.worktreeAdd(dir, { branch, startPoint: base }))
    this.live.set(name, { dir, branch })
    await o.git.guard?.watch(path.join(dir, '.git'))
    const wt = new Git(dir, { guard: o.git.guard })
    const keep = (p: string) => p !== o.taskFile && !o.ignore?.has(p)

    const changedFiles = async (since: string) => (await wt.worktreeChanges(since)).changed.filter(keep)
    const resetTo = async (commit: string) => {
      await wt.resetHard(commit)
      await wt.removeUntracked()
    }

    return {
      cwd: path.join(dir, o.subdir),
      root: dir,
      snapshot: () => wt.treeOf(base),
      changedFiles,
      restore: async () => resetTo(base),
      refresh: async () => {
        base = await o.head()
        await resetTo(base)
      },
      integrate: async (files, since) => {
        const paths = files.filter(keep)
        // The task's paths only, on top of where it started: then the two whole trees are compared, so no
        // path goes on a command line (no length limit, and `[id].tsx` is that file, not a glob). Both read
        // only this worktree and the object store: no lock needed.
        const patch = paths.length ? await wt.binaryDiff(since, await wt.treeWithPaths(since, paths)) : ''
        return {
          apply: async () => {
            if (!patch.trim()) {
              o.broughtIn?.([])
              return { ok: true }
            }
            const applied = await o.git.applyPatch(patch)
            if (applied.exitCode === 0) {
              o.broughtIn?.(paths)
              return { ok: true }
            }
            const conflicts = conflictingPaths(applied.stderr, paths)
            const from = await this.tasksTouching(base, conflicts)
            return {
              ok: false,
              reason: `conflict with ${conflicts.join(', ')}${from.length ? ` from ${from.join(', ')}` : ''} (brought onto the branch while this task ran); retrying on the new head`
            }
          }
        }
      },
      dispose: async () => {
        this.retire(name)
      }
    }
  }

  /** Task ids (from the Task-Id trailer) of the commits since `base` that touched these paths. */
  private async tasksTouching(base: string, paths: string[]): Promise<string[]> {
    if (!paths.length) return []
    // Conflicts are few: their paths go on the command line (as literal pathspecs).
    const ids = await this.o.git.taskIdsTouching(`${base}..HEAD`, paths)
    return [...new Set(ids)].map(id => `task ${id}`)
  }

  /**
   * Deletes a finished task's worktree from disk, not awaited: nothing waits for it. A failure is left to
   * cleanup, which deletes the whole folder anyway.
   */
  private retire(name: string): void {
    const w = this.live.get(name)
    if (!w) return
    this.live.delete(name)
    this.o.git.guard?.unwatch(path.join(w.dir, '.git'))
    this.retiredBranches.push(w.branch)
    const deleting = rm(w.dir, { recursive: true, force: true })
      .catch(() => undefined)
      .finally(() => this.deleting.delete(deleting))
    this.deleting.add(deleting)
  }

  async cleanup(): Promise<void> {
    for (const name of [...this.live.keys()]) this.retire(name)
    await Promise.all(this.deleting)
    await this.adds.run(async () => {}) // adds still queued have finished
    await rm(this.o.root, { recursive: true, force: true })
    // The folders are gone: prune forgets them, then their branches are no longer checked out anywhere.
    await this.o.git.worktreePrune()
    await this.o.git.deleteBranches(this.retiredBranches.splice(0))
  }
}

/** The files `git apply` names in its errors, limited to the ones we tried to apply. */
function conflictingPaths(stderr: string, paths: string[]): string[] {
  const named = paths.filter(p => stderr.includes(`${p}:`) || stderr.includes(`${p} `))
  return named.length ? named : paths
}
