/**
 * Issue 4, end to end through dist/index.js: one commit per task, pushed after each one, a cancelled job,
 * and a remote that moves during the run until a real content conflict ends on the rescue branch. What git
 * alone decides (a rebase onto commits another clone pushed, a shallow clone, the task-file merge with
 * another run, folding the commits Claude made on another branch) is tested with the same real git and no
 * Claude session in test/integration/persist.test.ts; the Task Master matrix test merges two real runs.
 */
import { existsSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { afterEach, beforeAll, describe, expect, it } from 'vitest'
import { runAction, visibleLog } from '../support/action.js'
import { startMessagesApi, type MessagesApi } from '../support/messages-api.js'
import {
  actionEnv,
  actionInputs,
  byId,
  commits,
  DEFAULT_EMAIL,
  DEFAULT_NAME,
  scriptedClaude,
  taskFileText,
  taskJsonAt,
  trailers
} from '../support/persist-harness.js'
import { isolateGitConfig, makeRepo, type TestRepo } from '../support/repo.js'

let api: MessagesApi | undefined
let repo: TestRepo | undefined
beforeAll(() => isolateGitConfig())
afterEach(async () => {
  await api?.close()
  api = undefined
  repo?.cleanup()
  repo = undefined
})

describe('persistence: commits and pushes (dist/index.js)', () => {
  it('makes one commit per task with its files and trailers, pushes each, and sets branch / head-sha', async () => {
    repo = await makeRepo({
      files: {
        'README.md': '# demo\n',
        'task.json': taskFileText([
          { id: 'a', title: 'Write the a file' },
          { id: 'b', dependencies: ['a'] }
        ])
      }
    })
    const startSha = await repo.git(repo.work, 'rev-parse', 'HEAD')
    const claude = scriptedClaude({ a: { files: { 'a.txt': 'a\n', 'docs/a.md': '# a\n' } } })
    api = await startMessagesApi(claude)
    const r = await runAction({ workspace: repo.work, inputs: actionInputs(), env: actionEnv(api.url) })
    expect(r.exitCode, r.log).toBe(0)
    expect(claude.seen).toEqual(['a', 'b'])

    const originHead = await repo.git(repo.origin, 'rev-parse', 'main')
    expect(r.outputs.branch).toBe('main')
    expect(r.outputs['head-sha']).toBe(originHead)
    expect(await repo.git(repo.work, 'rev-parse', 'HEAD')).toBe(originHead)
    expect(r.outputs['pull-request-operation']).toBe('none')

    const log = await commits(repo.origin, 'main')
    expect(log.map(c => c.subject)).toEqual([
      'taskmesh: record the commit of b in the task file',
      'taskmesh: b completed — Write b.txt',
      'taskmesh: a completed — Write the a file',
      'initial'
    ])
    const [last, cb, ca] = log
    // The final state commit records the last task's hash; it changes nothing but the task file.
    expect(last.files).toEqual(['task.json'])
    expect(ca.files).toEqual(['a.txt', 'docs/a.md', 'task.json'])
    expect(cb.files).toEqual(['b.txt', 'task.json'])
    for (const c of [ca, cb]) {
      expect(c.author).toBe(`${DEFAULT_NAME} <${DEFAULT_EMAIL}>`)
      expect(c.committer).toBe(`${DEFAULT_NAME} <${DEFAULT_EMAIL}>`)
    }
    const ta = trailers(ca.body)
    expect(ta['Task-Id']).toBe('a')
    expect(ta['Task-Status']).toBe('completed')
    expect(ta.Attempts).toBe('1')
    expect(Number(ta['Cost-USD'])).toBeGreaterThan(0)
    expect(trailers(cb.body)['Task-Id']).toBe('b')

    // Each commit was pushed when its task finished: a's commit was on origin before b started.
    expect(await repo.git(repo.origin, 'merge-base', '--is-ancestor', ca.sha, 'main')).toBe('')

    // The hash of a's commit went into the next state write (when b started), and is on origin.
    const state = await taskJsonAt(repo.origin, 'main')
    expect(byId(state).a.commit).toBe(ca.sha)
    expect(byId(state).b.commit).toBe(cb.sha)
    expect(byId(state).a.outputs).toEqual(['a.txt', 'docs/a.md'])
    expect(byId(state).b.outputs).toEqual(['b.txt'])
    expect(JSON.parse(r.outputs.results).a.commit).toBe(ca.sha)
    expect(JSON.parse(r.outputs.results).b.commit).toBe(cb.sha)

    // The identity was passed per command: nothing in the repository's config, the tree is clean.
    const config = readFileSync(path.join(repo.work, '.git', 'config'), 'utf8')
    expect(config).not.toMatch(/\[user\]|github-actions/)
    expect(await repo.git(repo.work, 'status', '--porcelain')).toBe('')
    expect(startSha).not.toBe(originHead)
  })

  it("commits a failed task's state alone: its partial files are neither committed nor left behind", async () => {
    repo = await makeRepo({
      files: {
        'task.json': taskFileText([
          { id: 'good' },
          { id: 'bad', description: 'Write partial files', verify: 'exit 3' }
        ])
      }
    })
    const claude = scriptedClaude({
      bad: { files: { 'partial.txt': 'half done\n', 'sub/dir/partial2.txt': 'x\n' } }
    })
    api = await startMessagesApi(claude)
    const r = await runAction({ workspace: repo.work, inputs: actionInputs(), env: actionEnv(api.url) })
    expect(r.exitCode, r.log).toBe(1)
    expect(visibleLog(r.log)).toMatch(/bad/)

    const log = await commits(repo.origin, 'main')
    const bad = log.find(c => c.subject.startsWith('taskmesh: bad failed'))
    expect(bad, log.map(c => c.subject).join('\n')).toBeDefined()
    expect(bad!.files).toEqual(['task.json'])
    expect(trailers(bad!.body)['Task-Status']).toBe('failed')
    const good = log.find(c => c.subject.startsWith('taskmesh: good completed'))
    expect(good!.files).toEqual(['good.txt', 'task.json'])

    for (const f of ['partial.txt', 'sub/dir/partial2.txt', 'sub'])
      expect(existsSync(path.join(repo.work, f)), f).toBe(false)
    expect(await repo.git(repo.work, 'status', '--porcelain')).toBe('')
    const state = await taskJsonAt(repo.origin, 'main')
    expect(byId(state).bad.status).toBe('failed')
    expect(byId(state).bad.outputs).toBeUndefined()
    expect(JSON.parse(r.outputs.failed)).toEqual(['bad'])
    expect(r.outputs['head-sha']).toBe(await repo.git(repo.origin, 'rev-parse', 'main'))
  })
})

describe('persistence: a cancelled job', () => {
  it('keeps every finished task on the remote and leaves the interrupted one pending, its files gone', async () => {
    repo = await makeRepo({
      files: { 'task.json': taskFileText([{ id: 'a' }, { id: 'b', dependencies: ['a'] }]) }
    })
    let action: import('node:child_process').ChildProcess | undefined
    const claude = scriptedClaude()
    api = await startMessagesApi(async ctx => {
      if (ctx.taskId === 'b' && ctx.turn === 1) {
        // b wrote its file; now the runner cancels the job (SIGINT first, like the runner does).
        action?.kill('SIGINT')
        return { hang: true }
      }
      return claude(ctx)
    })
    const r = await runAction({
      workspace: repo.work,
      inputs: actionInputs(),
      env: actionEnv(api.url),
      onStart: child => (action = child)
    })
    expect(r.signal).toBeNull()
    const log = await commits(repo.origin, 'main')
    expect(log.map(c => c.subject)).toEqual([
      'taskmesh: update task state — cancelled',
      'taskmesh: a completed — Write a.txt',
      'initial'
    ])
    expect(log[0].files).toEqual(['task.json'])
    const state = await taskJsonAt(repo.origin, 'main')
    expect(byId(state).a).toMatchObject({ status: 'completed', commit: log[1].sha })
    expect(byId(state).b.status ?? 'pending').toBe('pending')
    expect(existsSync(path.join(repo.work, 'b.txt'))).toBe(false)
    expect(await repo.git(repo.work, 'status', '--porcelain')).toBe('')
    expect(r.outputs['stop-reason']).toBe('cancelled')
    expect(r.outputs['head-sha']).toBe(log[0].sha)
  })
})

describe('persistence: what Claude does to the repository', () => {
  // Two independent inputs in one run (each an action run and a Claude session less), asserted apart.
  it('commits from a working-directory inside the repository, with task.json there; git-user-name / git-user-email are author and committer', async () => {
    repo = await makeRepo({
      files: { 'README.md': '# mono\n', 'pkg/task.json': taskFileText([{ id: 'a' }]) }
    })
    api = await startMessagesApi(scriptedClaude())
    const r = await runAction({
      workspace: repo.work,
      inputs: actionInputs({
        'working-directory': 'pkg',
        'git-user-name': 'Robo Writer',
        'git-user-email': 'robo@example.org'
      }),
      env: actionEnv(api.url)
    })
    expect(r.exitCode, r.log).toBe(0)
    const [last, c] = await commits(repo.origin, 'main', 2)
    // git-user-name / git-user-email: the author and committer of every commit, never stored in the config.
    for (const commit of [last, c]) {
      expect(commit.author).toBe('Robo Writer <robo@example.org>')
      expect(commit.committer).toBe('Robo Writer <robo@example.org>')
    }
    expect(readFileSync(path.join(repo.work, '.git', 'config'), 'utf8')).not.toContain('Robo Writer')
    // working-directory: the task's files and the task file under pkg/.
    expect(c.files).toEqual(['pkg/a.txt', 'pkg/task.json'])
    expect(last.files).toEqual(['pkg/task.json'])
    const state = JSON.parse(await repo.git(repo.origin, 'show', 'main:pkg/task.json'))
    expect(state.tasks[0].status).toBe('completed')
    expect(state.tasks[0].commit).toBe(c.sha)
    expect(r.outputs['head-sha']).toBe(last.sha)
  })
})

describe('persistence: a remote that moves during the run', () => {
  it('stops on a real content conflict, names the file, and pushes the work to the rescue branch', async () => {
    repo = await makeRepo({
      files: {
        'task.json': taskFileText([
          { id: 'a' },
          { id: 'b', dependencies: ['a'] },
          { id: 'c', dependencies: ['b'] }
        ])
      }
    })
    const r0 = repo
    let otherSha = ''
    // Both sides create shared.txt with different content (Claude's Write tool refuses to overwrite a file
    // it has not read, so the conflict is an add/add one).
    const claude = scriptedClaude({
      b: {
        files: { 'shared.txt': 'written by task b\n' },
        onStart: async () => {
          const other = await r0.cloneAgain('other')
          otherSha = await r0.commitAndPush(
            other,
            { 'shared.txt': 'written by a person\n' },
            'person: shared'
          )
        }
      }
    })
    api = await startMessagesApi(claude)
    const r = await runAction({ workspace: repo.work, inputs: actionInputs(), env: actionEnv(api.url) })
    const log = visibleLog(r.log)
    expect(r.exitCode, r.log).toBe(1)
    expect(log).toMatch(/::error[^\n]*shared\.txt/)
    expect(log).toContain('taskmesh/rescue-4242')
    // The run stopped: c never started.
    expect(claude.seen).toEqual(['a', 'b'])

    // The person's commit is untouched on main; the run's work is on the rescue branch.
    expect(await repo.git(repo.origin, 'rev-parse', 'main')).toBe(otherSha)
    const rescue = await commits(repo.origin, 'taskmesh/rescue-4242')
    expect(rescue.map(c => c.subject)).toEqual([
      'taskmesh: b completed — Write b.txt',
      'taskmesh: a completed — Write a.txt',
      'initial'
    ])
    expect(await repo.git(repo.origin, 'show', 'taskmesh/rescue-4242:shared.txt')).toBe('written by task b')
    expect(byId(await taskJsonAt(repo.origin, 'taskmesh/rescue-4242')).b.status).toBe('completed')
    expect(r.outputs['stop-reason']).toBe('error')
    // The error is said once as a log line (plus the step's ::error::), not repeated.
    expect(log.match(/Conflict while rebasing/g)).toHaveLength(2)
    // head-sha is what the branch holds from this run (a's pushed commit), not the rescued local commit.
    expect(r.outputs['head-sha']).toBe(rescue[1].sha)
    // Only main and the rescue branch exist on origin.
    expect(
      (await repo.git(repo.origin, 'for-each-ref', '--format=%(refname)', 'refs/heads')).split('\n').sort()
    ).toEqual(['refs/heads/main', 'refs/heads/taskmesh/rescue-4242'])
  })
})

describe('persistence: commit: false', () => {
  it("leaves each task's files and task.json changed in the workspace; outputs are each task's own", async () => {
    repo = await makeRepo({
      files: {
        'README.md': '# demo\n',
        'task.json': taskFileText([{ id: 'a' }, { id: 'b', dependencies: ['a'] }])
      }
    })
    const start = await repo.git(repo.work, 'rev-parse', 'HEAD')
    const claude = scriptedClaude({ b: { files: { 'b.txt': 'b\n', 'lib/b.ts': 'export {}\n' } } })
    api = await startMessagesApi(claude)
    const r = await runAction({
      workspace: repo.work,
      inputs: actionInputs({ commit: 'false' }),
      env: actionEnv(api.url)
    })
    expect(r.exitCode, r.log).toBe(0)
    expect(claude.seen).toEqual(['a', 'b'])
    // Nothing committed or pushed.
    expect(await repo.git(repo.work, 'rev-parse', 'HEAD')).toBe(start)
    expect(await repo.git(repo.origin, 'rev-parse', 'main')).toBe(start)
    expect(await repo.git(repo.work, 'branch', '--show-current')).toBe('main')
    // The work is in the tree for a later step.
    const status = (await repo.git(repo.work, 'status', '--porcelain', '--untracked-files=all'))
      .split('\n')
      .map(l => l.trim())
      .sort()
    expect(status).toEqual(['?? a.txt', '?? b.txt', '?? lib/b.ts', 'M task.json'])
    const state = JSON.parse(readFileSync(path.join(repo.work, 'task.json'), 'utf8'))
    expect(byId(state).a.outputs).toEqual(['a.txt'])
    expect(byId(state).b.outputs).toEqual(['b.txt', 'lib/b.ts'])
    expect(byId(state).a.commit ?? null).toBeNull()
    const results = JSON.parse(r.outputs.results)
    expect(results.a).toMatchObject({ status: 'completed', outputs: ['a.txt'], commit: null })
    expect(results.b).toMatchObject({ status: 'completed', outputs: ['b.txt', 'lib/b.ts'], commit: null })
    expect(r.outputs.branch).toBe('')
    expect(r.outputs['head-sha']).toBe(start)
    expect(r.outputs['pull-request-operation']).toBe('none')
    expect(JSON.parse(r.outputs.completed)).toEqual(['a', 'b'])
  })
})

describe('persistence: rescue edge cases', () => {
  it('never overwrites an existing rescue branch (a re-run with the same run id)', async () => {
    repo = await makeRepo({ files: { 'task.json': taskFileText([{ id: 'a' }]) } })
    const r0 = repo
    const earlier = await repo.cloneAgain('earlier')
    await repo.git(earlier, 'push', '-q', 'origin', 'HEAD:refs/heads/taskmesh/rescue-4242')
    const earlierSha = await repo.git(repo.origin, 'rev-parse', 'taskmesh/rescue-4242')
    api = await startMessagesApi(
      scriptedClaude({
        a: {
          files: { 'shared.txt': 'ours\n' },
          onStart: async () => {
            const other = await r0.cloneAgain('other')
            await r0.commitAndPush(other, { 'shared.txt': 'theirs\n' }, 'person: shared')
          }
        }
      })
    )
    const r = await runAction({ workspace: repo.work, inputs: actionInputs(), env: actionEnv(api.url) })
    expect(r.exitCode, r.log).toBe(1)
    expect(await repo.git(repo.origin, 'rev-parse', 'taskmesh/rescue-4242')).toBe(earlierSha)
    const refs = (
      await repo.git(repo.origin, 'for-each-ref', '--format=%(refname:short)', 'refs/heads')
    ).split('\n')
    const rescue = refs.find(x => /^taskmesh\/rescue-4242-[0-9a-f]{8}$/.test(x))
    expect(rescue, refs.join(', ')).toBeDefined()
    expect(await repo.git(repo.origin, 'show', `${rescue}:shared.txt`)).toBe('ours')
    expect(visibleLog(r.log)).toContain(rescue)
  })

  it('rescues when the remote deleted task.json (it cannot be merged), saying so', async () => {
    repo = await makeRepo({ files: { 'task.json': taskFileText([{ id: 'a' }]) } })
    const r0 = repo
    api = await startMessagesApi(
      scriptedClaude({
        a: {
          onStart: async () => {
            const other = await r0.cloneAgain('other')
            await r0.git(other, 'rm', '-q', 'task.json')
            await r0.git(other, 'commit', '-q', '-m', 'person: drop task.json')
            await r0.git(other, 'push', '-q', 'origin', 'HEAD')
          }
        }
      })
    )
    const r = await runAction({ workspace: repo.work, inputs: actionInputs(), env: actionEnv(api.url) })
    expect(r.exitCode, r.log).toBe(1)
    const err = visibleLog(r.log)
      .split('\n')
      .filter(l => l.startsWith('::error'))
      .join('\n')
    expect(err).toContain('task.json')
    expect(err).toContain('taskmesh/rescue-4242')
    expect(byId(await taskJsonAt(repo.origin, 'taskmesh/rescue-4242')).a.status).toBe('completed')
    expect(await repo.git(repo.origin, 'log', '-1', '--format=%s', 'main')).toBe('person: drop task.json')
  })
})
