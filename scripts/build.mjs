// Bundles the action (dist/index.js) and the local command (dist/cli.js) as ESM for Node 20+.
// The output must be deterministic: CI rebuilds it and fails when it differs from the committed dist/.
import { build } from 'esbuild'
import { chmod, copyFile, mkdir, readFile, rm, writeFile } from 'node:fs/promises'
import { pureHttpClient } from './esbuild-plugins.mjs'

// Some bundled CommonJS dependencies call require() for Node built-ins; give ESM a real require.
const banner = {
  js: "import { createRequire as __taskmeshCreateRequire } from 'node:module';\nconst require = __taskmeshCreateRequire(import.meta.url);"
}

await rm('dist', { recursive: true, force: true })
// One ESM build of both entries with code splitting: the modes load their modules (and the GitHub API
// client) on demand, so a plan step starts fast. Chunk names carry a content hash: stable across builds.
await build({
  entryPoints: { index: 'src/action/index.ts', cli: 'src/cli/main.ts' },
  outdir: 'dist',
  bundle: true,
  splitting: true,
  chunkNames: 'chunks/[name]-[hash]',
  platform: 'node',
  format: 'esm',
  target: 'node20',
  legalComments: 'none',
  banner,
  plugins: [pureHttpClient],
  logLevel: 'warning'
})
// The local command is started as a program: give it its shebang.
const cli = await readFile('dist/cli.js', 'utf8')
await writeFile('dist/cli.js', `#!/usr/bin/env node\n${cli}`)
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
