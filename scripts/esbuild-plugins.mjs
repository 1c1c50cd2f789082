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
