import { describe, expect, it } from 'vitest'
import { planReview, type Source } from '../../src/modes/review/decision.js'
import { TaskDocument } from '../../src/taskfile/document.js'

function doc(tasks: Record<string, unknown>[]): TaskDocument {
  const r = TaskDocument.parse(JSON.stringify({ project: 'p', tasks }), 'task.json')
  if (!r.ok) throw new Error(r.problems.map(x => x.message).join('; '))
  return r.document
}

const done = (id: string, extra: Record<string, unknown> = {}) => ({
  id,
  description: `do ${id}`,
  status: 'completed',
  ...extra
})

function inline(id: number, path: string, body = `fix ${path}`): Source {
  return {
    id,
    url: `u#${id}`,
    author: 'alice',
    body,
    at: 't',
    path,
    line: 3,
    diffHunk: '@@',
    target: { kind: 'thread', commentId: id },
    eyes: { kind: 'review', id }
  }
}
const reviewBody = (id: number, body: string): Source => ({
  id,
  url: `r#${id}`,
  author: 'alice',
  body,
  at: 't',
  target: { kind: 'conversation' }
})

describe('planReview', () => {
  const commits = [
    { taskIds: ['b'], files: ['src/shared.ts', 'b.ts', 'task.json'] },
    { taskIds: ['a'], files: ['src/shared.ts', 'a.ts', 'task.json'] }
  ]

  it('sends each inline comment to the task that last changed its file, the body to every task touched', () => {
    const plan = planReview({
      doc: doc([done('a'), done('b'), done('c')]),
      commits,
      taskFile: 'task.json',
      sources: [
        inline(1, 'a.ts'),
        inline(2, 'src/shared.ts'),
        inline(3, 'a.ts', 'and this'),
        reviewBody(9, 'Overall: shorter.')
      ],
      reviewId: 9,
      changesRequested: true
    })
    expect([...plan.redos.keys()]).toEqual(['a', 'b'])
    expect(plan.redos.get('a')!.entries.map(e => e.id)).toEqual([1, 3, 9])
    expect(plan.redos.get('b')!.entries.map(e => e.id)).toEqual([2, 9])
    expect(plan.redos.get('a')!.items[0]).toMatchObject({
      path: 'a.ts',
      line: 3,
      diffHunk: '@@',
      body: 'fix a.ts'
    })
    expect(plan.redos.get('a')!.targets).toEqual([
      { kind: 'thread', commentId: 1 },
      { kind: 'thread', commentId: 3 },
      { kind: 'conversation' }
    ])
    expect(plan.eyes.map(e => e.id)).toEqual([1, 2, 3])
    expect(plan.notes).toEqual([])
  })

  it('falls back to the outputs of the task completed last when no task commit changed the file', () => {
    const plan = planReview({
      doc: doc([
        done('a', { outputs: ['x.ts'], completedAt: '2026-01-02T00:00:00Z' }),
        done('b', { outputs: ['x.ts'], completedAt: '2026-01-03T00:00:00Z' })
      ]),
      commits: [],
      taskFile: 'task.json',
      sources: [inline(1, 'x.ts')],
      changesRequested: true
    })
    expect([...plan.redos.keys()]).toEqual(['b'])
  })

  it('answers comments on the task file or files no task changed, and skips comments applied before', () => {
    const plan = planReview({
      doc: doc([done('a', { reviews: [{ id: 5, url: 'u#5', author: 'alice', body: 'x', at: 't' }] })]),
      commits,
      taskFile: 'task.json',
      sources: [inline(5, 'a.ts'), inline(6, 'task.json'), inline(7, 'README.md')],
      changesRequested: true
    })
    expect(plan.redos.size).toBe(0)
    expect(plan.skipped).toEqual(['u#5'])
    expect(plan.notes.map(n => n.target)).toEqual([
      { kind: 'thread', commentId: 6 },
      { kind: 'thread', commentId: 7 }
    ])
    expect(plan.notes[1].text).toContain('No task changed `README.md`')
  })

  it('refuses redos of unknown, running and not yet ready tasks', () => {
    const plan = planReview({
      doc: doc([
        done('a'),
        { id: 'r', description: 'r', status: 'in_progress' },
        { id: 'w', description: 'w', dependencies: ['r'] }
      ]),
      commits,
      taskFile: 'task.json',
      sources: [reviewBody(1, '/taskmesh redo zz\n/taskmesh redo r\n/taskmesh redo w\n/taskmesh redo a ok')],
      changesRequested: false
    })
    expect([...plan.redos.keys()]).toEqual(['a'])
    expect(plan.redos.get('a')!.items[0].body).toBe('ok')
    expect(plan.notes.map(n => n.text.split('\n')[1])).toEqual([
      expect.stringContaining('There is no task `zz`'),
      expect.stringContaining('Task `r` is running in another workflow run'),
      expect.stringContaining('Task `w` has not run yet and waits for `r`')
    ])
  })
})
