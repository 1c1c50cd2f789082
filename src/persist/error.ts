/** The error the persister throws, and how git's words for a refused credential map to it. */

export type PersistErrorKind = 'dirty' | 'detached' | 'branch' | 'conflict' | 'push' | 'auth' | 'state'

export class PersistError extends Error {
  constructor(
    message: string,
    readonly kind: PersistErrorKind,
    readonly details: { files?: string[]; rescueBranch?: string } = {}
  ) {
    super(message)
    this.name = 'PersistError'
  }
}

/** git's and GitHub's wordings of a missing or refused credential (ls-remote, fetch, push). */
export function isAuthFailure(text: string): boolean {
  return /Authentication failed|could not read Username|terminal prompts disabled|Permission to \S+ denied|The requested URL returned error: 40[13]|HTTP 40[13]|403 Forbidden|401 Unauthorized/i.test(
    text
  )
}

export function authError(branch: string, detail: string): PersistError {
  return new PersistError(
    `Git could not authenticate to push ${branch}: ${detail}\nGive the workflow \`permissions: contents: write\` ` +
      '(or pass a token with write access as github-token).',
    'auth'
  )
}
