// Stands in for @anthropic-ai/sandbox-runtime's whichSync, which under Node runs `which <bin>` as a child
// process, synchronously: on every wrapped command it asks for the shell that way, blocking the action's
// event loop for a fork and a `sh` start (about 8 ms a contained command, CPU profile in docs/benchmarks.md).
// This is the same lookup in the process: a name with a slash as it is, anything else in each folder of PATH
// in order (an empty entry is the current folder, as for `which`); the first regular file this user may run,
// named as `which` prints it (folder, a slash, the name: not normalised).
import { accessSync, constants, statSync } from 'node:fs'
import path from 'node:path'

export function whichSync(bin) {
  const candidates = bin.includes('/')
    ? [bin]
    : (process.env.PATH ?? '').split(path.delimiter).map(dir => `${dir || '.'}/${bin}`)
  for (const file of candidates) {
    try {
      if (!statSync(file).isFile()) continue
      accessSync(file, constants.X_OK)
      return file
    } catch {
      // Not there, or not executable: the next folder.
    }
  }
  return null
}
