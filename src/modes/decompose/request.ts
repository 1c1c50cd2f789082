/** The request decompose turns into tasks: the `request` input, or a file of the repository (`request-file`). */
import { readFile, realpath } from 'node:fs/promises'
import path from 'node:path'
import { RunSetupError } from '../../shared/errors.js'
import { Git } from '../../infra/git/git.js'
import type { Settings } from '../../inputs/settings.js'
import { firstLine, shorten } from '../../shared/text.js'

export interface Request {
  text: string
  /** For people: `the request input` / `request-file docs/x.md`. */
  source: string
  /** For the tasks' `source` field. */
  reference: string
}

export async function readRequest(settings: Settings): Promise<Request> {
  const { decompose } = settings
  if (decompose.requestFile) {
    const abs = path.resolve(settings.workingDirectory, decompose.requestFile)
    const root = await repositoryRoot(settings.workingDirectory)
    const cwdReal = await realpath(settings.workingDirectory).catch(() => settings.workingDirectory)
    // The request goes to Claude and into the task file: it must come from the repository, not from
    // anywhere on the runner (a symlink leading out counts as outside).
    const outside = () =>
      new RunSetupError(
        `input "request-file": "${decompose.requestFile}" is outside the repository (${root}); name a file inside it`
      )
    if (!isInside(root, path.resolve(cwdReal, decompose.requestFile))) throw outside()
    let text: string
    try {
      if (!isInside(root, await realpath(abs))) throw outside()
      text = await readFile(abs, 'utf8')
    } catch (e) {
      if (e instanceof RunSetupError) throw e
      const code = (e as NodeJS.ErrnoException).code
      throw new RunSetupError(
        code === 'ENOENT'
          ? `request-file "${decompose.requestFile}" not found: looked for ${abs}`
          : `could not read request-file "${decompose.requestFile}" (${abs}): ${(e as Error).message}`
      )
    }
    if (!text.trim()) throw new RunSetupError(`request-file "${decompose.requestFile}" (${abs}) is empty`)
    const rel = path.relative(settings.workingDirectory, abs).split(path.sep).join('/')
    return { text, source: `request-file ${rel}`, reference: `decompose: ${rel}` }
  }
  const text = decompose.request?.trim()
  if (!text)
    throw new RunSetupError('mode "decompose" needs the input "request" (text) or "request-file" (a path)')
  return { text, source: 'the request input', reference: `decompose: ${shorten(firstLine(text, 200), 80)}` }
}

/** The top of the repository holding `dir`, symlinks resolved (the working directory when it is none). */
async function repositoryRoot(dir: string): Promise<string> {
  const top = await new Git(dir).topLevel().catch(() => dir)
  return realpath(top).catch(() => path.resolve(top))
}

function isInside(root: string, file: string): boolean {
  const rel = path.relative(root, file)
  return rel !== '..' && !rel.startsWith(`..${path.sep}`) && !path.isAbsolute(rel)
}
