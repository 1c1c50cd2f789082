/**
 * Writes a file so that a killed process never leaves half of it behind: a temp file in the same folder
 * (the rename cannot cross file systems), fsync, rename over the original (keeping its mode), then fsync of
 * the folder so the rename itself is durable.
 *
 * The state is written twice per task, between two Claude runs: only the two fsyncs, which wait for the
 * disk, go through the thread pool. The other steps are quick system calls made directly; each of them as a
 * promise cost a thread-pool round trip (about 0.1 ms apiece, twice the time of the whole write).
 */
import { closeSync, fchmodSync, fsync, openSync, renameSync, rmSync, statSync, writeSync } from 'node:fs'
import path from 'node:path'

// Temp names need to be unique, not secret: `wx` never opens a file that exists (a symlink included), and a
// name taken (a temp left by a killed process of the same pid) is skipped. No node:crypto: loading it costs a
// cold process about 10 ms on Node 24, and every plan step loads this module.
let tempCount = 0
function openTemp(dir: string, base: string, mode: number): { temp: string; fd: number } {
  for (let attempt = 1; ; attempt++) {
    const temp = path.join(dir, `.${base}.${process.pid}.${Date.now().toString(36)}-${++tempCount}.tmp`)
    try {
      return { temp, fd: openSync(temp, 'wx', mode) }
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST' || attempt === 100) throw error
    }
  }
}

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
  const mode = o.mode ?? statSync(file, { throwIfNoEntry: false })?.mode ?? 0o644
  const { temp, fd } = openTemp(dir, path.basename(file), mode & 0o777)
  try {
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
