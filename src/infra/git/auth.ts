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
  const found = await git.extraHeaderEntries()
  if (found.length === 0) return async () => {}
  const gitDir = await git.commonDir()
  const entries: Entry[] = []
  for (const { file, key, value } of found) {
    if (file === null || !value) continue
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
      await git.configUnsetAll(file, k)
    }
  })
  warn(
    'actions/checkout left a token in the git config (persist-credentials); it is removed while Claude runs and ' +
      'restored at the end. Set `persist-credentials: false` on actions/checkout to avoid this.'
  )
  return () =>
    edit(async () => {
      for (const e of entries) await git.configAdd(e.file, e.key, e.value)
    })
}
