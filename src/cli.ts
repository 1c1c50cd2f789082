/**
 * The local `taskmesh` command: the same settings, the same engine, a terminal instead of a runner.
 *
 *   taskmesh validate [file]                   exit 1 when the file has problems (for pre-commit hooks)
 *   taskmesh plan [file]                       what a run would do
 *   taskmesh run [file] [--<input> <value>…]   run the ready tasks; flags are the action's inputs
 *   taskmesh decompose "<request>" [--…]       turn a request into new tasks (the file: --task-file)
 */
import path from 'node:path'
import { TerminalUi } from './adapters/terminal-ui.js'
import { runDecompose } from './app/decompose.js'
import { runPlan, TaskFileError, loadTaskFile } from './app/plan.js'
import { runRun } from './app/run.js'
import { INPUT_DEFAULTS, parseSettings, SettingsError, type InputName } from './settings.js'

const USAGE = `usage: taskmesh <command> [task-file] [--<input> <value>…]

commands:
  validate [file]   check a task file; every problem with its line; exit 1 when invalid
  plan [file]       validate, then show the waves of tasks a run would start
  run [file]        run the ready tasks through Claude Code in this git repository
  decompose "<request>"
                    turn a request into new tasks in the task file (--task-file, default task.json);
                    Claude only reads; --request-file <path> instead of the text, --project for a new file

flags are the action's inputs, e.g. --max-turns 10, --model claude-sonnet-4-5, --tasks a,b,
--max-budget-usd 2, --commit true. A flag without a value means true (--retry-failed).
Locally, commit and push default to false: the changes stay in your working tree.
Run 'taskmesh help inputs' for the full list.`

const BOOLEAN_INPUTS = new Set(
  Object.entries(INPUT_DEFAULTS)
    .filter(([, v]) => v === 'true' || v === 'false')
    .map(([k]) => k)
)

/** Local defaults that differ from the action's: a developer's machine is not a disposable runner. */
const LOCAL_DEFAULTS: Partial<Record<InputName, string>> = { commit: 'false', push: 'false' }

export function parseArgv(argv: string[]): { command: string; file?: string; inputs: Map<string, string> } {
  const [command = 'help', ...rest] = argv
  const inputs = new Map<string, string>()
  let file: string | undefined
  for (let i = 0; i < rest.length; i++) {
    const a = rest[i]
    if (a.startsWith('--')) {
      const eq = a.indexOf('=')
      const name = (eq > 0 ? a.slice(2, eq) : a.slice(2)).trim()
      if (!(name in INPUT_DEFAULTS))
        throw new SettingsError([`unknown flag --${name}; run 'taskmesh help inputs'`])
      let value: string
      if (eq > 0) value = a.slice(eq + 1)
      // A true/false input takes the next word only when it is a boolean, so `--retry-failed task.json`
      // keeps task.json as the file.
      else if (
        i + 1 < rest.length &&
        !rest[i + 1].startsWith('--') &&
        (!BOOLEAN_INPUTS.has(name) || /^(true|false|yes|no|on|off|1|0)$/i.test(rest[i + 1]))
      )
        value = rest[++i]
      else value = 'true'
      inputs.set(name, value)
    } else if (file === undefined) file = a
    else throw new SettingsError([`unexpected argument "${a}"`])
  }
  return { command, file, inputs }
}

export async function main(argv: string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const ui = new TerminalUi()
  let parsed
  try {
    parsed = parseArgv(argv)
  } catch (e) {
    process.stderr.write(`${(e as Error).message}\n${USAGE}\n`)
    return 2
  }
  const { command, file, inputs } = parsed
  if (command === 'help' || command === '--help' || command === '-h') {
    if (file === 'inputs')
      process.stdout.write(
        Object.entries(INPUT_DEFAULTS)
          .map(([k, v]) => `--${k}${v ? ` (default ${LOCAL_DEFAULTS[k as InputName] ?? v})` : ''}`)
          .join('\n') + '\n'
      )
    else process.stdout.write(`${USAGE}\n`)
    return 0
  }
  if (!['validate', 'plan', 'run', 'decompose'].includes(command)) {
    process.stderr.write(`unknown command "${command}"\n${USAGE}\n`)
    return 2
  }

  const cwd = process.cwd()
  try {
    const settings = parseSettings(
      name => {
        // decompose's positional argument is the request, not the task file.
        if (name === 'request' && command === 'decompose' && file) return file
        if (name === 'task-file' && file && command !== 'decompose') return path.resolve(cwd, file)
        if (name === 'mode') return command === 'validate' ? 'plan' : command
        return inputs.get(name) ?? LOCAL_DEFAULTS[name] ?? ''
      },
      cwd,
      env,
      m => ui.annotate('notice', m)
    )
    if (command === 'validate') {
      const doc = await loadTaskFile(settings, ui)
      process.stdout.write(`${settings.taskFileDisplay}: valid (${doc.data.tasks.length} tasks)\n`)
      return 0
    }
    if (command === 'plan') {
      await runPlan(settings, ui)
      return 0
    }
    const controller = new AbortController()
    process.once('SIGINT', () => controller.abort())
    process.once('SIGTERM', () => controller.abort())
    if (command === 'decompose') {
      const planned = await runDecompose(settings, ui, {
        signal: controller.signal,
        runId: `local-${Date.now()}`,
        env
      })
      process.stdout.write(`\n${ui.reports.join('\n')}\n`)
      if (planned.failure) process.stderr.write(`error: ${planned.failure}\n`)
      return planned.failure ? 1 : 0
    }
    const outcome = await runRun(settings, ui, {
      signal: controller.signal,
      runId: `local-${Date.now()}`,
      env
    })
    process.stdout.write(`\n${ui.reports.join('\n')}\n`)
    if (outcome.failure) process.stderr.write(`error: ${outcome.failure}\n`)
    return outcome.failure ? 1 : 0
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e)
    // Task-file problems were already printed one by one, with their lines.
    process.stderr.write(
      e instanceof TaskFileError ? `${message.split('\n')[0].replace(/:$/, '.')}\n` : `error: ${message}\n`
    )
    return 1
  }
}

process.exitCode = await main(process.argv.slice(2))
