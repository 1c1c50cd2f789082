import { describe, expect, it } from 'vitest'
import { FLAG_HELP, localWording, REFUSED_LOCALLY } from '../../src/cli/help.js'
import { INPUT_DEFAULTS } from '../../src/inputs/table.js'

describe('the local command speaks of flags', () => {
  it.each([
    ['create it or set the task-file input.', 'create it or set --task-file.'],
    ['set the `branch` input to the branch', 'set --branch to the branch'],
    ['input "max-turns" must be at least 1, got 0', '--max-turns must be at least 1, got 0'],
    ['parallel > 1 needs commit: true: each task', 'parallel > 1 needs --commit true: each task'],
    ['needs the input "request" (text)', 'needs --request (text)'],
    ['unknown task "x" in the "tasks" input', 'unknown task "x" in --tasks'],
    ['(30 turns; max-turns / maxTurns is 30)', '(30 turns; --max-turns / maxTurns is 30)'],
    ['2 inputs are invalid:', '2 flags are invalid:']
  ])('%s', (action, local) => {
    expect(localWording(action)).toBe(local)
  })

  it('leaves words that are not inputs alone', () => {
    for (const text of ['the user input was empty', 'status: true', 'the `foo` input', 'key: false'])
      expect(localWording(text)).toBe(text)
  })

  it('has a line of help for every flag, and a reason for every refused one', () => {
    expect(Object.keys(FLAG_HELP).sort()).toEqual(Object.keys(INPUT_DEFAULTS).sort())
    for (const [name, reason] of Object.entries(REFUSED_LOCALLY)) {
      expect(name in INPUT_DEFAULTS).toBe(true)
      expect(reason!.length).toBeGreaterThan(20)
    }
  })
})
