/**
 * What the sandbox adds per task: the same work run contained and uncontained, interleaved.
 *
 *   node scripts/run-ts.mjs bench/sandbox.bench.ts [--runs 15] [--verify-only]
 *
 * - Start: Sandbox.start once (host checks, bubblewrap probe, the filtering proxy), a fixed cost per run.
 * - Claude: one task attempt as the engine starts it (runClaude: the real CLI, pinned devDependency) against
 *   the local Messages API, two model turns with one Write tool call, with and without containment.
 *   Each whole CLI process is timed from spawn to exit, the two kinds alternating so load affects both alike.
 * - verify: `true` through runVerify, contained and not: the bare cost of one contained command (wrap, mount
 *   plan, bwrap, socat bridges, teardown).
 * - Both contained starts alternate with the uncontained run: `direct` (bubblewrap spawned with the runtime's
 *   arguments and Taskmesh's start inside, the default) and `runtime` (the runtime's own line through `sh -c`,
 *   as before): the before/after of src/infra/sandbox/launch.ts in one process.
 *
 * - `session kept`: the contained CLI as it was started before it got `--no-session-persistence` (the flag
 *   taken out of its argv), beside the default one in each round: what not writing the session saves.
 *
 * - `via proxy`: uncontained with a new HOME, like `new HOME`, but with every request through the sandbox's
 *   filtering proxy (a contained command's proxy credentials, the proxy's port on the host): what the proxy
 *   costs the CLI, without bubblewrap, the relays, the mounts or the seccomp filter.
 *
 * - `empty config`: contained (direct), the private HOME's `.claude.json` holding `{}` instead of Claude
 *   Code's first-start marks (CLAUDE_CONFIG_SEED): the private HOME as it was before them.
 *
 * - `--pair`: only the uncontained attempt and the default contained one, in turn, every round (and the same for
 *   `verify`): many more rounds in the same time, and the overhead as the median of the per-round differences,
 *   which the CLI's spread between rounds does not blur.
 * - `--dist DIR` (with --pair): the sandbox of a built `dist/` (its bundled runtime, with the build's
 *   stand-ins, as the action ships it) instead of the sources' (the runtime as it is in node_modules). Claude
 *   and `verify` are started by the sources' runClaude and runVerify either way.
 *
 * Every command runs in a checkout of this repository, which is also the process's working directory (the
 * action's is the workspace): what the runtime's per-command scan of it costs depends on the tree.
 *
 * Reported: medians, min–max, and the difference of the medians (the overhead). Goal: under 50 ms per task.
 */
import { spawnSync } from 'node:child_process'
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import os from 'node:os'
import path from 'node:path'
import { buildClaudeArgs, runClaude } from '../src/infra/claude/process.js'
import { runVerify } from '../src/infra/verify.js'
import { BWRAP_PROBE_ARGS } from '../src/infra/sandbox/host.js'
import { Sandbox as SourceSandbox } from '../src/infra/sandbox/sandbox.js'
import type { Contain } from '../src/infra/sandbox/types.js'
import { SandboxManager } from '@anthropic-ai/sandbox-runtime'
// Resolved from bench/, where scripts/run-ts.mjs puts the bundle it runs.
import { CLAUDE_BIN, ROOT } from './engine-overhead.bench.js'
import { makeClaudeEnv, TEST_MODEL } from '../test/support/claude-env.js'
import { startMessagesApi } from '../test/support/messages-api.js'

const GOAL_MS = 50
const arg = (name: string, def: number) => {
  const i = process.argv.indexOf(`--${name}`)
  return i > 0 ? Number(process.argv[i + 1]) : def
}
const runs = arg('runs', 15)
// Only the `verify` rows (no CLI runs): many more rounds in the same time, for a loaded machine.
const verifyOnly = process.argv.includes('--verify-only')
const pairOnly = process.argv.includes('--pair')
const distAt = process.argv.indexOf('--dist')
if (distAt > 0 && !pairOnly) {
  // The other arms reach into the sources' runtime (its proxy port, its own contain), not the bundle's.
  console.error('--dist is only for --pair')
  process.exit(2)
}
const Sandbox: typeof SourceSandbox =
  distAt > 0 ? distSandbox(path.resolve(process.argv[distAt + 1]!)) : SourceSandbox

/** The Sandbox class of a built dist/: its sandbox chunk, which the entry loads when containment is on. */
function distSandbox(dist: string): typeof SourceSandbox {
  const chunk = readdirSync(path.join(dist, 'chunks')).find(f => f.startsWith('sandbox-'))
  if (!chunk) throw new Error(`${dist} has no sandbox chunk`)
  return (
    createRequire(import.meta.url)(path.join(dist, 'chunks', chunk)) as { Sandbox: typeof SourceSandbox }
  ).Sandbox
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b)
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2
}
const fmt = (xs: number[]) =>
  `median ${median(xs).toFixed(0)} ms (min ${Math.min(...xs).toFixed(0)}, max ${Math.max(...xs).toFixed(0)})`

const api = await startMessagesApi(ctx =>
  ctx.turn === 0
    ? { tools: [{ name: 'Write', input: { file_path: path.join(ctx.cwd!, 'out.txt'), content: 'x\n' } }] }
    : { text: 'done' }
)
// The CLI's own clock from its start to being ready for the prompt, in its init line: the part of an attempt
// the private HOME's config changes, without the model turns and their spread.
const t = await makeClaudeEnv(api.url, { CLAUDE_CODE_EMIT_STARTUP_TIMING: '1' })
// The working tree is a checkout of a real repository (this one at HEAD, a few hundred files) and the
// process's working directory, as the action's workspace is on a runner: the sandbox runtime protects the
// files that make tools run code in the working directory and scans it for more, per command.
const clone = spawnSync('git', ['clone', '-q', '--depth', '1', `file://${ROOT}`, t.workdir], {
  encoding: 'utf8'
})
if (clone.status !== 0) throw new Error(`git clone failed: ${clone.stderr}`)
process.chdir(t.workdir)
/** `input_ready_ms` of each attempt by kind, when the CLI reported it. */
const ready: Record<string, number[]> = {}
const tempRoot = mkdtempSync(path.join(os.tmpdir(), 'taskmesh-sbx-bench-'))

const t0 = performance.now()
const started = await Sandbox.start({
  allowedDomains: [],
  env: { ...process.env, ANTHROPIC_BASE_URL: api.url },
  tempRoot
})
const startMs = performance.now() - t0
if (!started.ok) {
  console.error(`the sandbox cannot start here: ${started.reason}`)
  process.exit(1)
}
const starts = ['direct', 'runtime'] as const
type Start = (typeof starts)[number]
const containers = {
  direct: started.sandbox.containWith('direct'),
  runtime: started.sandbox.containWith('runtime')
}
const contain = containers.direct
const keptSession: Contain = cmd =>
  containers.direct({ ...cmd, argv: cmd.argv.filter(a => a !== '--no-session-persistence') })
const emptyConfig: Contain = async cmd => {
  const c = await containers.direct(cmd)
  writeFileSync(path.join(c.env.HOME!, '.claude.json'), '{}\n')
  return c
}

const args = buildClaudeArgs({
  model: TEST_MODEL,
  maxTurns: 5,
  permissionMode: 'bypassPermissions',
  allowedTools: [],
  disallowedTools: [],
  extraArgs: []
})
// The proxy settings a contained command gets (bubblewrap --setenv), pointed at the proxy's port on the host
// (the port of the sources' runtime: `via proxy` is not run with --pair or --dist).
const probe = await contain({ argv: ['true'], cwd: t.workdir, env: t.env, writableRoot: t.workdir })
const proxyEnv = () =>
  Object.fromEntries(
    ['HTTP_PROXY', 'HTTPS_PROXY', 'http_proxy', 'https_proxy'].map(k => {
      const i = probe.args.findIndex((a, j) => a === k && probe.args[j - 1] === '--setenv')
      if (i < 0) throw new Error(`no ${k} in the contained command`)
      return [k, probe.args[i + 1]!.replace(/:3128$/, `:${SandboxManager.getProxyPort()}`)]
    })
  )

/**
 * How each kind of attempt is started: contained with one of these, or uncontained.
 * `kept-session`: contained (direct), the session written into the private HOME as before.
 * `empty-config`: contained (direct), the private HOME's `.claude.json` holding `{}`, as before.
 */
const containFor: Record<Start | 'kept-session' | 'empty-config', Contain> = {
  ...containers,
  'kept-session': keptSession,
  'empty-config': emptyConfig
}
/**
 * Uncontained kinds: `plain` with the HOME of earlier runs; `fresh-home` with a new empty HOME, as every
 * contained command gets a private one; `via-proxy` as `fresh-home`, every request through the sandbox's proxy.
 */
type Uncontained = 'plain' | 'fresh-home' | 'via-proxy'
async function claudeOnce(kind: keyof typeof containFor | Uncontained): Promise<number> {
  const newHome = kind === 'fresh-home' || kind === 'via-proxy'
  const env = newHome
    ? {
        ...t.env,
        HOME: mkdtempSync(path.join(tempRoot, 'home-')),
        ...(kind === 'via-proxy' ? proxyEnv() : {})
      }
    : t.env
  const sandboxed = kind === 'plain' || newHome ? undefined : containFor[kind]
  const transcriptPath = path.join(t.scratch, `t-${Math.random()}.jsonl`)
  const s = performance.now()
  const r = await runClaude({
    claudePath: CLAUDE_BIN,
    args,
    prompt: 'write out.txt',
    cwd: t.workdir,
    env,
    timeoutMs: 60_000,
    transcriptPath,
    onEvent: () => {},
    sandbox: sandboxed ? { contain: sandboxed, writableRoot: t.workdir } : undefined
  })
  const ms = performance.now() - s
  if (r.exitCode !== 0 || r.result?.isError) throw new Error(`claude failed: ${r.stderrTail}`)
  const readyMs = /"input_ready_ms":(\d+)/.exec(readFileSync(transcriptPath, 'utf8'))?.[1]
  if (readyMs) (ready[kind] ??= []).push(Number(readyMs))
  return ms
}
async function verifyOnce(contained: Start | false): Promise<number> {
  const s = performance.now()
  const r = await runVerify(['true'], {
    cwd: t.workdir,
    env: t.env,
    timeoutMs: 30_000,
    sandbox: contained ? { contain: containers[contained], writableRoot: t.workdir } : undefined
  })
  const ms = performance.now() - s
  if (r.exitCode !== 0) throw new Error(`verify failed: ${r.output}`)
  return ms
}

/** The wrap alone (mount plan, temp folders) and the release after the command, without running anything. */
async function wrapOnce(): Promise<number> {
  const s = performance.now()
  const c = await contain({ argv: ['true'], cwd: t.workdir, env: t.env, writableRoot: t.workdir })
  await c.finish()
  return performance.now() - s
}

/** Bubblewrap alone, the same namespaces, no proxy bridges or seccomp helper: the floor of any sandbox. */
function bareBwrapOnce(): number {
  const s = performance.now()
  const r = spawnSync('bwrap', [...BWRAP_PROBE_ARGS])
  if (r.status !== 0) throw new Error(`bwrap failed: ${r.stderr}`)
  return performance.now() - s
}

// Warm-up (file cache, the CLI's first start).
if (!verifyOnly) for (const kind of ['plain', ...starts] as const) await claudeOnce(kind)
for (const kind of Object.keys(ready)) delete ready[kind]
type Kind = 'plain' | Start
const kinds: Kind[] = pairOnly ? ['plain', 'direct'] : ['plain', ...starts]
const series = () => ({
  plain: [] as number[],
  direct: [] as number[],
  runtime: [] as number[],
  'fresh-home': [] as number[],
  'via-proxy': [] as number[],
  'kept-session': [] as number[],
  'empty-config': [] as number[]
})
const claude = series()
const verify = series()
const wraps: number[] = []
const bare: number[] = []
for (let i = 0; i < runs; i++) {
  // A different order each round, so that none of the three always follows the same one.
  const order = kinds.map((_, k) => kinds[(i + k) % kinds.length]!)
  if (!verifyOnly) {
    for (const kind of order) claude[kind].push(await claudeOnce(kind))
  }
  if (!verifyOnly && !pairOnly) {
    claude['fresh-home'].push(await claudeOnce('fresh-home'))
    claude['via-proxy'].push(await claudeOnce('via-proxy'))
    claude['kept-session'].push(await claudeOnce('kept-session'))
    claude['empty-config'].push(await claudeOnce('empty-config'))
  }
  for (const kind of order) verify[kind].push(await verifyOnce(kind === 'plain' ? false : kind))
  wraps.push(await wrapOnce())
  bare.push(bareBwrapOnce())
}
await probe.finish()
await started.sandbox.stop()
await api.close()
process.chdir(ROOT)
await t.cleanup()
rmSync(tempRoot, { recursive: true, force: true })

const added = (xs: { plain: number[] } & Record<Start, number[]>, kind: Start) =>
  (median(xs[kind]) - median(xs.plain)).toFixed(0)
console.log(
  `Node ${process.version}, ${os.cpus().length} cores, load ${os.loadavg()[0]!.toFixed(2)}, ${runs} runs each`
)
console.log(
  `sandbox start (once per run): ${startMs.toFixed(0)} ms${distAt > 0 ? ` (${process.argv[distAt + 1]})` : ''}`
)
/** The median of the per-round differences, contained minus uncontained. */
const paired = (xs: { plain: number[]; direct: number[] }) =>
  median(xs.direct.map((ms, i) => ms - xs.plain[i]!)).toFixed(0)
if (pairOnly) {
  if (!verifyOnly) {
    console.log(`claude attempt, uncontained:        ${fmt(claude.plain)}`)
    console.log(`claude attempt, contained (direct):  ${fmt(claude.direct)}`)
  }
  console.log(`verify \`true\`, uncontained:        ${fmt(verify.plain)}`)
  console.log(`verify \`true\`, contained (direct):  ${fmt(verify.direct)}`)
  console.log(`of which wrap + release:            ${fmt(wraps)}`)
  console.log(
    `added per command, paired per round: ${verifyOnly ? '' : `claude ${paired(claude)} ms, `}` +
      `verify ${paired(verify)} ms (goal < ${GOAL_MS} ms)`
  )
  process.exit(0)
}
if (!verifyOnly) {
  console.log(`claude attempt, uncontained:        ${fmt(claude.plain)}`)
  console.log(`claude attempt, uncontained, new HOME: ${fmt(claude['fresh-home'])}`)
  console.log(`claude attempt, uncontained, new HOME, via proxy: ${fmt(claude['via-proxy'])}`)
  const proxied = claude['via-proxy'].map((p, i) => p - claude['fresh-home'][i]!)
  console.log(`the proxy adds: median ${median(proxied).toFixed(0)} ms an attempt (paired with new HOME)`)
  console.log(`claude attempt, contained (direct):  ${fmt(claude.direct)}`)
  console.log(`claude attempt, contained (runtime): ${fmt(claude.runtime)}`)
  console.log(`claude attempt, contained, session kept (as before): ${fmt(claude['kept-session'])}`)
  const saved = claude['kept-session'].map((kept, i) => kept - claude.direct[i]!)
  console.log(
    `not keeping the session saves: median ${median(saved).toFixed(0)} ms a contained attempt (paired)`
  )
  console.log(`claude attempt, contained, config {} (as before): ${fmt(claude['empty-config'])}`)
  const seeded = claude['empty-config'].map((u, i) => u - claude.direct[i]!)
  console.log(
    `the first-start marks save: median ${median(seeded).toFixed(0)} ms a contained attempt (paired)`
  )
  const [marks, empty] = [ready.direct ?? [], ready['empty-config'] ?? []]
  if (marks.length && marks.length === empty.length) {
    const less = empty.map((e, i) => e - marks[i]!)
    console.log(
      `CLI start to ready for the prompt, its own clock: marks ${fmt(marks)}, config {} ${fmt(empty)}; ` +
        `the marks save ${median(less).toFixed(0)} ms (paired)`
    )
  }
}
console.log(`verify \`true\`, uncontained:        ${fmt(verify.plain)}`)
console.log(`verify \`true\`, contained (direct):  ${fmt(verify.direct)}`)
console.log(`verify \`true\`, contained (runtime): ${fmt(verify.runtime)}`)
console.log(`of which wrap + release:            ${fmt(wraps)}`)
console.log(`bare bubblewrap \`true\`:            ${fmt(bare)}`)
for (const kind of starts)
  console.log(
    `added per command (${kind}): ${verifyOnly ? '' : `claude ${added(claude, kind)} ms, `}verify ${added(verify, kind)} ms (goal < ${GOAL_MS} ms)`
  )
