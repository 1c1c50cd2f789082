import { spawnSync } from 'node:child_process'
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { rm } from 'node:fs/promises'
import path from 'node:path'
import { afterEach, beforeAll, describe, expect, it } from 'vitest'
import type { RepoPort } from '../../src/engine/ports.js'
import { PersistError, Persister, type PersistOptions } from '../../src/persist/persister.js'
import { isolateGitConfig, makeRepo, serveGitOverHttp, type TestRepo } from '../support/repo.js'

const ID = { name: 'taskmesh-bot', email: 'bot@example.com' }

interface T {
  id: string
  description: string
  status?: string
  [k: string]: unknown
}

function taskFile(tasks: T[], logs: unknown[] = []): string {
  return `${JSON.stringify({ project: 'demo', tasks, logs }, null, 2)}\n`
}

const TASKS: T[] = ['a', 'b', 'c', 'd'].map(id => ({ id, description: `Task ${id}`, status: 'pending' }))

let repos: TestRepo[] = []
afterEach(() => {
  for (const r of repos) r.cleanup()
  repos = []
})
beforeAll(() => isolateGitConfig())

async function setup(o: { depth?: number; files?: Record<string, string> } = {}): Promise<TestRepo> {
  const r = await makeRepo({
    files: { 'task.json': taskFile(TASKS), 'README.md': '# demo\n', ...o.files },
    depth: o.depth
  })
  repos.push(r)
  return r
}

function opts(r: TestRepo, o: Partial<PersistOptions> = {}): PersistOptions {
  return {
    repoDir: r.work,
    taskFile: 'task.json',
    identity: ID,
    commit: true,
    push: true,
    runId: '42',
    allowDirty: false,
    backoffMs: 10,
    ...o
  }
}

/** Updates tasks in the task.json of `dir` (what the engine does). */
function update(dir: string, changes: Record<string, Partial<T>>, log?: string): void {
  const p = path.join(dir, 'task.json')
  const doc = JSON.parse(readFileSync(p, 'utf8'))
  for (const t of doc.tasks) Object.assign(t, changes[t.id] ?? {})
  if (log) doc.logs.push({ timestamp: '2025-01-01T00:00:00Z', message: log })
  writeFileSync(p, `${JSON.stringify(doc, null, 2)}\n`)
}

const task = (dir: string, id: string) =>
  JSON.parse(readFileSync(path.join(dir, 'task.json'), 'utf8')).tasks.find((t: T) => t.id === id)

async function filesOf(r: TestRepo, dir: string, rev: string): Promise<string[]> {
  return (await r.git(dir, 'show', '--name-only', '--format=', rev)).split('\n').filter(Boolean).sort()
}

/** Runs one task the way the engine will: state change, outputs from git, commit, push. */
async function runTask(
  p: Persister,
  r: TestRepo,
  id: string,
  files: Record<string, string>,
  status: 'completed' | 'failed' = 'completed'
): Promise<string | null> {
  const start = await p.head()
  update(r.work, { [id]: { status: 'in_progress' } })
  for (const [f, c] of Object.entries(files)) r.write(r.work, f, c)
  const outputs = await p.changedFiles(start)
  update(r.work, { [id]: { status, outputs } }, `${id} ${status}`)
  const sha = await p.commitTask({
    taskId: id,
    status,
    title: `Task ${id}`,
    attempts: 1,
    costUsd: 0.25,
    files: outputs
  })
  await p.push()
  return sha
}

describe('Persister', () => {
  it('makes one commit per task with its files and trailers, and pushes it', async () => {
    const r = await setup()
    const p = await Persister.prepare(opts(r))
    expect(p.startBranch).toBe('main')
    expect(p.workBranch).toBe('main')
    const a = await runTask(p, r, 'a', { 'src/a.txt': 'a\n' })
    const b = await runTask(p, r, 'b', { 'src/b.txt': 'b\n', 'README.md': '# changed\n' })
    expect(a).toMatch(/^[0-9a-f]{40}$/)
    expect(await filesOf(r, r.work, a!)).toEqual(['src/a.txt', 'task.json'])
    expect(await filesOf(r, r.work, b!)).toEqual(['README.md', 'src/b.txt', 'task.json'])
    expect(task(r.work, 'b').outputs).toEqual(['README.md', 'src/b.txt'])

    const msg = await r.git(r.work, 'log', '-1', '--format=%B', b!)
    expect(msg.split('\n')[0]).toBe('taskmesh: b completed — Task b')
    expect(await r.git(r.work, 'log', '-1', '--format=%(trailers:only,unfold)', b!)).toBe(
      'Task-Id: b\nTask-Status: completed\nAttempts: 1\nCost-USD: 0.2500'
    )
    expect(await r.git(r.work, 'log', '-1', '--format=%an <%ae>|%cn <%ce>', b!)).toBe(
      'taskmesh-bot <bot@example.com>|taskmesh-bot <bot@example.com>'
    )
    expect(await r.git(r.origin, 'rev-parse', 'main')).toBe(b)
    expect(await r.git(r.origin, 'rev-list', '--count', 'main')).toBe('3')
    expect(await r.git(r.work, 'status', '--porcelain')).toBe('')
    // Identity was per command only.
    expect(readFileSync(path.join(r.work, '.git/config'), 'utf8')).not.toMatch(/taskmesh-bot|user\./)
  })

  it('commits only task.json for a failed task and nothing when nothing changed', async () => {
    const r = await setup()
    const p = await Persister.prepare(opts(r))
    const sha = await runTask(p, r, 'a', { 'partial.txt': 'half\n' }, 'failed')
    expect(await filesOf(r, r.work, sha!)).toEqual(['task.json'])
    expect(await r.git(r.work, 'log', '-1', '--format=%s', sha!)).toBe('taskmesh: a failed — Task a')
    expect(await r.git(r.work, 'status', '--porcelain')).toBe('?? partial.txt')
    // Put the tree back for a retry: the partial file goes, task.json keeps its state.
    await p.resetWorkTree(sha!)
    expect(await r.git(r.work, 'status', '--porcelain')).toBe('')
    expect(
      await p.commitTask({ taskId: 'a', status: 'failed', title: 'a', attempts: 1, costUsd: 0, files: [] })
    ).toBeNull()
  })

  it('resetWorkTree restores changed, deleted and new files and drops commits made meanwhile', async () => {
    const r = await setup({ files: { 'keep.txt': 'keep\n', 'gone.txt': 'gone\n' } })
    const p = await Persister.prepare(opts(r))
    const start = await p.head()
    update(r.work, { a: { status: 'in_progress' } })
    r.write(r.work, 'keep.txt', 'changed\n')
    r.write(r.work, 'new/dir/file.txt', 'x\n')
    await r.git(r.work, 'rm', '-q', 'gone.txt')
    await r.git(r.work, 'commit', '-q', '-m', 'claude did this')
    r.write(r.work, 'after.txt', 'y\n')
    await p.resetWorkTree(start)
    expect(await p.head()).toBe(start)
    expect(r.read(r.work, 'keep.txt')).toBe('keep\n')
    expect(r.read(r.work, 'gone.txt')).toBe('gone\n')
    expect(await r.git(r.work, 'status', '--porcelain')).toBe('M task.json')
    expect(task(r.work, 'a').status).toBe('in_progress')
  })

  it("folds commits Claude made during a task into the task's commit", async () => {
    const r = await setup()
    const p = await Persister.prepare(opts(r))
    const start = await p.head()
    r.write(r.work, 'one.txt', '1\n')
    await r.git(r.work, 'add', 'one.txt')
    await r.git(r.work, 'commit', '-q', '-m', 'claude: add one')
    // It even switched branches.
    await r.git(r.work, 'checkout', '-q', '-b', 'claude-side')
    r.write(r.work, 'two.txt', '2\n')
    const outputs = await p.changedFiles(start)
    expect(outputs).toEqual(['one.txt', 'two.txt'])
    update(r.work, { a: { status: 'completed', outputs } })
    const sha = await p.commitTask({
      taskId: 'a',
      status: 'completed',
      title: 'a',
      attempts: 1,
      costUsd: 0,
      files: outputs
    })
    expect(await r.git(r.work, 'rev-parse', 'HEAD^')).toBe(start)
    expect(await r.git(r.work, 'symbolic-ref', '--short', 'HEAD')).toBe('main')
    expect(await filesOf(r, r.work, sha!)).toEqual(['one.txt', 'task.json', 'two.txt'])
    expect(await r.git(r.work, 'log', '-1', '--format=%B', sha!)).toMatch(
      /commits made during the task:\n- [0-9a-f]+ claude: add one/
    )
    expect(await r.git(r.work, 'status', '--porcelain')).toBe('')
  })

  it('brings a detached HEAD back to the work branch and folds the commits made on it', async () => {
    const r = await setup()
    const p = await Persister.prepare(opts(r, { push: false }))
    const start = await p.snapshot()
    await r.git(r.work, 'checkout', '-q', '--detach')
    r.write(r.work, 'one.txt', '1\n')
    await r.git(r.work, 'add', 'one.txt')
    await r.git(r.work, 'commit', '-q', '-m', 'claude: detached work')
    const outputs = await p.changedFiles(start)
    expect(outputs).toEqual(['one.txt'])
    update(r.work, { a: { status: 'completed', outputs } })
    const sha = await p.commitTask({
      taskId: 'a',
      status: 'completed',
      title: 'a',
      attempts: 1,
      costUsd: 0,
      files: outputs
    })
    expect(await r.git(r.work, 'symbolic-ref', '--short', 'HEAD')).toBe('main')
    expect(await r.git(r.work, 'rev-parse', 'main')).toBe(sha)
    expect(await r.git(r.work, 'rev-parse', 'HEAD^')).toBe(start)
    expect(await filesOf(r, r.work, sha!)).toEqual(['one.txt', 'task.json'])
    expect(await r.git(r.work, 'log', '-1', '--format=%B', sha!)).toMatch(/- [0-9a-f]+ claude: detached work/)
    expect(await r.git(r.work, 'status', '--porcelain')).toBe('')
  })

  it('rebases onto commits another clone pushed between two tasks; both histories survive', async () => {
    const r = await setup()
    const p = await Persister.prepare(opts(r))
    await runTask(p, r, 'a', { 'a.txt': 'a\n' })
    const other = await r.cloneAgain()
    const theirs = await r.commitAndPush(other, { 'other.txt': 'other\n' }, 'someone else')
    const b = await runTask(p, r, 'b', { 'b.txt': 'b\n' })
    const head = await r.git(r.origin, 'rev-parse', 'main')
    expect(head).not.toBe(b) // rebased
    expect(await r.git(r.origin, 'merge-base', '--is-ancestor', theirs, 'main')).toBe('')
    const subjects = (await r.git(r.origin, 'log', '--format=%s', 'main')).split('\n')
    expect(subjects).toEqual([
      'taskmesh: b completed — Task b',
      'someone else',
      'taskmesh: a completed — Task a',
      'initial'
    ])
    expect(await p.head()).toBe(head)
    expect(r.read(r.work, 'other.txt')).toBe('other\n')
  })

  it('merges task.json when another run changed other tasks concurrently', async () => {
    const r = await setup()
    const p = await Persister.prepare(opts(r))
    const other = await r.cloneAgain()
    update(
      other,
      { b: { status: 'completed', outputs: ['ob.txt'] }, c: { status: 'in_progress' } },
      'other run: b'
    )
    await r.commitAndPush(other, { 'ob.txt': 'ob\n' }, 'other run: b')
    const logs: string[] = []
    const p2 = await Persister.prepare(opts(r, { log: (_l, m) => logs.push(m) }))
    void p
    await runTask(p2, r, 'a', { 'a.txt': 'a\n' })
    // One more concurrent update after our first push.
    await r.git(other, 'pull', '-q', '--rebase')
    update(other, { d: { status: 'failed', error: 'boom' } }, 'other run: d')
    await r.commitAndPush(other, {}, 'other run: d')
    await runTask(p2, r, 'c', { 'c.txt': 'c\n' })

    const final = JSON.parse(await r.git(r.origin, 'show', 'main:task.json'))
    const byId = Object.fromEntries(final.tasks.map((t: T) => [t.id, t]))
    expect(byId.a.status).toBe('completed')
    expect(byId.b).toMatchObject({ status: 'completed', outputs: ['ob.txt'] })
    expect(byId.c).toMatchObject({ status: 'completed', outputs: ['c.txt'] })
    expect(byId.d).toMatchObject({ status: 'failed', error: 'boom' })
    expect(final.logs.map((l: { message: string }) => l.message)).toEqual([
      'other run: b',
      'a completed',
      'other run: d',
      'c completed'
    ])
    expect(final.tasks.map((t: T) => t.id)).toEqual(['a', 'b', 'c', 'd'])
    // The working tree holds the merged state for the engine to re-read.
    expect(JSON.parse(r.read(r.work, 'task.json'))).toEqual(final)
    expect(await r.git(r.origin, 'ls-tree', '--name-only', 'main')).toContain('ob.txt')
  })

  it('keeps uncommitted task.json state across a rebase', async () => {
    const r = await setup()
    const p = await Persister.prepare(opts(r))
    const other = await r.cloneAgain()
    update(other, { b: { status: 'completed' } }, 'other')
    await r.commitAndPush(other, {}, 'other')
    update(r.work, { a: { status: 'completed' } })
    await p.commitTask({ taskId: 'a', status: 'completed', title: 'a', attempts: 1, costUsd: 0, files: [] })
    update(r.work, { c: { status: 'in_progress' } }) // the engine already moved on
    await p.push()
    const doc = JSON.parse(r.read(r.work, 'task.json'))
    expect(doc.tasks.map((t: T) => t.status)).toEqual(['completed', 'completed', 'in_progress', 'pending'])
    const pushed = JSON.parse(await r.git(r.origin, 'show', 'main:task.json'))
    expect(pushed.tasks.map((t: T) => t.status)).toEqual(['completed', 'completed', 'pending', 'pending'])
  })

  it('stops on a real content conflict and pushes the work to the rescue branch', async () => {
    const r = await setup()
    const p = await Persister.prepare(opts(r, { runId: '777-1' }))
    const other = await r.cloneAgain()
    await r.commitAndPush(other, { 'README.md': '# theirs\n' }, 'theirs')
    const start = await p.head()
    r.write(r.work, 'README.md', '# ours\n')
    const outputs = await p.changedFiles(start)
    update(r.work, { a: { status: 'completed', outputs } })
    const sha = await p.commitTask({
      taskId: 'a',
      status: 'completed',
      title: 'a',
      attempts: 1,
      costUsd: 0,
      files: outputs
    })
    const err = await p.push().catch(e => e)
    expect(err).toBeInstanceOf(PersistError)
    expect(err.kind).toBe('conflict')
    expect(err.message).toContain('README.md')
    expect(err.message).toContain('taskmesh/rescue-777-1')
    expect(err.details).toEqual({ files: ['README.md'], rescueBranch: 'taskmesh/rescue-777-1' })
    expect(await r.git(r.origin, 'rev-parse', 'refs/heads/taskmesh/rescue-777-1')).toBe(sha)
    expect(await r.git(r.origin, 'show', 'taskmesh/rescue-777-1:README.md')).toBe('# ours')
    // Nothing else was pushed, and the local tree is back to the run's state, not mid-rebase.
    expect(await r.git(r.origin, 'for-each-ref', '--format=%(refname)', 'refs/heads')).toBe(
      'refs/heads/main\nrefs/heads/taskmesh/rescue-777-1'
    )
    expect(await r.git(r.work, 'status', '--porcelain')).toBe('')
    expect(await p.head()).toBe(sha)
  })

  it('refuses a dirty tree, listing the files, unless allowDirty', async () => {
    const r = await setup()
    r.write(r.work, 'README.md', '# local edit\n')
    r.write(r.work, 'notes/todo.txt', 'mine\n')
    const err = await Persister.prepare(opts(r)).catch(e => e)
    expect(err).toBeInstanceOf(PersistError)
    expect(err.kind).toBe('dirty')
    expect(err.message).toMatch(/README\.md/)
    expect(err.message).toMatch(/notes\/todo\.txt/)
    expect(err.message).toMatch(/allow-dirty/)

    await r.git(r.work, 'add', 'README.md') // staged by the user: must stay staged and uncommitted
    const p = await Persister.prepare(opts(r, { allowDirty: true }))
    const start = await p.head()
    r.write(r.work, 'out.txt', 'out\n')
    r.write(r.work, 'README.md', '# changed again by Claude\n')
    const outputs = await p.changedFiles(start)
    expect(outputs).toEqual(['out.txt'])
    update(r.work, { a: { status: 'completed', outputs } })
    const sha = await p.commitTask({
      taskId: 'a',
      status: 'completed',
      title: 'a',
      attempts: 1,
      costUsd: 0,
      files: outputs
    })
    expect(await filesOf(r, r.work, sha!)).toEqual(['out.txt', 'task.json'])
    expect(await r.git(r.work, 'status', '--porcelain', '-uall')).toBe('MM README.md\n?? notes/todo.txt')
    await p.push()
    expect(await r.git(r.origin, 'show', 'main:README.md')).toBe('# demo')
  })

  it('names the branch input when the branch name is not one git accepts, before touching anything', async () => {
    const r = await setup()
    const err = await Persister.prepare(opts(r, { branch: 'taskmesh/bad..name' })).catch(e => e)
    expect(err).toBeInstanceOf(PersistError)
    expect(err.kind).toBe('branch')
    expect(err.message).toMatch(
      /^"taskmesh\/bad\.\.name" is not a valid git branch name: set the `branch` input/
    )
    expect(await r.git(r.work, 'branch', '--show-current')).toBe('main')
    expect(await r.git(r.work, 'branch', '--list', 'taskmesh/*')).toBe('')
  })

  it('needs a branch on a detached HEAD, and creates or continues the branch', async () => {
    const r = await setup()
    await r.git(r.work, 'checkout', '-q', '--detach', 'HEAD')
    const err = await Persister.prepare(opts(r)).catch(e => e)
    expect(err).toBeInstanceOf(PersistError)
    expect(err.kind).toBe('detached')
    expect(err.message).toMatch(/detached.*`branch`/s)

    const p = await Persister.prepare(opts(r, { branch: 'taskmesh/demo' }))
    expect(p.startBranch).toBeNull()
    expect(p.workBranch).toBe('taskmesh/demo')
    const a = await runTask(p, r, 'a', { 'a.txt': 'a\n' })
    expect(await r.git(r.origin, 'rev-parse', 'taskmesh/demo')).toBe(a)
    expect(await r.git(r.origin, 'rev-list', '--count', 'main')).toBe('1')
    expect(readFileSync(path.join(r.work, '.git/config'), 'utf8')).not.toContain('taskmesh/demo')

    // Another runner continues the branch from the remote.
    const next = await r.cloneAgain()
    const p2 = await Persister.prepare({ ...opts(r), repoDir: next, branch: 'taskmesh/demo' })
    expect(p2.startBranch).toBe('main')
    expect(p2.baseSha).toBe(a)
    expect(task(next, 'a').status).toBe('completed')
  })

  it('works from a shallow clone when the remote moved on', async () => {
    const r = await setup({ depth: 1 })
    expect(await r.git(r.work, 'rev-parse', '--is-shallow-repository')).toBe('true')
    const p = await Persister.prepare(opts(r))
    const other = await r.cloneAgain()
    for (let i = 0; i < 3; i++) await r.commitAndPush(other, { [`o${i}.txt`]: `${i}\n` }, `other ${i}`)
    update(other, { d: { status: 'completed' } }, 'other d')
    await r.commitAndPush(other, {}, 'other d')
    await runTask(p, r, 'a', { 'a.txt': 'a\n' })
    const final = JSON.parse(await r.git(r.origin, 'show', 'main:task.json'))
    expect(final.tasks.map((t: T) => t.status)).toEqual(['completed', 'pending', 'pending', 'completed'])
    expect(await r.git(r.origin, 'rev-list', '--count', 'main')).toBe('6')
  })

  it('deepens a shallow clone when the fork point lies beyond its history', async () => {
    const r = await setup()
    const other = await r.cloneAgain()
    for (let i = 0; i < 5; i++) await r.commitAndPush(other, { [`m${i}.txt`]: `${i}\n` }, `main ${i}`)
    const shallow = await r.cloneAgain('shallow', { depth: 1 })
    const logs: string[] = []
    const p = await Persister.prepare({ ...opts(r), repoDir: shallow, log: (_l, m) => logs.push(m) })
    // Someone rewinds main by two commits and pushes on top: the fork point is below the shallow cut.
    await r.git(other, 'reset', '-q', '--hard', 'HEAD~2')
    r.write(other, 'moved.txt', 'x\n')
    await r.git(other, 'add', '-A')
    await r.git(other, 'commit', '-q', '-m', 'rewound')
    await r.git(other, 'push', '-q', '--force', 'origin', 'main')
    update(shallow, { a: { status: 'completed' } })
    await p.commitTask({ taskId: 'a', status: 'completed', title: 'a', attempts: 1, costUsd: 0, files: [] })
    await p.push()
    expect(logs.some(l => /Shallow clone/.test(l))).toBe(true)
    const subjects = (await r.git(r.origin, 'log', '--format=%s', 'main')).split('\n')
    expect(subjects.slice(0, 2)).toEqual(['taskmesh: a completed — a', 'main 4'])
    expect(subjects).toContain('rewound')
  })

  it('sends the token per command only, over HTTP, even when checkout persisted a stale header', async () => {
    const r = await setup()
    const token = 'ghs_secretTOKEN1234567890'
    const server = await serveGitOverHttp(r.root, token)
    try {
      const url = `${server.url}/origin.git`
      await r.git(r.work, 'remote', 'set-url', 'origin', url)
      // What actions/checkout leaves behind with persist-credentials (an older token).
      const stale = Buffer.from('x-access-token:ghs_stale').toString('base64')
      await r.git(
        r.work,
        'config',
        '--local',
        `http.${server.url}/.extraheader`,
        `AUTHORIZATION: basic ${stale}`
      )
      const before = readFileSync(path.join(r.work, '.git/config'), 'utf8')

      const p = await Persister.prepare(opts(r, { token, serverUrl: server.url, branch: 'feature' }))
      await runTask(p, r, 'a', { 'a.txt': 'a\n' })
      const other = await r.cloneAgain()
      await r.git(other, 'fetch', '-q', 'origin', 'feature')
      await r.git(other, 'checkout', '-q', '-b', 'feature', 'FETCH_HEAD')
      await r.commitAndPush(other, { 'x.txt': 'x\n' }, 'x')
      await runTask(p, r, 'b', { 'b.txt': 'b\n' }) // fetch + rebase + push, all over HTTP
      expect(await r.git(r.origin, 'log', '--format=%s', '-3', 'feature')).toBe(
        'taskmesh: b completed — Task b\nx\ntaskmesh: a completed — Task a'
      )
      const good = `basic ${Buffer.from(`x-access-token:${token}`).toString('base64')}`
      expect(server.authHeaders.length).toBeGreaterThan(4)
      expect(server.authHeaders.every(h => h === good)).toBe(true)

      const config = readFileSync(path.join(r.work, '.git/config'), 'utf8')
      expect(config).toBe(before)
      expect(config).not.toContain(token)
      expect(config).not.toContain(Buffer.from(`x-access-token:${token}`).toString('base64'))

      // A wrong token: a clear auth error that shows neither the token nor its encoding.
      const bad = 'ghs_wrongTOKEN0987654321'
      update(r.work, { c: { status: 'completed' } })
      const p2 = await Persister.prepare(
        opts(r, { token: bad, serverUrl: server.url, maxPushAttempts: 2 })
      ).catch(e => e)
      expect(p2).toBeInstanceOf(Persister)
      await (p2 as Persister).commitTask({
        taskId: 'c',
        status: 'completed',
        title: 'c',
        attempts: 1,
        costUsd: 0,
        files: []
      })
      const err = await (p2 as Persister).push().catch(e => e)
      expect(err).toBeInstanceOf(PersistError)
      expect(err.kind).toBe('auth')
      expect(err.message).toMatch(/contents: write/)
      expect(err.message).not.toContain(bad)
      expect(err.message).not.toContain(Buffer.from(`x-access-token:${bad}`).toString('base64'))
      const err2 = await Persister.prepare(
        opts(r, { token: bad, serverUrl: server.url, branch: 'other' })
      ).catch(e => e)
      expect(err2).toBeInstanceOf(PersistError)
      expect(`${err2.message}${err2.stack}`).not.toContain(bad)
    } finally {
      await server.close()
    }
  })

  it('commits and pushes nothing when commit is off', async () => {
    const r = await setup()
    const p = await Persister.prepare(opts(r, { commit: false }))
    const start = await p.head()
    r.write(r.work, 'a.txt', 'a\n')
    update(r.work, { a: { status: 'completed' } })
    expect(await p.changedFiles(start)).toEqual(['a.txt'])
    expect(
      await p.commitTask({
        taskId: 'a',
        status: 'completed',
        title: 'a',
        attempts: 1,
        costUsd: 0,
        files: ['a.txt']
      })
    ).toBeNull()
    expect(await p.push()).toEqual({ pushed: false, sha: start })
    expect(await r.git(r.work, 'status', '--porcelain')).toBe('M task.json\n?? a.txt')
  })

  it('with commits off, snapshots keep each task’s outputs to what it changed itself', async () => {
    const r = await setup({ files: { 'shared.txt': 'orig\n' } })
    const p = await Persister.prepare(opts(r, { commit: false }))
    const s1 = await p.snapshot()
    r.write(r.work, 'one.txt', '1\n')
    r.write(r.work, 'shared.txt', 'by one\n')
    expect(await p.changedFiles(s1)).toEqual(['one.txt', 'shared.txt'])
    const s2 = await p.snapshot()
    r.write(r.work, 'two.txt', '2\n')
    r.write(r.work, 'one.txt', '1 changed by two\n')
    expect(await p.changedFiles(s2)).toEqual(['one.txt', 'two.txt'])
    // A retry of task two puts back task one's work exactly.
    await p.restore(s2)
    expect(r.read(r.work, 'one.txt')).toBe('1\n')
    expect(r.read(r.work, 'shared.txt')).toBe('by one\n')
    expect(await r.git(r.work, 'status', '--porcelain', '-uall')).toBe('M shared.txt\n?? one.txt')
    expect(
      await p.recordTask({ taskId: 'a', status: 'completed', title: 'a', attempts: 1, costUsd: 0, files: [] })
    ).toEqual({
      commit: null,
      taskFileMerged: false
    })
  })

  it('with commits off, reads outputs through a copy of the index that misses nothing and is removed', async () => {
    const r = await setup({ files: { '.gitignore': 'dist/\n' } })
    const gitDir = path.join(r.work, '.git')
    // Left by a killed run (its process is gone): removed. One of a live process (pid 1): kept.
    const dead = spawnSync(process.execPath, ['-e', '']).pid
    writeFileSync(path.join(gitDir, `index.taskmesh-${dead}-0a1b2c3d4e5f`), 'stale')
    writeFileSync(path.join(gitDir, 'index.taskmesh-1-0a1b2c3d4e5f'), 'live')
    const p = await Persister.prepare(opts(r, { commit: false, push: false }))
    let start = await p.snapshot()
    expect(readdirSync(gitDir).filter(f => f.includes(`taskmesh-${dead}-`))).toEqual([])
    expect(readdirSync(gitDir)).toContain('index.taskmesh-1-0a1b2c3d4e5f')
    rmSync(path.join(gitDir, 'index.taskmesh-1-0a1b2c3d4e5f'))
    // Same size, same second as the snapshot that just recorded the file: git must look at the content
    // ("racy git"), not trust the stat it recorded.
    for (let i = 0; i < 5; i++) {
      r.write(r.work, 'same.txt', `${i}\n`)
      expect(await p.changedFiles(start)).toEqual(['same.txt'])
      start = await p.snapshot()
    }
    // A commit made during the task (Claude committing on its own) still counts: the working tree is compared.
    r.write(r.work, 'committed.txt', 'c\n')
    await r.git(r.work, 'add', 'committed.txt')
    await r.git(r.work, 'commit', '-q', '-m', 'claude committed')
    expect(await p.changedFiles(start)).toEqual(['committed.txt'])
    start = await p.snapshot()
    // An ignored file does not count, unless it was added to the index on purpose (`git add -f`).
    r.write(r.work, 'dist/skip.js', 's\n')
    r.write(r.work, 'dist/bundle.js', 'b\n')
    await r.git(r.work, 'add', '-f', 'dist/bundle.js')
    expect(await p.changedFiles(start)).toEqual(['dist/bundle.js'])
    start = await p.snapshot()
    // A deletion, and nothing at all.
    await rm(path.join(r.work, 'committed.txt'))
    expect(await p.changedFiles(start)).toEqual(['committed.txt'])
    expect(await p.changedFiles(await p.snapshot())).toEqual([])

    // No copy of the index is left behind, and the real index holds only what was added to it on purpose.
    expect(readdirSync(gitDir).filter(f => f.includes('taskmesh'))).toEqual([])
    expect(await r.git(r.work, 'diff', '--cached', '--name-only', 'HEAD')).toBe('dist/bundle.js')
  })

  it('serves as the engine’s RepoPort: recordTask, recordState and the merge flag', async () => {
    const r = await setup()
    const p = await Persister.prepare(opts(r))
    const port: RepoPort = p
    const start = await port.snapshot()
    r.write(r.work, 'a.txt', 'a\n')
    const outputs = await port.changedFiles(start)
    update(r.work, { a: { status: 'completed', outputs } })
    const first = await port.recordTask({
      taskId: 'a',
      status: 'completed',
      title: 'a',
      attempts: 1,
      costUsd: 0,
      files: outputs
    })
    expect(first.taskFileMerged).toBe(false)
    expect(await r.git(r.origin, 'rev-parse', 'main')).toBe(first.commit)

    const other = await r.cloneAgain()
    update(other, { b: { status: 'completed' } }, 'other')
    await r.commitAndPush(other, {}, 'other')
    update(r.work, { a: { commit: first.commit } }, 'run stopped')
    const state = await port.recordState('taskmesh: update task state')
    expect(state.taskFileMerged).toBe(true)
    expect(await r.git(r.origin, 'log', '-1', '--format=%s', 'main')).toBe('taskmesh: update task state')
    expect(task(r.work, 'b').status).toBe('completed')
    expect(task(r.work, 'a').commit).toBe(first.commit)
    expect(await port.recordState('nothing')).toEqual({ commit: null, taskFileMerged: false })
  })
})
