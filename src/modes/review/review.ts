/**
 * `mode: review`: a reviewer sends a task back from its pull request and Taskmesh redoes it there.
 *
 * A thin mode on the frame of pipeline.ts: it decides what the event asks for (inline comments of a
 * "Request changes" review, `/taskmesh` commands), who asked (write access, no bots, no forks), puts the
 * feedback into the tasks, runs them with runTasks on the pull request's head branch, and answers where the
 * feedback was given. Everything else — the engine, commits, pushes that survive a moved branch, the
 * pull-request body, outputs and summary — is what `mode: run` does.
 */
import type { TaskFeedback } from '../../engine/prompt.js'
import { RunSetupError } from '../../shared/errors.js'
import type { ReviewTrigger } from '../../infra/github/review-event.js'
import { isUntrustedTrigger } from '../trigger.js'
import type { GitHubPort, InlineComment, ReviewPull } from '../../engine/ports.js'
import type { RunObserver } from '../../engine/events.js'
import { parseCommands } from './commands.js'
import {
  planReview,
  sameTarget,
  WRITE_ROLES,
  type Added,
  type Redo,
  type ReplyTarget,
  type Source
} from './decision.js'
import {
  closedReply,
  deniedMarker,
  deniedReply,
  forkReply,
  isOwnReply,
  outcomeReply,
  type RedoResult
} from './replies.js'
import type { Settings } from '../../inputs/settings.js'
import type { TaskDocument } from '../../taskfile/document.js'
import { statusOf, type Task } from '../../taskfile/schema.js'
import { loadTaskFile } from '../plan.js'
import { Done, runOnFrame, type Frame, type Mode, type RunContext, type Workspace } from '../pipeline.js'
import { publishRun, pullRequestPublisher } from '../publish.js'
import { commitUrlBase, runFailure, runTasks } from '../task-run.js'
import type { Ui } from '../ui.js'

export interface ReviewOutcome {
  /** Set when the step must fail. */
  failure?: string
}

export function reviewMode(
  settings: Settings,
  ui: Ui,
  ctx: RunContext,
  trigger: ReviewTrigger
): Promise<ReviewOutcome> {
  return runOnFrame(review(trigger), settings, ui, ctx)
}

/** What the event asks for, checked: who asked, on which pull request, from which comments. */
interface ReviewInput {
  api: GitHubPort
  pull: ReviewPull
  trigger: ReviewTrigger
  sources: Source[]
  changesRequested: boolean
  /** Whether a task may run (a redo or an added task was asked for): then Claude needs its credential. */
  mayRun: boolean
  reply: (target: ReplyTarget, body: string) => Promise<void>
}

const review = (trigger: ReviewTrigger): Mode<ReviewInput, ReviewOutcome> => ({
  read: frame => readTrigger(frame, trigger),
  needsCredential: input => input.mayRun,
  // Claude and the sandbox only when there is something to redo.
  claude: 'on-demand',
  // The pull request's own branch, whatever the workflow checked out (a merge ref, the default branch).
  branch: (_frame, input) => input.pull.headRef,
  work: reviewPrepared
})

async function readTrigger(frame: Frame, trigger: ReviewTrigger): Promise<ReviewInput | Done<ReviewOutcome>> {
  const { settings, ctx, say } = frame
  const who = trigger.author.login
  const n = trigger.prNumber

  // Cheap checks first: most events on a pull request ask nothing of Taskmesh.
  if (isOwnReply(trigger.body)) {
    say('info', 'ignored: a reply Taskmesh wrote itself')
    return new Done({})
  }
  if (trigger.author.isBot && !botAllowed(who, settings.allowedBots)) {
    say('info', `ignored: ${who} is a bot (name it in allowed-bots to act on its comments)`)
    return new Done({})
  }
  const commands = parseCommands(trigger.body)
  const changesRequested =
    trigger.event === 'pull_request_review' && trigger.reviewState === 'changes_requested'
  if (commands.length === 0 && !changesRequested) {
    say(
      'info',
      trigger.event === 'pull_request_review'
        ? `nothing to do: a review that ${trigger.reviewState === 'approved' ? 'approves' : 'comments'} without a /taskmesh command`
        : 'nothing to do: the comment has no /taskmesh command'
    )
    return new Done({})
  }

  const [owner = '', repo = ''] = (ctx.repository ?? '').split('/')
  if (!owner || !repo) throw new RunSetupError('mode: review needs GITHUB_REPOSITORY (owner/name)')
  const api = frame.github({ token: settings.git.token ?? '', owner, repo })
  // No redaction here: the client's outbound guard scrubs every text it sends, and says so when it masks one.
  const reply = async (target: ReplyTarget, body: string) => {
    if (target.kind === 'thread') await api.replyToComment(n, target.commentId, body)
    else await api.comment(n, body)
  }
  const triggerTarget: ReplyTarget =
    trigger.event === 'pull_request_review_comment'
      ? { kind: 'thread', commentId: trigger.id }
      : { kind: 'conversation' }

  // Who: the pull request is an open door. Anyone without write access gets one answer and nothing else.
  const role = await api.role(who)
  if (!(WRITE_ROLES as readonly string[]).includes(role)) {
    say(
      'warning',
      `ignored: ${who} has "${role}" access to ${owner}/${repo}; only admin, maintain or write may ask for changes (nothing runs)`
    )
    const bodies = await api.commentBodies(n)
    if (!bodies.some(b => b.includes(deniedMarker(who)))) await api.comment(n, deniedReply(who))
    return new Done({})
  }

  const pull = await api.pull(n)
  if (pull.state !== 'open') {
    say('info', `pull request #${n} is ${pull.merged ? 'merged' : 'closed'}: nothing runs`)
    await reply(triggerTarget, closedReply(pull.merged ? 'merged' : 'closed'))
    return new Done({})
  }
  // issue_comment payloads do not say where the pull request comes from: the API does.
  const untrusted = isUntrustedTrigger('pull_request', { pull_request: pull.raw }, ctx.repository ?? '')
  if (untrusted && !settings.allowUntrustedTrigger) {
    await reply(triggerTarget, forkReply())
    throw new RunSetupError(
      `${untrusted}. Taskmesh refuses to run here: untrusted text would drive an agent with write access.`
    )
  }

  // What was asked, in the order it was written: the review's inline comments, then its body.
  const sources: Source[] = []
  if (trigger.event === 'pull_request_review') {
    if (changesRequested)
      for (const c of await api.reviewComments(n, trigger.id))
        if (!isOwnReply(c.body)) sources.push(inlineSource(c))
    sources.push({ ...base(trigger), target: { kind: 'conversation' } })
  } else if (trigger.event === 'pull_request_review_comment')
    sources.push({
      ...base(trigger),
      path: trigger.path,
      line: trigger.line,
      diffHunk: trigger.diffHunk,
      target: triggerTarget,
      eyes: { kind: 'review', id: trigger.id }
    })
  else sources.push({ ...base(trigger), target: triggerTarget, eyes: { kind: 'issue', id: trigger.id } })

  const mayRun =
    changesRequested ||
    sources.some(s => parseCommands(s.body).some(c => c.kind === 'redo' || c.kind === 'add'))
  return { api, pull, trigger, sources, changesRequested, mayRun, reply }
}

async function reviewPrepared(workspace: Workspace, input: ReviewInput): Promise<ReviewOutcome> {
  const { settings, ui, persister, say } = workspace
  const { pull, reply } = input
  const n = pull.number

  // Only Taskmesh's pull requests: their branch holds task commits (a `Task-Id` trailer).
  const commits = await persister.git.taskCommits('HEAD')
  if (commits.length === 0) {
    const msg = `pull request #${n}: its branch ${pull.headRef} holds no Taskmesh task commits; mode: review leaves it alone`
    say('info', msg)
    ui.annotate('notice', msg)
    return {}
  }
  const doc = await loadTaskFile(settings, ui)
  const plan = planReview({
    doc,
    commits,
    taskFile: persister.taskFile,
    sources: input.sources,
    reviewId: input.trigger.event === 'pull_request_review' ? input.trigger.id : undefined,
    changesRequested: input.changesRequested
  })
  const { redos, adds, notes, eyes } = plan
  for (const url of plan.skipped) say('info', `${url} was applied before: not applying it twice`)

  const postNotes = async (): Promise<string[]> => {
    const failed: string[] = []
    for (const note of notes)
      await reply(note.target, note.text).catch((e: Error) => {
        say('warning', e.message)
        failed.push(e.message)
      })
    return failed
  }

  if (redos.size === 0 && adds.length === 0) {
    if (plan.skipped.length > 0 && notes.length === 0)
      say('info', 'nothing to do: every comment of this event was applied before')
    const failed = await postNotes()
    await workspace.restoreCheckout()
    return { failure: failed[0] }
  }

  return runRedos(workspace, input, doc, redos, adds, notes, eyes, postNotes)
}

async function runRedos(
  workspace: Workspace,
  input: ReviewInput,
  doc: TaskDocument,
  redos: Map<string, Redo>,
  adds: Added[],
  notes: { target: ReplyTarget; text: string }[],
  eyes: NonNullable<Source['eyes']>[],
  postNotes: () => Promise<string[]>
): Promise<ReviewOutcome> {
  const { settings, ctx, redactor, say } = workspace
  const { api, pull } = input
  // Before the feedback goes into the tasks: `sandbox: required` stops here, with the checkout put back.
  const claude = await workspace.claude()

  // The feedback goes into the tasks (kept forever: a comment whose id is there is never applied again).
  const feedback = new Map<string, TaskFeedback>()
  const completedBefore = new Set(doc.data.tasks.filter(t => statusOf(t) === 'completed').map(t => t.id))
  for (const [id, r] of redos) {
    const t = doc.task(id)!
    feedback.set(id, { items: r.items, previousResult: t.result ?? undefined })
    t.reviews = [...(t.reviews ?? []), ...r.entries]
    t.status = 'pending'
    delete t.error
    say('info', `redoing ${id} with ${r.items.length} piece(s) of review feedback`)
  }
  for (const a of adds) {
    const firstLine = a.description.split('\n')[0]!.trim()
    doc.data.tasks.push({
      id: a.id,
      ...(firstLine.length <= 80 && a.description.includes('\n') ? { title: firstLine } : {}),
      description: a.description,
      source: `pull request comment ${a.entry.url}`,
      reviews: [a.entry]
    })
    say('info', `adding task ${a.id} from ${a.entry.url}`)
  }
  const only = [...redos.keys(), ...adds.map(a => a.id)]

  // 👀 on the comments being worked on; a missing reaction is no reason to stop.
  for (const e of eyes)
    await api.eyes(e.kind, e.id).catch((err: Error) => say('warning', `could not react: ${err.message}`))

  const stats = new Map<string, { costUsd: number; files: string[]; commit?: string }>()
  const stat = (id: string) => {
    let s = stats.get(id)
    if (!s) stats.set(id, (s = { costUsd: 0, files: [] }))
    return s
  }
  const observer: RunObserver = {
    emit: e => {
      if (e.type === 'attempt-finished') stat(e.taskId).costUsd += e.costUsd
      if (e.type === 'task-finished') stat(e.taskId).files = e.outputs
      if (e.type === 'task-committed') stat(e.taskId).commit = e.commit
    }
  }
  const urls = new Map<string, string[]>()
  for (const [id, r] of redos) urls.set(id, r.entries.map(e => e.url).filter(Boolean))
  for (const a of adds) if (a.entry.url) urls.set(a.id, [a.entry.url])

  const publisher = pullRequestPublisher(workspace, {
    head: pull.headRef,
    base: pull.baseRef,
    project: () => doc.data.project
  })
  const run = await runTasks({
    ...workspace,
    session: claude,
    doc,
    only,
    feedback,
    trailers: id => urls.get(id)?.map(u => `Review: ${u}`),
    afterPush: publisher.afterPush,
    observer
  }).finally(() => workspace.stopSandbox())
  const { engine, report } = run
  const prFailure = await publisher.retryIfStale(engine)

  // The answers, where the feedback was given.
  const now = new Map(engine.documentTasks().map(t => [t.id, t]))
  const linkBase = commitUrlBase(ctx)
  const resultOf = (id: string, added: boolean): RedoResult => {
    const t = now.get(id)
    const s = stats.get(id) ?? { costUsd: 0, files: [] }
    const st = t ? statusOf(t) : 'pending'
    return {
      taskId: id,
      added,
      status: st === 'completed' || st === 'failed' ? st : 'pending',
      error: st === 'completed' ? undefined : (t?.error ?? report.stopReason?.message ?? undefined),
      commit: s.commit,
      commitUrl: s.commit && linkBase ? `${linkBase}${s.commit}` : undefined,
      files: s.files,
      costUsd: s.costUsd,
      summary: st === 'completed' ? (t?.result ?? undefined) : undefined,
      dependents: added ? [] : dependentsOf(id, engine.documentTasks()).filter(d => completedBefore.has(d))
    }
  }
  const byTarget: { target: ReplyTarget; results: RedoResult[] }[] = []
  const resultsFor = (target: ReplyTarget) => {
    let x = byTarget.find(b => sameTarget(b.target, target))
    if (!x) byTarget.push((x = { target, results: [] }))
    return x.results
  }
  for (const [id, r] of redos) for (const target of r.targets) resultsFor(target).push(resultOf(id, false))
  for (const a of adds) resultsFor(a.target).push(resultOf(a.id, true))
  const failed: string[] = []
  for (const b of byTarget) {
    // Bad input in the same comment is answered in the same reply.
    const extra = notes.filter(x => sameTarget(x.target, b.target))
    for (const x of extra) notes.splice(notes.indexOf(x), 1)
    const body = outcomeReply(
      b.results,
      extra.map(x => x.text.replace(/^<!--[^\n]*-->\n/, ''))
    )
    await input.reply(b.target, body).catch((e: Error) => {
      say('warning', e.message)
      failed.push(e.message)
    })
  }
  failed.push(...(await postNotes()))

  await publishRun(workspace, run, publisher.result())
  const replyFailure = failed.length ? `could not answer on the pull request: ${failed[0]}` : undefined
  const prOrReply = [prFailure, replyFailure].filter(Boolean).join('; ') || undefined
  return { failure: runFailure(settings, redactor, run, prOrReply) }
}

function base(t: ReviewTrigger): Omit<Source, 'target'> {
  return { id: t.id, url: t.url, author: t.author.login, body: t.body, at: t.at }
}

function inlineSource(c: InlineComment): Source {
  return {
    id: c.id,
    url: c.url,
    author: c.author,
    body: c.body,
    at: c.at,
    path: c.path,
    line: c.line,
    diffHunk: c.diffHunk,
    target: { kind: 'thread', commentId: c.id },
    eyes: { kind: 'review', id: c.id }
  }
}

/** `renovate[bot]` matches `renovate[bot]` and `renovate`. */
function botAllowed(login: string, allowed: readonly string[]): boolean {
  const bare = (s: string) => s.toLowerCase().replace(/\[bot\]$/, '')
  return allowed.some(a => bare(a) === bare(login))
}

/** Tasks that depend on `id`, directly or not, in file order. */
export function dependentsOf(id: string, tasks: readonly Task[]): string[] {
  const found = new Set<string>()
  let grew = true
  while (grew) {
    grew = false
    for (const t of tasks)
      if (!found.has(t.id) && t.id !== id && (t.dependencies ?? []).some(d => d === id || found.has(d))) {
        found.add(t.id)
        grew = true
      }
  }
  return tasks.filter(t => found.has(t.id)).map(t => t.id)
}
