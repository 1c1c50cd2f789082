/**
 * What the log, the annotations and the summary say when things go wrong, through the bundled action and
 * the real CLI: the words must match what happened (no "success" for a failed call, no "retrying" when no
 * retry follows, one line per fact), and the lines an annotation points at are the lines its text names.
 */
import { describe, expect, it } from 'vitest'
import { runAction, visibleLog } from '../support/action.js'
import { makeRepo } from '../support/repo.js'
import { byId, engineFixtures, firstTurns, taskFile, writeOwnFile } from './engine-helpers.js'

const { setup } = engineFixtures()

/** Lines of the visible log that state how an attempt or a task ended. */
const outcomeLines = (log: string) =>
  visibleLog(log)
    .split('\n')
    .filter(l => /failed|retry|follows|completed|success|🏁/.test(l) && !/^::group::/.test(l))

describe('outcome messages', () => {
  it('an API 500 on the last attempt: never "success", no retry announced, the failure said once', async () => {
    const f = await setup([{ id: 'down', description: 'Write down.txt' }], () => ({
      error: { status: 500, message: 'injected internal error' }
    }))
    const r = await f.run({ inputs: { 'max-attempts': '1' } })
    expect(r.exitCode, r.log).toBe(1)
    expect(byId(r.state, 'down').status).toBe('failed')
    const lines = outcomeLines(r.log)
    expect(lines.join('\n')).not.toMatch(/success|retrying|follows|transient/)
    expect(lines.filter(l => l.startsWith('🏁 Claude Code ended'))).toHaveLength(1)
    const failedLines = lines.filter(l => l.startsWith('❌ failed after'))
    expect(failedLines).toHaveLength(1)
    expect(failedLines[0]).toMatch(/^❌ failed after 1 attempt: the Anthropic API failed \(HTTP 500\)/)
    // task.json says it once too, in the same words.
    const entries = r.state.logs.filter(l => l.taskId === 'down' && /failed/.test(l.message))
    expect(entries.map(l => l.message.slice(0, 60))).toEqual([
      'failed after 1 attempt: the Anthropic API failed (HTTP 500): '.slice(0, 60)
    ])
  })

  // A 500 with attempts left (the retry announced is the retry made, then completed): the first test of
  // engine-failures.test.ts, which runs that scenario.

  it('a 2 MB description: a warning with the size before the run, and the API refusal fails the task at once', async () => {
    const big = `Implement the following.\n${'Lorem ipsum dolor sit amet, consectetur adipiscing elit. '.repeat(36_000)}`
    expect(big.length).toBeGreaterThan(2_000_000)
    const f = await setup(
      [
        { id: 'small', description: 'Write small.txt' },
        { id: 'huge', description: big }
      ],
      writeOwnFile
    )
    const r = await f.run({ inputs: { 'max-attempts': '3' } })
    expect(r.exitCode, r.log).toBe(1)
    const log = visibleLog(r.log)
    // Warned before anything ran, at the task's line, with the size.
    const warning =
      /::warning title=Prompt too large,file=task\.json,line=(\d+)::task "huge": its prompt is about 2\.0 MB \(~5\d\d,\d{3} tokens at 4 bytes a token\), more than the 200,000-token context/.exec(
        log
      )
    expect(warning, log.slice(0, 2000)).not.toBeNull()
    const original = taskFile([
      { id: 'small', description: 'Write small.txt' },
      { id: 'huge', description: big }
    ])
    const hugeIdLine = original.split('\n').findIndex(l => l.includes('"id": "huge"')) + 1
    expect(Number(warning![1])).toBe(hugeIdLine - 1) // the line the task's object opens on
    expect(log.indexOf('task "huge": its prompt is about')).toBeLessThan(log.indexOf('::group::'))
    expect(byId(r.state, 'small').status).toBe('completed')
    const huge = byId(r.state, 'huge')
    expect(huge.status).toBe('failed')
    // The local API refused it as the real one does, once: no retry of the same prompt.
    expect(firstTurns(f.api, 'huge')).toHaveLength(1)
    expect(huge.attempts).toBe(1)
    expect(huge.error).toMatch(
      /^the Anthropic API refused the prompt as too long for the model's context \(HTTP 400\): .*[Pp]rompt is too long/
    )
    expect(log).toMatch(
      /❌ failed after 1 attempt \(not retried: another attempt would send the same prompt\)/
    )
    expect(log).not.toMatch(/attempt 2\/3/)
  })
})

describe('an invalid task file', () => {
  it('the duplicate-id annotation points at a line its text names; the summary lists every problem with its line', async () => {
    const text = taskFile([
      { id: 'a', description: 'first' },
      { id: 'b', description: 'second', dependencies: ['nope'] },
      { id: 'a', description: 'third' }
    ])
    const repo = await makeRepo({ files: { 'task.json': text } })
    try {
      const r = await runAction({ workspace: repo.work, inputs: { mode: 'plan' } })
      expect(r.exitCode, r.log).toBe(1)
      const idLines = text.split('\n').flatMap((l, i) => (l.includes('"id": "a"') ? [i + 1] : []))
      expect(idLines).toHaveLength(2)
      const ann =
        /::error title=Invalid task file,file=task\.json,line=(\d+),col=\d+::(tasks\[2\]\.id: duplicate.*)/.exec(
          r.log
        )
      expect(ann, r.log).not.toBeNull()
      expect(Number(ann![1])).toBe(idLines[1])
      expect(ann![2]).toContain(`used on line ${idLines[0]} (tasks[0]) and line ${idLines[1]} (tasks[2])`)
      // The summary is not empty: the same problems, with their lines.
      const summary = r.summary
        .replace(/&#91;/g, '[')
        .replace(/&#93;/g, ']')
        .replace(/&quot;/g, '"')
      expect(summary).toContain('<code>task.json</code> is not valid')
      expect(summary).toContain('2 problems found; nothing was run or changed')
      expect(summary).toContain(
        `| ${idLines[1]}:13 | tasks[2].id: duplicate task id "a", used on line ${idLines[0]} (tasks[0]) and line ${idLines[1]} (tasks[2]); ids must be unique. |`
      )
      expect(summary).toMatch(/\| \d+:\d+ \| tasks\[1\]\.dependencies\[0\]: unknown task "nope"/)
    } finally {
      repo.cleanup()
    }
  })
})
