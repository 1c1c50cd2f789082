/**
 * Inputs (action inputs or command-line flags) → one typed, validated Settings object.
 * Parsed once, up front: a wrong value fails before anything is read or run, naming the input.
 */
import { existsSync, readFileSync } from 'node:fs'
import path from 'node:path'
// zod/mini: the same parsing as zod's chained API at a fraction of the bundle (see taskfile/schema.ts).
import * as z from 'zod/mini'
import { splitArgs } from '../shared/shell-words.js'
import { INPUT_DEFAULTS, type InputName } from './table.js'

export const MODES = ['run', 'plan', 'decompose', 'review'] as const
export const TASK_FORMATS = ['auto', 'taskmesh', 'taskmaster'] as const
/** Task Master's own place for its task file, used when there is no task.json. */
export const TASKMASTER_TASK_FILE = path.join('.taskmaster', 'tasks', 'tasks.json')
/** auto: contain Claude and verify when the machine can, warn loudly when not; required: fail instead; off. */
export const SANDBOX_MODES = ['auto', 'required', 'off'] as const
export const PERMISSION_MODES = [
  'acceptEdits',
  'bypassPermissions',
  'default',
  'dontAsk',
  'plan',
  'auto'
] as const

export class SettingsError extends Error {
  constructor(readonly problems: string[]) {
    super(
      problems.length === 1
        ? problems[0]
        : `${problems.length} inputs are invalid:\n${problems.map(p => `  - ${p}`).join('\n')}`
    )
    this.name = 'SettingsError'
  }
}

type Fail = (message: string) => typeof z.NEVER

/**
 * A string input turned into its typed value by `fn`, which reports a bad value through `fail`. One
 * transform, not a pipe from `z.string()`: `parseSettings` hands over strings only, and every start of the
 * action builds these schemas for all inputs (a pipe of two made their cost about double).
 */
const input = <T>(fn: (v: string, fail: Fail) => T) =>
  z.transform((v: unknown, ctx) =>
    fn(String(v), message => {
      ctx.issues.push({ code: 'custom', message, input: v })
      return z.NEVER
    })
  )

const bool = (name: InputName) =>
  input((v, fail) => {
    const s = v.trim().toLowerCase()
    if (['true', 'yes', 'on', '1'].includes(s)) return true
    if (['false', 'no', 'off', '0'].includes(s)) return false
    return fail(`input "${name}" must be true or false, got "${v}"`)
  })

function toNumber(name: InputName, v: string, bounds: { int?: boolean; min?: number }, fail: Fail): number {
  const s = v.trim()
  const n = Number(s)
  const kind = bounds.int ? 'a whole number' : 'a number'
  if (s === '' || !Number.isFinite(n) || (bounds.int && !Number.isInteger(n)))
    return fail(`input "${name}" must be ${kind}, got "${v}"`)
  if (bounds.min !== undefined && n < bounds.min)
    return fail(`input "${name}" must be at least ${bounds.min}, got ${n}`)
  return n
}

const number = (name: InputName, bounds: { int?: boolean; min?: number }) =>
  input((v, fail): number => toNumber(name, v, bounds, fail))

/** Empty means "no limit". */
const optionalNumber = (name: InputName, bounds: { int?: boolean; min?: number }) =>
  input((v, fail): number | undefined => (v.trim() === '' ? undefined : toNumber(name, v, bounds, fail)))

const oneOf = <T extends readonly string[]>(name: InputName, values: T) =>
  input((v, fail): T[number] => {
    const s = v.trim()
    if ((values as readonly string[]).includes(s)) return s as T[number]
    return fail(`input "${name}" must be one of ${values.map(x => `"${x}"`).join(', ')}; got "${v}"`)
  })

/** Comma- or newline-separated list; blanks dropped. */
const list = () =>
  input(v =>
    v
      .split(/[\n,]/)
      .map(s => s.trim())
      .filter(Boolean)
  )

/** Split like a shell would (no shell is used), once: an unterminated quote fails here, naming the input. */
const shellWords = (name: InputName) =>
  input((v, fail): string[] => {
    try {
      return splitArgs(v)
    } catch (e) {
      return fail(`input "${name}" cannot be split into arguments: ${(e as Error).message}`)
    }
  })

const text = () => input(v => v.trim())
const optionalText = () => input(v => (v.trim() === '' ? undefined : v.trim()))

const RawSchema = z.object({
  mode: oneOf('mode', MODES),
  'task-file': text(),
  'task-format': oneOf('task-format', TASK_FORMATS),
  tag: optionalText(),
  'review-counts-as-done': bool('review-counts-as-done'),
  'working-directory': text(),
  tasks: list(),
  'anthropic-api-key': optionalText(),
  'claude-code-oauth-token': optionalText(),
  'claude-path': optionalText(),
  'claude-version': text(),
  model: optionalText(),
  'max-turns': number('max-turns', { int: true, min: 1 }),
  'permission-mode': oneOf('permission-mode', PERMISSION_MODES),
  'allowed-tools': list(),
  'disallowed-tools': list(),
  'append-system-prompt': optionalText(),
  'claude-args': shellWords('claude-args'),
  sandbox: oneOf('sandbox', SANDBOX_MODES),
  'allowed-domains': list(),
  'max-attempts': number('max-attempts', { int: true, min: 1 }),
  'retry-failed': bool('retry-failed'),
  'task-timeout-minutes': number('task-timeout-minutes', { min: 0.01 }),
  'max-budget-usd': optionalNumber('max-budget-usd', { min: 0 }),
  'max-tasks': optionalNumber('max-tasks', { int: true, min: 1 }),
  'fail-on-task-failure': bool('fail-on-task-failure'),
  commit: bool('commit'),
  push: bool('push'),
  'allow-dirty': bool('allow-dirty'),
  'git-user-name': text(),
  'git-user-email': text(),
  'github-token': optionalText(),
  branch: optionalText(),
  base: optionalText(),
  'pull-request': bool('pull-request'),
  draft: bool('draft'),
  labels: list(),
  'allow-untrusted-trigger': bool('allow-untrusted-trigger'),
  'allowed-bots': list(),
  parallel: number('parallel', { int: true, min: 1 }),
  'dispatch-next': bool('dispatch-next'),
  request: optionalText(),
  'request-file': optionalText(),
  project: optionalText(),
  description: optionalText()
})

type Raw = z.output<typeof RawSchema>

export interface Settings {
  mode: (typeof MODES)[number]
  /** Absolute folder the run works in (the repository, or a folder inside it). */
  workingDirectory: string
  /** Absolute path of the task file. */
  taskFilePath: string
  /** The task file as users name it: relative to the workspace when inside it. */
  taskFileDisplay: string
  /** How the task file is read: its format, and for Task Master the tag and the project name. */
  taskFormat: {
    format: (typeof TASK_FORMATS)[number]
    /** Task Master's tag: the input, else `currentTag` of .taskmaster/state.json, else `master`. */
    tag: string
    reviewIsDone: boolean
    project: string
  }
  /** Restrict the run to these task ids (empty: every ready task). */
  tasks: string[]
  claude: {
    apiKey?: string
    oauthToken?: string
    path?: string
    version: string
    model?: string
    maxTurns: number
    permissionMode: (typeof PERMISSION_MODES)[number]
    allowedTools: string[]
    disallowedTools: string[]
    appendSystemPrompt?: string
    /** `claude-args`, split into words. */
    extraArgs: string[]
  }
  /** Containment of Claude and `verify` (see src/infra/sandbox/). */
  sandbox: {
    mode: (typeof SANDBOX_MODES)[number]
    /** Hosts (`name`, `*.name`, optionally `:port`) reachable besides the model's API. */
    allowedDomains: string[]
  }
  limits: {
    maxAttempts: number
    retryFailed: boolean
    taskTimeoutMs: number
    maxBudgetUsd?: number
    maxTasks?: number
    parallel: number
  }
  failOnTaskFailure: boolean
  git: {
    commit: boolean
    push: boolean
    allowDirty: boolean
    userName: string
    userEmail: string
    token?: string
    branch?: string
    base?: string
  }
  pullRequest: { enabled: boolean; draft: boolean; labels: string[] }
  allowUntrustedTrigger: boolean
  /** `mode: review`: bot accounts (`name[bot]` or `name`) whose comments may ask for changes. */
  allowedBots: string[]
  dispatchNext: boolean
  decompose: { request?: string; requestFile?: string; project?: string; description?: string }
}

/**
 * A value that is one `${{ … }}` and nothing else was never evaluated: the runner replaces expressions before
 * the action starts, but @github/local-action, act and some wrappers pass action.yml's default text through
 * (`INPUT_GITHUB-TOKEN=${{ github.token }}`). Used as is, that text would become the push credential.
 */
export function isUnevaluatedExpression(value: string): boolean {
  return /^\$\{\{[^]*\}\}$/.test(value.trim())
}

/**
 * @param read returns the raw value of an input, '' when unset (like core.getInput)
 * @param workspace the folder relative paths are resolved against (GITHUB_WORKSPACE or the cwd)
 * @param notice shows a one-line notice (an input treated as not set)
 */
export function parseSettings(
  read: (name: InputName) => string,
  workspace: string,
  env: NodeJS.ProcessEnv = process.env,
  notice: (message: string) => void = () => {}
): Settings {
  const raw: Record<string, string> = {}
  for (const name of Object.keys(INPUT_DEFAULTS) as InputName[]) {
    let v = read(name)
    if (isUnevaluatedExpression(v)) {
      notice(
        `input "${name}" is the unevaluated expression ${v.trim()} (nothing evaluated it before the action started): treated as not set`
      )
      v = ''
    }
    raw[name] = v === '' ? INPUT_DEFAULTS[name] : v
  }
  const parsed = RawSchema.safeParse(raw)
  if (!parsed.success) throw new SettingsError(parsed.error.issues.map(i => i.message))
  const r: Raw = parsed.data

  const problems: string[] = []
  const workingDirectory = path.resolve(workspace, r['working-directory'] || '.')
  let taskFilePath = path.resolve(workingDirectory, r['task-file'] || 'task.json')
  // No task.json but a Task Master project: run Task Master's file. (The runner always passes the default,
  // so "the input was left alone" reads as "it is the default".)
  const taskMasterFile = path.resolve(workingDirectory, TASKMASTER_TASK_FILE)
  if (
    (r['task-file'] || 'task.json') === INPUT_DEFAULTS['task-file'] &&
    r['task-format'] !== 'taskmesh' &&
    !existsSync(taskFilePath) &&
    existsSync(taskMasterFile)
  )
    taskFilePath = taskMasterFile
  const tag = r.tag ?? currentTag(taskFilePath, workingDirectory) ?? 'master'
  const rel = path.relative(workspace, taskFilePath)
  const taskFileDisplay = rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel : taskFilePath

  if (r.mode === 'decompose' && !r.request && !r['request-file'])
    problems.push('mode "decompose" needs the input "request" (text) or "request-file" (a path)')
  if (r.request && r['request-file']) problems.push('give either "request" or "request-file", not both')
  if (r.draft && !r['pull-request']) problems.push('input "draft" only applies with "pull-request: true"')
  if (r.mode === 'review') {
    // A redo is committed and pushed to the pull request's branch, and answered on the pull request.
    if (!r.commit || !r.push)
      problems.push(
        'mode "review" pushes to the pull request\'s branch: it needs commit: true and push: true'
      )
    if (!r['github-token'])
      problems.push('mode "review" needs the input "github-token" (it reads and answers the pull request)')
    if (r.parallel > 1) problems.push('mode "review" redoes one task at a time: leave "parallel" at 1')
  }
  for (const d of r['allowed-domains']) {
    const problem = allowedDomainProblem(d)
    if (problem) problems.push(`input "allowed-domains": ${problem}`)
  }
  if (problems.length) throw new SettingsError(problems)

  return {
    mode: r.mode,
    workingDirectory,
    taskFilePath,
    taskFileDisplay,
    taskFormat: {
      format: r['task-format'],
      tag,
      reviewIsDone: r['review-counts-as-done'],
      // Task Master's file names no project: the repository's folder (and the tag, when not master).
      project: path.basename(workspace) + (tag === 'master' ? '' : ` ${tag}`)
    },
    tasks: r.tasks,
    claude: {
      apiKey: r['anthropic-api-key'] ?? (env.ANTHROPIC_API_KEY?.trim() || undefined),
      oauthToken: r['claude-code-oauth-token'] ?? (env.CLAUDE_CODE_OAUTH_TOKEN?.trim() || undefined),
      path: r['claude-path'],
      version: r['claude-version'],
      model: r.model,
      maxTurns: r['max-turns'],
      permissionMode: r['permission-mode'],
      allowedTools: r['allowed-tools'],
      disallowedTools: r['disallowed-tools'],
      appendSystemPrompt: r['append-system-prompt'],
      extraArgs: r['claude-args']
    },
    sandbox: { mode: r.sandbox, allowedDomains: r['allowed-domains'] },
    limits: {
      maxAttempts: r['max-attempts'],
      retryFailed: r['retry-failed'],
      taskTimeoutMs: Math.round(r['task-timeout-minutes'] * 60_000),
      maxBudgetUsd: r['max-budget-usd'],
      maxTasks: r['max-tasks'],
      parallel: r.parallel
    },
    failOnTaskFailure: r['fail-on-task-failure'],
    git: {
      commit: r.commit,
      push: r.commit && r.push,
      allowDirty: r['allow-dirty'],
      userName: r['git-user-name'],
      userEmail: r['git-user-email'],
      token: r['github-token'],
      branch: r.branch,
      base: r.base
    },
    pullRequest: { enabled: r['pull-request'], draft: r.draft, labels: r.labels },
    allowUntrustedTrigger: r['allow-untrusted-trigger'],
    allowedBots: r['allowed-bots'],
    dispatchNext: r['dispatch-next'],
    decompose: {
      request: r.request,
      requestFile: r['request-file'],
      project: r.project,
      description: r.description
    }
  }
}

/**
 * Task Master's current tag (`currentTag` in .taskmaster/state.json, next to the tasks folder or in the
 * working directory); undefined when there is none or it cannot be read (the tag is then `master`).
 */
function currentTag(taskFilePath: string, workingDirectory: string): string | undefined {
  const beside = path.join(path.dirname(path.dirname(taskFilePath)), 'state.json')
  const candidates = [
    ...(path.basename(path.dirname(path.dirname(taskFilePath))) === '.taskmaster' ? [beside] : []),
    path.join(workingDirectory, '.taskmaster', 'state.json')
  ]
  for (const file of candidates) {
    try {
      const state = JSON.parse(readFileSync(file, 'utf8')) as { currentTag?: unknown }
      if (typeof state.currentTag === 'string' && state.currentTag.trim()) return state.currentTag.trim()
    } catch {
      // missing or unreadable: try the next, then fall back to master
    }
  }
  return undefined
}

/**
 * Why an `allowed-domains` entry is not a host the egress filter can match, or undefined: `name`,
 * `*.name`, an IPv4 address or `[IPv6]`, each optionally with `:port`. No schemes, paths or bare `*`.
 */
export function allowedDomainProblem(entry: string): string | undefined {
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(entry))
    return `"${entry}" is a URL; give the host only (for example "registry.npmjs.org")`
  const m = /^(\*\.)?(\[[0-9a-f:.]+\]|[a-z0-9_-]+(?:\.[a-z0-9_-]+)*)(?::(\d{1,5}))?$/i.exec(entry)
  if (!m) return `"${entry}" is not a host name, "*.domain" or an address (optionally with ":port")`
  if (m[3] !== undefined && (Number(m[3]) < 1 || Number(m[3]) > 65535)) return `"${entry}" has no valid port`
  if (m[1] && !m[2].includes('.')) return `"${entry}" is too broad: use "*.example.com", not "*.com"`
  return undefined
}
