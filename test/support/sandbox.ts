/**
 * Tests that need the sandbox (bubblewrap, socat, ripgrep and user namespaces) must not pass quietly where
 * it is missing: in CI (CI=true) they fail, locally they are skipped with a line saying what to install.
 */
import { spawnSync } from 'node:child_process'
import { mkdtempSync, readdirSync, symlinkSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { describe, it } from 'vitest'
import { BWRAP_PROBE_ARGS, INSTALL_HINT, onPath, probeRefusal, TOOLS } from '../../src/infra/sandbox/host.js'

/** Why the sandbox cannot run here, or undefined when it can. */
export function sandboxMissing(): string | undefined {
  if (process.platform !== 'linux') return `the sandbox needs Linux (this is ${process.platform})`
  const missing = TOOLS.filter(t => !onPath(t.bin, process.env)).map(t => t.pkg)
  if (missing.length) return `${missing.join(', ')} not installed (${INSTALL_HINT})`
  // Synchronous (the describe blocks are made at import), with the namespaces probeBwrap asks for.
  const r = spawnSync(onPath('bwrap', process.env)!, [...BWRAP_PROBE_ARGS], { encoding: 'utf8' })
  const refusal = probeRefusal({ status: r.status, stdout: r.stdout ?? '', stderr: r.stderr ?? '' })
  return refusal ? `bubblewrap cannot create namespaces here: ${refusal}` : undefined
}

/**
 * `describe` for tests that need the sandbox: runs them when it works; otherwise fails in CI and skips
 * locally, printing why and what to install.
 */
export function describeWithSandbox(name: string, fn: () => void): void {
  const missing = sandboxMissing()
  if (!missing) {
    describe(name, fn)
    return
  }
  if (process.env.CI === 'true') {
    describe(name, () => {
      it('needs the sandbox', () => {
        throw new Error(`${missing}: .ci/run installs it; these tests must run in CI`)
      })
    })
    return
  }
  console.warn(`SKIPPED "${name}": ${missing}. Install with: ${INSTALL_HINT}`)
  describe.skip(name, fn)
}

/**
 * A PATH like the current one without `bwrap` (a folder of links to every other program), to simulate a
 * runner where bubblewrap is not installed.
 */
export function pathWithout(bin: string): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'taskmesh-path-'))
  const seen = new Set<string>([bin])
  for (const d of (process.env.PATH ?? '').split(path.delimiter)) {
    let names: string[]
    try {
      names = readdirSync(d)
    } catch {
      continue
    }
    for (const n of names) {
      if (seen.has(n)) continue
      seen.add(n)
      symlinkSync(path.join(d, n), path.join(dir, n))
    }
  }
  return dir
}
