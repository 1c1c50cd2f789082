// Runs a TypeScript entry (a demo, a benchmark, a check) on plain Node: bundles it with esbuild to a temp file
// next to it, imports it, and removes the file. Dependencies stay external (node_modules), unless `--bundle`
// comes first: then they are bundled too (for packages whose files plain Node cannot import, such as
// @actions/workflow-parser's JSON imports without an import attribute).
import { build } from 'esbuild'
import { rm } from 'node:fs/promises'
import path from 'node:path'
import { pathToFileURL } from 'node:url'

const bundleDeps = process.argv[2] === '--bundle'
const [entry, ...args] = process.argv.slice(bundleDeps ? 3 : 2)
if (!entry) {
  console.error('usage: node scripts/run-ts.mjs [--bundle] <file.ts> [args…]')
  process.exit(2)
}
const out = path.join(path.dirname(path.resolve(entry)), `.${path.basename(entry, '.ts')}.${process.pid}.mjs`)
await build({
  entryPoints: [entry],
  outfile: out,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  packages: bundleDeps ? undefined : 'external',
  // Bundled CommonJS dependencies may require() Node built-ins: give the ESM bundle a real require.
  banner: bundleDeps
    ? {
        js: "import { createRequire as __runTsRequire } from 'node:module'; const require = __runTsRequire(import.meta.url);"
      }
    : undefined,
  logLevel: 'warning'
})
process.argv = [process.argv[0], entry, ...args]
try {
  await import(pathToFileURL(out).href)
} finally {
  await rm(out, { force: true })
}
