/**
 * The run's commits, made with plumbing in a temporary index (the user's index, hooks and config are never
 * involved): one per finished task, with its outputs and task.json, and state-only ones of task.json.
 */
import type { RecordedTask } from '../engine/ports.js'
import { reattach } from './branch.js'
import type { ChangeTracker } from './changes.js'
import { head, type PersistContext } from './context.js'

/** A finished task to commit: the engine's RepoPort hands it over as is. */
export type TaskCommit = RecordedTask

export class Committer {
  /** The tree of a commit, remembered (the last one this run made, usually the tip). */
  private knownTree: { commit: string; tree: string } | undefined

  constructor(
    private readonly ctx: PersistContext,
    private readonly changes: ChangeTracker,
    /** Paths that were already changed when the run started: never committed. */
    private readonly dirtyPaths: ReadonlySet<string>
  ) {}

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
    const { ctx } = this
    const { git, taskFile } = ctx
    if (!ctx.options.commit) return null
    // Where Claude left HEAD (maybe on a branch of its own): its commits are listed in the message too.
    const before = await git.headState()
    const claudeHead = before.sha
    const branchHead = (await reattach(ctx, before.branch)) ? await head(ctx) : claudeHead
    const subjects = (to: string) => git.commitSubjects(ctx.tip, to)
    let folded: string[] = []
    if (claudeHead !== ctx.tip && (await git.isAncestor(ctx.tip, claudeHead)))
      folded = await subjects(claudeHead)
    if (branchHead !== ctx.tip) {
      if (folded.length === 0) folded = await subjects(branchHead)
      await git.resetSoft(ctx.tip)
    }
    if (folded.length > 0)
      ctx.log('info', `Folding ${folded.length} commit(s) made during task ${t.taskId} into its commit.`)

    // The engine read the task's outputs from the working tree moments ago, against this same tip: since
    // then only task.json changed, and it is committed anyway (unchanged, it adds nothing to the tree).
    const known = this.changes.takeChangedSince(ctx.tip)
    const changed = known ?? new Set(await git.changedFilesSince(ctx.tip))
    const paths = new Set<string>()
    if (t.status === 'completed')
      for (const f of t.files) if (changed.has(f) && f !== taskFile && !this.dirtyPaths.has(f)) paths.add(f)
    if (known || changed.has(taskFile)) paths.add(taskFile)
    if (paths.size === 0) return null

    const message = taskCommitMessage(t, folded)
    // The branch is at the tip now (it was, or the reset above put it there).
    const sha = await this.commitPaths(ctx.tip, ctx.tip, [...paths], message, ctx.tip)
    if (sha === null) return null
    ctx.tip = sha
    // The live log says it once, from the engine's task-committed event, with the hash that was pushed
    // (a rebase before the push changes it).
    return sha
  }

  /** Commits a change of task.json alone (a stop, a final log line); null when there is none. */
  async commitState(message: string): Promise<string | null> {
    const { ctx } = this
    await reattach(ctx)
    // Null when task.json is as the tip has it: nothing to commit.
    const commit = await this.commitPaths(ctx.tip, ctx.tip, [ctx.taskFile], `${message.trim()}\n`)
    if (commit) ctx.tip = commit
    return commit
  }

  /**
   * Commits `paths` (as they are in the working tree) on top of `fromTree`'s content with `parent` as
   * parent, through a temporary index: the user's index, hooks and pre-existing changes stay untouched.
   * Moves the work branch from its current value, `branchAt` when the caller knows it (compare-and-swap).
   * Null when the tree did not change.
   */
  async commitPaths(
    parent: string,
    fromTree: string,
    paths: string[],
    message: string,
    branchAt?: string
  ): Promise<string | null> {
    const { git } = this.ctx
    const tree = await git.treeWithPaths(fromTree, paths)
    if (fromTree === parent && tree === (await this.treeOf(fromTree))) return null
    const sha = await git.commitTree(tree, [parent], message)
    this.knownTree = { commit: sha, tree }
    const old = branchAt ?? (await head(this.ctx))
    await git.updateRef(`refs/heads/${this.ctx.workBranch}`, sha, old, 'taskmesh: commit')
    // The real index follows the new commit for these paths only; everything else stays as it was.
    await git.resetPaths(paths)
    return sha
  }

  /** A commit's tree; the one this run made last is known without asking git. */
  private async treeOf(commit: string): Promise<string> {
    if (this.knownTree?.commit === commit) return this.knownTree.tree
    const tree = await this.ctx.git.treeOf(commit)
    this.knownTree = { commit, tree }
    return tree
  }
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
