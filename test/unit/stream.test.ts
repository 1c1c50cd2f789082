import { describe, expect, it } from 'vitest'
import {
  LineSplitter,
  eventsForLine,
  parseStreamLine,
  summarizeToolUse
} from '../../src/infra/claude/stream.js'
import type { LineInfo } from '../../src/infra/claude/stream.js'

// Lines as printed by @anthropic-ai/claude-code 2.1.332 (long fields trimmed).
const INIT =
  '{"type":"system","subtype":"init","cwd":"/tmp/w","session_id":"eef005b9-6eae-4ab4-b8d4-71834e887767",' +
  '"tools":["Task","Bash","Edit","Read","Write"],"mcp_servers":[],"model":"claude-sonnet-4-5",' +
  '"permissionMode":"acceptEdits","apiKeySource":"ANTHROPIC_API_KEY","claude_code_version":"2.1.332"}'
const ASSISTANT_TOOL =
  '{"type":"assistant","message":{"id":"msg_1","type":"message","role":"assistant","model":"claude-sonnet-4-5",' +
  '"content":[{"type":"thinking","thinking":"hm"},{"type":"text","text":"Writing it."},' +
  '{"type":"tool_use","id":"toolu_1","name":"Write","input":{"file_path":"/tmp/w/src/convert.js","content":"x"}},' +
  '{"type":"tool_use","id":"toolu_2","name":"Bash","input":{"command":"npm test"}}],' +
  '"stop_reason":null,"usage":{"input_tokens":1000,"output_tokens":7,"cache_creation_input_tokens":3,' +
  '"cache_read_input_tokens":5}},"parent_tool_use_id":null,"session_id":"s"}'
const USER_RESULT =
  '{"type":"user","message":{"role":"user","content":[{"tool_use_id":"toolu_1","type":"tool_result",' +
  '"content":"File created successfully at: /tmp/w/src/convert.js"},{"tool_use_id":"toolu_2","type":"tool_result",' +
  '"content":[{"type":"text","text":"1 failing"}],"is_error":true}]},"session_id":"s"}'
const RESULT_OK =
  '{"type":"result","subtype":"success","is_error":false,"api_error_status":null,"duration_ms":385,' +
  '"duration_api_ms":102,"num_turns":2,"result":"done","session_id":"s","total_cost_usd":0.009,' +
  '"usage":{"input_tokens":2000,"cache_creation_input_tokens":0,"cache_read_input_tokens":0,"output_tokens":200},' +
  '"permission_denials":[{"tool_name":"Bash","tool_use_id":"t","tool_input":{"command":"rm -rf /"}}],' +
  '"terminal_reason":"completed"}'
const RESULT_MAX_TURNS =
  '{"type":"result","subtype":"error_max_turns","duration_ms":900,"is_error":true,"num_turns":2,' +
  '"session_id":"s","total_cost_usd":0.0045,"usage":{"input_tokens":1000,"output_tokens":100},' +
  '"permission_denials":[],"terminal_reason":"max_turns"}'
const API_RETRY =
  '{"type":"system","subtype":"api_retry","attempt":1,"max_retries":1,"retry_delay_ms":516,' +
  '"error_status":500,"error":"server_error","session_id":"s"}'
const SYNTHETIC_ERROR =
  '{"type":"assistant","message":{"id":"x","model":"<synthetic>","role":"assistant","type":"message",' +
  '"usage":{"input_tokens":0,"output_tokens":0},"content":[{"type":"text","text":"Failed to authenticate. ' +
  'API Error: 401 bad key"}]},"session_id":"s","error":"authentication_failed","is_api_error_message":true,' +
  '"api_error_status":401}'

describe('parseStreamLine', () => {
  it('parses init', () => {
    expect(parseStreamLine(INIT)).toEqual([
      {
        kind: 'init',
        sessionId: 'eef005b9-6eae-4ab4-b8d4-71834e887767',
        model: 'claude-sonnet-4-5',
        tools: ['Task', 'Bash', 'Edit', 'Read', 'Write'],
        cwd: '/tmp/w',
        permissionMode: 'acceptEdits'
      }
    ])
  })

  it('splits an assistant message into text, tool uses and usage, skipping thinking', () => {
    expect(parseStreamLine(ASSISTANT_TOOL, { cwd: '/tmp/w' })).toEqual([
      { kind: 'text', text: 'Writing it.' },
      {
        kind: 'tool-use',
        id: 'toolu_1',
        name: 'Write',
        input: { file_path: '/tmp/w/src/convert.js', content: 'x' },
        summary: 'Write src/convert.js'
      },
      {
        kind: 'tool-use',
        id: 'toolu_2',
        name: 'Bash',
        input: { command: 'npm test' },
        summary: 'Bash npm test'
      },
      {
        kind: 'usage',
        usage: { inputTokens: 1000, outputTokens: 7, cacheCreationInputTokens: 3, cacheReadInputTokens: 5 }
      }
    ])
  })

  it('parses tool results with string or block content', () => {
    expect(parseStreamLine(USER_RESULT)).toEqual([
      {
        kind: 'tool-result',
        toolUseId: 'toolu_1',
        isError: false,
        text: 'File created successfully at: /tmp/w/src/convert.js'
      },
      { kind: 'tool-result', toolUseId: 'toolu_2', isError: true, text: '1 failing' }
    ])
  })

  it('shortens long tool results', () => {
    const line = JSON.stringify({
      type: 'user',
      message: { content: [{ type: 'tool_result', tool_use_id: 't', content: 'x'.repeat(100_000) }] }
    })
    const [e] = parseStreamLine(line)
    expect(e.kind === 'tool-result' && e.text.length).toBeLessThanOrEqual(2000)
  })

  it('maps a result line', () => {
    expect(parseStreamLine(RESULT_OK)).toEqual([
      {
        kind: 'result',
        subtype: 'success',
        isError: false,
        apiErrorStatus: null,
        result: 'done',
        sessionId: 's',
        totalCostUsd: 0.009,
        numTurns: 2,
        durationMs: 385,
        usage: { inputTokens: 2000, outputTokens: 200, cacheReadInputTokens: 0, cacheCreationInputTokens: 0 },
        permissionDenials: [{ toolName: 'Bash', toolInput: { command: 'rm -rf /' } }],
        terminalReason: 'completed'
      }
    ])
  })

  it('tolerates a result without result text or api_error_status (error_max_turns)', () => {
    expect(parseStreamLine(RESULT_MAX_TURNS)[0]).toMatchObject({
      kind: 'result',
      subtype: 'error_max_turns',
      isError: true,
      apiErrorStatus: null,
      result: '',
      totalCostUsd: 0.0045,
      numTurns: 2
    })
  })

  it('keeps an API error status and structured output', () => {
    const line = JSON.stringify({
      type: 'result',
      subtype: 'success',
      is_error: true,
      api_error_status: 429,
      result: 'API Error: Request rejected (429)',
      structured_output: { summary: 'ok' }
    })
    expect(parseStreamLine(line)[0]).toMatchObject({
      isError: true,
      apiErrorStatus: 429,
      structuredOutput: { summary: 'ok' },
      sessionId: null,
      totalCostUsd: 0
    })
  })

  it('parses api_retry', () => {
    const [e] = parseStreamLine(API_RETRY)
    expect(e).toMatchObject({ kind: 'api-retry', status: 500 })
    expect(e.kind === 'api-retry' && e.message).toContain('retry 1/1')
  })

  it('passes the synthetic API error message on as text', () => {
    expect(parseStreamLine(SYNTHETIC_ERROR)[0]).toEqual({
      kind: 'text',
      text: 'Failed to authenticate. API Error: 401 bad key'
    })
  })

  it('tolerates unknown types, unknown system subtypes, non-objects and non-JSON', () => {
    expect(parseStreamLine('{"type":"stream_event","event":{}}')).toEqual([
      { kind: 'unknown', type: 'stream_event' }
    ])
    expect(parseStreamLine('{"type":"system","subtype":"permission_denied","tool_name":"Write"}')).toEqual([
      { kind: 'unknown', type: 'system/permission_denied' }
    ])
    expect(parseStreamLine('{"no":"type"}')).toEqual([{ kind: 'unknown', type: '' }])
    expect(parseStreamLine('42')).toEqual([{ kind: 'unknown', type: 'number' }])
    expect(parseStreamLine('Error: something odd')).toEqual([
      { kind: 'non-json', line: 'Error: something odd' }
    ])
    expect(parseStreamLine('{"type":"assistant"')).toEqual([
      { kind: 'non-json', line: '{"type":"assistant"' }
    ])
    expect(parseStreamLine('   ')).toEqual([])
    expect(parseStreamLine('{"type":"assistant","message":null}')).toEqual([])
  })
})

describe('summarizeToolUse', () => {
  const cwd = '/repo'
  it.each([
    ['Write', { file_path: '/repo/src/convert.js', content: '…' }, 'Write src/convert.js'],
    ['Edit', { file_path: '/repo/index.html', old_string: 'a', new_string: 'b' }, 'Edit index.html'],
    ['Read', { file_path: '/repo/package.json' }, 'Read package.json'],
    ['Read', { file_path: '/etc/passwd' }, 'Read /etc/passwd'],
    ['Read', { file_path: '/repository/x' }, 'Read /repository/x'],
    ['Write', { file_path: 'rel/a.txt' }, 'Write rel/a.txt'],
    ['Bash', { command: 'npm test' }, 'Bash npm test'],
    ['Bash', { command: '  npm ci\nnpm test\n' }, 'Bash npm ci …'],
    ['Glob', { pattern: '**/*.ts' }, 'Glob **/*.ts'],
    ['Grep', { pattern: 'TODO', path: '/repo/src' }, 'Grep TODO in src'],
    ['WebFetch', { url: 'https://example.com/x', prompt: 'read' }, 'WebFetch https://example.com/x'],
    ['TodoWrite', { todos: [{}, {}, {}] }, 'TodoWrite 3 items'],
    ['TodoWrite', { todos: [{}] }, 'TodoWrite 1 item'],
    ['Agent', { description: 'Explore the repo', prompt: 'long' }, 'Agent Explore the repo'],
    ['Skill', { skill: 'verify', args: '' }, 'Skill verify'],
    ['ToolSearch', {}, 'ToolSearch'],
    ['Mystery', 'not an object', 'Mystery']
  ])('%s %j → %s', (name, input, expected) => {
    expect(summarizeToolUse(name, input, cwd)).toBe(expected)
  })

  it('shortens a long command to about 80 characters', () => {
    const s = summarizeToolUse('Bash', { command: `echo ${'x'.repeat(500)}` })
    expect(s.startsWith('Bash echo xxx')).toBe(true)
    expect(s.length).toBeLessThanOrEqual('Bash '.length + 80)
    expect(s.endsWith('…')).toBe(true)
  })
})

describe('LineSplitter', () => {
  const collect = (opts?: { maxLineBytes?: number }) => {
    const lines: [string, LineInfo][] = []
    const sp = new LineSplitter((l, i) => lines.push([l, i]), opts)
    return { sp, lines }
  }

  it('joins chunks, splits lines, strips CR and flushes the last line on end', () => {
    const { sp, lines } = collect()
    sp.push('{"a":')
    sp.push(Buffer.from('1}\r\n{"b":2}\n\npartial'))
    expect(lines.map(l => l[0])).toEqual(['{"a":1}', '{"b":2}', ''])
    sp.end()
    expect(lines.map(l => l[0])).toEqual(['{"a":1}', '{"b":2}', '', 'partial'])
    expect(lines.every(l => !l[1].truncated)).toBe(true)
  })

  it('keeps multi-byte characters split across chunks intact', () => {
    const { sp, lines } = collect()
    const bytes = Buffer.from('{"text":"héllo ✓"}\n')
    for (let i = 0; i < bytes.length; i++) sp.push(bytes.subarray(i, i + 1))
    expect(JSON.parse(lines[0][0])).toEqual({ text: 'héllo ✓' })
  })

  it('truncates a huge line without buffering it and goes on with the next lines', () => {
    const { sp, lines } = collect({ maxLineBytes: 64 * 1024 })
    const chunk = Buffer.alloc(64 * 1024, 'x')
    sp.push('{"type":"assistant","message":{"content":[{"type":"text","text":"')
    // 64 MiB in total; the splitter must hold at most the cap of it.
    const before = process.memoryUsage().arrayBuffers
    for (let i = 0; i < 1024; i++) sp.push(chunk)
    const grown = process.memoryUsage().arrayBuffers - before
    sp.push('"}]}}\n{"type":"result","subtype":"success"}\n')
    expect(grown).toBeLessThan(16 * 1024 * 1024)
    expect(lines).toHaveLength(2)
    const [huge, info] = lines[0]
    expect(info.truncated).toBe(true)
    expect(info.bytes).toBeGreaterThan(64 * 1024 * 1024)
    expect(huge.length).toBeLessThanOrEqual(1024)
    const events = eventsForLine(huge, info)
    expect(events).toHaveLength(1)
    expect(events[0].kind).toBe('non-json')
    expect(events[0].kind === 'non-json' && events[0].line).toMatch(
      /^\[line of \d+ bytes truncated\] \{"type"/
    )
    expect(eventsForLine(lines[1][0], lines[1][1])[0]).toMatchObject({ kind: 'result', subtype: 'success' })
  })

  it('accepts a line exactly at the cap', () => {
    const { sp, lines } = collect({ maxLineBytes: 10 })
    sp.push('0123456789\n01234567890\n')
    expect(lines).toEqual([
      ['0123456789', { truncated: false, bytes: 10 }],
      ['0123456789', { truncated: true, bytes: 11 }]
    ])
  })
})
