/**
 * The local command's words: usage, per-command help, one line per flag, the flags it refuses, and the
 * translation of the shared messages (which speak of the action's inputs) into flags.
 */
import { INPUT_DEFAULTS, type InputName } from '../inputs/table.js'

export const COMMANDS = ['validate', 'plan', 'run', 'decompose'] as const
export type Command = (typeof COMMANDS)[number]

export const USAGE = `usage: taskmesh <command> [task-file] [--<flag> <value>…]

commands:
  validate [file…]  check task files; every problem with its line; exit 1 when one is invalid
  plan [file]       validate, then show the waves of tasks a run would start
  run [file]        run the ready tasks through Claude Code in this git repository
  decompose "<request>"
                    turn a request into new tasks in the task file (--task-file, default task.json)

  taskmesh <command> --help   what a command does and the flags it takes
  taskmesh help inputs        every flag, with its default and a line of description
  taskmesh --version          the version of taskmesh

Flags have the names of the action's inputs: --max-turns 10, --model claude-sonnet-4-5, --tasks a,b,
--max-budget-usd 2, --commit true. A flag without a value means true (--retry-failed).
Locally, commit and push default to false: the changes stay in your working tree.`

export const COMMAND_HELP: Record<Command, string> = {
  validate: `usage: taskmesh validate [file…]

Checks each task file (default task.json) and says "valid", or lists every problem as file:line:column.
Probable typos (an unknown key such as dependsOn near a known one) are warnings. Several files at once,
as pre-commit hooks pass them. Exit code 1 when a file is invalid or missing, 0 otherwise.`,
  plan: `usage: taskmesh plan [file] [--tasks a,b]

Validates the task file, then shows the counts of tasks by status and the waves a run would start.
Changes nothing and never calls Claude.`,
  run: `usage: taskmesh run [file] [--<flag> <value>…]

Runs the ready tasks through Claude Code in this git repository, in dependency order, and records their
state in the task file. Locally, --commit and --push default to false: the changes stay in the working
tree (--commit true commits each task; --push true pushes too). Needs ANTHROPIC_API_KEY or
CLAUDE_CODE_OAUTH_TOKEN in the environment (or --anthropic-api-key / --claude-code-oauth-token).
At the end: a table of the tasks that ran, and the path of the full Markdown report.
Common flags: --tasks a,b  --max-turns N  --model M  --max-attempts N  --max-budget-usd X  --retry-failed
--parallel N (with --commit true)  --allow-dirty  --claude-path PATH. All flags: taskmesh help inputs`,
  decompose: `usage: taskmesh decompose "<request>" [--task-file F] [--request-file PATH] [--project NAME]

Asks Claude (read-only) to turn the request into new tasks and appends them to the task file.
--request-file names a file holding the request instead of the text; --project (and --description)
create the task file when it does not exist yet.`
}

/** One line per flag for `taskmesh help inputs`. */
export const FLAG_HELP: Record<InputName, string> = {
  mode: 'the command names the mode locally (refused as a flag)',
  'task-file': 'path of the task file, relative to --working-directory',
  'task-format': "auto, taskmesh or taskmaster (Task Master's .taskmaster/tasks/tasks.json)",
  tag: 'Task Master: the tag to run; empty: currentTag of .taskmaster/state.json, else master',
  'review-counts-as-done': 'Task Master: a task in review counts as done for its dependents',
  'working-directory': 'folder the run works in (the repository or a folder inside it)',
  tasks: 'comma-separated task ids to run; empty runs every ready task',
  'anthropic-api-key': 'Anthropic API key; ANTHROPIC_API_KEY in the environment works too',
  'claude-code-oauth-token': 'Claude Code OAuth token, instead of an API key',
  'claude-path': 'path of the claude executable; empty uses claude on PATH or installs --claude-version',
  'claude-version': 'version of @anthropic-ai/claude-code to install when claude is not on PATH',
  model: "Claude model for every task (a task's model overrides it)",
  'max-turns': "most agent turns per attempt (a task's maxTurns overrides it)",
  'permission-mode':
    'Claude Code permission mode (acceptEdits, bypassPermissions, default, dontAsk, plan, auto)',
  'allowed-tools': 'comma-separated tools Claude may use, e.g. Read,Edit,Write,Bash(npm test)',
  'disallowed-tools': 'comma-separated tools Claude must not use',
  'append-system-prompt': "text appended to Claude Code's system prompt for every task",
  'claude-args': 'extra flags for claude, split like a shell would split them',
  sandbox:
    'auto (contain Claude and verify where bubblewrap works, warn otherwise), required (fail instead) or off',
  'allowed-domains': 'hosts the sandbox lets tasks reach besides the model API, e.g. registry.npmjs.org',
  'max-attempts': "attempts per task before it is marked failed (a task's maxAttempts overrides it)",
  'retry-failed': 'put failed tasks back to pending first',
  'task-timeout-minutes': "minutes one attempt may run (a task's timeoutMinutes overrides it)",
  'max-budget-usd': 'spending cap for the whole run in USD; empty: no cap',
  'max-tasks': 'most tasks to run; empty: no limit',
  'fail-on-task-failure': 'exit 1 when a task failed or the run stopped on an error',
  commit: 'commit each finished task (its files and the task file)',
  push: 'push after each task commit (needs --commit true)',
  'allow-dirty': 'allow uncommitted changes at the start; they are never part of a task commit',
  'git-user-name': 'author and committer name of the task commits',
  'git-user-email': 'author and committer email of the task commits',
  'github-token': 'token for pushing over HTTPS; empty: your own git credentials',
  branch: 'commit and push to this branch (created from HEAD when missing)',
  base: 'base branch of the pull request (refused locally, like --pull-request)',
  'pull-request': 'pull requests are opened by the action only (refused locally)',
  draft: 'only with pull requests (refused locally)',
  labels: 'only with pull requests (refused locally)',
  'allow-untrusted-trigger': 'only for workflow events (refused locally)',
  'allowed-bots': 'only for mode: review, which answers pull-request comments (refused locally)',
  parallel: 'how many independent tasks run at once, each in its own git worktree (needs --commit true)',
  'dispatch-next': 'only in a workflow run (refused locally)',
  request: 'decompose: the request (the positional argument)',
  'request-file': 'decompose: a file in the repository holding the request',
  project: 'decompose: project name when the task file does not exist yet',
  description: 'decompose: project description when the task file does not exist yet'
}

/** Flags that mean nothing outside a workflow run: refused with the reason, not silently ignored. */
export const REFUSED_LOCALLY: Partial<Record<InputName, string>> = {
  mode: 'the command is the mode: taskmesh run, taskmesh plan, taskmesh decompose (review runs on pull-request events only)',
  'pull-request':
    'the local command does not open pull requests; use --commit true --push true --branch <name>, then open one yourself (or let the action do it)',
  base: 'it only sets the base of a pull request, which the local command does not open',
  draft: 'it only applies to pull requests, which the local command does not open',
  labels: 'it only applies to pull requests, which the local command does not open',
  'dispatch-next': 'it starts the workflow again with workflow_dispatch, which only a workflow run can do',
  'allow-untrusted-trigger': 'it is about the event that started a workflow run; there is none locally',
  'allowed-bots': 'it is for mode: review, which answers pull-request review comments in a workflow run'
}

export function flagList(localDefaults: Partial<Record<InputName, string>>): string {
  const names = Object.keys(INPUT_DEFAULTS) as InputName[]
  const width = Math.max(...names.map(n => n.length)) + 2
  return names
    .map(name => {
      const value = localDefaults[name] ?? INPUT_DEFAULTS[name]
      const def = value && !REFUSED_LOCALLY[name] ? ` (default ${value})` : ''
      return `  --${name.padEnd(width)}${FLAG_HELP[name]}${def}`
    })
    .join('\n')
}

const INPUT_NAMES = new Set<string>(Object.keys(INPUT_DEFAULTS))
const NAME = '([a-z][a-z-]*)'

/**
 * The shared messages name the action's inputs (`the task-file input`, `input "max-turns"`,
 * `commit: true`); on the terminal the same thing is a flag. Only names that are inputs are rewritten.
 */
export function localWording(text: string): string {
  const flag = (all: string, name: string, value?: string) =>
    INPUT_NAMES.has(name) ? `--${name}${value ? ` ${value}` : ''}` : all
  return (
    text
      .replace(new RegExp(`the [\`"]?${NAME}[\`"]? input`, 'g'), (all, n: string) => flag(all, n))
      .replace(new RegExp(`(?:the )?input [\`"]${NAME}[\`"]`, 'g'), (all, n: string) => flag(all, n))
      .replace(new RegExp(`\`${NAME}: (true|false)\``, 'g'), (all, n: string, v: string) => flag(all, n, v))
      .replace(new RegExp(`(?<![\\w-])${NAME}: (true|false)\\b`, 'g'), (all, n: string, v: string) =>
        flag(all, n, v)
      )
      // `max-turns / maxTurns`: the input and the task field that overrides it.
      .replace(new RegExp(`(?<![\\w-])${NAME} / (?=[a-z]+[A-Z])`, 'g'), (all, n: string) =>
        INPUT_NAMES.has(n) ? `--${n} / ` : all
      )
      .replace(/\b(\d+) inputs are invalid/, '$1 flags are invalid')
  )
}
