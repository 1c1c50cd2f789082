/**
 * Run engine, end to end through dist/index.js with the real Claude Code CLI against the local Messages
 * API: how a failure is decided, recorded and reported (transient, permanent, timeout, budget). The rules
 * for every kind are tested in-process (test/unit/engine/); the real CLI's answer to each API error in
 * test/integration/claude-process.test.ts. Other end-to-end runs meet the rest: a 401 in a parallel run
 * (engine-interrupts.test.ts), a 429 (dispatch.test.ts), the turn limit (taskmaster.test.ts), a failing
 * verify (persistence.test.ts, secrets.test.ts) and a passing one (sandbox.test.ts).
 */
import { existsSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { visibleLog } from '../support/action.js'
import {
  byId,
  engineFixtures,
  firstTurns,
  hasRunMarker,
  originState,
  processesTagged,
  promptOf,
  sleep,
  startOrder,
  statuses,
  writeOwnFile
} from './engine-helpers.js'

const { setup } = engineFixtures()

/** The 1-based line of the `{` that opens task `id` in a task file written with two-space indentation. */
function taskLineIn(text: string, id: string): number {
  const lines = text.split('\n')
  const idLine = lines.findIndex(l => l.trim() === `"id": "${id}",`)
  expect(idLine).toBeGreaterThan(0)
  expect(lines[idLine - 1]!.trim()).toBe('{')
  return idLine
}

describe('run engine: API failures', () => {
  it('retries a transient 500 and completes with attempts 2', async () => {
    let failed = false
    const f = await setup([{ id: 'wobbly', description: 'Write wobbly.txt' }], ctx => {
      if (ctx.turn === 0 && !failed) {
        failed = true
        return { error: { status: 500, message: 'injected internal error' } }
      }
      return writeOwnFile(ctx)
    })
    const r = await f.run({ inputs: { 'max-attempts': '3' } })
    expect(r.exitCode, r.log).toBe(0)
    const t = byId(r.state, 'wobbly')
    expect(t.status).toBe('completed')
    expect(t.attempts).toBe(2)
    expect(t.outputs).toEqual(['wobbly.txt'])
    expect(t.error ?? undefined).toBeUndefined()
    expect(visibleLog(r.log)).toMatch(
      /🔁 attempt 1\/3 failed \(API error, may pass\); attempt 2\/3 follows in 10 ms, from a clean tree: the Anthropic API failed \(HTTP 500\)/
    )
    expect(
      r.state.logs.some(
        l =>
          l.taskId === 'wobbly' &&
          /attempt 1\/3 failed \(API error, may pass\); attempt 2\/3 follows.*HTTP 500/.test(l.message)
      )
    ).toBe(true)
    // The retry was told why the first attempt failed.
    expect(promptOf(firstTurns(f.api, 'wobbly')[1]!)).toMatch(/attempt 2 of 3[\s\S]*HTTP 500/)
    // The words match what happened: the retry announced once and really made, one completion, no
    // "success" for the failed call.
    const outcomes = visibleLog(r.log)
      .split('\n')
      .filter(l => /failed|retry|follows|completed|success|🏁/.test(l) && !/^::group::/.test(l))
    expect(outcomes.filter(l => l.includes('attempt 2/3 follows'))).toHaveLength(1)
    expect(firstTurns(f.api, 'wobbly')).toHaveLength(2)
    expect(outcomes.filter(l => l.startsWith('✅ completed in attempt 2/3'))).toHaveLength(1)
    expect(outcomes.join('\n')).not.toMatch(/success/)
  })

  it('a permanent failure fails the task, blocks its dependents, lets independent tasks finish, fails the step', async () => {
    const f = await setup(
      [
        // The independent task comes after the failure in file order: it still runs.
        { id: 'broken', description: 'Write broken.txt' },
        { id: 'indep', description: 'Write indep.txt' },
        { id: 'child', description: 'Write child.txt', dependencies: ['broken'] },
        { id: 'grandchild', description: 'Write grandchild.txt', dependencies: ['child'] }
      ],
      ctx =>
        ctx.taskId === 'broken' ? { error: { status: 500, message: 'still broken' } } : writeOwnFile(ctx)
    )
    const r = await f.run({ inputs: { 'max-attempts': '2' } })
    expect(r.exitCode).toBe(1)
    expect(statuses(r.state)).toEqual({
      indep: 'completed',
      broken: 'failed',
      child: 'pending',
      grandchild: 'pending'
    })
    const broken = byId(r.state, 'broken')
    expect(broken.attempts).toBe(2)
    expect(broken.error).toMatch(/the Anthropic API failed \(HTTP 500\)/)
    expect(broken.error).toContain('still broken')
    expect(broken.completedAt).toBeTruthy()
    expect(firstTurns(f.api, 'broken')).toHaveLength(2)
    // Dependents were never started.
    expect(startOrder(f.api)).toEqual(['broken', 'indep'])
    expect(startOrder(f.api)).not.toContain('child')
    expect(startOrder(f.api)).not.toContain('grandchild')
    expect(byId(r.state, 'child').attempts ?? 0).toBe(0)
    expect(byId(r.state, 'child').startedAt).toBeUndefined()
    expect(JSON.parse(r.outputs.blocked)).toEqual(['child', 'grandchild'])
    expect(JSON.parse(r.outputs.failed)).toEqual(['broken'])
    expect(JSON.parse(r.outputs.completed)).toEqual(['indep'])
    expect(r.state.status).toBe('failed')
    // An annotation on the task's own line of task.json.
    const line = taskLineIn(r.text, 'broken')
    expect(visibleLog(r.log)).toMatch(
      new RegExp(
        `^::error title=Task failed,file=task\\.json,line=${line}::Task broken failed: the Anthropic API failed \\(HTTP 500\\)`,
        'm'
      )
    )
    expect(visibleLog(r.log)).toMatch(/blocked by this failure: child, grandchild/)
    const results = JSON.parse(r.outputs.results)
    expect(results.broken).toMatchObject({ status: 'failed', attempts: 2 })
    expect(results.child.status).toBe('blocked')
    // The failed task's commit records its state; the remote holds it.
    expect((await originState(f.repo)).tasks.find(t => t.id === 'broken')?.status).toBe('failed')
    expect(await f.repo.git(f.repo.work, 'status', '--porcelain')).toBe('')
  })
})

describe('run engine: limits', () => {
  it('a hung API hits the task timeout, with a clear reason and no process left behind', async () => {
    const f = await setup([{ id: 'stuck', description: 'Start a server, then wait forever' }], ctx => {
      if (ctx.turn === 0)
        return {
          tools: [
            { name: 'Bash', input: { command: 'tail -f /dev/null >/dev/null 2>&1 & echo $! > bg.pid' } }
          ]
        }
      return { hang: true }
    })
    // 12 s: room for the CLI to start and run the Bash command on a loaded machine before the API hangs.
    const r = await f.run({ inputs: { 'task-timeout-minutes': '0.2', 'max-attempts': '1' } })
    expect(r.exitCode).toBe(1)
    const t = byId(r.state, 'stuck')
    expect(t.status).toBe('failed')
    expect(t.error).toMatch(
      /^timed out after 0\.2 min \(task-timeout-minutes \/ timeoutMinutes\); Claude Code was stopped/
    )
    // The background command really ran (so there was something to leave behind)…
    expect(f.api.requests.filter(q => q.taskId === 'stuck').length).toBe(2)
    // …and neither the CLI nor what it started outlives the action.
    await sleep(200)
    const left = processesTagged(r.tag)
    expect(left.filter(hasRunMarker), `left behind: ${left.join(', ')}`).toEqual([])
    expect(left).toEqual([])
  })

  it('the run budget stops the run: finished work kept, the task that hit it pending, no other task started', async () => {
    // Each turn costs $0.0045 with TEST_MODEL. "cheap" (one turn) fits in $0.0046; "second" gets what is
    // left ($0.0001), which its first turn exceeds; after that no task may start.
    const f = await setup(
      [
        { id: 'cheap', description: 'Answer in one turn' },
        { id: 'second', description: 'Write second.txt' },
        { id: 'third', description: 'Write third.txt' },
        { id: 'fourth', description: 'Write fourth.txt', dependencies: ['cheap'] }
      ],
      ctx => (ctx.taskId === 'cheap' ? { text: 'answered' } : writeOwnFile(ctx))
    )
    const r = await f.run({ inputs: { 'max-budget-usd': '0.0046' } })
    expect(r.exitCode, r.log).toBe(0)
    expect(startOrder(f.api)).toEqual(['cheap', 'second'])
    expect(statuses(r.state)).toEqual({
      cheap: 'completed',
      second: 'pending',
      third: 'pending',
      fourth: 'pending'
    })
    const second = byId(r.state, 'second')
    // Its money was spent, so the attempt counts; its partial work is not kept.
    expect(second.attempts).toBe(1)
    expect(second.costUsd).toBeGreaterThan(0)
    expect(existsSync(path.join(f.repo.work, 'second.txt'))).toBe(false)
    expect(byId(r.state, 'third').attempts ?? 0).toBe(0)
    expect(r.outputs['stop-reason']).toBe('budget')
    expect(Number(r.outputs['total-cost-usd'])).toBeCloseTo(0.009, 6)
    expect(r.summary).toMatch(/The run stopped early: the spending limit was reached/)
    expect(r.summary).toContain('$0.0046')
    expect(visibleLog(r.log)).toMatch(/run stopped \(budget\)/)
    expect(
      r.state.logs.some(l =>
        /run stopped \(budget\): the run budget of \$0\.0046 \(max-budget-usd\) is spent \(\$0\.009\)/.test(
          l.message
        )
      )
    ).toBe(true)
    expect((await originState(f.repo)).tasks.map(t => t.status ?? 'pending')).toEqual([
      'completed',
      'pending',
      'pending',
      'pending'
    ])
    expect(await f.repo.git(f.repo.work, 'status', '--porcelain')).toBe('')
  })
})
