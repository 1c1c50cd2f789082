/**
 * The `parallel` limit: how many tasks may have an attempt running (Claude, then `verify`) at once.
 *
 * In a parallel run a task gives its slot back as soon as its attempt has succeeded: what follows (bringing
 * its files onto the run's tree, the state write, the commit and the push) happens one task at a time under
 * the engine's lock and needs no Claude session, so the next task's session starts meanwhile. A task that
 * needs another attempt after that (a conflict while integrating) waits for a slot again, ahead of tasks not
 * started yet.
 */
export class Slots {
  private busy = 0
  private readonly waiters: Array<() => void> = []

  /** `freed` fires when a slot goes back to the pool. */
  constructor(
    readonly size: number,
    private readonly freed: Wakeup
  ) {}

  /** Slots taken now. */
  get used(): number {
    return this.busy
  }

  /** Whether a task not started yet may take a slot now (tasks waiting for one go first). */
  get available(): boolean {
    return this.busy < this.size && this.waiters.length === 0
  }

  /** Takes a free slot; only when {@link available}. */
  take(): void {
    if (!this.available) throw new Error('no free slot')
    this.busy++
  }

  /** Waits for a slot, in the order asked. */
  wait(): Promise<void> {
    if (this.available) {
      this.busy++
      return Promise.resolve()
    }
    return new Promise(resolve => this.waiters.push(resolve))
  }

  /** Gives a slot back: to the first task waiting for one, else to the pool. */
  give(): void {
    const next = this.waiters.shift()
    if (next) return next()
    this.busy--
    this.freed.fire()
  }
}

/** Wakes the engine's loop when a task may start: a slot went back to the pool, or a commit was made. */
export class Wakeup {
  private current = signal()

  /** Settles at the next {@link fire}. */
  next(): Promise<void> {
    return this.current.promise
  }

  fire(): void {
    const fired = this.current
    this.current = signal()
    fired.resolve()
  }
}

function signal(): { promise: Promise<void>; resolve: () => void } {
  let resolve!: () => void
  const promise = new Promise<void>(r => (resolve = r))
  return { promise, resolve }
}

/** A task's hold on a slot, so it is given back exactly once. */
export class SlotHold {
  private held = true

  constructor(private readonly slots: Slots) {}

  release(): void {
    if (!this.held) return
    this.held = false
    this.slots.give()
  }

  async retake(): Promise<void> {
    if (this.held) return
    await this.slots.wait()
    this.held = true
  }
}
