// Bundles the action (dist/index.js) and the local command (dist/cli.js) as ESM for Node 20+.
// The output must be deterministic: CI rebuilds it and fails when it differs from the committed dist/.
import { build } from 'esbuild'
import { chmod, readFile, rm, writeFile } from 'node:fs/promises'

// Some bundled CommonJS dependencies call require() for Node built-ins; give ESM a real require.
const banner = {
  js: "import { createRequire as __taskmeshCreateRequire } from 'node:module';\nconst require = __taskmeshCreateRequire(import.meta.url);"
}

await rm('dist', { recursive: true, force: true })
// One ESM build of both entries with code splitting: the modes load their modules (and the GitHub API
// client) on demand, so a plan step starts fast. Chunk names carry a content hash: stable across builds.
await build({
  entryPoints: { index: 'src/index.ts', cli: 'src/cli.ts' },
  outdir: 'dist',
  bundle: true,
  splitting: true,
  chunkNames: 'chunks/[name]-[hash]',
  platform: 'node',
  format: 'esm',
  target: 'node20',
  legalComments: 'none',
  banner,
  logLevel: 'warning'
})
// The local command is started as a program: give it its shebang.
const cli = await readFile('dist/cli.js', 'utf8')
await writeFile('dist/cli.js', `#!/usr/bin/env node\n${cli}`)
await chmod('dist/cli.js', 0o755)
