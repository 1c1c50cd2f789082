import { fileURLToPath } from 'node:url'

// @actions/core imports its OIDC client, and with it @actions/http-client and undici (about 800 KB), at the
// top of every module that uses core. Nothing here asks for an OIDC token, so those imports are declared free
// of side effects: esbuild then leaves them out unless a module really uses them (the GitHub API client does,
// and loads them itself, only in the modes that talk to GitHub).
export const pureHttpClient = {
  name: 'pure-http-client',
  setup(b) {
    b.onResolve({ filter: /^@actions\/http-client(\/.*)?$/ }, async args => {
      if (args.pluginData?.pure) return undefined
      const resolved = await b.resolve(args.path, {
        kind: args.kind,
        resolveDir: args.resolveDir,
        importer: args.importer,
        pluginData: { pure: true }
      })
      return { ...resolved, sideEffects: false }
    })
  }
}

// @actions/core's file commands import node:crypto for the delimiter of each value they write; the shim
// (scripts/shims/core-delimiter.mjs, which says why that is safe) keeps node:crypto out of the steps that
// need nothing else of it, such as every `mode: plan`.
export const coreDelimiter = {
  name: 'core-delimiter',
  setup(b) {
    b.onResolve({ filter: /^(node:)?crypto$/ }, args =>
      /[\\/]@actions[\\/]core[\\/]lib[\\/]file-command\.js$/.test(args.importer)
        ? { path: fileURLToPath(new URL('./shims/core-delimiter.mjs', import.meta.url)) }
        : undefined
    )
  }
}

// Two toolkit modules take `fs.promises` at their top level, which loads Node's promise fs (readline and the
// stream modules come with it) into every step, about 1 ms of each cold start: @actions/core's summary (the
// action writes the job summary itself, src/action/step-summary.ts) and @actions/io's helpers (reached from
// core through @actions/exec, which the action does not use). Declared free of side effects, they are left
// out unless a module really uses them.
const FS_PROMISES_AT_IMPORT = /[\\/]@actions[\\/](core[\\/]lib[\\/]summary|io[\\/]lib[\\/]io-util)\.js$/
export const toolkitWithoutFsPromises = {
  name: 'toolkit-without-fs-promises',
  setup(b) {
    b.onResolve({ filter: /(^|\/)(summary|io-util)(\.js)?$/ }, async args => {
      if (args.pluginData?.toolkit) return undefined
      const resolved = await b.resolve(args.path, {
        kind: args.kind,
        resolveDir: args.resolveDir,
        importer: args.importer,
        pluginData: { toolkit: true }
      })
      return FS_PROMISES_AT_IMPORT.test(resolved.path) ? { ...resolved, sideEffects: false } : resolved
    })
  }
}

// @anthropic-ai/sandbox-runtime looks programs up by running `which` (spawnSync) on every wrapped command;
// scripts/shims/which.mjs does the same lookup without a child process.
export const inProcessWhich = {
  name: 'in-process-which',
  setup(b) {
    b.onResolve({ filter: /(^|\/)utils\/which\.js$/ }, args =>
      /[\\/]@anthropic-ai[\\/]sandbox-runtime[\\/]/.test(args.importer)
        ? { path: fileURLToPath(new URL('./shims/which.mjs', import.meta.url)) }
        : undefined
    )
  }
}
