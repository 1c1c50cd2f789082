/**
 * The one place that starts the Claude Code CLI: its arguments, its environment, its time limit and the
 * process group that lets us stop it and everything it started.
 */
import { spawn } from 'node:child_process'
import type { ChildProcessWithoutNullStreams } from 'node:child_process'
import { randomUUID } from 'node:crypto'
import { constants as fsConstants, createWriteStream, readFileSync, readdirSync } from 'node:fs'
import { access, mkdir, stat } from 'node:fs/promises'
import path from 'node:path'
import { StringDecoder } from 'node:string_decoder'
import type { Contain, ContainedCommand, DeniedHost } from '../sandbox/types.js'
import { LineSplitter, eventsForLine } from './stream.js'
import type { ClaudeEvent, ResultEvent } from '../../engine/claude-events.js'
import { messageOf } from '../../shared/errors.js'

export interface ClaudeOptions {
  model?: string
  maxTurns?: number
  maxBudgetUsd?: number
  permissionMode: string
  allowedTools: string[]
  disallowedTools: string[]
  appendSystemPrompt?: string
  extraArgs: string[]
  jsonSchema?: string
  sessionId?: string
}

/** `-p --output-format stream-json --verbose` (stream-json needs --verbose under -p), then the flags. */
export function buildClaudeArgs(o: ClaudeOptions): string[] {
  const args = ['-p', '--output-format', 'stream-json', '--verbose']
  if (o.model) args.push('--model', o.model)
  if (o.maxTurns !== undefined) args.push('--max-turns', String(o.maxTurns))
  if (o.maxBudgetUsd !== undefined) args.push('--max-budget-usd', String(o.maxBudgetUsd))
  if (o.permissionMode) args.push('--permission-mode', o.permissionMode)
  // One comma-joined value: these flags are variadic, so separate words would swallow whatever follows.
  if (o.allowedTools.length > 0) args.push('--allowedTools', o.allowedTools.join(','))
  if (o.disallowedTools.length > 0) args.push('--disallowedTools', o.disallowedTools.join(','))
  if (o.appendSystemPrompt) args.push('--append-system-prompt', o.appendSystemPrompt)
  if (o.jsonSchema) args.push('--json-schema', o.jsonSchema)
  if (o.sessionId) args.push('--session-id', o.sessionId)
  args.push(...o.extraArgs)
  return args
}

const REMOVED_ENV = new Set([
  'GITHUB_TOKEN',
  'GH_TOKEN',
  'GH_ENTERPRISE_TOKEN',
  'GITHUB_ENTERPRISE_TOKEN',
  'ACTIONS_RUNTIME_TOKEN',
  'ACTIONS_RUNTIME_URL',
  'ACTIONS_RESULTS_URL',
  'ACTIONS_CACHE_URL',
  // The runner's file commands: a command run by Claude (or `verify`) could otherwise set environment
  // variables, PATH entries, outputs, state or the summary of this and later steps of the job.
  'GITHUB_ENV',
  'GITHUB_PATH',
  'GITHUB_OUTPUT',
  'GITHUB_STATE',
  'GITHUB_STEP_SUMMARY'
])
const REMOVED_PREFIXES = ['INPUT_', 'ACTIONS_ID_TOKEN_REQUEST_']

/**
 * The runner's environment without what no process the action starts may hold: the GitHub and Actions
 * credentials, the action's inputs and the runner's file commands; `more` removes further names and
 * prefixes. Case-insensitive: on Windows the runner's variables may arrive in any case.
 */
export function withoutRunnerSecrets(
  base: NodeJS.ProcessEnv,
  more: { names?: readonly string[]; prefixes?: readonly string[] } = {}
): NodeJS.ProcessEnv {
  const names = new Set([...REMOVED_ENV, ...(more.names ?? [])])
  const prefixes = [...REMOVED_PREFIXES, ...(more.prefixes ?? [])]
  const env: NodeJS.ProcessEnv = {}
  for (const [k, v] of Object.entries(base)) {
    if (v === undefined) continue
    const upper = k.toUpperCase()
    if (names.has(upper) || prefixes.some(p => upper.startsWith(p))) continue
    env[k] = v
  }
  return env
}

/**
 * The CLI's environment: the runner's minus every GitHub credential, action input and workflow file command
 * (the model must never hold push rights nor reach later steps of the job), plus the Anthropic credential and the switches for quiet, update-free headless runs.
 */
export function claudeEnv(
  base: NodeJS.ProcessEnv,
  creds: { apiKey?: string; oauthToken?: string },
  opts: { isRoot?: boolean } = {}
): NodeJS.ProcessEnv {
  const env = withoutRunnerSecrets(base)
  if (creds.apiKey) env.ANTHROPIC_API_KEY = creds.apiKey
  if (creds.oauthToken) env.CLAUDE_CODE_OAUTH_TOKEN = creds.oauthToken
  env.DISABLE_AUTOUPDATER = '1'
  env.CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC = '1'
  // As root, bypassPermissions is refused ("cannot be used with root/sudo privileges") unless the CLI is told
  // it runs in a sandbox; container jobs run as root.
  const isRoot = opts.isRoot ?? process.getuid?.() === 0
  if (isRoot) env.IS_SANDBOX = '1'
  return env
}

export interface ClaudeInvocation {
  claudePath: string
  args: string[]
  /** Sent on stdin. */
  prompt: string
  cwd: string
  env: NodeJS.ProcessEnv
  timeoutMs: number
  /** Between SIGTERM and SIGKILL to the process group (default 10 s). */
  killGraceMs?: number
  /** Raw stdout is appended here; directories are created. */
  transcriptPath: string
  /**
   * Applied to the transcript, whole lines at a time, before it reaches the disk (a Redactor's `redact`):
   * Claude may print a secret it found, and transcripts are kept and uploaded. Without it the bytes are raw.
   */
  redactTranscript?: (text: string) => string
  onEvent: (e: ClaudeEvent) => void
  /** Abort = stop cleanly, like a timeout. */
  signal?: AbortSignal
  heartbeatMs?: number
  /** Called when nothing was printed for `heartbeatMs`. */
  onHeartbeat?: (idleMs: number) => void
  /** Cap for one stdout line held in memory (default 4 MiB); longer lines become a `non-json` event. */
  maxLineBytes?: number
  /** Runs the CLI inside the sandbox; `writableRoot` is the only folder of the machine it may write to. */
  sandbox?: { contain: Contain; writableRoot?: string }
}

export interface ClaudeRunResult {
  exitCode: number | null
  signal: string | null
  timedOut: boolean
  aborted: boolean
  /** The last `result` line, if one arrived. */
  result: ResultEvent | null
  /** The last ~4 KB of stderr. */
  stderrTail: string
  /** The CLI could not be started, e.g. `ENOENT: claude not found at …`. */
  spawnError?: string
  /** The first exception thrown by `onEvent` (events after it are still delivered). */
  onEventError?: string
  durationMs: number
  /** Connections the sandbox refused, by host (contained runs only). */
  denied?: DeniedHost[]
}

const STDERR_TAIL_BYTES = 4096
/** Same default as the stream parser's cap for one line. */
const DEFAULT_MAX_LINE_BYTES = 4 * 1024 * 1024

/**
 * Redacts stdout for the transcript a line at a time, so a secret split across two chunks is still caught.
 * An unfinished line is held back (UTF-8 safe), at most `maxLineBytes` characters of it: beyond that it is
 * redacted and written as it stands, so a huge line never needs more memory than that.
 */
function redactedLines(redact: (text: string) => string, maxLineBytes: number) {
  const decoder = new StringDecoder('utf8')
  let pending = ''
  return {
    push(chunk: Buffer): string {
      const text = decoder.write(chunk)
      // Only the new text is searched: a huge line costs linear time.
      const nl = text.lastIndexOf('\n')
      let out = ''
      if (nl >= 0) {
        out = redact(pending + text.slice(0, nl + 1))
        pending = text.slice(nl + 1)
      } else pending += text
      if (pending.length > maxLineBytes) {
        out += redact(pending)
        pending = ''
      }
      return out
    },
    end(): string {
      const rest = pending + decoder.end()
      pending = ''
      return rest ? redact(rest) : ''
    }
  }
}

/**
 * Set in the CLI's environment to a fresh id per run. The Bash tool of 2.1.332 starts each command in a new
 * session (setsid), so a background process the model started (`server &`) is in no process group of ours
 * and is reparented away from the CLI as soon as its shell exits. Every descendant still inherits the
 * environment, so on Linux we find them by this marker in /proc/<pid>/environ.
 */
export const RUN_MARKER_ENV = 'TASKMESH_CLAUDE_RUN'

interface Live {
  pid: number
  marker: string
  /**
   * Whether a tool that can start processes (Bash, agents, anything but plain file tools) was used. Only then
   * can a process have left the CLI's group, so only then is /proc searched after a normal exit.
   */
  mayHaveSpawned: boolean
}

/** Tools that only read or write files in-process: they start nothing that could outlive the CLI. */
const FILE_ONLY_TOOLS = new Set([
  'Read',
  'Write',
  'Edit',
  'MultiEdit',
  'NotebookEdit',
  'TodoWrite',
  'StructuredOutput'
])

/** CLIs still running, killed if this process exits first so none outlives the step. */
const liveRuns = new Set<Live>()
let exitHookInstalled = false
function track(run: Live): void {
  if (!exitHookInstalled) {
    exitHookInstalled = true
    process.once('exit', () => {
      for (const r of liveRuns) killRun(r, 'SIGKILL')
    })
  }
  liveRuns.add(run)
}

/** Pids of processes whose environment carries `NAME=marker` (Linux only; [] elsewhere or on error). */
export function processesWithMarker(marker: string): number[] {
  if (process.platform !== 'linux') return []
  const needle = Buffer.from(`${RUN_MARKER_ENV}=${marker}\0`)
  const found: number[] = []
  let entries: string[]
  try {
    entries = readdirSync('/proc')
  } catch {
    return []
  }
  for (const e of entries) {
    if (!/^\d+$/.test(e)) continue
    const pid = Number(e)
    if (pid === process.pid) continue
    try {
      const env = readFileSync(`/proc/${e}/environ`)
      // Each entry ends with NUL; the marker may also be the first entry.
      const at = env.indexOf(needle)
      if (at === 0 || (at > 0 && env[at - 1] === 0)) found.push(pid)
    } catch {
      // Gone, or not ours to read.
    }
  }
  return found
}

function killRun(run: Live, sig: NodeJS.Signals, o: { sweep?: boolean } = {}): void {
  killGroup(run.pid, sig)
  if (o.sweep === false) return
  for (const pid of processesWithMarker(run.marker)) {
    try {
      process.kill(pid, sig)
    } catch {
      // Already gone.
    }
  }
}

function killGroup(pid: number, sig: NodeJS.Signals): void {
  try {
    process.kill(-pid, sig)
  } catch {
    // ESRCH: the group is already gone.
  }
}

export async function runClaude(inv: ClaudeInvocation): Promise<ClaudeRunResult> {
  const started = Date.now()
  const killGraceMs = inv.killGraceMs ?? 10_000
  const base = { timedOut: false, result: null, stderrTail: '', exitCode: null, signal: null }
  if (inv.signal?.aborted) return { ...base, aborted: true, durationMs: 0 }

  await mkdir(path.dirname(inv.transcriptPath), { recursive: true })
  const transcript = createWriteStream(inv.transcriptPath, { flags: 'a' })
  const transcriptDone = new Promise<void>(resolve => {
    transcript.once('close', () => resolve())
    transcript.once('error', () => resolve())
  })
  // A failing transcript (disk full) must not kill the run; the events still flow.
  let transcriptBroken = false
  let child: ChildProcessWithoutNullStreams | undefined
  transcript.on('error', () => {
    transcriptBroken = true
    child?.stdout.resume()
  })

  const marker = randomUUID()
  let contained: ContainedCommand | undefined
  try {
    const env = { ...inv.env, [RUN_MARKER_ENV]: marker }
    let [file, args] = [inv.claudePath, inv.args]
    if (inv.sandbox) {
      contained = await inv.sandbox.contain({
        // A contained CLI's HOME is private and removed when it ends: the session it would save there (its
        // whole conversation) could never be read again. Uncontained, the HOME outlives the run: kept.
        argv: [inv.claudePath, ...inv.args, '--no-session-persistence'],
        cwd: inv.cwd,
        env,
        writableRoot: inv.sandbox.writableRoot
      })
      ;[file, args] = [contained.file, contained.args]
    }
    // Detached: its own process group, so a timeout stops it and everything it started (in the sandbox,
    // bubblewrap's namespace dies with it).
    child = spawn(file, args, {
      cwd: inv.cwd,
      env: contained?.env ?? env,
      detached: true,
      stdio: ['pipe', 'pipe', 'pipe']
    })
  } catch (err) {
    await contained?.finish()
    transcript.end()
    await transcriptDone
    const spawnError =
      contained || !inv.sandbox ? messageOf(err) : `the sandbox could not wrap claude: ${messageOf(err)}`
    return { ...base, aborted: false, spawnError, durationMs: Date.now() - started }
  }

  let result: ResultEvent | null = null
  let onEventError: string | undefined
  let stderrTail = Buffer.alloc(0)
  let timedOut = false
  let aborted = false
  let spawnError: string | undefined
  let lastOutput = Date.now()
  let lastBeat = lastOutput
  let killTimer: NodeJS.Timeout | undefined
  let stopping = false
  let cwd = inv.cwd

  const emit = (e: ClaudeEvent) => {
    if (e.kind === 'result') result = e
    if (e.kind === 'init' && e.cwd) cwd = e.cwd
    if (e.kind === 'tool-use' && live && !FILE_ONLY_TOOLS.has(e.name)) live.mayHaveSpawned = true
    try {
      inv.onEvent(e)
    } catch (err) {
      onEventError ??= messageOf(err)
    }
  }
  const splitter = new LineSplitter((line, info) => eventsForLine(line, info, { cwd }).forEach(emit), {
    maxLineBytes: inv.maxLineBytes
  })

  const live: Live | null = child.pid !== undefined ? { pid: child.pid, marker, mayHaveSpawned: false } : null
  const stop = () => {
    if (stopping || !live) return
    stopping = true
    killRun(live, 'SIGTERM')
    killTimer = setTimeout(() => killRun(live, 'SIGKILL'), killGraceMs)
  }
  // setTimeout fires at once for delays beyond 2^31-1 ms; a non-finite or non-positive limit means none.
  const timeout =
    Number.isFinite(inv.timeoutMs) && inv.timeoutMs > 0
      ? setTimeout(
          () => {
            timedOut = true
            stop()
          },
          Math.min(inv.timeoutMs, 2 ** 31 - 1)
        )
      : undefined
  const onAbort = () => {
    aborted = true
    stop()
  }
  inv.signal?.addEventListener('abort', onAbort, { once: true })
  const heartbeat =
    inv.heartbeatMs && inv.onHeartbeat
      ? setInterval(
          () => {
            const now = Date.now()
            if (now - lastBeat >= (inv.heartbeatMs ?? 0)) {
              lastBeat = now
              inv.onHeartbeat?.(now - lastOutput)
            }
          },
          Math.min(inv.heartbeatMs, 1000)
        )
      : undefined

  const toTranscript = inv.redactTranscript
    ? redactedLines(inv.redactTranscript, inv.maxLineBytes ?? DEFAULT_MAX_LINE_BYTES)
    : null
  child.stdout.on('data', (chunk: Buffer) => {
    lastOutput = lastBeat = Date.now()
    const data = toTranscript ? toTranscript.push(chunk) : chunk
    if (!transcriptBroken && data.length > 0 && !transcript.write(data)) {
      // Backpressure: let the pipe fill up rather than our heap when the disk is slower than the CLI.
      child.stdout.pause()
      transcript.once('drain', () => child.stdout.resume())
    }
    splitter.push(chunk)
  })
  child.stderr.on('data', (chunk: Buffer) => {
    lastOutput = lastBeat = Date.now()
    stderrTail = Buffer.concat([stderrTail, chunk])
    if (stderrTail.length > STDERR_TAIL_BYTES)
      stderrTail = stderrTail.subarray(stderrTail.length - STDERR_TAIL_BYTES)
  })
  // EPIPE when the CLI exits before reading its prompt: the exit code tells the story.
  child.stdin.on('error', () => {})

  const closed = new Promise<{ code: number | null; signal: string | null }>(resolve => {
    let exited = false
    child.once('error', err => {
      const e = err as NodeJS.ErrnoException
      if (child.pid === undefined) {
        spawnError = e.code === 'ENOENT' ? `ENOENT: claude not found at ${inv.claudePath}` : messageOf(e)
        resolve({ code: null, signal: null })
      }
    })
    child.once('exit', () => {
      exited = true
      // The CLI is gone; whatever it started (background Bash commands) goes with it, which also releases any
      // copy of our stdout pipe they held so 'close' can arrive.
      if (live) killRun(live, 'SIGKILL', { sweep: live.mayHaveSpawned })
      // A descendant that left the group could still hold the pipes open: do not wait for it forever.
      setTimeout(() => {
        child.stdout.destroy()
        child.stderr.destroy()
      }, 5000).unref()
    })
    child.once('close', (code, sig) => {
      if (!exited && live) killRun(live, 'SIGKILL')
      resolve({ code, signal: sig })
    })
  })

  if (live) track(live)
  child.stdin.end(inv.prompt)

  const { code, signal } = await closed
  clearTimeout(timeout)
  clearTimeout(killTimer)
  if (heartbeat) clearInterval(heartbeat)
  inv.signal?.removeEventListener('abort', onAbort)
  if (live) liveRuns.delete(live)
  const denied = contained ? await contained.finish() : undefined
  splitter.end()
  const rest = toTranscript?.end()
  if (rest && !transcriptBroken) transcript.write(rest)
  transcript.end()
  await transcriptDone

  return {
    exitCode: code,
    signal,
    timedOut,
    aborted,
    result,
    stderrTail: stderrTail.toString('utf8'),
    ...(spawnError !== undefined ? { spawnError } : {}),
    ...(onEventError !== undefined ? { onEventError } : {}),
    ...(denied ? { denied } : {}),
    durationMs: Date.now() - started
  }
}

async function isExecutableFile(p: string): Promise<boolean> {
  try {
    if (!(await stat(p)).isFile()) return false
    await access(p, fsConstants.X_OK)
    return true
  } catch {
    return false
  }
}

/**
 * Resolve the CLI: an explicit path is checked as is; a bare name (default `claude`) is looked up in the
 * PATH of `env` by scanning its directories (no shell, no `which`).
 */
export async function findClaude(
  claudePath: string | undefined,
  env: NodeJS.ProcessEnv
): Promise<string | null> {
  const name = claudePath?.trim() || 'claude'
  if (name.includes('/') || name.includes(path.sep)) {
    const abs = path.resolve(name)
    return (await isExecutableFile(abs)) ? abs : null
  }
  const pathVar = env.PATH ?? env.Path ?? ''
  const exts =
    process.platform === 'win32'
      ? ['', ...(env.PATHEXT ?? '.EXE;.CMD;.BAT').split(';').filter(Boolean)]
      : ['']
  for (const dir of pathVar.split(path.delimiter)) {
    if (!dir) continue
    for (const ext of exts) {
      const candidate = path.join(dir, name + ext)
      if (await isExecutableFile(candidate)) return path.resolve(candidate)
    }
  }
  return null
}
