// How decompose appends to a task file as text (src/taskfile/append.ts) and checks a proposal (checkProposal): pure
// functions, no CLI. The layouts here are the ones a re-serialization would not keep.
import { describe, expect, it } from 'vitest'
import { buildDecomposePrompt } from '../../src/modes/decompose/prompt.js'
import { checkProposal } from '../../src/modes/decompose/proposal.js'
import { appendToTaskFileText } from '../../src/taskfile/append.js'
import { TaskDocument } from '../../src/taskfile/document.js'
import type { TaskFile } from '../../src/taskfile/schema.js'

const NEW = { id: 'n1', description: 'New.', status: 'pending', dependencies: [] }
const LOG = { timestamp: '2025-01-01T00:00:00.000Z', message: 'planned' }

function appendAndParse(text: string) {
  const out = appendToTaskFileText(text, [NEW], LOG)
  const parsed = TaskDocument.parse(out, 'task.json')
  expect(parsed.ok).toBe(true)
  return { out, data: JSON.parse(out.replace(/^\uFEFF/, '')) }
}

describe('appendToTaskFileText', () => {
  it('keeps every byte before the insertion points (compact arrays, 1.0, escapes, odd spacing)', () => {
    const text =
      '{\n  "project": "p",\n  "tasks": [\n    {"id": "a", "description": "caf\\u00e9", "estimateMinutes": 1.0,  "dependencies": []}\n  ],\n  "logs": []\n}\n'
    const { out, data } = appendAndParse(text)
    const head = text.slice(0, text.indexOf('}\n  ],') + 1)
    expect(out.startsWith(head)).toBe(true)
    expect(out).toContain(
      '{"id": "a", "description": "caf\\u00e9", "estimateMinutes": 1.0,  "dependencies": []}'
    )
    expect(data.tasks.map((t: { id: string }) => t.id)).toEqual(['a', 'n1'])
    expect(data.logs).toEqual([LOG])
    expect(out.endsWith('}\n')).toBe(true)
  })

  it('fills an empty tasks array and adds a logs key when there is none', () => {
    const { out, data } = appendAndParse('{\n  "project": "p",\n  "tasks": []\n}\n')
    expect(data).toEqual({ project: 'p', tasks: [NEW], logs: [LOG] })
    expect(out).toBe(
      '{\n  "project": "p",\n  "tasks": [\n    {\n      "id": "n1",\n      "description": "New.",\n      "status": "pending",\n      "dependencies": []\n    }\n  ],\n  "logs": [\n    {\n      "timestamp": "2025-01-01T00:00:00.000Z",\n      "message": "planned"\n    }\n  ]\n}\n'
    )
  })

  it('keeps CRLF line endings, tabs, a BOM, and a logs array placed before tasks', () => {
    const text =
      '\uFEFF{\r\n\t"project": "p",\r\n\t"logs": [],\r\n\t"tasks": [\r\n\t\t{"id": "a", "description": "A"}\r\n\t]\r\n}'
    const { out, data } = appendAndParse(text)
    expect(out.startsWith('\uFEFF{\r\n\t"project": "p",\r\n\t"logs": [')).toBe(true)
    expect(out).not.toMatch(/[^\r]\n/)
    expect(out).toContain('\r\n\t\t{"id": "a", "description": "A"},\r\n\t\t{\r\n\t\t\t"id": "n1"')
    expect(out.endsWith('\r\n\t]\r\n}')).toBe(true)
    expect(data.tasks).toHaveLength(2)
  })

  it('handles a one-line file', () => {
    const { data } = appendAndParse('{"project":"p","tasks":[{"id":"a","description":"A"}]}')
    expect(data.tasks.map((t: { id: string }) => t.id)).toEqual(['a', 'n1'])
    expect(data.logs).toEqual([LOG])
  })
})

describe('checkProposal', () => {
  const base: TaskFile = {
    project: 'p',
    tasks: [
      { id: 'a', title: 'First', description: 'A', status: 'completed' },
      { id: 'b', description: 'B', dependencies: ['a'] }
    ]
  }
  const t = (id: string, dependencies: string[] = [], extra = {}) => ({
    id,
    title: id.toUpperCase(),
    description: `Do ${id}.`,
    dependencies,
    ...extra
  })

  it('accepts new tasks that depend on existing ones, keeping only the known fields', () => {
    const r = checkProposal(
      { tasks: [t('c', ['a', 'b'], { status: 'completed', costUsd: 3 }), t('d', ['c'])] },
      base,
      'task.json'
    )
    expect(r).toEqual({
      ok: true,
      tasks: [
        { id: 'c', title: 'C', description: 'Do c.', dependencies: ['a', 'b'] },
        { id: 'd', title: 'D', description: 'Do d.', dependencies: ['c'] }
      ]
    })
  })

  it('names every problem by the index in the answer', () => {
    const r = checkProposal(
      {
        tasks: [
          t('x', ['y']),
          t('y', ['x']),
          t('x'),
          t('a'),
          t('z', ['ghost']),
          { id: 'bad id!', title: 'T', description: '', dependencies: [] },
          t('w', ['w']),
          { id: 'u', description: 'no title', dependencies: [] }
        ]
      },
      base,
      'task.json'
    )
    expect(r.ok).toBe(false)
    const problems = (r as { problems: string[] }).problems
    expect(problems).toEqual(
      expect.arrayContaining([
        'tasks[2].id: "x" is also the id of tasks[0]; ids must be unique.',
        expect.stringMatching(
          /^tasks\[3\]\.id: "a" is already the id of an existing task \("First", completed\)/
        ),
        'tasks[4].dependencies[0]: unknown task "ghost" (task "z" depends on it).',
        'tasks[6].dependencies[0]: task "w" depends on itself.',
        'tasks[7] ("u").title: every task needs a short title.',
        expect.stringContaining('dependency cycle x → y → x')
      ])
    )
    expect(problems.some(p => p.startsWith('tasks[5].id'))).toBe(true)
    expect(problems.some(p => p.startsWith('tasks[5].description'))).toBe(true)
    expect(problems.join('\n')).not.toContain('duplicate task id')
  })

  it('asks for a structured answer when there is none, and for at least one task', () => {
    expect(checkProposal(undefined, base, 'task.json')).toMatchObject({
      ok: false,
      problems: [expect.stringContaining('call the StructuredOutput tool')]
    })
    expect(checkProposal({ tasks: [] }, base, 'task.json')).toMatchObject({
      ok: false,
      problems: [expect.stringContaining('at least one task')]
    })
    expect(checkProposal([1], base, 'task.json')).toMatchObject({ ok: false })
  })
})

describe('buildDecomposePrompt', () => {
  it('caps the list of existing tasks and still lists their ids', () => {
    const existing = Array.from({ length: 1000 }, (_, i) => ({ id: `t${i}`, description: `Task ${i}` }))
    const prompt = buildDecomposePrompt({
      project: 'p',
      request: 'r',
      existing,
      taskFileName: 'task.json',
      try: 1,
      maxTries: 3
    })
    expect(prompt).toContain('- t299 [pending] Task 299')
    expect(prompt).not.toContain('- t300 [pending]')
    expect(prompt).toContain('Ids of the other 700: t300, t301')
    expect(prompt).toContain('t999')
    expect(prompt.length).toBeLessThan(30_000)
  })
})
