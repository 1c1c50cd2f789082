/** Shared setup for tests that run the real Claude Code CLI against the local Messages API. */
import { mkdir, mkdtemp, rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { claudeEnv } from '../../src/infra/claude/process.js'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')

/** The pinned CLI from devDependencies. */
export const CLAUDE_BIN = path.join(root, 'node_modules', '.bin', 'claude')

/** A model the CLI has prices for, so total_cost_usd is non-zero (1000 in + 100 out tokens = $0.0045). */
export const TEST_MODEL = 'claude-sonnet-4-5'

export const DUMMY_API_KEY = 'sk-ant-test-dummy-key-0000'

export interface ClaudeTestEnv {
  /** Temp HOME: the CLI keeps sessions and settings under $HOME/.claude. */
  home: string
  /** Temp working directory for the run. */
  workdir: string
  /** Temp folder for transcripts and other test output. */
  scratch: string
  env: NodeJS.ProcessEnv
  cleanup(): Promise<void>
}

/**
 * A temp HOME and working directory, and the environment `claudeEnv` builds from a minimal runner-like base
 * pointing at `apiUrl`. `extra` is added to the base before filtering (so GitHub secrets put there are
 * expected to be removed).
 */
export async function makeClaudeEnv(apiUrl: string, extra: NodeJS.ProcessEnv = {}): Promise<ClaudeTestEnv> {
  const top = await mkdtemp(path.join(os.tmpdir(), 'taskmesh-claude-'))
  const home = path.join(top, 'home')
  const workdir = path.join(top, 'work')
  const scratch = path.join(top, 'scratch')
  await Promise.all([mkdir(home), mkdir(workdir), mkdir(scratch)])
  const base: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: home,
    LANG: 'C.UTF-8',
    ANTHROPIC_BASE_URL: apiUrl,
    // The CLI otherwise retries a failing API for minutes.
    CLAUDE_CODE_MAX_RETRIES: '0',
    ...extra
  }
  return {
    home,
    workdir,
    scratch,
    env: claudeEnv(base, { apiKey: DUMMY_API_KEY }),
    cleanup: () => rm(top, { recursive: true, force: true })
  }
}
