import { describe, expect, it } from 'vitest'
import { mergeTaskFileTexts } from '../../src/persist/task-file-merge.js'

type Doc = Record<string, unknown> & { tasks: Record<string, unknown>[]; logs?: unknown[] }

const doc = (over: Partial<Doc> = {}): Doc => ({
  project: 'p',
  status: 'pending',
  tasks: [
    { id: 'a', description: 'A', status: 'pending' },
    { id: 'b', description: 'B', status: 'pending' },
    { id: 'c', description: 'C', status: 'pending' }
  ],
  logs: [{ timestamp: 't0', message: 'start' }],
  ...over
})

const text = (d: unknown, indent: number | string = 2) => `${JSON.stringify(d, null, indent)}\n`

function setTask(d: Doc, id: string, fields: Record<string, unknown>): Doc {
  return { ...d, tasks: d.tasks.map(t => (t.id === id ? { ...t, ...fields } : t)) }
}

function merge(base: unknown, ours: unknown, theirs: unknown, theirsIndent: number | string = 2) {
  const r = mergeTaskFileTexts(text(base), text(ours), text(theirs, theirsIndent))
  if (!r.ok) throw new Error(r.reason)
  return { ...r, doc: JSON.parse(r.text) as Doc }
}

describe('mergeTaskFileTexts', () => {
  it('takes each side’s changed tasks and keeps the rest', () => {
    const base = doc()
    const ours = setTask(base, 'a', { status: 'completed', outputs: ['x'] })
    const theirs = setTask(base, 'b', { status: 'failed', error: 'boom' })
    const { doc: m, notes } = merge(base, ours, theirs)
    expect(m.tasks).toEqual([
      { id: 'a', description: 'A', status: 'completed', outputs: ['x'] },
      { id: 'b', description: 'B', status: 'failed', error: 'boom' },
      { id: 'c', description: 'C', status: 'pending' }
    ])
    expect(notes).toEqual([])
  })

  it('keeps tasks added on either side: theirs’ order, then ours’ new ones', () => {
    const base = doc()
    const ours = { ...base, tasks: [...base.tasks, { id: 'o1', description: 'O1' }] }
    const theirs = { ...base, tasks: [{ id: 't1', description: 'T1' }, ...base.tasks] }
    expect(merge(base, ours, theirs).doc.tasks.map(t => t.id)).toEqual(['t1', 'a', 'b', 'c', 'o1'])
  })

  it('honours a deletion only when the other side left the task alone', () => {
    const base = doc()
    const oursDeletesA = { ...base, tasks: base.tasks.filter(t => t.id !== 'a') }
    expect(merge(base, oursDeletesA, base).doc.tasks.map(t => t.id)).toEqual(['b', 'c'])
    const theirsChangedA = setTask(base, 'a', { status: 'completed' })
    expect(merge(base, oursDeletesA, theirsChangedA).doc.tasks.map(t => t.id)).toEqual(['a', 'b', 'c'])
    const theirsDeletesB = { ...base, tasks: base.tasks.filter(t => t.id !== 'b') }
    expect(merge(base, base, theirsDeletesB).doc.tasks.map(t => t.id)).toEqual(['a', 'c'])
    const oursChangedB = setTask(base, 'b', { status: 'completed' })
    expect(merge(base, oursChangedB, theirsDeletesB).doc.tasks.map(t => t.id)).toEqual(['a', 'c', 'b'])
  })

  it('when both changed one task, the version further along wins the fields both changed', () => {
    const base = doc()
    const ours = setTask(base, 'a', { status: 'in_progress', startedAt: 't1' })
    const theirs = setTask(base, 'a', {
      status: 'completed',
      startedAt: 't0',
      commit: 'abc',
      description: 'A!'
    })
    const { doc: m, notes } = merge(base, ours, theirs)
    expect(m.tasks[0]).toEqual({
      id: 'a',
      description: 'A!',
      status: 'completed',
      startedAt: 't0',
      commit: 'abc'
    })
    expect(notes).toHaveLength(1)
    expect(notes[0]).toMatch(/task a .*kept theirs/)

    // Completed beats failed; the run state comes whole from the winner (no stray `error`), while a
    // person's edit on the other side is kept.
    const ours2 = setTask(base, 'b', { status: 'completed', outputs: ['f'] })
    const theirs2 = setTask(base, 'b', { status: 'failed', error: 'x', details: 'edited by a person' })
    const m2 = merge(base, ours2, theirs2).doc
    expect(m2.tasks[1]).toEqual({
      id: 'b',
      description: 'B',
      status: 'completed',
      outputs: ['f'],
      details: 'edited by a person'
    })
  })

  it('appends our new log entries after theirs, without repeating shared ones', () => {
    const base = doc()
    const ours = {
      ...base,
      logs: [...base.logs!, { timestamp: 't1', message: 'ours 1' }, { timestamp: 't2', message: 'ours 2' }]
    }
    const theirs = {
      ...base,
      logs: [...base.logs!, { timestamp: 't1', message: 'theirs' }, { timestamp: 't2', message: 'ours 2' }]
    }
    expect(merge(base, ours, theirs).doc.logs).toEqual([
      { timestamp: 't0', message: 'start' },
      { timestamp: 't1', message: 'theirs' },
      { timestamp: 't2', message: 'ours 2' },
      { timestamp: 't1', message: 'ours 1' }
    ])
  })

  it('root fields: ours if ours changed them, else theirs; theirs’ key order', () => {
    const base = doc()
    const ours = { ...base, status: 'running', extra: 1 }
    const theirs = { description: 'new', ...base }
    const { doc: m, text: out } = merge(base, ours, theirs)
    expect(m.status).toBe('running')
    expect(m.description).toBe('new')
    expect(m.extra).toBe(1)
    expect(Object.keys(JSON.parse(out))).toEqual([
      'description',
      'project',
      'status',
      'tasks',
      'logs',
      'extra'
    ])
    const theirsStatus = { ...base, status: 'done' }
    expect(merge(base, base, theirsStatus).doc.status).toBe('done')
  })

  it('keeps theirs’ indentation and final newline', () => {
    const base = doc()
    const ours = setTask(base, 'a', { status: 'completed' })
    expect(merge(base, ours, base, 4).text).toBe(text(JSON.parse(merge(base, ours, base).text), 4))
    expect(merge(base, ours, base, '\t').text).toMatch(/^\{\n\t"project"/)
    const noNl = mergeTaskFileTexts(text(base), text(ours), JSON.stringify(base))
    expect(noNl.ok && noNl.text).toBe(
      JSON.stringify(JSON.parse(text(setTask(base, 'a', { status: 'completed' }))))
    )
    const bom = mergeTaskFileTexts(`\uFEFF${text(base)}`, text(ours), `\uFEFF${text(base)}`)
    expect(bom.ok && bom.text.startsWith('\uFEFF{\n  "project"')).toBe(true)
    const crlf = mergeTaskFileTexts(text(base), text(ours), text(base).replace(/\n/g, '\r\n'))
    expect(crlf.ok && crlf.text.endsWith('}\r\n') && !/[^\r]\n/.test(crlf.text)).toBe(true)
  })

  it('merges without a base (added on both sides): ours counts as changed', () => {
    const ours = setTask(doc(), 'a', { status: 'completed' })
    const theirs = setTask(doc(), 'b', { status: 'completed' })
    const r = mergeTaskFileTexts('', text(ours), text(theirs))
    expect(r.ok).toBe(true)
    const m = JSON.parse((r as { text: string }).text) as Doc
    expect(m.tasks.map(t => t.status)).toEqual(['completed', 'completed', 'pending'])
  })

  it('refuses what it cannot merge', () => {
    expect(mergeTaskFileTexts(text(doc()), '{ nope', text(doc()))).toMatchObject({
      ok: false,
      reason: /ours is not valid JSON/
    })
    const dup = { ...doc(), tasks: [{ id: 'a' }, { id: 'a' }] }
    expect(mergeTaskFileTexts(text(doc()), text(doc()), text(dup))).toMatchObject({
      ok: false,
      reason: /"a" appears twice/
    })
    expect(mergeTaskFileTexts(text(doc()), '[]', text(doc()))).toMatchObject({ ok: false })
  })
})
