// The local `taskmesh` command end to end: node dist/cli.js, as `npx taskmesh` runs it.
import { spawn } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { CLI_ENTRY, NODE } from '../support/action.js'
import { CLAUDE_BIN, DUMMY_API_KEY, TEST_MODEL } from '../support/claude-env.js'
import { startMessagesApi, type MessagesApi } from '../support/messages-api.js'
import { makeRepo, type TestRepo } from '../support/repo.js'

interface CliRun {
  exitCode: number | null
  stdout: string
  stderr: string
}

const cleanups: (() => unknown)[] = []
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c()
})

function tempDir(prefix: string): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), prefix))
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }))
  return dir
}

function cli(args: string[], o: { cwd: string; env?: NodeJS.ProcessEnv }): Promise<CliRun> {
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: tempDir('taskmesh-home-'),
    TMPDIR: tempDir('taskmesh-tmp-'),
    LANG: 'C.UTF-8',
    GIT_CONFIG_GLOBAL: '/dev/null',
    GIT_CONFIG_NOSYSTEM: '1',
    ...o.env
  }
  return new Promise((resolve, reject) => {
    let stdout = ''
    let stderr = ''
    const child = spawn(NODE, [CLI_ENTRY, ...args], {
      cwd: o.cwd,
      env,
      stdio: ['ignore', 'pipe', 'pipe']
    })
    child.stdout.on('data', (b: Buffer) => (stdout += b.toString()))
    child.stderr.on('data', (b: Buffer) => (stderr += b.toString()))
    const timer = setTimeout(() => child.kill('SIGKILL'), 50_000)
    child.on('error', reject)
    child.on('close', exitCode => {
      clearTimeout(timer)
      resolve({ exitCode, stdout, stderr })
    })
  })
}

const VALID = {
  project: 'demo',
  description: 'A demo project.',
  tasks: [
    { id: 'a', title: 'First', description: 'Write a.txt' },
    { id: 'b', description: 'Write b.txt', dependencies: ['a'] },
    { id: 'c', description: 'Write c.txt', dependencies: ['a'] },
    { id: 'd', description: 'Write d.txt', dependencies: ['b', 'c'] }
  ],
  logs: []
}

const INVALID = `{
  "project": "demo",
  "tasks": [
    { "id": "a b", "description": "bad id" },
    { "id": "c", "description": "", "dependencies": ["zzz"] }
  ]
}
`

function writeTaskFile(dir: string, name: string, content: unknown): string {
  const file = path.join(dir, name)
  writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content, null, 2) + '\n')
  return file
}

describe('taskmesh validate', () => {
  it('exits 0 and says the file is valid', async () => {
    const dir = tempDir('taskmesh-cli-')
    writeTaskFile(dir, 'task.json', VALID)
    const r = await cli(['validate'], { cwd: dir })
    expect(r.exitCode, r.stderr).toBe(0)
    expect(r.stdout).toContain('task.json: valid (4 tasks)')
    expect(r.stderr).toBe('')
  })

  it('exits 1 with every problem as file:line:column, and leaves the file untouched', async () => {
    const dir = tempDir('taskmesh-cli-')
    const file = writeTaskFile(dir, 'tasks.json', INVALID)
    const r = await cli(['validate', 'tasks.json'], { cwd: dir })
    expect(r.exitCode).toBe(1)
    const lines = r.stderr.split('\n')
    expect(lines).toContainEqual(
      expect.stringMatching(/^tasks\.json:4:\d+: error: tasks\[0\]\.id: invalid task id "a b"/)
    )
    expect(lines).toContainEqual(
      expect.stringMatching(/^tasks\.json:5:\d+: error: tasks\[1\]\.description: must not be empty/)
    )
    expect(lines).toContainEqual(
      expect.stringMatching(/^tasks\.json:5:\d+: error: tasks\[1\]\.dependencies\[0\]: unknown task "zzz"/)
    )
    expect(r.stderr).toContain('tasks.json is not valid (3 problems); nothing was run or changed.\n')
    expect(readFileSync(file, 'utf8')).toBe(INVALID)
  })

  it('names the path it looked for when the file is missing', async () => {
    const dir = tempDir('taskmesh-cli-')
    const r = await cli(['validate', 'nope.json'], { cwd: dir })
    expect(r.exitCode).toBe(1)
    expect(r.stderr).toContain('Task file not found: looked for nope.json')
  })
})

describe('taskmesh plan', () => {
  it('prints the counts and the waves, and changes nothing', async () => {
    const dir = tempDir('taskmesh-cli-')
    const file = writeTaskFile(dir, 'task.json', VALID)
    const before = readFileSync(file, 'utf8')
    const r = await cli(['plan'], { cwd: dir })
    expect(r.exitCode, r.stderr).toBe(0)
    expect(r.stdout).toContain('task.json: demo · 4 task(s) · valid')
    expect(r.stdout).toContain('completed 0 · failed 0 · pending 4 · in progress 0 · blocked 0')
    expect(r.stdout).toMatch(/wave 1: a\n[\s\S]*wave 2: b, c\n[\s\S]*wave 3: d\n/)
    expect(readFileSync(file, 'utf8')).toBe(before)
  })
})

describe('taskmesh with a wrong command line', () => {
  it('exits 2 with the usage for an unknown flag', async () => {
    const dir = tempDir('taskmesh-cli-')
    const r = await cli(['run', '--no-such-flag', 'x'], { cwd: dir })
    expect(r.exitCode).toBe(2)
    expect(r.stderr).toContain('unknown flag --no-such-flag')
    expect(r.stderr).toContain('usage: taskmesh <command>')
  })

  it('exits 2 with the usage for an unknown command', async () => {
    const dir = tempDir('taskmesh-cli-')
    const r = await cli(['frobnicate'], { cwd: dir })
    expect(r.exitCode).toBe(2)
    expect(r.stderr).toContain('unknown command "frobnicate"')
    expect(r.stderr).toContain('usage: taskmesh <command>')
  })

  it('exits 1 naming the input and the allowed values for a wrong flag value', async () => {
    const dir = tempDir('taskmesh-cli-')
    writeTaskFile(dir, 'task.json', VALID)
    const r = await cli(['run', '--permission-mode', 'yolo'], { cwd: dir })
    expect(r.exitCode).toBe(1)
    expect(r.stderr).toContain('input "permission-mode" must be one of')
    expect(r.stderr).toContain('"bypassPermissions"')
  })
})

describe('taskmesh run', () => {
  let api: MessagesApi | undefined
  let repo: TestRepo | undefined
  afterEach(async () => {
    await api?.close()
    api = undefined
    repo?.cleanup()
    repo = undefined
  })

  it('runs the ready tasks, updates task.json, prints the report, and commits nothing', async () => {
    const taskJson =
      JSON.stringify(
        {
          project: 'demo',
          description: 'A demo project.',
          tasks: [
            { id: 'b', description: 'Write b.txt', dependencies: ['a'] },
            { id: 'a', title: 'Write a', description: 'Write a.txt' }
          ],
          logs: []
        },
        null,
        2
      ) + '\n'
    repo = await makeRepo({ files: { 'task.json': taskJson } })
    api = await startMessagesApi(ctx => {
      if (ctx.turn === 0)
        return {
          tools: [
            {
              name: 'Write',
              input: { file_path: path.join(ctx.cwd!, `${ctx.taskId}.txt`), content: `${ctx.taskId}\n` }
            }
          ]
        }
      return { text: `Wrote ${ctx.taskId}.txt` }
    })
    const headBefore = await repo.git(repo.work, 'rev-parse', 'HEAD')

    const r = await cli(['run', '--claude-path', CLAUDE_BIN, '--model', TEST_MODEL], {
      cwd: repo.work,
      env: {
        ANTHROPIC_BASE_URL: api.url,
        ANTHROPIC_API_KEY: DUMMY_API_KEY,
        CLAUDE_CODE_MAX_RETRIES: '0'
      }
    })
    expect(r.exitCode, `${r.stdout}\n${r.stderr}`).toBe(0)

    const state = JSON.parse(repo.read(repo.work, 'task.json'))
    expect(state.status).toBe('completed')
    expect(state.tasks.map((t: { status: string }) => t.status)).toEqual(['completed', 'completed'])
    expect(state.tasks[1].outputs).toEqual(['a.txt'])
    expect(state.tasks[0].outputs).toEqual(['b.txt'])
    expect(state.logs.length).toBeGreaterThan(0)
    expect(repo.read(repo.work, 'a.txt')).toBe('a\n')

    // Progress on the terminal, then the Markdown report at the end.
    expect(r.stdout).toContain('▶ a · Write a (attempt 1/3)')
    const finished = r.stdout.indexOf('🏁 run finished: 2 completed · 0 failed · 0 pending')
    expect(finished).toBeGreaterThan(r.stdout.indexOf('▶ b · Write b.txt (attempt 1/3)'))
    const report = r.stdout.slice(finished)
    expect(report).toContain('## 🕸️ Taskmesh · demo')
    expect(report).toContain('**✅ 2 completed · ❌ 0 failed')
    expect(report).toContain('| <code>a</code> Write a | ✅ completed | 1 |')
    expect(report.trimEnd().endsWith('</pre>')).toBe(true)
    expect(r.stdout).not.toContain(DUMMY_API_KEY)
    expect(r.stderr).not.toContain(DUMMY_API_KEY)

    // Locally commit (and push) default to false: nothing committed, the changes are in the working tree.
    expect(await repo.git(repo.work, 'rev-parse', 'HEAD')).toBe(headBefore)
    const status = await repo.git(repo.work, 'status', '--porcelain')
    expect(
      status
        .split('\n')
        .map(l => l.trim())
        .sort()
    ).toEqual(['?? a.txt', '?? b.txt', 'M task.json'])
  })
})
