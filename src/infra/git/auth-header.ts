/**
 * The token as git sends it over HTTPS. A module of its own, without node:child_process: the action masks the
 * header's value before any mode starts, and a plan step should not load the git runner for that.
 */

/** The header value GitHub accepts for a token over HTTPS (what actions/checkout sends too). */
export function basicAuthHeader(token: string): string {
  return `AUTHORIZATION: basic ${Buffer.from(`x-access-token:${token}`, 'utf8').toString('base64')}`
}

/** `https://github.com` → `https://github.com/`: the config key form actions/checkout persists. */
export function extraHeaderUrl(serverUrl: string): string {
  const u = new URL(serverUrl)
  return `${u.origin}/`
}
