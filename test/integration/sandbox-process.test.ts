// The real CLI contained (runClaude with the sandbox): a timeout and a normal end still stop everything it
// started, a background process in the namespace included, and denied connections come back with the result.
import { execFile, execFileSync } from 'node:child_process'
import { randomUUID } from 'node:crypto'
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { buildClaudeArgs, runClaude } from '../../src/infra/claude/process.js'
import { runVerify } from '../../src/infra/verify.js'
import { onPath } from '../../src/infra/sandbox/host.js'
import { CLAUDE_CONFIG_SEED, Sandbox } from '../../src/infra/sandbox/sandbox.js'
import { CLAUDE_BIN, makeClaudeEnv, TEST_MODEL, type ClaudeTestEnv } from '../support/claude-env.js'
import { startMessagesApi, type Handler, type MessagesApi } from '../support/messages-api.js'
import { describeWithSandbox } from '../support/sandbox.js'

/** Host pids whose command line starts with `name` (the background process renamed itself with exec -a). */
function processesNamed(name: string): number[] {
  const found: number[] = []
  for (const e of readdirSync('/proc')) {
    if (!/^\d+$/.test(e)) continue
    try {
      if (readFileSync(`/proc/${e}/cmdline`, 'utf8').startsWith(name)) found.push(Number(e))
    } catch {
      // gone
    }
  }
  return found
}

async function waitFor(cond: () => boolean, ms: number): Promise<boolean> {
  const end = Date.now() + ms
  while (Date.now() < end) {
    if (cond()) return true
    await new Promise(r => setTimeout(r, 50))
  }
  return cond()
}

describeWithSandbox('runClaude in the sandbox', () => {
  let api: MessagesApi
  let handler: Handler = () => ({ text: 'done' })
  let t: ClaudeTestEnv
  let sandbox: Sandbox
  const tempRoot = mkdtempSync(path.join(os.tmpdir(), 'taskmesh-sbx-'))

  beforeAll(async () => {
    api = await startMessagesApi(ctx => handler(ctx))
    t = await makeClaudeEnv(api.url)
    const started = await Sandbox.start({
      allowedDomains: [],
      env: { ...process.env, ANTHROPIC_BASE_URL: api.url },
      tempRoot
    })
    if (!started.ok) throw new Error(started.reason)
    sandbox = started.sandbox
  })
  afterAll(async () => {
    await sandbox?.stop()
    await api?.close()
    await t?.cleanup()
    rmSync(tempRoot, { recursive: true, force: true })
  })

  const run = (timeoutMs = 60_000) =>
    runClaude({
      claudePath: CLAUDE_BIN,
      args: buildClaudeArgs({
        model: TEST_MODEL,
        permissionMode: 'bypassPermissions',
        allowedTools: [],
        disallowedTools: [],
        extraArgs: []
      }),
      prompt: 'go',
      cwd: t.workdir,
      env: t.env,
      timeoutMs,
      killGraceMs: 1000,
      transcriptPath: path.join(t.scratch, `${randomUUID()}.jsonl`),
      onEvent: () => {},
      sandbox: { contain: sandbox.contain, writableRoot: t.workdir }
    })
  const background = (name: string) => ({
    tools: [{ name: 'Bash', input: { command: `(exec -a ${name} tail -f /dev/null) >/dev/null 2>&1 &` } }]
  })

  it('a timeout stops the CLI and what it started in the background', async () => {
    const name = `taskmesh-bg-${randomUUID()}`
    handler = ctx => (ctx.turn === 0 ? background(name) : { hang: true })
    const running = run(10_000)
    // It really runs (as a host process, in the sandbox's namespace) before the timeout.
    expect(await waitFor(() => processesNamed(name).length > 0, 10_000)).toBe(true)
    const res = await running
    expect(res.timedOut).toBe(true)
    expect(await waitFor(() => processesNamed(name).length === 0, 5000)).toBe(true)
  })

  it('a normal end stops background processes too, and denied connections come back', async () => {
    const name = `taskmesh-bg-${randomUUID()}`
    handler = ctx =>
      ctx.turn === 0
        ? background(name)
        : ctx.turn === 1
          ? {
              tools: [
                { name: 'Bash', input: { command: 'curl -s -m 5 http://example.invalid:8443/ || true' } }
              ]
            }
          : { text: 'done' }
    const res = await run()
    expect(res.result).toMatchObject({ subtype: 'success', isError: false })
    expect(await waitFor(() => processesNamed(name).length === 0, 5000)).toBe(true)
    expect(res.denied).toEqual([{ host: 'example.invalid:8443', count: 1 }])
  })

  it('saves no session in the private HOME that is thrown away when the CLI ends', async () => {
    const listing = path.join(t.workdir, 'home-listing.txt')
    const config = path.join(t.workdir, 'home-config.json')
    handler = ctx =>
      ctx.turn === 0
        ? {
            tools: [
              {
                name: 'Bash',
                input: {
                  command: `find "$HOME" -type f > ${JSON.stringify(listing)}; cp "$HOME/.claude.json" ${JSON.stringify(config)}`
                }
              }
            ]
          }
        : { text: 'done' }
    const res = await run()
    expect(res.result).toMatchObject({ subtype: 'success', isError: false })
    const files = readFileSync(listing, 'utf8').trim().split('\n')
    // The CLI did keep its settings there (the listing is of the HOME it used), but not the conversation.
    expect(files.some(f => f.endsWith('/.claude.json'))).toBe(true)
    expect(files.filter(f => f.endsWith('.jsonl'))).toEqual([])
    // The HOME starts with the first-start marks (a quicker start), which the CLI took and filled in.
    const used = JSON.parse(readFileSync(config, 'utf8'))
    expect(used).toMatchObject(CLAUDE_CONFIG_SEED)
    expect(Object.keys(used).length).toBeGreaterThan(Object.keys(CLAUDE_CONFIG_SEED).length)
  })

  it('gives every contained command a private HOME with the first-start marks of Claude Code and nothing else', async () => {
    const contained = await sandbox.contain({
      argv: ['sh', '-c', 'cd "$HOME" && find . | sort && cat .claude.json'],
      cwd: t.workdir,
      env: t.env,
      writableRoot: t.workdir
    })
    const stdout = await new Promise<string>((resolve, reject) =>
      execFile(
        contained.file,
        contained.args,
        { cwd: t.workdir, env: contained.env, timeout: 30_000 },
        (err, out) => (err ? reject(err) : resolve(out))
      )
    )
    await contained.finish()
    expect(stdout).toBe(`.\n./.claude.json\n${JSON.stringify(CLAUDE_CONFIG_SEED)}\n`)
  })

  it('starts bubblewrap directly, with the relays listening before the command runs', async () => {
    const contained = await sandbox.contain({
      argv: ['sh', '-c', 'echo "$TMPDIR"; curl -s -o /dev/null -m 5 http://203.0.113.2:82/ ; true'],
      cwd: t.workdir,
      env: t.env,
      writableRoot: t.workdir
    })
    expect(path.basename(contained.file)).toBe('bwrap')
    // Not spawnSync: the proxy runs in this process and must answer.
    const stdout = await new Promise<string>((resolve, reject) =>
      execFile(
        contained.file,
        contained.args,
        { cwd: t.workdir, env: contained.env, timeout: 30_000 },
        (err, out) => (err ? reject(err) : resolve(out))
      )
    )
    // curl connects at once: a relay not yet listening would refuse it, and the proxy would log no denial.
    expect(stdout).toBe(`${contained.env.TMPDIR}\n`)
    expect(await contained.finish()).toEqual([{ host: '203.0.113.2:82', count: 1 }])
  })

  it("keeps a worktree's .git file and the files that make tools run code read-only, as in the working directory", async () => {
    // A parallel run's task works in a worktree outside the process's working directory.
    const dir = mkdtempSync(path.join(os.tmpdir(), 'taskmesh-sbx-worktree-'))
    const git = (cwd: string, ...args: string[]) => execFileSync('git', args, { cwd, encoding: 'utf8' })
    try {
      const main = path.join(dir, 'main')
      const worktree = path.join(dir, 'worktrees', 'task-1')
      git(dir, 'init', '-q', main)
      writeFileSync(path.join(main, 'a.txt'), 'a\n')
      git(main, 'add', 'a.txt')
      git(main, '-c', 'user.name=t', '-c', 'user.email=t@example.com', 'commit', '-qm', 'a')
      git(main, 'worktree', 'add', '-q', '-b', 'task-1', worktree)
      const before = readFileSync(path.join(worktree, '.git'), 'utf8')
      const contained = await sandbox.contain({
        argv: [
          'sh',
          '-c',
          'echo "gitdir: $PWD/evil" > .git; rm -f .git; mv .git moved; git status --short >/dev/null && echo git-works; ' +
            'echo x > .bashrc; mkdir -p .claude/commands; echo x > .claude/commands/x.md; mkdir -p .vscode; echo {} > .vscode/settings.json; ' +
            'echo x > b.txt'
        ],
        cwd: worktree,
        env: t.env,
        writableRoot: worktree
      })
      const out = await new Promise<{ stdout: string; stderr: string }>((resolve, reject) =>
        execFile(
          contained.file,
          contained.args,
          { cwd: worktree, env: contained.env, timeout: 30_000 },
          (err, stdout, stderr) => (err ? reject(err) : resolve({ stdout, stderr }))
        )
      )
      await contained.finish()
      expect(readFileSync(path.join(worktree, '.git'), 'utf8')).toBe(before)
      expect(out.stderr).toMatch(/cannot create \.git: Read-only file system/)
      // git in the worktree still works inside, and the rest of the tree stays writable.
      expect(out.stdout).toBe('git-works\n')
      expect(readFileSync(path.join(worktree, 'b.txt'), 'utf8')).toBe('x\n')
      for (const file of ['.bashrc', '.claude', '.vscode'])
        expect(existsSync(path.join(worktree, file)), file).toBe(false)
      // The placeholders bubblewrap mounted over are gone: the worktree holds only what the command wrote.
      expect(git(worktree, 'status', '--porcelain', '--untracked-files=all')).toBe('?? b.txt\n')
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })

  it('verify runs contained too: same walls, its own denials', async () => {
    const r = await runVerify(
      [
        'sh',
        '-c',
        'echo ok > inside.txt && ! echo x > /etc/taskmesh-x 2>/dev/null && curl -s -m 5 http://203.0.113.1:81/ ; true'
      ],
      {
        cwd: t.workdir,
        env: t.env,
        timeoutMs: 30_000,
        sandbox: { contain: sandbox.contain, writableRoot: t.workdir }
      }
    )
    expect(r.exitCode, r.output).toBe(0)
    expect(readFileSync(path.join(t.workdir, 'inside.txt'), 'utf8')).toBe('ok\n')
    expect(r.denied).toEqual([{ host: '203.0.113.1:81', count: 1 }])
  })
})

describeWithSandbox('Sandbox.start on a busy machine', () => {
  it('starts the proxy again when its socket bridge was not up in time, and says so', async () => {
    // A socat whose first start takes longer than the runtime waits for its bridge sockets (about 600 ms),
    // as on a runner whose two cores are busy with something else.
    const dir = mkdtempSync(path.join(os.tmpdir(), 'taskmesh-slow-socat-'))
    const realSocat = onPath('socat', process.env)!
    writeFileSync(
      path.join(dir, 'socat'),
      `#!/bin/sh\nmkdir "${dir}/started" 2>/dev/null && sleep 1.5\nexec "${realSocat}" "$@"\n`,
      { mode: 0o755 }
    )
    const started = await Sandbox.start({
      allowedDomains: [],
      env: { ...process.env, PATH: `${dir}${path.delimiter}${process.env.PATH}` },
      tempRoot: path.join(dir, 'temp')
    })
    try {
      expect(started.ok, started.ok ? '' : started.reason).toBe(true)
      expect(started.notes).toContain(
        "the proxy's socket bridge was not up in time (try 1 of 3); trying again"
      )
    } finally {
      if (started.ok) await started.sandbox.stop()
      rmSync(dir, { recursive: true, force: true })
    }
  })
})

describeWithSandbox('the private folders of a finished command', () => {
  it('are removed after finish(), in the background, and stop() waits for that', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'taskmesh-sbx-removal-'))
    const started = await Sandbox.start({
      allowedDomains: [],
      env: process.env,
      tempRoot: path.join(dir, 'temp')
    })
    if (!started.ok) throw new Error(started.reason)
    try {
      // Enough files in the private HOME that removing them takes more than a turn of the event loop.
      const contained = await started.sandbox.contain({
        argv: [
          'sh',
          '-c',
          'mkdir -p "$HOME/many" && cd "$HOME/many" && seq 1 1000 | xargs touch && echo "$HOME"'
        ],
        cwd: dir,
        env: { PATH: process.env.PATH },
        writableRoot: dir
      })
      const home = await new Promise<string>((resolve, reject) =>
        execFile(
          contained.file,
          contained.args,
          { cwd: dir, env: contained.env, timeout: 30_000 },
          (err, out) => (err ? reject(err) : resolve(out.trim()))
        )
      )
      expect(home).toBe(contained.env.HOME)
      expect(readdirSync(path.join(home, 'many'))).toHaveLength(1000)
      expect(await contained.finish()).toEqual([])
      await started.sandbox.stop()
      expect(existsSync(path.dirname(home))).toBe(false)
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})
