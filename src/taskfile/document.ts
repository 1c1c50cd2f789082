/**
 * The one module that reads and writes task.json.
 *
 * task.json is the user's file: a write keeps key order and unknown fields (JSON.parse keeps both, and the
 * engine mutates the parsed object in place), the indentation, the line endings and the final newline; an
 * untouched document is written back byte for byte (in fact not written at all). Writes are atomic (temp
 * file in the same folder, fsync, rename), so a killed process never leaves half a task.json behind.
 */
import { readFileSync } from 'node:fs'
import type { LogEntry, Task, TaskFile } from './schema.js'
import type { Scrubber } from '../shared/scrubber.js'
import { writeFileAtomic } from './atomic.js'
import { readTaskMaster, looksLikeTaskMaster, type TaskMasterModel } from './formats/taskmaster.js'
import { JsonLocator } from './locate.js'
import { validateTaskFileData, validateTaskFileText, type Problem } from './validate.js'

export type DocumentResult =
  { ok: true; document: TaskDocument } | { ok: false; problems: Problem[]; warnings?: Problem[] }

export interface Formatting {
  /** What one level of indentation is: '  ', '    ', '\t', … */
  indent: string
  /** Line ending used between lines. */
  eol: '\n' | '\r\n'
  finalNewline: boolean
  /** Whether the file started with a UTF-8 byte order mark. */
  bom: boolean
}

const BOM = '\uFEFF'

export const TASK_FORMATS = ['auto', 'taskmesh', 'taskmaster'] as const

/** Which format a task file is read as, and the format's own choices (Task Master: the tag). */
export interface TaskFormatOptions {
  /** `auto` (the default) recognises a Task Master file by its shape or its `.taskmaster/` folder. */
  format?: (typeof TASK_FORMATS)[number]
  /** Task Master: the tag to run (default `master`). */
  tag?: string
  /** Task Master: whether `review` counts as done for dependents (default true). */
  reviewIsDone?: boolean
  /** Task Master: the project name Claude is told (the file has none). */
  project?: string
}

/** Whether a path is inside a `.taskmaster/` folder (Task Master's own place). */
export function inTaskMasterFolder(displayPath: string): boolean {
  return /(^|[\\/])\.taskmaster[\\/]/.test(displayPath)
}

/** A log entry to append; extra fields are kept. */
export interface NewLogEntry {
  message: string
  /** Defaults to now. */
  timestamp?: string
  level?: LogEntry['level']
  taskId?: string
  [key: string]: unknown
}

export class TaskDocument {
  /** The live task file; the engine mutates it in place and calls write(). */
  readonly data: TaskFile
  readonly displayPath: string
  readonly formatting: Formatting
  /** Allowed but probably not meant (an unknown key near a known one), as found when the file was read. */
  readonly warnings: Problem[]
  /** The text as it is on disk: the original, or what write() last wrote. */
  private text: string
  /** Whether `text` is what serialize() makes of the data (true once we wrote it). */
  private canonical = false
  /** Ids in the order they appear in `text`, for taskLine(). */
  private textIds: string[]
  private locator: JsonLocator | undefined
  private lineById: Map<string, number> | undefined
  /** Each id's position in data.tasks, checked at every use (tasks may be added or moved): see task(). */
  private taskIndex: Map<string, number>
  /** Set for a Task Master file: `data` is then a view of its tag, and `model.root` is what is written. */
  private readonly model: TaskMasterModel | undefined
  readonly formatOptions: TaskFormatOptions

  private constructor(
    data: TaskFile,
    text: string,
    displayPath: string,
    formatOptions: TaskFormatOptions,
    model?: TaskMasterModel,
    warnings: Problem[] = [],
    taskIndex = new Map<string, number>()
  ) {
    this.data = data
    this.taskIndex = taskIndex
    this.warnings = warnings
    this.text = text
    this.displayPath = displayPath
    this.formatting = detectFormatting(text)
    this.textIds = data.tasks.map(task => task.id)
    this.formatOptions = formatOptions
    this.model = model
  }

  /** Validates `text` and, if it is a valid task file, wraps it. */
  static parse(text: string, displayPath: string, format: TaskFormatOptions = {}): DocumentResult {
    const body = text.startsWith(BOM) ? text.slice(1) : text
    let parsed: unknown
    try {
      parsed = JSON.parse(body)
    } catch {
      return validateTaskFileText(body, displayPath) as DocumentResult
    }
    const kind = format.format ?? 'auto'
    if (
      kind === 'taskmaster' ||
      (kind === 'auto' && (looksLikeTaskMaster(parsed) || inTaskMasterFolder(displayPath)))
    ) {
      const r = readTaskMaster(parsed, body, displayPath, format)
      if (!r.ok) return r
      return { ok: true, document: new TaskDocument(r.model.view, text, displayPath, format, r.model) }
    }
    const result = validateTaskFileData(parsed, body, displayPath)
    if (!result.ok) return result
    return {
      ok: true,
      // Validation's index of the ids, so the first lookup (a summary naming its tasks) builds no other.
      document: new TaskDocument(
        result.data,
        text,
        displayPath,
        format,
        undefined,
        result.warnings,
        result.index
      )
    }
  }

  /** The format the file was read as. */
  get format(): 'taskmesh' | 'taskmaster' {
    return this.model ? 'taskmaster' : 'taskmesh'
  }

  /** Task Master: the tag being run. */
  get tag(): string | undefined {
    return this.model?.tag
  }

  /** The Task Master model behind `data`, for a Task Master file. */
  get taskMaster(): TaskMasterModel | undefined {
    return this.model
  }

  /** Ids as the engine knows them: a Task Master task with subtasks stands for its subtasks. */
  expandIds(ids: readonly string[]): string[] {
    return this.model ? this.model.expandIds(ids) : [...ids]
  }

  /** Reads and validates a task file. `displayPath` is how users know it (relative to the workspace). */
  static async read(
    absPath: string,
    displayPath: string,
    format: TaskFormatOptions = {}
  ): Promise<DocumentResult> {
    let text: string
    try {
      // Read and decoded in one native call, with no Buffer of the whole file beside the string: 2.5 MiB less
      // peak memory in a cold 10,000-task plan than bytes then a decode, and the promise API with an
      // encoding decodes chunk by chunk through a StringDecoder (a tenth of that plan). Blocking is fine:
      // the plan and the local command read the file once, before anything runs beside it.
      text = readFileSync(absPath, 'utf8')
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code
      const message =
        code === 'ENOENT'
          ? `Task file not found: looked for ${displayPath} (${absPath}); create it or set the task-file input.`
          : code === 'EISDIR'
            ? `${displayPath} (${absPath}) is a directory, not a task file.`
            : `Could not read ${displayPath} (${absPath}): ${(error as Error).message}.`
      return {
        ok: false,
        problems: [{ code: code === 'ENOENT' ? 'file-missing' : 'file-unreadable', message, path: [] }]
      }
    }
    return TaskDocument.parse(text, displayPath, format)
  }

  /** The text as it is on disk (the original, or the last write). */
  get originalText(): string {
    return this.text
  }

  /** The document as text in the file's own formatting; the original bytes when nothing changed. */
  serialize(): string {
    if (!this.model) return this.render(this.data)
    // Task Master: the parents follow their subtasks, and a real change stamps the tag's metadata.
    this.model.rollUp()
    const out = this.render(this.model.root)
    if (out === this.text) return out
    this.model.touchMetadata()
    return this.render(this.model.root)
  }

  private render(root: unknown): string {
    const { indent, eol, finalNewline, bom } = this.formatting
    let out = JSON.stringify(root, null, indent)
    if (eol === '\r\n') out = out.replace(/\n/g, '\r\n')
    out = (bom ? BOM : '') + out + (finalNewline ? eol : '')
    // After our first write the text on disk is canonical: a different `out` is a real change.
    if (out === this.text || this.canonical) return out
    // The file is not laid out the way JSON.stringify would lay it out (compact arrays, `1.0`, escapes…):
    // compare values, not text, so an untouched document keeps its original bytes. Only files that were
    // never written by us reach this; after the first write the text is canonical.
    const body = this.text.startsWith(BOM) ? this.text.slice(1) : this.text
    if (JSON.stringify(JSON.parse(body)) === JSON.stringify(root)) return this.text
    return out
  }

  /** Whether the document differs from the file on disk. */
  get changed(): boolean {
    return this.serialize() !== this.text
  }

  /**
   * Writes the document atomically (see writeFileAtomic) if it changed; returns whether anything was written.
   */
  async write(absPath: string, opts: { force?: boolean; outbound?: Scrubber } = {}): Promise<boolean> {
    let text = this.serialize()
    // The file is committed and pushed: a secret of the run in any field (a result, an error, a log line, a
    // path) is masked in the document itself, so what is on disk, in memory and in the commit agree.
    if (opts.outbound?.holdsSecret(text, this.displayPath)) {
      const outbound = opts.outbound
      scrubStrings(this.data, t => outbound.scrub(t, this.displayPath))
      text = this.serialize()
      // Only a key can still hold it (no task file of ours has one): never write it.
      if (outbound.holdsSecret(text, this.displayPath))
        throw new Error(`refusing to write ${this.displayPath}: a field name holds a secret of this run`)
    }
    // `force`: the file on disk was changed behind our back (by Claude); put the document's state back.
    if (text === this.text && !opts.force) return false
    await writeFileAtomic(absPath, text)
    this.text = text
    this.canonical = true
    this.textIds = this.data.tasks.map(task => task.id)
    this.locator = undefined
    this.lineById = undefined
    return true
  }

  /** The task with this id, or undefined. */
  task(id: string): Task | undefined {
    const tasks = this.data.tasks
    const cached = this.taskIndex.get(id)
    if (cached !== undefined && tasks[cached]?.id === id) return tasks[cached]
    // Tasks may have been added, removed or reordered since the index was built: rebuild it once.
    this.taskIndex = new Map()
    for (let i = 0; i < tasks.length; i++)
      if (!this.taskIndex.has(tasks[i]!.id)) this.taskIndex.set(tasks[i]!.id, i)
    const index = this.taskIndex.get(id)
    return index === undefined ? undefined : tasks[index]
  }

  /** 1-based line of the task's object in the file on disk (for annotations); undefined if it is not there. */
  taskLine(id: string): number | undefined {
    if (this.model) {
      const at = this.model.pathOf(id)
      if (!at) return undefined
      const body = this.text.startsWith(BOM) ? this.text.slice(1) : this.text
      this.locator ??= new JsonLocator(body)
      return this.locator.locate(at).line
    }
    if (!this.lineById) {
      this.lineById = new Map()
      this.textIds.forEach((taskId, i) => {
        if (!this.lineById!.has(taskId)) this.lineById!.set(taskId, -1 - i)
      })
    }
    const known = this.lineById.get(id)
    if (known === undefined) return undefined
    if (known > 0) return known
    // Stored as -1 - index until asked for: locating is lazy, so a 100,000-task plan pays nothing for it.
    const body = this.text.startsWith(BOM) ? this.text.slice(1) : this.text
    this.locator ??= new JsonLocator(body)
    const line = this.locator.locate(['tasks', -1 - known]).line
    this.lineById.set(id, line)
    return line
  }

  /** Appends an entry to `logs` (creating it if missing); the timestamp defaults to now. */
  appendLog(entry: NewLogEntry): LogEntry {
    const { timestamp, message, ...rest } = entry
    // Timestamp first, as in the format's examples: `{timestamp, message, ...}`.
    const full: LogEntry = { timestamp: timestamp ?? new Date().toISOString(), message, ...rest }
    ;(this.data.logs ??= []).push(full)
    return full
  }
}

/** Indentation, line endings, final newline and BOM of a JSON text. */
export function detectFormatting(text: string): Formatting {
  const bom = text.startsWith(BOM)
  const eol = /\r\n/.test(text.slice(0, text.indexOf('\n') + 1)) ? '\r\n' : '\n'
  const finalNewline = text.endsWith('\n')
  // The first indented line is one level deep (the root's first key or item).
  const match = /\n([ \t]+)\S/.exec(text)
  let indent = '  '
  if (match) {
    const lead = match[1]!
    indent = lead.startsWith('\t') ? '\t' : lead
  }
  return { indent, eol, finalNewline, bom }
}

/** Replaces every string value inside `value` (objects and arrays, in place) with `fn` of it. */
function scrubStrings(value: unknown, fn: (text: string) => string): void {
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const v: unknown = value[i]
      if (typeof v === 'string') value[i] = fn(v)
      else scrubStrings(v, fn)
    }
  } else if (value !== null && typeof value === 'object') {
    const rec = value as Record<string, unknown>
    for (const k of Object.keys(rec)) {
      const v = rec[k]
      if (typeof v === 'string') rec[k] = fn(v)
      else scrubStrings(v, fn)
    }
  }
}
