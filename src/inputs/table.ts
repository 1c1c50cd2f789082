/**
 * The action's interface in one place: every input with its default, every output with its description.
 * action.yml, the local command's flags and docs/inputs.md follow these tables (test/unit/docs.test.ts).
 */

/** The version installed with npm when `claude` is not on PATH; kept equal to the tested devDependency. */
export const DEFAULT_CLAUDE_VERSION = '2.1.332'

/** Every input with its default; the same table drives action.yml's defaults, the CLI's flags and the docs. */
export const INPUT_DEFAULTS = {
  mode: 'run',
  'task-file': 'task.json',
  'task-format': 'auto',
  tag: '',
  'review-counts-as-done': 'true',
  'working-directory': '',
  tasks: '',
  'anthropic-api-key': '',
  'claude-code-oauth-token': '',
  'claude-path': '',
  'claude-version': DEFAULT_CLAUDE_VERSION,
  model: '',
  'max-turns': '50',
  'permission-mode': 'bypassPermissions',
  'allowed-tools': '',
  'disallowed-tools': '',
  'append-system-prompt': '',
  'claude-args': '',
  sandbox: 'auto',
  'allowed-domains': '',
  'max-attempts': '3',
  'retry-failed': 'false',
  'task-timeout-minutes': '30',
  'max-budget-usd': '',
  'max-tasks': '',
  'fail-on-task-failure': 'true',
  commit: 'true',
  push: 'true',
  'allow-dirty': 'false',
  'git-user-name': 'github-actions[bot]',
  'git-user-email': '41898282+github-actions[bot]@users.noreply.github.com',
  'github-token': '',
  branch: '',
  base: '',
  'pull-request': 'false',
  draft: 'false',
  labels: '',
  'allow-untrusted-trigger': 'false',
  'allowed-bots': '',
  parallel: '1',
  'dispatch-next': 'false',
  request: '',
  'request-file': '',
  project: '',
  description: ''
} as const

export type InputName = keyof typeof INPUT_DEFAULTS

/** Every output with its action.yml description; step outputs are set only under these names. */
export const OUTPUTS = {
  ready: 'JSON array of the ids of tasks that are ready to run (at the end of the run).',
  matrix: 'JSON object `{"task": [ids]}` of the ready tasks, for `strategy.matrix` (use with `mode: plan`).',
  completed: 'JSON array of the ids of completed tasks.',
  failed: 'JSON array of the ids of failed tasks.',
  pending:
    'JSON array of the ids of pending tasks (not blocked), including tasks left `in_progress` by an interrupted run.',
  blocked: 'JSON array of the ids of tasks that depend on a failed task.',
  'total-cost-usd': 'What this run spent on Claude, in USD.',
  results:
    'JSON object keyed by task id: status, attempts, cost, turns, duration, outputs, error and commit of each task.',
  'transcripts-dir':
    'Folder holding the raw stream-json transcript of every attempt (`<task-id>/attempt-<n>.jsonl`).',
  'stop-reason':
    'Why the run stopped early (`budget`, `rate-limit`, `credentials`, `max-tasks`, `cancelled`, `error`), empty when it did not.',
  branch: 'Branch the task commits were pushed to.',
  'head-sha': 'Commit at the head of `branch` after the run.',
  'pull-request-number': 'Number of the pull request opened or updated.',
  'pull-request-url': 'URL of the pull request opened or updated.',
  'pull-request-operation': '`created`, `updated` or `none`.',
  dispatched: '`true` when `dispatch-next` started the workflow again for the next wave.',
  'new-tasks': 'For `mode: decompose`: JSON array of the ids of the tasks added.'
} as const

export type OutputName = keyof typeof OUTPUTS
