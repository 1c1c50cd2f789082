/** Types of scripts/startup-chunk.mjs, for its test. */
export function mergeStartupChunks(
  files: Map<string, string>,
  entry: string,
  merged: string
): Map<string, string>
