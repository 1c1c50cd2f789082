import { describe, expect, it } from 'vitest'
import { buildClaudeArgs, claudeEnv } from '../../src/infra/claude/process.js'
import { splitArgs } from '../../src/shared/shell-words.js'

describe('splitArgs', () => {
  it.each([
    ['', []],
    ['   \t\n ', []],
    ['--verbose', ['--verbose']],
    ['  --model   opus  ', ['--model', 'opus']],
    ['--append-system-prompt "Be brief, please"', ['--append-system-prompt', 'Be brief, please']],
    ["--allowedTools 'Bash(npm test)' Read", ['--allowedTools', 'Bash(npm test)', 'Read']],
    ['a"b c"d', ['ab cd']],
    ["'it'\\''s'", ["it's"]],
    ['"say \\"hi\\""', ['say "hi"']],
    ['"a\\b \\$HOME \\\\"', ['a\\b $HOME \\']],
    ["'no \\escape $HOME'", ['no \\escape $HOME']],
    ['a\\ b c', ['a b', 'c']],
    ['"" x', ['', 'x']],
    ["''", ['']],
    ['line\\\ncontinued', ['linecontinued']],
    ['$HOME ~ *.ts', ['$HOME', '~', '*.ts']],
    ['"multi\nline"', ['multi\nline']],
    ['trailing\\', ['trailing\\']]
  ])('%j → %j', (input, expected) => {
    expect(splitArgs(input)).toEqual(expected)
  })

  it('throws a clear error on an unterminated quote', () => {
    expect(() => splitArgs("--append-system-prompt 'oops")).toThrow(/unterminated single quote/)
    expect(() => splitArgs('--model "opus')).toThrow(/unterminated double quote/)
    expect(() => splitArgs('"a \\"')).toThrow(/unterminated double quote/)
  })
})

describe('buildClaudeArgs', () => {
  const base = { permissionMode: 'acceptEdits', allowedTools: [], disallowedTools: [], extraArgs: [] }

  it('always asks for stream-json with --verbose under -p', () => {
    expect(buildClaudeArgs(base)).toEqual([
      '-p',
      '--output-format',
      'stream-json',
      '--verbose',
      '--permission-mode',
      'acceptEdits'
    ])
  })

  it('passes every option as its own argument, extra args last', () => {
    expect(
      buildClaudeArgs({
        model: 'claude-sonnet-4-5',
        maxTurns: 20,
        maxBudgetUsd: 1.5,
        permissionMode: 'bypassPermissions',
        allowedTools: ['Read', 'Bash(npm test)'],
        disallowedTools: ['WebFetch'],
        appendSystemPrompt: 'Do not commit; "really".',
        jsonSchema: '{"type":"object"}',
        sessionId: '0b3c4a8e-1111-4222-8333-944445555666',
        extraArgs: ['--no-session-persistence']
      })
    ).toEqual([
      '-p',
      '--output-format',
      'stream-json',
      '--verbose',
      '--model',
      'claude-sonnet-4-5',
      '--max-turns',
      '20',
      '--max-budget-usd',
      '1.5',
      '--permission-mode',
      'bypassPermissions',
      '--allowedTools',
      'Read,Bash(npm test)',
      '--disallowedTools',
      'WebFetch',
      '--append-system-prompt',
      'Do not commit; "really".',
      '--json-schema',
      '{"type":"object"}',
      '--session-id',
      '0b3c4a8e-1111-4222-8333-944445555666',
      '--no-session-persistence'
    ])
  })
})

describe('claudeEnv', () => {
  const runner = {
    PATH: '/usr/bin',
    HOME: '/home/runner',
    GITHUB_TOKEN: 'ghs_1',
    GH_TOKEN: 'ghs_2',
    ACTIONS_RUNTIME_TOKEN: 'rt',
    ACTIONS_RUNTIME_URL: 'https://pipelines',
    ACTIONS_ID_TOKEN_REQUEST_URL: 'https://oidc',
    ACTIONS_ID_TOKEN_REQUEST_TOKEN: 'oidc',
    INPUT_ANTHROPIC_API_KEY: 'sk-in',
    'INPUT_CLAUDE-ARGS': '--x',
    input_lower: 'x',
    GITHUB_REPOSITORY: 'o/r',
    GITHUB_WORKSPACE: '/w',
    CLAUDE_CODE_MAX_RETRIES: '2'
  }

  it('removes GitHub credentials and inputs, adds the credential and the quiet switches', () => {
    const env = claudeEnv(runner, { apiKey: 'sk-ant-x' }, { isRoot: false })
    expect(env).toEqual({
      PATH: '/usr/bin',
      HOME: '/home/runner',
      GITHUB_REPOSITORY: 'o/r',
      GITHUB_WORKSPACE: '/w',
      CLAUDE_CODE_MAX_RETRIES: '2',
      ANTHROPIC_API_KEY: 'sk-ant-x',
      DISABLE_AUTOUPDATER: '1',
      CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: '1'
    })
  })

  it('sets IS_SANDBOX=1 as root and passes an OAuth token', () => {
    const env = claudeEnv({ PATH: '/bin' }, { oauthToken: 'oat' }, { isRoot: true })
    expect(env.IS_SANDBOX).toBe('1')
    expect(env.CLAUDE_CODE_OAUTH_TOKEN).toBe('oat')
    expect(env.ANTHROPIC_API_KEY).toBeUndefined()
  })

  it('keeps an ANTHROPIC_API_KEY from the environment when no credential is given', () => {
    expect(claudeEnv({ ANTHROPIC_API_KEY: 'from-env' }, {}, { isRoot: false }).ANTHROPIC_API_KEY).toBe(
      'from-env'
    )
  })

  it('does not modify the base environment', () => {
    const base = { ...runner }
    claudeEnv(base, { apiKey: 'k' })
    expect(base).toEqual(runner)
  })
})
