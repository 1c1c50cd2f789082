/**
 * The Ui on a terminal, for the local `taskmesh` command: plain lines, file:line problems; the shared
 * messages' input names become flags (`--task-file`). The Markdown report is kept for the command to save.
 */
import type { LogLine } from '../report/log.js'
import type { OutputName } from '../inputs/table.js'
import type { Ui, Where } from '../modes/ui.js'
import { localWording } from './help.js'

export class TerminalUi implements Ui {
  readonly outputs = new Map<OutputName, string>()
  private summaries: string[] = []

  constructor(
    private readonly out: NodeJS.WritableStream = process.stdout,
    private readonly err: NodeJS.WritableStream = process.stderr,
    private readonly opts: { verbose?: boolean; quiet?: boolean } = {}
  ) {}

  log(line: LogLine): void {
    if (this.opts.quiet) return
    if (line.kind === 'group-start') this.out.write(`\n${localWording(line.title)}\n`)
    else if (line.kind === 'line') {
      if (line.level === 'debug' && !this.opts.verbose) return
      const prefix = line.level === 'warning' ? 'warning: ' : line.level === 'error' ? 'error: ' : ''
      this.out.write(`  ${prefix}${localWording(line.text)}\n`)
    }
  }

  annotate(level: 'error' | 'warning' | 'notice', message: string, where?: Where): void {
    const place = where
      ? `${where.file}${where.line ? `:${where.line}${where.column ? `:${where.column}` : ''}` : ''}: `
      : ''
    this.err.write(`${place}${level}: ${localWording(message)}\n`)
  }

  setOutput(name: OutputName, value: string): void {
    this.outputs.set(name, value)
  }

  async summary(markdown: string): Promise<void> {
    this.summaries.push(markdown)
  }

  secret(): void {
    // Nothing is logged to a shared place; Claude's text is still redacted by the engine.
  }

  /** The Markdown reports written during the run. */
  get reports(): string[] {
    return this.summaries
  }
}
