/**
 * actions/checkout persists its token as an `http.<url>.extraheader` in the repository's git config
 * (unless `persist-credentials: false`). Claude works in that repository and could read it: the model
 * would then hold push rights. While tasks run, those entries are taken out, and put back afterwards so
 * later steps of the job still work.
 */
import path from 'node:path'
import type { Git } from './git.js'
import { RepoGuard } from './guard.js'

interface Entry {
  file: string
  key: string
  value: string
}

/** Removes persisted auth headers from repository-level config files; returns a function that restores them. */
export async function hidePersistedCredentials(
  git: Git,
  warn: (message: string) => void
): Promise<() => Promise<void>> {
  const r = await git.exec(['config', '--show-origin', '-z', '--get-regexp', '^http\\..*\\.extraheader$'], {
    allowFailure: true
  })
  if (r.exitCode !== 0 || !r.stdout) return async () => {}
  const gitDir = path.resolve(git.cwd, (await git.exec(['rev-parse', '--git-common-dir'])).stdout.trim())
  const entries: Entry[] = []
  // -z: "file:<path>\0<key>\n<value>\0" per entry.
  const parts = r.stdout.split('\0')
  for (let i = 0; i + 1 < parts.length; i += 2) {
    const origin = parts[i]
    const nl = parts[i + 1].indexOf('\n')
    const key = nl < 0 ? parts[i + 1] : parts[i + 1].slice(0, nl)
    const value = nl < 0 ? '' : parts[i + 1].slice(nl + 1)
    if (!origin.startsWith('file:') || !value) continue
    const file = path.resolve(git.cwd, origin.slice(5))
    // The repository's own config, or a file it includes that lives outside the user's home config
    // (checkout v5+ writes a credentials file under RUNNER_TEMP and includes it).
    const isRepoConfig = file === path.join(gitDir, 'config') || file.startsWith(gitDir + path.sep)
    const isRunnerFile =
      !!process.env.RUNNER_TEMP && file.startsWith(path.resolve(process.env.RUNNER_TEMP) + path.sep)
    if (isRepoConfig || isRunnerFile) entries.push({ file, key, value })
  }
  if (!entries.length) return async () => {}
  // Our own edits of the config: the guard (see guard.ts) records the result instead of undoing it.
  const guard = git.guard instanceof RepoGuard ? git.guard : undefined
  const edit = <T>(fn: () => Promise<T>): Promise<T> => (guard ? guard.edit(fn) : fn())
  await edit(async () => {
    for (const key of new Set(entries.map(e => `${e.file}\0${e.key}`))) {
      const [file, k] = key.split('\0')
      await git.exec(['config', '--file', file, '--unset-all', k], { allowFailure: true })
    }
  })
  warn(
    'actions/checkout left a token in the git config (persist-credentials); it is removed while Claude runs and ' +
      'restored at the end. Set `persist-credentials: false` on actions/checkout to avoid this.'
  )
  return () =>
    edit(async () => {
      for (const e of entries)
        await git.exec(['config', '--file', e.file, '--add', e.key, e.value], { allowFailure: true })
    })
}
