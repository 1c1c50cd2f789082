/** The prompt that asks Claude for new tasks, and the one that sends its invalid answer back. */
import { clip, firstLine, shorten } from '../../shared/text.js'

/** Caps that keep the prompt small whatever the size of the request and the task file. */
const MAX_REQUEST_PROMPT_CHARS = 100_000
const MAX_LISTED_TASKS = 300
const MAX_LISTED_IDS_CHARS = 20_000
const MAX_PREVIOUS_ANSWER_CHARS = 30_000
const MAX_PROBLEMS_SENT = 50

export interface PromptInput {
  project: string
  description?: string
  context?: string
  request: string
  /** The tasks already in the file (ids must not collide; new tasks may depend on them). */
  existing: readonly { id: string; title?: string; description: string; status?: string }[]
  taskFileName: string
  try: number
  maxTries: number
  previous?: { answer: unknown; problems: string[] }
}

export function buildDecomposePrompt(input: PromptInput): string {
  const out: string[] = []
  out.push(
    `You are planning work for the project "${input.project}". Turn the request below into tasks for ${input.taskFileName}.`,
    'Each task will later be carried out by its own Claude Code session, one at a time or in parallel, in dependency order.'
  )
  if (input.description) out.push('', 'Project description:', input.description)
  if (input.context) out.push('', 'Instructions for every task in this project:', input.context)
  out.push('', '## The request', '', clip(input.request.trim(), MAX_REQUEST_PROMPT_CHARS))

  out.push('', `## Tasks already in ${input.taskFileName}`)
  if (input.existing.length === 0) out.push('None: the file has no tasks yet.')
  else {
    out.push(
      `${input.existing.length} task(s). Their ids are taken; a new task may depend on any of them. They are never changed.`
    )
    const shown = input.existing.slice(0, MAX_LISTED_TASKS)
    for (const t of shown)
      out.push(
        `- ${t.id} [${t.status ?? 'pending'}] ${shorten(t.title ?? firstLine(t.description, 100), 100)}`
      )
    const rest = input.existing.slice(shown.length)
    if (rest.length > 0) {
      let ids = ''
      let listed = 0
      for (const t of rest) {
        if (ids.length + t.id.length + 2 > MAX_LISTED_IDS_CHARS) break
        ids += (listed ? ', ' : '') + t.id
        listed++
      }
      out.push(`Ids of the other ${rest.length}: ${ids}`)
      if (listed < rest.length)
        out.push(
          `… and ${rest.length - listed} more not listed: give new ids a distinctive prefix so they cannot collide.`
        )
    }
  }

  out.push(
    '',
    '## How to answer',
    '- Answer by calling the StructuredOutput tool once, with {"tasks": [...]}; every task has id, title, description and dependencies, and optionally details, verify and estimateMinutes.',
    '- id: 1-64 letters, digits, ".", "_" or "-", starting with a letter or digit; unique, and not the id of an existing task.',
    '- dependencies: ids of new or existing tasks that must be completed first. No cycles.',
    '- description: what the task must achieve, self-contained: the session doing it sees only this task, the project description and what its dependencies produced.',
    '- verify (optional): a shell command that exits 0 only when the task is done (for example the tests it adds).',
    '- Size tasks so each is one focused piece of work; prefer independent tasks where the work allows it.',
    '- You may read the repository (the Read tool, read-only shell commands) to plan well. Do not change any file: this step only plans.'
  )

  if (input.previous) {
    out.push(
      '',
      `## Your previous answer was not accepted (this is try ${input.try} of ${input.maxTries})`,
      'Previous answer:',
      '```json',
      clip(safeJson(input.previous.answer), MAX_PREVIOUS_ANSWER_CHARS),
      '```',
      'Problems:'
    )
    const shown = input.previous.problems.slice(0, MAX_PROBLEMS_SENT)
    for (const problem of shown) out.push(`- ${problem}`)
    if (input.previous.problems.length > shown.length)
      out.push(`- … and ${input.previous.problems.length - shown.length} more`)
    out.push(
      'Answer again with the complete corrected list of tasks (all of them, not only the changed ones).'
    )
  }
  return out.join('\n') + '\n'
}

function safeJson(value: unknown): string {
  if (value === undefined) return '(no structured answer)'
  try {
    return JSON.stringify(value, null, 2)
  } catch {
    return String(value)
  }
}
