import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import type { RunReport, TaskReport } from '../../src/engine/report-model.js'
import { Redactor } from '../../src/report/redact.js'
import {
  DEFAULT_SUMMARY_MAX_BYTES,
  GITHUB_SUMMARY_LIMIT,
  renderPlanSummary,
  renderSummary
} from '../../src/report/summary.js'
import { utf8Bytes } from '../../src/report/markdown.js'
import { sampleReport, task } from '../fixtures/summary/report.js'

const EXPECTED = new URL('../fixtures/summary/expected-summary.md', import.meta.url)

/** A run over `n` tasks where every task ran, with long results, timelines and one log line each. */
function bigReport(n: number): RunReport {
  const statuses = ['completed', 'completed', 'completed', 'failed', 'pending'] as const
  const tasks: TaskReport[] = Array.from({ length: n }, (_, i) =>
    task({
      id: `task-${i}`,
      title: `Implement feature number ${i} of the big generated project`,
      status: statuses[i % statuses.length],
      dependencies: i > 0 ? [`task-${i - 1}`] : [],
      attempts: 1,
      costUsd: 0.01,
      durationMs: 60_000,
      turns: 5,
      outputs: [`src/f${i}.ts`],
      commit: i % 5 === 4 ? undefined : (i.toString(16) + '0'.repeat(40)).slice(0, 40),
      error: i % 5 === 3 ? `verify failed for ${i}` : undefined,
      result: `Result of task ${i}: `.padEnd(400, 'x'),
      timeline: Array.from({ length: 12 }, (_, k) => `Edit src/f${i}-${k}.ts`),
      ranThisRun: true
    })
  )
  return {
    ...sampleReport(),
    stopReason: undefined,
    tasks,
    logs: tasks.map((t, i) => ({
      timestamp: '2025-05-01T12:00:00.000Z',
      message: `log line ${i} for ${t.id} `.padEnd(200, '.')
    }))
  }
}

describe('renderSummary', () => {
  it('renders the fixed run exactly as the stored expected summary', () => {
    expect(renderSummary(sampleReport())).toBe(readFileSync(EXPECTED, 'utf8'))
  })

  it('keeps task text as text: <script>, backticks and pipes cannot escape', () => {
    const out = renderSummary(sampleReport())
    expect(out).not.toContain('<script>')
    expect(out).toContain('&lt;script&gt;alert(1)&lt;/script&gt;')
    expect(out).not.toContain('</pre><b>')
    const rows = out.split('\n').filter(l => l.startsWith('| '))
    expect(rows).toHaveLength(6)
    for (const r of rows) expect(r.split('|').length - 2).toBe(8)
    // Backticks from task text only survive inside <pre> blocks, never in Markdown text.
    const outsidePre = out.replace(/<pre>[\s\S]*?<\/pre>/g, '').replace(/```mermaid[\s\S]*?```/g, '')
    expect(outsidePre).not.toContain('`')
  })

  it('says prominently why the run stopped early', () => {
    const out = renderSummary(sampleReport())
    const stop = out.indexOf('The run stopped early: the spending limit was reached')
    expect(stop).toBeGreaterThan(0)
    expect(stop).toBeLessThan(out.indexOf('### Tasks'))
    const r = sampleReport()
    r.stopReason = undefined
    expect(renderSummary(r)).not.toContain('stopped early')
  })

  it('stays under 1 MiB for 5,000 tasks and says what it cut', () => {
    const report = bigReport(5000)
    const out = renderSummary(report)
    expect(utf8Bytes(out)).toBeLessThanOrEqual(DEFAULT_SUMMARY_MAX_BYTES)
    expect(utf8Bytes(out)).toBeLessThan(GITHUB_SUMMARY_LIMIT)
    expect(out).toContain('This summary was shortened')
    expect(out).toMatch(/log line/)
    expect(out).toContain('The graph of 5000 tasks is too big to draw')
    // Log and details go first; the table is cut last, and every failed row is kept.
    expect(out).toContain('the 5000 log lines left out')
    expect(out).toContain('details of 5000 tasks left out')
    expect(out).not.toContain('### Log')
    expect(out).not.toContain('<details>')
    const rows = out.split('\n').filter(l => l.startsWith('| <code>task-'))
    expect(rows.length).toBeGreaterThan(4000)
    expect(rows.filter(r => r.includes('❌ failed'))).toHaveLength(1000)
    expect(out).toContain(`${5000 - rows.length} table rows left out (`)
    expect(out).toContain(`_${5000 - rows.length} more tasks not shown._`)
  })

  it('cuts log lines first, then details, then the graph, then rows (failed rows last)', () => {
    const report = bigReport(40)
    const full = renderSummary(report, { maxBytes: 10_000_000 })
    expect(full).not.toContain('shortened')
    const sizes = [utf8Bytes(full) - 4000, 30_000, 13_000, 5_000]
    const [logsCut, detailsCut, graphCut, rowsCut] = sizes.map(maxBytes => {
      const out = renderSummary(report, { maxBytes })
      expect(utf8Bytes(out)).toBeLessThanOrEqual(maxBytes)
      return out
    }) as [string, string, string, string]

    expect(logsCut).toMatch(/\d+ of 40 log lines shown \(the newest\)/)
    expect(logsCut).toContain('log line 39 for task-39')
    expect(logsCut).not.toContain('log line 0 for')
    expect(logsCut).not.toContain('details of')

    expect(detailsCut).toMatch(/details of \d+ tasks left out/)
    expect(detailsCut).toContain('```mermaid')
    // Failed tasks' details are kept before the others.
    expect(detailsCut).toContain('<code>task-3</code> · Implement')

    expect(graphCut).toContain('the task graph left out')
    expect(graphCut).not.toContain('```mermaid')
    expect(graphCut.split('\n').filter(l => l.startsWith('| <code>'))).toHaveLength(40)

    expect(rowsCut).toMatch(/\d+ table rows left out \(.*completed.*\)/)
    const rows = rowsCut.split('\n').filter(l => l.startsWith('| <code>'))
    expect(rows.length).toBeGreaterThan(0)
    expect(rows.length).toBeLessThan(40)
    const failedRows = rows.filter(r => r.includes('❌ failed'))
    expect(failedRows).toHaveLength(8)
  })

  it('contains no secret when rendered through the redactor', () => {
    const key = 'sk-ant-api03-' + 'k'.repeat(40)
    const token = 'ghs_' + 'T'.repeat(36)
    const custom = 'my-custom-password-77'
    const r = sampleReport()
    r.tasks[0]!.result = `Used ${key} and ${custom}`
    r.tasks[1]!.error = `push failed: https://x-access-token:${token}@github.com/acme/recipes`
    r.tasks[1]!.timeline.push(`Bash curl -H "Authorization: Bearer ${custom}" https://api.example.com`)
    r.logs.push({
      timestamp: '2025-05-01T12:05:00.000Z',
      message: `extraheader ${Buffer.from(`x-access-token:${token}`).toString('base64')}`
    })
    r.stopReason = { kind: 'credentials', message: `token ${token} was rejected` }
    const redactor = new Redactor([token, custom])
    for (const out of [renderSummary(redactor.redactDeep(r)), renderSummary(r, { redactor })]) {
      expect(out).not.toContain(key)
      expect(out).not.toContain(token)
      expect(out).not.toContain(custom)
      expect(out).not.toContain(Buffer.from(`x-access-token:${token}`).toString('base64'))
      expect(out).toContain('***')
    }
  })

  it('notes a graph too big to draw, and an empty task list', () => {
    const r = bigReport(200)
    expect(renderSummary(r, { maxBytes: 10_000_000 })).toContain('The graph of 200 tasks is too big to draw')
    r.tasks = []
    r.logs = []
    expect(renderSummary(r)).toContain('_The task file has no tasks._')
  })
})

describe('renderPlanSummary', () => {
  const plan = {
    project: 'Recipe <converter>',
    taskFile: 'task.json',
    waves: [['task-1', 'task-4'], ['task-2'], ['task-3']],
    ready: ['task-1', 'task-4'],
    completed: ['task-0'],
    failed: [],
    pending: ['task-1', 'task-2', 'task-3', 'task-4'],
    blocked: [],
    inProgress: ['task-4'],
    title: (id: string) =>
      new Map([
        ['task-1', 'HTML | structure'],
        ['task-2', 'Conversion `logic`']
      ]).get(id)
  }

  it('lists the waves, the counts and resumable tasks', () => {
    expect(renderPlanSummary(plan)).toBe(
      [
        '## 🕸️ Taskmesh plan · Recipe &lt;converter&gt;',
        '',
        'Task file <code>task.json</code> · plan mode changes nothing and runs nothing.',
        '',
        '**2 ready** · ✅ 1 completed · ❌ 0 failed · ⏳ 4 pending · ⛔ 0 blocked · 🔄 1 in progress',
        '',
        '> 🔄 Left in progress by an earlier run, resumable: <code>task-4</code>',
        '',
        '### Waves',
        '',
        'Tasks in the same wave do not depend on each other and can run together.',
        '',
        '1. <code>task-1</code> HTML &#124; structure · <code>task-4</code>',
        '2. <code>task-2</code> Conversion &#96;logic&#96;',
        '3. <code>task-3</code>',
        ''
      ].join('\n')
    )
  })

  it('is capped, with a note about the waves left out', () => {
    const ids = Array.from({ length: 20_000 }, (_, i) => `t${i}`)
    const waves = Array.from({ length: 400 }, (_, w) => ids.slice(w * 50, w * 50 + 50))
    const out = renderPlanSummary({ ...plan, waves, ready: waves[0]!, pending: ids }, { maxBytes: 50_000 })
    expect(utf8Bytes(out)).toBeLessThanOrEqual(50_000)
    expect(out).toMatch(/\d+ more waves not shown/)
    const wide = renderPlanSummary({ ...plan, waves: [ids] })
    expect(wide).toContain('and 19950 more')
  })
})
