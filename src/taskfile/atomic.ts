/**
 * Writes a file so that a killed process never leaves half of it behind: a temp file in the same folder
 * (the rename cannot cross file systems), fsync, rename over the original (keeping its mode), then fsync of
 * the folder so the rename itself is durable.
 *
 * The state is written twice per task, between two Claude runs: only the two fsyncs, which wait for the
 * disk, go through the thread pool. The other steps are quick system calls made directly; each of them as a
 * promise cost a thread-pool round trip (about 0.1 ms apiece, twice the time of the whole write).
 */
import { randomBytes } from 'node:crypto'
import { closeSync, fchmodSync, fsync, openSync, renameSync, rmSync, statSync, writeSync } from 'node:fs'
import path from 'node:path'

const fsyncAsync = (fd: number) =>
  new Promise<void>((resolve, reject) => fsync(fd, err => (err ? reject(err) : resolve())))

/**
 * `mode`: the new file's permissions exactly (the umask does not apply); by default the old file's, else
 * 0644 less the umask. A symlink at `file` is replaced, not followed.
 */
export async function writeFileAtomic(
  file: string,
  content: string | Buffer,
  o: { mode?: number } = {}
): Promise<void> {
  const dir = path.dirname(file)
  const temp = path.join(dir, `.${path.basename(file)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`)
  const mode = o.mode ?? statSync(file, { throwIfNoEntry: false })?.mode ?? 0o644
  try {
    const fd = openSync(temp, 'wx', mode & 0o777)
    try {
      if (o.mode !== undefined) fchmodSync(fd, o.mode & 0o777)
      const data = typeof content === 'string' ? Buffer.from(content, 'utf8') : content
      for (let done = 0; done < data.length;) done += writeSync(fd, data, done)
      await fsyncAsync(fd)
    } finally {
      closeSync(fd)
    }
    renameSync(temp, file)
  } catch (error) {
    rmSync(temp, { force: true })
    throw error
  }
  // Not every platform lets a directory be opened for this: best effort.
  let dirFd: number | undefined
  try {
    dirFd = openSync(dir, 'r')
    await fsyncAsync(dirFd)
  } catch {
    // best effort
  } finally {
    if (dirFd !== undefined) closeSync(dirFd)
  }
}
