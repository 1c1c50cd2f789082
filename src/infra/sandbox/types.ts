/**
 * What the process starters (src/infra/claude/process.ts, src/infra/verify.ts) and the engine know of the
 * sandbox: a function that turns a command into a contained one. The implementation (src/infra/sandbox/sandbox.ts)
 * is the only module that knows bubblewrap and the filtering proxy.
 */

/** A host the egress filter refused, and how often, during one contained command. */
export interface DeniedHost {
  /** `host:port` as the command asked for it. */
  host: string
  count: number
}

export interface CommandToContain {
  /** The program and its arguments, run without a shell of ours. */
  argv: string[]
  cwd: string
  env: NodeJS.ProcessEnv
  /**
   * The only folder (besides a private HOME and temp folder) the command may write to: the working tree.
   * Absent: nothing of the machine is writable (decompose, which only reads).
   */
  writableRoot?: string
}

export interface ContainedCommand {
  /** What to spawn instead: same stdio, same process-group handling. */
  file: string
  args: string[]
  env: NodeJS.ProcessEnv
  /**
   * Call once the command has exited: releases its mounts, returns its denials. Its private HOME and temp
   * folder are removed in the background; the sandbox's stop() waits for that.
   */
  finish(): Promise<DeniedHost[]>
}

export type Contain = (cmd: CommandToContain) => Promise<ContainedCommand>
