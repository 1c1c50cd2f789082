// What mode: review answers to input it cannot act on, decided by planReview in-process: no redo, no new
// task, one answer where the comment was made. The path from such an answer to the pull request (posted,
// nothing run, the branch unchanged) runs end to end in test/e2e/review.test.ts.
import { describe, expect, it } from 'vitest'
import { planReview, type Source } from '../../src/modes/review/decision.js'
import { TaskDocument } from '../../src/taskfile/document.js'

function doc(tasks: Record<string, unknown>[]): TaskDocument {
  const parsed = TaskDocument.parse(JSON.stringify({ project: 'demo', tasks }), 'task.json')
  if (!parsed.ok) throw new Error(parsed.problems.map(p => p.message).join('; '))
  return parsed.document
}

const done = (id: string) => ({
  id,
  description: `Write ${id}.txt`,
  status: 'completed',
  outputs: [`${id}.txt`]
})
const tasks = doc([done('a'), done('b'), { ...done('c'), dependencies: ['a'] }])
const commits = [
  { taskIds: ['c'], files: ['c.txt', 'task.json'] },
  { taskIds: ['b'], files: ['b.txt', 'task.json'] },
  { taskIds: ['a'], files: ['a.txt', 'task.json'] }
]

const comment = (id: number, body: string): Source => ({
  id,
  url: `https://github.example/octo/demo/pull/1#issuecomment-${id}`,
  author: 'alice',
  body,
  at: '2026-02-01T10:00:00Z',
  target: { kind: 'conversation' },
  eyes: { kind: 'issue', id }
})

function answerTo(sources: Source[], review?: { id: number; changesRequested: boolean }) {
  const plan = planReview({
    doc: tasks,
    commits,
    taskFile: 'task.json',
    sources,
    reviewId: review?.id,
    changesRequested: review?.changesRequested ?? false
  })
  expect(plan.redos.size).toBe(0)
  expect(plan.adds).toEqual([])
  expect(plan.eyes).toEqual([])
  expect(plan.notes).toHaveLength(1)
  expect(plan.notes[0].target).toEqual({ kind: 'conversation' })
  return plan.notes[0].text
}

describe('review answers that change nothing', () => {
  it('/taskmesh add without a description', () => {
    expect(answerTo([comment(802, '/taskmesh add   ')])).toContain('`/taskmesh add` needs a description')
  })

  it('a command it does not know, with the usage', () => {
    const text = answerTo([comment(803, '/taskmesh frobnicate')])
    expect(text).toContain('I do not know `/taskmesh frobnicate`')
    expect(text).toContain('/taskmesh redo <task-id>')
  })

  it('a "Request changes" review with neither inline comments nor a command', () => {
    const review: Source = { ...comment(91, 'Not like this.'), eyes: undefined }
    const text = answerTo([review], { id: 91, changesRequested: true })
    expect(text).toContain('cannot tell which task they are for')
    expect(text).toContain('`a`, `b`, `c`')
  })
})
