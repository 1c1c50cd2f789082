/**
 * What the application needs from its surroundings: the action implements it over @actions/core, the
 * local command over the terminal. Everything else is shared.
 */
import type { LogLine } from '../report/log.js'
import type { OutputName } from '../inputs/table.js'
import type { Scrubber } from '../shared/scrubber.js'

export interface Where {
  file: string
  line?: number
  column?: number
}

export interface Ui {
  /** A live log line, a group start or a group end. */
  log(line: LogLine): void
  /** A problem attached to a place in a file (GitHub shows it on the file; the terminal prints file:line). */
  annotate(level: 'error' | 'warning' | 'notice', message: string, where?: Where, title?: string): void
  /** A step output: only the names of the outputs table (src/inputs/table.ts). */
  setOutput(name: OutputName, value: string): void
  /** The report in Markdown (the job summary in Actions; saved to a file by the local command). */
  summary(markdown: string): Promise<void>
  /** A value that must never be shown. */
  secret(value: string): void
}

/** GitHub shows about 10 annotations of a kind per step; past that, group the rest into one. */
export const MAX_ANNOTATIONS = 10

/**
 * The Ui as the rest of the run sees it: every text it is given is scrubbed on its way out, whoever wrote
 * it (an engine line, a git error, a renderer), so a secret never reaches the log, an annotation, a step
 * output or the job summary even when the code that built the text forgot to redact it.
 */
export function guardedUi(inner: Ui, guard: Scrubber): Ui {
  return {
    log(line) {
      if (line.kind === 'group-start') inner.log({ ...line, title: guard.scrub(line.title, 'a log line') })
      else if (line.kind === 'line') inner.log({ ...line, text: guard.scrub(line.text, 'a log line') })
      else inner.log(line)
    },
    annotate(level, message, where, title) {
      inner.annotate(
        level,
        guard.scrub(message, 'an annotation'),
        where && { ...where, file: guard.scrub(where.file, 'an annotation') },
        title === undefined ? undefined : guard.scrub(title, 'an annotation')
      )
    },
    setOutput(name, value) {
      inner.setOutput(name, guard.scrub(value, `the \`${name}\` output`))
    },
    summary(markdown) {
      return inner.summary(guard.scrub(markdown, 'the job summary'))
    },
    secret(value) {
      inner.secret(value)
    }
  }
}

/** A log line of the run, said through the guarded Ui (see pipeline.ts). */
export type Say = (level: 'info' | 'warning' | 'error', text: string) => void
