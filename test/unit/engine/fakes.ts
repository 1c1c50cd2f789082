/**
 * The engine in-process, with fake ports: a working tree held in memory, a scripted Claude and verify, a
 * clock that never waits. Only the task file is a real file (TaskDocument writes it), in a temp folder.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import type { ResultEvent } from '../../../src/engine/claude-events.js'
import { Engine, type EngineOptions } from '../../../src/engine/engine.js'
import type { RunEvent } from '../../../src/engine/events.js'
import type { Outcome } from '../../../src/engine/outcome.js'
import type {
  ClaudeAttempt,
  ClaudeRequest,
  Clock,
  RecordedTask,
  RecordHooks,
  RepoPort,
  TaskWorkspace,
  VerifyRequest,
  VerifyRun,
  WorkspacePort
} from '../../../src/engine/ports.js'
import { producedFilesOnDisk, taskFileOnDisk } from '../../../src/infra/files.js'
import { TaskDocument } from '../../../src/taskfile/document.js'
import type { Task } from '../../../src/taskfile/schema.js'

export type TaskSpec = Partial<Task> & { id: string; description?: string }

/** What a scripted Claude sees of an attempt. */
export interface AttemptCall {
  taskId: string
  /** The task's attempt over all runs (from the transcript's name). */
  attempt: number
  request: ClaudeRequest
  /** The working tree the attempt runs in: write here to produce outputs. */
  tree: Map<string, string>
}

export type ClaudeScript = (call: AttemptCall) => ClaudeAttempt | Promise<ClaudeAttempt>

export function resultEvent(fields: Partial<ResultEvent> = {}): ResultEvent {
  return {
    kind: 'result',
    subtype: 'success',
    isError: false,
    apiErrorStatus: null,
    result: 'done',
    sessionId: 'session-1',
    totalCostUsd: 0.01,
    numTurns: 1,
    durationMs: 5,
    usage: { inputTokens: 10, outputTokens: 5, cacheReadInputTokens: 0, cacheCreationInputTokens: 0 },
    permissionDenials: [],
    ...fields
  }
}

/** A successful session that writes `<taskId>.txt`. */
export function writesOwnFile(costUsd = 0.01): ClaudeScript {
  return call => {
    call.tree.set(`${call.taskId}.txt`, `${call.taskId} done`)
    return succeeded(costUsd)
  }
}

export function succeeded(costUsd = 0.01, fields: Partial<ResultEvent> = {}): ClaudeAttempt {
  return { outcome: { ok: true }, result: resultEvent({ totalCostUsd: costUsd, ...fields }) }
}

export function failedWith(outcome: Outcome & { ok: false }, costUsd = 0): ClaudeAttempt {
  return {
    outcome,
    result: resultEvent({ subtype: 'error_during_execution', isError: true, totalCostUsd: costUsd })
  }
}

/** A working tree in memory; snapshots are copies of it. */
class MemoryTree {
  readonly files = new Map<string, string>()
  private readonly snapshots: Map<string, string>[] = []

  snapshot(): string {
    this.snapshots.push(new Map(this.files))
    return String(this.snapshots.length - 1)
  }

  changedFiles(since: string): string[] {
    const before = this.snapshots[Number(since)]!
    const names = new Set([...before.keys(), ...this.files.keys()])
    return [...names].filter(n => before.get(n) !== this.files.get(n)).sort()
  }

  restore(since: string): void {
    this.files.clear()
    for (const [name, text] of this.snapshots[Number(since)]!) this.files.set(name, text)
  }
}

export interface FakeRun {
  engine: Engine
  events: RunEvent[]
  /** Claude's calls in start order. */
  calls: AttemptCall[]
  verifyCalls: VerifyRequest[]
  /** Waits the clock was asked for (back-off). */
  sleeps: number[]
  recorded: RecordedTask[]
  stateCommits: string[]
  /** Restores of the working tree (clean-tree retries, failures, stops). */
  restores: number
  /** The most Claude sessions running at once. */
  maxConcurrent: number
  /** The main working tree (sequential runs). */
  tree: Map<string, string>
  taskFilePath: string
  /** The task file as it is on disk. */
  state(): { status?: string; tasks: Task[]; logs: { taskId?: string; message: string; level?: string }[] }
  task(id: string): Task
  abort: AbortController
}

export interface FakeOptions {
  claude?: ClaudeScript
  verify?: (request: VerifyRequest, call: number) => VerifyRun
  limits?: Partial<EngineOptions['limits']>
  only?: string[]
  /** Use git-worktree-like workspaces (required for parallel > 1). */
  workspaces?: boolean
  /** Makes integrate fail for a task (a conflict), once. */
  conflictOnce?: string
  containsSecret?: (text: string) => boolean
  /** Called inside the repository's recordTask; `hooks` as the engine passed them. */
  recordTask?: (task: RecordedTask, hooks?: RecordHooks) => Promise<void>
  extra?: Partial<EngineOptions>
}

export function fakeEngine(tasks: TaskSpec[], options: FakeOptions = {}): FakeRun {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'engine-'))
  const taskFilePath = path.join(dir, 'task.json')
  const text =
    JSON.stringify(
      {
        project: 'engine-demo',
        tasks: tasks.map(t => ({ description: `Write ${t.id}.txt`, ...t })),
        logs: []
      },
      null,
      2
    ) + '\n'
  writeFileSync(taskFilePath, text)
  const parsed = TaskDocument.parse(text, 'task.json')
  if (!parsed.ok) throw new Error(parsed.problems.map(p => p.message).join('; '))

  const main = new MemoryTree()
  const abort = new AbortController()
  let now = 1_700_000_000_000
  const run = {
    events: [],
    calls: [],
    verifyCalls: [],
    sleeps: [],
    recorded: [],
    stateCommits: [],
    restores: 0,
    maxConcurrent: 0,
    tree: main.files,
    taskFilePath,
    abort
  } as Omit<FakeRun, 'engine' | 'state' | 'task'> as FakeRun
  const clock: Clock = {
    now: () => (now += 1),
    sleep: async ms => {
      run.sleeps.push(ms)
      now += ms
    }
  }
  let commits = 0
  const repo: RepoPort = {
    snapshot: async () => main.snapshot(),
    changedFiles: async since => main.changedFiles(since),
    restore: async since => {
      run.restores++
      main.restore(since)
    },
    recordTask: async (task, hooks) => {
      run.recorded.push(task)
      await options.recordTask?.(task, hooks)
      return { commit: `commit-${++commits}`, taskFileMerged: false }
    },
    recordState: async message => {
      run.stateCommits.push(message)
      return { commit: `commit-${++commits}`, taskFileMerged: false }
    }
  }
  // Worktrees in memory: each task gets a copy of the main tree; integrate brings its files over.
  let conflicted = false
  const workspaces: WorkspacePort = {
    open: async taskId => {
      const tree = new MemoryTree()
      for (const [name, content] of main.files) tree.files.set(name, content)
      const workspace: TaskWorkspace & { tree: MemoryTree } = {
        tree,
        cwd: `/work-${taskId}`,
        root: dir,
        snapshot: async () => tree.snapshot(),
        changedFiles: async since => tree.changedFiles(since),
        restore: async since => {
          run.restores++
          tree.restore(since)
        },
        integrate: async files => ({
          apply: async () => {
            if (options.conflictOnce === taskId && !conflicted) {
              conflicted = true
              return { ok: false, reason: `${files.join(', ')} conflict with work finished meanwhile` }
            }
            for (const f of files) main.files.set(f, tree.files.get(f) ?? '')
            return { ok: true }
          }
        }),
        refresh: async () => {
          tree.files.clear()
          for (const [name, content] of main.files) tree.files.set(name, content)
        },
        dispose: async () => {}
      }
      treesByCwd.set(workspace.cwd, tree)
      return workspace
    },
    cleanup: async () => {}
  }
  const treesByCwd = new Map<string, MemoryTree>([[dir, main]])
  let running = 0
  const script = options.claude ?? writesOwnFile()
  let verifyCount = 0
  const engine = new Engine({
    doc: parsed.document,
    taskFilePath,
    taskFileDisplay: 'task.json',
    cwd: dir,
    repo,
    workspaces: options.workspaces ? workspaces : undefined,
    claude: {
      run: async request => {
        const taskId = path.basename(path.dirname(request.transcriptPath))
        const attempt = Number(/attempt-(\d+)\.jsonl$/.exec(request.transcriptPath)![1])
        const call = { taskId, attempt, request, tree: treesByCwd.get(request.cwd)!.files }
        run.calls.push(call)
        running++
        run.maxConcurrent = Math.max(run.maxConcurrent, running)
        try {
          return await script(call)
        } finally {
          running--
        }
      }
    },
    verify: {
      run: async request => {
        run.verifyCalls.push(request)
        return options.verify?.(request, ++verifyCount) ?? { exitCode: 0, timedOut: false, output: '' }
      }
    },
    taskFile: taskFileOnDisk(taskFilePath),
    producedFiles: {
      // The produced files live in the memory trees; the disk reader is tested through the task file.
      read: async (_root, file) => {
        for (const tree of treesByCwd.values()) if (tree.files.has(file)) return tree.files.get(file)!
        return producedFilesOnDisk.read(dir, file, 1024)
      }
    },
    clock,
    taskDefaults: { maxTurns: 10, allowedTools: ['Write'] },
    limits: { maxAttempts: 2, retryFailed: false, taskTimeoutMs: 60_000, ...options.limits },
    only: options.only ?? [],
    transcriptsDir: path.join(dir, 'transcripts'),
    observer: { emit: e => run.events.push(e) },
    containsSecret: options.containsSecret,
    repoRoot: dir,
    signal: abort.signal,
    ...options.extra
  })
  run.engine = engine
  run.state = () => JSON.parse(readFileSync(taskFilePath, 'utf8'))
  run.task = id => run.state().tasks.find((t: Task) => t.id === id)!
  return run
}

/** A promise with its resolve, to hold a scripted session open until the test lets it end. */
export function deferred<T = void>(): { promise: Promise<T>; resolve: (value: T) => void } {
  let resolve!: (value: T) => void
  const promise = new Promise<T>(r => (resolve = r))
  return { promise, resolve }
}
