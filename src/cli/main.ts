/**
 * The local `taskmesh` command: the same settings, the same engine, a terminal instead of a runner.
 *
 *   taskmesh validate [file…]                 exit 1 when a file has problems (for pre-commit hooks)
 *   taskmesh plan [file]                       what a run would do
 *   taskmesh run [file] [--<flag> <value>…]    run the ready tasks; flags are named like the action's inputs
 *   taskmesh decompose "<request>" [--…]       turn a request into new tasks (the file: --task-file)
 */
import { mkdir, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import pkg from '../../package.json' with { type: 'json' }
import { TerminalUi } from './ui.js'
import { messageOf } from '../shared/error-message.js'
import { runDecompose } from '../modes/decompose.js'
import { runPlan, TaskFileError } from '../modes/plan.js'
import { reportProblems, reportWarnings } from '../modes/problems.js'
import { runRun } from '../modes/run.js'
import {
  COMMAND_HELP,
  COMMANDS,
  flagList,
  localWording,
  REFUSED_LOCALLY,
  USAGE,
  type Command
} from './help.js'
import { renderTerminalReport } from '../report/terminal.js'
import { parseSettings, SettingsError, type Settings } from '../inputs/settings.js'
import { INPUT_DEFAULTS, type InputName } from '../inputs/table.js'
import { TaskDocument } from '../taskfile/document.js'

const BOOLEAN_INPUTS = new Set(
  Object.entries(INPUT_DEFAULTS)
    .filter(([, v]) => v === 'true' || v === 'false')
    .map(([k]) => k)
)

/** Local defaults that differ from the action's: a developer's machine is not a disposable runner. */
const LOCAL_DEFAULTS: Partial<Record<InputName, string>> = { commit: 'false', push: 'false' }

export interface ParsedArgs {
  command: string
  /** Positional arguments: the task file (several for validate), or decompose's request. */
  files: string[]
  inputs: Map<string, string>
  help: boolean
}

export function parseArgv(argv: string[]): ParsedArgs {
  const [first = 'help', ...rest] = argv
  const command = first
  const inputs = new Map<string, string>()
  const files: string[] = []
  let help = false
  for (let i = 0; i < rest.length; i++) {
    const a = rest[i]!
    if (a === '--help' || a === '-h') {
      help = true
      continue
    }
    if (a.startsWith('--')) {
      const eq = a.indexOf('=')
      const name = (eq > 0 ? a.slice(2, eq) : a.slice(2)).trim()
      if (!(name in INPUT_DEFAULTS))
        throw new SettingsError([`unknown flag --${name}; run 'taskmesh help inputs'`])
      const refused = REFUSED_LOCALLY[name as InputName]
      if (refused) throw new SettingsError([`--${name} is not available in the local command: ${refused}`])
      let value: string
      if (eq > 0) value = a.slice(eq + 1)
      // A true/false flag takes the next word only when it is a boolean, so `--retry-failed task.json`
      // keeps task.json as the file.
      else if (
        i + 1 < rest.length &&
        !rest[i + 1]!.startsWith('--') &&
        (!BOOLEAN_INPUTS.has(name) || /^(true|false|yes|no|on|off|1|0)$/i.test(rest[i + 1]!))
      )
        value = rest[++i]!
      else value = 'true'
      inputs.set(name, value)
    } else files.push(a)
  }
  if (files.length > 1 && command !== 'validate' && command !== 'help')
    throw new SettingsError([`unexpected argument "${files[1]}" (${command} takes one task file)`])
  return { command, files, inputs, help }
}

const out = (text: string) => process.stdout.write(`${text}\n`)
const err = (text: string) => process.stderr.write(`${localWording(text)}\n`)

export async function main(argv: string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  if (argv[0] === '--version' || argv[0] === '-V' || argv[0] === 'version') {
    out(`taskmesh ${pkg.version}`)
    return 0
  }
  let parsed: ParsedArgs
  try {
    parsed = parseArgv(argv)
  } catch (e) {
    err(`${(e as Error).message}\n\n${USAGE}`)
    return 2
  }
  const { command, files, inputs } = parsed
  if (command === 'help' || command === '--help' || command === '-h') {
    const topic = files[0]
    if (topic === 'inputs' || topic === 'flags')
      out(`flags (named like the action's inputs):\n${flagList(LOCAL_DEFAULTS)}`)
    else if (topic && (COMMANDS as readonly string[]).includes(topic)) out(COMMAND_HELP[topic as Command])
    else out(USAGE)
    return 0
  }
  if (!(COMMANDS as readonly string[]).includes(command)) {
    err(`unknown command "${command}"\n\n${USAGE}`)
    return 2
  }
  if (parsed.help) {
    out(COMMAND_HELP[command as Command])
    return 0
  }

  const ui = new TerminalUi()
  const cwd = process.cwd()
  const notice = (m: string) => ui.annotate('notice', m)
  try {
    const read = (file: string | undefined) => (name: InputName) => {
      // decompose's positional argument is the request, not the task file.
      if (name === 'request' && command === 'decompose' && file) return file
      if (name === 'task-file' && file && command !== 'decompose') return path.resolve(cwd, file)
      if (name === 'mode') return command === 'validate' ? 'plan' : command
      return inputs.get(name) ?? LOCAL_DEFAULTS[name] ?? ''
    }
    if (command === 'validate') {
      let invalid = 0
      for (const file of files.length ? files : [undefined])
        if (!(await validateOne(parseSettings(read(file), cwd, env, notice), ui))) invalid++
      if (files.length > 1)
        out(
          invalid
            ? `${invalid} of ${files.length} files are not valid`
            : `all ${files.length} files are valid`
        )
      return invalid ? 1 : 0
    }
    const settings = parseSettings(read(files[0]), cwd, env, notice)
    if (command === 'plan') {
      await runPlan(settings, ui)
      return 0
    }
    const controller = new AbortController()
    process.once('SIGINT', () => controller.abort())
    process.once('SIGTERM', () => controller.abort())
    const runId = `local-${Date.now()}`
    if (command === 'decompose') {
      const planned = await runDecompose(settings, ui, { signal: controller.signal, runId, env })
      const summaryFile = await saveSummary(ui, runId)
      if (summaryFile) out(`\nFull report (Markdown): ${summaryFile}`)
      if (planned.failure) err(`error: ${planned.failure}`)
      return planned.failure ? 1 : 0
    }
    const outcome = await runRun(settings, ui, { signal: controller.signal, runId, env })
    const summaryFile = await saveSummary(ui, runId)
    if (outcome.report) out(`\n${renderTerminalReport(outcome.report, { summaryFile })}`)
    if (outcome.failure) err(`error: ${outcome.failure}`)
    return outcome.failure ? 1 : 0
  } catch (e) {
    const message = messageOf(e)
    // Task-file problems were already printed one by one, with their lines.
    err(e instanceof TaskFileError ? `${message.split('\n')[0]!.replace(/:$/, '.')}` : `error: ${message}`)
    return 1
  }
}

/** `task.json: valid (4 tasks)`, or every problem at its line and `task.json: not valid (3 problems)`. */
async function validateOne(
  settings: Pick<Settings, 'taskFilePath' | 'taskFileDisplay' | 'taskFormat'>,
  ui: TerminalUi
): Promise<boolean> {
  const file = settings.taskFileDisplay
  const loaded = await TaskDocument.read(settings.taskFilePath, file, settings.taskFormat)
  if (!loaded.ok && loaded.problems[0]?.code === 'file-missing') {
    err(`${file}: not found (looked for ${settings.taskFilePath})`)
    return false
  }
  reportWarnings(ui, loaded.ok ? loaded.document.warnings : (loaded.warnings ?? []), file)
  if (!loaded.ok) {
    reportProblems(ui, loaded.problems, file)
    const n = loaded.problems.length
    err(`${file}: not valid (${n} problem${n === 1 ? '' : 's'})`)
    return false
  }
  const { tasks } = loaded.document.data
  const w = loaded.document.warnings.length
  out(
    `${file}: valid (${tasks.length} task${tasks.length === 1 ? '' : 's'}${w ? `, ${w} warning${w === 1 ? '' : 's'}` : ''})`
  )
  return true
}

/** The job summary's Markdown goes to a file next to the transcripts; the terminal gets its path. */
async function saveSummary(ui: TerminalUi, runId: string): Promise<string | undefined> {
  if (ui.reports.length === 0) return undefined
  const dir = ui.outputs.get('transcripts-dir') ?? path.join(os.tmpdir(), 'taskmesh', runId)
  const file = path.join(dir, 'summary.md')
  try {
    await mkdir(dir, { recursive: true })
    await writeFile(file, `${ui.reports.join('\n')}\n`)
    return file
  } catch (e) {
    err(`warning: could not write the report to ${file}: ${(e as Error).message}`)
    return undefined
  }
}

process.exitCode = await main(process.argv.slice(2))
