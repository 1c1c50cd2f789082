/** Waiting between tries. */

/** Resolves after `ms`, or at once when `signal` aborts (a cancelled run does not sit out a back-off). */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise(resolve => {
    if (signal?.aborted) return resolve()
    const timer = setTimeout(done, ms)
    function done() {
      clearTimeout(timer)
      signal?.removeEventListener('abort', done)
      resolve()
    }
    signal?.addEventListener('abort', done, { once: true })
  })
}

/** Wait before retry `attempt` (1-based): `firstMs`, doubling, at most `maxMs`. */
export function doublingBackoff(attempt: number, firstMs = 5_000, maxMs = 60_000): number {
  return Math.min(maxMs, firstMs * 2 ** (attempt - 1))
}

/**
 * Wait before retry `attempt` (1-based): exponential (base, 2 × base, … up to 16 × base) with jitter over the
 * whole range above a quarter of it, so jobs that lost the same race do not all come back together.
 */
export function jitteredBackoff(baseMs: number, attempt: number): number {
  const ceiling = baseMs * 2 ** Math.min(attempt - 1, 4)
  return Math.floor(ceiling / 4 + Math.random() * ceiling)
}
