// Builds other shapes of the action's bundle, for bench/action-startup.bench.ts (--baseline), to see what
// the shape of dist/ costs a cold `mode: plan`. They are measuring aids, not bundles to ship: the
// plan-path-only ones leave every dynamic import (the other modes) unresolved, and `all-in-one` replaces the
// GitHub client and the sandbox runtime with stubs.
//
//   node bench/startup-variants.mjs OUT
//   node scripts/run-ts.mjs bench/action-startup.bench.ts --cases small --runs 21 \
//     --baseline OUT/plan-esm/dist/index.js --baseline OUT/plan-cjs/dist/index.cjs ...
import { build } from 'esbuild'
import { mkdir, rm, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { pureHttpClient } from '../scripts/esbuild-plugins.mjs'

const out = process.argv[2]
if (!out) throw new Error('usage: node bench/startup-variants.mjs OUT')
await rm(out, { recursive: true, force: true })

// The plan path alone: dynamic imports stay imports (of files that are not there; plan never reaches them).
const dynamicExternal = {
  name: 'dynamic-external',
  setup(b) {
    b.onResolve({ filter: /.*/ }, a =>
      a.kind === 'dynamic-import' ? { path: a.path, external: true } : undefined
    )
  }
}
const stubLibraries = {
  name: 'stub-libraries',
  setup(b) {
    b.onResolve({ filter: /^(@actions\/github|@anthropic-ai\/sandbox-runtime)$/ }, a => ({
      path: a.path,
      namespace: 'stub'
    }))
    b.onLoad({ filter: /.*/, namespace: 'stub' }, () => ({
      contents:
        'export const getOctokit = () => {}; export const context = {}; export class SandboxManager {}',
      loader: 'js'
    }))
  }
}
const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  legalComments: 'none',
  logLevel: 'warning'
}
const esmBanner = {
  js: "import { createRequire as __taskmeshCreateRequire } from 'node:module';\nconst require = __taskmeshCreateRequire(import.meta.url);"
}

// CommonJS has no top-level await: an entry of its own.
const entry = path.join(out, 'entry.ts')
await mkdir(out, { recursive: true })
await writeFile(entry, `import { run } from '${path.resolve('src/action/main.ts')}'\nvoid run()\n`)

// One ES module holding the plan path (what dist/ spreads over the entry and five chunks).
await build({
  ...common,
  entryPoints: [entry],
  outfile: path.join(out, 'plan-esm/dist/index.js'),
  format: 'esm',
  banner: esmBanner,
  plugins: [dynamicExternal, pureHttpClient]
})
// The same as one CommonJS file (Node's CommonJS loader instead of its ES module loader).
await build({
  ...common,
  entryPoints: [entry],
  outfile: path.join(out, 'plan-cjs/dist/index.cjs'),
  format: 'cjs',
  plugins: [dynamicExternal, pureHttpClient]
})
// dist/ as it is, but the action's entry bundled alone (without the local command's): fewer, larger chunks.
await build({
  ...common,
  entryPoints: { index: 'src/action/index.ts' },
  outdir: path.join(out, 'action-split/dist'),
  splitting: true,
  chunkNames: 'chunks/[name]-[hash]',
  format: 'esm',
  banner: esmBanner,
  plugins: [pureHttpClient]
})
// All of our code in one file, every mode included (the two large libraries stubbed out).
await build({
  ...common,
  entryPoints: ['src/action/index.ts'],
  outfile: path.join(out, 'all-in-one/dist/index.js'),
  format: 'esm',
  banner: esmBanner,
  plugins: [stubLibraries, pureHttpClient]
})
console.log(`built plan-esm, plan-cjs, action-split and all-in-one under ${out}`)
