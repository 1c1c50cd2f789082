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
    expect(r.stderr).toContain('tasks.json: not valid (3 problems)\n')
    expect(r.stderr).not.toContain('nothing was run or changed')
    expect(readFileSync(file, 'utf8')).toBe(INVALID)
  })

  it('names the path it looked for when the file is missing', async () => {
    const dir = tempDir('taskmesh-cli-')
    const r = await cli(['validate', 'nope.json'], { cwd: dir })
    expect(r.exitCode).toBe(1)
    expect(r.stderr).toBe(`nope.json: not found (looked for ${path.join(dir, 'nope.json')})\n`)
  })

  it('checks several files at once, as a pre-commit hook passes them, and exits 1 when one is bad', async () => {
    const dir = tempDir('taskmesh-cli-')
    writeTaskFile(dir, 'a.json', VALID)
    writeTaskFile(dir, 'b.json', INVALID)
    writeTaskFile(dir, 'c.json', { project: 'c', tasks: [{ id: 'x', description: 'X' }] })
    const r = await cli(['validate', 'a.json', 'b.json', 'c.json', 'missing.json'], { cwd: dir })
    expect(r.exitCode).toBe(1)
    expect(r.stdout).toContain('a.json: valid (4 tasks)\n')
    expect(r.stdout).toContain('c.json: valid (1 task)\n')
    expect(r.stdout).toContain('2 of 4 files are not valid')
    expect(r.stderr).toContain('b.json: not valid (3 problems)')
    expect(r.stderr).toMatch(/^b\.json:4:\d+: error: /m)
    expect(r.stderr).toContain('missing.json: not found')

    const good = await cli(['validate', 'a.json', 'c.json'], { cwd: dir })
    expect(good.exitCode, good.stderr).toBe(0)
    expect(good.stdout).toContain('all 2 files are valid')
  })

  it('warns about a key near a known one with its line, and stays valid; custom fields stay silent', async () => {
    const dir = tempDir('taskmesh-cli-')
    const text = `{
  "project": "demo",
  "owner": "me",
  "tasks": [
    { "id": "a", "description": "A", "labels": ["x"], "meta": {} },
    { "id": "b", "description": "B", "dependsOn": ["a"] }
  ]
}
`
    writeTaskFile(dir, 'task.json', text)
    const r = await cli(['validate'], { cwd: dir })
    expect(r.exitCode, r.stderr).toBe(0)
    expect(r.stdout).toBe('task.json: valid (2 tasks, 1 warning)\n')
    expect(r.stderr).toMatch(
      /^task\.json:6:\d+: warning: tasks\[1\]\.dependsOn: unknown field in task "b"; did you mean `dependencies`\?/
    )
    expect(r.stderr.trim().split('\n')).toHaveLength(1)
    const plan = await cli(['plan'], { cwd: dir })
    expect(plan.exitCode).toBe(0)
    expect(plan.stderr).toContain('did you mean `dependencies`?')
  })
})

describe('taskmesh --version and --help', () => {
  it('prints the version', async () => {
    const pkg = JSON.parse(readFileSync(path.join(CLI_ENTRY, '../../package.json'), 'utf8'))
    const r = await cli(['--version'], { cwd: tempDir('taskmesh-cli-') })
    expect(r.exitCode).toBe(0)
    expect(r.stdout).toBe(`taskmesh ${pkg.version}\n`)
  })

  it("prints a command's help with <command> --help, and a line per flag with help inputs", async () => {
    const dir = tempDir('taskmesh-cli-')
    const help = await cli(['run', '--help'], { cwd: dir })
    expect(help.exitCode).toBe(0)
    expect(help.stdout).toMatch(/^usage: taskmesh run \[file\]/)
    expect((await cli(['validate', '-h'], { cwd: dir })).stdout).toMatch(
      /^usage: taskmesh validate \[file…\]/
    )
    const inputs = await cli(['help', 'inputs'], { cwd: dir })
    expect(inputs.exitCode).toBe(0)
    const lines = inputs.stdout.trim().split('\n').slice(1)
    const table = await import('../../src/inputs/table.js')
    expect(lines.map(l => /^ {2}--(\S+) {2,}\S/.exec(l)?.[1])).toEqual(Object.keys(table.INPUT_DEFAULTS))
    expect(inputs.stdout).toMatch(/--max-turns +most agent turns per attempt .*\(default 50\)/)
    expect(inputs.stdout).toMatch(/--commit +commit each finished task .*\(default false\)/)
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

  it('exits 1 naming the flag and the allowed values for a wrong flag value', async () => {
    const dir = tempDir('taskmesh-cli-')
    writeTaskFile(dir, 'task.json', VALID)
    const r = await cli(['run', '--permission-mode', 'yolo'], { cwd: dir })
    expect(r.exitCode).toBe(1)
    expect(r.stderr).toContain('--permission-mode must be one of')
    expect(r.stderr).toContain('"bypassPermissions"')
    expect(r.stderr).not.toContain('input')
  })

  it.each(['--mode plan', '--pull-request', '--dispatch-next', '--draft'])(
    'refuses %s, which does nothing locally, with the reason',
    async flag => {
      const dir = tempDir('taskmesh-cli-')
      writeTaskFile(dir, 'task.json', VALID)
      const r = await cli(['run', ...flag.split(' ')], { cwd: dir })
      expect(r.exitCode).toBe(2)
      expect(r.stderr).toMatch(
        new RegExp(`^${flag.split(' ')[0]} is not available in the local command: \\S`)
      )
    }
  )

  it('speaks of flags when the task file is missing', async () => {
    const r = await cli(['plan'], { cwd: tempDir('taskmesh-cli-') })
    expect(r.exitCode).toBe(1)
    expect(r.stderr).toContain('create it or set --task-file')
    expect(r.stderr).not.toContain('is not valid')
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

    // Progress on the terminal, then a short report: a table of the tasks and the path of the Markdown.
    expect(r.stdout).toContain('▶ a · Write a (attempt 1/3)')
    const finished = r.stdout.indexOf('🏁 run finished: 2 completed · 0 failed · 0 pending')
    expect(finished).toBeGreaterThan(r.stdout.indexOf('▶ b · Write b.txt (attempt 1/3)'))
    const report = r.stdout.slice(finished).split('\n').slice(1).join('\n').trim()
    const lines = report.split('\n')
    expect(lines[0]).toMatch(/^demo: 2 completed · 0 failed · 0 pending · \$0\.\d+ · /)
    expect(lines[2]).toMatch(/^ {2}task +status +attempts +time +cost +files$/)
    // In the file's order.
    expect(lines[3]).toMatch(/^ {2}b +completed +1 +\S+ m?s +\$0\.\d+ +b\.txt$/)
    expect(lines[4]).toMatch(/^ {2}a +completed +1 +\S+ m?s +\$0\.\d+ +a\.txt$/)
    // Aligned: each column starts at the same place in the header and in every row.
    const [head, rowB, rowA] = lines.slice(2, 5) as [string, string, string]
    expect(rowA.indexOf('completed')).toBe(head.indexOf('status'))
    expect(rowB.indexOf('completed')).toBe(head.indexOf('status'))
    expect(rowA.indexOf('a.txt')).toBe(head.indexOf('files'))
    expect(rowB.indexOf('b.txt')).toBe(head.indexOf('files'))
    expect(rowA.indexOf('$')).toBe(rowB.indexOf('$'))
    const summaryFile = /^Full report \(Markdown\): (.+)$/m.exec(report)?.[1]
    expect(summaryFile).toBeDefined()
    expect(readFileSync(summaryFile!, 'utf8')).toContain('## 🕸️ Taskmesh · demo')
    expect(r.stdout).not.toMatch(/<details>|<pre>|&[a-z]+;|```mermaid/)
    expect(lines.length).toBeLessThan(12)
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
