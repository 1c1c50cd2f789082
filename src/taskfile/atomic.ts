/**
 * Writes a file so that a killed process never leaves half of it behind: a temp file in the same folder
 * (the rename cannot cross file systems), fsync, rename over the original (keeping its mode), then fsync of
 * the folder so the rename itself is durable.
 */
import { randomBytes } from 'node:crypto'
import { open, rename, rm, stat } from 'node:fs/promises'
import path from 'node:path'

export async function writeFileAtomic(file: string, text: string): Promise<void> {
  const dir = path.dirname(file)
  const temp = path.join(dir, `.${path.basename(file)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`)
  const mode = await stat(file).then(
    s => s.mode & 0o777,
    () => 0o644
  )
  try {
    const handle = await open(temp, 'wx', mode)
    try {
      await handle.writeFile(text, 'utf8')
      await handle.sync()
    } finally {
      await handle.close()
    }
    await rename(temp, file)
  } catch (error) {
    await rm(temp, { force: true })
    throw error
  }
  // Not every platform lets a directory be opened for this: best effort.
  try {
    const handle = await open(dir, 'r')
    try {
      await handle.sync()
    } finally {
      await handle.close()
    }
  } catch {
    // best effort
  }
}
