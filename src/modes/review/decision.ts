/**
 * What a review event asks for, decided from the task file and the branch's task commits: which tasks to
 * redo with which feedback, which tasks to add, and the answers to give where the input was wrong. Pure: the
 * mode (app/review.ts) reads the inputs and carries the plan out.
 */
import type { ReviewFeedback } from '../../engine/prompt.js'
import { TaskGraph } from '../../plan/graph.js'
import type { TaskDocument } from '../../taskfile/document.js'
import { statusOf, TASK_ID_PATTERN, type ReviewEntry, type Task } from '../../taskfile/schema.js'
import { parseCommands, withoutCommands, type Command } from './commands.js'
import {
  emptyAddReply,
  howToNameReply,
  notReadyReply,
  runningElsewhereReply,
  statusReply,
  unknownTaskReply,
  unmappedFileReply,
  usageReply
} from './replies.js'

/** The roles in the repository that may ask Taskmesh for changes. */
export const WRITE_ROLES = ['admin', 'maintain', 'write'] as const

/** Where a reply goes: the inline comment's thread, or the pull request's conversation. */
export type ReplyTarget = { kind: 'thread'; commentId: number } | { kind: 'conversation' }

/** One piece of text that asks for something: a review body, an inline comment, a conversation comment. */
export interface Source {
  id: number
  url: string
  author: string
  body: string
  at: string
  path?: string
  line?: number
  diffHunk?: string
  target: ReplyTarget
  /** The comment to react to when work starts (reviews themselves take no reactions). */
  eyes?: { kind: 'review' | 'issue'; id: number }
}

export interface Redo {
  items: ReviewFeedback[]
  entries: ReviewEntry[]
  targets: ReplyTarget[]
}

export interface Added {
  id: string
  description: string
  entry: ReviewEntry
  target: ReplyTarget
}

export interface ReviewPlanInput {
  doc: TaskDocument
  /** The branch's task commits, newest first (Git.taskCommits). */
  commits: { taskIds: string[]; files: string[] }[]
  /** The task file's path in the repository: comments on it belong to no task. */
  taskFile: string
  /** In the order they were written: a review's inline comments, then its body. */
  sources: Source[]
  /** The id of the review whose body is among the sources (a pull_request_review event). */
  reviewId?: number
  changesRequested: boolean
}

export interface ReviewPlan {
  redos: Map<string, Redo>
  adds: Added[]
  notes: { target: ReplyTarget; text: string }[]
  eyes: NonNullable<Source['eyes']>[]
  /** Links of the sources applied before (their id is in a task's reviews): skipped. */
  skipped: string[]
}

export function planReview(p: ReviewPlanInput): ReviewPlan {
  const { doc } = p
  const tasks = doc.data.tasks
  const ids = tasks.map(t => t.id)
  const known = new Set(ids)

  /** The task that last changed `file` on this branch: from its task commits, else from the tasks' outputs. */
  const taskForPath = (file: string): string | undefined => {
    if (file === p.taskFile) return undefined
    for (const c of p.commits)
      if (c.files.includes(file)) {
        const id = [...c.taskIds].reverse().find(i => known.has(i))
        if (id) return id
      }
    let best: Task | undefined
    for (const t of tasks)
      if (t.outputs?.includes(file) && (!best || (t.completedAt ?? '') >= (best.completedAt ?? ''))) best = t
    return best?.id
  }

  const applied = new Set(tasks.flatMap(t => (t.reviews ?? []).map(r => r.id)))
  const redos = new Map<string, Redo>()
  const adds: Added[] = []
  const notes: { target: ReplyTarget; text: string }[] = []
  const eyes: NonNullable<Source['eyes']>[] = []
  const note = (target: ReplyTarget, text: string) => notes.push({ target, text })

  const addRedo = (id: string, src: Source, body: string) => {
    let r = redos.get(id)
    if (!r) redos.set(id, (r = { items: [], entries: [], targets: [] }))
    if (r.entries.some(e => e.id === src.id)) return
    const entry: ReviewEntry = { id: src.id, url: src.url, author: src.author, body, at: src.at }
    if (src.path) entry.path = src.path
    if (src.line !== undefined) entry.line = src.line
    r.entries.push(entry)
    r.items.push({
      author: src.author,
      url: src.url,
      body,
      path: src.path,
      line: src.line,
      diffHunk: src.diffHunk
    })
    if (!r.targets.some(t => sameTarget(t, src.target))) r.targets.push(src.target)
    if (src.eyes && !eyes.some(e => e.id === src.eyes!.id)) eyes.push(src.eyes)
  }

  /** A redo asked for: checked against the task file; a problem gets an answer and changes nothing. */
  const redo = (id: string, src: Source, body: string) => {
    const t = doc.task(id)
    if (!t) return note(src.target, unknownTaskReply(id, ids))
    const status = statusOf(t)
    if (status === 'in_progress') return note(src.target, runningElsewhereReply(id))
    if (status === 'pending') {
      const waits = (t.dependencies ?? []).filter(d => statusOf(doc.task(d) ?? {}) !== 'completed')
      if (waits.length) return note(src.target, notReadyReply(id, waits))
    }
    addRedo(id, src, body)
  }

  const command = (c: Command, src: Source) => {
    switch (c.kind) {
      case 'redo': {
        const id = c.taskId ?? (src.path ? taskForPath(src.path) : undefined)
        if (!c.taskId && !src.path) return note(src.target, usageReply('/taskmesh redo (without a task id)'))
        if (!id) return note(src.target, unmappedFileReply(src.path ?? '', ids))
        return redo(id, src, c.feedback || src.body.trim())
      }
      case 'add':
        if (!c.description) return note(src.target, emptyAddReply())
        return void adds.push({
          id: newTaskId(c.description, known),
          description: c.description,
          entry: { id: src.id, url: src.url, author: src.author, body: c.description, at: src.at },
          target: src.target
        })
      case 'status': {
        const c2 = new TaskGraph(tasks).classify()
        const rows = tasks.map(t => ({
          id: t.id,
          title: t.title ?? t.description.split('\n')[0] ?? '',
          status: c2.blocked.includes(t.id) ? 'blocked' : statusOf(t)
        }))
        return note(src.target, statusReply(doc.data.project, rows, c2.ready))
      }
      default:
        return note(src.target, usageReply(c.text))
    }
  }

  const skipped: string[] = []
  for (const src of p.sources) {
    const isReviewBody = p.reviewId !== undefined && src.id === p.reviewId && !src.path
    if (applied.has(src.id)) {
      skipped.push(src.url || `comment ${src.id}`)
      continue
    }
    const cmds = parseCommands(src.body)
    for (const c of cmds) command(c, src)
    if (!isReviewBody && cmds.length === 0 && src.path) {
      // An inline comment of a "Request changes" review: feedback for the task that last changed its file.
      const id = taskForPath(src.path)
      if (id) redo(id, src, src.body.trim())
      else note(src.target, unmappedFileReply(src.path, ids))
    }
    if (isReviewBody && p.changesRequested) {
      // The review's own text is feedback for every task the review touches.
      const text = withoutCommands(src.body)
      if (text) for (const id of [...redos.keys()]) addRedo(id, src, text)
      // No inline comments and no command: nothing says which task the review is about.
      if (cmds.length === 0 && !p.sources.some(x => x.path)) note(src.target, howToNameReply(ids))
    }
  }
  return { redos, adds, notes, eyes, skipped }
}

export function sameTarget(a: ReplyTarget, b: ReplyTarget): boolean {
  return a.kind === b.kind && (a.kind === 'conversation' || a.commentId === (b as typeof a).commentId)
}

/** A task id from the first words of a description, unique in the file. */
export function newTaskId(description: string, taken: Set<string>): string {
  const slug =
    description
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .split('-')
      .slice(0, 5)
      .join('-')
      .slice(0, 40)
      .replace(/-+$/, '') || 'task'
  let id = slug
  for (let i = 2; taken.has(id) || !TASK_ID_PATTERN.test(id); i++) id = `${slug}-${i}`
  taken.add(id)
  return id
}
