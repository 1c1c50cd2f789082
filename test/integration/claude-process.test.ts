import { existsSync, readFileSync } from 'node:fs'
import { readFile, stat, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { buildClaudeArgs, findClaude, runClaude } from '../../src/infra/claude/process.js'
import { classifyExit } from '../../src/infra/claude/classify.js'
import { CLAUDE_CONFIG_SEED } from '../../src/infra/sandbox/sandbox.js'
import type { ClaudeOptions, ClaudeRunResult } from '../../src/infra/claude/process.js'
import type { ClaudeEvent } from '../../src/engine/claude-events.js'
import { CLAUDE_BIN, DUMMY_API_KEY, TEST_MODEL, makeClaudeEnv } from '../support/claude-env.js'
import type { ClaudeTestEnv } from '../support/claude-env.js'
import {
  startMessagesApi,
  structuredOutput,
  toolThenDone,
  writeFileThenDone
} from '../support/messages-api.js'
import type { Handler, MessagesApi, MessagesApiOptions } from '../support/messages-api.js'

const cleanups: (() => Promise<void>)[] = []
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c()
})

interface Run {
  res: ClaudeRunResult
  events: ClaudeEvent[]
  api: MessagesApi
  t: ClaudeTestEnv
  transcriptPath: string
}

async function run(
  handler: Handler,
  o: {
    options?: Partial<ClaudeOptions>
    baseEnv?: NodeJS.ProcessEnv
    timeoutMs?: number
    signal?: AbortSignal
    api?: MessagesApiOptions
    heartbeat?: { ms: number; calls: number[] }
  } = {}
): Promise<Run> {
  const api = await startMessagesApi(handler, o.api)
  cleanups.push(() => api.close())
  const t = await makeClaudeEnv(api.url, o.baseEnv)
  cleanups.push(() => t.cleanup())
  const events: ClaudeEvent[] = []
  const transcriptPath = path.join(t.scratch, 'transcripts', 't1', 'attempt-1.jsonl')
  const res = await runClaude({
    claudePath: CLAUDE_BIN,
    args: buildClaudeArgs({
      model: TEST_MODEL,
      permissionMode: 'acceptEdits',
      allowedTools: [],
      disallowedTools: [],
      extraArgs: [],
      ...o.options
    }),
    prompt: 'Task id: t1\nDo the thing.\n',
    cwd: t.workdir,
    env: t.env,
    timeoutMs: o.timeoutMs ?? 30_000,
    killGraceMs: 1000,
    transcriptPath,
    onEvent: e => events.push(e),
    signal: o.signal,
    heartbeatMs: o.heartbeat?.ms,
    onHeartbeat: o.heartbeat ? idle => o.heartbeat?.calls.push(idle) : undefined
  })
  return { res, events, api, t, transcriptPath }
}

/** Running, not a zombie waiting for init (which kill(pid, 0) still reports as alive). */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0)
  } catch {
    return false
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
    return stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z'
  } catch {
    return false
  }
}

async function waitFor(cond: () => boolean | Promise<boolean>, ms = 10_000): Promise<void> {
  const end = Date.now() + ms
  while (!(await cond())) {
    if (Date.now() > end) throw new Error('condition not met in time')
    await new Promise(r => setTimeout(r, 50))
  }
}

describe('runClaude with the real CLI against the local Messages API', () => {
  it('runs a Write tool call: the file exists, success, cost, turns, session id, raw transcript', async () => {
    const { res, events, api, t, transcriptPath } = await run(
      writeFileThenDone('hello.txt', 'hi there\n', 'Wrote it.')
    )
    expect(res.exitCode).toBe(0)
    expect(res.timedOut).toBe(false)
    expect(await readFile(path.join(t.workdir, 'hello.txt'), 'utf8')).toBe('hi there\n')
    const r = res.result
    expect(r).not.toBeNull()
    expect(r).toMatchObject({ subtype: 'success', isError: false, apiErrorStatus: null, result: 'Wrote it.' })
    expect(r?.numTurns).toBe(2)
    expect(r?.totalCostUsd).toBeGreaterThan(0)
    expect(r?.usage.inputTokens).toBeGreaterThan(0)
    expect(r?.permissionDenials).toEqual([])

    const init = events.find(e => e.kind === 'init')
    expect(init).toMatchObject({ kind: 'init', model: TEST_MODEL, permissionMode: 'acceptEdits' })
    expect(init?.kind === 'init' && init.tools).toEqual(
      expect.arrayContaining(['Bash', 'Edit', 'Read', 'Write'])
    )
    expect(r?.sessionId).toMatch(/^[0-9a-f-]{36}$/)
    expect(init?.kind === 'init' && init.sessionId).toBe(r?.sessionId)
    expect(events).toContainEqual(
      expect.objectContaining({ kind: 'tool-use', name: 'Write', summary: 'Write hello.txt' })
    )
    expect(events).toContainEqual(expect.objectContaining({ kind: 'tool-result', isError: false }))
    expect(events).toContainEqual({ kind: 'text', text: 'Wrote it.' })

    // The server saw the cwd and the task id the way the tests script against them.
    expect(api.requests[0]).toMatchObject({ cwd: t.workdir, taskId: 't1', turn: 0 })
    expect(api.requests[1].lastToolResults[0].isError).toBe(false)

    const lines = (await readFile(transcriptPath, 'utf8')).split('\n').filter(Boolean)
    const parsed = lines.map(l => JSON.parse(l) as { type: string; subtype?: string })
    expect(parsed[0]).toMatchObject({ type: 'system', subtype: 'init' })
    expect(parsed[parsed.length - 1]).toMatchObject({ type: 'result', subtype: 'success' })
    expect(parsed.filter(p => p.type === 'assistant')).toHaveLength(2)

    // Its first start in this empty HOME wrote the marks a contained command's private HOME starts with
    // (CLAUDE_CONFIG_SEED): when a new pinned version writes others, this says so.
    const config = JSON.parse(await readFile(path.join(t.home, '.claude.json'), 'utf8'))
    expect(config).toMatchObject(CLAUDE_CONFIG_SEED)
  })

  it.each([
    [500, 'API Error: 500'],
    [401, 'Failed to authenticate'],
    [429, '429'],
    [529, '529']
  ])('maps an API %i to is_error with api_error_status and exit code 1', async (status, text) => {
    const { res } = await run(() => ({ error: { status } }))
    expect(res.exitCode).toBe(1)
    expect(res.result).toMatchObject({ isError: true, apiErrorStatus: status })
    expect(res.result?.result).toContain(text)
  })

  it('reports the CLI retrying when retries are allowed', async () => {
    const { res, events } = await run(() => ({ error: { status: 500 } }), {
      baseEnv: { CLAUDE_CODE_MAX_RETRIES: '1' }
    })
    expect(res.result?.apiErrorStatus).toBe(500)
    expect(events).toContainEqual(expect.objectContaining({ kind: 'api-retry', status: 500 }))
  })

  // The Bash tool starts each command in its own session, so this is about more than the process group.
  it('kills a hung run on timeout, background processes started by Bash included', async () => {
    const calls: number[] = []
    const t0 = Date.now()
    const { res, t } = await run(
      ctx =>
        ctx.turn === 0
          ? {
              tools: [
                { name: 'Bash', input: { command: 'tail -f /dev/null >/dev/null 2>&1 & echo $! > bg.pid' } }
              ]
            }
          : { hang: true },
      { options: { permissionMode: 'bypassPermissions' }, timeoutMs: 4000, heartbeat: { ms: 300, calls } }
    )
    expect(res.timedOut).toBe(true)
    expect(res.aborted).toBe(false)
    expect(res.result).toBeNull()
    expect(Date.now() - t0).toBeLessThan(4000 + 1000 + 3000)
    const bg = Number(await readFile(path.join(t.workdir, 'bg.pid'), 'utf8'))
    expect(bg).toBeGreaterThan(0)
    await waitFor(() => !alive(bg), 3000)
    expect(calls.length).toBeGreaterThan(0)
    expect(Math.max(...calls)).toBeGreaterThanOrEqual(300)
  })

  it('kills background processes left behind by a run that finished normally', async () => {
    const { res, t } = await run(
      toolThenDone('Bash', { command: 'tail -f /dev/null >/dev/null 2>&1 & echo $! > bg.pid' }, 'done'),
      { options: { permissionMode: 'bypassPermissions' } }
    )
    expect(res.result).toMatchObject({ subtype: 'success', isError: false })
    const bg = Number(await readFile(path.join(t.workdir, 'bg.pid'), 'utf8'))
    expect(bg).toBeGreaterThan(0)
    await waitFor(() => !alive(bg), 3000)
  })

  it('leaves no process of the group behind after a timeout', async () => {
    const api = await startMessagesApi(() => ({ hang: true }))
    cleanups.push(() => api.close())
    const t = await makeClaudeEnv(api.url)
    cleanups.push(() => t.cleanup())
    // A shim that records its pid and then becomes the CLI (exec keeps the pid, hence the process group).
    const shim = path.join(t.scratch, 'claude-shim.sh')
    await writeFile(shim, `#!/bin/sh\necho $$ > "${t.scratch}/pid"\nexec "${CLAUDE_BIN}" "$@"\n`, {
      mode: 0o755
    })
    const res = await runClaude({
      claudePath: shim,
      args: buildClaudeArgs({
        model: TEST_MODEL,
        permissionMode: 'acceptEdits',
        allowedTools: [],
        disallowedTools: [],
        extraArgs: []
      }),
      prompt: 'Task id: t2\nhang\n',
      cwd: t.workdir,
      env: t.env,
      timeoutMs: 3000,
      killGraceMs: 1000,
      transcriptPath: path.join(t.scratch, 't.jsonl'),
      onEvent: () => {}
    })
    const cliPid = Number(await readFile(path.join(t.scratch, 'pid'), 'utf8'))
    expect(res.timedOut).toBe(true)
    expect(cliPid).toBeGreaterThan(0)
    expect(alive(cliPid)).toBe(false)
    // The group (pgid = the CLI's pid, thanks to detached: true) is empty.
    expect(() => process.kill(-cliPid, 0)).toThrow()
  })

  it('stops cleanly on abort', async () => {
    const ac = new AbortController()
    const { res } = await run(
      () => {
        setTimeout(() => ac.abort(), 100)
        return { hang: true }
      },
      { signal: ac.signal }
    )
    expect(res.aborted).toBe(true)
    expect(res.timedOut).toBe(false)
    expect(res.result).toBeNull()
    expect(res.exitCode === null || res.exitCode !== 0).toBe(true)
  })

  it('does not start at all when the signal is already aborted', async () => {
    const ac = new AbortController()
    ac.abort()
    const { res, api } = await run(() => ({ text: 'never' }), { signal: ac.signal })
    expect(res.aborted).toBe(true)
    expect(api.requests).toHaveLength(0)
  })

  it('gives the CLI no GitHub credentials and no action inputs', async () => {
    const { res, t } = await run(toolThenDone('Bash', { command: 'env > env.txt' }, 'done'), {
      options: { permissionMode: 'bypassPermissions' },
      baseEnv: {
        GITHUB_TOKEN: 'ghs_secret',
        GH_TOKEN: 'ghs_secret2',
        INPUT_ANTHROPIC_API_KEY: 'in-secret',
        INPUT_GITHUB_TOKEN: 'ghs_secret3',
        ACTIONS_RUNTIME_TOKEN: 'rt-secret',
        ACTIONS_ID_TOKEN_REQUEST_TOKEN: 'oidc-secret',
        ACTIONS_ID_TOKEN_REQUEST_URL: 'http://oidc',
        GITHUB_REPOSITORY: 'o/r'
      }
    })
    expect(res.result).toMatchObject({ subtype: 'success', isError: false })
    const env = await readFile(path.join(t.workdir, 'env.txt'), 'utf8')
    expect(env).not.toMatch(/secret|GITHUB_TOKEN|GH_TOKEN|^INPUT_|ACTIONS_RUNTIME_TOKEN|ACTIONS_ID_TOKEN/m)
    expect(env).toContain('GITHUB_REPOSITORY=o/r')
    expect(env).toContain(`ANTHROPIC_API_KEY=${DUMMY_API_KEY}`)
    expect(env).toContain('DISABLE_AUTOUPDATER=1')
  })

  it('ends with error_max_turns and exit code 1 when --max-turns 1 meets a tool call', async () => {
    const { res, t } = await run(writeFileThenDone('a.txt', 'a', 'never reached'), {
      options: { maxTurns: 1 }
    })
    expect(res.exitCode).toBe(1)
    expect(res.result).toMatchObject({ subtype: 'error_max_turns', isError: true, apiErrorStatus: null })
    expect(res.result?.totalCostUsd).toBeGreaterThan(0)
    // The one allowed turn still ran its tool.
    expect(existsSync(path.join(t.workdir, 'a.txt'))).toBe(true)
  })

  it('carries structured output from --json-schema', async () => {
    const schema = { type: 'object', properties: { summary: { type: 'string' } }, required: ['summary'] }
    const { res, api } = await run(
      ctx => (ctx.turn === 0 ? structuredOutput({ summary: 'all good' }) : { text: 'done' }),
      { options: { jsonSchema: JSON.stringify(schema) } }
    )
    expect(api.requests[0].hasTool('StructuredOutput')).toBe(true)
    expect(res.result).toMatchObject({ subtype: 'success', isError: false })
    expect(res.result?.structuredOutput).toEqual({ summary: 'all good' })
  })

  it('reports a missing CLI as a spawn error', async () => {
    const t = await makeClaudeEnv('http://127.0.0.1:9')
    cleanups.push(() => t.cleanup())
    const res = await runClaude({
      claudePath: path.join(t.scratch, 'no-such-claude'),
      args: ['-p'],
      prompt: 'x',
      cwd: t.workdir,
      env: t.env,
      timeoutMs: 5000,
      transcriptPath: path.join(t.scratch, 'x.jsonl'),
      onEvent: () => {}
    })
    expect(res.spawnError).toMatch(/ENOENT: claude not found at .*no-such-claude/)
    expect(res.result).toBeNull()
  })

  it('an option this CLI does not know (an older one, or a typo in claude-args) is a set-up error', async () => {
    const t = await makeClaudeEnv('http://127.0.0.1:9')
    cleanups.push(() => t.cleanup())
    const res = await runClaude({
      claudePath: CLAUDE_BIN,
      args: ['-p', '--no-such-option'],
      prompt: 'x',
      cwd: t.workdir,
      env: t.env,
      timeoutMs: 30_000,
      transcriptPath: path.join(t.scratch, 'x.jsonl'),
      onEvent: () => {}
    })
    expect(res.result).toBeNull()
    expect(classifyExit(res, { maxTurns: 1, timeoutMs: 30_000, credentialSource: 'x' })).toMatchObject({
      ok: false,
      kind: 'setup',
      reason: expect.stringContaining('does not know the option --no-such-option')
    })
  })

  // A stand-in CLI (a node script) for stream edge cases the real one does not produce on demand.
  async function fakeClaude(t: ClaudeTestEnv, body: string): Promise<string> {
    const file = path.join(t.scratch, 'fake-claude.mjs')
    await writeFile(file, `#!${process.execPath}\n${body}\n`, { mode: 0o755 })
    return file
  }

  it('streams a huge line with bounded memory: one non-json event, the result still parsed, raw transcript', async () => {
    const t = await makeClaudeEnv('http://127.0.0.1:9')
    cleanups.push(() => t.cleanup())
    const claudePath = await fakeClaude(
      t,
      `const chunk = 'x'.repeat(1 << 20)
       process.stdout.write('{"type":"system","subtype":"init","session_id":"s1","tools":[],"cwd":"/w"}\\n')
       process.stdout.write('{"type":"assistant","message":{"content":[{"type":"text","text":"')
       let i = 0
       const more = () => { while (i < 24) { i++; if (!process.stdout.write(chunk)) return process.stdout.once('drain', more) }
         process.stdout.write('"}]}}\\nnot json at all\\n{"type":"result","subtype":"success","is_error":false,"result":"ok","num_turns":1,"total_cost_usd":0.01}') }
       more()`
    )
    const events: ClaudeEvent[] = []
    const transcriptPath = path.join(t.scratch, 'deep', 'dir', 'attempt-1.jsonl')
    await runClaude({
      claudePath,
      args: [],
      prompt: 'x',
      cwd: t.workdir,
      env: t.env,
      timeoutMs: 20_000,
      transcriptPath,
      onEvent: e => events.push(e),
      maxLineBytes: 1 << 20
    })
    const res = await runClaude({
      claudePath,
      args: [],
      prompt: 'x',
      cwd: t.workdir,
      env: t.env,
      timeoutMs: 20_000,
      transcriptPath,
      onEvent: () => {
        throw new Error('observer bug')
      },
      maxLineBytes: 1 << 20
    })
    expect(events.map(e => e.kind)).toEqual(['init', 'non-json', 'non-json', 'result'])
    expect(events[1].kind === 'non-json' && events[1].line).toMatch(/^\[line of 251658\d\d bytes truncated\]/)
    expect(events[3]).toMatchObject({ kind: 'result', subtype: 'success', result: 'ok', totalCostUsd: 0.01 })
    // Appended, raw: both runs, every byte.
    const { size } = await stat(transcriptPath)
    expect(size).toBeGreaterThan(2 * 24 * (1 << 20))
    // An observer that throws does not break the run.
    expect(res.exitCode).toBe(0)
    expect(res.result?.result).toBe('ok')
    expect(res.onEventError).toBe('observer bug')
  })

  it('survives a CLI that exits without reading a large prompt (EPIPE) and keeps the stderr tail', async () => {
    const t = await makeClaudeEnv('http://127.0.0.1:9')
    cleanups.push(() => t.cleanup())
    const claudePath = await fakeClaude(
      t,
      `process.stderr.write('e'.repeat(10000) + 'THE END')
       process.exitCode = 3`
    )
    const res = await runClaude({
      claudePath,
      args: [],
      prompt: 'p'.repeat(4 << 20),
      cwd: t.workdir,
      env: t.env,
      timeoutMs: 20_000,
      transcriptPath: path.join(t.scratch, 'a.jsonl'),
      onEvent: () => {}
    })
    expect(res.exitCode).toBe(3)
    expect(res.result).toBeNull()
    expect(res.stderrTail.endsWith('THE END')).toBe(true)
    expect(res.stderrTail.length).toBeLessThanOrEqual(4096)
  })

  it('finds claude on PATH and checks explicit paths', async () => {
    const bin = path.dirname(CLAUDE_BIN)
    expect(await findClaude(undefined, { PATH: `/nonexistent:${bin}` })).toBe(CLAUDE_BIN)
    expect(await findClaude('claude', { PATH: '/nonexistent' })).toBeNull()
    expect(await findClaude(CLAUDE_BIN, { PATH: '' })).toBe(CLAUDE_BIN)
    expect(await findClaude('/nonexistent/claude', { PATH: bin })).toBeNull()
  })
})
