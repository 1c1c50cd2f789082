// Retries, back-off and what each kind of failure does to the task: the engine in-process with fake ports.
import { describe, expect, it } from 'vitest'
import { failedWith, fakeEngine, succeeded, writesOwnFile } from './fakes.js'
import { nextStep } from '../../../src/engine/attempt.js'
import type { FailureKind } from '../../../src/engine/outcome.js'

const attemptEvents = (run: ReturnType<typeof fakeEngine>) =>
  run.events.flatMap(e => (e.type === 'attempt-finished' ? [e] : []))

describe('what follows a failed attempt', () => {
  it('the rule, kind by kind', () => {
    const step = (kind: FailureKind, attempt = 1, budgetSpent = false) =>
      nextStep({ kind, attempt, maxAttempts: 3, budgetSpent, backoffMs: n => n * 100 })
    expect(step('transient')).toEqual({ kind: 'retry', keepsChanges: false, waitMs: 100 })
    expect(step('transient', 2)).toEqual({ kind: 'retry', keepsChanges: false, waitMs: 200 })
    expect(step('verify')).toEqual({ kind: 'retry', keepsChanges: true, waitMs: undefined })
    for (const kind of ['timeout', 'max-turns', 'error', 'conflict'] as const)
      expect(step(kind)).toEqual({ kind: 'retry', keepsChanges: false, waitMs: undefined })
    for (const kind of ['credentials', 'rate-limit', 'setup', 'cancelled'] as const)
      expect(step(kind)).toEqual({ kind: 'stop', counted: false })
    expect(step('budget', 1, true)).toEqual({ kind: 'stop', counted: true })
    expect(step('budget')).toEqual({ kind: 'give-up' })
    expect(step('prompt-too-long')).toEqual({ kind: 'give-up' })
    expect(step('transient', 3)).toEqual({ kind: 'give-up' })
    // The default back-off doubles from 5 s up to a minute.
    const wait = (attempt: number) =>
      nextStep({ kind: 'transient', attempt, maxAttempts: 9, budgetSpent: false })
    expect([1, 2, 3, 4, 5].map(a => (wait(a) as { waitMs: number }).waitMs)).toEqual([
      5_000, 10_000, 20_000, 40_000, 60_000
    ])
  })
})

describe('retries', () => {
  it('a transient failure is retried after the back-off, from a clean tree, told why', async () => {
    const leftOver: boolean[] = []
    const run = fakeEngine([{ id: 'wobbly' }], {
      limits: { maxAttempts: 3 },
      claude: call => {
        // What each attempt finds when it starts: the second must not see the first one's file.
        leftOver.push(call.tree.has('half-done.txt'))
        if (call.attempt === 1) {
          call.tree.set('half-done.txt', 'x')
          return failedWith({
            ok: false,
            kind: 'transient',
            reason: 'the Anthropic API failed (HTTP 500): boom'
          })
        }
        return writesOwnFile()(call)
      }
    })
    await run.engine.run()
    expect(run.sleeps).toEqual([5_000])
    const task = run.task('wobbly')
    expect(task).toMatchObject({ status: 'completed', attempts: 2, outputs: ['wobbly.txt'] })
    expect(task.error ?? undefined).toBeUndefined()
    // The first attempt's half-done file went with the clean tree, before the second attempt started.
    expect(leftOver).toEqual([false, false])
    expect(run.restores).toBe(1)
    expect(run.tree.has('half-done.txt')).toBe(false)
    expect(run.calls[1]!.request.prompt).toMatch(/attempt 2 of 3[\s\S]*HTTP 500/)
    expect(attemptEvents(run).map(e => e.next)).toEqual([
      { kind: 'retry', keepsChanges: false, waitMs: 5_000 },
      { kind: 'done' }
    ])
    expect(run.state().logs.map(l => l.message)).toContain(
      'attempt 1/3 failed (API error, may pass); attempt 2/3 follows in 5 s, from a clean tree: the Anthropic API failed (HTTP 500): boom'
    )
  })

  it('a failed verify is retried keeping the changes, with its output in the next prompt', async () => {
    const run = fakeEngine([{ id: 'checked', verify: ['npm', 'test'] }], {
      limits: { maxAttempts: 2 },
      verify: (_request, call) =>
        call === 1
          ? { exitCode: 1, timedOut: false, output: 'expected 2, got 3' }
          : { exitCode: 0, timedOut: false, output: 'ok' }
    })
    await run.engine.run()
    expect(run.verifyCalls.map(v => v.command)).toEqual([
      ['npm', 'test'],
      ['npm', 'test']
    ])
    expect(run.sleeps).toEqual([])
    expect(run.restores).toBe(0)
    expect(run.calls[1]!.request.prompt).toContain('verify `npm test` exited 1:\nexpected 2, got 3')
    expect(run.calls[1]!.request.prompt).toMatch(/still holds the previous attempt.s changes/)
    expect(run.task('checked')).toMatchObject({ status: 'completed', attempts: 2 })
    const verifyEvents = run.events.filter(e => e.type === 'verify-finished')
    expect(verifyEvents).toHaveLength(2)
  })

  it('out of attempts: failed, its partial work removed, the reason kept, dependents blocked', async () => {
    const run = fakeEngine([{ id: 'broken' }, { id: 'child', dependencies: ['broken'] }], {
      limits: { maxAttempts: 2 },
      claude: call => {
        call.tree.set('partial.txt', 'x')
        return failedWith({ ok: false, kind: 'max-turns', reason: 'stopped at the turn limit' }, 0.02)
      }
    })
    const report = await run.engine.run()
    const task = run.task('broken')
    expect(task).toMatchObject({
      status: 'failed',
      attempts: 2,
      error: 'stopped at the turn limit',
      costUsd: 0.04
    })
    expect(task.completedAt).toBeTruthy()
    expect(task.outputs).toBeUndefined()
    expect(run.tree.has('partial.txt')).toBe(false)
    expect(run.recorded).toEqual([
      expect.objectContaining({ taskId: 'broken', status: 'failed', attempts: 2, files: [] })
    ])
    expect(report.tasks.find(t => t.id === 'child')?.status).toBe('blocked')
    const finished = run.events.find(e => e.type === 'task-finished')
    expect(finished).toMatchObject({
      status: 'failed',
      attemptsThisRun: 2,
      maxAttempts: 2,
      failureKind: 'max-turns'
    })
  })

  it('a failure another attempt cannot change fails the task at once', async () => {
    const run = fakeEngine([{ id: 'huge' }], {
      limits: { maxAttempts: 3 },
      claude: () => failedWith({ ok: false, kind: 'prompt-too-long', reason: 'too long' })
    })
    await run.engine.run()
    expect(run.calls).toHaveLength(1)
    expect(run.task('huge')).toMatchObject({ status: 'failed', attempts: 1 })
    expect(run.state().logs.map(l => l.message)).toContain(
      'failed after 1 attempt (not retried: another attempt would send the same prompt): too long'
    )
  })

  it('a timeout is the attempt’s failure and is retried', async () => {
    const run = fakeEngine([{ id: 'slow', timeoutMinutes: 0.5 }], {
      claude: call =>
        call.attempt === 1
          ? { outcome: { ok: false, kind: 'timeout', reason: 'timed out after 0.5 min' }, result: null }
          : writesOwnFile()(call)
    })
    await run.engine.run()
    expect(run.calls.map(c => c.request.timeoutMs)).toEqual([30_000, 30_000])
    expect(run.task('slow')).toMatchObject({ status: 'completed', attempts: 2 })
  })

  it('parallel: a conflict with work finished meanwhile is retried on the new head', async () => {
    const run = fakeEngine([{ id: 'a' }], { workspaces: true, limits: { parallel: 2 }, conflictOnce: 'a' })
    await run.engine.run()
    expect(run.calls).toHaveLength(2)
    expect(attemptEvents(run)[0]).toMatchObject({
      kind: 'conflict',
      reason: 'a.txt conflict with work finished meanwhile'
    })
    expect(run.task('a')).toMatchObject({ status: 'completed', attempts: 2, outputs: ['a.txt'] })
  })

  it('task settings override the run’s: model, turns, tools, attempts', async () => {
    const run = fakeEngine(
      [{ id: 'own', model: 'opus', maxTurns: 3, allowedTools: ['Read'], maxAttempts: 1 }, { id: 'plain' }],
      { claude: () => failedWith({ ok: false, kind: 'error', reason: 'no' }) }
    )
    await run.engine.run()
    const [own, plain] = [run.calls[0]!.request, run.calls[1]!.request]
    expect([own.model, own.maxTurns, own.allowedTools]).toEqual(['opus', 3, ['Read']])
    expect([plain.model, plain.maxTurns, plain.allowedTools]).toEqual([undefined, 10, ['Write']])
    expect(run.calls.map(c => c.taskId)).toEqual(['own', 'plain', 'plain'])
  })
})

describe('what an attempt produced', () => {
  it('an output holding a secret of the run fails the attempt; nothing is committed', async () => {
    const run = fakeEngine([{ id: 'leaky' }], {
      limits: { maxAttempts: 1 },
      containsSecret: text => text.includes('sk-ant-secret'),
      claude: call => {
        call.tree.set('config.txt', 'key=sk-ant-secret')
        return succeeded()
      }
    })
    await run.engine.run()
    expect(run.task('leaky')).toMatchObject({
      status: 'failed',
      error: 'config.txt contains a secret of this run (an API key or token); the files were not committed'
    })
    expect(run.recorded[0]!.files).toEqual([])
    expect(run.tree.has('config.txt')).toBe(false)
  })

  it('Claude’s edit of the task file is discarded with a warning', async () => {
    const { writeFileSync } = await import('node:fs')
    const run = fakeEngine([{ id: 'meddler' }], {
      claude: call => {
        writeFileSync(run.taskFilePath, '{"tasks": []}')
        return writesOwnFile()(call)
      }
    })
    await run.engine.run()
    expect(run.task('meddler')).toMatchObject({ status: 'completed' })
    expect(run.state().logs.map(l => l.message)).toContain(
      'Claude changed task.json; its edit was discarded (the engine owns the task state)'
    )
  })

  it('the result, tokens, turns and session are recorded; the timeline keeps tool uses', async () => {
    const run = fakeEngine([{ id: 'talky' }], {
      claude: call => {
        call.request.onEvent({
          kind: 'tool-use',
          id: 't1',
          name: 'Write',
          input: {},
          summary: 'Write talky.txt'
        })
        call.tree.set('talky.txt', 'x')
        return succeeded(0.5, { result: 'All done.', numTurns: 4, sessionId: 'abc' })
      }
    })
    const report = await run.engine.run()
    expect(run.task('talky')).toMatchObject({ result: 'All done.', turns: 4, sessionId: 'abc', costUsd: 0.5 })
    const talky = report.tasks[0]!
    expect(talky).toMatchObject({ inputTokens: 10, outputTokens: 5, timeline: ['Write talky.txt'] })
  })
})
