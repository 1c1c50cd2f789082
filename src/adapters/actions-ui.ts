/** The Ui over @actions/core: log groups, annotations, step outputs, the job summary, masking. */
import * as core from '@actions/core'
import type { LogLine } from '../report/log.js'
import type { Ui, Where } from '../app/ui.js'

export class ActionsUi implements Ui {
  private groupOpen = false

  log(line: LogLine): void {
    switch (line.kind) {
      case 'group-start':
        if (this.groupOpen) core.endGroup()
        core.startGroup(line.title)
        this.groupOpen = true
        return
      case 'group-end':
        if (this.groupOpen) core.endGroup()
        this.groupOpen = false
        return
      case 'line':
        // Lines that already start with their own symbol keep it; plain warnings and errors get one.
        if (line.level === 'debug') core.debug(line.text)
        else if (line.level === 'info' || (line.text.codePointAt(0) ?? 0) > 0x7f) core.info(line.text)
        else core.info(`${line.level === 'warning' ? '⚠️' : '❌'} ${line.text}`)
    }
  }

  annotate(level: 'error' | 'warning' | 'notice', message: string, where?: Where, title?: string): void {
    const props: core.AnnotationProperties = { title }
    if (where) {
      props.file = where.file
      if (where.line) props.startLine = where.line
      if (where.column) props.startColumn = where.column
    }
    if (level === 'error') core.error(message, props)
    else if (level === 'warning') core.warning(message, props)
    else core.notice(message, props)
  }

  setOutput(name: string, value: string): void {
    core.setOutput(name, value)
  }

  async summary(markdown: string): Promise<void> {
    // Without GITHUB_STEP_SUMMARY (an old runner, a local test) there is nowhere to write it.
    if (!process.env.GITHUB_STEP_SUMMARY) return
    await core.summary.addRaw(markdown, true).write()
  }

  secret(value: string): void {
    if (value) core.setSecret(value)
  }

  close(): void {
    if (this.groupOpen) core.endGroup()
    this.groupOpen = false
  }
}
