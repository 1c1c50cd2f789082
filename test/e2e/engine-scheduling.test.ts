/**
 * Run engine, end to end through dist/index.js with the real Claude Code CLI against the local Messages
 * API: what Claude is told, dependency order, scope (`tasks`), retrying, and the task file
 * staying the engine's. The rules themselves (order, scope, resuming, retries in scope) are tested
 * in-process in test/unit/engine/; resuming end to end is the SIGKILL test in engine-interrupts.test.ts.
 */
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { TaskDocument } from '../../src/taskfile/document.js'
import { visibleLog } from '../support/action.js'
import {
  byId,
  engineFixtures,
  firstTurns,
  originSubjects,
  promptOf,
  startOrder,
  statuses,
  taskFile,
  writeOwnFile
} from './engine-helpers.js'

const { setup } = engineFixtures()

describe('run engine: prompt and order', () => {
  it('runs a diamond in dependency order; each prompt holds its task verbatim, the project, the context and its completed dependencies only', async () => {
    const description = [
      'Write join.txt with the answer.',
      '  Keep "quotes", `backticks`, $(not a command) and $HOME as they are; ünïcödé too.',
      '',
      'Last line\twith a tab.'
    ].join('\n')
    // Listed in reverse on purpose: file order must not beat the graph.
    const f = await setup(
      [
        {
          id: 'join',
          title: 'Join task title',
          description,
          details: 'DETAILS-OF-JOIN',
          dependencies: ['left', 'right']
        },
        { id: 'right', description: 'Write right.txt', dependencies: ['root'] },
        { id: 'left', description: 'Write left.txt', dependencies: ['root'] },
        { id: 'other', title: 'UNRELATED-TITLE', description: 'UNRELATED-DESCRIPTION must stay out' },
        { id: 'root', description: 'Write root.txt' }
      ],
      ctx => {
        if (ctx.turn === 0)
          return {
            tools: [
              {
                name: 'Write',
                input: { file_path: path.join(ctx.cwd!, `${ctx.taskId}.txt`), content: 'x\n' }
              }
            ]
          }
        return { text: `SUMMARY-OF-${ctx.taskId}: ${ctx.taskId}.txt holds its part.` }
      },
      { context: 'PROJECT-CONTEXT: use two-space indentation everywhere.' }
    )
    const r = await f.run()
    expect(r.exitCode, r.log).toBe(0)
    const order = startOrder(f.api)
    expect(order).toHaveLength(5)
    expect(order.indexOf('root')).toBeLessThan(order.indexOf('left'))
    expect(order.indexOf('root')).toBeLessThan(order.indexOf('right'))
    expect(order.indexOf('join')).toBeGreaterThan(Math.max(order.indexOf('left'), order.indexOf('right')))
    for (const t of r.state.tasks) {
      expect(t.status).toBe('completed')
      expect(t.outputs).toEqual([`${t.id}.txt`])
      expect(t.attempts).toBe(1)
    }

    const prompt = promptOf(firstTurns(f.api, 'join')[0]!)
    expect(prompt).toContain('Task id: join')
    expect(prompt).toContain('Title: Join task title')
    expect(prompt).toContain(description)
    expect(prompt).toContain('DETAILS-OF-JOIN')
    expect(prompt).toContain('engine-demo')
    expect(prompt).toContain('Engine end-to-end tests.')
    expect(prompt).toContain('PROJECT-CONTEXT: use two-space indentation everywhere.')
    // Both completed dependencies: their summaries and their outputs (taken from git); not the root's.
    expect(prompt).toContain('SUMMARY-OF-left: left.txt holds its part.')
    expect(prompt).toContain('SUMMARY-OF-right: right.txt holds its part.')
    expect(prompt).toMatch(/Files: left\.txt/)
    expect(prompt).toMatch(/Files: right\.txt/)
    expect(prompt).not.toContain('SUMMARY-OF-root')
    // Not the rest of the task file.
    expect(prompt).not.toContain('UNRELATED')
    expect(prompt).not.toContain('"tasks"')
    // A task without dependencies gets no dependency section, and not the others' text either.
    const rootPrompt = promptOf(firstTurns(f.api, 'root')[0]!)
    expect(rootPrompt).toContain('Task id: root')
    expect(rootPrompt).not.toContain('DETAILS-OF-JOIN')
    expect(rootPrompt).not.toContain('UNRELATED')
    expect(rootPrompt).toContain('PROJECT-CONTEXT')
    // One commit per task, in the order they ran.
    const subjects = (await originSubjects(f.repo)).filter(
      s => s.startsWith('taskmesh:') && s.includes('completed')
    )
    expect(subjects.map(s => /taskmesh: (\S+)/.exec(s)![1])).toEqual([...order].reverse())
  })
})

describe('run engine: scope and limits', () => {
  it('tasks: an unknown id and a task that is not ready are each named, exit 1, task.json untouched', async () => {
    const text = taskFile([
      { id: 'a', description: 'Write a.txt' },
      { id: 'b', description: 'Write b.txt', dependencies: ['a'] }
    ])
    const f = await setup(text, writeOwnFile)
    const before = await originSubjects(f.repo)
    const r = await f.run({ inputs: { tasks: 'b, nope' } })
    expect(r.exitCode).toBe(1)
    // One error annotation naming both problems, in the order the input gave them.
    expect(visibleLog(r.log)).toMatch(
      /^::error::task "b" is not ready: it waits for "a"%0Aunknown task "nope" in the "tasks" input/m
    )
    expect(r.text).toBe(text)
    expect(f.api.requests).toHaveLength(0)
    expect(await originSubjects(f.repo)).toEqual(before)
    expect(await f.repo.git(f.repo.work, 'status', '--porcelain')).toBe('')
  })
})

describe('run engine: resuming and retrying', () => {
  it('retry-failed: true puts failed tasks back to pending and runs them', async () => {
    const f = await setup(
      [
        {
          id: 'flaky',
          description: 'Write flaky.txt',
          status: 'failed',
          attempts: 2,
          startedAt: '2024-01-01T00:00:00.000Z',
          completedAt: '2024-01-01T00:01:00.000Z',
          error: 'the Anthropic API failed (HTTP 500): boom'
        },
        { id: 'after', description: 'Write after.txt', dependencies: ['flaky'] }
      ],
      writeOwnFile,
      { status: 'failed' }
    )
    // Without retry-failed the failed task stays failed and its dependent blocked.
    const first = await f.run()
    expect(first.exitCode, first.log).toBe(0)
    expect(f.api.requests).toHaveLength(0)
    expect(JSON.parse(first.outputs.blocked)).toEqual(['after'])

    const r = await f.run({ inputs: { 'retry-failed': 'true' } })
    expect(r.exitCode, r.log).toBe(0)
    expect(statuses(r.state)).toEqual({ flaky: 'completed', after: 'completed' })
    const flaky = byId(r.state, 'flaky')
    expect(flaky.attempts).toBe(3)
    expect(flaky.error ?? undefined).toBeUndefined()
    expect(flaky.outputs).toEqual(['flaky.txt'])
    expect(r.state.logs.some(l => l.taskId === 'flaky' && /retry-failed/.test(l.message))).toBe(true)
    expect(startOrder(f.api)).toEqual(['flaky', 'after'])
  })
})

describe('run engine: the task file is the engine’s', () => {
  it('discards Claude’s edit of task.json with a warning; the engine’s state wins', async () => {
    const f = await setup(
      [
        { id: 'meddler', description: 'Write meddle.txt and tamper with task.json' },
        { id: 'after', description: 'Write after.txt', dependencies: ['meddler'] }
      ],
      ctx => {
        if (ctx.taskId !== 'meddler') return writeOwnFile(ctx)
        if (ctx.turn === 0)
          return {
            tools: [
              {
                name: 'Bash',
                input: {
                  command:
                    'printf \'{"project":"hijacked","tasks":[{"id":"meddler","description":"x","status":"completed"}]}\\n\' > task.json && echo meddled > meddle.txt'
                }
              }
            ]
          }
        return { text: 'done, and I marked myself completed' }
      }
    )
    const r = await f.run()
    expect(r.exitCode, r.log).toBe(0)
    expect(visibleLog(r.log)).toMatch(/Claude changed task\.json; its edit was discarded/)
    expect(r.state.project).toBe('engine-demo')
    expect(statuses(r.state)).toEqual({ meddler: 'completed', after: 'completed' })
    const meddler = byId(r.state, 'meddler')
    expect(meddler.outputs).toEqual(['meddle.txt'])
    expect(
      r.state.logs.some(l => l.level === 'warning' && l.taskId === 'meddler' && /discarded/.test(l.message))
    ).toBe(true)
    expect(TaskDocument.parse(r.text, 'task.json').ok).toBe(true)
    // The commit of the task holds the engine's task.json, never Claude's.
    const committed = await f.repo.git(f.repo.origin, 'show', 'main:task.json')
    expect(committed).not.toContain('hijacked')
    expect(await f.repo.git(f.repo.work, 'status', '--porcelain')).toBe('')
  })
})
