// Task Master's tasks.json as the engine sees it (ids, dependencies, statuses, subtasks, priorities) and
// what is written back (Task Master's words, every other byte kept). The fixtures were made by the real
// Task Master CLI (test/fixtures/taskmaster/README.md).
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { buildPrompt } from '../../src/engine/prompt.js'
import { TaskGraph } from '../../src/plan/graph.js'
import { parseSettings } from '../../src/inputs/settings.js'
import { TaskDocument, type TaskFormatOptions } from '../../src/taskfile/document.js'
import { looksLikeTaskMaster } from '../../src/taskfile/formats/taskmaster.js'
import { heldReason } from '../../src/taskfile/task-meta.js'

const FIXTURES = path.join(import.meta.dirname, '../fixtures/taskmaster')
const fixture = (name: string) => readFileSync(path.join(FIXTURES, name, 'tasks.json'), 'utf8')
const TASKS = '.taskmaster/tasks/tasks.json'

function load(text: string, opts: TaskFormatOptions = {}): TaskDocument {
  const r = TaskDocument.parse(text, TASKS, opts)
  if (!r.ok) throw new Error(r.problems.map(p => p.message).join('\n'))
  return r.document
}

type Raw = Record<string, unknown>
const tmFile = (tasks: Raw[], extra: Raw = {}) =>
  JSON.stringify(
    { master: { tasks, metadata: { created: 'x', updated: 'y', description: 'Tasks' } }, ...extra },
    null,
    2
  ) + '\n'
const t = (id: number | string, more: Raw = {}): Raw => ({
  id,
  title: `Task ${id}`,
  description: `Do ${id}`,
  status: 'pending',
  dependencies: [],
  ...more
})

describe('recognising a Task Master file', () => {
  it('by its shape: tags holding tasks, or an untagged list with numeric ids', () => {
    expect(looksLikeTaskMaster(JSON.parse(fixture('after-add-task')))).toBe(true)
    expect(looksLikeTaskMaster(JSON.parse(fixture('after-set-status')))).toBe(true)
    expect(looksLikeTaskMaster({ tasks: [{ id: 1, title: 'a', description: 'b' }] })).toBe(true)
    expect(looksLikeTaskMaster({ project: 'p', tasks: [{ id: 'a', description: 'b' }] })).toBe(false)
    expect(looksLikeTaskMaster({ tasks: [{ id: 'build', description: 'b' }] })).toBe(false)
    expect(looksLikeTaskMaster({ tasks: [] })).toBe(false)
  })

  it('task-format: taskmaster reads an untagged file as the tag master', () => {
    const doc = load(JSON.stringify({ tasks: [t(1), t(2, { dependencies: [1] })] }), {
      format: 'taskmaster'
    })
    expect(doc.format).toBe('taskmaster')
    expect(doc.data.tasks.map(x => [x.id, x.dependencies])).toEqual([
      ['1', []],
      ['2', ['1']]
    ])
  })
})

describe('the engine view', () => {
  it('maps numeric and string ids alike, subtasks as "3.1", a parent as the tasks of its subtasks', () => {
    for (const name of ['after-add-task', 'after-set-status']) {
      const doc = load(fixture(name))
      expect(doc.tag).toBe('master')
      expect(
        doc.data.tasks.map(x => x.id),
        name
      ).toEqual(['1', '2', '3.1', '3.2', '4'])
      // 3.1 waits for what its task 3 waits for; 3.2 for its sibling too.
      expect(
        doc.data.tasks.map(x => x.dependencies),
        name
      ).toEqual([[], ['1'], ['1', '2'], ['3.1', '1', '2'], ['2']])
      expect(doc.expandIds(['3', '4'])).toEqual(['3.1', '3.2', '4'])
    }
  })

  it('a bare number in a subtask names a sibling; a dependency on a parent means all of its subtasks', () => {
    const doc = load(
      tmFile([
        t(1),
        t(2, { subtasks: [t(1), t(2, { dependencies: [1] }), t(3, { dependencies: ['1.0'] })] }),
        t(3, { dependencies: [2] })
      ]).replace('"1.0"', '"1"')
    )
    const deps = Object.fromEntries(doc.data.tasks.map(x => [x.id, x.dependencies]))
    expect(deps).toEqual({ '1': [], '2.1': [], '2.2': ['2.1'], '2.3': ['2.1'], '3': ['2.1', '2.2', '2.3'] })
  })

  it('a number no sibling has names the top-level task, as Task Master validate-dependencies reads it', () => {
    const doc = load(
      tmFile([t(1), t(2, { subtasks: [t(5, { dependencies: [1] }), t(6, { dependencies: [5] })] })])
    )
    expect(doc.data.tasks.find(x => x.id === '2.5')!.dependencies).toEqual(['1'])
    expect(doc.data.tasks.find(x => x.id === '2.6')!.dependencies).toEqual(['2.5'])
  })

  it('statuses: done is completed, in-progress resumes, blocked with an error is failed; the rest is held', () => {
    const doc = load(
      tmFile([
        t(1, { status: 'done' }),
        t(2, { status: 'in-progress' }),
        t(3, { status: 'blocked', error: 'verify failed' }),
        t(4, { status: 'blocked' }),
        t(5, { status: 'deferred' }),
        t(6, { status: 'cancelled' }),
        t(7, { status: 'review' }),
        t(8, { dependencies: [5] }),
        t(9, { dependencies: [7] }),
        t(10, { dependencies: [3] })
      ])
    )
    const tasks = doc.data.tasks
    expect(tasks.map(x => x.status)).toEqual([
      'completed',
      'in_progress',
      'failed',
      'pending',
      'pending',
      'pending',
      'completed',
      'pending',
      'pending',
      'pending'
    ])
    expect(tasks.map(x => heldReason(x))).toEqual([
      undefined,
      undefined,
      undefined,
      'blocked',
      'deferred',
      'cancelled',
      undefined,
      undefined,
      undefined,
      undefined
    ])
    const c = new TaskGraph(tasks).classify()
    expect(c.held).toEqual(['4', '5', '6'])
    // 8 waits for the deferred 5 (not run, not blocked by a failure); 9 may start (review counts as done);
    // 10 is blocked by the failed 3.
    expect(c.ready).toEqual(['2', '9'])
    expect(c.blocked).toEqual(['10'])
    expect(new TaskGraph(tasks).waves()).toEqual([['2', '9']])
  })

  it('review-counts-as-done: false holds a review task and its dependents', () => {
    const doc = load(tmFile([t(1, { status: 'review' }), t(2, { dependencies: [1] })]), {
      reviewIsDone: false
    })
    expect(heldReason(doc.data.tasks[0]!)).toBe('review')
    expect(new TaskGraph(doc.data.tasks).ready()).toEqual([])
  })

  it('priority orders the ready tasks (critical, high, medium, low; missing is medium), then file order', () => {
    const doc = load(
      tmFile([
        t(1, { priority: 'low' }),
        t(2),
        t(3, { priority: 'high' }),
        t(4, { priority: 'critical' }),
        t(5, { priority: 'medium' }),
        t(6, { subtasks: [t(1), t(2, { priority: 'low' })], priority: 'high' })
      ])
    )
    expect(new TaskGraph(doc.data.tasks).ready()).toEqual(['4', '3', '6.1', '2', '5', '1', '6.2'])
  })

  it('subtasks of a closed parent follow it: done parent → done, deferred parent → held', () => {
    const doc = load(
      tmFile([t(1, { status: 'done', subtasks: [t(1)] }), t(2, { status: 'deferred', subtasks: [t(1)] })])
    )
    expect(doc.data.tasks.map(x => [x.id, x.status, heldReason(x)])).toEqual([
      ['1.1', 'completed', undefined],
      ['2.1', 'pending', 'its task is deferred']
    ])
  })
})

describe('writing back', () => {
  it('an untouched file keeps its bytes', () => {
    for (const name of ['after-add-task', 'after-set-status']) {
      const doc = load(fixture(name))
      expect(doc.changed).toBe(false)
      expect(doc.serialize()).toBe(fixture(name))
    }
  })

  it("in Task Master's words, touching only the task, its parent, and the tag's metadata", () => {
    const before = fixture('after-add-task')
    const doc = load(before)
    const sub = doc.task('3.1')!
    sub.status = 'in_progress'
    sub.attempts = 1
    let after = JSON.parse(doc.serialize())
    expect(after.master.tasks[2].subtasks[0]).toMatchObject({ status: 'in-progress', attempts: 1 })
    // The parent follows: in progress as soon as one subtask is.
    expect(after.master.tasks[2].status).toBe('in-progress')

    sub.status = 'completed'
    const second = doc.task('3.2')!
    second.status = 'failed'
    second.error = 'tests failed'
    after = JSON.parse(doc.serialize())
    expect(after.master.tasks[2].subtasks.map((s: Raw) => s.status)).toEqual(['done', 'blocked'])
    expect(after.master.tasks[2].status).toBe('in-progress')
    second.status = 'completed'
    delete second.error
    after = JSON.parse(doc.serialize())
    expect(after.master.tasks[2].status).toBe('done')

    // Everything else is as it was: the other tag, the other tasks, the metadata's other keys.
    const orig = JSON.parse(before)
    expect(after['feature-x']).toEqual(orig['feature-x'])
    expect(after.master.tasks[0]).toEqual(orig.master.tasks[0])
    expect(after.master.metadata.created).toBe(orig.master.metadata.created)
    expect(after.master.metadata.updated).not.toBe(orig.master.metadata.updated)
    expect(Object.keys(after.master.tasks[2]).slice(0, 9)).toEqual(Object.keys(orig.master.tasks[2]))
    // Numeric ids stay numbers.
    expect(after.master.tasks[2].subtasks[1].id).toBe(2)
    expect(after.master.tasks[2].dependencies).toEqual([1, 2])
  })

  it("keeps Task Master's newer metadata (lastModified, completedCount) true", () => {
    const doc = load(fixture('after-set-status'))
    doc.task('2')!.status = 'completed'
    const after = JSON.parse(doc.serialize())
    expect(after.master.metadata.completedCount).toBe(2)
    expect(after.master.metadata.taskCount).toBe(4)
    expect(after.master.metadata).not.toHaveProperty('updated')
    expect(after.master.tasks[1].updatedAt).toMatch(/^\d{4}-/)
  })

  it('run logs stay out of the file (Task Master has no place for them)', () => {
    const doc = load(fixture('after-add-task'))
    doc.appendLog({ message: 'hello' })
    expect(doc.changed).toBe(false)
  })

  it('annotations point at the task or subtask in the file', () => {
    const text = fixture('after-add-task')
    const doc = load(text)
    const lines = text.split('\n')
    expect(lines[doc.taskLine('3.2')! - 1]).toMatch(/^\s+\{$/)
    expect(lines[doc.taskLine('3.2')!]).toContain('"id": 2')
    expect(lines[doc.taskLine('4')!]).toContain('"id": 4')
  })
})

describe('tags', () => {
  it('runs the tag asked for; an unknown tag lists the tags there are', () => {
    const doc = load(fixture('after-add-task'), { tag: 'feature-x' })
    expect(doc.data.tasks.map(x => x.id)).toEqual(['1'])
    const r = TaskDocument.parse(fixture('after-add-task'), TASKS, { tag: 'nope' })
    expect(r.ok).toBe(false)
    if (!r.ok) expect(r.problems[0]!.message).toContain('has no tag "nope"; its tags are: master, feature-x')
  })

  it('settings: no task.json but a Task Master project → its file, and the tag from state.json', () => {
    const ws = mkdtempSync(path.join(os.tmpdir(), 'taskmesh-tm-'))
    mkdirSync(path.join(ws, '.taskmaster', 'tasks'), { recursive: true })
    writeFileSync(path.join(ws, TASKS), fixture('after-add-task'))
    writeFileSync(path.join(ws, '.taskmaster', 'state.json'), JSON.stringify({ currentTag: 'feature-x' }))
    const s = parseSettings(() => '', ws, {})
    expect(s.taskFilePath).toBe(path.join(ws, TASKS))
    expect(s.taskFileDisplay).toBe(TASKS)
    expect(s.taskFormat).toMatchObject({ format: 'auto', tag: 'feature-x', reviewIsDone: true })
    expect(s.taskFormat.project).toBe(`${path.basename(ws)} feature-x`)
    expect(parseSettings(n => (n === 'tag' ? 'master' : ''), ws, {}).taskFormat.tag).toBe('master')
    // A task.json wins.
    writeFileSync(path.join(ws, 'task.json'), '{}')
    expect(parseSettings(() => '', ws, {}).taskFilePath).toBe(path.join(ws, 'task.json'))
  })
})

describe('the prompt', () => {
  it("gets details, testStrategy as the check, and a subtask's parent as context", () => {
    const doc = load(
      tmFile([
        t(1, {
          title: 'CLI',
          details: 'Use commander',
          testStrategy: 'Run cli --help',
          subtasks: [t(1, { title: 'Flags', details: 'parseArgs', testStrategy: 'unit tests for flags' })]
        })
      ])
    )
    const task = doc.task('1.1')!
    const prompt = buildPrompt({
      file: doc.data,
      task,
      dependencies: [],
      taskFileName: TASKS,
      attempt: 1,
      maxAttempts: 1
    })
    expect(prompt).toContain('Task id: 1.1')
    expect(prompt).toContain('Details:\nparseArgs')
    expect(prompt).toContain('How the result will be checked:\nunit tests for flags')
    expect(prompt).toContain('## This task is part of task 1 · CLI')
    expect(prompt).toContain('Details of the whole task:\nUse commander')
    expect(prompt).toContain('How the whole task will be checked:\nRun cli --help')
    expect(prompt).toContain(`Do not edit \`${TASKS}\``)
  })
})

describe('merging two runs of one Task Master file (matrix jobs pushing to one branch)', () => {
  it("keeps both runs' subtasks of one parent, each tag merged on its own", async () => {
    const { mergeTaskFileTexts } = await import('../../src/persist/task-file-merge.js')
    const base = fixture('after-add-task')
    const a = load(base)
    a.task('3.1')!.status = 'completed'
    a.task('3.1')!.attempts = 1
    const ours = a.serialize()
    const b = load(base, { tag: 'master' })
    b.task('1')!.status = 'completed'
    b.task('3.2')!.status = 'failed'
    b.task('3.2')!.error = 'verify failed'
    const theirs = b.serialize()
    const r = mergeTaskFileTexts(base, ours, theirs)
    if (!r.ok) throw new Error(r.reason)
    const m = JSON.parse(r.text)
    expect(m.master.tasks[0].status).toBe('done')
    expect(m.master.tasks[2].subtasks.map((s: Raw) => [s.id, s.status, s.error])).toEqual([
      [1, 'done', undefined],
      [2, 'blocked', 'verify failed']
    ])
    expect(m.master.tasks[2].subtasks[0].attempts).toBe(1)
    expect(m['feature-x']).toEqual(JSON.parse(base)['feature-x'])
    // Still a valid Task Master file, in its layout.
    expect(load(r.text).data.tasks.map(x => x.status)).toEqual([
      'completed',
      'pending',
      'completed',
      'failed',
      'pending'
    ])
    expect(r.text.endsWith('\n}')).toBe(true) // Task Master writes no final newline; neither does the merge
  })
})
