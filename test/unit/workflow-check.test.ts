// GitHub's own parser (@actions/languageservice, @actions/workflow-parser) over the manifest, the workflows and
// the documentation's YAML, run as `npm run check-workflows` runs it: scripts/check-workflows.ts, bundled.
import { spawnSync } from 'node:child_process'
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { ROOT } from '../support/action.js'

function check(root: string): { status: number | null; out: string; problems: string[] } {
  const r = spawnSync(
    process.execPath,
    ['scripts/run-ts.mjs', '--bundle', 'scripts/check-workflows.ts', root],
    { cwd: ROOT, encoding: 'utf8' }
  )
  const out = r.stdout + r.stderr
  return { status: r.status, out, problems: r.stdout.split('\n').filter(l => /^\S+:\d+:\d+: /.test(l)) }
}

const manifest = readFileSync(path.join(ROOT, 'action.yml'), 'utf8')
const temps: string[] = []
afterAll(() => temps.forEach(d => rmSync(d, { recursive: true, force: true })))

/** A repository with this action.yml (edited), its entry file, and the given files. */
function fixture(files: Record<string, string>, edit: (m: string) => string = m => m): string {
  const root = mkdtempSync(path.join(os.tmpdir(), 'taskmesh-wfcheck-'))
  temps.push(root)
  mkdirSync(path.join(root, 'dist'))
  writeFileSync(path.join(root, 'dist/index.js'), '')
  writeFileSync(path.join(root, 'action.yml'), edit(manifest))
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(root, file)), { recursive: true })
    writeFileSync(path.join(root, file), text)
  }
  return root
}

const lineOf = (text: string, needle: string) => text.split('\n').findIndex(l => l.includes(needle)) + 1

describe('GitHub parser check', () => {
  it('finds nothing in this repository: action.yml, the workflows, the README and docs snippets', () => {
    const r = check(ROOT)
    expect(r.problems, r.out).toEqual([])
    expect(r.status, r.out).toBe(0)
    for (const file of [
      'action.yml',
      '.github/workflows/ci.yml',
      'examples/workflows/fan-out.yml',
      'examples/workflows/run.yml'
    ])
      expect(r.out).toContain(file)
    // Every ```yaml block of the README and docs/ was checked (none was skipped as "not a workflow").
    const markdown = ['README.md', ...readdirSync(path.join(ROOT, 'docs')).map(f => `docs/${f}`)].filter(f =>
      f.endsWith('.md')
    )
    const blocks = markdown.flatMap(file =>
      readFileSync(path.join(ROOT, file), 'utf8')
        .split('\n')
        .flatMap((l, i) => (/^\s*```ya?ml\s*$/.test(l) ? [`${file}:${i + 1}`] : []))
    )
    expect(blocks.length).toBeGreaterThan(5)
    expect(blocks.some(b => b.startsWith('README.md:'))).toBe(true)
    for (const b of blocks) expect(r.out).toContain(b)
  })

  it('reports the expression in a description that stopped the action loading on a runner', () => {
    // action.yml as it was before the fix: the runner failed with exactly this message and position.
    const root = fixture({}, m =>
      m.replace(
        'Comma-separated task ids to run (in a matrix fan-out: `matrix.task`)',
        'Comma-separated task ids to run (for example `${{ matrix.task }}`)'
      )
    )
    const r = check(root)
    expect(r.status).toBe(1)
    const line = lineOf(readFileSync(path.join(root, 'action.yml'), 'utf8'), '${{ matrix.task }}')
    expect(r.problems).toEqual([`action.yml:${line}:65: error: Unrecognized named-value: 'matrix'`])
  })

  it('catches planted mistakes with the file and line: a description expression, misspelt inputs', () => {
    const workflow = [
      'on: push',
      'jobs:',
      '  run:',
      '    runs-on: ubuntu-latest',
      '    steps:',
      '      - uses: actions/checkout@v4',
      '      - uses: taskmesh/taskmesh@v0',
      '        with:',
      '          anthropic-api-kye: ${{ secrets.ANTHROPIC_API_KEY }}',
      ''
    ].join('\n')
    const readme = [
      '# Demo',
      // Not a fence (a backtick fence's info string has no backticks): the blocks below are still found.
      '```` ```yaml ```` blocks are checked:',
      '1. Add a step:',
      '',
      '   ```yaml',
      '   - uses: taskmesh/taskmesh@v0',
      '     with:',
      '       modee: plan',
      '   ```',
      '',
      '```yaml',
      'with:',
      '  max-turn: 3',
      '```',
      '',
      '```yaml',
      'retries: 3',
      '```',
      '',
      '```json',
      '{"not": "checked"}',
      '```',
      ''
    ].join('\n')
    const root = fixture(
      {
        '.github/workflows/taskmesh.yml': workflow,
        'docs/guide/usage.md': '```yaml\non: push\njobs:\n  a:\n    steps: []\n```\n',
        'README.md': readme
      },
      m =>
        m
          .replace(
            'Token used to push and to open the pull request.',
            'Token (${{ github.token }}) used to push.'
          )
          .replace("main: 'dist/index.js'", "main: 'dist/main.js'")
    )
    const r = check(root)
    expect(r.status).toBe(1)
    const action = readFileSync(path.join(root, 'action.yml'), 'utf8')
    expect(r.problems).toEqual([
      expect.stringMatching(
        /^\.github\/workflows\/taskmesh\.yml:9:11: error: Invalid action input 'anthropic-api-kye'$/
      ),
      `action.yml:${lineOf(action, '(${{ github.token }})')}:26: error: Unrecognized named-value: 'github'`,
      `action.yml:${lineOf(action, 'dist/main.js')}:1: error: runs.main is dist/main.js, which does not exist (run npm run build)`,
      'docs/guide/usage.md:5:5: error: Required property is missing: runs-on',
      "README.md:8:8: error: Invalid action input 'modee'",
      "README.md:13:3: error: Invalid action input 'max-turn'",
      expect.stringMatching(/^README\.md:16:1: error: this ```yaml block is not a workflow/)
    ])
  })

  it('reports a missing required input and any expression in a description', () => {
    const root = fixture(
      {
        'examples/workflows/a.yml':
          'on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: taskmesh/taskmesh@v0\n'
      },
      m =>
        m
          .replace(
            "description: 'Most tasks to run in this run. Empty: no limit.'",
            "description: 'Most tasks (${{ 3 }}).'"
          )
          .replace(
            "  request-file:\n    description: 'For `mode: decompose`: a file in the repository holding the request.'\n    required: false",
            "  request-file:\n    description: 'For `mode: decompose`: a file in the repository holding the request.'\n    required: true"
          )
          .replace(/( {2}request-file:\n(?:.*\n){2}) {4}default: ''\n/, '$1')
    )
    const r = check(root)
    expect(r.status).toBe(1)
    const action = readFileSync(path.join(root, 'action.yml'), 'utf8')
    expect(r.problems).toEqual([
      `action.yml:${lineOf(action, '${{ 3 }}')}:18: error: A template expression is not allowed in this context`,
      'examples/workflows/a.yml:6:9: error: Missing required input `request-file`'
    ])
  })

  it('rejects a branding GitHub Marketplace does not have and a runtime the runner does not know', () => {
    const root = fixture({}, m =>
      m
        .replace("icon: 'git-pull-request'", "icon: 'rocket-ship'")
        .replace("color: 'purple'", "color: 'pink'")
        .replace("using: 'node24'", "using: 'node22'")
    )
    const r = check(root)
    expect(r.status).toBe(1)
    const action = readFileSync(path.join(root, 'action.yml'), 'utf8')
    expect(r.problems).toEqual([
      `action.yml:${lineOf(action, 'rocket-ship')}:9: error: Unexpected value 'rocket-ship'`,
      `action.yml:${lineOf(action, "'pink'")}:10: error: Unexpected value 'pink'`,
      `action.yml:${lineOf(action, 'node22')}:10: error: Unexpected value 'node22'`
    ])
  })

  it('fails loudly when action.yml is missing', () => {
    const root = mkdtempSync(path.join(os.tmpdir(), 'taskmesh-wfcheck-'))
    temps.push(root)
    cpSync(path.join(ROOT, 'examples'), path.join(root, 'examples'), { recursive: true })
    const r = check(root)
    expect(r.status).toBe(1)
    expect(r.problems).toEqual(['action.yml:1:1: error: action.yml is missing'])
  })
})
