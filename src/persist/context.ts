/**
 * What the persister's parts share: the options it was given, and the run's branch (where it is, which
 * commit it is at) that committing, syncing, pushing and rescuing all read and move.
 */
import type { Git, GitIdentity } from '../infra/git/git.js'
import type { Scrubber } from '../shared/scrubber.js'
import type { TaskFormatOptions } from '../taskfile/document.js'

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

/** The options with their defaults filled in where every part reads them. */
export type ResolvedPersistOptions = PersistOptions & { remote: string }

export interface PersistContext {
  readonly git: Git
  readonly options: ResolvedPersistOptions
  /** task.json relative to the repository root (what git prints). */
  readonly taskFile: string
  /** The branch the run commits to (`HEAD` with commits off on a detached HEAD). */
  readonly workBranch: string
  log(level: PersistLogLevel, msg: string): void
  /** The sha the last commit of this run (or the start) left the branch at. */
  tip: string
}

export function head(ctx: PersistContext): Promise<string> {
  return ctx.git.revParse('HEAD')
}
