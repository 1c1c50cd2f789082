/**
 * Generates task.schema.json (the JSON Schema editors use for a task.json that names it in `$schema`) from
 * the zod schema, the single source of truth. test/unit/schema.test.ts fails when the committed file is stale.
 *
 *   node scripts/run-ts.mjs scripts/gen-schema.ts
 */
import { writeFile } from 'node:fs/promises'
import path from 'node:path'
import * as z from 'zod/mini'
import { taskFileSchemas } from '../src/taskfile/schema.js'

export const SCHEMA_ID = 'https://raw.githubusercontent.com/taskmesh/taskmesh/main/task.schema.json'

export function taskJsonSchema(): Record<string, unknown> {
  // `input`: what a user may write (optional fields stay optional, loose objects allow any extra field).
  const generated = z.toJSONSchema(taskFileSchemas().TaskFileSchema, {
    target: 'draft-2020-12',
    io: 'input'
  }) as Record<string, unknown>
  const { $schema, ...rest } = generated
  return { $schema, $id: SCHEMA_ID, title: 'Taskmesh task file', ...rest }
}

export function taskJsonSchemaText(): string {
  return `${JSON.stringify(taskJsonSchema(), null, 2)}\n`
}

// Only write when run as a script (run-ts passes the .ts entry as argv[1]), not when a test imports this.
if (process.argv[1] && /gen-schema\.ts$/.test(process.argv[1])) {
  const out = path.resolve('task.schema.json')
  await writeFile(out, taskJsonSchemaText())
  console.log(`wrote ${path.relative(process.cwd(), out)}`)
}
