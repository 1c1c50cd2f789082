import { describe, expect, it } from 'vitest'
import type { TaskReport } from '../../src/engine/report-model.js'
import { PR_MARKER, renderPullRequestBody } from '../../src/report/pr-body.js'
import { Redactor } from '../../src/report/redact.js'
import { sampleReport, task } from '../fixtures/summary/report.js'

describe('renderPullRequestBody', () => {
  it('says what Taskmesh did, with totals, the table, failures, the stop reason and the marker', () => {
    const body = renderPullRequestBody(sampleReport())
    expect(body.startsWith(`${PR_MARKER}\n## 🕸️ Taskmesh · Recipe converter\n`)).toBe(true)
    expect(body).toContain(
      'Taskmesh ran the tasks of <code>examples/recipe/task.json</code> with Claude Code.'
    )
    expect(body).toContain('**✅ 1 completed · ❌ 1 failed · ⏳ 1 pending · ⛔ 1 blocked** · 💰 $0.469')
    expect(body).toContain('> ⚠️ **The run stopped early (budget).** The run spent $0.47 of its $0.45 budget')
    expect(body).toContain(
      '[<code>3f2a9c1</code>](https://github.com/acme/recipes/commit/3f2a9c1d8e7b6a5f4e3d2c1b0a9f8e7d6c5b4a39)'
    )
    expect(body).toContain(
      '- ❌ <code>task-2</code> Implement conversion logic &#124; metric &#96;cups&#96; — after 3 attempts: ' +
        'verify command &#96;npm test&#96; exited with 1 &#124; 2 tests failed expected 240 to be 236.6\n'
    )
    expect(body).not.toContain('<script>')
    expect(body).not.toContain('shortened')
  })

  it('cannot ping people or close issues from task text', () => {
    const body = renderPullRequestBody(sampleReport())
    expect(body).not.toMatch(/@octocat|#12\b/)
    expect(body).toContain('@\u200boctocat fixes #\u200b12')
  })

  it('stays within maxChars, keeps failed rows first and says what it left out', () => {
    const r = sampleReport()
    r.tasks = Array.from({ length: 3000 }, (_, i): TaskReport =>
      task({
        id: `t-${i}`,
        title: `Generated task ${i} with a reasonably long title`,
        status: i % 10 === 0 ? 'failed' : 'completed',
        attempts: 1,
        error: i % 10 === 0 ? 'x'.repeat(1000) : undefined,
        commit: 'a'.repeat(40)
      })
    )
    const body = renderPullRequestBody(r)
    expect(body.length).toBeLessThanOrEqual(65_536)
    expect(body.startsWith(PR_MARKER)).toBe(true)
    const rows = body.split('\n').filter(l => l.startsWith('| <code>'))
    // Only ~260 rows fit in 65,536 characters: all of them are failures, which come first.
    expect(rows.length).toBeGreaterThan(200)
    expect(rows.every(l => l.includes('❌ failed'))).toBe(true)
    expect(body).toContain(
      `> ✂️ ${3000 - rows.length} tasks left out of the table to stay under GitHub's size limit for a description ` +
        `(2700 completed, ${300 - rows.length} failed); the job summary has the full list.`
    )
    expect(body).toContain('_280 more failures._')
    // Failure reasons are shortened.
    expect(body).not.toContain('x'.repeat(301))

    const tiny = renderPullRequestBody(r, { maxChars: 2000 })
    expect(tiny.length).toBeLessThanOrEqual(2000)
    expect(tiny.startsWith(PR_MARKER)).toBe(true)
  })

  it('redacts secrets when given a redactor', () => {
    const r = sampleReport()
    const token = 'ghp_' + 'S'.repeat(36)
    r.tasks[1]!.error = `push with ${token} failed`
    const body = renderPullRequestBody(r, { redactor: new Redactor([token]) })
    expect(body).not.toContain(token)
    expect(body).toContain('push with &#42;&#42;&#42; failed')
  })

  it('keeps the rows of tasks this run did when the table must be cut', () => {
    const r = sampleReport()
    r.tasks = Array.from({ length: 2000 }, (_, i): TaskReport =>
      task({ id: `old-${i}`, title: `An earlier task number ${i} with a long title`, status: 'completed' })
    )
    r.tasks.push(task({ id: 'fresh', title: 'Done in this run', status: 'completed', ranThisRun: true }))
    const body = renderPullRequestBody(r, { maxChars: 20_000 })
    expect(body.length).toBeLessThanOrEqual(20_000)
    expect(body).toContain('<code>fresh</code>')
    expect(body).not.toContain('<code>old-1999</code>')
  })
})
