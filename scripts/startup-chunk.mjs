// The chunks the action's entry requires at start, merged into one file (used by scripts/build.mjs).
//
// esbuild splits by which entries and dynamic imports reach a module, so the modules every action step loads
// arrive in seven small chunks (settings, the task file, the plan and the summary, the log, redaction, …), and
// Node pays a resolve, a read, a package.json lookup and a compile for each: about 2 ms of a cold plan step on
// Node 24 (docs/benchmarks.md). Each of those chunks is loaded in every action step anyway (the entry needs
// it), so one file costs the action nothing it did not pay already. Every chunk keeps its own scope: its
// CommonJS body becomes a function in a table, run the first time something asks for it, in the same order
// `require` would have run it. Files outside the merge (the mode chunks, the local command) ask the merged
// file's table for what they required before.
import path from 'node:path'

const STATIC_REQUIRE = /^var \w+ = require\("(\.\.?\/[^"]+)"\);$/gm
const ANY_REQUIRE = /require\("(\.\.?\/[^"]+)"\)/g

/**
 * `files` maps each output path relative to dist/ (`index.js`, `chunks/chunk-X.js`) to its CommonJS text,
 * each starting with `"use strict";`. Returns the new map: the chunks `entry` requires at its top level
 * (and, in turn, theirs) gone, `merged` in their place, every require of them rewritten.
 */
export function mergeStartupChunks(files, entry, merged) {
  const resolve = (from, rel) => path.posix.join(path.posix.dirname(from), rel)
  const startup = new Set()
  const visit = name => {
    for (const [, rel] of files.get(name).matchAll(STATIC_REQUIRE)) {
      const dep = resolve(name, rel)
      if (!files.has(dep)) throw new Error(`${name} requires ${rel}, which the build did not write`)
      if (dep === entry || startup.has(dep)) continue
      startup.add(dep)
      visit(dep)
    }
  }
  visit(entry)
  if (startup.size < 2) return files
  for (const name of startup) {
    if (path.posix.dirname(name) !== path.posix.dirname(merged))
      throw new Error(`${name} is not beside ${merged}: its own __dirname would change`)
  }
  const key = name => JSON.stringify(path.posix.basename(name))
  const rewrite = (name, code) =>
    code.replace(ANY_REQUIRE, (call, rel) => {
      const target = resolve(name, rel)
      if (!startup.has(target)) return call
      if (startup.has(name)) return `__startupChunk(${key(target)})`
      let toMerged = path.posix.relative(path.posix.dirname(name), merged)
      if (!toMerged.startsWith('.')) toMerged = `./${toMerged}`
      return `require(${JSON.stringify(toMerged)})(${key(target)})`
    })
  // Parenthesised, so V8 compiles each body at once instead of pre-parsing it and parsing it again when run.
  const bodies = [...startup].map(name => {
    const body = rewrite(name, files.get(name)).replace(/^"use strict";\n/, '')
    return `${key(name)}: (function (module, exports) {\n${body}\n})`
  })
  const table = `"use strict";
// The chunks every start of the action loads (scripts/startup-chunk.mjs), each run once, when first asked for.
var __startupBodies = {
${bodies.join(',\n')}
};
var __startupModules = {};
function __startupChunk(name) {
  var loaded = __startupModules[name];
  if (loaded) return loaded.exports;
  loaded = __startupModules[name] = { exports: {} };
  __startupBodies[name].call(loaded.exports, loaded, loaded.exports);
  return loaded.exports;
}
module.exports = __startupChunk;
`
  const out = new Map()
  for (const [name, code] of files) if (!startup.has(name)) out.set(name, rewrite(name, code))
  out.set(merged, table)
  return out
}
