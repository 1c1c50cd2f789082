// mode: decompose end to end: dist/index.js (and dist/cli.js) with the real Claude Code CLI against the local
// Messages API, which answers with a StructuredOutput tool call; real git with a bare origin; a fake GitHub API.
import { spawn } from 'node:child_process'
import {
  existsSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  realpathSync,
  symlinkSync,
  writeFileSync
} from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { CLI_ENTRY, NODE, runAction, visibleLog } from '../support/action.js'
import { CLAUDE_BIN, DUMMY_API_KEY, TEST_MODEL } from '../support/claude-env.js'
import { startFakeGitHub, type FakeGitHub } from '../support/github-api.js'
import { startMessagesApi, structuredOutput, type MessagesApi } from '../support/messages-api.js'
import { makeRepo, TEST_ENV, type TestRepo } from '../support/repo.js'

let api: MessagesApi | undefined
let repo: TestRepo | undefined
let gh: FakeGitHub | undefined
afterEach(async () => {
  await api?.close()
  await gh?.close()
  repo?.cleanup()
  api = repo = gh = undefined
})

/**
 * A task file laid out the way people write them, not the way JSON.stringify would: 4-space indent, inline
 * arrays, a `1.0`. A re-serialization would change these bytes; an append must not.
 */
const HAND_WRITTEN = `{
    "project": "demo",
    "description": "A demo project.",
    "tasks": [
        { "id": "setup", "title": "Set up the repository", "description": "Create the skeleton.", "status": "completed" },
        {
            "id": "api",
            "description": "Write the API.",
            "dependencies": ["setup"],
            "estimateMinutes": 1.0,
            "custom": { "kept": true }
        }
    ],
    "logs": [
        { "timestamp": "2025-01-01T00:00:00.000Z", "message": "hand-written" }
    ]
}
`

type Plan = { tasks: Record<string, unknown>[] }
const task = (id: string, dependencies: string[] = [], extra: Record<string, unknown> = {}) => ({
  id,
  title: `Title of ${id}`,
  description: `Do ${id}.`,
  dependencies,
  ...extra
})

/** Answers the n-th conversation (try) with answers[n] (the last one again when there are fewer). */
function planner(answers: Plan[]) {
  let tries = 0
  return startMessagesApi(ctx => {
    if (ctx.turn > 0) return { text: 'done' }
    const answer = answers[Math.min(tries++, answers.length - 1)]
    return structuredOutput(answer)
  })
}

/** The prompts of the tries, in order (the first user message of each conversation). */
const prompts = (a: MessagesApi) =>
  a.requests.filter(r => r.turn === 0 && !r.isSideRequest).map(r => r.firstUserText)

function env(apiUrl: string, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  return {
    ANTHROPIC_BASE_URL: apiUrl,
    ANTHROPIC_API_KEY: DUMMY_API_KEY,
    CLAUDE_CODE_MAX_RETRIES: '0',
    HOME: mkdtempSync(path.join(os.tmpdir(), 'taskmesh-home-')),
    ...extra
  }
}

function inputs(extra: Record<string, string> = {}): Record<string, string> {
  return {
    mode: 'decompose',
    'claude-path': CLAUDE_BIN,
    model: TEST_MODEL,
    'github-token': 'ghs_testtoken1234567890',
    ...extra
  }
}

const originHead = (r: TestRepo) => r.git(r.origin, 'rev-parse', 'main')

describe('mode: decompose (end to end through dist/index.js)', () => {
  it('adds a valid plan after the existing tasks, byte for byte, commits and pushes it', async () => {
    repo = await makeRepo({ files: { 'task.json': HAND_WRITTEN, 'README.md': '# demo\n' } })
    api = await planner([
      {
        tasks: [
          task('docs', ['api'], {
            details: 'Use Markdown.',
            verify: 'test -f docs/api.md',
            estimateMinutes: 10
          }),
          task('cli', ['setup']),
          task('release', ['docs', 'cli'])
        ]
      }
    ])
    const r = await runAction({
      workspace: repo.work,
      inputs: inputs({ request: 'Document the API and add a CLI, then release.' }),
      env: env(api.url)
    })
    expect(r.exitCode, r.log).toBe(0)
    expect(visibleLog(r.log)).not.toContain('ghs_testtoken1234567890')

    // Existing tasks (and everything before them) keep their exact bytes.
    const after = repo.read(repo.work, 'task.json')
    const lastExisting = HAND_WRITTEN.indexOf('        }\n    ],') + '        }'.length
    expect(after.startsWith(HAND_WRITTEN.slice(0, lastExisting))).toBe(true)
    const state = JSON.parse(after)
    expect(state.tasks.slice(0, 2)).toEqual(JSON.parse(HAND_WRITTEN).tasks)
    expect(state.tasks.slice(2)).toEqual([
      {
        id: 'docs',
        title: 'Title of docs',
        description: 'Do docs.',
        details: 'Use Markdown.',
        status: 'pending',
        dependencies: ['api'],
        verify: 'test -f docs/api.md',
        estimateMinutes: 10,
        source: 'decompose: Document the API and add a CLI, then release.'
      },
      expect.objectContaining({ id: 'cli', status: 'pending', dependencies: ['setup'] }),
      expect.objectContaining({ id: 'release', status: 'pending', dependencies: ['docs', 'cli'] })
    ])
    // New tasks are laid out in the file's own indentation.
    expect(after).toContain('\n        {\n            "id": "docs",\n')
    expect(state.logs).toHaveLength(2)
    expect(state.logs[0]).toEqual({ timestamp: '2025-01-01T00:00:00.000Z', message: 'hand-written' })
    expect(state.logs[1].message).toContain('Document the API and add a CLI, then release.')
    expect(state.logs[1].message).toContain('docs, cli, release')

    // One commit with task.json only, pushed.
    expect(await originHead(repo)).toBe(await repo.git(repo.work, 'rev-parse', 'HEAD'))
    expect(await repo.git(repo.origin, 'log', '-1', '--format=%s', 'main')).toBe(
      'taskmesh: plan 3 new tasks — Document the API and add a CLI, then release.'
    )
    expect(await repo.git(repo.origin, 'show', '--name-only', '--format=', 'main')).toBe('task.json')
    expect(await repo.git(repo.work, 'status', '--porcelain')).toBe('')

    // One try; the prompt has the request and the existing tasks; Claude could not write.
    expect(prompts(api)).toHaveLength(1)
    expect(prompts(api)[0]).toContain('Document the API and add a CLI, then release.')
    expect(prompts(api)[0]).toContain('- setup [completed] Set up the repository')
    expect(prompts(api)[0]).toContain('- api [pending] Write the API.')
    const first = api.requests[0]
    expect(first.hasTool('StructuredOutput')).toBe(true)
    expect(first.hasTool('Read')).toBe(true)
    expect(first.hasTool('Write')).toBe(false)
    expect(first.hasTool('Edit')).toBe(false)
    const transcript = readFileSync(
      path.join(r.runnerTemp, 'taskmesh', 'transcripts', '4242', 'decompose', 'try-1.jsonl'),
      'utf8'
    )
    expect(JSON.parse(transcript.split('\n')[0])).toMatchObject({
      subtype: 'init',
      permissionMode: 'dontAsk'
    })

    expect(JSON.parse(r.outputs['new-tasks'])).toEqual(['docs', 'cli', 'release'])
    expect(r.outputs.branch).toBe('main')
    expect(r.outputs['head-sha']).toBe(await originHead(repo))
    expect(r.outputs['pull-request-operation']).toBe('none')
    expect(Number(r.outputs['total-cost-usd'])).toBeGreaterThan(0)
    expect(r.summary).toContain('Taskmesh plan · demo')
    expect(r.summary).toContain('| Task | Depends on | Estimate | Verify | What |')
    expect(r.summary).toContain('```mermaid')
    expect(r.summary).toContain('<code>setup</code> (existing, ✅ completed)')
  })

  // The try-again loop end to end; which answers it sends back and with what note (an id an existing task
  // has, for one) is in test/unit/decompose-proposal.test.ts.
  it('sends a plan with a cycle back with the cycle named, and accepts the corrected answer', async () => {
    repo = await makeRepo({ files: { 'task.json': HAND_WRITTEN } })
    api = await planner([
      { tasks: [task('a', ['b']), task('b', ['a'])] },
      { tasks: [task('a'), task('b', ['a'])] }
    ])
    const r = await runAction({
      workspace: repo.work,
      inputs: inputs({ request: 'Two steps.' }),
      env: env(api.url)
    })
    expect(r.exitCode, r.log).toBe(0)
    const [firstPrompt, second] = prompts(api)
    expect(prompts(api)).toHaveLength(2)
    expect(firstPrompt).not.toContain('previous answer')
    expect(second).toContain('a → b → a')
    expect(second).toContain('not accepted (this is try 2 of 3)')
    // The previous answer is quoted so Claude can fix it rather than start over.
    expect(second).toContain('"id": "a"')
    expect(r.log).toContain('dependency cycle a → b → a')
    const state = JSON.parse(repo.read(repo.work, 'task.json'))
    expect(state.tasks.map((t: { id: string }) => t.id)).toEqual(['setup', 'api', 'a', 'b'])
    expect(state.tasks[3].dependencies).toEqual(['a'])
    expect(JSON.parse(r.outputs['new-tasks'])).toEqual(['a', 'b'])
    expect(r.summary).toContain('2 tries')
  })

  it('fails with the problems listed and writes nothing when the plan stays invalid', async () => {
    repo = await makeRepo({ files: { 'task.json': HAND_WRITTEN } })
    const before = await originHead(repo)
    api = await planner([{ tasks: [task('a', ['nowhere'])] }])
    const r = await runAction({
      workspace: repo.work,
      inputs: inputs({ request: 'Something impossible.' }),
      env: env(api.url)
    })
    expect(r.exitCode).toBe(1)
    expect(prompts(api)).toHaveLength(3)
    expect(r.log).toContain('Claude did not produce a valid plan in 3 tries; nothing was written')
    expect(r.log).toContain('tasks[0].dependencies[0]: unknown task "nowhere" (task "a" depends on it).')
    expect(repo.read(repo.work, 'task.json')).toBe(HAND_WRITTEN)
    expect(await repo.git(repo.work, 'status', '--porcelain')).toBe('')
    expect(await repo.git(repo.work, 'rev-parse', 'HEAD')).toBe(before)
    expect(await originHead(repo)).toBe(before)
    expect(JSON.parse(r.outputs['new-tasks'])).toEqual([])
    expect(r.summary).toContain('No plan was written')
    expect(r.summary).toContain('unknown task &quot;nowhere&quot;')
  })

  it('opens the review pull request with the task table and a mermaid graph', async () => {
    repo = await makeRepo({ files: { 'task.json': HAND_WRITTEN } })
    gh = await startFakeGitHub()
    api = await planner([{ tasks: [task('docs', ['api']), task('site', ['docs'])] }])
    const r = await runAction({
      workspace: repo.work,
      inputs: inputs({
        request: 'Write docs, cc @someone, fixes #12',
        'pull-request': 'true',
        labels: 'plan'
      }),
      env: env(api.url, { GITHUB_API_URL: gh.url })
    })
    expect(r.exitCode, r.log).toBe(0)
    expect(gh.pulls).toHaveLength(1)
    const pr = gh.pulls[0]
    expect(pr).toMatchObject({ head: 'taskmesh/plan-demo', base: 'main', labels: ['plan'] })
    expect(pr.title).toBe('Taskmesh plan: demo (+2 tasks)')
    expect(pr.body).toContain('<!-- taskmesh -->')
    expect(pr.body).toContain('| Task | Depends on | Estimate | Verify | What |')
    expect(pr.body).toContain('| <code>docs</code> Title of docs | <code>api</code> (existing, ⏳ pending) |')
    expect(pr.body).toContain('```mermaid\nflowchart LR\n')
    expect(pr.body).toMatch(/t\d --> t\d/)
    // The request cannot ping or close anything from the PR body.
    expect(pr.body).not.toContain('@someone')
    expect(pr.body).not.toContain('#12')
    expect(gh.calls.every(c => c.auth === 'token ghs_testtoken1234567890')).toBe(true)

    // The plan is on its own branch on origin; main is untouched.
    const planned = JSON.parse(await repo.git(repo.origin, 'show', 'taskmesh/plan-demo:task.json'))
    expect(planned.tasks.map((t: { id: string }) => t.id)).toEqual(['setup', 'api', 'docs', 'site'])
    expect(await repo.git(repo.origin, 'show', 'main:task.json')).toBe(HAND_WRITTEN.trimEnd())
    expect(r.outputs).toMatchObject({
      branch: 'taskmesh/plan-demo',
      'pull-request-number': String(pr.number),
      'pull-request-operation': 'created',
      'new-tasks': '["docs","site"]'
    })
  })

  it('creates task.json from the project inputs when there is none, and needs `project` for that', async () => {
    repo = await makeRepo()
    api = await planner([{ tasks: [task('one'), task('two', ['one'])] }])

    const missing = await runAction({
      workspace: repo.work,
      inputs: inputs({ request: 'Start the project.' }),
      env: env(api.url)
    })
    expect(missing.exitCode).toBe(1)
    expect(missing.log).toContain('task.json does not exist yet: set the `project` input')
    expect(api.requests).toHaveLength(0)

    const r = await runAction({
      workspace: repo.work,
      inputs: inputs({ request: 'Start the project.', project: 'fresh', description: 'A new project.' }),
      env: env(api.url)
    })
    expect(r.exitCode, r.log).toBe(0)
    const text = repo.read(repo.work, 'task.json')
    const state = JSON.parse(text)
    expect(state).toMatchObject({ project: 'fresh', description: 'A new project.' })
    expect(state.tasks.map((t: { id: string; status: string }) => [t.id, t.status])).toEqual([
      ['one', 'pending'],
      ['two', 'pending']
    ])
    expect(state.logs).toHaveLength(1)
    expect(text.endsWith('}\n')).toBe(true)
    expect(prompts(api)[0]).toContain('None: the file has no tasks yet.')
    expect(await repo.git(repo.origin, 'show', '--name-only', '--format=%s', 'main')).toBe(
      'taskmesh: plan 2 new tasks — Start the project.\n\ntask.json'
    )
  })

  it('reads the request from a file in the repository, and names a missing one', async () => {
    repo = await makeRepo({
      files: { 'task.json': HAND_WRITTEN, 'requests/search.md': '# Search\n\nAdd full-text search.\n' }
    })
    api = await planner([{ tasks: [task('search', ['api'])] }])
    const missing = await runAction({
      workspace: repo.work,
      inputs: inputs({ 'request-file': 'requests/nope.md' }),
      env: env(api.url)
    })
    expect(missing.exitCode).toBe(1)
    expect(missing.log).toContain(
      `request-file "requests/nope.md" not found: looked for ${path.join(repo.work, 'requests/nope.md')}`
    )
    expect(api.requests).toHaveLength(0)

    const r = await runAction({
      workspace: repo.work,
      inputs: inputs({ 'request-file': 'requests/search.md' }),
      env: env(api.url)
    })
    expect(r.exitCode, r.log).toBe(0)
    expect(prompts(api)[0]).toContain('Add full-text search.')
    const added = JSON.parse(repo.read(repo.work, 'task.json')).tasks[2]
    expect(added).toMatchObject({ id: 'search', source: 'decompose: requests/search.md' })
  })

  it('refuses a request-file outside the repository, also through a symlink, naming the input', async () => {
    repo = await makeRepo({ files: { 'task.json': HAND_WRITTEN } })
    api = await planner([{ tasks: [task('x')] }])
    const secret = path.join(repo.root, 'outside.md')
    writeFileSync(secret, 'Not part of the repository.\n')

    const dotdot = await runAction({
      workspace: repo.work,
      inputs: inputs({ 'request-file': '../outside.md' }),
      env: env(api.url)
    })
    expect(dotdot.exitCode).toBe(1)
    expect(visibleLog(dotdot.log)).toContain(
      `::error::input "request-file": "../outside.md" is outside the repository (${realpathSync(repo.work)})`
    )

    // A symlink committed in the repository that leads out of it.
    symlinkSync(secret, path.join(repo.work, 'request.md'))
    await repo.git(repo.work, 'add', 'request.md')
    await repo.git(repo.work, 'commit', '-q', '-m', 'link')
    const link = await runAction({
      workspace: repo.work,
      inputs: inputs({ 'request-file': 'request.md' }),
      env: env(api.url)
    })
    expect(link.exitCode).toBe(1)
    expect(visibleLog(link.log)).toContain(
      '::error::input "request-file": "request.md" is outside the repository'
    )

    const absolute = await runAction({
      workspace: repo.work,
      inputs: inputs({ 'request-file': secret }),
      env: env(api.url)
    })
    expect(absolute.exitCode).toBe(1)
    expect(visibleLog(absolute.log)).toContain('is outside the repository')

    expect(api.requests).toHaveLength(0)
    expect(repo.read(repo.work, 'task.json')).toBe(HAND_WRITTEN)
  })

  it('keeps the token actions/checkout persisted out of the git config while Claude plans', async () => {
    repo = await makeRepo({ files: { 'task.json': HAND_WRITTEN } })
    const header = 'AUTHORIZATION: basic Y2hlY2tvdXQtdG9rZW4tc2VjcmV0'
    await repo.git(repo.work, 'config', '--local', 'http.https://github.com/.extraheader', header)
    api = await startMessagesApi(ctx => {
      if (ctx.turn === 0)
        return { tools: [{ name: 'Read', input: { file_path: path.join(ctx.cwd!, '.git', 'config') } }] }
      if (ctx.turn === 1) return structuredOutput({ tasks: [task('x')] })
      return { text: 'done' }
    })
    const r = await runAction({
      workspace: repo.work,
      inputs: inputs({ request: 'Plan something.' }),
      env: env(api.url)
    })
    expect(r.exitCode, r.log).toBe(0)
    const seen = api.requests.flatMap(q => q.lastToolResults).map(t => t.content)
    expect(seen.join('\n')).toContain('[core]') // Claude really read the config
    expect(seen.join('\n')).not.toContain('Y2hlY2tvdXQtdG9rZW4tc2VjcmV0')
    expect(visibleLog(r.log)).toContain('persist-credentials')
    // Back for the later steps of the job.
    expect(
      await repo.git(repo.work, 'config', '--local', '--get', 'http.https://github.com/.extraheader')
    ).toBe(header)
  })

  it('goes back to main and drops the plan branch when a check after preparing it fails', async () => {
    repo = await makeRepo({ files: { 'task.json': HAND_WRITTEN } })
    api = await planner([{ tasks: [task('x')] }])
    const r = await runAction({
      workspace: repo.work,
      inputs: inputs({ request: 'Anything.', 'pull-request': 'true', base: 'taskmesh/plan-demo' }),
      env: env(api.url)
    })
    expect(r.exitCode).toBe(1)
    expect(visibleLog(r.log)).toMatch(
      /::error::the pull request would merge "taskmesh\/plan-demo" into itself/
    )
    expect(await repo.git(repo.work, 'branch', '--show-current')).toBe('main')
    expect(await repo.git(repo.work, 'branch', '--list', 'taskmesh/*')).toBe('')
    expect(api.requests).toHaveLength(0)
  })

  it('writes nothing when the working tree changed while Claude planned (read-only means read-only)', async () => {
    repo = await makeRepo({ files: { 'task.json': HAND_WRITTEN } })
    const before = await originHead(repo)
    api = await startMessagesApi(ctx => {
      if (ctx.turn > 0) return { text: 'done' }
      // Stands in for a write that slipped past the read-only tools (the check looks at the working tree,
      // whoever changed it during the session).
      repo!.write(repo!.work, 'leaked.txt', 'written during planning\n')
      return structuredOutput({ tasks: [task('x')] })
    })
    const r = await runAction({
      workspace: repo.work,
      inputs: inputs({ request: 'Anything.' }),
      env: env(api.url)
    })
    expect(r.exitCode).toBe(1)
    expect(visibleLog(r.log)).toContain(
      'Claude changed files although decompose only lets it read (leaked.txt); nothing was written and those changes are left in the working tree.'
    )
    expect(repo.read(repo.work, 'task.json')).toBe(HAND_WRITTEN)
    expect(repo.read(repo.work, 'leaked.txt')).toBe('written during planning\n')
    expect(await originHead(repo)).toBe(before)
    expect(await repo.git(repo.work, 'branch', '--list', 'taskmesh/*')).toBe('')
  })

  it('stops on a 401 with the credentials message and writes nothing', async () => {
    repo = await makeRepo({ files: { 'task.json': HAND_WRITTEN } })
    const before = await originHead(repo)
    api = await startMessagesApi(() => ({ error: { status: 401, message: 'invalid x-api-key' } }))
    const r = await runAction({
      workspace: repo.work,
      inputs: inputs({ request: 'Anything.' }),
      env: env(api.url)
    })
    expect(r.exitCode).toBe(1)
    expect(r.log).toContain(
      'decompose stopped: the Anthropic API refused the credentials (HTTP 401): check the `anthropic-api-key` input / ANTHROPIC_API_KEY secret.'
    )
    // One try only: credentials do not get better by asking again.
    expect(api.requests.filter(q => !q.isSideRequest)).toHaveLength(1)
    expect(repo.read(repo.work, 'task.json')).toBe(HAND_WRITTEN)
    expect(await originHead(repo)).toBe(before)
    expect(r.summary).toContain('No plan was written')
  })
})

describe('taskmesh decompose (dist/cli.js)', () => {
  it('adds the planned tasks to the working tree without committing (the local default)', async () => {
    repo = await makeRepo({ files: { 'plans/tasks.json': HAND_WRITTEN } })
    api = await planner([{ tasks: [task('bench', ['api'])] }])
    const head = await repo.git(repo.work, 'rev-parse', 'HEAD')
    const r = await runCli(
      [
        'decompose',
        'Add a benchmark for the API.',
        '--task-file',
        'plans/tasks.json',
        '--claude-path',
        CLAUDE_BIN,
        '--model',
        TEST_MODEL
      ],
      repo.work,
      env(api.url)
    )
    expect(r.code, r.out).toBe(0)
    expect(r.out).toContain('added 1 task(s) to plans/tasks.json: bench')
    // The plan's Markdown report goes to a file; the terminal gets its path, not the Markdown.
    expect(r.out).not.toContain('<code>')
    const report = /^Full report \(Markdown\): (.+)$/m.exec(r.out)?.[1]
    expect(report, r.out).toBeDefined()
    expect(readFileSync(report!, 'utf8')).toContain('Taskmesh plan · demo')
    expect(readFileSync(report!, 'utf8')).toContain('<code>bench</code>')
    const state = JSON.parse(repo.read(repo.work, 'plans/tasks.json'))
    expect(state.tasks.map((t: { id: string }) => t.id)).toEqual(['setup', 'api', 'bench'])
    expect(prompts(api)[0]).toContain('Add a benchmark for the API.')
    expect(prompts(api)[0]).toContain('Turn the request below into tasks for plans/tasks.json.')
    expect(await repo.git(repo.work, 'rev-parse', 'HEAD')).toBe(head)
    expect(await repo.git(repo.work, 'status', '--porcelain')).toBe('M plans/tasks.json')
    expect(readdirSync(repo.work).sort()).toEqual(['.git', 'plans'])
  })

  it('fails with exit 1 and names the problems when the plan stays invalid', async () => {
    repo = await makeRepo({ files: { 'task.json': HAND_WRITTEN } })
    api = await planner([{ tasks: [task('x', ['x'])] }])
    const r = await runCli(
      ['decompose', 'Loop.', '--claude-path', CLAUDE_BIN, '--model', TEST_MODEL],
      repo.work,
      env(api.url)
    )
    expect(r.code).toBe(1)
    expect(r.err).toContain('error: Claude did not produce a valid plan in 3 tries')
    expect(r.err).toContain('task "x" depends on itself')
    expect(repo.read(repo.work, 'task.json')).toBe(HAND_WRITTEN)
    expect(existsSync(path.join(repo.work, 'task.json'))).toBe(true)
  })
})

function runCli(
  args: string[],
  cwd: string,
  extraEnv: NodeJS.ProcessEnv
): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(NODE, [CLI_ENTRY, ...args], {
      cwd,
      env: { PATH: process.env.PATH, LANG: 'C.UTF-8', ...TEST_ENV, ...extraEnv },
      stdio: ['ignore', 'pipe', 'pipe']
    })
    let out = ''
    let err = ''
    child.stdout.on('data', (b: Buffer) => (out += b.toString()))
    child.stderr.on('data', (b: Buffer) => (err += b.toString()))
    const timer = setTimeout(() => child.kill('SIGKILL'), 50_000)
    child.on('error', reject)
    child.on('close', code => {
      clearTimeout(timer)
      resolve({ code, out, err })
    })
  })
}
