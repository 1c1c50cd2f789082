/**
 * Shared pieces of the persistence end-to-end tests (test/e2e/persist*.test.ts): a task file, the inputs
 * and environment a runner would give the bundled action, a scripted Claude that writes files per task
 * (with a hook on a task's first request, where tests make the remote move), and git readers.
 */
import path from 'node:path'
import { testTempDir } from './action.js'
import { CLAUDE_BIN, DUMMY_API_KEY, TEST_MODEL } from './claude-env.js'
import type { Handler } from './messages-api.js'
import { git } from './repo.js'

export const TOKEN = 'ghs_persistTestToken0123456789abcdef'
export const DEFAULT_NAME = 'github-actions[bot]'
export const DEFAULT_EMAIL = '41898282+github-actions[bot]@users.noreply.github.com'

export interface TaskDef {
  id: string
  description?: string
  title?: string
  status?: string
  dependencies?: string[]
  [k: string]: unknown
}

export function taskFileText(tasks: TaskDef[], project = 'demo'): string {
  const list = tasks.map(t => ({ description: `Write ${t.id}.txt`, ...t }))
  return JSON.stringify({ project, description: 'A demo project.', tasks: list, logs: [] }, null, 2) + '\n'
}

export function actionInputs(extra: Record<string, string> = {}): Record<string, string> {
  return {
    'claude-path': CLAUDE_BIN,
    model: TEST_MODEL,
    'github-token': TOKEN,
    'max-attempts': '1',
    ...extra
  }
}

export function actionEnv(apiUrl: string, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  return {
    ANTHROPIC_BASE_URL: apiUrl,
    ANTHROPIC_API_KEY: DUMMY_API_KEY,
    CLAUDE_CODE_MAX_RETRIES: '0',
    HOME: testTempDir('taskmesh-home-'),
    ...extra
  }
}

export interface TaskScript {
  /** Files Claude writes (relative to the working directory) in its first turn. Default `<id>.txt`. */
  files?: Record<string, string>
  /** Runs once, when the task's first request arrives (before Claude writes anything). */
  onStart?: () => Promise<void> | void
}

/**
 * A Claude that, for each task, writes its files in turn 0 and answers "done" afterwards. Tasks not in
 * `scripts` write `<id>.txt`. `seen` records the task ids in the order their first request came in.
 */
export function scriptedClaude(scripts: Record<string, TaskScript> = {}): Handler & { seen: string[] } {
  const seen: string[] = []
  const handler = async (ctx: Parameters<Handler>[0]) => {
    const id = ctx.taskId ?? '?'
    const s = scripts[id] ?? {}
    if (ctx.turn === 0) {
      if (!seen.includes(id)) {
        seen.push(id)
        await s.onStart?.()
      }
      if (!ctx.cwd) throw new Error('no "Primary working directory" in the request')
      const files = s.files ?? { [`${id}.txt`]: `${id}\n` }
      return {
        tools: Object.entries(files).map(([f, content]) => ({
          name: 'Write',
          input: { file_path: path.join(ctx.cwd!, f), content }
        }))
      }
    }
    return { text: `Done with ${id}.` }
  }
  return Object.assign(handler, { seen })
}

export interface CommitInfo {
  sha: string
  subject: string
  body: string
  author: string
  committer: string
  files: string[]
}

/** Commits of `rev` in `dir` newest first, with their files (`--first-parent`). */
export async function commits(dir: string, rev: string, max = 20): Promise<CommitInfo[]> {
  const SEP = '\u001e'
  const out = await git(
    dir,
    'log',
    `-${max}`,
    '--first-parent',
    `--format=${SEP}%H%x00%s%x00%B%x00%an <%ae>%x00%cn <%ce>%x00`,
    '--name-only',
    rev
  )
  return out
    .split(SEP)
    .filter(Boolean)
    .map(chunk => {
      const [sha, subject, body, author, committer, rest] = chunk.split('\0')
      return {
        sha,
        subject,
        body,
        author,
        committer,
        files: (rest ?? '').split('\n').filter(Boolean).sort()
      }
    })
}

/** Trailers of a commit message as a map. */
export function trailers(body: string): Record<string, string> {
  const out: Record<string, string> = {}
  for (const m of body.matchAll(/^([A-Za-z-]+): (.+)$/gm)) out[m[1]] = m[2]
  return out
}

/** A file at a revision of a (bare or not) repository. */
export function showFile(dir: string, rev: string, file: string): Promise<string> {
  return git(dir, 'show', `${rev}:${file}`)
}

export async function taskJsonAt(dir: string, rev: string): Promise<TaskFileJson> {
  return JSON.parse(await showFile(dir, rev, 'task.json')) as TaskFileJson
}

export interface TaskFileJson {
  project: string
  status?: string
  tasks: (TaskDef & { outputs?: string[]; commit?: string | null; costUsd?: number; attempts?: number })[]
  logs: { message: string }[]
}

export function byId(doc: TaskFileJson): Record<string, TaskFileJson['tasks'][number]> {
  return Object.fromEntries(doc.tasks.map(t => [t.id, t]))
}
