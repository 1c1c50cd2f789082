import { describe, expect, it } from 'vitest'
import { editDistance, findNearMisses } from '../../src/taskfile/near-miss.js'
import { validateTaskFileText } from '../../src/taskfile/validate.js'

const fileWithTask = (extra: Record<string, unknown>) => ({
  project: 'demo',
  tasks: [
    { id: 'a', description: 'first' },
    { id: 'b', description: 'second', ...extra }
  ]
})

/** Keys people type instead of a known one, and what they meant. */
const TASK_NEAR_MISSES: [string, string][] = [
  ['dependsOn', 'dependencies'],
  ['depends_on', 'dependencies'],
  ['depends-on', 'dependencies'],
  ['deps', 'dependencies'],
  ['dependency', 'dependencies'],
  ['Dependencies', 'dependencies'],
  ['dependecies', 'dependencies'],
  ['dependencis', 'dependencies'],
  ['needs', 'dependencies'],
  ['blocked_by', 'dependencies'],
  ['desc', 'description'],
  ['descripton', 'description'],
  ['Description', 'description'],
  ['maxturns', 'maxTurns'],
  ['max_turns', 'maxTurns'],
  ['max-turns', 'maxTurns'],
  ['maxTurn', 'maxTurns'],
  ['allowed_tools', 'allowedTools'],
  ['allowedtools', 'allowedTools'],
  ['timeout', 'timeoutMinutes'],
  ['timeout_minutes', 'timeoutMinutes'],
  ['max_attempts', 'maxAttempts'],
  ['retries', 'maxAttempts'],
  ['max_budget_usd', 'maxBudgetUsd'],
  ['budget', 'maxBudgetUsd'],
  ['verfy', 'verify'],
  ['titel', 'title'],
  ['name', 'title'],
  ['detail', 'details'],
  ['stauts', 'status'],
  ['modle', 'model'],
  ['estimate_minutes', 'estimateMinutes']
]

/** Custom fields that are near nothing Taskmesh knows: they must stay silent. */
const LEGITIMATE = [
  'owner',
  'meta',
  'labels',
  'tags',
  'priority',
  'notes',
  'assignee',
  'subtasks',
  'testStrategy',
  'type',
  'url',
  'issue',
  'createdBy',
  'x-team',
  'results',
  'errors',
  'summary',
  'points',
  'epic',
  'component'
]

describe('unknown keys near a known one', () => {
  it.each(TASK_NEAR_MISSES)('a task key %s suggests %s', (key, suggestion) => {
    const data = fileWithTask({ [key]: ['a'] })
    // `desc` instead of `description`: the task has no description then.
    delete (data.tasks[1] as Record<string, unknown>)[suggestion]
    expect(findNearMisses(data)).toEqual([{ path: ['tasks', 1, key], key, suggestion }])
  })

  it.each(LEGITIMATE)('a custom task field %s stays silent', key => {
    expect(findNearMisses(fileWithTask({ [key]: 'x' }))).toEqual([])
  })

  it('knows top-level typos: taks, task, Project, desc', () => {
    const data = { project: 'p', taks: [] }
    expect(findNearMisses(data)).toEqual([{ path: ['taks'], key: 'taks', suggestion: 'tasks' }])
    expect(findNearMisses({ Project: 'p', tasks: [] })).toEqual([
      { path: ['Project'], key: 'Project', suggestion: 'project' }
    ])
    expect(findNearMisses({ project: 'p', tasks: [], desc: 'd' })[0]?.suggestion).toBe('description')
  })

  it('stays silent for custom top-level fields and for keys the action writes', () => {
    const data = {
      project: 'p',
      owner: 'me',
      meta: {},
      labels: [],
      version: 2,
      status: 'done',
      logs: [],
      tasks: [{ id: 'a', description: 'd', attempts: 1, result: 'ok', commit: 'abc', costUsd: 0 }]
    }
    expect(findNearMisses(data)).toEqual([])
  })

  it('says nothing about `taks` next to a real `tasks`', () => {
    expect(findNearMisses({ project: 'p', taks: [], tasks: [] })).toEqual([])
  })

  it('says nothing when the object already has the key the near one would be a typo of', () => {
    expect(findNearMisses(fileWithTask({ dependencies: ['a'], deps: 'x', dependsOn: 'y' }))).toEqual([])
    expect(findNearMisses(fileWithTask({ title: 'T', name: 'n' }))).toEqual([])
  })

  it('does not guess for short keys one edit from another word', () => {
    expect(findNearMisses(fileWithTask({ ids: 1, mod: 2, tit: 3 }))).toEqual([])
  })
})

describe('validate reports near misses as warnings with path and line', () => {
  it('keeps the file valid, and the warning names the key, the suggestion, the task and the line', () => {
    const text = JSON.stringify(fileWithTask({ dependsOn: ['a'] }), null, 2)
    const result = validateTaskFileText(text, 'task.json')
    expect(result.ok).toBe(true)
    expect(result.warnings).toHaveLength(1)
    const [w] = result.warnings
    expect(w!.code).toBe('near-miss-key')
    expect(w!.message).toMatch(
      /^tasks\[1\]\.dependsOn: unknown field in task "b"; did you mean `dependencies`\?/
    )
    const line = text.split('\n').findIndex(l => l.includes('"dependsOn"')) + 1
    expect(w!.line).toBe(line)
  })

  it('warns about a top-level near miss in a valid file too', () => {
    const text = JSON.stringify({ project: 'p', desc: 'd', tasks: [{ id: 'a', description: 'x' }] }, null, 2)
    const result = validateTaskFileText(text, 'task.json')
    expect(result.ok).toBe(true)
    expect(result.warnings.map(w => w.message)).toEqual([
      expect.stringContaining('did you mean `description`?')
    ])
  })

  it('also warns in a file that has errors', () => {
    const text = JSON.stringify({ project: 'p', taks: [{ id: 'a' }] }, null, 2)
    const result = validateTaskFileText(text, 'task.json')
    expect(result.ok).toBe(false)
    expect(result.warnings.map(w => w.message)).toEqual([expect.stringContaining('did you mean `tasks`?')])
  })
})

describe('editDistance', () => {
  it('counts insertions, deletions, substitutions and adjacent swaps', () => {
    expect(editDistance('taks', 'tasks')).toBe(1)
    expect(editDistance('stauts', 'status')).toBe(1)
    expect(editDistance('kitten', 'sitting')).toBe(3)
    expect(editDistance('abc', 'abc')).toBe(0)
    expect(editDistance('abcdef', 'uvwxyz', 2)).toBe(3)
  })
})
