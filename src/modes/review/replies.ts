/**
 * What Taskmesh answers on a pull request in `mode: review`. Every reply starts with a hidden marker, so
 * Taskmesh knows its own comments (and never acts on them) even when they were posted with a person's
 * token. Text that came from Claude or task.json cannot ping people or close issues: `@user` and `#12`
 * are broken with a zero-width space, as in the pull-request body.
 */
import { formatUsd, neutralizeMentions } from '../../report/markdown.js'
import { shorten } from '../../shared/text.js'
import { USAGE } from './commands.js'

/** Hidden marker of Taskmesh's replies. */
export const REPLY_MARKER = '<!-- taskmesh-review -->'

/** Hidden marker of the one reply a person without write access gets on a pull request. */
export function deniedMarker(login: string): string {
  return `<!-- taskmesh-review:denied:${login.toLowerCase()} -->`
}

export function isOwnReply(body: string): boolean {
  return body.includes(REPLY_MARKER)
}

const code = (s: string) => `\`${s.replace(/`/g, "'")}\``
const safe = (s: string) => neutralizeMentions(s)

function reply(...lines: string[]): string {
  return `${REPLY_MARKER}\n${lines.join('\n')}\n`
}

export function usageReply(unknown?: string): string {
  return reply(
    unknown ? `I do not know ${code(shorten(unknown, 80))}. Taskmesh understands:` : 'Taskmesh understands:',
    '',
    ...USAGE.map(u => `- ${u}`),
    '',
    'Or request changes in a review with comments on the lines to change: each comment goes to the task that last changed its file.'
  )
}

export function deniedReply(login: string): string {
  return (
    reply(
      `@${login}, only collaborators with write access to this repository can ask Taskmesh for changes. ` +
        'Nothing was run. (This reply is given once per person on a pull request.)'
    ) + `${deniedMarker(login)}\n`
  )
}

export function closedReply(state: 'closed' | 'merged'): string {
  return reply(`This pull request is ${state}: Taskmesh changes nothing on it.`)
}

export function forkReply(): string {
  return reply(
    'This pull request comes from a fork: Taskmesh does not act on it (its text would drive an agent with write access).'
  )
}

export function taskList(ids: readonly string[], max = 30): string {
  const shown = ids.slice(0, max).map(code)
  return shown.join(', ') + (ids.length > max ? `, and ${ids.length - max} more` : '')
}

export function unknownTaskReply(id: string, ids: readonly string[]): string {
  return reply(
    `There is no task ${code(id)} in the task file. The tasks are: ${taskList(ids)}.`,
    '',
    'Redo one with `/taskmesh redo <task-id> <what to change>`.'
  )
}

export function unmappedFileReply(path: string, ids: readonly string[]): string {
  return reply(
    `No task changed ${code(path)} on this branch, so Taskmesh does not know which task this comment is for. ` +
      `The tasks are: ${taskList(ids)}.`,
    '',
    'Name one with `/taskmesh redo <task-id> <what to change>`.'
  )
}

export function howToNameReply(ids: readonly string[]): string {
  return reply(
    'This review requests changes, but Taskmesh cannot tell which task they are for: it has no comments on changed lines and names no task.',
    '',
    `Comment on the lines to change (each comment goes to the task that last changed its file), or name a task with \`/taskmesh redo <task-id> <what to change>\`. The tasks are: ${taskList(ids)}.`
  )
}

export function emptyAddReply(): string {
  return reply(
    '`/taskmesh add` needs a description of the task, for example `/taskmesh add Write a README for the CLI`.'
  )
}

export function runningElsewhereReply(id: string): string {
  return reply(
    `Task ${code(id)} is running in another workflow run (it is \`in_progress\`): nothing was changed. ` +
      'Ask again when it is done. (If no run is working on it, a `mode: run` run resumes it.)'
  )
}

export function notReadyReply(id: string, waits: readonly string[]): string {
  return reply(
    `Task ${code(id)} has not run yet and waits for ${taskList(waits)}: there is nothing to redo yet. Nothing was changed.`
  )
}

export interface StatusRow {
  id: string
  title: string
  status: string
}

export function statusReply(project: string, rows: readonly StatusRow[], ready: readonly string[]): string {
  const max = 100
  const table = [
    '| Task | Status | Title |',
    '| --- | --- | --- |',
    ...rows.slice(0, max).map(r => `| ${code(r.id)} | ${r.status} | ${safe(cell(shorten(r.title, 100)))} |`)
  ]
  if (rows.length > max) table.push(`| … | | ${rows.length - max} more tasks |`)
  return reply(
    `**${safe(cell(shorten(project, 100)))}**: ${rows.length} task(s).`,
    '',
    ...table,
    '',
    ready.length ? `Ready to run: ${taskList(ready)}.` : 'No task is ready to run.'
  )
}

function cell(s: string): string {
  return s.replace(/\|/g, '\\|').replace(/\s+/g, ' ')
}

/** What became of one redone (or added) task, for its replies. */
export interface RedoResult {
  taskId: string
  added: boolean
  /** `pending`: the run stopped before the task finished (a budget, a cancel). */
  status: 'completed' | 'failed' | 'pending'
  error?: string
  commitUrl?: string
  commit?: string
  /** Files this redo changed. */
  files: string[]
  costUsd: number
  /** Claude's summary of what it did (redacted). */
  summary?: string
  /** Tasks that depend on it, completed before, not rerun. */
  dependents: string[]
}

export function outcomeReply(results: readonly RedoResult[], notes: readonly string[] = []): string {
  const out: string[] = []
  for (const r of results) {
    const what = r.added ? `New task ${code(r.taskId)}` : `Task ${code(r.taskId)}`
    if (r.status === 'completed') {
      const commit = r.commit
        ? r.commitUrl
          ? `[${r.commit.slice(0, 7)}](${r.commitUrl})`
          : code(r.commit.slice(0, 7))
        : 'no commit (nothing changed)'
      out.push(`✅ ${what} ${r.added ? 'is done' : 'was redone'}: ${commit}.`)
      out.push(
        `Files changed: ${r.files.length ? taskList(r.files, 20) : 'none'} · cost ${formatUsd(r.costUsd)}`
      )
      if (r.summary) out.push('', ...quote(shorten(r.summary, 1500)))
    } else if (r.status === 'failed') {
      out.push(
        `❌ ${what} ${r.added ? 'failed' : 'could not be redone'}: ${safe(shorten(r.error ?? 'no reason given', 600))}`,
        `Cost ${formatUsd(r.costUsd)}. ${r.added ? 'It is marked failed in the task file.' : 'The earlier work stays on the branch; the task is marked failed.'} ` +
          `Try again with \`/taskmesh redo ${r.taskId} <what to change>\`.`
      )
    } else {
      out.push(
        `⏸️ ${what} did not run to the end (${safe(shorten(r.error ?? 'the run stopped', 300))}); it is \`pending\` and the next run picks it up.`
      )
    }
    if (r.dependents.length)
      out.push(
        '',
        `Tasks that build on ${code(r.taskId)} were completed before and are not rerun by themselves: ${taskList(r.dependents)}. ` +
          `To bring them in line, redo each with \`/taskmesh redo <task-id> <what to change>\`.`
      )
    out.push('')
  }
  out.push(...notes)
  return reply(...out).replace(/\n+$/, '\n')
}

function quote(text: string): string[] {
  return safe(text)
    .split('\n')
    .map(l => `> ${l}`)
}
