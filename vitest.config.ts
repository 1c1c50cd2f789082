import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Builds dist/ first (the end-to-end tests start it), and keeps every temp folder under one that is
    // removed after each test file and at the end of the run.
    globalSetup: ['test/support/global-setup.ts'],
    setupFiles: ['test/support/temp-root.ts'],
    // End-to-end tests start the real Claude Code CLI and real git; give them room on a 2-core machine.
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // Four files at a time even on 2 cores: an end-to-end test mostly waits for the processes it started
    // (the CLI, git, the action) and for the local API's answers. On 2 cores, two workers kept the CPU
    // 46% busy (182 s of wall time for 166 s of CPU); four take 148 s.
    maxWorkers: 4,
    // One process per worker for all its files, not one per file: starting a fork and importing vitest and
    // the support modules again for every file cost about 0.3 s of CPU per file (unit tests: 21.8 s → 12.9 s
    // of CPU). Nothing a test file changes outlives it: temp folders and servers are per file or per test,
    // process.env changes are put back (or the same for every file, like isolateGitConfig).
    isolate: false
  }
})
