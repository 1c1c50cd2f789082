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
import { LOCAL_DEFAULTS, parseArgv, type ParsedArgs } from './argv.js'
import { COMMAND_HELP, COMMANDS, flagList, localWording, USAGE, type Command } from './help.js'
import { TerminalUi } from './ui.js'
import { modes } from '../modes/index.js'
import { TaskFileError } from '../modes/plan.js'
import { reportProblems, reportWarnings } from '../modes/problems.js'
import { renderTerminalReport } from '../report/terminal.js'
import { messageOf } from '../shared/errors.js'
import { parseSettings, type Settings } from '../inputs/settings.js'
import type { InputName } from '../inputs/table.js'
import { TaskDocument } from '../taskfile/document.js'

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
    const controller = new AbortController()
    // plan only reads: Ctrl-C ends it as any program, the modes that change files stop cleanly.
    if (command !== 'plan') {
      process.once('SIGINT', () => controller.abort())
      process.once('SIGTERM', () => controller.abort())
    }
    const runId = `local-${Date.now()}`
    const outcome = await modes[settings.mode](settings, ui, { signal: controller.signal, runId, env })
    if (command === 'plan') return 0
    const summaryFile = await saveSummary(ui, runId)
    if (command === 'decompose' && summaryFile) out(`\nFull report (Markdown): ${summaryFile}`)
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

// No top-level await: dist/ is CommonJS (scripts/build.mjs).
void main(process.argv.slice(2)).then(code => (process.exitCode = code))
