import { describe, expect, it } from 'vitest'
import { PROMPT_WARN_BYTES, promptSizeWarnings } from '../../src/engine/prompt.js'
import type { TaskFile } from '../../src/taskfile/schema.js'

const file = (tasks: TaskFile['tasks']): TaskFile => ({ project: 'p', tasks })

describe('promptSizeWarnings', () => {
  it('warns about a task whose prompt is over the limit in UTF-8 bytes, not in characters', () => {
    // 210,000 characters of "é" (2 bytes each): under the limit in characters, over it in bytes.
    const wide = 'é'.repeat(210_000)
    const ascii = 'a'.repeat(210_000)
    const w = promptSizeWarnings(
      file([
        { id: 'wide', description: wide },
        { id: 'ascii', description: ascii }
      ])
    )
    expect(w.map(x => x.taskId)).toEqual(['wide'])
    expect(w[0]!.bytes).toBeGreaterThan(PROMPT_WARN_BYTES)
  })

  it("counts the dependencies' results, and skips completed tasks", () => {
    const result = 'r'.repeat(5_000)
    const deps = Array.from({ length: 200 }, (_, i) => ({ id: `d${i}`, description: 'd', result }))
    const tasks = [...deps, { id: 'big', description: 'x', dependencies: deps.map(d => d.id) }]
    expect(promptSizeWarnings(file(tasks)).map(x => x.taskId)).toEqual(['big'])
    const done = tasks.map(t => (t.id === 'big' ? { ...t, status: 'completed' as const } : t))
    expect(promptSizeWarnings(file(done))).toEqual([])
  })

  it('stays silent for ordinary tasks', () => {
    const tasks = Array.from({ length: 1_000 }, (_, i) => ({ id: `t${i}`, description: 'Do part ' + i }))
    expect(promptSizeWarnings(file(tasks))).toEqual([])
  })
})
