// docs/inputs.md documents every input and output of action.yml exactly, and action.yml's inputs and outputs
// are the code's tables (INPUT_DEFAULTS, OUTPUTS in src/inputs/table.ts), so the three cannot drift apart.
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { INPUT_DEFAULTS, OUTPUTS } from '../../src/inputs/table.js'

const root = path.resolve(import.meta.dirname, '../..')

interface Entry {
  name: string
  description: string
  default?: string
}

/** A YAML scalar as action.yml writes them: 'single' ('' is a quote), "double" (\" and \\), or plain. */
function scalar(raw: string): string {
  const s = raw.trim()
  if (s.startsWith("'") && s.endsWith("'") && s.length >= 2) return s.slice(1, -1).replace(/''/g, "'")
  if (s.startsWith('"') && s.endsWith('"') && s.length >= 2) return s.slice(1, -1).replace(/\\(["\\])/g, '$1')
  return s
}

/**
 * A small line-based reader for the `inputs:` and `outputs:` maps of action.yml: two-space keys, four-space
 * `description:` / `default:` / `required:` on one line each. Anything it does not understand fails the test
 * rather than being skipped.
 */
function parseActionYml(text: string): { inputs: Entry[]; outputs: Entry[] } {
  const sections: Record<string, Entry[]> = { inputs: [], outputs: [] }
  let section: Entry[] | null = null
  let current: Entry | null = null
  text.split(/\r?\n/).forEach((line, i) => {
    if (line.trim() === '' || line.trimStart().startsWith('#')) return
    const top = /^([A-Za-z-]+):\s*(.*)$/.exec(line)
    if (top) {
      section = sections[top[1]] ?? null
      current = null
      return
    }
    if (!section) return
    const key = /^ {2}([A-Za-z0-9_-]+):\s*$/.exec(line)
    if (key) {
      current = { name: key[1], description: '' }
      section.push(current)
      return
    }
    const field = /^ {4}(description|default|required):\s*(.+)$/.exec(line)
    if (field && current) {
      if (field[1] === 'description') current.description = scalar(field[2])
      if (field[1] === 'default') current.default = scalar(field[2])
      return
    }
    throw new Error(`action.yml line ${i + 1} is not understood by this test's reader: ${line}`)
  })
  return { inputs: sections.inputs, outputs: sections.outputs }
}

const action = parseActionYml(readFileSync(path.join(root, 'action.yml'), 'utf8'))
const readme = readFileSync(path.join(root, 'README.md'), 'utf8')
const read = (file: string) => readFileSync(path.join(root, file), 'utf8')

/** The README's table rows, keyed by the name in the first cell (`| \`name\` | …`). */
function tableRows(markdown: string): Map<string, string> {
  const rows = new Map<string, string>()
  for (const line of markdown.split('\n')) {
    const m = /^\| `([a-z0-9-]+)` \|/.exec(line)
    if (m && !rows.has(m[1])) rows.set(m[1], line.trim())
  }
  return rows
}

/** The section of a page under a `## ` heading, up to the next one. */
function section(file: string, heading: string): string {
  const text = read(file)
  const start = text.indexOf(`\n## ${heading}\n`)
  if (start < 0) throw new Error(`${file} has no "## ${heading}" section`)
  const end = text.indexOf('\n## ', start + 1)
  return text.slice(start, end < 0 ? undefined : end)
}

const cell = (text: string) => text.replace(/\|/g, '\\|')

describe('action.yml', () => {
  it('is read completely by the test reader', () => {
    expect(action.inputs.length).toBeGreaterThan(30)
    expect(action.outputs.length).toBeGreaterThan(10)
    for (const e of [...action.inputs, ...action.outputs]) expect(e.description, e.name).not.toBe('')
    for (const e of action.inputs) expect(e.default, e.name).toBeDefined()
  })

  it('has exactly the inputs of INPUT_DEFAULTS, with the same defaults', () => {
    expect(action.inputs.map(i => i.name).sort()).toEqual(Object.keys(INPUT_DEFAULTS).sort())
    for (const input of action.inputs) {
      const expected =
        input.name === 'github-token'
          ? '${{ github.token }}'
          : INPUT_DEFAULTS[input.name as keyof typeof INPUT_DEFAULTS]
      expect(input.default, input.name).toBe(expected)
    }
  })

  it('has exactly the outputs of OUTPUTS, with the same descriptions', () => {
    expect(action.outputs.map(o => o.name).sort()).toEqual(Object.keys(OUTPUTS).sort())
    for (const output of action.outputs)
      expect(output.description, output.name).toBe(OUTPUTS[output.name as keyof typeof OUTPUTS])
  })
})

describe('docs', () => {
  it('documents every input with its default and its action.yml description', () => {
    const rows = tableRows(section('docs/inputs.md', 'Inputs'))
    for (const input of action.inputs) {
      const def = input.default ? `\`${cell(input.default)}\`` : ''
      expect(rows.get(input.name), `input ${input.name}`).toBe(
        `| \`${input.name}\` | ${def} | ${cell(input.description)} |`
      )
    }
    expect([...rows.keys()].sort()).toEqual(action.inputs.map(i => i.name).sort())
  })

  it('documents every output with its action.yml description', () => {
    const rows = tableRows(section('docs/inputs.md', 'Outputs'))
    expect([...rows.keys()].sort()).toEqual(Object.keys(OUTPUTS).sort())
    for (const output of action.outputs) {
      expect(rows.get(output.name), `output ${output.name}`).toBe(
        `| \`${output.name}\` | ${cell(output.description)} |`
      )
    }
    expect([...rows.keys()].sort()).toEqual(action.outputs.map(o => o.name).sort())
  })

  it('keeps the two set-up commands in the README', () => {
    expect(readme).toContain('npm ci && npm run demo')
    expect(readme).toContain('npm ci && npm test')
  })

  it('links only to pages and anchors that exist', () => {
    const pages = ['README.md', ...readdirSync(path.join(root, 'docs')).map(f => `docs/${f}`)].filter(f =>
      f.endsWith('.md')
    )
    const slug = (heading: string) =>
      heading
        .trim()
        .toLowerCase()
        .replace(/[^\p{L}\p{N} _-]/gu, '')
        .replace(/ /g, '-')
    const anchorsOf = (file: string) =>
      new Set(
        read(file)
          .split('\n')
          .filter(l => /^#{1,6} /.test(l))
          .map(l => slug(l.replace(/^#+ /, '')))
      )
    const broken: string[] = []
    for (const page of pages) {
      for (const m of read(page).matchAll(/\]\(([^)\s]+)\)/g)) {
        const link = m[1]
        if (/^[a-z]+:/.test(link)) continue
        const [target, anchor] = link.split('#')
        const file = target ? path.posix.normalize(path.posix.join(path.posix.dirname(page), target)) : page
        if (!existsSync(path.join(root, file))) broken.push(`${page}: ${link} (no such file)`)
        else if (anchor && file.endsWith('.md') && !anchorsOf(file).has(anchor))
          broken.push(`${page}: ${link} (no such heading)`)
      }
    }
    expect(broken).toEqual([])
  })

  it('documents every field of the task.json schema', async () => {
    const { TaskSchema, TaskFileSchema } = (await import('../../src/taskfile/schema.js')).taskFileSchemas()
    const reference = read('docs/task-file.md')
    for (const field of [...Object.keys(TaskFileSchema.shape), ...Object.keys(TaskSchema.shape)])
      expect(reference, field).toContain(`\`${field}\``)
  })
})
