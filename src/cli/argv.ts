/** The local command's arguments: the command, the task file (or decompose's request), and flags named like inputs. */
import { REFUSED_LOCALLY } from './help.js'
import { SettingsError } from '../inputs/settings.js'
import { INPUT_DEFAULTS, type InputName } from '../inputs/table.js'

const BOOLEAN_INPUTS = new Set(
  Object.entries(INPUT_DEFAULTS)
    .filter(([, v]) => v === 'true' || v === 'false')
    .map(([k]) => k)
)

/** Local defaults that differ from the action's: a developer's machine is not a disposable runner. */
export const LOCAL_DEFAULTS: Partial<Record<InputName, string>> = { commit: 'false', push: 'false' }

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
    const arg = rest[i]!
    if (arg === '--help' || arg === '-h') {
      help = true
      continue
    }
    if (arg.startsWith('--')) {
      const eq = arg.indexOf('=')
      const name = (eq > 0 ? arg.slice(2, eq) : arg.slice(2)).trim()
      if (!(name in INPUT_DEFAULTS))
        throw new SettingsError([`unknown flag --${name}; run 'taskmesh help inputs'`])
      const refused = REFUSED_LOCALLY[name as InputName]
      if (refused) throw new SettingsError([`--${name} is not available in the local command: ${refused}`])
      let value: string
      if (eq > 0) value = arg.slice(eq + 1)
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
    } else files.push(arg)
  }
  if (files.length > 1 && command !== 'validate' && command !== 'help')
    throw new SettingsError([`unexpected argument "${files[1]}" (${command} takes one task file)`])
  return { command, files, inputs, help }
}
