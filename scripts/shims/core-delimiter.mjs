// Stands in for node:crypto inside @actions/core's file commands, which use it for one thing: the random
// part of the delimiter around each output, state and environment value (`name<<ghadelimiter_<uuid>`).
// Loading node:crypto costs a cold process about 10 ms on Node 24 (OpenSSL starts with it), every step, for
// a delimiter that needs no secrecy: core refuses any name or value containing the delimiter, so a value
// cannot end its block early whatever it holds; the randomness only keeps that refusal from ever meeting
// an honest value. 122 random bits from Math.random do that as well as randomUUID.
export function randomUUID() {
  const hex = n => Array.from({ length: n }, () => ((Math.random() * 16) | 0).toString(16)).join('')
  const variant = ((8 + Math.random() * 4) | 0).toString(16)
  return `${hex(8)}-${hex(4)}-4${hex(3)}-${variant}${hex(3)}-${hex(12)}`
}
