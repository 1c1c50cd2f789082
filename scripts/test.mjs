#!/usr/bin/env node
/**
 * `npm test`: the linter, the typecheck and every test at once. The tests' workers spend much of their time
 * waiting for the processes they start (the CLI, git, the action), so the two checks fit beside them
 * instead of before them. Vitest prints as it goes; each check's output is printed when it ends. Fails when
 * any of the three fails. Arguments go to vitest (`npm test -- test/unit`).
 */
import { spawn } from 'node:child_process'

const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm'

function run(script, args, buffered) {
  return new Promise(resolve => {
    const child = spawn(npm, ['run', '--silent', script, ...(args.length ? ['--', ...args] : [])], {
      stdio: buffered ? ['ignore', 'pipe', 'pipe'] : 'inherit'
    })
    let out = ''
    if (buffered) {
      child.stdout.on('data', b => (out += b))
      child.stderr.on('data', b => (out += b))
    }
    child.on('error', e => resolve({ script, code: 1, out: `${out}${e.message}\n` }))
    child.on('close', (code, signal) => resolve({ script, code: code ?? (signal ? 1 : 0), out }))
  })
}

const checks = ['lint', 'typecheck'].map(script =>
  run(script, [], true).then(r => {
    process.stdout.write(
      `\n── npm run ${script}: ${r.code === 0 ? 'passed' : `failed (exit ${r.code})`}\n${r.out}`
    )
    return r
  })
)
const results = await Promise.all([...checks, run('test:vitest', process.argv.slice(2), false)])
const failed = results.filter(r => r.code !== 0)
if (failed.length) {
  process.stderr.write(`\nnpm test failed: ${failed.map(r => r.script).join(', ')}\n`)
  process.exit(1)
}
