/**
 * The task.json format: the single source of truth for types, validation and the shipped JSON Schema
 * (task.schema.json is generated from this file by scripts/gen-schema and kept in sync by a test).
 *
 * Every object is "loose": fields the schema does not know are kept exactly as they were, because
 * task.json is the user's file and other tools may store their own data in it.
 */
import { z } from 'zod'

export const TASK_STATUSES = ['pending', 'in_progress', 'completed', 'failed'] as const
export type TaskStatus = (typeof TASK_STATUSES)[number]

/** Letters, digits, `.`, `_`, `-`; 1–64 characters; starts with a letter or digit. */
export const TASK_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/

const isoTimestamp = z.string().describe('ISO 8601 timestamp, written by the action')

export const TaskIdSchema = z
  .string()
  .regex(
    TASK_ID_PATTERN,
    'must be 1-64 characters of letters, digits, ".", "_" or "-", starting with a letter or digit'
  )

/** Feedback from a pull-request review that sent the task back (`mode: review`); kept forever. */
export const ReviewEntrySchema = z
  .looseObject({
    id: z.number().int().describe('Id of the comment (or review) on GitHub; a comment is applied once'),
    url: z.string().describe('Link to the comment'),
    author: z.string().describe('Login of the person who wrote it'),
    body: z.string().describe('The feedback given to Claude'),
    path: z.string().optional().describe('File an inline comment was left on'),
    line: z.number().int().optional().describe('Line of that file'),
    at: isoTimestamp
  })
  .describe('Review feedback a redo of the task answered')

export const TaskSchema = z
  .looseObject({
    id: TaskIdSchema.describe('Unique id of the task, referenced by dependencies'),
    title: z.string().optional().describe('Short title shown in logs, commits and reports'),
    description: z
      .string()
      .min(1, 'must not be empty')
      .describe('What the task must achieve; sent to Claude verbatim'),
    details: z.string().optional().describe('Further instructions sent to Claude with the task'),
    status: z
      .enum(TASK_STATUSES)
      .optional()
      .describe('Written by the action; a missing status means pending'),
    dependencies: z
      .array(TaskIdSchema)
      .optional()
      .describe('Ids of tasks that must be completed before this one starts'),

    // Per-task settings: override the action's inputs for this task.
    model: z.string().min(1).optional().describe('Claude model for this task (overrides `model`)'),
    maxTurns: z.number().int().positive().optional().describe('Overrides `max-turns`'),
    allowedTools: z
      .array(z.string().min(1))
      .optional()
      .describe('Tools Claude may use for this task (overrides `allowed-tools`)'),
    timeoutMinutes: z.number().positive().optional().describe('Overrides `task-timeout-minutes`'),
    maxAttempts: z.number().int().positive().optional().describe('Overrides `max-attempts`'),
    maxBudgetUsd: z
      .number()
      .positive()
      .optional()
      .describe('Spending cap in USD for this task, over all its attempts'),
    verify: z
      .union([z.string().min(1), z.array(z.string().min(1)).min(1)])
      .optional()
      .describe(
        'Command that must exit 0 before the task counts as done: a string runs through `sh -c`, an array runs as an argument vector without a shell'
      ),
    estimateMinutes: z
      .number()
      .positive()
      .optional()
      .describe('Expected duration; used to start the longest chains first in parallel runs'),

    // Written by the action.
    startedAt: isoTimestamp.nullable().optional(),
    completedAt: isoTimestamp.nullable().optional(),
    outputs: z
      .array(z.string())
      .optional()
      .describe('Files the task added, changed, deleted or renamed (taken from git)'),
    attempts: z.number().int().nonnegative().optional(),
    error: z.string().nullable().optional().describe('Why the last attempt failed'),
    result: z.string().nullable().optional().describe("Claude's final message (truncated)"),
    costUsd: z.number().nonnegative().optional().describe('Cost over all attempts, in USD'),
    turns: z.number().int().nonnegative().optional(),
    durationMs: z.number().nonnegative().optional(),
    sessionId: z.string().nullable().optional(),
    commit: z.string().nullable().optional().describe('The commit that recorded the task'),
    source: z.string().optional().describe('Where the task came from (for example a decompose request)'),
    reviews: z
      .array(ReviewEntrySchema)
      .optional()
      .describe(
        'Review feedback that sent the task back from its pull request, oldest first (written by the action)'
      )
  })
  .describe('One unit of work for Claude')

export const LogEntrySchema = z.looseObject({
  timestamp: z.string(),
  message: z.string(),
  level: z.enum(['info', 'warning', 'error']).optional(),
  taskId: z.string().optional()
})

export const TaskFileSchema = z
  .looseObject({
    $schema: z.string().optional(),
    project: z.string().min(1, 'must not be empty').describe('Name of the project'),
    description: z.string().optional().describe('What the project is; given to Claude as context'),
    context: z.string().optional().describe('Extra instructions sent to Claude with every task'),
    status: z.string().optional().describe('Overall status, written by the action'),
    tasks: z.array(TaskSchema),
    logs: z.array(LogEntrySchema).optional().describe('Run history, appended by the action')
  })
  .describe('A Taskmesh task file')

export type Task = z.infer<typeof TaskSchema>
export type LogEntry = z.infer<typeof LogEntrySchema>
export type ReviewEntry = z.infer<typeof ReviewEntrySchema>
export type TaskFile = z.infer<typeof TaskFileSchema>

/** A missing status means pending. */
export function statusOf(task: Pick<Task, 'status'>): TaskStatus {
  return task.status ?? 'pending'
}
