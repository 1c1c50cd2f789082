/**
 * Claude's proposal of new tasks: the `--json-schema` it answers with, and the check of its answer against
 * the task file.
 */
// The report's name for a proposed task (src/report/plan-body.ts) predates the word "proposal".
import type { PlanTask as ProposedTask } from '../../report/plan-body.js'
import { firstLine, shorten } from '../../shared/text.js'
import { statusOf, TASK_ID_PATTERN, type TaskFile } from '../../taskfile/schema.js'
import { validateTaskFileData } from '../../taskfile/validate.js'

export type { ProposedTask }

/** The `--json-schema` Claude answers with. The CLI itself rejects answers that do not match it. */
export function proposalJsonSchema(): Record<string, unknown> {
  return {
    type: 'object',
    additionalProperties: false,
    required: ['tasks'],
    properties: {
      tasks: {
        type: 'array',
        minItems: 1,
        items: {
          type: 'object',
          additionalProperties: false,
          required: ['id', 'title', 'description', 'dependencies'],
          properties: {
            id: {
              type: 'string',
              pattern: TASK_ID_PATTERN.source,
              description:
                'Unique id: 1-64 letters, digits, ".", "_" or "-", starting with a letter or digit; not used by an existing task'
            },
            title: { type: 'string', minLength: 1, description: 'Short title' },
            description: {
              type: 'string',
              minLength: 1,
              description: 'What the task must achieve, self-contained: it is all the agent doing it is told'
            },
            dependencies: {
              type: 'array',
              items: { type: 'string' },
              description: 'Ids of tasks (new or existing) that must be completed before this one starts'
            },
            details: { type: 'string', description: 'Further instructions (optional)' },
            verify: {
              anyOf: [
                { type: 'string', minLength: 1 },
                { type: 'array', items: { type: 'string', minLength: 1 }, minItems: 1 }
              ],
              description: 'Shell command that exits 0 when the task is done (optional)'
            },
            estimateMinutes: {
              type: 'number',
              exclusiveMinimum: 0,
              description: 'Expected duration (optional)'
            }
          }
        }
      }
    }
  }
}

export type ProposalCheck = { ok: true; tasks: ProposedTask[] } | { ok: false; problems: string[] }

/**
 * Checks Claude's answer against the task file: the same validation as a hand-written file (schema, ids,
 * duplicates, unknown dependencies, cycles) on a copy of the file with the new tasks appended, plus the
 * decompose rules: a non-empty list, a title on every task, and no id that an existing task already has.
 * Problems name the answer's tasks as `tasks[i]` (their index in the answer).
 */
export function checkProposal(answer: unknown, base: TaskFile, displayPath: string): ProposalCheck {
  if (answer === undefined || answer === null)
    return {
      ok: false,
      problems: [
        'No structured answer arrived: call the StructuredOutput tool once with {"tasks": [...]}, not a text reply.'
      ]
    }
  const list = (answer as { tasks?: unknown }).tasks
  if (typeof answer !== 'object' || Array.isArray(answer) || !Array.isArray(list))
    return { ok: false, problems: ['The answer must be an object with a "tasks" array.'] }
  if (list.length === 0)
    return { ok: false, problems: ['The plan has no tasks: propose at least one task for the request.'] }

  const problems: string[] = []
  const existing = new Map(base.tasks.map(t => [t.id, t]))
  const firstIndex = new Map<string, number>()
  const candidates: Record<string, unknown>[] = []
  list.forEach((raw: unknown, i) => {
    if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
      problems.push(`tasks[${i}] must be an object.`)
      candidates.push({})
      return
    }
    const item = raw as Record<string, unknown>
    candidates.push(newTaskObject(item))
    const id = item.id
    const label = typeof id === 'string' ? `tasks[${i}] (${JSON.stringify(id)})` : `tasks[${i}]`
    if (typeof item.title !== 'string' || item.title.trim() === '')
      problems.push(`${label}.title: every task needs a short title.`)
    if (typeof id !== 'string') return
    const old = existing.get(id)
    if (old)
      problems.push(
        `tasks[${i}].id: ${JSON.stringify(id)} is already the id of an existing task ` +
          `(${JSON.stringify(shorten(old.title ?? firstLine(old.description, 60), 60))}, ${statusOf(old)}). ` +
          `Existing tasks are never changed: give the new task another id; to build on the existing one, list ${JSON.stringify(id)} in dependencies.`
      )
    const first = firstIndex.get(id)
    if (first !== undefined)
      problems.push(
        `tasks[${i}].id: ${JSON.stringify(id)} is also the id of tasks[${first}]; ids must be unique.`
      )
    else firstIndex.set(id, i)
  })

  const k = base.tasks.length
  const merged = { ...base, tasks: [...base.tasks, ...candidates] }
  const text = JSON.stringify(merged, null, 2)
  const result = validateTaskFileData(merged, text, displayPath)
  if (!result.ok)
    for (const p of result.problems) {
      // Collisions and duplicates were said above, more clearly.
      if (p.code === 'duplicate-id') continue
      problems.push(
        p.message.replace(/tasks\[(\d+)\]/g, (_, n: string) => {
          const i = Number(n)
          return i >= k ? `tasks[${i - k}]` : `existing task ${JSON.stringify(base.tasks[i]?.id)}`
        })
      )
    }
  if (problems.length > 0) return { ok: false, problems: [...new Set(problems)] }
  return { ok: true, tasks: candidates as unknown as ProposedTask[] }
}

/** The fields of a proposed task that go into task.json, in the format's order; anything else is dropped. */
function newTaskObject(item: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  for (const key of ['id', 'title', 'description', 'details', 'dependencies', 'verify', 'estimateMinutes'])
    if (item[key] !== undefined) out[key] = item[key]
  out.dependencies ??= []
  return out
}
