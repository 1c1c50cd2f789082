/**
 * Checks the action manifest and every workflow the project ships or shows with GitHub's own parser:
 * @actions/languageservice (the engine of the VS Code extension, the same template rules the runner applies)
 * and @actions/workflow-parser. Our tests start dist/index.js directly and never load action.yml the way a
 * runner does, so a mistake there (an expression in a description) breaks every job in "Set up job" unseen.
 *
 * Checked: action.yml; every .yml/.yaml in .github/workflows/ and examples/workflows/; every ```yaml block in
 * README.md and docs/**\/*.md that is a workflow, a list of steps, or a step's `with:` (the last two are
 * checked inside a minimal workflow around them). A `uses:` of an action named `taskmesh` is checked against
 * this repository's action.yml (unknown or missing required inputs); other actions' inputs are not checked
 * (their manifests are not here, and the check works offline).
 *
 * Usage: node scripts/run-ts.mjs --bundle scripts/check-workflows.ts [root]  (npm run check-workflows)
 * Prints `file:line:column: severity: message` per problem and exits 1 when there is any error or warning.
 * The packages import JSON without an import attribute, which Node 20 refuses: hence the bundling.
 */
import { readdirSync, readFileSync, existsSync, statSync } from 'node:fs'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import { registerLogger, validate, type ActionsMetadataProvider } from '@actions/languageservice'
import type { ActionMetadata, ActionReference } from '@actions/languageservice/action'
import { parseAction } from '@actions/workflow-parser/actions/action-parser'
import { convertActionTemplate } from '@actions/workflow-parser/actions/action-template'
import { ErrorPolicy } from '@actions/workflow-parser/model/convert'
import { NoOperationTraceWriter } from '@actions/workflow-parser'
import { TextDocument } from 'vscode-languageserver-textdocument'
import { parseDocument, isMap, isSeq } from 'yaml'

export interface Problem {
  /** Relative to the checked root, with forward slashes. */
  file: string
  /** 1-based, in `file` (for a snippet: the line in the Markdown file). */
  line: number
  column: number
  severity: 'error' | 'warning'
  message: string
}

export interface CheckResult {
  problems: Problem[]
  /** What was checked, for the log: files and `file:line` of snippets. */
  checked: string[]
}

/** The name under which examples refer to this action (`taskmesh/taskmesh@v0`, `<owner>/taskmesh@v1`). */
const OWN_ACTION_NAME = 'taskmesh'

/** A document to validate and how its positions map back to the file a person edits. */
interface Source {
  file: string
  /** Text given to the language service (a snippet wrapped into a workflow). */
  text: string
  uri: string
  /** Lines added above the snippet by the wrapper, and the indentation added to each snippet line. */
  headerLines: number
  addedIndent: number
  /** 1-based line in `file` of the text's first snippet line, and the indentation removed from it. */
  firstLine: number
  removedIndent: number
  label: string
}

export async function checkRepository(root: string): Promise<CheckResult> {
  const problems: Problem[] = []
  const checked: string[] = []
  // The language service catches its own failures and returns no diagnostics: a crash must not look clean.
  const internal: string[] = []
  registerLogger({
    error: m => internal.push(m),
    warn: () => {},
    info: () => {},
    log: () => {}
  })

  const manifestPath = path.join(root, 'action.yml')
  if (!existsSync(manifestPath)) {
    problems.push({
      file: 'action.yml',
      line: 1,
      column: 1,
      severity: 'error',
      message: 'action.yml is missing'
    })
    return { problems, checked }
  }
  const manifestText = readFileSync(manifestPath, 'utf8')
  if (existsSync(path.join(root, 'action.yaml')))
    problems.push(at('action.yaml', 'both action.yml and action.yaml exist; the runner reads only one'))

  const own = ownActionMetadata(manifestText)
  const metadata: ActionsMetadataProvider = {
    async fetchActionMetadata(ref: ActionReference): Promise<ActionMetadata | undefined> {
      if (ref.name === OWN_ACTION_NAME && !ref.path) return own
      // Not ours: no manifest here. An empty inputs map would flag every input; `inputs` unset skips the check.
      return { name: `${ref.owner}/${ref.name}`, description: '' }
    }
  }

  const sources: Source[] = [plainSource(root, 'action.yml', manifestText)]
  for (const dir of ['.github/workflows', 'examples/workflows'])
    for (const name of listFiles(path.join(root, dir), /\.ya?ml$/)) {
      const file = `${dir}/${name}`
      sources.push(plainSource(root, file, readFileSync(path.join(root, file), 'utf8')))
    }
  const markdown = ['README.md', ...listMarkdown(root, 'docs')].filter(f => existsSync(path.join(root, f)))
  for (const file of markdown) {
    const { snippets, problems: found } = snippetSources(
      root,
      file,
      readFileSync(path.join(root, file), 'utf8')
    )
    sources.push(...snippets)
    problems.push(...found)
  }

  for (const source of sources) {
    checked.push(source.label)
    const before = internal.length
    const doc = TextDocument.create(source.uri, 'yaml', 1, source.text)
    const diagnostics = await validate(doc, { actionsMetadataProvider: metadata })
    for (const d of diagnostics) {
      // 1 = Error, 2 = Warning; information and hints (a cron schedule's description) are not problems.
      const severity =
        d.severity === undefined || d.severity === 1 ? 'error' : d.severity === 2 ? 'warning' : null
      if (!severity) continue
      problems.push({
        ...position(source, d.range.start.line, d.range.start.character),
        severity,
        message: typeof d.message === 'string' ? d.message : d.message.value
      })
    }
    for (const m of internal.slice(before))
      problems.push({
        ...at(source.file, `the language service failed on this file: ${m}`),
        line: source.firstLine
      })
  }

  problems.push(...manifestFacts(root, manifestText))
  problems.sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line || a.column - b.column)
  return { problems, checked }
}

export function formatProblem(p: Problem): string {
  return `${p.file}:${p.line}:${p.column}: ${p.severity}: ${p.message}`
}

function at(file: string, message: string): Problem {
  return { file, line: 1, column: 1, severity: 'error', message }
}

function plainSource(root: string, file: string, text: string): Source {
  return {
    file,
    text,
    uri: pathToFileURL(path.join(root, file)).href,
    headerLines: 0,
    addedIndent: 0,
    firstLine: 1,
    removedIndent: 0,
    label: file
  }
}

/** A diagnostic's 0-based position in the validated text → 1-based line and column in the edited file. */
function position(
  s: Source,
  line: number,
  character: number
): { file: string; line: number; column: number } {
  const inSnippet = line - s.headerLines
  // A problem in the wrapper itself (a missing required input reported on the wrapper's `uses:`): the fence.
  if (inSnippet < 0) return { file: s.file, line: s.firstLine - 1, column: 1 }
  return {
    file: s.file,
    line: s.firstLine + inSnippet,
    column: Math.max(1, character - s.addedIndent + s.removedIndent + 1)
  }
}

function listFiles(dir: string, pattern: RegExp): string[] {
  if (!existsSync(dir)) return []
  return readdirSync(dir)
    .filter(n => pattern.test(n) && statSync(path.join(dir, n)).isFile())
    .sort()
}

function listMarkdown(root: string, dir: string): string[] {
  const abs = path.join(root, dir)
  if (!existsSync(abs)) return []
  const out: string[] = []
  for (const entry of readdirSync(abs, { withFileTypes: true }).sort((a, b) =>
    a.name.localeCompare(b.name)
  )) {
    const rel = `${dir}/${entry.name}`
    if (entry.isDirectory()) out.push(...listMarkdown(root, rel))
    else if (entry.name.endsWith('.md')) out.push(rel)
  }
  return out
}

/** This repository's action.yml as the language service wants it, read by GitHub's action parser. */
function ownActionMetadata(text: string): ActionMetadata {
  const trace = new NoOperationTraceWriter()
  const parsed = parseAction({ name: 'action.yml', content: text }, trace)
  const template = parsed.value
    ? convertActionTemplate(parsed.context, parsed.value, { errorPolicy: ErrorPolicy.TryConversion })
    : undefined
  const inputs: NonNullable<ActionMetadata['inputs']> = {}
  for (const input of template?.inputs ?? [])
    inputs[input.id] = {
      description: input.description ?? '',
      required: input.required,
      default: input.default?.toString()
    }
  return { name: template?.name ?? 'taskmesh', description: template?.description ?? '', inputs }
}

/**
 * What the schema cannot know: the entry files of `runs` exist (a missing dist/index.js fails every job).
 * An expression in a description needs no rule of ours: the language service reports it
 * ("Unrecognized named-value", "A template expression is not allowed in this context").
 */
function manifestFacts(root: string, text: string): Problem[] {
  const problems: Problem[] = []
  const doc = parseDocument(text, { keepSourceTokens: true })
  const lineOf = (node: unknown): number => {
    const range = (node as { range?: [number, number, number] } | null)?.range
    return range ? text.slice(0, range[0]).split('\n').length : 1
  }
  const runs = doc.get('runs', true)
  if (isMap(runs)) {
    for (const key of ['main', 'pre', 'post']) {
      const node = runs.get(key, true)
      if (!node) continue
      const value = String((node as { value?: unknown }).value ?? '')
      if (!existsSync(path.join(root, value)))
        problems.push({
          file: 'action.yml',
          line: lineOf(node),
          column: 1,
          severity: 'error',
          message: `runs.${key} is ${value}, which does not exist (run npm run build)`
        })
    }
  }
  return problems
}

// A fence opens with 3+ backticks (its info string has none) or tildes; it closes with 3+ of the same, alone.
const FENCE = /^( *)(`{3,}(?=[^`]*$)|~{3,})\s*([A-Za-z0-9_-]*)/

/** The ```yaml blocks of a Markdown file, each as a document to validate. */
function snippetSources(
  root: string,
  file: string,
  text: string
): { snippets: Source[]; problems: Problem[] } {
  const lines = text.split(/\r?\n/)
  const snippets: Source[] = []
  const problems: Problem[] = []
  for (let i = 0; i < lines.length; i++) {
    const open = FENCE.exec(lines[i])
    if (!open) continue
    const [, indentText, marker, lang] = open
    let end = i + 1
    const closing = new RegExp(`^ *${marker[0]}{${marker.length},}\\s*$`)
    while (end < lines.length && !closing.test(lines[end])) end++
    const body = lines.slice(i + 1, end)
    const fenceLine = i + 1
    i = end
    if (lang !== 'yaml' && lang !== 'yml') continue
    const indent = indentText.length
    const dedented = body.map(l => l.slice(Math.min(indent, l.length - l.trimStart().length)))
    const kind = snippetKind(dedented.join('\n'))
    const base = {
      file,
      firstLine: fenceLine + 1,
      removedIndent: indent,
      label: `${file}:${fenceLine}`,
      uri: pathToFileURL(path.join(root, `${file}.L${fenceLine}.yml`)).href
    }
    if (kind === 'workflow')
      snippets.push({ ...base, text: dedented.join('\n'), headerLines: 0, addedIndent: 0 })
    else if (kind === 'steps') snippets.push(wrap(base, STEPS_HEADER, 6, dedented))
    else if (kind === 'with') snippets.push(wrap(base, WITH_HEADER, 8, dedented))
    else
      problems.push({
        file,
        line: fenceLine,
        column: 1,
        severity: 'error',
        message:
          'this ```yaml block is not a workflow, a list of steps or a `with:` map, so GitHub cannot check it; ' +
          'complete it, or fence it with another language (```text) if it is not workflow YAML'
      })
  }
  return { snippets, problems }
}

// A minimal workflow around a snippet; `workflow_dispatch` allows every context a step fragment uses.
const STEPS_HEADER = [
  'on: workflow_dispatch',
  'jobs:',
  '  snippet:',
  '    runs-on: ubuntu-latest',
  '    steps:'
]
const WITH_HEADER = [...STEPS_HEADER, '      - uses: taskmesh/taskmesh@v0']

function wrap(
  base: Omit<Source, 'text' | 'headerLines' | 'addedIndent'>,
  header: string[],
  indent: number,
  body: string[]
): Source {
  const pad = ' '.repeat(indent)
  return {
    ...base,
    text: [...header, ...body.map(l => (l.trim() ? pad + l : l))].join('\n'),
    headerLines: header.length,
    addedIndent: indent
  }
}

type SnippetKind = 'workflow' | 'steps' | 'with' | 'other'

function snippetKind(text: string): SnippetKind {
  const doc = parseDocument(text)
  // Unparseable YAML: let GitHub's parser say where (as a workflow, the most common block).
  if (doc.errors.length) return 'workflow'
  const root = doc.contents
  if (isMap(root)) {
    const keys = root.items.map(p => String((p.key as { value?: unknown }).value))
    if (keys.includes('jobs') || keys.includes('on')) return 'workflow'
    if (keys.length > 0 && keys.every(k => k === 'with' || k === 'env')) return 'with'
    return 'other'
  }
  if (
    isSeq(root) &&
    root.items.length > 0 &&
    root.items.every(s => isMap(s) && (s.has('uses') || s.has('run')))
  )
    return 'steps'
  return 'other'
}

// Run as a program (through scripts/run-ts.mjs, which sets argv[1] to this file).
if (process.argv[1] && path.basename(process.argv[1]) === 'check-workflows.ts') {
  const root = path.resolve(process.argv[2] ?? '.')
  const { problems, checked } = await checkRepository(root)
  for (const p of problems) console.log(formatProblem(p))
  console.log(
    `${problems.length ? `${problems.length} problem(s)` : 'no problems'} in ${checked.length} documents checked by GitHub's parser (${checked.join(', ')})`
  )
  process.exitCode = problems.length ? 1 : 0
}
