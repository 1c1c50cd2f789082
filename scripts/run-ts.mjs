// Runs a TypeScript entry (a demo or a benchmark) on plain Node: bundles it with esbuild to a temp file
// next to it, imports it, and removes the file. Dependencies stay external (node_modules).
import { build } from 'esbuild'
import { rm } from 'node:fs/promises'
import path from 'node:path'
import { pathToFileURL } from 'node:url'

const [entry, ...args] = process.argv.slice(2)
if (!entry) {
  console.error('usage: node scripts/run-ts.mjs <file.ts> [args…]')
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
  packages: 'external',
  logLevel: 'warning'
})
process.argv = [process.argv[0], entry, ...args]
try {
  await import(pathToFileURL(out).href)
} finally {
  await rm(out, { force: true })
}
