/** The engine's file ports over the local disk: the task file, and the files a task produced. */
import { readFile, stat } from 'node:fs/promises'
import path from 'node:path'
import type { ProducedFilesPort, TaskFilePort } from '../engine/ports.js'
import type { Scrubber } from '../shared/scrubber.js'

/** `outbound` checks every write for the run's secrets (see TaskDocument.write). */
export function taskFileOnDisk(absPath: string, outbound?: Scrubber): TaskFilePort {
  return {
    read: () => readFile(absPath, 'utf8'),
    write: async (doc, options = {}) => {
      await doc.write(absPath, { force: options.force, outbound })
    }
  }
}

export const producedFilesOnDisk: ProducedFilesPort = {
  async read(root, file, maxBytes) {
    try {
      const info = await stat(path.join(root, file))
      if (!info.isFile() || info.size > maxBytes) return null
      return await readFile(path.join(root, file), 'utf8')
    } catch {
      // deleted or unreadable: nothing to leak
      return null
    }
  }
}
