// Bundles the action (dist/index.js) and the local command (dist/cli.js) as ESM for Node 20+.
// The output must be deterministic: CI rebuilds it and fails when it differs from the committed dist/.
import { build } from 'esbuild'
import { chmod, rm } from 'node:fs/promises'

// Some bundled CommonJS dependencies call require() for Node built-ins; give ESM a real require.
const banner = {
  js: "import { createRequire as __taskmeshCreateRequire } from 'node:module';\nconst require = __taskmeshCreateRequire(import.meta.url);"
}

await rm('dist', { recursive: true, force: true })
const common = {
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  legalComments: 'none',
  banner,
  logLevel: 'warning'
}
await build({ ...common, entryPoints: ['src/index.ts'], outfile: 'dist/index.js' })
await build({
  ...common,
  entryPoints: ['src/cli.ts'],
  outfile: 'dist/cli.js',
  banner: { js: '#!/usr/bin/env node\n' + banner.js }
})
await chmod('dist/cli.js', 0o755)
