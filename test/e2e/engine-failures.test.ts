/**
 * Run engine, end to end through dist/index.js with the real Claude Code CLI against the local Messages
 * API: how each kind of failure is decided, recorded and reported (transient, permanent, credentials,
 * rate limit, turn limit, timeout, verify, budget).
 */
import { existsSync, readFileSync } from 'node:fs'
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
        { id: 'indep', description: 'Write indep.txt' },
        { id: 'broken', description: 'Write broken.txt' },
        { id: 'child', description: 'Write child.txt', dependencies: ['broken'] },
        { id: 'grandchild', description: 'Write grandchild.txt', dependencies: ['child'] },
        { id: 'late', description: 'Write late.txt', dependencies: ['indep'] }
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
      grandchild: 'pending',
      late: 'completed'
    })
    const broken = byId(r.state, 'broken')
    expect(broken.attempts).toBe(2)
    expect(broken.error).toMatch(/the Anthropic API failed \(HTTP 500\)/)
    expect(broken.error).toContain('still broken')
    expect(broken.completedAt).toBeTruthy()
    expect(firstTurns(f.api, 'broken')).toHaveLength(2)
    // Dependents were never started.
    expect(startOrder(f.api)).not.toContain('child')
    expect(startOrder(f.api)).not.toContain('grandchild')
    expect(byId(r.state, 'child').attempts ?? 0).toBe(0)
    expect(byId(r.state, 'child').startedAt).toBeUndefined()
    expect(JSON.parse(r.outputs.blocked)).toEqual(['child', 'grandchild'])
    expect(JSON.parse(r.outputs.failed)).toEqual(['broken'])
    expect(JSON.parse(r.outputs.completed)).toEqual(['indep', 'late'])
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

  it('a 401 stops the run at once: every task pending, no attempt used, the error names the input', async () => {
    const f = await setup(
      [
        { id: 'first', description: 'Write first.txt' },
        { id: 'second', description: 'Write second.txt' }
      ],
      () => ({ error: { status: 401, message: 'invalid x-api-key' } })
    )
    const r = await f.run({ inputs: { 'max-attempts': '3' } })
    expect(r.exitCode).toBe(1)
    expect(statuses(r.state)).toEqual({ first: 'pending', second: 'pending' })
    for (const t of r.state.tasks) {
      expect(t.attempts ?? 0).toBe(0)
      expect(t.startedAt).toBeUndefined()
    }
    expect(startOrder(f.api)).toEqual(['first'])
    expect(firstTurns(f.api, 'first')).toHaveLength(1)
    expect(r.outputs['stop-reason']).toBe('credentials')
    expect(visibleLog(r.log)).toMatch(/^::error::.*refused the credentials \(HTTP 401\).*anthropic-api-key/m)
    expect(
      r.state.logs.some(
        l => l.level === 'error' && l.taskId === 'first' && /anthropic-api-key/.test(l.message)
      )
    ).toBe(true)
    expect((await originState(f.repo)).tasks.map(t => t.status ?? 'pending')).toEqual(['pending', 'pending'])
  })

  it('a 429 stops scheduling: the task goes back to pending, finished work is kept, a warning says rerun later', async () => {
    const f = await setup(
      [
        { id: 'done-first', description: 'Write done-first.txt' },
        { id: 'limited', description: 'Write limited.txt' },
        { id: 'never', description: 'Write never.txt' }
      ],
      ctx =>
        ctx.taskId === 'limited' ? { error: { status: 429, message: 'rate limited' } } : writeOwnFile(ctx)
    )
    const r = await f.run({ inputs: { 'max-attempts': '3' } })
    // A rate limit is not the tasks' fault: the step does not fail.
    expect(r.exitCode, r.log).toBe(0)
    expect(statuses(r.state)).toEqual({ 'done-first': 'completed', limited: 'pending', never: 'pending' })
    expect(byId(r.state, 'limited').attempts ?? 0).toBe(0)
    expect(startOrder(f.api)).toEqual(['done-first', 'limited'])
    expect(r.outputs['stop-reason']).toBe('rate-limit')
    expect(visibleLog(r.log)).toMatch(
      /^::warning title=Run stopped \(rate-limit\),file=task\.json::.*run again later/m
    )
    expect(existsSync(path.join(f.repo.work, 'done-first.txt'))).toBe(true)
    const remote = await originState(f.repo)
    expect(remote.tasks.map(t => t.status ?? 'pending')).toEqual(['completed', 'pending', 'pending'])
    expect(await f.repo.git(f.repo.origin, 'show', 'main:done-first.txt')).toBe('done-first')
  })
})

describe('run engine: limits', () => {
  it('max turns: the failure reason names the turn limit; the next attempt starts from a reset tree', async () => {
    let leftover = false
    const f = await setup([{ id: 'chatty', description: 'Needs two turns' }], ctx => {
      if (ctx.turn === 0 && existsSync(path.join(ctx.cwd!, 'chatty.txt'))) leftover = true
      return writeOwnFile(ctx)
    })
    const r = await f.run({ inputs: { 'max-turns': '1', 'max-attempts': '2' } })
    expect(r.exitCode).toBe(1)
    const t = byId(r.state, 'chatty')
    expect(t.status).toBe('failed')
    expect(t.attempts).toBe(2)
    expect(t.error).toMatch(/stopped at the turn limit .*max-turns \/ maxTurns is 1/)
    // The first attempt's file was removed before the second attempt, and is not kept for a failed task.
    expect(firstTurns(f.api, 'chatty')).toHaveLength(2)
    expect(leftover).toBe(false)
    expect(existsSync(path.join(f.repo.work, 'chatty.txt'))).toBe(false)
    expect(visibleLog(r.log)).toMatch(
      /^::error title=Task failed,file=task\.json,line=\d+::Task chatty failed: stopped at the turn limit/m
    )
  })

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

  it('verify fails then passes on retry: the failure is in the second prompt and the tree is kept', async () => {
    const verify = 'test -f second.txt || { echo "VERIFY-OUTPUT: second.txt is missing"; exit 3; }'
    let attempt = 0
    const f = await setup([{ id: 'checked', description: 'Write first.txt and second.txt', verify }], ctx => {
      if (ctx.turn === 0) {
        attempt++
        // Attempt 2 only adds the missing file: the first attempt's file must still be there.
        const file = attempt === 1 ? 'first.txt' : 'second.txt'
        if (attempt === 2 && !existsSync(path.join(ctx.cwd!, 'first.txt')))
          return { error: { status: 400, message: 'first.txt was reset between attempts' } }
        return {
          tools: [{ name: 'Write', input: { file_path: path.join(ctx.cwd!, file), content: `${file}\n` } }]
        }
      }
      return { text: `wrote a file in attempt ${attempt}` }
    })
    const r = await f.run({ inputs: { 'max-attempts': '2' } })
    expect(r.exitCode, r.log).toBe(0)
    const t = byId(r.state, 'checked')
    expect(t.status).toBe('completed')
    expect(t.attempts).toBe(2)
    expect(t.outputs).toEqual(['first.txt', 'second.txt'])
    const second = promptOf(firstTurns(f.api, 'checked')[1]!)
    expect(second).toContain('This is attempt 2 of 2')
    expect(second).toContain(`verify \`${verify}\` exited 3`)
    expect(second).toContain('VERIFY-OUTPUT: second.txt is missing')
    expect(second).toMatch(/still holds the previous attempt.s changes/)
    expect(visibleLog(r.log)).toMatch(/verify failed \(exit 3\)/)
    expect(readFileSync(path.join(f.repo.work, 'first.txt'), 'utf8')).toBe('first.txt\n')
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
