/**
 * `mode: decompose`: a request → new tasks in task.json, committed (and, with `pull-request: true`, put in
 * front of a reviewer) before any of them runs. A mode on the frame of pipeline.ts.
 *
 * Claude runs once per try, read-only, and answers with a proposal through structured output
 * (`--json-schema`). The proposal is merged into a copy of the task file and goes through the same
 * validation as a hand-written file; when it fails, the problems go back to Claude in a new prompt (with its
 * previous answer), at most MAX_PROPOSAL_TRIES tries in all. Nothing is written until a proposal is valid.
 * The new tasks are appended to the file as text, so existing tasks keep their exact bytes.
 */
import { mkdir, stat } from 'node:fs/promises'
import path from 'node:path'
import type { ClaudeEvent } from '../../engine/claude-events.js'
import { RunSetupError } from '../../shared/errors.js'
import { hidePersistedCredentials } from '../../infra/git/auth.js'
import type { PullRequestResult } from '../../engine/ports.js'
import { plural } from '../../report/markdown.js'
import {
  renderDecomposeFailureSummary,
  renderDecomposeSummary,
  renderPlanPullRequestBody,
  type PlanView
} from '../../report/plan-body.js'
import { firstLine, shorten } from '../../shared/text.js'
import { appendToTaskFileText } from '../../taskfile/append.js'
import { TaskDocument } from '../../taskfile/document.js'
import { statusOf, type TaskFile } from '../../taskfile/schema.js'
import type { Settings } from '../../inputs/settings.js'
import { loadTaskFile } from '../plan.js'
import {
  claudePort,
  defaultBranch,
  runOnFrame,
  type Mode,
  type RunContext,
  type Workspace
} from '../pipeline.js'
import { pullRequestBase, setBranchOutputs } from '../publish.js'
import type { Ui } from '../ui.js'
import { buildDecomposePrompt } from './prompt.js'
import { checkProposal, proposalJsonSchema, type ProposedTask } from './proposal.js'
import { readRequest, type Request } from './request.js'

/** Tries in all (the first answer and the corrections). */
export const MAX_PROPOSAL_TRIES = 3

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

/** How much of the request goes into the task file's log entry. */
const MAX_REQUEST_LOG_CHARS = 4_000

export interface DecomposeOutcome {
  /** Ids of the tasks added (empty when none were). */
  newTasks: string[]
  commit?: string | null
  pullRequest?: PullRequestResult
  costUsd: number
  /** Set when the step must fail. */
  failure?: string
}

/** The task file decompose adds to: as it is now, or a new one (`text: null`). */
interface TaskFileState {
  data: TaskFile
  text: string | null
  doc?: TaskDocument
}

interface DecomposeInput {
  request: Request
  file: TaskFileState
}

export function decomposeMode(settings: Settings, ui: Ui, ctx: RunContext): Promise<DecomposeOutcome> {
  return runOnFrame(decompose, settings, ui, ctx)
}

const decompose: Mode<DecomposeInput, DecomposeOutcome> = {
  // Everything that can be wrong with the inputs fails before the repository is touched or Claude is paid.
  read: async ({ settings, ui }) => ({
    request: await readRequest(settings),
    file: await loadOrNew(settings, ui)
  }),
  claude: 'up-front',
  // A proposal gets its own branch: the run that carries it out later may use `taskmesh/<project>`.
  branch: ({ settings }, { file }) =>
    settings.git.branch ??
    (settings.pullRequest.enabled
      ? defaultBranch(file.data.project).replace(/^taskmesh\//, 'taskmesh/plan-')
      : undefined),
  // The proposal branch may already exist with its own task file (an earlier proposal under review): build on it.
  reread: async ({ settings, ui }, input) => ({ ...input, file: await loadOrNew(settings, ui) }),
  work: propose
}

async function exists(file: string): Promise<boolean> {
  return stat(file).then(
    found => found.isFile(),
    () => false
  )
}

/** The task file as it is now, or a new one from the `project` / `description` inputs. */
async function loadOrNew(settings: Settings, ui: Ui): Promise<TaskFileState> {
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

/** Asks Claude for a proposal until one is valid (or the tries, the budget or a stop end it), then writes it. */
async function propose(workspace: Workspace, { request, file }: DecomposeInput): Promise<DecomposeOutcome> {
  const { settings, ui, ctx, persister, redactor, guard, say } = workspace
  const base = pullRequestBase(settings, persister)

  const claude = await workspace.claude()
  const taskFileName =
    path.relative(settings.workingDirectory, settings.taskFilePath) || path.basename(settings.taskFilePath)

  const snapshot = await persister.snapshot()
  let costUsd = 0
  let tries = 0
  let previous: { answer: unknown; problems: string[] } | undefined
  let accepted: ProposedTask[] | undefined
  let stop: string | undefined

  const publishRefusal = async (reason: string, problems: string[]): Promise<DecomposeOutcome> => {
    const failure = redactor.redact(reason)
    await setOutputs(workspace, { newTasks: [], pr: undefined, costUsd })
    await ui.summary(
      renderDecomposeFailureSummary({
        project: file.data.project,
        taskFile: settings.taskFileDisplay,
        request: redactor.redact(request.text),
        requestSource: request.source,
        reason: failure,
        problems: problems.map(problem => redactor.redact(problem)),
        tries,
        costUsd
      })
    )
    return { newTasks: [], costUsd, failure }
  }

  // actions/checkout may have left a token in .git/config: Claude's read-only shell could print it.
  const restoreCredentials = await hidePersistedCredentials(persister.git, msg => say('warning', msg))
  try {
    while (tries < MAX_PROPOSAL_TRIES) {
      tries++
      const remaining =
        settings.limits.maxBudgetUsd !== undefined
          ? Math.max(0, settings.limits.maxBudgetUsd - costUsd)
          : undefined
      if (remaining !== undefined && remaining <= 0) {
        stop = `the spending cap of $${settings.limits.maxBudgetUsd!.toFixed(4)} (max-budget-usd) is used up; nothing was written`
        break
      }
      say('info', `asking Claude for a plan (try ${tries} of ${MAX_PROPOSAL_TRIES})`)
      const prompt = buildDecomposePrompt({
        project: file.data.project,
        description: file.data.description,
        context: file.data.context,
        request: request.text,
        existing: file.data.tasks,
        taskFileName,
        try: tries,
        maxTries: MAX_PROPOSAL_TRIES,
        previous
      })
      const onEvent = (e: ClaudeEvent) => {
        if (e.kind === 'tool-use' && e.name !== 'StructuredOutput') say('info', `Claude: ${e.summary}`)
        if (e.kind === 'tool-result' && e.isError)
          say('info', `  refused or failed: ${firstLine(e.text, 160)}`)
      }
      const attempt = await claudePort(claude, settings).run({
        prompt,
        cwd: settings.workingDirectory,
        model: settings.claude.model,
        maxTurns: settings.claude.maxTurns,
        maxBudgetUsd: remaining,
        allowedTools: DECOMPOSE_ALLOWED_TOOLS,
        // Read-only at the file-system level too: nothing of the machine is writable but its private folders.
        readOnly: { permissionMode: DECOMPOSE_PERMISSION_MODE, disallowedTools: DECOMPOSE_DISALLOWED_TOOLS },
        jsonSchema: JSON.stringify(proposalJsonSchema()),
        timeoutMs: settings.limits.taskTimeoutMs,
        transcriptPath: path.join(claude.transcriptsDir, 'decompose', `try-${tries}.jsonl`),
        redactTranscript: t => guard.scrub(t, "Claude's output"),
        onEvent,
        signal: ctx.signal,
        heartbeatMs: ctx.heartbeatMs ?? 60_000,
        onHeartbeat: idle => say('info', `still planning (no output for ${Math.round(idle / 1000)} s)`)
      })
      costUsd += attempt.result?.totalCostUsd ?? 0

      // Read-only means read-only: whatever slipped through is reported, and nothing is written.
      const touched = await persister.changedFiles(snapshot)
      if (touched.length > 0)
        return publishRefusal(
          `Claude changed files although decompose only lets it read (${touched.slice(0, 20).join(', ')}` +
            `${touched.length > 20 ? `, and ${touched.length - 20} more` : ''}); nothing was written and those changes are left in the working tree.`,
          []
        )

      const outcome = attempt.outcome
      if (!outcome.ok) {
        if (outcome.kind === 'transient' && tries < MAX_PROPOSAL_TRIES) {
          say('warning', `try ${tries} failed: ${outcome.reason}; trying again`)
          continue
        }
        stop = `decompose stopped: ${outcome.reason}`
        break
      }

      const answer = attempt.result?.structuredOutput
      const check = checkProposal(answer, file.data, settings.taskFileDisplay)
      if (check.ok) {
        accepted = check.tasks
        break
      }
      say('warning', `the plan of try ${tries} is not valid (${check.problems.length} problem(s)):`)
      for (const problem of check.problems.slice(0, 20)) say('warning', `  - ${problem}`)
      previous = { answer, problems: check.problems }
    }
  } finally {
    await restoreCredentials()
  }

  if (!accepted) {
    if (stop) return publishRefusal(stop, previous?.problems ?? [])
    return publishRefusal(
      `Claude did not produce a valid plan in ${MAX_PROPOSAL_TRIES} tries; nothing was written. The problems with the last answer:\n` +
        (previous?.problems ?? []).map(problem => `  - ${problem}`).join('\n'),
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
    })) as unknown as ProposedTask[]
    return publishProposal(made.ids, shown, false)
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
  return publishProposal(ids, newTasks as ProposedTask[], created)

  // The commit, the pull request, the outputs and the summary: the same for both formats.
  async function publishProposal(
    ids: string[],
    proposed: ProposedTask[],
    created: boolean
  ): Promise<DecomposeOutcome> {
    say('info', `added ${ids.length} task(s) to ${settings.taskFileDisplay}: ${ids.join(', ')}`)

    const recorded = await persister.recordState(commitMessage(ids, request, proposed))
    const view: PlanView = {
      project: file.data.project,
      taskFile: settings.taskFileDisplay,
      request: redactor.redact(request.text),
      requestSource: request.source,
      tasks: proposed,
      dependedOn: dependedOn(file.data, proposed),
      existingCount: file.data.tasks.length,
      created,
      tries,
      costUsd
    }

    let pr: PullRequestResult | undefined
    if (settings.pullRequest.enabled && settings.git.push && recorded.commit) {
      const github = workspace.github({
        token: settings.git.token!,
        owner: workspace.owner,
        repo: workspace.repo
      })
      pr = await github.upsertPullRequest({
        head: persister.workBranch,
        base: base!,
        title: `Taskmesh plan: ${shorten(file.data.project, 80)} (+${plural(ids.length, 'task')})`,
        body: renderPlanPullRequestBody(view),
        draft: settings.pullRequest.draft,
        labels: settings.pullRequest.labels
      })
      say('info', `pull request #${pr.number} ${pr.operation}: ${pr.url}`)
    }

    await setOutputs(workspace, { newTasks: ids, pr, costUsd })
    await ui.summary(renderDecomposeSummary(view))
    return { newTasks: ids, commit: recorded.commit, pullRequest: pr, costUsd }
  }
}

function dependedOn(data: TaskFile, tasks: ProposedTask[]) {
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
  workspace: Workspace,
  outputs: { newTasks: string[]; pr: PullRequestResult | undefined; costUsd: number }
): Promise<void> {
  workspace.ui.setOutput('new-tasks', JSON.stringify(outputs.newTasks))
  workspace.ui.setOutput('total-cost-usd', outputs.costUsd.toFixed(6))
  await setBranchOutputs(workspace.ui, workspace.persister, outputs.pr)
}
