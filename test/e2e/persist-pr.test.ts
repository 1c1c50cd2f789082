/**
 * Issue 4, pull requests end to end: dist/index.js against a local stand-in for the GitHub REST API
 * (GITHUB_API_URL), with real git and the real Claude CLI. The REST calls alone (a 422 when another job
 * opened the pull request first, the 403 wording, the body cap) are tested without a run in
 * test/integration/pulls.test.ts.
 */
import { afterEach, beforeAll, describe, expect, it } from 'vitest'
import { runAction, visibleLog } from '../support/action.js'
import { startFakeGitHub, type FakeGitHub } from '../support/github-api.js'
import { startMessagesApi, type MessagesApi } from '../support/messages-api.js'
import {
  actionEnv,
  actionInputs,
  byId,
  commits,
  scriptedClaude,
  taskFileText,
  taskJsonAt,
  TOKEN,
  type TaskDef
} from '../support/persist-harness.js'
import { isolateGitConfig, makeRepo, type TestRepo } from '../support/repo.js'

let api: MessagesApi | undefined
let gh: FakeGitHub | undefined
let repo: TestRepo | undefined
beforeAll(() => isolateGitConfig())
afterEach(async () => {
  await api?.close()
  await gh?.close()
  api = gh = undefined
  repo?.cleanup()
  repo = undefined
})

const prInputs = (extra: Record<string, string> = {}) => actionInputs({ 'pull-request': 'true', ...extra })

describe('persistence: pull requests (dist/index.js + fake GitHub API)', () => {
  it('opens a pull request on the first run and updates the same one on the second', async () => {
    repo = await makeRepo({
      files: { 'task.json': taskFileText([{ id: 'a' }, { id: 'b', dependencies: ['a'] }]) }
    })
    const mainSha = await repo.git(repo.origin, 'rev-parse', 'main')
    gh = await startFakeGitHub()
    api = await startMessagesApi(scriptedClaude())
    const r1 = await runAction({
      workspace: repo.work,
      inputs: prInputs({ labels: 'taskmesh, automated', draft: 'true' }),
      env: actionEnv(api.url, { GITHUB_API_URL: gh.url })
    })
    expect(r1.exitCode, r1.log).toBe(0)

    // The work went to taskmesh/<project-slug>; main is untouched.
    expect(await repo.git(repo.origin, 'rev-parse', 'main')).toBe(mainSha)
    const branchLog = await commits(repo.origin, 'taskmesh/demo')
    expect(branchLog.map(c => c.subject)).toEqual([
      'taskmesh: record the commit of b in the task file',
      'taskmesh: b completed — Write b.txt',
      'taskmesh: a completed — Write a.txt',
      'initial'
    ])
    expect(r1.outputs.branch).toBe('taskmesh/demo')
    expect(r1.outputs['head-sha']).toBe(branchLog[0].sha)
    branchLog.shift()

    expect(gh.pulls).toHaveLength(1)
    const pr = gh.pulls[0]
    expect(pr).toMatchObject({ head: 'taskmesh/demo', base: 'main', draft: true, state: 'open' })
    expect(pr.labels.sort()).toEqual(['automated', 'taskmesh'])
    expect(pr.title).toBe('Taskmesh: demo (2/2 tasks completed)')
    expect(pr.body.length).toBeLessThanOrEqual(65_536)
    expect(pr.body).toContain('| Task | Status | Attempts |')
    expect(pr.body).toMatch(/<code>a<\/code>[^\n]*completed/)
    expect(pr.body).toMatch(/<code>b<\/code>[^\n]*completed/)
    // Commit links of both tasks (b's hash is in the body though not yet in task.json).
    for (const c of branchLog.slice(0, 2))
      expect(pr.body).toContain(`https://github.com/octo/demo/commit/${c.sha}`)

    // The PR was opened after the first pushed task and updated after the second, never duplicated.
    const writes = gh.calls.filter(c => c.method !== 'GET').map(c => `${c.method} ${c.path}`)
    expect(writes.filter(w => w === 'POST /repos/octo/demo/pulls')).toHaveLength(1)
    expect(writes).toContain('PATCH /repos/octo/demo/pulls/1')
    expect(gh.calls.every(c => c.auth === `token ${TOKEN}`)).toBe(true)
    const created = gh.calls.find(c => c.method === 'POST' && c.path === '/repos/octo/demo/pulls')
    expect(created?.body).toMatchObject({ head: 'taskmesh/demo', base: 'main', draft: true })

    expect(r1.outputs['pull-request-number']).toBe('1')
    expect(r1.outputs['pull-request-url']).toBe('https://github.example/octo/demo/pull/1')
    // This run opened it: the output says so even though later tasks updated it.
    expect(r1.outputs['pull-request-operation']).toBe('created')

    // Someone adds a task to the PR branch; a new workflow run (a fresh checkout of main) continues it.
    const other = await repo.cloneAgain('other', { branch: 'taskmesh/demo' })
    const doc = JSON.parse(repo.read(other, 'task.json'))
    doc.tasks.push({ id: 'c', description: 'Write c.txt', dependencies: ['b'] })
    await repo.commitAndPush(other, { 'task.json': JSON.stringify(doc, null, 2) + '\n' }, 'add task c')
    const second = await repo.cloneAgain('second-run')
    gh.calls.length = 0
    const r2 = await runAction({
      workspace: second,
      inputs: prInputs({ labels: 'taskmesh' }),
      env: actionEnv(api.url, { GITHUB_API_URL: gh.url })
    })
    expect(r2.exitCode, r2.log).toBe(0)
    expect(gh.pulls).toHaveLength(1)
    expect(gh.calls.some(c => c.method === 'POST' && c.path === '/repos/octo/demo/pulls')).toBe(false)
    expect(r2.outputs['pull-request-operation']).toBe('updated')
    expect(r2.outputs['pull-request-number']).toBe('1')
    expect(gh.pulls[0].title).toBe('Taskmesh: demo (3/3 tasks completed)')
    expect(gh.pulls[0].body).toMatch(/<code>c<\/code>[^\n]*completed/)
    const state = await taskJsonAt(repo.origin, 'taskmesh/demo')
    expect(state.tasks.map(t => t.status)).toEqual(['completed', 'completed', 'completed'])
    expect((await commits(repo.origin, 'taskmesh/demo', 2)).map(c => c.subject)).toEqual([
      'taskmesh: record the commit of c in the task file',
      'taskmesh: c completed — Write c.txt'
    ])
    expect(r2.outputs['head-sha']).toBe(await repo.git(repo.origin, 'rev-parse', 'taskmesh/demo'))
  })

  it('keeps the body within 65,536 characters for a huge task file, with the task table', async () => {
    const done: TaskDef[] = Array.from({ length: 1500 }, (_, i) => ({
      id: `done-${i}`,
      title: `Finished earlier: ${'a long title '.repeat(6)}${i}`,
      status: 'completed',
      attempts: 1,
      costUsd: 0.01,
      outputs: [`f${i}.txt`]
    }))
    repo = await makeRepo({ files: { 'task.json': taskFileText([...done, { id: 'new' }]) } })
    gh = await startFakeGitHub()
    api = await startMessagesApi(scriptedClaude())
    const r = await runAction({
      workspace: repo.work,
      inputs: prInputs({ branch: 'tasks/huge' }),
      env: actionEnv(api.url, { GITHUB_API_URL: gh.url })
    })
    expect(r.exitCode, r.log).toBe(0)
    expect(gh.pulls).toHaveLength(1)
    const body = gh.pulls[0].body
    expect(body.length).toBeGreaterThan(30_000)
    expect(body.length).toBeLessThanOrEqual(65_536)
    expect(body).toContain('| Task | Status | Attempts |')
    expect(body).toMatch(/tasks? left out of the table to stay under GitHub's size limit/)
    expect(body).toContain('1501 completed')
    expect(gh.pulls[0].head).toBe('tasks/huge')
    expect(r.outputs.branch).toBe('tasks/huge')
  })

  it('says which permissions are missing when the API answers 403 on create', async () => {
    repo = await makeRepo({ files: { 'task.json': taskFileText([{ id: 'a' }]) } })
    gh = await startFakeGitHub({ create: '403' })
    api = await startMessagesApi(scriptedClaude())
    const r = await runAction({
      workspace: repo.work,
      inputs: prInputs(),
      env: actionEnv(api.url, { GITHUB_API_URL: gh.url })
    })
    expect(r.exitCode, r.log).toBe(1)
    const err = visibleLog(r.log)
      .split('\n')
      .filter(l => l.startsWith('::error'))
      .join('\n')
    expect(err).toContain('HTTP 403')
    expect(err).toContain('pull-requests: write')
    expect(err).toContain('Allow GitHub Actions to create and approve pull requests')
    expect(gh.pulls).toHaveLength(0)
    // The task's work is safe on the branch all the same.
    expect(byId(await taskJsonAt(repo.origin, 'taskmesh/demo')).a.status).toBe('completed')
    expect(r.outputs['pull-request-operation']).toBe('none')
    expect(r.outputs['pull-request-number']).toBe('')
  })

  it('goes on with the tasks when updating the pull request fails once, and updates it at the end', async () => {
    repo = await makeRepo({
      files: {
        'task.json': taskFileText([
          { id: 'a' },
          { id: 'b', dependencies: ['a'] },
          { id: 'c', dependencies: ['b'] }
        ])
      }
    })
    gh = await startFakeGitHub({ updateFails: { status: 502, times: 1 } })
    api = await startMessagesApi(scriptedClaude())
    const r = await runAction({
      workspace: repo.work,
      inputs: prInputs(),
      env: actionEnv(api.url, { GITHUB_API_URL: gh.url })
    })
    expect(r.exitCode, r.log).toBe(0)
    // Every task ran and was pushed, although the update after b failed.
    const state = await taskJsonAt(repo.origin, 'taskmesh/demo')
    expect(state.tasks.map(t => t.status)).toEqual(['completed', 'completed', 'completed'])
    expect((await commits(repo.origin, 'taskmesh/demo')).map(c => c.subject).slice(0, 4)).toEqual([
      'taskmesh: record the commit of c in the task file',
      'taskmesh: c completed — Write c.txt',
      'taskmesh: b completed — Write b.txt',
      'taskmesh: a completed — Write a.txt'
    ])
    expect(visibleLog(r.log)).toMatch(/HTTP 502[^\n]*the tasks go on; trying again at the end of the run/)
    expect(gh.pulls).toHaveLength(1)
    expect(gh.pulls[0].title).toBe('Taskmesh: demo (3/3 tasks completed)')
    expect(r.outputs['pull-request-operation']).toBe('created')
  })

  it('a slow API does not hold the next task back: the pull request is updated beside it, last at the end', async () => {
    repo = await makeRepo({
      files: { 'task.json': taskFileText([{ id: 'a' }, { id: 'b', dependencies: ['a'] }]) }
    })
    // Every answer about pull requests is held until b's commit has reached the origin. Were the update
    // made inside a's push, under the repository lock (as it once was), b could not commit until the answers
    // came, and nothing would release them but the 30 s fallback.
    let releasedBy = ''
    let releasedAt = 0
    let release: (by: string) => void = () => {}
    const gate = new Promise<void>(resolve => {
      release = by => {
        if (releasedBy) return
        releasedBy = by
        releasedAt = Date.now()
        resolve()
      }
    })
    const fallback = setTimeout(() => release('timeout'), 30_000)
    const origin = repo.origin
    const watch = setInterval(() => {
      commits(origin, 'taskmesh/demo').then(
        list => list.some(c => c.subject.startsWith('taskmesh: b completed')) && release('b pushed'),
        () => {} // the branch is not there yet
      )
    }, 100)
    void gate.then(() => clearInterval(watch))
    gh = await startFakeGitHub({ pullsHeldUntil: gate })
    api = await startMessagesApi(scriptedClaude())
    const r = await runAction({
      workspace: repo.work,
      inputs: prInputs(),
      env: actionEnv(api.url, { GITHUB_API_URL: gh.url })
    }).finally(() => release('the run ended'))
    clearTimeout(fallback)
    expect(r.exitCode, r.log).toBe(0)
    // The pull request was asked for after a's push, and b was committed and pushed while it was answered.
    const firstCall = gh.calls.find(c => c.path.endsWith('/pulls'))
    expect(firstCall?.at).toBeLessThanOrEqual(releasedAt)
    expect(releasedBy).toBe('b pushed')
    expect(gh.pulls).toHaveLength(1)
    expect(gh.pulls[0].title).toBe('Taskmesh: demo (2/2 tasks completed)')
    expect(gh.pulls[0].body).toContain('b')
    expect(r.outputs['pull-request-operation']).toBe('created')
  })

  it('fails the step only when the last try to update the pull request fails (403), after every task', async () => {
    repo = await makeRepo({
      files: { 'task.json': taskFileText([{ id: 'a' }, { id: 'b', dependencies: ['a'] }]) }
    })
    gh = await startFakeGitHub({ updateFails: { status: 403 } })
    api = await startMessagesApi(scriptedClaude())
    const r = await runAction({
      workspace: repo.work,
      inputs: prInputs(),
      env: actionEnv(api.url, { GITHUB_API_URL: gh.url })
    })
    expect(r.exitCode, r.log).toBe(1)
    const state = await taskJsonAt(repo.origin, 'taskmesh/demo')
    expect(state.tasks.map(t => t.status)).toEqual(['completed', 'completed'])
    const err = visibleLog(r.log)
      .split('\n')
      .filter(l => l.startsWith('::error'))
      .join('\n')
    expect(err).toContain('HTTP 403')
    expect(err).toContain('pull-requests: write')
    // After each later push (b's commit, the final state commit that records b's hash), then once at the
    // end: three tries, not one per later event.
    expect(gh.calls.filter(c => c.method === 'PATCH')).toHaveLength(3)
  })

  it('leaves the checkout on main, with no new branch, when the pull-request setup is wrong', async () => {
    repo = await makeRepo({ files: { 'task.json': taskFileText([{ id: 'a' }]) } })
    gh = await startFakeGitHub()
    api = await startMessagesApi(scriptedClaude())
    const { 'github-token': _, ...withoutToken } = prInputs()
    const r = await runAction({
      workspace: repo.work,
      inputs: withoutToken,
      env: actionEnv(api.url, { GITHUB_API_URL: gh.url })
    })
    expect(r.exitCode, r.log).toBe(1)
    expect(visibleLog(r.log)).toContain('::error::pull-request: true needs the `github-token` input')
    expect(await repo.git(repo.work, 'branch', '--show-current')).toBe('main')
    expect(await repo.git(repo.work, 'branch', '--list', 'taskmesh/*')).toBe('')
    expect(api.requests).toHaveLength(0)
    expect(gh.calls).toHaveLength(0)
  })

  it('goes back to main and drops the new branch when a check after preparing the branch fails', async () => {
    repo = await makeRepo({ files: { 'task.json': taskFileText([{ id: 'a' }]) } })
    gh = await startFakeGitHub()
    api = await startMessagesApi(scriptedClaude())
    // `base` names the branch the run works on: found only once the branch is known.
    const r = await runAction({
      workspace: repo.work,
      inputs: prInputs({ base: 'taskmesh/demo' }),
      env: actionEnv(api.url, { GITHUB_API_URL: gh.url })
    })
    expect(r.exitCode, r.log).toBe(1)
    expect(visibleLog(r.log)).toMatch(/::error::the pull request would merge "taskmesh\/demo" into itself/)
    expect(await repo.git(repo.work, 'branch', '--show-current')).toBe('main')
    expect(await repo.git(repo.work, 'branch', '--list', 'taskmesh/*')).toBe('')
  })

  it('checks the pull-request setup before any task runs (detached HEAD without base, base = branch)', async () => {
    repo = await makeRepo({ files: { 'task.json': taskFileText([{ id: 'a' }]) } })
    gh = await startFakeGitHub()
    api = await startMessagesApi(scriptedClaude())
    await repo.git(repo.work, 'checkout', '-q', '--detach')
    const r1 = await runAction({
      workspace: repo.work,
      inputs: prInputs({ branch: 'taskmesh/review' }),
      env: actionEnv(api.url, { GITHUB_API_URL: gh.url })
    })
    expect(r1.exitCode, r1.log).toBe(1)
    expect(visibleLog(r1.log)).toMatch(
      /::error::pull-request: true on a detached HEAD needs the `base` input/
    )

    await repo.git(repo.work, 'checkout', '-q', 'main')
    const r2 = await runAction({
      workspace: repo.work,
      inputs: prInputs({ branch: 'main' }),
      env: actionEnv(api.url, { GITHUB_API_URL: gh.url })
    })
    expect(r2.exitCode, r2.log).toBe(1)
    expect(visibleLog(r2.log)).toMatch(/::error::the pull request would merge "main" into itself/)

    // Nothing ran, nothing was pushed, the API was never called.
    expect(api.requests).toHaveLength(0)
    expect(gh.calls).toHaveLength(0)
    expect(await repo.git(repo.origin, 'for-each-ref', '--format=%(refname)', 'refs/heads')).toBe(
      'refs/heads/main'
    )
    expect(await repo.git(repo.origin, 'rev-list', '--count', 'main')).toBe('1')
  })

  it('does nothing at all when no task is ready: no commit, no push, no pull request', async () => {
    repo = await makeRepo({
      files: {
        'task.json': taskFileText([
          { id: 'a', status: 'completed', outputs: ['a.txt'] },
          { id: 'b', status: 'completed', dependencies: ['a'] }
        ])
      }
    })
    const before = await repo.git(repo.origin, 'for-each-ref', '--format=%(refname) %(objectname)')
    const start = await repo.git(repo.work, 'rev-parse', 'HEAD')
    gh = await startFakeGitHub()
    const claude = scriptedClaude()
    api = await startMessagesApi(claude)
    const r = await runAction({
      workspace: repo.work,
      inputs: prInputs(),
      env: actionEnv(api.url, { GITHUB_API_URL: gh.url })
    })
    expect(r.exitCode, r.log).toBe(0)
    expect(claude.seen).toEqual([])
    expect(api.requests).toHaveLength(0)
    expect(gh.calls).toHaveLength(0)
    expect(await repo.git(repo.origin, 'for-each-ref', '--format=%(refname) %(objectname)')).toBe(before)
    expect(await repo.git(repo.work, 'rev-parse', 'HEAD')).toBe(start)
    expect(await repo.git(repo.work, 'status', '--porcelain')).toBe('')
    // The workspace is left as it was: still on main, no stray local branch.
    expect(await repo.git(repo.work, 'branch', '--show-current')).toBe('main')
    expect(await repo.git(repo.work, 'branch', '--list', 'taskmesh/*')).toBe('')
    expect(r.outputs['pull-request-operation']).toBe('none')
    expect(r.outputs['pull-request-number']).toBe('')
    expect(r.outputs['pull-request-url']).toBe('')
    expect(r.outputs['head-sha']).toBe(start)
    // No branch was pushed: the output does not name one that does not exist.
    expect(r.outputs.branch).toBe('')
    expect(visibleLog(r.log)).toContain(
      'nothing to do: no task was ready (Claude and the sandbox were not started)'
    )
  })

  it("starts Claude on the pull request's branch when its task file has work that main's has not", async () => {
    const finished = taskFileText([
      { id: 'a', status: 'completed', outputs: ['a.txt'] },
      { id: 'b', status: 'completed', dependencies: ['a'] }
    ])
    repo = await makeRepo({ files: { 'task.json': finished } })
    // The branch of an earlier run, where a reviewer added a task.
    const other = await repo.cloneAgain('other')
    await repo.git(other, 'checkout', '-q', '-b', 'taskmesh/demo')
    const doc = JSON.parse(finished)
    doc.tasks.push({ id: 'c', description: 'Write c.txt', dependencies: ['b'] })
    await repo.commitAndPush(other, { 'task.json': JSON.stringify(doc, null, 2) + '\n' }, 'add task c')
    gh = await startFakeGitHub()
    const claude = scriptedClaude()
    api = await startMessagesApi(claude)
    const r = await runAction({
      workspace: repo.work,
      inputs: prInputs(),
      env: actionEnv(api.url, { GITHUB_API_URL: gh.url })
    })
    expect(r.exitCode, r.log).toBe(0)
    expect(claude.seen).toEqual(['c'])
    expect(visibleLog(r.log)).not.toMatch(/nothing to do/)
    const state = await taskJsonAt(repo.origin, 'taskmesh/demo')
    expect(state.tasks.map(t => t.status)).toEqual(['completed', 'completed', 'completed'])
    expect(r.outputs['pull-request-operation']).toBe('created')
  })
})
