// Fails when rebuilding changes dist/: the committed bundle must be exactly what the sources build.
import { execFileSync } from 'node:child_process'

execFileSync('npm', ['run', 'build'], { stdio: 'inherit' })
const diff = execFileSync('git', ['status', '--porcelain', '--', 'dist'], { encoding: 'utf8' })
if (diff.trim()) {
  console.error('dist/ is stale: rebuild it with `npm run build` and commit the result.\n' + diff)
  console.error(execFileSync('git', ['diff', '--stat', '--', 'dist'], { encoding: 'utf8' }))
  process.exit(1)
}
console.log('dist/ is up to date')
