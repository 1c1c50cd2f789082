/** The run's task file in the repository's working tree: read, written atomically, and checked. */
import { readFile } from 'node:fs/promises'
import path from 'node:path'
import { writeFileAtomic } from '../taskfile/atomic.js'
import { TaskDocument } from '../taskfile/document.js'
import type { PersistContext } from './context.js'

export async function readTaskFile(ctx: PersistContext): Promise<string | null> {
  return readFile(path.join(ctx.git.cwd, ctx.taskFile), 'utf8').catch(() => null)
}

export async function writeTaskFile(ctx: PersistContext, text: string): Promise<void> {
  await writeFileAtomic(path.join(ctx.git.cwd, ctx.taskFile), text)
}

/** The problems that make `text` an invalid task file (empty when it is valid). */
export function taskFileProblems(ctx: PersistContext, text: string): string[] {
  const r = TaskDocument.parse(text, ctx.taskFile, ctx.options.taskFormat)
  return r.ok ? [] : r.problems.map(p => p.message)
}
