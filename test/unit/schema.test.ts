import { readFileSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { taskJsonSchema, taskJsonSchemaText } from '../../scripts/gen-schema.js'
import { statusOf, taskFileSchemas } from '../../src/taskfile/schema.js'

const { TaskFileSchema, TaskSchema } = taskFileSchemas()

const root = path.join(import.meta.dirname, '../..')

describe('task.schema.json', () => {
  it('is in sync with the zod schema (run `node scripts/run-ts.mjs scripts/gen-schema.ts` after changing it)', () => {
    const committed = readFileSync(path.join(root, 'task.schema.json'), 'utf8')
    expect(committed).toBe(taskJsonSchemaText())
  })

  it('is a draft 2020-12 schema with an id and a title, requiring project, tasks, id and description', () => {
    const schema = taskJsonSchema() as {
      $schema: string
      $id: string
      title: string
      required: string[]
      properties: {
        tasks: { items: { required: string[]; properties: Record<string, { enum?: string[] }> } }
      }
    }
    expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema')
    expect(schema.$id).toMatch(/task\.schema\.json$/)
    expect(schema.title).toBeTruthy()
    expect(schema.required).toEqual(['project', 'tasks'])
    expect(schema.properties.tasks.items.required).toEqual(['id', 'description'])
    expect(schema.properties.tasks.items.properties.status!.enum).toEqual([
      'pending',
      'in_progress',
      'completed',
      'failed'
    ])
  })
})

describe('the zod schema', () => {
  it('accepts valid tasks and keeps unknown fields at every level', () => {
    const input = {
      project: 'p',
      custom: { a: 1 },
      tasks: [
        { id: 'build.v2_x-1', description: 'd', status: 'completed', mine: [1], verify: ['npm', 'test'] }
      ],
      logs: [{ timestamp: 't', message: 'm', runId: 7 }]
    }
    const parsed = TaskFileSchema.parse(input)
    expect(parsed.custom).toEqual({ a: 1 })
    expect(parsed.tasks[0]!.mine).toEqual([1])
    expect(parsed.logs![0]!.runId).toBe(7)
  })

  it.each(['', 'a b', '-a', '.a', 'a'.repeat(65), 'a/b', 'ä'])('rejects the id %j', id => {
    expect(TaskSchema.safeParse({ id, description: 'd' }).success).toBe(false)
  })

  it('accepts ids of 1 and 64 characters', () => {
    expect(TaskSchema.safeParse({ id: 'a', description: 'd' }).success).toBe(true)
    expect(TaskSchema.safeParse({ id: '9'.repeat(64), description: 'd' }).success).toBe(true)
  })

  it('treats a missing status as pending', () => {
    const task = TaskSchema.parse({ id: 'a', description: 'd' })
    expect(task.status).toBeUndefined()
    expect(statusOf(task)).toBe('pending')
  })

  it('rejects an empty description, an unknown status and a negative maxTurns', () => {
    expect(TaskSchema.safeParse({ id: 'a', description: '' }).success).toBe(false)
    expect(TaskSchema.safeParse({ id: 'a', description: 'd', status: 'done' }).success).toBe(false)
    expect(TaskSchema.safeParse({ id: 'a', description: 'd', maxTurns: -1 }).success).toBe(false)
  })
})
