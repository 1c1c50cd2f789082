/**
 * What a person sees of an action's stdout in a terminal, the way a runner would show it: workflow commands
 * are consumed, not printed. `::group::` becomes a heading, `::endgroup::` and `::debug::` vanish,
 * `::add-mask::` masks its value in every later line (and is never shown: it carries the secret itself),
 * `::error file=…,line=…::` becomes `file:line: error: …` like the local command prints it.
 */

/** Data and property escapes of workflow commands (see @actions/core's command.ts). */
function unescapeData(s: string): string {
  return s.replace(/%0D/gi, '\r').replace(/%0A/gi, '\n').replace(/%25/g, '%')
}

function unescapeProperty(s: string): string {
  return unescapeData(s).replace(/%3A/gi, ':').replace(/%2C/gi, ',')
}

export class RunnerConsole {
  private readonly masks: string[] = []
  private stopToken: string | undefined

  /** The terminal lines for one line of the action's stdout (none for most commands). */
  line(raw: string): string[] {
    const text = raw.replace(/\r$/, '')
    const m = /^\s*::([A-Za-z-]+)(?: ([^:]*))?::(.*)$/.exec(text)
    if (this.stopToken !== undefined) {
      if (m && m[1] === this.stopToken) this.stopToken = undefined
      else return [this.mask(`  ${text}`)]
      return []
    }
    if (!m) return [this.mask(`  ${text}`)]
    const [, command, props = '', data] = m as unknown as [string, string, string | undefined, string]
    const value = unescapeData(data)
    switch (command) {
      case 'add-mask':
        if (value.trim()) this.masks.push(value, ...value.split(/\r?\n/).filter(v => v.trim()))
        return []
      case 'group':
        return ['', this.mask(value)]
      case 'endgroup':
      case 'debug':
        return []
      case 'stop-commands':
        this.stopToken = value
        return []
      case 'error':
      case 'warning':
      case 'notice': {
        const p = new Map(
          props
            .split(',')
            .filter(Boolean)
            .map(kv => {
              const eq = kv.indexOf('=')
              return [kv.slice(0, eq).trim(), unescapeProperty(kv.slice(eq + 1))] as const
            })
        )
        const file = p.get('file')
        const place = file ? `${file}${p.get('line') ? `:${p.get('line')}` : ''}: ` : ''
        return value.split('\n').map((l, i) => this.mask(i === 0 ? `${place}${command}: ${l}` : `    ${l}`))
      }
      default:
        // Other commands (set-output, save-state, echo, …) are the runner's business, not the reader's.
        return []
    }
  }

  /** A line of stderr: shown, masked. */
  mask(text: string): string {
    let out = text
    for (const secret of this.masks) out = out.split(secret).join('***')
    return out
  }
}
