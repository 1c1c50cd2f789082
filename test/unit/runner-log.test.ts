import * as core from '@actions/core'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { runnerLog, type WriteFd } from '../../src/action/runner-log.js'

// What the log writes to fd 1, and a way to make the next writes fail or come up short.
const written: Buffer[] = []
const out = () => Buffer.concat(written).toString('utf8')
const failures: (string | number)[] = []
const writeFd: WriteFd = (fd, bytes, offset) => {
  expect(fd).toBe(1)
  const next = failures.shift()
  if (typeof next === 'string') throw Object.assign(new Error(next), { code: next })
  const end = typeof next === 'number' ? Math.min(offset + next, bytes.length) : bytes.length
  written.push(Buffer.from(bytes.subarray(offset, end)))
  return end - offset
}
const log = runnerLog(writeFd)
const logLine = log.line
const logCommand = log.command

/** What @actions/core writes to process.stdout for the same call. */
function coreWrites(call: () => void): string {
  let out = ''
  const spy = vi.spyOn(process.stdout, 'write').mockImplementation(chunk => ((out += String(chunk)), true))
  try {
    call()
  } finally {
    spy.mockRestore()
  }
  return out
}

beforeEach(() => {
  written.length = 0
  failures.length = 0
})
afterEach(() => vi.restoreAllMocks())

describe('the runner log (fd 1, in @actions/core format)', () => {
  const messages = ['plain', 'two\nlines\r\nand 100% of it', '::error::not a command', 'a:b,c', '']
  const titles = [undefined, 'Title: with, punctuation', 'line\nbreak']

  it('writes every command and line byte for byte as @actions/core does', () => {
    for (const message of messages) {
      for (const title of titles) {
        for (const where of [undefined, { file: 'task.json', line: 3, col: 7 }, { file: 'a,b:c.json' }]) {
          const props = { title, ...where }
          const coreProps = { title, file: where?.file, startLine: where?.line, startColumn: where?.col }
          written.length = 0
          logCommand('error', message, props)
          expect(out()).toBe(coreWrites(() => core.error(message, coreProps)))
          written.length = 0
          logCommand('warning', message, props)
          expect(out()).toBe(coreWrites(() => core.warning(message, coreProps)))
          written.length = 0
          logCommand('notice', message, props)
          expect(out()).toBe(coreWrites(() => core.notice(message, coreProps)))
        }
      }
      written.length = 0
      logCommand('debug', message)
      expect(out()).toBe(coreWrites(() => core.debug(message)))
      written.length = 0
      logCommand('group', message)
      expect(out()).toBe(coreWrites(() => core.startGroup(message)))
      written.length = 0
      logCommand('add-mask', message)
      expect(out()).toBe(coreWrites(() => core.setSecret(message)))
      written.length = 0
      logLine(message)
      expect(out()).toBe(coreWrites(() => core.info(message)))
    }
    written.length = 0
    logCommand('endgroup')
    expect(out()).toBe(coreWrites(() => core.endGroup()))
  })

  it('finishes a short write, waits out a full pipe, and keeps multi-byte text whole', () => {
    // The first write stops after "ün", the second inside "ï": the bytes are joined, never re-encoded.
    failures.push(3, 'EAGAIN', 'EAGAIN', 2)
    logLine('ünïcødé ✓ line')
    expect(written.map(w => w.length)).toEqual([3, 2, 16])
    expect(out()).toBe('ünïcødé ✓ line\n')
  })

  it('loses the line, not the run, when the log is gone', () => {
    failures.push('EPIPE')
    expect(() => logLine('nobody reads this')).not.toThrow()
    expect(written).toEqual([])
    logLine('next')
    expect(out()).toBe('next\n')
  })
})
