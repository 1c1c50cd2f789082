/**
 * A mistake in the run's set-up (inputs, scope, environment) found before any task ran: the step fails with
 * its message alone, and nothing in the repository has changed.
 */
export class RunSetupError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'RunSetupError'
  }
}

/** The message of anything thrown: an Error's own message, anything else as a string. */
export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}
