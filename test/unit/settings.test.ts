// Inputs → Settings: a wrong value fails while the inputs are parsed, before anything is read or run, and the
// message names the input.
import { describe, expect, it } from 'vitest'
import { parseSettings, SettingsError } from '../../src/inputs/settings.js'
import type { InputName } from '../../src/inputs/table.js'

const WORKSPACE = '/work/space'

function parse(inputs: Partial<Record<InputName, string>>) {
  return parseSettings(name => inputs[name] ?? '', WORKSPACE, {})
}

function problemsOf(inputs: Partial<Record<InputName, string>>): string[] {
  try {
    parse(inputs)
  } catch (e) {
    expect(e).toBeInstanceOf(SettingsError)
    return (e as SettingsError).problems
  }
  throw new Error('parseSettings accepted the inputs')
}

describe('parseSettings', () => {
  it('treats an input holding an unevaluated expression as not set, with one notice each', () => {
    // @github/local-action and act pass action.yml's default text through: it must not become the credential.
    const notices: string[] = []
    const s = parseSettings(
      name =>
        ({ 'github-token': '${{ github.token }}', tasks: ' ${{ matrix.task }} ', model: 'x ${{ y }}' })[
          name as string
        ] ?? '',
      WORKSPACE,
      {},
      m => notices.push(m)
    )
    expect(s.git.token).toBeUndefined()
    expect(s.tasks).toEqual([])
    // Text around an expression is a value the runner evaluated (a request may quote workflow syntax).
    expect(s.claude.model).toBe('x ${{ y }}')
    expect(notices).toEqual([
      'input "tasks" is the unevaluated expression ${{ matrix.task }} (nothing evaluated it before the action started): treated as not set',
      'input "github-token" is the unevaluated expression ${{ github.token }} (nothing evaluated it before the action started): treated as not set'
    ])
  })

  it('takes the defaults for inputs left empty', () => {
    const s = parse({})
    expect(s.mode).toBe('run')
    expect(s.claude.maxTurns).toBe(50)
    expect(s.claude.extraArgs).toEqual([])
    expect(s.limits.maxBudgetUsd).toBeUndefined()
    expect(s.taskFilePath).toBe('/work/space/task.json')
  })

  it('accepts claude-args a shell could split', () => {
    const s = parse({ 'claude-args': `--append-system-prompt 'Be brief' --verbose` })
    expect(s.claude.extraArgs).toEqual(['--append-system-prompt', 'Be brief', '--verbose'])
  })

  it.each([
    [`--append-system-prompt 'oops`, /unterminated single quote/],
    ['--model "opus', /unterminated double quote/]
  ])('rejects claude-args %j while parsing the inputs, naming the input', (value, reason) => {
    const problems = problemsOf({ 'claude-args': value })
    expect(problems).toHaveLength(1)
    expect(problems[0]).toMatch(/^input "claude-args" /)
    expect(problems[0]).toMatch(reason)
  })

  it('lists the allowed values of mode', () => {
    expect(problemsOf({ mode: 'runn' })).toEqual([
      'input "mode" must be one of "run", "plan", "decompose", "review"; got "runn"'
    ])
  })

  it('says what mode: review needs', () => {
    expect(problemsOf({ mode: 'review', push: 'false', parallel: '2' })).toEqual([
      'mode "review" pushes to the pull request\'s branch: it needs commit: true and push: true',
      'mode "review" needs the input "github-token" (it reads and answers the pull request)',
      'mode "review" redoes one task at a time: leave "parallel" at 1'
    ])
    expect(
      parse({ mode: 'review', 'github-token': 't', 'allowed-bots': 'renovate[bot], dependabot' }).allowedBots
    ).toEqual(['renovate[bot]', 'dependabot'])
  })

  it('rejects a max-turns that is not a whole number', () => {
    expect(problemsOf({ 'max-turns': 'abc' })).toEqual([
      'input "max-turns" must be a whole number, got "abc"'
    ])
    expect(problemsOf({ 'max-turns': '2.5' })).toEqual([
      'input "max-turns" must be a whole number, got "2.5"'
    ])
    expect(problemsOf({ 'max-turns': '0' })).toEqual(['input "max-turns" must be at least 1, got 0'])
  })

  it('rejects a negative max-budget-usd', () => {
    expect(problemsOf({ 'max-budget-usd': '-1' })).toEqual([
      'input "max-budget-usd" must be at least 0, got -1'
    ])
  })

  it('rejects a boolean input that is not true or false', () => {
    expect(problemsOf({ commit: 'maybe' })).toEqual(['input "commit" must be true or false, got "maybe"'])
  })

  it('reports every wrong input at once', () => {
    const problems = problemsOf({ mode: 'runn', 'max-turns': 'abc', 'claude-args': '"open' })
    expect(problems).toHaveLength(3)
    expect(() => parse({ mode: 'runn', 'max-turns': 'abc' })).toThrow(/2 inputs are invalid/)
  })
})
