/** Types of scripts/shims/which.mjs, for its test. */
export function whichSync(bin: string): string | null
