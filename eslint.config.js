import js from '@eslint/js'
import tseslint from 'typescript-eslint'

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
  }
)
