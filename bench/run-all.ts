/**
 * `npm run bench`: every benchmark in sequence, each in its own Node process (so one's memory and JIT state
 * do not affect the next), printing their results. Method and recorded results: docs/benchmarks.md.
 *
 *   node scripts/run-ts.mjs bench/run-all.ts [--quick]
 *
 * `--quick` runs each with fewer repetitions and smaller sizes: a smoke test of the benchmarks, not numbers to
 * report. Each benchmark is killed after 45 minutes; the exit code is non-zero when any of them failed.
 */
import { spawn } from 'node:child_process'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const quick = process.argv.includes('--quick')

const benches: { file: string; args: string[]; quickArgs: string[] }[] = [
  { file: 'bench/plan.bench.ts', args: [], quickArgs: ['--runs', '1'] },
  { file: 'bench/action-startup.bench.ts', args: [], quickArgs: [] },
  {
    file: 'bench/engine-overhead.bench.ts',
    args: ['--profile-git'],
    quickArgs: ['--tasks', '6', '--runs', '1']
  },
  {
    file: 'bench/makespan.bench.ts',
    args: [],
    quickArgs: ['--runs', '1', '--serial-runs', '1', '--delay-ms', '500']
  },
  { file: 'bench/fanout.bench.ts', args: [], quickArgs: ['--runs', '1', '--jobs', '4'] },
  { file: 'bench/sandbox.bench.ts', args: [], quickArgs: ['--runs', '2'] }
]

const TIMEOUT_MS = 45 * 60_000

function run(file: string, args: string[]): Promise<number | null> {
  return new Promise(resolve => {
    const child = spawn(process.execPath, [path.join(root, 'scripts', 'run-ts.mjs'), file, ...args], {
      cwd: root,
      stdio: 'inherit'
    })
    const timer = setTimeout(() => child.kill('SIGTERM'), TIMEOUT_MS)
    child.on('error', () => resolve(null))
    child.on('close', code => {
      clearTimeout(timer)
      resolve(code)
    })
  })
}

const failed: string[] = []
for (const b of benches) {
  const args = quick ? b.quickArgs : b.args
  console.log(`\n## ${b.file} ${args.join(' ')}\n`)
  const started = Date.now()
  const code = await run(b.file, args)
  console.log(`\n(${b.file}: exit ${code}, ${((Date.now() - started) / 1000).toFixed(0)} s)`)
  if (code !== 0) failed.push(b.file)
}
if (failed.length) {
  console.log(`\nFailed: ${failed.join(', ')}`)
  process.exitCode = 1
}
