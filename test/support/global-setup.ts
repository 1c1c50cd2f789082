/**
 * Once per `vitest run`: build dist/ from the sources, so the end-to-end tests (which start dist/index.js
 * and dist/cli.js the way a runner does) test what src/ says, not an older bundle; and make the folder
 * every test's temp folders go under (test/support/temp-root.ts), removed when the run ends.
 *
 * TASKMESH_TEST_DIST=committed skips the build and tests dist/ as it is (CI checks it with check-dist).
 */
import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')

export default function setup(): () => void {
  if (process.env.TASKMESH_TEST_DIST === 'committed') {
    console.log('dist/: testing the bundle as it is (TASKMESH_TEST_DIST=committed), not rebuilt')
  } else {
    const started = Date.now()
    const r = spawnSync(process.execPath, ['scripts/build.mjs'], { cwd: ROOT, encoding: 'utf8' })
    if (r.status !== 0)
      throw new Error(`building dist/ for the end-to-end tests failed:\n${r.stderr}${r.stdout}`)
    console.log(`dist/: rebuilt from src/ for the end-to-end tests in ${Date.now() - started} ms`)
  }
  const parent = mkdtempSync(path.join(os.tmpdir(), 'taskmesh-tests-'))
  process.env.TASKMESH_TEST_TMP = parent
  return () => rmSync(parent, { recursive: true, force: true })
}
