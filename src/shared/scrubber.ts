/**
 * What the places where text leaves the process need of the secret guard (report/redact.ts): declared down
 * here so the task file's writer and the persister can take one without depending on the reports.
 */
export interface Scrubber {
  scrub(text: string, where: string): string
  holdsSecret(text: string, where: string): boolean
}
