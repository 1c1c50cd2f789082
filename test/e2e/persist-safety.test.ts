/**
 * Issue 4, the guard rails end to end through dist/index.js: a detached HEAD, a dirty working tree,
 * untrusted triggers, and the push credential (sent per command over a real authenticated HTTP remote,
 * never left in .git/config, never shown in the log).
 */
import { readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { afterEach, beforeAll, describe, expect, it } from 'vitest'
import { runAction, visibleLog } from '../support/action.js'
import { startMessagesApi, type MessagesApi } from '../support/messages-api.js'
import {
  actionEnv,
  actionInputs,
  byId,
  commits,
  scriptedClaude,
  taskFileText,
  taskJsonAt,
  TOKEN
} from '../support/persist-harness.js'
import {
  isolateGitConfig,
  makeRepo,
  serveGitOverHttp,
  type GitHttpServer,
  type TestRepo
} from '../support/repo.js'

let api: MessagesApi | undefined
let repo: TestRepo | undefined
let server: GitHttpServer | undefined
beforeAll(() => isolateGitConfig())
afterEach(async () => {
  await api?.close()
  await server?.close()
  api = undefined
  server = undefined
  repo?.cleanup()
  repo = undefined
})

const errors = (log: string) =>
  visibleLog(log)
    .split('\n')
    .filter(l => l.startsWith('::error'))
    .join('\n')
    // Annotations encode newlines.
    .replace(/%0A/g, '\n')

const twoTasks = () => taskFileText([{ id: 'a' }, { id: 'b', dependencies: ['a'] }])

describe('persistence: a detached HEAD', () => {
  it('refuses to run without `branch`, saying why, before anything runs', async () => {
    repo = await makeRepo({ files: { 'task.json': twoTasks() } })
    await repo.git(repo.work, 'checkout', '-q', '--detach')
    const before = readFileSync(path.join(repo.work, 'task.json'))
    const claude = scriptedClaude()
    api = await startMessagesApi(claude)
    const r = await runAction({ workspace: repo.work, inputs: actionInputs(), env: actionEnv(api.url) })
    expect(r.exitCode, r.log).toBe(1)
    const err = errors(r.log)
    expect(err).toMatch(/HEAD is detached/)
    expect(err).toMatch(/`branch` input/)
    expect(api.requests).toHaveLength(0)
    expect(readFileSync(path.join(repo.work, 'task.json')).equals(before)).toBe(true)
    expect((await commits(repo.origin, 'main')).map(c => c.subject)).toEqual(['initial'])
  })

  it('works with `branch`: creates it from HEAD and pushes there, main untouched', async () => {
    repo = await makeRepo({ files: { 'task.json': twoTasks() } })
    const mainSha = await repo.git(repo.origin, 'rev-parse', 'main')
    await repo.git(repo.work, 'checkout', '-q', '--detach')
    api = await startMessagesApi(scriptedClaude())
    const r = await runAction({
      workspace: repo.work,
      inputs: actionInputs({ branch: 'taskmesh/from-tag' }),
      env: actionEnv(api.url)
    })
    expect(r.exitCode, r.log).toBe(0)
    expect(await repo.git(repo.origin, 'rev-parse', 'main')).toBe(mainSha)
    const log = await commits(repo.origin, 'taskmesh/from-tag')
    expect(log.map(c => c.subject)).toEqual([
      'taskmesh: record the commit of b in the task file',
      'taskmesh: b completed — Write b.txt',
      'taskmesh: a completed — Write a.txt',
      'initial'
    ])
    expect(r.outputs.branch).toBe('taskmesh/from-tag')
    expect(r.outputs['head-sha']).toBe(log[0].sha)
    expect(await repo.git(repo.work, 'branch', '--show-current')).toBe('taskmesh/from-tag')
    // Only that branch was pushed.
    expect(
      (await repo.git(repo.origin, 'for-each-ref', '--format=%(refname)', 'refs/heads')).split('\n')
    ).toEqual(['refs/heads/main', 'refs/heads/taskmesh/from-tag'])
  })
})

/** Two tasks, and changes made before the run: README.md edited, staged.txt staged, notes/todo.md new. */
async function dirtyRepo(): Promise<TestRepo> {
  const r = await makeRepo({ files: { 'README.md': '# demo\n', 'task.json': twoTasks() } })
  r.write(r.work, 'README.md', '# demo\nlocal edit\n')
  r.write(r.work, 'notes/todo.md', 'untracked\n')
  r.write(r.work, 'staged.txt', 'staged\n')
  await r.git(r.work, 'add', 'staged.txt')
  return r
}

/** dirtyRepo's changes are still in the working tree as they were, and on the remote in no commit. */
async function expectDirtyChangesKept(r: TestRepo): Promise<void> {
  expect(await r.git(r.origin, 'show', 'main:README.md')).toBe('# demo')
  expect(r.read(r.work, 'README.md')).toBe('# demo\nlocal edit\n')
  expect(r.read(r.work, 'notes/todo.md')).toBe('untracked\n')
  expect(r.read(r.work, 'staged.txt')).toBe('staged\n')
  const status = (await r.git(r.work, 'status', '--porcelain', '--untracked-files=all'))
    .split('\n')
    .map(l => l.trim())
    .sort()
  expect(status).toEqual(['?? notes/todo.md', 'A  staged.txt', 'M README.md'])
  expect(await r.git(r.work, 'stash', 'list')).toBe('')
}

describe('persistence: a dirty working tree', () => {
  it('is an error that lists the files; nothing runs, task.json stays byte-identical', async () => {
    repo = await dirtyRepo()
    const before = readFileSync(path.join(repo.work, 'task.json'))
    api = await startMessagesApi(scriptedClaude())
    const r = await runAction({ workspace: repo.work, inputs: actionInputs(), env: actionEnv(api.url) })
    expect(r.exitCode, r.log).toBe(1)
    const err = errors(r.log)
    expect(err).toMatch(/uncommitted changes/)
    for (const f of ['README.md', 'notes/todo.md', 'staged.txt']) expect(err).toContain(f)
    expect(err).toContain('allow-dirty: true')
    expect(api.requests).toHaveLength(0)
    expect(readFileSync(path.join(repo.work, 'task.json')).equals(before)).toBe(true)
    expect(await repo.git(repo.origin, 'rev-list', '--count', 'main')).toBe('1')
  })

  // parallel: 2 runs the tasks in worktrees: their files come over as patches, and the commit takes its
  // paths from the patch rather than from git status, with the same result. One task at a time in the dirty
  // tree itself is the test below, where the remote moves as well.
  it('with allow-dirty: true and parallel: 2, runs and never puts those changes in a task commit', async () => {
    repo = await dirtyRepo()
    api = await startMessagesApi(scriptedClaude())
    const r = await runAction({
      workspace: repo.work,
      inputs: actionInputs({ 'allow-dirty': 'true', parallel: '2' }),
      env: actionEnv(api.url)
    })
    expect(r.exitCode, r.log).toBe(0)
    const log = await commits(repo.origin, 'main')
    expect(log.map(c => c.files)).toEqual([
      ['task.json'],
      ['b.txt', 'task.json'],
      ['a.txt', 'task.json'],
      ['README.md', 'task.json']
    ])
    expect(byId(await taskJsonAt(repo.origin, 'main')).a.outputs).toEqual(['a.txt'])
    await expectDirtyChangesKept(repo)
  })
})

describe('persistence: a dirty working tree and a remote that moves', () => {
  it('keeps the pre-existing changes (staged, unstaged, untracked) through a rebase', async () => {
    repo = await dirtyRepo()
    const r0 = repo
    api = await startMessagesApi(
      scriptedClaude({
        b: {
          onStart: async () => {
            const other = await r0.cloneAgain('other')
            await r0.commitAndPush(other, { 'other.txt': 'x\n' }, 'person: other')
          }
        }
      })
    )
    const r = await runAction({
      workspace: repo.work,
      inputs: actionInputs({ 'allow-dirty': 'true' }),
      env: actionEnv(api.url)
    })
    expect(r.exitCode, r.log).toBe(0)
    const log = await commits(repo.origin, 'main')
    expect(log.map(c => c.subject)).toEqual([
      'taskmesh: record the commit of b in the task file',
      'taskmesh: b completed — Write b.txt',
      'person: other',
      'taskmesh: a completed — Write a.txt',
      'initial'
    ])
    // No task commit holds the changes that were there before the run.
    expect(log.map(c => c.files)).toEqual([
      ['task.json'],
      ['b.txt', 'task.json'],
      ['other.txt'],
      ['a.txt', 'task.json'],
      ['README.md', 'task.json']
    ])
    const state = await taskJsonAt(repo.origin, 'main')
    expect(byId(state).a.outputs).toEqual(['a.txt'])
    // b's commit was rebased before it was pushed: the hash recorded and reported is the one on origin.
    expect(byId(state).a.commit).toBe(log[3]!.sha)
    expect(byId(state).b.commit).toBe(log[1]!.sha)
    expect(JSON.parse(r.outputs.results).b.commit).toBe(log[1]!.sha)
    expect(visibleLog(r.log)).toContain(`b committed ${log[1]!.sha.slice(0, 7)}`)
    expect(r.outputs['head-sha']).toBe(log[0]!.sha)
    await expectDirtyChangesKept(repo)
  })
})

describe('persistence: untrusted triggers', () => {
  const forkPayload = {
    action: 'opened',
    pull_request: {
      number: 7,
      head: { ref: 'patch-1', repo: { full_name: 'mallory/demo', fork: true } },
      base: { ref: 'main', repo: { full_name: 'octo/demo', fork: false } }
    },
    repository: { full_name: 'octo/demo' }
  }

  it('refuses a pull_request from a fork and says why; nothing runs', async () => {
    repo = await makeRepo({ files: { 'task.json': twoTasks() } })
    const before = readFileSync(path.join(repo.work, 'task.json'))
    api = await startMessagesApi(scriptedClaude())
    const r = await runAction({
      workspace: repo.work,
      inputs: actionInputs(),
      env: actionEnv(api.url),
      event: { name: 'pull_request', payload: forkPayload }
    })
    expect(r.exitCode, r.log).toBe(1)
    const err = errors(r.log)
    expect(err).toContain('fork (mallory/demo)')
    expect(err).toMatch(/untrusted task text would drive an agent with write access/)
    expect(err).toContain('allow-untrusted-trigger: true')
    expect(api.requests).toHaveLength(0)
    expect(readFileSync(path.join(repo.work, 'task.json')).equals(before)).toBe(true)
    expect(await repo.git(repo.origin, 'rev-list', '--count', '--all')).toBe('1')
  })

  it('refuses pull_request_target', async () => {
    repo = await makeRepo({ files: { 'task.json': twoTasks() } })
    api = await startMessagesApi(scriptedClaude())
    const r = await runAction({
      workspace: repo.work,
      inputs: actionInputs(),
      env: actionEnv(api.url),
      event: { name: 'pull_request_target', payload: forkPayload }
    })
    expect(r.exitCode, r.log).toBe(1)
    expect(errors(r.log)).toMatch(/pull_request_target/)
    expect(api.requests).toHaveLength(0)
  })

  it('an event file that is not JSON is an error naming GITHUB_EVENT_PATH; nothing runs', async () => {
    repo = await makeRepo({ files: { 'task.json': twoTasks() } })
    const before = readFileSync(path.join(repo.work, 'task.json'))
    const broken = path.join(repo.work, '..', 'broken-event.json')
    writeFileSync(broken, '{"pull_request": ')
    api = await startMessagesApi(scriptedClaude())
    const r = await runAction({
      workspace: repo.work,
      inputs: actionInputs(),
      env: { ...actionEnv(api.url), GITHUB_EVENT_PATH: broken },
      event: { name: 'pull_request', payload: {} }
    })
    expect(r.exitCode, r.log).toBe(1)
    expect(errors(r.log)).toContain(`the event file GITHUB_EVENT_PATH (${broken}) is not valid JSON`)
    expect(api.requests).toHaveLength(0)
    expect(readFileSync(path.join(repo.work, 'task.json')).equals(before)).toBe(true)
    expect(await repo.git(repo.work, 'status', '--porcelain')).toBe('')
  })

  // That a pull request between branches of the repository itself is trusted is a rule of the trigger policy
  // (test/unit/trigger.test.ts); here the input that overrides the refusal above, through a whole run.
  it('runs a pull_request from a fork with allow-untrusted-trigger: true', async () => {
    repo = await makeRepo({ files: { 'task.json': taskFileText([{ id: 'a' }]) } })
    api = await startMessagesApi(scriptedClaude())
    const r = await runAction({
      workspace: repo.work,
      inputs: actionInputs({ 'allow-untrusted-trigger': 'true' }),
      env: actionEnv(api.url),
      event: { name: 'pull_request', payload: forkPayload }
    })
    expect(r.exitCode, r.log).toBe(0)
    expect(JSON.parse(r.outputs.completed)).toEqual(['a'])
    expect(byId(await taskJsonAt(repo.origin, 'main')).a.status).toBe('completed')
  })
})

describe('persistence: the push credential', () => {
  const b64 = (s: string) => Buffer.from(s).toString('base64')
  const forms = [TOKEN, b64(`x-access-token:${TOKEN}`), b64(TOKEN)]

  async function httpRepo() {
    const r = await makeRepo({ files: { 'task.json': twoTasks() } })
    const srv = await serveGitOverHttp(r.root, TOKEN)
    await r.git(r.work, 'remote', 'set-url', 'origin', `${srv.url}/origin.git`)
    return { r, srv }
  }

  it('pushes over an authenticated remote with a per-command header, never stored or shown, beside a stale header actions/checkout persisted', async () => {
    const { r, srv } = await httpRepo()
    repo = r
    server = srv
    // actions/checkout leaves its own header in the config; it must neither reach the server nor be removed.
    const stale = `AUTHORIZATION: basic ${b64('x-access-token:ghs_expiredCheckoutToken000')}`
    await r.git(r.work, 'config', '--local', `http.${srv.url}/.extraheader`, stale)
    const configBefore = readFileSync(path.join(r.work, '.git', 'config'), 'utf8')
    api = await startMessagesApi(scriptedClaude())
    const run = await runAction({
      workspace: r.work,
      inputs: actionInputs(),
      env: actionEnv(api.url, { GITHUB_SERVER_URL: srv.url })
    })
    expect(run.exitCode, run.log).toBe(0)
    expect((await commits(r.origin, 'main')).map(c => c.subject)[1]).toBe(
      'taskmesh: b completed — Write b.txt'
    )
    expect(srv.authHeaders).toContain(`basic ${b64(`x-access-token:${TOKEN}`)}`)
    // Only our header reached the server, never the stale one next to it.
    expect(srv.authHeaders.every(h => h === `basic ${b64(`x-access-token:${TOKEN}`)}`)).toBe(true)

    const config = readFileSync(path.join(r.work, '.git', 'config'), 'utf8')
    expect(config).toBe(configBefore)
    const visible = visibleLog(run.log)
    for (const f of forms) {
      expect(config).not.toContain(f)
      expect(visible).not.toContain(f)
      expect(run.summary).not.toContain(f)
      expect(readFileSync(path.join(r.work, 'task.json'), 'utf8')).not.toContain(f)
    }
    // Claude never got it either.
    const sent = JSON.stringify(api.requests.map(q => q.body))
    for (const f of forms) expect(sent).not.toContain(f)
  })

  it('fails clearly when the token cannot push, without showing it', async () => {
    const { r, srv } = await httpRepo()
    repo = r
    server = srv
    const wrong = 'ghs_wrongToken_abcdefghijklmnop'
    api = await startMessagesApi(scriptedClaude())
    const run = await runAction({
      workspace: r.work,
      inputs: actionInputs({ 'github-token': wrong }),
      env: actionEnv(api.url, { GITHUB_SERVER_URL: srv.url })
    })
    expect(run.exitCode, run.log).toBe(1)
    const err = errors(run.log)
    expect(err).toMatch(/could not authenticate/i)
    expect(err).toContain('contents: write')
    for (const f of [wrong, b64(`x-access-token:${wrong}`)]) {
      expect(visibleLog(run.log)).not.toContain(f)
      expect(readFileSync(path.join(r.work, '.git', 'config'), 'utf8')).not.toContain(f)
    }
    // It stopped at the first push: b never ran.
    expect(api.requests.some(q => q.taskId === 'b')).toBe(false)
  })
})
