/**
 * The run's budget (`maxBudgetUsd` of the run) as the engine spends it: what was spent, what is promised to
 * attempts running now, and the share an attempt about to start may use, so that tasks running at the same
 * time can never together be allowed more than the run's remainder.
 */

/** Sums of money are compared with this much slack: float sums of costs never quite reach a round budget. */
const EPSILON_USD = 1e-9

export class Budget {
  /** Spent by the attempts of this run so far. */
  private spent = 0
  /** Promised to attempts that are running or about to start. */
  private reserved = 0
  /** Attempts running now (each holds a share). */
  private running = 0

  /** `maxUsd`: the run's budget; undefined: no limit. */
  constructor(readonly maxUsd: number | undefined) {}

  get spentUsd(): number {
    return this.spent
  }

  /** Whether nothing is left to promise: what was spent and what is promised reach the budget. */
  get exhausted(): boolean {
    return this.maxUsd !== undefined && this.spent + this.reserved >= this.maxUsd - EPSILON_USD
  }

  /** Whether what was actually spent reached the budget. */
  get spentOut(): boolean {
    return this.maxUsd !== undefined && this.spent >= this.maxUsd - EPSILON_USD
  }

  /** Attempts running now. */
  get attemptsRunning(): number {
    return this.running
  }

  /**
   * An equal part of the run's unspent, unpromised budget for an attempt about to start: shared with the
   * other tasks that can start now (as many as there are free slots and ready tasks, itself included).
   */
  share(freeSlots: number, readyIncludingSelf: number): number {
    const free = (this.maxUsd ?? Infinity) - this.spent - this.reserved
    return free / Math.max(1, Math.min(freeSlots, readyIncludingSelf))
  }

  reserve(usd: number): void {
    this.reserved += usd
  }

  release(usd: number): void {
    this.reserved -= usd
  }

  /** An attempt starts with `usd` promised to it. */
  attemptStarted(usd: number): void {
    this.reserved += usd
    this.running++
  }

  /** An attempt ended: its promise is given back and what it cost is spent. */
  attemptEnded(promisedUsd: number, costUsd: number): void {
    this.reserved -= promisedUsd
    this.running--
    this.spent += costUsd
  }
}

/** An attempt's spending cap: the least of its caps, never below 0; undefined when it has none. */
export function attemptCap(caps: number[]): number | undefined {
  return caps.length ? Math.max(0, Math.min(...caps)) : undefined
}
