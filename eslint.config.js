import js from '@eslint/js'
import tseslint from 'typescript-eslint'

// The dependency rule (docs/architecture.md): which top-level folders of src/ each folder may import. The
// flow is inputs → taskfile → plan → engine → persist → report; action and cli sit on the modes, infra
// implements the engine's ports (engine/ports.ts), shared holds what every layer uses and imports nothing.
const FOLDERS = [
  'action',
  'cli',
  'modes',
  'inputs',
  'taskfile',
  'plan',
  'engine',
  'persist',
  'report',
  'infra',
  'shared'
]
const MAY_IMPORT = {
  action: ['modes', 'inputs', 'report', 'infra', 'shared'],
  cli: ['modes', 'inputs', 'taskfile', 'report', 'shared'],
  modes: ['inputs', 'taskfile', 'plan', 'engine', 'persist', 'report', 'infra', 'shared'],
  inputs: ['taskfile', 'shared'],
  taskfile: ['shared'],
  plan: ['taskfile', 'shared'],
  // The engine names outcomes in the words of report/outcome-words.ts (shared with the reports): that file
  // only, and no outside program — Claude, verify, git and files come in through its ports.
  engine: ['plan', 'taskfile', 'shared'],
  persist: ['engine', 'infra', 'taskfile', 'shared'],
  report: ['engine', 'plan', 'taskfile', 'inputs', 'shared'],
  infra: ['engine', 'taskfile', 'shared']
}
const layerRules = Object.entries(MAY_IMPORT).map(([folder, allowed]) => {
  const denied = FOLDERS.filter(f => f !== folder && !allowed.includes(f))
  const patterns = [
    {
      regex: `^(\\.\\./)+(${denied.join('|')})(/|$)`,
      message: `src/${folder}/ may import only ${allowed.map(f => `src/${f}/`).join(', ')} (docs/architecture.md).`
    }
  ]
  if (folder === 'engine')
    patterns[0].regex = `^(\\.\\./)+(${[...denied.filter(f => f !== 'report')].join('|')}|report/(?!outcome-words\\.js$))`
  // @actions/core is the runner's: the action alone talks to it. The GitHub API client sits behind infra/github.
  const paths =
    folder === 'action' ? [] : folder === 'infra' ? ['@actions/core'] : ['@actions/core', '@actions/github']
  if (['engine', 'plan', 'taskfile', 'report', 'shared'].includes(folder))
    paths.push('node:child_process', 'child_process')
  if (['engine', 'plan', 'report', 'shared'].includes(folder)) paths.push('node:fs', 'node:fs/promises', 'fs')
  return {
    files: [`src/${folder}/**/*.ts`],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: paths.map(name => ({
            name,
            message: `src/${folder}/ does not use ${name} (docs/architecture.md).`
          })),
          patterns
        }
      ]
    }
  }
})

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'coverage/', '.cache/', '**/.*.mjs'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly' } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      // The bundle is on every plan step's start-up path: zod's chained API (and its message locales) is
      // about 700 KB of it, zod/mini about 50 KB. `import { z }` names a namespace object that keeps all of
      // zod/mini's exports, locales included; `import * as z` lets the bundler drop what is unused.
      'no-restricted-syntax': [
        'error',
        {
          selector: "ImportDeclaration[source.value='zod']",
          message: "Use `import * as z from 'zod/mini'` (see src/taskfile/schema.ts)."
        },
        {
          selector: "ImportDeclaration[source.value='zod/mini'] > ImportSpecifier",
          message: "Use `import * as z from 'zod/mini'`: the `z` export keeps all of zod/mini in the bundle."
        }
      ]
    }
  },
  ...layerRules
)
