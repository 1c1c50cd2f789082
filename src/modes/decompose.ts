/**
 * `mode: decompose`: a request → new tasks in task.json, committed (and, with `pull-request: true`, put in
 * front of a reviewer) before any of them runs.
 *
 * Claude runs once per try, read-only, and answers through structured output (`--json-schema`). The answer
 * is merged into a copy of the task file and goes through the same validation as a hand-written file; when
 * it fails, the problems go back to Claude in a new prompt (with its previous answer), at most
 * MAX_PLAN_TRIES tries in all. Nothing is written until a plan is valid. The new tasks are appended to the
 * file as text, so existing tasks keep their exact bytes.
 */
import { mkdir, readFile, realpath, stat } from 'node:fs/promises'
import path from 'node:path'
import { buildClaudeArgs, runClaude } from '../infra/claude/process.js'
import type { ClaudeEvent } from '../infra/claude/types.js'
import { apiHost } from '../infra/claude/api-host.js'
import { classifyExit } from '../infra/claude/classify.js'
import { RunSetupError } from '../shared/errors.js'
import { hidePersistedCredentials } from '../infra/git/auth.js'
import { Git } from '../infra/git/git.js'
import { Persister } from '../persist/persister.js'
import { upsertPullRequest, type PullRequestResult } from '../infra/github/pulls.js'
import { clip } from '../shared/text.js'
import { plural } from '../report/markdown.js'
import { firstLine, shorten } from '../shared/text.js'
import {
  renderDecomposeFailureSummary,
  renderDecomposeSummary,
  renderPlanPullRequestBody,
  type PlanTask,
  type PlanView
} from '../report/plan-body.js'
import type { Redactor, SecretGuard } from '../report/redact.js'
import { appendToTaskFileText } from '../taskfile/append.js'
import { TaskDocument } from '../taskfile/document.js'
import { statusOf, TASK_ID_PATTERN, type TaskFile } from '../taskfile/schema.js'
import { validateTaskFileData } from '../taskfile/validate.js'
import type { Settings } from '../inputs/settings.js'
import { loadTaskFile } from './plan.js'
import { CANCEL_KILL_GRACE_MS, defaultBranch, type RunContext } from './run.js'
import {
  prepareClaude,
  preparePersister,
  startSandbox,
  type SandboxSession,
  pullRequestBase,
  pullRequestTarget,
  claudeSession,
  requireCredential,
  secretsAndLog,
  setBranchOutputs
} from './pipeline.js'
import type { Ui } from './ui.js'

/** Tries in all (the first answer and the corrections). */
export const MAX_PLAN_TRIES = 3

/**
 * Read-only Claude: `dontAsk` refuses every tool call that is not allowed, without asking anybody. `Read` is
 * allowed; Write, Edit and NotebookEdit are removed from the session. Bash stays offered, but in `dontAsk`
 * the CLI (2.1.332) only lets through the commands it classifies as read-only (`ls`, `cat`, `grep -r`,
 * `git status`…) and refuses the rest (`touch`, `sed -i`, redirections, `find -delete`): with no Glob or Grep
 * in this version, that is how Claude can look around the repository. A check after each try makes sure no
 * file changed anyway.
 */
export const DECOMPOSE_PERMISSION_MODE = 'dontAsk'
export const DECOMPOSE_ALLOWED_TOOLS = ['Read']
export const DECOMPOSE_DISALLOWED_TOOLS = ['Write', 'Edit', 'NotebookEdit']

/** Caps that keep the prompt small whatever the size of the request and the task file. */
const MAX_REQUEST_PROMPT_CHARS = 100_000
const MAX_LISTED_TASKS = 300
const MAX_LISTED_IDS_CHARS = 20_000
const MAX_PREVIOUS_ANSWER_CHARS = 30_000
const MAX_PROBLEMS_SENT = 50
/** How much of the request goes into the task file's log entry. */
const MAX_REQUEST_LOG_CHARS = 4_000

/** The `--json-schema` Claude answers with. The CLI itself rejects answers that do not match it. */
export function planJsonSchema(): Record<string, unknown> {
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

export type PlanCheck = { ok: true; tasks: PlanTask[] } | { ok: false; problems: string[] }

/**
 * Checks Claude's answer against the task file: the same validation as a hand-written file (schema, ids,
 * duplicates, unknown dependencies, cycles) on a copy of the file with the new tasks appended, plus the
 * decompose rules: a non-empty list, a title on every task, and no id that an existing task already has.
 * Problems name the answer's tasks as `tasks[i]` (their index in the answer).
 */
export function checkPlan(answer: unknown, base: TaskFile, displayPath: string): PlanCheck {
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
  return { ok: true, tasks: candidates as unknown as PlanTask[] }
}

/** The fields of a proposed task that go into task.json, in the format's order; anything else is dropped. */
function newTaskObject(item: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  for (const key of ['id', 'title', 'description', 'details', 'dependencies', 'verify', 'estimateMinutes'])
    if (item[key] !== undefined) out[key] = item[key]
  out.dependencies ??= []
  return out
}

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

export function buildDecomposePrompt(p: PromptInput): string {
  const out: string[] = []
  out.push(
    `You are planning work for the project "${p.project}". Turn the request below into tasks for ${p.taskFileName}.`,
    'Each task will later be carried out by its own Claude Code session, one at a time or in parallel, in dependency order.'
  )
  if (p.description) out.push('', 'Project description:', p.description)
  if (p.context) out.push('', 'Instructions for every task in this project:', p.context)
  out.push('', '## The request', '', clip(p.request.trim(), MAX_REQUEST_PROMPT_CHARS))

  out.push('', `## Tasks already in ${p.taskFileName}`)
  if (p.existing.length === 0) out.push('None: the file has no tasks yet.')
  else {
    out.push(
      `${p.existing.length} task(s). Their ids are taken; a new task may depend on any of them. They are never changed.`
    )
    const shown = p.existing.slice(0, MAX_LISTED_TASKS)
    for (const t of shown)
      out.push(
        `- ${t.id} [${t.status ?? 'pending'}] ${shorten(t.title ?? firstLine(t.description, 100), 100)}`
      )
    const rest = p.existing.slice(shown.length)
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

  if (p.previous) {
    out.push(
      '',
      `## Your previous answer was not accepted (this is try ${p.try} of ${p.maxTries})`,
      'Previous answer:',
      '```json',
      clip(safeJson(p.previous.answer), MAX_PREVIOUS_ANSWER_CHARS),
      '```',
      'Problems:'
    )
    const shown = p.previous.problems.slice(0, MAX_PROBLEMS_SENT)
    for (const problem of shown) out.push(`- ${problem}`)
    if (p.previous.problems.length > shown.length)
      out.push(`- … and ${p.previous.problems.length - shown.length} more`)
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

export interface DecomposeOutcome {
  /** Ids of the tasks added (empty when none were). */
  newTasks: string[]
  commit?: string | null
  pullRequest?: PullRequestResult
  costUsd: number
  /** Set when the step must fail. */
  failure?: string
}

interface Request {
  text: string
  /** For people: `the request input` / `request-file docs/x.md`. */
  source: string
  /** For the tasks' `source` field. */
  reference: string
}

async function readRequest(settings: Settings): Promise<Request> {
  const d = settings.decompose
  if (d.requestFile) {
    const abs = path.resolve(settings.workingDirectory, d.requestFile)
    const root = await repositoryRoot(settings.workingDirectory)
    const cwdReal = await realpath(settings.workingDirectory).catch(() => settings.workingDirectory)
    // The request goes to Claude and into the task file: it must come from the repository, not from
    // anywhere on the runner (a symlink leading out counts as outside).
    const outside = () =>
      new RunSetupError(
        `input "request-file": "${d.requestFile}" is outside the repository (${root}); name a file inside it`
      )
    if (!isInside(root, path.resolve(cwdReal, d.requestFile))) throw outside()
    let text: string
    try {
      if (!isInside(root, await realpath(abs))) throw outside()
      text = await readFile(abs, 'utf8')
    } catch (e) {
      if (e instanceof RunSetupError) throw e
      const code = (e as NodeJS.ErrnoException).code
      throw new RunSetupError(
        code === 'ENOENT'
          ? `request-file "${d.requestFile}" not found: looked for ${abs}`
          : `could not read request-file "${d.requestFile}" (${abs}): ${(e as Error).message}`
      )
    }
    if (!text.trim()) throw new RunSetupError(`request-file "${d.requestFile}" (${abs}) is empty`)
    const rel = path.relative(settings.workingDirectory, abs).split(path.sep).join('/')
    return { text, source: `request-file ${rel}`, reference: `decompose: ${rel}` }
  }
  const text = d.request?.trim()
  if (!text)
    throw new RunSetupError('mode "decompose" needs the input "request" (text) or "request-file" (a path)')
  return { text, source: 'the request input', reference: `decompose: ${shorten(firstLine(text, 200), 80)}` }
}

/** The top of the repository holding `dir`, symlinks resolved (the working directory when it is none). */
async function repositoryRoot(dir: string): Promise<string> {
  const top = await new Git(dir).topLevel().catch(() => dir)
  return realpath(top).catch(() => path.resolve(top))
}

function isInside(root: string, p: string): boolean {
  const rel = path.relative(root, p)
  return rel !== '..' && !rel.startsWith(`..${path.sep}`) && !path.isAbsolute(rel)
}

async function exists(p: string): Promise<boolean> {
  return stat(p).then(
    s => s.isFile(),
    () => false
  )
}

/** The task file as it is now, or a new one from the `project` / `description` inputs. */
async function loadOrNew(
  settings: Settings,
  ui: Ui
): Promise<{ data: TaskFile; text: string | null; doc?: TaskDocument }> {
  if (await exists(settings.taskFilePath)) {
    const doc = await loadTaskFile(settings, ui)
    return { data: doc.data, text: doc.originalText, doc }
  }
  const project = settings.decompose.project
  if (!project)
    throw new RunSetupError(
      `${settings.taskFileDisplay} does not exist yet: set the \`project\` input (and optionally \`description\`) to create it, ` +
        'or point `task-file` at an existing task file.'
    )
  const data: TaskFile = { project, tasks: [] }
  if (settings.decompose.description) data.description = settings.decompose.description
  return { data, text: null }
}

export async function runDecompose(
  settings: Settings,
  outerUi: Ui,
  ctx: RunContext
): Promise<DecomposeOutcome> {
  // From here on every text goes out through the guard: the Ui passed in is not used again.
  const { redactor, guard, ui, say } = secretsAndLog(settings, outerUi)

  // Everything that can be wrong with the inputs fails before the repository is touched or Claude is paid.
  const request = await readRequest(settings)
  const file = await loadOrNew(settings, ui)
  requireCredential(settings, ctx.env)
  const { owner, repo } = pullRequestTarget(settings, ctx.repository)
  const prEnabled = settings.pullRequest.enabled && settings.git.push
  // Found (or installed) before Persister.prepare: a failure after it would leave the checkout on a new branch.
  const { claudePath, extraArgs } = await prepareClaude(settings, ctx, say)
  const sandbox = await startSandbox(settings, ctx, say, ui)

  // A plan gets its own branch: the run that carries it out later may use `taskmesh/<project>`.
  const branch =
    settings.git.branch ??
    (settings.pullRequest.enabled
      ? defaultBranch(file.data.project).replace(/^taskmesh\//, 'taskmesh/plan-')
      : undefined)
  const persister = await preparePersister(settings, ctx, branch, say, guard).catch(async (e: unknown) => {
    await sandbox.stop()
    throw e
  })
  // From here on the checkout may be on a branch this run created: when nothing was committed to it (a
  // failure, an invalid plan), go back and drop it. finish() does nothing once a commit landed.
  const finish = () =>
    persister.finish().catch((e: Error) => say('warning', `could not restore the checkout: ${e.message}`))
  try {
    return await planPrepared({
      settings,
      ui,
      ctx,
      persister,
      redactor,
      guard,
      say,
      request,
      file,
      claudePath,
      extraArgs,
      owner,
      repo,
      prEnabled,
      sandbox
    })
  } finally {
    await finish()
    await sandbox.stop()
  }
}

interface Prepared {
  settings: Settings
  ui: Ui
  ctx: RunContext
  persister: Persister
  redactor: Redactor
  guard: SecretGuard
  say: (level: 'info' | 'warning' | 'error', text: string) => void
  request: Request
  file: { data: TaskFile; text: string | null; doc?: TaskDocument }
  claudePath: string
  extraArgs: string[]
  owner: string
  repo: string
  prEnabled: boolean
  sandbox: SandboxSession
}

async function planPrepared(p: Prepared): Promise<DecomposeOutcome> {
  const { settings, ui, ctx, persister, redactor, guard, say, request, claudePath, extraArgs, owner, repo } =
    p
  const { prEnabled } = p
  let file = p.file
  // The plan branch may already exist with its own task file (an earlier plan under review): build on it.
  if (settings.git.commit && persister.workBranch !== persister.startBranch)
    file = await loadOrNew(settings, ui)
  const base = pullRequestBase(settings, persister)

  const { env, transcriptsDir, credentialSource } = claudeSession(settings, ctx, ui)
  const taskFileName =
    path.relative(settings.workingDirectory, settings.taskFilePath) || path.basename(settings.taskFilePath)

  const snapshot = await persister.snapshot()
  let costUsd = 0
  let tries = 0
  let previous: { answer: unknown; problems: string[] } | undefined
  let accepted: PlanTask[] | undefined
  let stop: string | undefined

  const finishFailed = async (reason: string, problems: string[]): Promise<DecomposeOutcome> => {
    const failure = redactor.redact(reason)
    await setOutputs(ui, { newTasks: [], settings, persister, pr: undefined, costUsd })
    await ui.summary(
      renderDecomposeFailureSummary({
        project: file.data.project,
        taskFile: settings.taskFileDisplay,
        request: redactor.redact(request.text),
        requestSource: request.source,
        reason: failure,
        problems: problems.map(p => redactor.redact(p)),
        tries,
        costUsd
      })
    )
    return { newTasks: [], costUsd, failure }
  }

  // actions/checkout may have left a token in .git/config: Claude's read-only shell could print it.
  const restoreCredentials = await hidePersistedCredentials(persister.git, msg => say('warning', msg))
  try {
    while (tries < MAX_PLAN_TRIES) {
      tries++
      const remaining =
        settings.limits.maxBudgetUsd !== undefined
          ? Math.max(0, settings.limits.maxBudgetUsd - costUsd)
          : undefined
      if (remaining !== undefined && remaining <= 0) {
        stop = `the spending cap of $${settings.limits.maxBudgetUsd!.toFixed(4)} (max-budget-usd) is used up; nothing was written`
        break
      }
      say('info', `asking Claude for a plan (try ${tries} of ${MAX_PLAN_TRIES})`)
      const prompt = buildDecomposePrompt({
        project: file.data.project,
        description: file.data.description,
        context: file.data.context,
        request: request.text,
        existing: file.data.tasks,
        taskFileName,
        try: tries,
        maxTries: MAX_PLAN_TRIES,
        previous
      })
      const onEvent = (e: ClaudeEvent) => {
        if (e.kind === 'tool-use' && e.name !== 'StructuredOutput') say('info', `Claude: ${e.summary}`)
        if (e.kind === 'tool-result' && e.isError)
          say('info', `  refused or failed: ${firstLine(e.text, 160)}`)
      }
      const x = await runClaude({
        claudePath,
        args: buildClaudeArgs({
          model: settings.claude.model,
          maxTurns: settings.claude.maxTurns,
          maxBudgetUsd: remaining,
          permissionMode: DECOMPOSE_PERMISSION_MODE,
          allowedTools: DECOMPOSE_ALLOWED_TOOLS,
          disallowedTools: [...new Set([...DECOMPOSE_DISALLOWED_TOOLS, ...settings.claude.disallowedTools])],
          appendSystemPrompt: settings.claude.appendSystemPrompt,
          extraArgs,
          jsonSchema: JSON.stringify(planJsonSchema())
        }),
        prompt,
        cwd: settings.workingDirectory,
        env,
        // Read-only at the file-system level too: nothing of the machine is writable but its private folders.
        sandbox: p.sandbox.contain ? { contain: p.sandbox.contain } : undefined,
        timeoutMs: settings.limits.taskTimeoutMs,
        transcriptPath: path.join(transcriptsDir, 'decompose', `try-${tries}.jsonl`),
        redactTranscript: t => guard.scrub(t, "Claude's output"),
        onEvent,
        signal: ctx.signal,
        killGraceMs: CANCEL_KILL_GRACE_MS,
        heartbeatMs: ctx.heartbeatMs ?? 60_000,
        onHeartbeat: idle => say('info', `still planning (no output for ${Math.round(idle / 1000)} s)`)
      })
      costUsd += x.result?.totalCostUsd ?? 0

      // Read-only means read-only: whatever slipped through is reported, and nothing is written.
      const touched = await persister.changedFiles(snapshot)
      if (touched.length > 0)
        return finishFailed(
          `Claude changed files although decompose only lets it read (${touched.slice(0, 20).join(', ')}` +
            `${touched.length > 20 ? `, and ${touched.length - 20} more` : ''}); nothing was written and those changes are left in the working tree.`,
          []
        )

      const outcome = classifyExit(x, {
        maxTurns: settings.claude.maxTurns,
        timeoutMs: settings.limits.taskTimeoutMs,
        maxBudgetUsd: remaining,
        credentialSource,
        apiHost: apiHost(env)
      })
      if (!outcome.ok) {
        if (outcome.kind === 'transient' && tries < MAX_PLAN_TRIES) {
          say('warning', `try ${tries} failed: ${outcome.reason}; trying again`)
          continue
        }
        stop = `decompose stopped: ${outcome.reason}`
        break
      }

      const answer = x.result?.structuredOutput
      const check = checkPlan(answer, file.data, settings.taskFileDisplay)
      if (check.ok) {
        accepted = check.tasks
        break
      }
      say('warning', `the plan of try ${tries} is not valid (${check.problems.length} problem(s)):`)
      for (const p of check.problems.slice(0, 20)) say('warning', `  - ${p}`)
      previous = { answer, problems: check.problems }
    }
  } finally {
    await restoreCredentials()
  }

  if (!accepted) {
    if (stop) return finishFailed(stop, previous?.problems ?? [])
    return finishFailed(
      `Claude did not produce a valid plan in ${MAX_PLAN_TRIES} tries; nothing was written. The problems with the last answer:\n` +
        (previous?.problems ?? []).map(p => `  - ${p}`).join('\n'),
      previous?.problems ?? []
    )
  }

  // Valid: append as text, so the existing tasks keep their bytes; what Claude wrote is cleaned of secrets.
  const taskMaster = file.doc?.taskMaster
  if (taskMaster) {
    // Task Master's file: new tasks in Task Master's shape, numbered after the tag's last task, in the tag.
    const made = taskMaster.newTasks(accepted, request.reference)
    const tmTasks = made.tasks.map(t => redactor.redactDeep(t))
    const text = appendToTaskFileText(file.text!, tmTasks, undefined, taskMaster.tasksPath)
    const parsed = TaskDocument.parse(text, settings.taskFileDisplay, settings.taskFormat)
    if (!parsed.ok)
      throw new Error(
        `internal: the planned task file does not validate: ${parsed.problems.map(p => p.message).join('; ')}`
      )
    // As Task Master's add-task does: the tag's metadata says when it changed.
    parsed.document.taskMaster?.touchMetadata()
    await parsed.document.write(settings.taskFilePath, { force: true, outbound: guard })
    const shown = tmTasks.map(t => ({
      ...t,
      id: String(t.id),
      dependencies: t.dependencies.map(String)
    })) as unknown as PlanTask[]
    return finishPlanned(made.ids, shown, false)
  }
  const newTasks = accepted.map(t =>
    redactor.redactDeep({
      id: t.id,
      title: t.title,
      description: t.description,
      ...(t.details !== undefined ? { details: t.details } : {}),
      status: 'pending',
      dependencies: t.dependencies,
      ...(t.verify !== undefined ? { verify: t.verify } : {}),
      ...(t.estimateMinutes !== undefined ? { estimateMinutes: t.estimateMinutes } : {}),
      source: request.reference
    })
  )
  const ids = newTasks.map(t => t.id)
  const logEntry = {
    timestamp: new Date().toISOString(),
    message: redactor.redact(
      `decompose: planned ${ids.length} new task(s) (${ids.join(', ')}) from ${request.source}: ${shorten(request.text.trim(), MAX_REQUEST_LOG_CHARS)}`
    ),
    level: 'info'
  }
  const created = file.text === null
  const before = file.text ?? `${JSON.stringify(file.data, null, 2)}\n`
  const text = appendToTaskFileText(before, newTasks, logEntry)
  const parsed = TaskDocument.parse(text, settings.taskFileDisplay)
  if (!parsed.ok)
    throw new Error(
      `internal: the planned task file does not validate: ${parsed.problems.map(p => p.message).join('; ')}`
    )
  await mkdir(path.dirname(settings.taskFilePath), { recursive: true })
  await parsed.document.write(settings.taskFilePath, { force: true, outbound: guard })
  return finishPlanned(ids, newTasks as PlanTask[], created)

  // The commit, the pull request, the outputs and the summary: the same for both formats.
  async function finishPlanned(
    ids: string[],
    newTasks: PlanTask[],
    created: boolean
  ): Promise<DecomposeOutcome> {
    say('info', `added ${ids.length} task(s) to ${settings.taskFileDisplay}: ${ids.join(', ')}`)

    const recorded = await persister.recordState(commitMessage(ids, request, newTasks))
    const view: PlanView = {
      project: file.data.project,
      taskFile: settings.taskFileDisplay,
      request: redactor.redact(request.text),
      requestSource: request.source,
      tasks: newTasks as PlanTask[],
      dependedOn: dependedOn(file.data, newTasks as PlanTask[]),
      existingCount: file.data.tasks.length,
      created,
      tries,
      costUsd
    }

    let pr: PullRequestResult | undefined
    if (prEnabled && recorded.commit) {
      pr = await upsertPullRequest({
        token: settings.git.token!,
        apiUrl: ctx.apiUrl,
        owner,
        repo,
        head: persister.workBranch,
        base: base!,
        title: `Taskmesh plan: ${shorten(file.data.project, 80)} (+${plural(ids.length, 'task')})`,
        body: renderPlanPullRequestBody(view),
        draft: settings.pullRequest.draft,
        labels: settings.pullRequest.labels,
        outbound: guard
      })
      say('info', `pull request #${pr.number} ${pr.operation}: ${pr.url}`)
    }

    await setOutputs(ui, { newTasks: ids, settings, persister, pr, costUsd })
    await ui.summary(renderDecomposeSummary(view))
    return { newTasks: ids, commit: recorded.commit, pullRequest: pr, costUsd }
  }
}

function dependedOn(data: TaskFile, tasks: PlanTask[]) {
  const wanted = new Set(tasks.flatMap(t => t.dependencies))
  return data.tasks
    .filter(t => wanted.has(t.id))
    .map(t => ({ id: t.id, title: t.title, description: t.description, status: statusOf(t) }))
}

function commitMessage(ids: string[], request: Request, tasks: { id: string; title?: string }[]): string {
  const n = ids.length
  const subject = `taskmesh: plan ${n} new ${n === 1 ? 'task' : 'tasks'} — ${shortenLine(firstLine(request.text, 200), 60)}`
  const lines = [subject, '', `From ${request.source}.`, '']
  for (const t of tasks.slice(0, 50)) lines.push(`- ${t.id}${t.title ? `: ${shortenLine(t.title, 70)}` : ''}`)
  if (tasks.length > 50) lines.push(`- … and ${tasks.length - 50} more`)
  return `${lines.join('\n')}\n`
}

function shortenLine(text: string, max: number): string {
  return shorten(text.replace(/\s+/g, ' ').trim(), max)
}

async function setOutputs(
  ui: Ui,
  o: {
    newTasks: string[]
    settings: Settings
    persister: Persister
    pr: PullRequestResult | undefined
    costUsd: number
  }
): Promise<void> {
  ui.setOutput('new-tasks', JSON.stringify(o.newTasks))
  ui.setOutput('total-cost-usd', o.costUsd.toFixed(6))
  await setBranchOutputs(ui, o.persister, o.pr)
}
