/** Reports task-file problems: every one on the log, and as annotations at their lines (capped). */
import type { Problem } from '../taskfile/validate.js'
import { MAX_ANNOTATIONS, type Ui } from './ui.js'

export function reportProblems(ui: Ui, problems: Problem[], file: string): string {
  problems
    .slice(0, MAX_ANNOTATIONS - 1)
    .forEach(p =>
      ui.annotate('error', p.message, { file, line: p.line, column: p.column }, 'Invalid task file')
    )
  if (problems.length >= MAX_ANNOTATIONS) {
    const rest = problems.slice(MAX_ANNOTATIONS - 1)
    ui.annotate(
      'error',
      `${rest.length} more problem(s):\n${rest.map(p => `- ${p.line ? `line ${p.line}: ` : ''}${p.message}`).join('\n')}`,
      { file, line: rest[0].line },
      'Invalid task file'
    )
  }
  // A missing or unreadable file is not an invalid one: its own message says what happened.
  if (problems.length === 1 && problems[0]!.code.startsWith('file-'))
    return `${problems[0]!.message} Nothing was run or changed.`
  return `${file} is not valid (${problems.length} problem${problems.length === 1 ? '' : 's'}); nothing was run or changed:\n${problems
    .map(p => `  - ${p.line ? `line ${p.line}${p.column ? `:${p.column}` : ''}: ` : ''}${p.message}`)
    .join('\n')}`
}

/** Warnings about the task file (probable typos): annotations at their lines, capped like the problems. */
export function reportWarnings(ui: Ui, warnings: Problem[], file: string): void {
  warnings
    .slice(0, MAX_ANNOTATIONS - 1)
    .forEach(w =>
      ui.annotate(
        'warning',
        w.message,
        { file, line: w.line, column: w.column },
        'Probably a typo in the task file'
      )
    )
  if (warnings.length >= MAX_ANNOTATIONS) {
    const rest = warnings.slice(MAX_ANNOTATIONS - 1)
    ui.annotate(
      'warning',
      `${rest.length} more warning(s):\n${rest.map(w => `- ${w.line ? `line ${w.line}: ` : ''}${w.message}`).join('\n')}`,
      { file, line: rest[0]!.line },
      'Probably a typo in the task file'
    )
  }
}
