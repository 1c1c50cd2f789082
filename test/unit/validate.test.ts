import { describe, expect, it } from 'vitest'
import { taskFileSchemas } from '../../src/taskfile/schema.js'
import {
  FAST_LOG_CHECKS,
  FAST_ROOT_CHECKS,
  FAST_TASK_CHECKS,
  findCycles,
  idProblem,
  passesFastCheck,
  validateTaskFileText
} from '../../src/taskfile/validate.js'

const { TaskFileSchema, TaskSchema } = taskFileSchemas()

const file = (tasks: unknown[], extra: Record<string, unknown> = {}) =>
  JSON.stringify({ project: 'demo', tasks, ...extra }, null, 2)

function problemsOf(text: string) {
  const result = validateTaskFileText(text, 'task.json')
  if (result.ok) throw new Error('expected problems')
  return result.problems
}

describe('validateTaskFileText', () => {
  it('accepts a valid file and returns the parsed object with key order and unknown fields', () => {
    const text =
      '{"zzz": 1, "project": "p", "tasks": [{"x": true, "id": "a", "description": "d", "status": "in_progress"}]}'
    const result = validateTaskFileText(text, 'task.json')
    expect(result.ok).toBe(true)
    if (!result.ok) return
    expect(Object.keys(result.data)).toEqual(['zzz', 'project', 'tasks'])
    expect(Object.keys(result.data.tasks[0]!)).toEqual(['x', 'id', 'description', 'status'])
  })

  it('does not treat a task left in_progress as a problem', () => {
    expect(validateTaskFileText(file([{ id: 'a', description: 'd', status: 'in_progress' }]), 't').ok).toBe(
      true
    )
  })

  it('reports a syntax error with line and column and names the file', () => {
    const [problem] = problemsOf('{\n  "project": "p",\n  "tasks": [,]\n}')
    expect(problem).toMatchObject({ code: 'not-json', line: 3, column: 13 })
    expect(problem!.message).toMatch(/^task\.json is not valid JSON at line 3, column 13: /)
  })

  it('collects every problem, sorted by line, each with its JSON path and line', () => {
    const text = file([
      { id: 'ok', description: 'fine' },
      { id: 'bad id', description: 3 },
      { id: 'c', description: 'x', status: 'done', dependencies: ['ghost', 'c'] }
    ])
    const problems = problemsOf(text)
    expect(problems.map(p => [p.code, p.path.join('.'), p.line])).toEqual([
      ['invalid-id', 'tasks.1.id', 9],
      ['wrong-type', 'tasks.1.description', 10],
      ['unknown-status', 'tasks.2.status', 15],
      ['unknown-dependency', 'tasks.2.dependencies.0', 17],
      ['self-dependency', 'tasks.2.dependencies.1', 18]
    ])
    expect(problems[3]!.message).toBe(
      'tasks[2].dependencies[0]: unknown task "ghost" (task "c" depends on it).'
    )
  })

  it('runs the graph checks even when the schema found problems elsewhere', () => {
    const problems = problemsOf(
      file([
        { id: 'a', description: '', dependencies: ['b'] },
        { id: 'b', description: 'x', dependencies: ['a'], maxTurns: 1.5 }
      ])
    )
    expect(problems).toHaveLength(3)
    expect(problems.some(p => p.message.includes('dependency cycle a → b → a'))).toBe(true)
    expect(problems.some(p => p.path.join('.') === 'tasks.0.description')).toBe(true)
    expect(problems.some(p => p.path.join('.') === 'tasks.1.maxTurns')).toBe(true)
  })

  it('names both lines of a duplicate id, and points at the line its text names last', () => {
    const text = file([
      { id: 'a', description: 'x' },
      { id: 'a', description: 'y' }
    ])
    const problems = problemsOf(text)
    expect(problems).toHaveLength(1)
    // The lines of the two `"id": "a"`, in the file as written (objects open on lines 4 and 8).
    const idLines = text.split('\n').flatMap((l, i) => (l.includes('"id": "a"') ? [i + 1] : []))
    expect(idLines).toEqual([5, 9])
    expect(problems[0]!.message).toContain('used on line 5 (tasks[0]) and line 9 (tasks[1])')
    expect(problems[0]!.line).toBe(9)
  })

  it('does not repeat an invalid dependency id as an unknown dependency', () => {
    const problems = problemsOf(file([{ id: 'a', description: 'x', dependencies: ['no spaces allowed'] }]))
    expect(problems.map(p => p.code)).toEqual(['invalid-id'])
    expect(problems[0]!.message).toContain('invalid dependency id "no spaces allowed"')
  })

  it('reports each cycle once, printed from its first task in file order', () => {
    const problems = problemsOf(
      file([
        { id: 'a', description: 'x', dependencies: ['b'] },
        { id: 'b', description: 'x', dependencies: ['c'] },
        { id: 'c', description: 'x', dependencies: ['a'] },
        { id: 'd', description: 'x', dependencies: ['e', 'a'] },
        { id: 'e', description: 'x', dependencies: ['d'] },
        { id: 'f', description: 'x', dependencies: ['a', 'd'] }
      ])
    )
    expect(problems.map(p => p.message)).toEqual([
      'tasks[0].dependencies: dependency cycle a → b → c → a; no task in it can ever start.',
      'tasks[3].dependencies: dependency cycle d → e → d; no task in it can ever start.'
    ])
  })

  it('finds a cycle through 100,000 tasks without recursion', () => {
    const n = 100_000
    const tasks = Array.from({ length: n }, (_, i) => ({
      id: `t${i}`,
      description: 'x',
      dependencies: [`t${(i + 1) % n}`]
    }))
    const problems = problemsOf(JSON.stringify({ project: 'p', tasks }))
    expect(problems).toHaveLength(1)
    expect(problems[0]!.message).toMatch(
      /^tasks\[0\]\.dependencies: dependency cycle t0 → t1 → t2 → .* → t99999 → t0;/
    )
  })
})

describe('findCycles', () => {
  it('returns one cycle per strongly connected component', () => {
    // 0→1→2→0 and 1→0 (same component), 3→4→3, 5→0 (not in a cycle)
    const edges = [[1], [2, 0], [0], [4], [3], [0]]
    const start = new Int32Array(edges.length + 1)
    const targets: number[] = []
    edges.forEach((e, i) => {
      start[i] = targets.length
      targets.push(...e)
    })
    start[edges.length] = targets.length
    expect(findCycles(edges.length, start, targets)).toEqual([
      [0, 1],
      [3, 4]
    ])
  })
})

describe('idProblem', () => {
  it('explains why an id is invalid', () => {
    expect(idProblem('ok-1.x_y')).toBeUndefined()
    expect(idProblem('')).toContain('empty')
    expect(idProblem('a'.repeat(65))).toContain('at most 64')
    expect(idProblem('-a')).toContain('start with a letter or digit')
    expect(idProblem('a b')).toContain('spaces')
    expect(idProblem('a/b')).toContain('may only contain')
  })
})

describe('the fast path agrees with zod', () => {
  const probes: unknown[] = [
    'x',
    '',
    'a b',
    '-a',
    'a'.repeat(64),
    'a'.repeat(65),
    'pending',
    'in_progress',
    'done',
    'info',
    'error',
    0,
    1,
    -1,
    1.5,
    2 ** 60,
    true,
    null,
    [],
    [''],
    ['x'],
    ['a', 'b c'],
    ['ok', 1],
    {},
    { a: 1 }
  ]
  const baseTask = { id: 'a', description: 'd' }

  it('has a twin for every field of the schema, and no other', () => {
    // Required for safety: the fast path knows the fields by their twins (it does not build zod's schemas),
    // so a schema field without one would pass the fast path unchecked.
    expect(Object.keys(FAST_TASK_CHECKS).sort()).toEqual(Object.keys(TaskSchema.shape).sort())
    expect(Object.keys(FAST_ROOT_CHECKS).sort()).toEqual(Object.keys(TaskFileSchema.shape).sort())
    expect(Object.keys(FAST_LOG_CHECKS).sort()).toEqual(
      Object.keys(taskFileSchemas().LogEntrySchema.shape).sort()
    )
  })

  it.each(Object.keys(TaskSchema.shape))('task field %s', key => {
    for (const value of probes) {
      const data = { project: 'p', tasks: [{ ...baseTask, [key]: value }] }
      // Being more lenient than zod would let a bad file run; being stricter would only cost speed.
      expect(passesFastCheck(data), `${key}=${JSON.stringify(value)}`).toBe(
        TaskFileSchema.safeParse(data).success
      )
    }
  })

  it.each(Object.keys(TaskFileSchema.shape).filter(k => k !== 'tasks'))('root field %s', key => {
    for (const value of probes) {
      const data = { project: 'p', tasks: [], [key]: value }
      expect(passesFastCheck(data), `${key}=${JSON.stringify(value)}`).toBe(
        TaskFileSchema.safeParse(data).success
      )
    }
  })

  it.each(Object.keys(FAST_LOG_CHECKS))('log field %s', key => {
    for (const value of probes) {
      const data = { project: 'p', tasks: [], logs: [{ timestamp: 't', message: 'm', [key]: value }] }
      expect(passesFastCheck(data), `${key}=${JSON.stringify(value)}`).toBe(
        TaskFileSchema.safeParse(data).success
      )
    }
  })

  it('rejects structural problems', () => {
    for (const data of [
      null,
      [],
      { tasks: [] },
      { project: 'p' },
      { project: 'p', tasks: [1] },
      { project: 'p', tasks: [{ id: 'a' }] }
    ]) {
      expect(passesFastCheck(data)).toBe(false)
      expect(TaskFileSchema.safeParse(data).success).toBe(false)
    }
  })
})
