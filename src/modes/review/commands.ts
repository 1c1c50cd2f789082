/**
 * `/taskmesh …` commands in a pull-request comment, review comment or review body. A command starts a line
 * (up to three spaces in, as Markdown allows); lines inside fenced code blocks and quotes (`> …`, what
 * "Quote reply" makes of an earlier comment) are never commands.
 */

export type Command =
  /** `taskId` is absent when the comment said only `/taskmesh redo` (an inline comment: its file's task). */
  | { kind: 'redo'; taskId?: string; feedback: string }
  | { kind: 'add'; description: string }
  | { kind: 'status' }
  | { kind: 'unknown'; text: string }

export const USAGE = [
  '`/taskmesh redo <task-id> [what to change…]` — redo that task with your feedback (the rest of the line and the lines below it)',
  '`/taskmesh add <description…>` — add a new task and run it',
  '`/taskmesh status` — show the tasks and what is ready'
]

const COMMAND = /^ {0,3}\/taskmesh(?=\s|$)(.*)$/i
const FENCE = /^ {0,3}(`{3,}|~{3,})/

/** The lines of `text`, and those that start a command (outside code fences and quotes). */
function scan(text: string): { lines: string[]; starts: { index: number; rest: string }[] } {
  const lines = text.replace(/\r\n?/g, '\n').split('\n')
  const starts: { index: number; rest: string }[] = []
  let fence: string | null = null
  lines.forEach((line, i) => {
    const f = FENCE.exec(line)
    if (fence) {
      if (f && f[1]![0] === fence[0] && f[1]!.length >= fence.length) fence = null
      return
    }
    if (f) {
      fence = f[1]!
      return
    }
    const m = /^ {0,3}>/.test(line) ? null : COMMAND.exec(line)
    if (m) starts.push({ index: i, rest: m[1]!.trim() })
  })
  return { lines, starts }
}

/** The commands of `text`, in order. */
export function parseCommands(text: string): Command[] {
  const { lines, starts } = scan(text)

  return starts.map((s, n) => {
    const end = n + 1 < starts.length ? starts[n + 1]!.index : lines.length
    // The lines below a command, up to the next one, belong to it (code blocks included, for feedback).
    const below = lines.slice(s.index + 1, end).join('\n')
    const [word = '', ...restWords] = s.rest.split(/\s+/)
    const afterWord = s.rest.slice(word.length).trim()
    switch (word.toLowerCase()) {
      case 'redo': {
        const id = restWords[0]
        const feedbackLine = id ? afterWord.slice(id.length).trim() : ''
        return {
          kind: 'redo',
          taskId: id || undefined,
          feedback: joinText(feedbackLine, below)
        }
      }
      case 'add':
        return { kind: 'add', description: joinText(afterWord, below) }
      case 'status':
        return afterWord === '' ? { kind: 'status' } : { kind: 'unknown', text: `/taskmesh ${s.rest}` }
      default:
        return { kind: 'unknown', text: `/taskmesh ${s.rest}`.trim() }
    }
  })
}

/** The text of `body` without its command lines (what is left is feedback for a review's tasks). */
export function withoutCommands(body: string): string {
  const { lines, starts } = scan(body)
  // Everything from the first command on belongs to the commands.
  return lines
    .slice(0, starts[0]?.index ?? lines.length)
    .join('\n')
    .trim()
}

function joinText(line: string, below: string): string {
  return [line, below.replace(/^\n+|\s+$/g, '')].filter(Boolean).join('\n').trim()
}
