/**
 * The task.json format: the single source of truth for types, validation and the shipped JSON Schema
 * (task.schema.json is generated from this file by scripts/gen-schema and kept in sync by a test).
 *
 * Every object is "loose": fields the schema does not know are kept exactly as they were, because
 * task.json is the user's file and other tools may store their own data in it.
 */
import * as z from 'zod/mini'

// zod/mini rather than zod: the same validation (same core, same issues) without the method-chaining
// classes and the message locales: about 50 KB bundled instead of 700 KB, which was most of a plan step's
// start-up. Messages come from validate.ts (and the custom ones below), never from zod's locale.
const described = <T extends z.core.$ZodType>(schema: T, description: string): T =>
  (schema as T & z.ZodMiniType).check(z.describe(description)) as T

export const TASK_STATUSES = ['pending', 'in_progress', 'completed', 'failed'] as const
export type TaskStatus = (typeof TASK_STATUSES)[number]

/** Letters, digits, `.`, `_`, `-`; 1–64 characters; starts with a letter or digit. */
export const TASK_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/

/**
 * The schemas, built on first use. Building them is a few milliseconds of a cold start that a valid file
 * never needs: validation runs a hand-written fast check first (validate.ts) and asks zod only when that
 * check is unsure, for the precise messages.
 */
function buildSchemas() {
  const isoTimestamp = described(z.string(), 'ISO 8601 timestamp, written by the action')
  const nonEmpty = (message?: string) => z.string().check(z.minLength(1, message))
  const int = () => z.number().check(z.int())

  const TaskIdSchema = z
    .string()
    .check(
      z.regex(
        TASK_ID_PATTERN,
        'must be 1-64 characters of letters, digits, ".", "_" or "-", starting with a letter or digit'
      )
    )

  /** Feedback from a pull-request review that sent the task back (`mode: review`); kept forever. */
  const ReviewEntrySchema = described(
    z.looseObject({
      id: described(int(), 'Id of the comment (or review) on GitHub; a comment is applied once'),
      url: described(z.string(), 'Link to the comment'),
      author: described(z.string(), 'Login of the person who wrote it'),
      body: described(z.string(), 'The feedback given to Claude'),
      path: described(z.optional(z.string()), 'File an inline comment was left on'),
      line: described(z.optional(int()), 'Line of that file'),
      at: isoTimestamp
    }),
    'Review feedback a redo of the task answered'
  )

  const TaskSchema = described(
    z.looseObject({
      id: described(TaskIdSchema, 'Unique id of the task, referenced by dependencies'),
      title: described(z.optional(z.string()), 'Short title shown in logs, commits and reports'),
      description: described(
        nonEmpty('must not be empty'),
        'What the task must achieve; sent to Claude verbatim'
      ),
      details: described(z.optional(z.string()), 'Further instructions sent to Claude with the task'),
      status: described(
        z.optional(z.enum(TASK_STATUSES)),
        'Written by the action; a missing status means pending'
      ),
      dependencies: described(
        z.optional(z.array(TaskIdSchema)),
        'Ids of tasks that must be completed before this one starts'
      ),

      // Per-task settings: override the action's inputs for this task.
      model: described(z.optional(nonEmpty()), 'Claude model for this task (overrides `model`)'),
      maxTurns: described(z.optional(int().check(z.positive())), 'Overrides `max-turns`'),
      allowedTools: described(
        z.optional(z.array(nonEmpty())),
        'Tools Claude may use for this task (overrides `allowed-tools`)'
      ),
      timeoutMinutes: described(
        z.optional(z.number().check(z.positive())),
        'Overrides `task-timeout-minutes`'
      ),
      maxAttempts: described(z.optional(int().check(z.positive())), 'Overrides `max-attempts`'),
      maxBudgetUsd: described(
        z.optional(z.number().check(z.positive())),
        'Spending cap in USD for this task, over all its attempts'
      ),
      verify: described(
        z.optional(z.union([nonEmpty(), z.array(nonEmpty()).check(z.minLength(1))])),
        'Command that must exit 0 before the task counts as done: a string runs through `sh -c`, an array runs as an argument vector without a shell'
      ),
      estimateMinutes: described(
        z.optional(z.number().check(z.positive())),
        'Expected duration; used to start the longest chains first in parallel runs'
      ),

      // Written by the action.
      startedAt: z.optional(z.nullable(isoTimestamp)),
      completedAt: z.optional(z.nullable(isoTimestamp)),
      outputs: described(
        z.optional(z.array(z.string())),
        'Files the task added, changed, deleted or renamed (taken from git)'
      ),
      attempts: z.optional(int().check(z.nonnegative())),
      error: described(z.optional(z.nullable(z.string())), 'Why the last attempt failed'),
      result: described(z.optional(z.nullable(z.string())), "Claude's final message (truncated)"),
      costUsd: described(z.optional(z.number().check(z.nonnegative())), 'Cost over all attempts, in USD'),
      turns: z.optional(int().check(z.nonnegative())),
      durationMs: z.optional(z.number().check(z.nonnegative())),
      sessionId: z.optional(z.nullable(z.string())),
      commit: described(z.optional(z.nullable(z.string())), 'The commit that recorded the task'),
      source: described(z.optional(z.string()), 'Where the task came from (for example a decompose request)'),
      reviews: described(
        z.optional(z.array(ReviewEntrySchema)),
        'Review feedback that sent the task back from its pull request, oldest first (written by the action)'
      )
    }),
    'One unit of work for Claude'
  )

  const LogEntrySchema = z.looseObject({
    timestamp: z.string(),
    message: z.string(),
    level: z.optional(z.enum(['info', 'warning', 'error'])),
    taskId: z.optional(z.string())
  })

  const TaskFileSchema = described(
    z.looseObject({
      $schema: z.optional(z.string()),
      project: described(nonEmpty('must not be empty'), 'Name of the project'),
      description: described(z.optional(z.string()), 'What the project is; given to Claude as context'),
      context: described(z.optional(z.string()), 'Extra instructions sent to Claude with every task'),
      status: described(z.optional(z.string()), 'Overall status, written by the action'),
      tasks: z.array(TaskSchema),
      logs: described(z.optional(z.array(LogEntrySchema)), 'Run history, appended by the action')
    }),
    'A Taskmesh task file'
  )
  return { TaskIdSchema, ReviewEntrySchema, TaskSchema, LogEntrySchema, TaskFileSchema }
}

type Schemas = ReturnType<typeof buildSchemas>
let built: Schemas | undefined
export const taskFileSchemas = (): Schemas => (built ??= buildSchemas())

export type Task = z.infer<Schemas['TaskSchema']>
export type LogEntry = z.infer<Schemas['LogEntrySchema']>
export type ReviewEntry = z.infer<Schemas['ReviewEntrySchema']>
export type TaskFile = z.infer<Schemas['TaskFileSchema']>

/** A missing status means pending. */
export function statusOf(task: Pick<Task, 'status'>): TaskStatus {
  return task.status ?? 'pending'
}
