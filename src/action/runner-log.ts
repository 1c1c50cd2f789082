/**
 * The runner's log, written to fd 1 directly: plain lines, and workflow commands (`::group::`, `::error …::`,
 * `::add-mask::`) in @actions/core's format and escaping.
 *
 * Why not `core.info` and the others: they write through `process.stdout`, and creating that stream on the
 * runner's pipe loads `net` and Node's stream modules, about 5 ms of every cold step (docs/benchmarks.md) for
 * a few lines. Every line the action logs goes through here, in order; nothing else of ours writes to stdout.
 */
import { writeSync } from 'node:fs'
import { EOL } from 'node:os'

/** How bytes reach fd 1: `fs.writeSync`, or a stand-in in tests (short writes, a full pipe, a closed log). */
export type WriteFd = (fd: number, bytes: Buffer, offset: number) => number

/** An annotation's place and title, named as the runner reads them. */
export interface CommandProperties {
  title?: string
  file?: string
  line?: number
  col?: number
}

export interface RunnerLog {
  /** A plain log line, as `core.info` writes it. */
  line(text: string): void
  /**
   * A workflow command, as @actions/core's `issueCommand` writes it: empty properties are left out, and a
   * command given properties at all (every annotation) has a space after its name even when all are empty.
   */
  command(name: string, message?: string, properties?: CommandProperties): void
}

const pause = new Int32Array(new SharedArrayBuffer(4))

export function runnerLog(writeFd: WriteFd = writeSync): RunnerLog {
  /**
   * Writes all of `text`. A full pipe (EAGAIN, when another process made fd 1 non-blocking) is waited out, as
   * a blocking write would be, for as long as it takes: the runner reads its log all the time, and a line
   * given up on half-way could turn an `::add-mask::` into a mask of the wrong text. Any other failure (the
   * runner closed the log) loses the line, not the run: there is no one left to tell, and the task file and
   * the commits matter more.
   */
  const write = (text: string): void => {
    const bytes = Buffer.from(text, 'utf8')
    let wait = 1
    for (let done = 0; done < bytes.length;) {
      try {
        done += writeFd(1, bytes, done)
        wait = 1
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EAGAIN') return
        Atomics.wait(pause, 0, 0, wait)
        wait = Math.min(wait * 2, 100)
      }
    }
  }
  return {
    line: text => write(text + EOL),
    command: (name, message = '', properties) => {
      const props = Object.entries(properties ?? {})
        .filter(([, value]) => value !== undefined && value !== '' && value !== 0)
        .map(([key, value]) => `${key}=${escapeProperty(String(value))}`)
      write(`::${name}${properties ? ` ${props.join(',')}` : ''}::${escapeData(message)}${EOL}`)
    }
  }
}

const escapeData = (s: string) => s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A')
const escapeProperty = (s: string) => escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C')
