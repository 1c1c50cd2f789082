// What one contained command costs in the bundle as it ships: the sandbox of each built dist/ given (its
// bundled sandbox runtime, with the build's stand-ins), `contain()` then the command (`true`) then
// `finish()`, the builds interleaved in every round, in one process. bench/sandbox.bench.ts measures the
// sources instead (the runtime as it is in node_modules), with the CLI as the command.
//
//   node bench/contained-command.bench.mjs [--runs 60] DIST [OTHER_DIST …]
//
// Needs bubblewrap, socat and ripgrep, like the sandbox itself. Prints each build's medians and, for every
// other build, the median of its per-round difference from the first.
import { spawn, spawnSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { createRequire } from 'node:module'
import os from 'node:os'
import path from 'node:path'
import { performance } from 'node:perf_hooks'

const args = process.argv.slice(2)
const runsAt = args.indexOf('--runs')
const runs = runsAt >= 0 ? Number(args.splice(runsAt, 2)[1]) : 60
const dists = args.map(d => path.resolve(d))
if (dists.length === 0) {
  console.error('usage: node bench/contained-command.bench.mjs [--runs 60] DIST [OTHER_DIST …]')
  process.exit(2)
}
const require = createRequire(import.meta.url)
const sandboxOf = dist => {
  const chunk = readdirSync(path.join(dist, 'chunks')).find(f => f.startsWith('sandbox-'))
  if (!chunk) throw new Error(`${dist} has no sandbox chunk`)
  return require(path.join(dist, 'chunks', chunk)).Sandbox
}

const tempRoot = mkdtempSync(path.join(os.tmpdir(), 'taskmesh-contained-bench-'))
const work = path.join(tempRoot, 'work')
mkdirSync(work)
spawnSync('git', ['init', '-q', work])
const boxes = []
try {
  for (const [i, dist] of dists.entries()) {
    // Each bundle holds its own copy of the runtime, so each starts its own proxy.
    const started = await sandboxOf(dist).start({
      allowedDomains: [],
      env: { ...process.env, ANTHROPIC_BASE_URL: 'http://127.0.0.1:9' },
      tempRoot: path.join(tempRoot, String(i))
    })
    if (!started.ok) throw new Error(`${dist}: ${started.reason}`)
    boxes.push(started.sandbox)
  }
  const wrapMs = dists.map(() => [])
  const wholeMs = dists.map(() => [])
  for (let round = 0; round < runs; round++) {
    for (let k = 0; k < dists.length; k++) {
      // Alternate the order, so no build always follows the other.
      const i = round % 2 ? dists.length - 1 - k : k
      const t0 = performance.now()
      const cmd = await boxes[i].contain({
        argv: ['/bin/true'],
        cwd: work,
        env: { PATH: process.env.PATH },
        writableRoot: work
      })
      const t1 = performance.now()
      const code = await new Promise((resolve, reject) => {
        const child = spawn(cmd.file, cmd.args, { cwd: work, env: cmd.env, stdio: 'ignore' })
        child.on('exit', resolve)
        child.on('error', reject)
      })
      await cmd.finish()
      if (code !== 0) throw new Error(`${dists[i]}: the contained command exited with ${code}`)
      wrapMs[i].push(t1 - t0)
      wholeMs[i].push(performance.now() - t0)
    }
  }
  const median = xs => [...xs].sort((a, b) => a - b)[xs.length >> 1]
  console.log(
    `Node ${process.version}, ${runs} rounds; medians of contain(), and of contain() + \`true\` + finish():`
  )
  for (const [i, dist] of dists.entries())
    console.log(`- ${dist}: ${median(wrapMs[i]).toFixed(1)} ms, ${median(wholeMs[i]).toFixed(1)} ms`)
  for (let i = 1; i < dists.length; i++) {
    const paired = median(wholeMs[i].map((ms, round) => ms - wholeMs[0][round]))
    console.log(`- ${dists[i]} − ${dists[0]}, paired per round: ${paired.toFixed(1)} ms`)
  }
} finally {
  for (const box of boxes) await box.stop().catch(() => {})
  rmSync(tempRoot, { recursive: true, force: true })
}
// The runtimes' proxies may keep the event loop alive after stop().
process.exit(0)
