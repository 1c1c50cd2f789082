/** Limits set by GitHub, shared by the code that builds a text and the code that sends it. */

/** The most characters GitHub accepts in a pull request's body (its API answers 422 above it). */
export const PULL_REQUEST_BODY_MAX_CHARS = 65_536
