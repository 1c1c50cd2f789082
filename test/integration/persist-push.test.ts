import { chmodSync, linkSync, readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { afterEach, beforeAll, describe, expect, it } from 'vitest'
import { PersistError, Persister, type PersistOptions } from '../../src/persist/persister.js'
import { isolateGitConfig, makeRepo, type TestRepo } from '../support/repo.js'

const ID = { name: 'taskmesh-bot', email: 'bot@example.com' }

interface T {
  id: string
  description: string
  status?: string
  [k: string]: unknown
}

const taskFile = (tasks: T[]) => `${JSON.stringify({ project: 'demo', tasks, logs: [] }, null, 2)}\n`

let repos: TestRepo[] = []
afterEach(() => {
  for (const r of repos) r.cleanup()
  repos = []
})
beforeAll(() => isolateGitConfig())

async function setup(ids: string[]): Promise<TestRepo> {
  const tasks = ids.map(id => ({ id, description: `Task ${id}`, status: 'pending' }))
  const r = await makeRepo({ files: { 'task.json': taskFile(tasks), 'README.md': '# demo\n' } })
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
    backoffMs: 20,
    ...o
  }
}

function update(dir: string, changes: Record<string, Partial<T>>): void {
  const p = path.join(dir, 'task.json')
  const doc = JSON.parse(readFileSync(p, 'utf8'))
  for (const t of doc.tasks) Object.assign(t, changes[t.id] ?? {})
  writeFileSync(p, `${JSON.stringify(doc, null, 2)}\n`)
}

async function completeTask(p: Persister, r: TestRepo, dir: string, id: string): Promise<void> {
  const start = await p.head()
  r.write(dir, `${id}.txt`, `${id}\n`)
  const outputs = await p.changedFiles(start)
  update(dir, { [id]: { status: 'completed', outputs } })
  await p.commitTask({ taskId: id, status: 'completed', title: id, attempts: 1, costUsd: 0, files: outputs })
}

describe('Persister pushes', () => {
  it('lands every job of a fan-out that pushes to one branch at the same moment', async () => {
    const ids = Array.from({ length: 8 }, (_, i) => `t${i + 1}`)
    const r = await setup(ids)
    const clones = await Promise.all(ids.map(id => r.cloneAgain(`job-${id}`)))
    const logs: string[] = []
    const persisters = await Promise.all(
      clones.map((dir, i) =>
        Persister.prepare(
          opts(r, { repoDir: dir, runId: `run-${ids[i]}`, log: (_l, m) => logs.push(`${ids[i]}: ${m}`) })
        )
      )
    )
    for (const [i, p] of persisters.entries()) await completeTask(p, r, clones[i], ids[i])
    const results = await Promise.allSettled(persisters.map(p => p.push()))
    const failed = results.flatMap((x, i) => (x.status === 'rejected' ? [`${ids[i]}: ${x.reason}`] : []))
    expect(failed, logs.join('\n')).toEqual([])

    const final = JSON.parse(await r.git(r.origin, 'show', 'main:task.json'))
    for (const t of final.tasks)
      expect(t, t.id).toMatchObject({ status: 'completed', outputs: [`${t.id}.txt`] })
    const tree = await r.git(r.origin, 'ls-tree', '--name-only', 'main')
    for (const id of ids) expect(tree).toContain(`${id}.txt`)
    expect(await r.git(r.origin, 'rev-list', '--count', 'main')).toBe(String(ids.length + 1))
    expect(await r.git(r.origin, 'for-each-ref', '--format=%(refname)', 'refs/heads')).toBe('refs/heads/main')
  })

  it('keeps the work on the rescue branch when the remote refuses the push for good', async () => {
    const r = await setup(['a', 'b'])
    const hook = path.join(r.origin, 'hooks', 'pre-receive')
    writeFileSync(
      hook,
      '#!/bin/sh\nwhile read old new ref; do [ "$ref" = refs/heads/main ] && { echo "main is protected"; exit 1; }; done\nexit 0\n'
    )
    chmodSync(hook, 0o755)
    const p = await Persister.prepare(opts(r, { runId: '900-1' }))
    await completeTask(p, r, r.work, 'a')
    const sha = await p.head()
    const err = await p.push().catch(e => e)
    expect(err).toBeInstanceOf(PersistError)
    expect(err.kind).toBe('push')
    expect(err.message).toMatch(/refused the push to main/)
    expect(err.message).toContain('taskmesh/rescue-900-1')
    expect(err.details.rescueBranch).toBe('taskmesh/rescue-900-1')
    expect(await r.git(r.origin, 'rev-parse', 'refs/heads/taskmesh/rescue-900-1')).toBe(sha)
  })

  it('says the work is only local, and what to check, when even the rescue branch is refused', async () => {
    const r = await setup(['a', 'b'])
    const hook = path.join(r.origin, 'hooks', 'pre-receive')
    writeFileSync(hook, '#!/bin/sh\necho "read-only mirror"\nexit 1\n')
    chmodSync(hook, 0o755)
    const p = await Persister.prepare(opts(r, { runId: '902' }))
    await completeTask(p, r, r.work, 'a')
    const sha = await p.head()
    const err = await p.push().catch(e => e)
    expect(err).toBeInstanceOf(PersistError)
    expect(err.details.rescueBranch).toBeUndefined()
    expect(err.message).toContain(`they are only in the local branch main at ${sha}`)
    expect(err.message).toContain('check that the token may push (`permissions: contents: write`)')
    expect(await r.git(r.work, 'rev-parse', 'main')).toBe(sha)
  })

  it('keeps the work on the rescue branch when the retries run out', async () => {
    const r = await setup(['a', 'b'])
    const p = await Persister.prepare(opts(r, { runId: '901', remote: 'flaky', maxPushAttempts: 2 }))
    // A remote that is not there for pushes to main, but is for the rescue branch (a different URL).
    await r.git(r.work, 'remote', 'add', 'flaky', r.origin)
    await r.git(r.work, 'config', 'remote.flaky.pushurl', path.join(r.root, 'missing.git'))
    await completeTask(p, r, r.work, 'a')
    const err = await p.push().catch(e => e)
    expect(err).toBeInstanceOf(PersistError)
    expect(err.kind).toBe('push')
    expect(err.message).toMatch(/after 2 attempt/)
    // The rescue push could not reach it either: the message says where the commits are.
    expect(err.message).toMatch(/only in the local branch main/)
  })

  it('refuses to push a task.json that the merge with the remote made invalid, and rescues the work', async () => {
    const r = await setup(['a', 'b'])
    const p = await Persister.prepare(opts(r, { runId: '902' }))
    const other = await r.cloneAgain()
    // Someone pushed a task.json whose task b depends on a task that does not exist.
    update(other, { b: { dependencies: ['nope'] } })
    await r.commitAndPush(other, {}, 'broken plan')
    await completeTask(p, r, r.work, 'a')
    const err = await p.push().catch(e => e)
    expect(err).toBeInstanceOf(PersistError)
    expect(err.kind).toBe('state')
    expect(err.message).toMatch(/invalid task file/)
    expect(err.message).toMatch(/nope/)
    expect(err.details.rescueBranch).toBe('taskmesh/rescue-902')
    expect(await r.git(r.origin, 'log', '-1', '--format=%s', 'main')).toBe('broken plan')
    expect(JSON.parse(await r.git(r.origin, 'show', 'taskmesh/rescue-902:task.json')).tasks[0].status).toBe(
      'completed'
    )
  })

  it('replaces task.json atomically during a rebase (a new file, never rewritten in place)', async () => {
    const r = await setup(['a', 'b', 'c'])
    const p = await Persister.prepare(opts(r))
    const other = await r.cloneAgain()
    update(other, { b: { status: 'completed' } })
    await r.commitAndPush(other, {}, 'other')
    await completeTask(p, r, r.work, 'a')
    update(r.work, { c: { status: 'in_progress' } }) // the engine moved on: uncommitted state, set aside
    // A hard link sees every in-place write; a file replaced by rename leaves it as it was.
    const before = readFileSync(path.join(r.work, 'task.json'), 'utf8')
    linkSync(path.join(r.work, 'task.json'), path.join(r.root, 'task-link.json'))
    await p.push()
    const now = JSON.parse(readFileSync(path.join(r.work, 'task.json'), 'utf8'))
    expect(now.tasks.map((t: T) => t.status)).toEqual(['completed', 'completed', 'in_progress'])
    expect(readFileSync(path.join(r.root, 'task-link.json'), 'utf8')).toBe(before)
  })
})
