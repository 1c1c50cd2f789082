/**
 * What the application needs from its surroundings: the action implements it over @actions/core, the
 * local command over the terminal. Everything else is shared.
 */
import type { LogLine } from '../report/log.js'

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
  setOutput(name: string, value: string): void
  /** The report in Markdown (the job summary in Actions; printed at the end on the terminal). */
  summary(markdown: string): Promise<void>
  /** A value that must never be shown. */
  secret(value: string): void
}

/** GitHub shows about 10 annotations of a kind per step; past that, group the rest into one. */
export const MAX_ANNOTATIONS = 10
