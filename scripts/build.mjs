// Bundles the action (dist/index.js) and the local command (dist/cli.js) for Node 20+, as CommonJS.
// The output must be deterministic: CI rebuilds it and fails when it differs from the committed dist/.
import { build, transform } from 'esbuild'
import { chmod, copyFile, mkdir, rm, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { builtinModules } from 'node:module'
import {
  coreDelimiter,
  inProcessWhich,
  toolkitWithoutFsPromises,
  pureHttpClient
} from './esbuild-plugins.mjs'
import { mergeStartupChunks } from './startup-chunk.mjs'

const builtins = new Set(builtinModules.flatMap(m => [m, `node:${m}`]))

/**
 * esbuild's CommonJS gives a namespace or default import (`import * as fs from 'node:fs'`, and every require
 * of a built-in in the ES build of @actions/core) `__toESM(require(...))`: a new object with a getter for
 * each of the module's exports, about 100 for fs, made again in every file that imports it. For a built-in
 * an object that inherits from the module and adds `default` reads the same (every export, live, and the
 * module as `default`) at no cost per export: about 2 ms of a cold step on Node 24 (docs/benchmarks.md).
 */
function leanBuiltinImports(code) {
  let used = false
  const out = code.replace(/__toESM\(require\("([^"]+)"\)\)/g, (call, id) => {
    if (!builtins.has(id)) return call
    used = true
    return `__builtinNamespace(require("${id}"))`
  })
  return used
    ? 'var __builtinNamespace = (m) => Object.create(m, { default: { value: m, enumerable: true } });\n' + out
    : out
}

await rm('dist', { recursive: true, force: true })
// One ESM build of both entries with code splitting: the modes load their modules (and the GitHub API
// client) on demand, so a plan step starts fast. Chunk names carry a content hash: stable across builds.
const { outputFiles } = await build({
  entryPoints: { index: 'src/action/index.ts', cli: 'src/cli/main.ts' },
  outdir: 'dist',
  bundle: true,
  splitting: true,
  chunkNames: 'chunks/[name]-[hash]',
  platform: 'node',
  format: 'esm',
  target: 'node20',
  legalComments: 'none',
  plugins: [pureHttpClient, coreDelimiter, toolkitWithoutFsPromises, inProcessWhich],
  logLevel: 'warning',
  write: false
})
// Then every file of that split, as it is, turned into CommonJS (imports into require, `import()` into a
// require when called). Node starts CommonJS for less than ES modules: no ESM loader to resolve, link and
// translate each file, and `require('node:fs')` does not load fs/promises, readline and the streams the way
// an `import` of node:fs does (its ES facade reads every export). Together with node:crypto left out, about a
// tenth of a cold plan step (docs/benchmarks.md). dist/package.json says the files are CommonJS.
let files = new Map()
for (const file of outputFiles) {
  const name = path.relative('dist', file.path)
  const { code } = await transform(file.text, {
    format: 'cjs',
    platform: 'node',
    target: 'node20',
    supported: { 'dynamic-import': false },
    // The sandbox runtime and src/infra/sandbox find their helpers next to the module that runs.
    define: { 'import.meta.url': '__taskmeshModuleUrl' },
    sourcefile: name,
    charset: 'ascii',
    logLevel: 'warning'
  })
  // esbuild escapes every non-ASCII character (charset: ascii) except in the comments it keeps (in arrays,
  // objects, class bodies); one such character makes V8 hold and scan the whole file as two-byte text.
  const ascii = code.replace(/[\u0080-\uffff]/g, c => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)
  const moduleUrl = code.includes('__taskmeshModuleUrl')
    ? 'const __taskmeshModuleUrl = require("node:url").pathToFileURL(__filename).href;\n'
    : ''
  // ES modules are strict code; the CommonJS copy must be too.
  files.set(name, `"use strict";\n${moduleUrl}${leanBuiltinImports(ascii)}`)
}
files = mergeStartupChunks(files, 'index.js', 'chunks/startup.js')
for (const [name, code] of files) {
  const shebang = name === 'cli.js' ? '#!/usr/bin/env node\n' : ''
  await mkdir(path.dirname(path.join('dist', name)), { recursive: true })
  await writeFile(path.join('dist', name), shebang + code)
}
await writeFile('dist/package.json', '{ "type": "commonjs" }\n')
// The local command is started as a program.
await chmod('dist/cli.js', 0o755)
// The sandbox runtime's seccomp helper (it blocks Unix sockets and nested user namespaces inside the
// sandbox) is a prebuilt binary the library finds next to itself; bundled, it is looked for next to dist/.
for (const arch of ['x64', 'arm64']) {
  const from = `node_modules/@anthropic-ai/sandbox-runtime/vendor/seccomp/${arch}/apply-seccomp`
  await mkdir(`dist/vendor/seccomp/${arch}`, { recursive: true })
  await copyFile(from, `dist/vendor/seccomp/${arch}/apply-seccomp`)
  await chmod(`dist/vendor/seccomp/${arch}/apply-seccomp`, 0o755)
}
// Its JVM agent (12 KB) points Java tools in the sandbox at the proxy; found next to the chunks the same way.
await mkdir('dist/vendor/java-proxy-agent', { recursive: true })
await copyFile(
  'node_modules/@anthropic-ai/sandbox-runtime/vendor/java-proxy-agent/srt-proxy-agent.jar',
  'dist/vendor/java-proxy-agent/srt-proxy-agent.jar'
)
