/**
 * The Ui on the runner: log groups, annotations and masking in the log (src/action/runner-log.ts), step outputs
 * through @actions/core's file, the job summary appended to its file (src/action/step-summary.ts).
 */
import * as core from '@actions/core'
import { runnerLog, type CommandProperties, type RunnerLog } from './runner-log.js'
import { appendStepSummary } from './step-summary.js'
import { safeLogLine, type LogLine } from '../report/log.js'
import type { OutputName } from '../inputs/table.js'
import type { Ui, Where } from '../modes/ui.js'

/** Lines of a multi-line text, each made safe (empty lines dropped). */
function safeLines(text: string): string[] {
  return text
    .split(/\r\n|\r|\n|\u2028|\u2029/)
    .map(safeLogLine)
    .filter(l => l.length > 0)
}

/**
 * An annotation message: @actions/core escapes CR, LF and % in it (the runner shows the newlines), so only
 * the other control characters go.
 */
function safeMessage(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]+/g, ' ')
}

export class ActionsUi implements Ui {
  private groupOpen = false

  constructor(private readonly out: RunnerLog = runnerLog()) {}

  log(line: LogLine): void {
    switch (line.kind) {
      case 'group-start':
        if (this.groupOpen) this.out.command('endgroup')
        this.out.command('group', safeLogLine(line.title))
        this.groupOpen = true
        return
      case 'group-end':
        if (this.groupOpen) this.out.command('endgroup')
        this.groupOpen = false
        return
      case 'line': {
        // Every physical line is made safe on its own: a message with a newline (a git error, a list of
        // files) can never start a command on its second line.
        const lines = safeLines(line.text)
        lines.forEach((text, i) => {
          // Lines that already start with their own symbol keep it; plain warnings and errors get one.
          if (line.level === 'debug') this.out.command('debug', text)
          else if (line.level === 'info' || i > 0 || line.marked) this.out.line(text)
          else this.out.line(`${line.level === 'warning' ? '⚠️' : '❌'} ${text}`)
        })
      }
    }
  }

  annotate(level: 'error' | 'warning' | 'notice', message: string, where?: Where, title?: string): void {
    const props: CommandProperties = { title: title === undefined ? undefined : safeLogLine(title) }
    if (where) {
      props.file = where.file
      if (where.line) props.line = where.line
      if (where.column) props.col = where.column
    }
    this.out.command(level, safeMessage(message), props)
  }

  /** The step fails with this message (`core.setFailed`): exit code 1 and an error annotation. */
  fail(message: string): void {
    process.exitCode = 1
    this.out.command('error', safeMessage(message))
  }

  setOutput(name: OutputName, value: string): void {
    core.setOutput(name, value)
  }

  async summary(markdown: string): Promise<void> {
    // Without GITHUB_STEP_SUMMARY (an old runner, a local test) there is nowhere to write it.
    if (!process.env.GITHUB_STEP_SUMMARY) return
    appendStepSummary(markdown)
  }

  secret(value: string): void {
    if (value) this.out.command('add-mask', value)
  }

  close(): void {
    if (this.groupOpen) this.out.command('endgroup')
    this.groupOpen = false
  }
}
