import { readFileSync } from 'node:fs'
import { parseStreamLine } from '../../src/infra/claude/stream.js'
import { describe, expect, it } from 'vitest'
import type { ClaudeEvent } from '../../src/engine/claude-events.js'
import type { RunEvent } from '../../src/engine/events.js'
import { LogFormatter, describeCall, type LogLine } from '../../src/report/log.js'
import { Redactor } from '../../src/report/redact.js'
import { sampleReport } from '../fixtures/summary/report.js'

const TRANSCRIPT = new URL('../fixtures/transcripts/sample.jsonl', import.meta.url)

/** The real parser, fed the session's cwd from the init line the way runClaude does. */
async function streamParser(): Promise<(line: string) => ClaudeEvent[]> {
  let cwd: string | undefined
  return line => {
    const events = parseStreamLine(line, { cwd })
    for (const e of events) if (e.kind === 'init' && e.cwd) cwd = e.cwd
    return events
  }
}

const text = (lines: LogLine[]): string[] =>
  lines.map(l =>
    l.kind === 'group-start'
      ? `[group] ${l.title}`
      : l.kind === 'group-end'
        ? '[/group]'
        : `${l.level}: ${l.text}`
  )

describe('LogFormatter', () => {
  it('turns a recorded transcript into short lines, never JSON', async () => {
    const parse = await streamParser()
    const claude = readFileSync(TRANSCRIPT, 'utf8')
      .split('\n')
      .filter(l => l.trim())
      .flatMap(l => parse(l))
      .map((event): RunEvent => ({ type: 'claude', taskId: 'task-2', event }))

    const events: RunEvent[] = [
      { type: 'run-started', project: 'Recipe converter', ready: ['task-2'], total: 3 },
      {
        type: 'attempt-started',
        taskId: 'task-2',
        title: 'Implement conversion logic',
        attempt: 1,
        maxAttempts: 3
      },
      ...claude.slice(0, 6),
      { type: 'heartbeat', taskId: 'task-2', elapsedMs: 120_000, turns: 5, costUsd: 0.04 },
      ...claude.slice(6),
      { type: 'verify-started', taskId: 'task-2', command: 'npm test' },
      {
        type: 'verify-finished',
        taskId: 'task-2',
        command: 'npm test',
        exitCode: 0,
        output: 'ok 1 - converts cups\n'
      },
      {
        type: 'task-finished',
        taskId: 'task-2',
        status: 'completed',
        attempts: 1,
        durationMs: 12_345,
        turns: 4,
        costUsd: 0.0123,
        outputs: ['src/convert.js', 'index.html', 'test/convert.test.js']
      },
      { type: 'task-committed', taskId: 'task-2', commit: '3f2a9c1d8e7b6a5f4e3d2c1b0a9f8e7d6c5b4a39' }
    ]
    const f = new LogFormatter()
    const lines = text(events.flatMap(e => f.format(e)))
    expect(lines).toEqual([
      'info: Taskmesh · Recipe converter: 1 ready of 3 tasks',
      '[group] ▶ task-2 · Implement conversion logic (attempt 1/3)',
      'debug: session started: model claude-sonnet-4-5, 7 tools',
      "info: 💬 I'll create the converter in src/convert.js and wire it into the page. …",
      'info: 🔧 Write src/convert.js',
      'info: … still running: 2m 00s, 5 turns, $0.04',
      'info: 🔧 Bash npm test',
      'info: ⚠️ tool error: Error: npm test exited with code 1 …',
      'warning: ↻ API retry (HTTP 529): Overloaded, retry 1/10 in 1200 ms',
      'info: 💬 The test expects grams. Fixing the conversion.',
      'info: 🔧 Edit index.html',
      'info: 🔧 Bash rm -rf node_modules && npm ci',
      "info: ⚠️ tool error: Claude requested permissions to use Bash, but you haven't granted it yet.",
      'info: 💬 Done: src/convert.js converts cups to grams and index.html announces results. …',
      'warning: 🚫 permission denied: Bash(rm -rf node_modules && npm ci)',
      'info: 🏁 Claude Code ended · 6 turns · $0.0412',
      'info: 🧪 verify: npm test',
      'info: ✅ verify passed: npm test',
      'info: ✅ completed in attempt 1/3 · 12.3 s · 4 turns · $0.0123 · 3 files changed',
      '[/group]',
      'info: 📝 task-2 committed 3f2a9c1'
    ])
    expect(lines.join('\n')).not.toMatch(/[{}]"|"type"/)
  })

  it('reports a failing task: verify output tail, failed attempts, closing line with the reason', () => {
    const f = new LogFormatter()
    const events: RunEvent[] = [
      { type: 'attempt-started', taskId: 'a', title: 'Alpha', attempt: 3, maxAttempts: 3 },
      {
        type: 'verify-finished',
        taskId: 'a',
        command: 'npm test',
        exitCode: 1,
        output: Array.from({ length: 50 }, (_, i) => `line ${i}`).join('\n') + '\n\n'
      },
      {
        type: 'attempt-finished',
        taskId: 'a',
        attempt: 3,
        maxAttempts: 3,
        ok: false,
        kind: 'verify',
        reason: 'verify command failed (exit 1)',
        next: { kind: 'give-up' },
        costUsd: 0.1,
        turns: 3,
        durationMs: 1000
      },
      {
        type: 'task-finished',
        taskId: 'a',
        status: 'failed',
        attempts: 3,
        durationMs: 245_000,
        turns: 9,
        costUsd: 1.234,
        outputs: [],
        error: 'verify command failed (exit 1)\nmore detail',
        attemptsThisRun: 3,
        maxAttempts: 3,
        failureKind: 'verify'
      }
    ]
    const lines = text(events.flatMap(e => f.format(e)))
    expect(lines[0]).toBe('[group] ▶ a · Alpha (attempt 3/3)')
    expect(lines[1]).toBe('warning: ❌ verify failed (exit 1): npm test')
    expect(lines.slice(2, 12)).toEqual(Array.from({ length: 10 }, (_, i) => `info: │ line ${40 + i}`))
    // The last attempt's failure is said once, by the task's closing line: no "retrying", no twin line.
    expect(lines[12]).toBe(
      'error: ❌ failed after 3 attempts: verify command failed (exit 1) … · 4m 05s · 9 turns · $1.23 · 0 files changed'
    )
    expect(lines[13]).toBe('[/group]')
    expect(lines).toHaveLength(14)
  })

  it('never nests groups and labels lines of other tasks (parallel runs)', () => {
    const f = new LogFormatter()
    const out = [
      ...f.format({ type: 'attempt-started', taskId: 'a', title: '', attempt: 1, maxAttempts: 1 }),
      ...f.format({ type: 'attempt-started', taskId: 'b', title: 'Bee', attempt: 1, maxAttempts: 2 }),
      ...f.format({ type: 'claude', taskId: 'a', event: { kind: 'text', text: 'hello from a' } }),
      ...f.format({ type: 'log', level: 'warning', message: 'disk almost full' }),
      ...f.format({
        type: 'run-stopped',
        reason: { kind: 'credentials', message: 'API key rejected (401)' }
      }),
      ...f.format({ type: 'run-finished', report: sampleReport() })
    ]
    expect(text(out)).toEqual([
      '[group] ▶ a (attempt 1/1)',
      '[/group]',
      '[group] ▶ b · Bee (attempt 1/2)',
      'info: [a] 💬 hello from a',
      'warning: disk almost full',
      '[/group]',
      'error: ⛔ run stopped (credentials): API key rejected (401)',
      'info: 🏁 run finished: 1 completed · 1 failed · 1 pending · 1 blocked · $0.469 · 4m 18s'
    ])
    let depth = 0
    for (const l of out) {
      depth += l.kind === 'group-start' ? 1 : l.kind === 'group-end' ? -1 : 0
      expect(depth === 0 || depth === 1).toBe(true)
    }
    expect(f.close()).toEqual([])
  })

  it('keeps lines single, short, free of control characters and workflow commands, and redacted', () => {
    const token = 'ghp_' + 'A'.repeat(36)
    const f = new LogFormatter({ maxLine: 60, redact: t => new Redactor().redact(t) })
    const lines = [
      ...f.format({ type: 'log', level: 'info', message: '::set-output name=x::1' }),
      ...f.format({ type: 'log', level: 'info', message: `\u001b[31mred\u001b[0m\r\nnext ${token}` }),
      ...f.format({ type: 'claude', taskId: 't', event: { kind: 'text', text: 'x'.repeat(500) } })
    ]
    for (const l of lines) {
      if (l.kind !== 'line') continue
      expect(l.text).not.toMatch(/^\s*::/)
      // eslint-disable-next-line no-control-regex
      expect(l.text).not.toMatch(/[\u0000-\u001f]/)
      expect(l.text).not.toContain(token)
      expect(Array.from(l.text).length).toBeLessThanOrEqual(60)
    }
    expect(lines[1]).toEqual({ kind: 'line', level: 'info', text: '[31mred [0m next ***' })
  })

  it('marks the lines that carry their own symbol, so a UI adds none (whatever letter a plain one starts with)', () => {
    const f = new LogFormatter()
    const [failed] = f.format({
      type: 'verify-finished',
      taskId: 't',
      command: 'npm test',
      exitCode: 1,
      output: ''
    })
    const [plain] = f.format({ type: 'log', level: 'warning', message: 'Élan: a plain warning' })
    expect(failed).toMatchObject({ kind: 'line', level: 'warning', marked: true })
    expect(plain).toEqual({ kind: 'line', level: 'warning', text: 'Élan: a plain warning' })
  })

  it('lists at most five permission denials and describes calls by their key argument', () => {
    const f = new LogFormatter()
    const denials = Array.from({ length: 7 }, (_, i) => ({
      toolName: 'Bash',
      toolInput: { command: `rm -rf /tmp/${i}` }
    }))
    const lines = f.format({
      type: 'claude',
      taskId: 't',
      event: {
        kind: 'result',
        subtype: 'error_max_turns',
        isError: true,
        apiErrorStatus: null,
        result: '',
        sessionId: null,
        totalCostUsd: 0.5,
        numTurns: 30,
        durationMs: 1,
        usage: { inputTokens: 0, outputTokens: 0, cacheReadInputTokens: 0, cacheCreationInputTokens: 0 },
        permissionDenials: denials
      }
    })
    expect(text(lines)).toEqual([
      ...Array.from({ length: 5 }, (_, i) => `warning: [t] 🚫 permission denied: Bash(rm -rf /tmp/${i})`),
      'warning: [t] 🚫 … and 2 more permission denials',
      'info: [t] 🏁 Claude Code ended · 30 turns · $0.50'
    ])
    expect(describeCall('Write', { file_path: 'a.js', content: '{"x":1}' })).toBe('Write(a.js)')
    expect(describeCall('Mystery', { n: 1 })).toBe('Mystery')
  })
})
