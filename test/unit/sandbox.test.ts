import { chmodSync, mkdtempSync, realpathSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { sandboxLines } from '../../src/report/summary.js'
import { apiEndpoints, deniedHostOf, egressAllowList, hostPortOf } from '../../src/infra/sandbox/egress.js'
import {
  appArmorProfile,
  commandRunner,
  prepareHost,
  probeRefusal,
  type Runner
} from '../../src/infra/sandbox/host.js'
import { noProxyFor, shellQuote } from '../../src/infra/sandbox/sandbox.js'
import { fastLaunch, quoteLikeRuntime, RELAYS_SCRIPT, unquoteWords } from '../../src/infra/sandbox/launch.js'
// The runtime's own quoting, which unquoteWords must invert exactly.
import { quote as runtimeQuote } from '@anthropic-ai/sandbox-runtime/dist/utils/shell-quote.js'
import { allowedDomainProblem, parseSettings, SettingsError } from '../../src/inputs/settings.js'

describe('the egress allow-list', () => {
  it('is api.anthropic.com:443 by default, nothing else', () => {
    expect(egressAllowList({}, [])).toEqual({ allow: ['api.anthropic.com:443'], problems: [] })
  })

  it('is exactly the host and port of ANTHROPIC_BASE_URL when set', () => {
    expect(apiEndpoints({ ANTHROPIC_BASE_URL: 'http://127.0.0.1:4567/v1' }).hosts).toEqual(['127.0.0.1:4567'])
    expect(apiEndpoints({ ANTHROPIC_BASE_URL: 'https://gateway.example.com' }).hosts).toEqual([
      'gateway.example.com:443'
    ])
    expect(apiEndpoints({ ANTHROPIC_BASE_URL: 'http://[::1]:8080' }).hosts).toEqual(['[::1]:8080'])
    expect(apiEndpoints({ ANTHROPIC_BASE_URL: 'ftp://x' }).problems[0]).toMatch(
      /ANTHROPIC_BASE_URL is not an http/
    )
  })

  it('names the cloud providers’ endpoints', () => {
    expect(apiEndpoints({ CLAUDE_CODE_USE_BEDROCK: '1', AWS_REGION: 'eu-west-1' }).hosts).toEqual([
      'bedrock-runtime.eu-west-1.amazonaws.com:443'
    ])
    expect(apiEndpoints({ CLAUDE_CODE_USE_VERTEX: '1', CLOUD_ML_REGION: 'europe-west4' }).hosts).toContain(
      'europe-west4-aiplatform.googleapis.com:443'
    )
    expect(apiEndpoints({ CLAUDE_CODE_USE_VERTEX: '1', CLOUD_ML_REGION: 'global' }).hosts).toContain(
      'aiplatform.googleapis.com:443'
    )
    expect(apiEndpoints({ CLAUDE_CODE_USE_FOUNDRY: '1', ANTHROPIC_FOUNDRY_RESOURCE: 'acme' }).hosts).toEqual([
      'acme.services.ai.azure.com:443',
      'login.microsoftonline.com:443'
    ])
    expect(apiEndpoints({ CLAUDE_CODE_USE_FOUNDRY: '1' }).problems[0]).toMatch(/ANTHROPIC_FOUNDRY_RESOURCE/)
    // The provider's own base URL wins, and the Anthropic API is then not allowed at all.
    const b = apiEndpoints({
      CLAUDE_CODE_USE_BEDROCK: 'true',
      ANTHROPIC_BEDROCK_BASE_URL: 'https://br.corp:8443'
    })
    expect(b.hosts).toEqual(['br.corp:8443'])
    expect(apiEndpoints({ CLAUDE_CODE_USE_BEDROCK: '0' }).hosts).toEqual(['api.anthropic.com:443'])
  })

  it('adds allowed-domains without duplicates', () => {
    expect(egressAllowList({}, ['registry.npmjs.org', 'api.anthropic.com:443']).allow).toEqual([
      'api.anthropic.com:443',
      'registry.npmjs.org'
    ])
  })

  it('reads the host out of a proxy deny line', () => {
    expect(deniedHostOf('deny network-outbound 127.0.0.1:4444 (host is not on the allow list)')).toBe(
      '127.0.0.1:4444'
    )
    expect(deniedHostOf('deny file-write /etc/x')).toBeUndefined()
    expect(deniedHostOf('deny network-outbound <img/src=x>:443 (host is not on the allow list)')).toBe(
      '(an unreadable host name)'
    )
    expect(hostPortOf('not a url')).toBeUndefined()
  })
})

describe('allowed-domains entries', () => {
  it('accept hosts, wildcards, addresses and ports', () => {
    for (const ok of [
      'pypi.org',
      '*.pythonhosted.org',
      'registry.npmjs.org:443',
      '10.0.0.5:8080',
      '[::1]:3000'
    ])
      expect(allowedDomainProblem(ok), ok).toBeUndefined()
  })

  it('refuse URLs, bare wildcards and bad ports, naming the input', () => {
    expect(allowedDomainProblem('https://pypi.org/simple')).toMatch(/is a URL; give the host only/)
    expect(allowedDomainProblem('*')).toMatch(/not a host name/)
    expect(allowedDomainProblem('*.com')).toMatch(/too broad/)
    expect(allowedDomainProblem('pypi.org:99999')).toMatch(/no valid port/)
    const read = (v: Record<string, string>) => (n: string) => v[n] ?? ''
    expect(() => parseSettings(read({ 'allowed-domains': 'https://x.org' }), '/w')).toThrow(SettingsError)
    expect(() => parseSettings(read({ 'allowed-domains': 'https://x.org' }), '/w')).toThrow(
      /input "allowed-domains": "https:\/\/x.org" is a URL/
    )
    expect(() => parseSettings(read({ sandbox: 'maybe' }), '/w')).toThrow(/input "sandbox" must be one of/)
    const s = parseSettings(read({ 'allowed-domains': 'pypi.org,\n*.pythonhosted.org' }), '/w')
    expect(s.sandbox).toEqual({ mode: 'auto', allowedDomains: ['pypi.org', '*.pythonhosted.org'] })
  })
})

describe('inside the namespace', () => {
  it('NO_PROXY keeps local addresses direct except an allowed one, which goes through the proxy', () => {
    expect(noProxyFor(['api.anthropic.com:443'])).toBe(
      'localhost,127.0.0.1,::1,169.254.0.0/16,10.0.0.0/8,172.16.0.0/12,192.168.0.0/16'
    )
    expect(noProxyFor(['127.0.0.1:4567'])).toBe(
      'localhost,::1,169.254.0.0/16,10.0.0.0/8,172.16.0.0/12,192.168.0.0/16'
    )
    expect(noProxyFor(['10.1.2.3:443'])).not.toContain('10.0.0.0/8')
    expect(noProxyFor(['172.20.0.1:443'])).not.toContain('172.16.0.0/12')
  })

  it('quotes every word, so nothing in an argument is interpreted', () => {
    expect(shellQuote("it's $(rm -rf /) `x`")).toBe(`'it'\\''s $(rm -rf /) \`x\`'`)
  })
})

describe('the direct launch', () => {
  const tricky = ['', 'plain', "it's", `a "b" $(c) \`d\``, '=x', 'x=1', "''", 'new\nline', '-- --']

  it('reads back exactly what the runtime quoted, and nothing else', () => {
    expect(quoteLikeRuntime(tricky)).toBe(runtimeQuote(tricky))
    expect(unquoteWords(runtimeQuote(tricky))).toEqual(tricky)
    for (const bad of ['a  b', "'open", 'a "b"', ' a', '$(x)', "a'b'"])
      expect(unquoteWords(bad), bad).toBeUndefined()
  })

  /** A line shaped like the runtime's wrap of `line`. */
  const wrappedLine = (line: string, helper = '/opt/apply-seccomp') => {
    const inner = [
      '{ /usr/bin/socat TCP6-LISTEN:3128,ipv6only=0,fork UNIX-CONNECT:/tmp/h.sock || exec x; } &',
      '{ /usr/bin/socat TCP6-LISTEN:1080,ipv6only=0,fork UNIX-CONNECT:/tmp/s.sock || exec x; } &',
      `SRT_ALLOW_NESTED_USERNS=0 ${runtimeQuote([helper])} ${runtimeQuote(['/usr/bin/bash', '-c', line])}`
    ].join('\n')
    return runtimeQuote([
      '/usr/bin/bwrap',
      '--unshare-net',
      '--ro-bind',
      '/',
      '/',
      '--',
      '/usr/bin/bash',
      '-c',
      `/usr/bin/bash -c ${runtimeQuote([inner])}`
    ])
  }
  const argv = ['/bin/claude', '-p', "it's"]
  const line = runtimeQuote(['env', 'TMPDIR=/t', ...argv])
  const launch = (wrapped: string, over: Partial<Parameters<typeof fastLaunch>[0]> = {}) =>
    fastLaunch({
      wrapped,
      line,
      argv,
      socat: '/usr/bin/socat',
      httpSocket: '/tmp/h.sock',
      socksSocket: '/tmp/s.sock',
      env: { TMPDIR: '/t' },
      ...over
    })

  it("keeps the runtime's bwrap arguments and replaces only the script inside", () => {
    expect(launch(wrappedLine(line))?.argv).toEqual([
      '/usr/bin/bwrap',
      '--unshare-net',
      '--ro-bind',
      '/',
      '/',
      '--setenv',
      'TMPDIR',
      '/t',
      '--',
      '/bin/sh',
      '-c',
      RELAYS_SCRIPT,
      'taskmesh-sandbox',
      '/usr/bin/socat',
      '/opt/apply-seccomp',
      '/tmp/h.sock',
      '/tmp/s.sock',
      ...argv
    ])
  })

  it("falls back to the runtime's line whenever it is not what it expects", () => {
    expect(launch(wrappedLine(line), { line: 'other' })).toBeUndefined()
    expect(launch(wrappedLine(line, 'relative/helper'))).toBeUndefined()
    expect(launch(wrappedLine(line), { httpSocket: '/tmp/other.sock' })).toBeUndefined()
    expect(launch(wrappedLine(line), { socksSocket: undefined })).toBeUndefined()
    expect(launch(wrappedLine(line), { socat: '/other/socat' })).toBeUndefined()
    expect(launch(`${wrappedLine(line)} extra`)).toBeUndefined()
    expect(launch('/usr/bin/bwrap -- true')).toBeUndefined()
  })

  it('starts no program from PATH before the seccomp helper', () => {
    // Every command word of the script is a builtin, a function of its own, or an absolute path it was given.
    expect(RELAYS_SCRIPT).not.toMatch(/\b(sleep|cat|env|kill|timeout)\b/)
    expect(RELAYS_SCRIPT).toContain('SRT_ALLOW_NESTED_USERNS=0 exec "$helper" "$@"')
  })
})

describe('preparing the host', () => {
  let dir: string | undefined
  afterEach(() => dir && rmSync(dir, { recursive: true, force: true }))

  /** A PATH folder where the three programs exist (the runner below answers for them). */
  const toolsDir = () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'taskmesh-tools-'))
    for (const bin of ['bwrap', 'socat', 'rg']) {
      writeFileSync(path.join(dir, bin), '#!/bin/sh\nexit 0\n')
      chmodSync(path.join(dir, bin), 0o755)
    }
    return dir
  }

  /** A runner that records the commands and answers them from `answers` (by program). */
  const recorder = (answers: Record<string, (args: string[]) => number>) => {
    const calls: string[] = []
    const inputs: string[] = []
    const run: Runner = (file, args, input) => {
      calls.push([file, ...args].join(' '))
      if (input !== undefined) inputs.push(input)
      const name = path.basename(file)
      const status = (answers[name] ?? (() => 0))(args)
      return {
        status,
        stdout: '',
        stderr: status === 0 ? '' : `${name}: setting up uid map: Permission denied`
      }
    }
    return { calls, inputs, run }
  }

  it('on a self-hosted runner installs nothing and says what to install', async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'taskmesh-empty-'))
    const { calls, run } = recorder({})
    const r = await prepareHost({
      env: { PATH: dir, GITHUB_ACTIONS: 'true', RUNNER_ENVIRONMENT: 'self-hosted' },
      runner: run,
      note: () => {},
      platform: 'linux'
    })
    expect(r).toEqual({
      ok: false,
      reason:
        'bubblewrap (bwrap), socat (socat), ripgrep (rg) not found on PATH: install with `sudo apt-get install -y bubblewrap socat ripgrep`'
    })
    expect(calls).toEqual([])
  })

  it('on a GitHub-hosted runner installs the packages with apt-get (updating once when needed)', async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'taskmesh-empty-'))
    let installs = 0
    const { calls, run } = recorder({ 'apt-get': a => (a[0] === 'install' && ++installs === 1 ? 100 : 0) })
    const notes: string[] = []
    const r = await prepareHost({
      env: { PATH: dir, GITHUB_ACTIONS: 'true', RUNNER_ENVIRONMENT: 'github-hosted' },
      runner: run,
      note: n => notes.push(n),
      platform: 'linux'
    })
    // The fake apt-get installs nothing, so the tools are still missing afterwards.
    expect(r.ok).toBe(false)
    expect(notes).toEqual(['installing bubblewrap, socat, ripgrep for the sandbox (apt-get)'])
    const apt = calls.filter(c => c.includes('apt-get')).map(c => c.replace(/^sudo -n /, ''))
    expect(apt).toEqual([
      'apt-get install -y -qq bubblewrap socat ripgrep',
      'apt-get update -qq',
      'apt-get install -y -qq bubblewrap socat ripgrep'
    ])
  })

  it('lifts the AppArmor restriction for bwrap alone, with a profile, on a hosted runner', async () => {
    let probes = 0
    const { calls, run } = recorder({ bwrap: () => (++probes === 1 ? 1 : 0) })
    const notes: string[] = []
    const r = await prepareHost({
      env: { PATH: toolsDir(), GITHUB_ACTIONS: 'true', RUNNER_ENVIRONMENT: 'github-hosted' },
      runner: run,
      note: n => notes.push(n),
      appArmorRestricts: () => true,
      platform: 'linux'
    })
    expect(r.ok).toBe(true)
    expect(notes.join('\n')).toMatch(/AppArmor profile \(\/etc\/apparmor.d\/taskmesh-bwrap\)/)
    expect(calls.some(c => /tee \/etc\/apparmor.d\/taskmesh-bwrap$/.test(c))).toBe(true)
    expect(calls.some(c => /apparmor_parser -r \/etc\/apparmor.d\/taskmesh-bwrap$/.test(c))).toBe(true)
    expect(calls.some(c => /sysctl/.test(c))).toBe(false)
  })

  it('writes the profile for the real bwrap, not for a link to it on PATH', async () => {
    const tools = toolsDir()
    const real = path.join(tools, 'bwrap-real')
    renameSync(path.join(tools, 'bwrap'), real)
    symlinkSync(real, path.join(tools, 'bwrap'))
    let probes = 0
    const { inputs, run } = recorder({ 'bwrap-real': () => (++probes === 1 ? 1 : 0), bwrap: () => 0 })
    await prepareHost({
      env: { PATH: tools, GITHUB_ACTIONS: 'true', RUNNER_ENVIRONMENT: 'github-hosted' },
      runner: (file, args, input) => run(path.isAbsolute(file) ? realpathSync(file) : file, args, input),
      note: () => {},
      appArmorRestricts: () => true,
      platform: 'linux'
    })
    expect(inputs).toEqual([appArmorProfile(realpathSync(real))])
  })

  it('reports a namespace refusal it may not fix, with the reason', async () => {
    const { run } = recorder({ bwrap: () => 1 })
    const r = await prepareHost({
      env: { PATH: toolsDir() },
      runner: run,
      note: () => {},
      appArmorRestricts: () => true,
      platform: 'linux'
    })
    expect(r.ok).toBe(false)
    expect(!r.ok && r.reason).toMatch(
      /bubblewrap cannot create its namespaces \(bwrap: setting up uid map: Permission denied\): AppArmor restricts/
    )
  })

  it('needs Linux', async () => {
    const r = await prepareHost({ env: {}, note: () => {}, platform: 'darwin' })
    expect(r).toEqual({ ok: false, reason: 'the sandbox needs Linux with bubblewrap; this runner is darwin' })
  })

  it('writes a profile that grants userns to the bwrap binary only', () => {
    const p = appArmorProfile('/usr/bin/bwrap')
    expect(p).toContain('profile taskmesh-bwrap /usr/bin/bwrap flags=(unconfined) {')
    expect(p).toContain('  userns,')
  })
})

describe('the summary', () => {
  it('says when the tasks were not contained, and why', () => {
    expect(
      sandboxLines({ state: 'uncontained', reason: 'bubblewrap (bwrap) not found on PATH', denied: [] })
    ).toMatch(/^> ⚠️ \*\*Not sandboxed:\*\* bubblewrap \(bwrap\) not found on PATH\. .*sandbox: required/)
    expect(sandboxLines({ state: 'off', denied: [] })).toMatch(/Not sandboxed\*\* \(`sandbox: off`\)/)
  })

  it('lists the allowed and the blocked hosts with the tasks that tried', () => {
    const md = sandboxLines({
      state: 'contained',
      allow: ['api.anthropic.com:443'],
      denied: [{ host: 'evil.example:443', count: 3, tasks: ['a', 'b<x>'] }]
    })
    expect(md).toContain('🛡️ Sandboxed · network allowed to <code>api.anthropic.com:443</code>')
    expect(md).toContain(
      '**Blocked connections:** <code>evil.example:443</code> (3× · <code>a</code>, <code>b&lt;x&gt;</code>)'
    )
    expect(md).toContain('`allowed-domains`')
  })
})

describe('the sandbox session', () => {
  afterEach(() => {
    vi.doUnmock('../../src/infra/sandbox/sandbox.js')
    vi.resetModules()
  })

  it('turns a failure to stop the sandbox into a warning, and still resolves', async () => {
    const stop = vi.fn(async () => {
      throw new Error('the proxy is gone')
    })
    vi.resetModules()
    vi.doMock('../../src/infra/sandbox/sandbox.js', () => ({
      emptyMountPoints: () => [],
      Sandbox: {
        start: async () => ({
          ok: true,
          sandbox: { contain: async () => ({}), stop },
          allow: ['api.anthropic.com:443'],
          notes: []
        })
      }
    }))
    const { startSandbox } = await import('../../src/modes/sandbox-session.js')
    const said: string[] = []
    const session = await startSandbox(
      parseSettings(() => '', '/w'),
      { runId: '1', env: {}, tempDir: os.tmpdir() },
      (level, text) => {
        said.push(`${level}: ${text}`)
      }
    )
    expect(session.report).toEqual({ state: 'contained', allow: ['api.anthropic.com:443'] })
    await expect(session.stop()).resolves.toBeUndefined()
    expect(stop).toHaveBeenCalledOnce()
    expect(said).toContain('warning: could not stop the sandbox: the proxy is gone')
  })
})

describe('host commands (apt-get, the AppArmor profile, the bubblewrap probe)', () => {
  it('stops a command that outruns its limit and says so where a probe looks for the reason', async () => {
    const r = await commandRunner(50)('sleep', ['5'])
    expect(r.status).toBeNull()
    expect(r.stderr).toBe('sleep was stopped by SIGTERM (limit 50 ms)')
    expect(probeRefusal(r)).toBe('sleep was stopped by SIGTERM (limit 50 ms)')
  })

  it('reports a program that is not there, and passes input to one that reads it', async () => {
    const missing = await commandRunner(5_000)('taskmesh-no-such-program', [])
    expect(missing.status).toBeNull()
    expect(missing.stderr).toMatch(/ENOENT/)
    const cat = await commandRunner(5_000)('cat', [], 'profile text\n')
    expect(cat).toEqual({ status: 0, stdout: 'profile text\n', stderr: '' })
  })
})
