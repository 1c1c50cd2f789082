import { describe, expect, it } from 'vitest'
import {
  commitLink,
  escapeHtml,
  escapeMermaidLabel,
  escapeTableCell,
  formatDuration,
  formatTokens,
  formatUsd,
  mermaidGraph,
  neutralizeMentions,
  statusIcon,
  statusLabel,
  taskTable,
  truncateUtf8,
  utf8Bytes
} from '../../src/report/markdown.js'
import { firstLine, shorten } from '../../src/shared/text.js'
import { sampleReport, task } from '../fixtures/summary/report.js'

describe('escaping', () => {
  it('escapes HTML', () => {
    expect(escapeHtml(`<script>alert("x" & 'y')</script>`)).toBe(
      '&lt;script&gt;alert(&quot;x&quot; &amp; &#39;y&#39;)&lt;/script&gt;'
    )
  })

  it('keeps table cells in one cell: pipes, backticks, newlines, HTML', () => {
    const cell = escapeTableCell('a | b `code` <b>\n\n# heading\r\n- item \\')
    expect(cell).toBe('a &#124; b &#96;code&#96; &lt;b&gt; # heading - item &#92;')
    expect(cell).not.toMatch(/[|`<>\n]/)
  })

  it('breaks @mentions and #references but keeps emails and plain hashes readable', () => {
    expect(neutralizeMentions('@octocat fixes #12, mail a@b.c, C# and # 3')).toBe(
      '@\u200boctocat fixes #\u200b12, mail a@\u200bb.c, C# and # 3'
    )
  })

  it('escapes Mermaid labels so nothing can end the label or the fence', () => {
    const label = escapeMermaidLabel('a "b" [c] (d) <e> `f` ```;#{}|')
    expect(label).not.toMatch(/["[\]<>`{}|]/)
    expect(label).toBe(
      'a #34;b#34; #91;c#93; #40;d#41; #60;e#62; #96;f#96; #96;#96;#96;#59;#35;#123;#125;#124;'
    )
  })
})

describe('shorten / firstLine', () => {
  it('cuts to max characters with an ellipsis, never splitting an emoji', () => {
    expect(shorten('hello', 5)).toBe('hello')
    expect(shorten('hello world', 6)).toBe('hello…')
    expect(shorten('😀😀😀😀', 3)).toBe('😀😀…')
    expect(shorten('😀😀😀', 3)).toBe('😀😀😀')
    expect(shorten('abc', 0)).toBe('')
  })

  it('takes the first non-empty line', () => {
    expect(firstLine('\n  first line\nsecond', 100)).toBe('first line …')
    expect(firstLine('only', 100)).toBe('only')
  })
})

describe('number formats', () => {
  it('formats durations', () => {
    expect(formatDuration(850)).toBe('850 ms')
    expect(formatDuration(999.6)).toBe('1.0 s')
    expect(formatDuration(12_345)).toBe('12.3 s')
    expect(formatDuration(59_960)).toBe('1m 00s')
    expect(formatDuration(245_000)).toBe('4m 05s')
    expect(formatDuration(3_720_000)).toBe('1h 02m')
    expect(formatDuration(-5)).toBe('0 ms')
  })

  it('formats money and tokens', () => {
    expect(formatUsd(0.0123)).toBe('$0.0123')
    expect(formatUsd(0.04)).toBe('$0.04')
    expect(formatUsd(0.5)).toBe('$0.50')
    expect(formatUsd(0.99999)).toBe('$1.00')
    expect(formatUsd(1.234)).toBe('$1.23')
    expect(formatUsd(0)).toBe('$0.00')
    expect(formatTokens(950)).toBe('950')
    expect(formatTokens(12_345)).toBe('12.3k')
    expect(formatTokens(48_000)).toBe('48k')
    expect(formatTokens(4_500_000)).toBe('4.5M')
  })

  it('names statuses', () => {
    expect(`${statusIcon('completed')} ${statusLabel('completed')}`).toBe('✅ completed')
    expect(`${statusIcon('failed')} ${statusLabel('failed')}`).toBe('❌ failed')
    expect(`${statusIcon('pending')} ${statusLabel('pending')}`).toBe('⏳ pending')
    expect(`${statusIcon('in_progress')} ${statusLabel('in_progress')}`).toBe('🔄 in progress')
    expect(`${statusIcon('blocked')} ${statusLabel('blocked')}`).toBe('⛔ blocked')
  })

  it('cuts UTF-8 at a character boundary', () => {
    const s = 'ab✅cd'
    expect(utf8Bytes(s)).toBe(7)
    expect(truncateUtf8(s, 4)).toBe('ab')
    expect(truncateUtf8(s, 5)).toBe('ab✅')
  })
})

describe('taskTable', () => {
  it('renders one row per task with commit links', () => {
    const table = taskTable(sampleReport())
    const lines = table.trimEnd().split('\n')
    expect(lines).toHaveLength(2 + 4)
    expect(lines[2]).toBe(
      '| <code>task-1</code> Create the HTML structure | ✅ completed | 1 | 12.3 s | 4 | $0.0123 | 1 | ' +
        '[<code>3f2a9c1</code>](https://github.com/acme/recipes/commit/3f2a9c1d8e7b6a5f4e3d2c1b0a9f8e7d6c5b4a39) |'
    )
    // Every row has exactly the header's 8 cells: no pipe from task text leaked.
    for (const l of lines) expect(l.split('|').length - 2).toBe(8)
  })

  it('shows the short sha without a link base, and never links a non-hash', () => {
    expect(commitLink('3f2a9c1d8e7b', undefined)).toBe('<code>3f2a9c1</code>')
    expect(commitLink('](javascript:x)', 'https://github.com/o/r/commit/')).toBe('&#93;(javascript:x)')
    expect(commitLink(undefined, 'x')).toBe('—')
  })
})

describe('mermaidGraph', () => {
  it('draws nodes with generated ids, edges and a class per status', () => {
    const g = mermaidGraph(sampleReport())!
    expect(g.startsWith('```mermaid\nflowchart LR\n')).toBe(true)
    expect(g.trimEnd().endsWith('```')).toBe(true)
    expect(g).toContain('t0 --> t1')
    expect(g).toContain('t2 --> t3')
    expect(g).toMatch(/t1\[".*task-2.*"\]:::failed/)
    expect(g).toContain('classDef blocked ')
    expect(g).not.toContain('<script>')
    // Only the fence itself has backticks.
    expect(g.split('```').length).toBe(3)
  })

  it('returns null above maxNodes and ignores unknown dependencies', () => {
    const r = sampleReport()
    expect(mermaidGraph(r, { maxNodes: 3 })).toBeNull()
    r.tasks = [task({ id: 'a', dependencies: ['ghost', 'a'] })]
    expect(mermaidGraph(r)).not.toContain('-->')
  })
})
