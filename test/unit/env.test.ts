import { describe, expect, it } from 'vitest'
import { claudeEnv } from '../../src/infra/claude/process.js'
import { gitEnv, SAFE_CONFIG_ARGS } from '../../src/infra/git/git.js'
import { npmEnv } from '../../src/infra/claude/install.js'

const runner: NodeJS.ProcessEnv = {
  PATH: '/usr/bin',
  HOME: '/home/runner',
  LANG: 'C.UTF-8',
  LC_CTYPE: 'C.UTF-8',
  HTTPS_PROXY: 'http://proxy:3128',
  GITHUB_TOKEN: 'ghs_1',
  GH_TOKEN: 'ghs_2',
  ACTIONS_RUNTIME_TOKEN: 'rt',
  ACTIONS_ID_TOKEN_REQUEST_TOKEN: 'oidc',
  INPUT_GITHUB_TOKEN: 'ghs_3',
  'INPUT_ANTHROPIC-API-KEY': 'sk-in',
  ANTHROPIC_API_KEY: 'sk-env',
  GITHUB_ENV: '/runner/_temp/_runner_file_commands/set_env_1',
  GITHUB_PATH: '/runner/_temp/_runner_file_commands/add_path_1',
  GITHUB_OUTPUT: '/runner/_temp/_runner_file_commands/set_output_1',
  GITHUB_STATE: '/runner/_temp/_runner_file_commands/save_state_1',
  GITHUB_STEP_SUMMARY: '/runner/_temp/_runner_file_commands/step_summary_1',
  github_env: '/lower/case/on/windows',
  GITHUB_REPOSITORY: 'o/r',
  GIT_CONFIG_GLOBAL: '/dev/null',
  GIT_SSH_COMMAND: 'ssh -i key',
  GIT_DIR: '/elsewhere/.git',
  NPM_TOKEN: 'npm_secret',
  AWS_SECRET_ACCESS_KEY: 'aws'
}

describe('claudeEnv', () => {
  it("drops the runner's file commands, so Claude cannot set env, PATH, outputs, state or the summary", () => {
    const env = claudeEnv(runner, { apiKey: 'k' }, { isRoot: false })
    for (const k of ['GITHUB_ENV', 'GITHUB_PATH', 'GITHUB_OUTPUT', 'GITHUB_STATE', 'GITHUB_STEP_SUMMARY'])
      expect(env[k], k).toBeUndefined()
    expect(env.github_env).toBeUndefined()
    expect(env.GITHUB_REPOSITORY).toBe('o/r')
  })
})

describe('gitEnv', () => {
  it('keeps what git needs and nothing secret', () => {
    expect(gitEnv(runner)).toEqual({
      PATH: '/usr/bin',
      HOME: '/home/runner',
      LANG: 'C.UTF-8',
      LC_CTYPE: 'C.UTF-8',
      HTTPS_PROXY: 'http://proxy:3128',
      GIT_CONFIG_GLOBAL: '/dev/null',
      GIT_SSH_COMMAND: 'ssh -i key'
    })
  })

  it('switches hooks and fsmonitor off on every command line', () => {
    expect(SAFE_CONFIG_ARGS.join(' ')).toContain('-c core.hooksPath=/dev/null -c core.fsmonitor=false')
  })
})

describe('npmEnv', () => {
  it('drops action inputs, GitHub and Actions tokens and file commands; keeps npm settings', () => {
    const env = npmEnv({ ...runner, npm_config_registry: 'https://registry.example' })
    expect(env.PATH).toBe('/usr/bin')
    expect(env.HOME).toBe('/home/runner')
    expect(env.HTTPS_PROXY).toBe('http://proxy:3128')
    expect(env.npm_config_registry).toBe('https://registry.example')
    for (const k of Object.keys(env))
      expect(k).not.toMatch(/^(INPUT_|ACTIONS_|GITHUB_(TOKEN|ENV|PATH|OUTPUT|STATE|STEP_SUMMARY)$|GH_TOKEN)/i)
    expect(env.ANTHROPIC_API_KEY).toBeUndefined()
  })
})
