/**
 * Issue 13, `mode: review` end to end: dist/index.js on pull_request_review, pull_request_review_comment and
 * issue_comment events, with real git, the real Claude CLI against the local Messages API (which records
 * the prompts it got) and the local GitHub API stand-in (reviews, inline comments, replies, reactions,
 * permissions). The pull request is made the way users get one: a `mode: run` run with pull-request: true.
 */
import path from 'node:path'
import { afterEach, beforeAll, describe, expect, it } from 'vitest'
import { runAction, visibleLog, type ActionRun } from '../support/action.js'
import { startFakeGitHub, type FakeGitHub, type FakePull } from '../support/github-api.js'
import { startMessagesApi, type Handler, type MessagesApi } from '../support/messages-api.js'
import {
  actionEnv,
  actionInputs,
  byId,
  commits,
  showFile,
  taskFileText,
  taskJsonAt,
  trailers
} from '../support/persist-harness.js'
import { copyRepo, isolateGitConfig, makeRepo, type TestRepo } from '../support/repo.js'

let api: MessagesApi | undefined
let gh: FakeGitHub | undefined
let repo: TestRepo | undefined
afterEach(async () => {
  await api?.close()
  await gh?.close()
  api = gh = undefined
  repo?.cleanup()
  repo = undefined
})

const BRANCH = 'taskmesh/demo'
const PR_URL = 'https://github.example/octo/demo/pull/1'
const REPO = { full_name: 'octo/demo' }

/**
 * Claude for these tests: each task writes `<id>.txt`; a redo (its prompt carries review feedback) writes
 * `<id>.txt` again with "v2". `onRedo` runs when a redo's first request arrives.
 */
function claude(onRedo?: (taskId: string) => Promise<void> | void): Handler {
  return async ctx => {
    const id = ctx.taskId ?? '?'
    const redo = ctx.firstUserText.includes('A reviewer sent this task back')
    // The Write tool refuses to overwrite a file it has not read: a redo changes its file with Bash.
    if (ctx.turn === 0 && redo) {
      await onRedo?.(id)
      return { tools: [{ name: 'Bash', input: { command: `printf '%s v2\\n' ${id} > ${id}.txt` } }] }
    }
    if (ctx.turn === 0)
      return {
        tools: [{ name: 'Write', input: { file_path: path.join(ctx.cwd!, `${id}.txt`), content: `${id}\n` } }]
      }
    return { text: redo ? `Changed ${id}.txt as asked.` : `Done with ${id}.` }
  }
}

/** First requests of the conversations Claude had about `taskId`. */
function prompts(taskId: string): string[] {
  return api!.requests.filter(r => r.turn === 0 && r.taskId === taskId).map(r => r.firstUserText)
}

const PERMISSIONS = { alice: 'write', mallory: 'read', 'renovate[bot]': 'write' }

/**
 * a, b and c (which builds on a) done by a `mode: run` run with pull-request: true, pull request #1 open on
 * taskmesh/demo: made once for the file (three Claude sessions), and copied for each test.
 */
let made: { repo: TestRepo; pull: FakePull } | undefined
beforeAll(async () => {
  isolateGitConfig()
  const first = await makeRepo({
    files: {
      'task.json': taskFileText([{ id: 'a' }, { id: 'b' }, { id: 'c', dependencies: ['a'] }]),
      'README.md': '# demo\n'
    }
  })
  const github = await startFakeGitHub({ permissions: PERMISSIONS })
  const messages = await startMessagesApi(claude())
  try {
    const r = await runAction({
      workspace: first.work,
      inputs: actionInputs({ 'pull-request': 'true' }),
      env: actionEnv(messages.url, { GITHUB_API_URL: github.url })
    })
    expect(r.exitCode, r.log).toBe(0)
    expect(github.pulls).toHaveLength(1)
    expect(github.pulls[0]).toMatchObject({ number: 1, head: BRANCH, base: 'main', state: 'open' })
    made = { repo: first, pull: structuredClone(github.pulls[0]) }
  } finally {
    await messages.close()
    await github.close()
  }
}, 120_000)

/** A copy of the repository and pull request the `mode: run` run made; `onRedo` as in `claude`. */
async function pullRequestWithTasks(onRedo?: (taskId: string) => Promise<void> | void) {
  repo = await copyRepo(made!.repo)
  gh = await startFakeGitHub({ permissions: PERMISSIONS, pulls: [made!.pull] })
  api = await startMessagesApi(claude(onRedo))
}

const pullRequestPayload = () => ({
  number: 1,
  state: 'open',
  head: { ref: BRANCH, repo: REPO },
  base: { ref: 'main', repo: REPO }
})

function reviewEvent(review: { id: number; state: string; body?: string; login?: string }) {
  return {
    name: 'pull_request_review',
    payload: {
      action: 'submitted',
      repository: REPO,
      pull_request: pullRequestPayload(),
      review: {
        id: review.id,
        state: review.state,
        body: review.body ?? '',
        user: { login: review.login ?? 'alice', type: 'User' },
        html_url: `${PR_URL}#pullrequestreview-${review.id}`,
        submitted_at: '2026-02-01T10:00:00Z'
      }
    }
  }
}

function conversationComment(id: number, body: string, user = { login: 'alice', type: 'User' }) {
  return {
    name: 'issue_comment',
    payload: {
      action: 'created',
      repository: REPO,
      issue: { number: 1, state: 'open', pull_request: { url: 'x' } },
      comment: {
        id,
        body,
        user,
        html_url: `${PR_URL}#issuecomment-${id}`,
        created_at: '2026-02-01T10:00:00Z'
      }
    }
  }
}

/**
 * The checkout a runner makes: a review event checks out the merge ref (detached); issue_comment the
 * default branch.
 */
async function runReview(event: { name: string; payload: unknown }, extra: Record<string, string> = {}) {
  const workspace = await repo!.cloneAgain(undefined, { depth: 1 })
  if (event.name !== 'issue_comment') await repo!.git(workspace, 'checkout', '-q', '--detach')
  return runAction({
    workspace,
    inputs: actionInputs({ mode: 'review', ...extra }),
    env: actionEnv(api!.url, { GITHUB_API_URL: gh!.url }),
    event
  })
}

const branchSha = () => repo!.git(repo!.origin, 'rev-parse', BRANCH)

function ok(r: ActionRun): void {
  expect(r.exitCode, visibleLog(r.log)).toBe(0)
}

describe('mode: review (dist/index.js, fake GitHub API, real Claude CLI)', () => {
  it('redoes the two tasks a changes-requested review commented on, answers on both threads, and never twice', async () => {
    await pullRequestWithTasks()
    gh!.reviewComments[77] = [
      {
        id: 101,
        body: 'Say hello here instead.',
        path: 'a.txt',
        line: 1,
        diff_hunk: '@@ -0,0 +1 @@\n+a',
        user: { login: 'alice' }
      },
      {
        id: 102,
        body: 'This line needs a ```fenced``` word.',
        path: 'b.txt',
        line: 1,
        diff_hunk: '@@ -0,0 +1 @@\n+b',
        user: { login: 'alice' }
      }
    ]
    const event = reviewEvent({ id: 77, state: 'changes_requested', body: 'Keep both short, please.' })
    const r = await runReview(event)
    ok(r)

    // Both tasks were redone, one commit each, with the comment and the review as trailers.
    // …then the state commit that records b's hash in the task file.
    const [stateCommit, ...log] = await commits(repo!.origin, BRANCH, 6)
    expect(stateCommit!.subject).toBe('taskmesh: record the commit of b in the task file')
    expect(log.slice(0, 2).map(c => c.subject)).toEqual([
      'taskmesh: b completed — Write b.txt',
      'taskmesh: a completed — Write a.txt'
    ])
    const reviewLines = (body: string) => body.split('\n').filter(l => l.startsWith('Review: '))
    expect(reviewLines(log[1].body)).toEqual([
      `Review: ${PR_URL}#discussion_r101`,
      `Review: ${PR_URL}#pullrequestreview-77`
    ])
    expect(reviewLines(log[0].body)).toEqual([
      `Review: ${PR_URL}#discussion_r102`,
      `Review: ${PR_URL}#pullrequestreview-77`
    ])
    expect(trailers(log[1].body)['Task-Id']).toBe('a')
    expect(await showFile(repo!.origin, BRANCH, 'a.txt')).toBe('a v2')
    expect(await showFile(repo!.origin, BRANCH, 'b.txt')).toBe('b v2')

    // The feedback is in the task file, kept; c (built on a) was not rerun.
    const state = byId(await taskJsonAt(repo!.origin, BRANCH))
    expect(state.a.status).toBe('completed')
    expect(
      (state.a.reviews as { id: number; path?: string; line?: number; author: string }[]).map(x => x.id)
    ).toEqual([101, 77])
    expect(state.a.reviews).toMatchObject([
      { id: 101, author: 'alice', path: 'a.txt', line: 1, body: 'Say hello here instead.' },
      { id: 77, author: 'alice', body: 'Keep both short, please.' }
    ])
    expect((state.b.reviews as { id: number }[]).map(x => x.id)).toEqual([102, 77])
    expect(state.a.outputs).toEqual(['a.txt'])
    expect(state.c.reviews).toBeUndefined()
    expect(prompts('c')).toEqual([])

    // Each prompt carries its own feedback as quoted data, the file, line and hunk, and the previous result.
    const [pa] = prompts('a')
    expect(pa).toContain('## A reviewer sent this task back')
    expect(pa).toContain('Change only what the feedback below asks for')
    expect(pa).toContain('on `a.txt` line 1')
    expect(pa).toContain('Say hello here instead.')
    expect(pa).toContain('+a')
    expect(pa).toContain('Done with a.')
    expect(pa).toContain('Keep both short, please.')
    expect(pa).not.toContain('fenced')
    const [pb] = prompts('b')
    expect(pb).toContain('This line needs a ```fenced``` word.')
    expect(pb).toContain('````\nThis line needs a') // a fence longer than the comment's own backticks
    expect(pb).not.toContain('Say hello here instead.')

    // Replies on both threads (outcome, commit link, files, cost), one on the conversation for the body.
    expect(gh!.replies.map(x => x.inReplyTo).sort()).toEqual([101, 102])
    const ra = gh!.replies.find(x => x.inReplyTo === 101)!.body
    expect(ra).toContain('<!-- taskmesh-review -->')
    expect(ra).toContain('Task `a` was redone')
    expect(ra).toContain(`(https://github.com/octo/demo/commit/${log[1].sha})`)
    expect(ra).toContain('Files changed: `a.txt`')
    expect(ra).toMatch(/cost \$0\.\d+/)
    expect(ra).toContain('Changed a.txt as asked.')
    // c builds on a: named, with how to redo it.
    expect(ra).toContain('not rerun by themselves: `c`')
    expect(ra).toContain('/taskmesh redo <task-id>')
    expect(gh!.replies.find(x => x.inReplyTo === 102)!.body).not.toContain('`c`')
    expect(gh!.issueComments).toHaveLength(1)
    expect(gh!.issueComments[0].body).toMatch(/Task `a` was redone[\s\S]*Task `b` was redone/)
    // 👀 on both comments when the work started; the pull request's body was updated.
    expect(gh!.reactions).toEqual([
      { kind: 'review', commentId: 101, content: 'eyes' },
      { kind: 'review', commentId: 102, content: 'eyes' }
    ])
    expect(gh!.calls.some(c => c.method === 'PATCH' && c.path === '/repos/octo/demo/pulls/1')).toBe(true)
    expect(gh!.pulls[0].body).toContain(log[0].sha)

    // The same event again (a re-run of the workflow run): nothing twice.
    const head = await branchSha()
    const before = {
      requests: api!.requests.length,
      replies: gh!.replies.length,
      comments: gh!.issueComments.length
    }
    const again = await runReview(event)
    ok(again)
    expect(await branchSha()).toBe(head)
    expect(api!.requests.length).toBe(before.requests)
    expect(gh!.replies.length).toBe(before.replies)
    expect(gh!.issueComments.length).toBe(before.comments)
    expect(visibleLog(again.log)).toContain('was applied before: not applying it twice')
  }, 120_000)

  it('runs /taskmesh redo and /taskmesh add from a conversation comment, and answers /taskmesh status', async () => {
    await pullRequestWithTasks()
    const r = await runReview(
      conversationComment(
        501,
        'Two things:\n/taskmesh redo b make it louder\nand shorter\n/taskmesh add Write d.txt with the word four'
      )
    )
    ok(r)
    const [pb] = prompts('b')
    expect(pb).toContain('make it louder\nand shorter')
    expect(pb).not.toContain('Write d.txt')
    const state = byId(await taskJsonAt(repo!.origin, BRANCH))
    expect(state.b.status).toBe('completed')
    expect(state.b.reviews).toMatchObject([{ id: 501, author: 'alice', body: 'make it louder\nand shorter' }])
    const added = state['write-d-txt-with-the']
    expect(added).toMatchObject({
      status: 'completed',
      description: 'Write d.txt with the word four',
      source: `pull request comment ${PR_URL}#issuecomment-501`
    })
    expect(added.dependencies).toBeUndefined()
    expect(prompts('write-d-txt-with-the')).toHaveLength(1)
    // One answer on the conversation for both, and 👀 on the comment.
    expect(gh!.issueComments).toHaveLength(1)
    expect(gh!.issueComments[0].body).toContain('Task `b` was redone')
    expect(gh!.issueComments[0].body).toContain('New task `write-d-txt-with-the` is done')
    expect(gh!.reactions).toEqual([{ kind: 'issue', commentId: 501, content: 'eyes' }])
    expect(gh!.replies).toHaveLength(0)

    // status: a table and what is ready, no Claude, no commit.
    const head = await branchSha()
    const requests = api!.requests.length
    ok(await runReview(conversationComment(502, '/taskmesh status')))
    expect(api!.requests.length).toBe(requests)
    expect(await branchSha()).toBe(head)
    const status = gh!.issueComments[1].body
    expect(status).toContain('| Task | Status | Title |')
    expect(status).toContain('| `write-d-txt-with-the` | completed |')
    expect(status).toContain('No task is ready to run.')
  }, 120_000)

  it('runs nothing for a commenter without write access, and answers them once', async () => {
    await pullRequestWithTasks()
    const head = await branchSha()
    const r = await runReview(
      conversationComment(601, '/taskmesh redo a', { login: 'mallory', type: 'User' })
    )
    ok(r)
    expect(visibleLog(r.log)).toContain('ignored: mallory has "read" access to octo/demo')
    expect(api!.requests).toHaveLength(0)
    expect(await branchSha()).toBe(head)
    expect(gh!.issueComments).toHaveLength(1)
    expect(gh!.issueComments[0].body).toContain('only collaborators with write access')
    ok(await runReview(conversationComment(602, '/taskmesh redo b', { login: 'mallory', type: 'User' })))
    expect(gh!.issueComments).toHaveLength(1)
    expect(api!.requests).toHaveLength(0)
    expect(await branchSha()).toBe(head)
  }, 60_000)

  it('ignores bots and its own replies, unless allowed-bots names the bot', async () => {
    await pullRequestWithTasks()
    const head = await branchSha()
    const bot = await runReview(
      conversationComment(701, '/taskmesh redo a', { login: 'github-actions[bot]', type: 'Bot' })
    )
    ok(bot)
    expect(visibleLog(bot.log)).toContain('ignored: github-actions[bot] is a bot')
    // Not even a permission check: a bot's comment costs nothing.
    expect(gh!.calls).toHaveLength(0)
    const own = await runReview(conversationComment(702, '<!-- taskmesh-review -->\n/taskmesh redo a'))
    ok(own)
    expect(visibleLog(own.log)).toContain('ignored: a reply Taskmesh wrote itself')
    expect(gh!.calls).toHaveLength(0)
    expect(await branchSha()).toBe(head)

    const allowed = await runReview(
      conversationComment(703, '/taskmesh redo a say hi', { login: 'renovate[bot]', type: 'Bot' }),
      { 'allowed-bots': 'renovate' }
    )
    ok(allowed)
    expect(prompts('a')).toHaveLength(1)
    expect(byId(await taskJsonAt(repo!.origin, BRANCH)).a.reviews).toMatchObject([
      { id: 703, author: 'renovate[bot]' }
    ])
  }, 90_000)

  it('answers each kind of bad input and changes nothing', async () => {
    await pullRequestWithTasks()
    const head = await branchSha()
    const last = () => gh!.issueComments[gh!.issueComments.length - 1].body
    const unchanged = async () => {
      expect(await branchSha()).toBe(head)
      expect(api!.requests).toHaveLength(0)
    }

    ok(await runReview(conversationComment(801, '/taskmesh redo nope fix it')))
    expect(last()).toContain('There is no task `nope` in the task file. The tasks are: `a`, `b`, `c`.')
    await unchanged()

    // The other answers decided from the comment alone (an empty add, an unknown command, a review that names
    // no task) are in test/unit/review-answers.test.ts; they take the same way to the pull request as this one.

    // A "Request changes" review on a file no task changed.
    gh!.reviewComments[90] = [{ id: 901, body: 'Fix the title.', path: 'README.md', line: 1 }]
    ok(await runReview(reviewEvent({ id: 90, state: 'changes_requested' })))
    const onThread = gh!.replies.find(x => x.inReplyTo === 901)!.body
    expect(onThread).toContain('No task changed `README.md` on this branch')
    expect(onThread).toContain('/taskmesh redo <task-id>')
    expect(onThread).toContain('`a`, `b`, `c`')
    await unchanged()

    // Approving or commenting without a command does nothing at all.
    const calls = gh!.calls.length
    ok(await runReview(reviewEvent({ id: 92, state: 'approved', body: 'LGTM' })))
    expect(gh!.calls.length).toBe(calls)

    // A task that is running elsewhere.
    const other = await repo!.cloneAgain('other', { branch: BRANCH })
    const doc = JSON.parse(repo!.read(other, 'task.json'))
    doc.tasks[1].status = 'in_progress'
    const running = await repo!.commitAndPush(
      other,
      { 'task.json': JSON.stringify(doc, null, 2) + '\n' },
      'b runs'
    )
    ok(await runReview(conversationComment(804, '/taskmesh redo b')))
    expect(last()).toContain('Task `b` is running in another workflow run')
    expect(await branchSha()).toBe(running)
    expect(api!.requests).toHaveLength(0)

    // A closed (merged) pull request.
    gh!.pulls[0].state = 'closed'
    gh!.pulls[0].merged = true
    ok(await runReview(conversationComment(805, '/taskmesh redo a')))
    expect(last()).toContain('This pull request is merged: Taskmesh changes nothing on it.')
    expect(await branchSha()).toBe(running)
    expect(api!.requests).toHaveLength(0)

    // A pull request from a fork is refused.
    gh!.pulls[0].state = 'open'
    gh!.pulls[0].merged = false
    gh!.pulls[0].headRepo = 'mallory/demo'
    const fork = await runReview(conversationComment(806, '/taskmesh redo a'))
    expect(fork.exitCode).toBe(1)
    expect(visibleLog(fork.log)).toContain('the pull request comes from a fork (mallory/demo)')
    expect(last()).toContain('comes from a fork')
    expect(await branchSha()).toBe(running)
    expect(api!.requests).toHaveLength(0)
  }, 120_000)

  it('leaves pull requests without task commits alone', async () => {
    await pullRequestWithTasks()
    const plain = await repo!.cloneAgain('plain')
    await repo!.git(plain, 'checkout', '-q', '-b', 'feature')
    await repo!.commitAndPush(plain, { 'x.txt': 'x\n' }, 'a change by hand')
    gh!.pulls.push({ ...gh!.pulls[0], number: 2, head: 'feature', state: 'open' })
    const event = conversationComment(851, '/taskmesh redo a')
    ;(event.payload.issue as { number: number }).number = 2
    const r = await runReview(event)
    ok(r)
    expect(visibleLog(r.log)).toContain('holds no Taskmesh task commits; mode: review leaves it alone')
    expect(api!.requests).toHaveLength(0)
    expect(gh!.issueComments).toHaveLength(0)
  }, 60_000)

  it('redoes from an inline comment with /taskmesh redo, and rebases when the branch moved meanwhile', async () => {
    let moved = ''
    await pullRequestWithTasks(async () => {
      // Someone pushes to the pull request's branch while Claude works on the redo.
      const other = await repo!.cloneAgain('mover', { branch: BRANCH })
      moved = await repo!.commitAndPush(other, { 'notes.txt': 'by hand\n' }, 'a note by hand')
    })
    const r = await runReview({
      name: 'pull_request_review_comment',
      payload: {
        action: 'created',
        repository: REPO,
        pull_request: pullRequestPayload(),
        comment: {
          id: 301,
          body: '/taskmesh redo\nUse a friendlier word.',
          path: 'a.txt',
          line: 1,
          diff_hunk: '@@ -0,0 +1 @@\n+a',
          user: { login: 'alice', type: 'User' },
          html_url: `${PR_URL}#discussion_r301`,
          created_at: '2026-02-01T10:00:00Z'
        }
      }
    })
    ok(r)
    expect(prompts('a')[0]).toContain('Use a friendlier word.')
    const [stateCommit, ...log] = await commits(repo!.origin, BRANCH, 4)
    expect(stateCommit!.subject).toBe('taskmesh: record the commit of a in the task file')
    expect(log[0].subject).toBe('taskmesh: a completed — Write a.txt')
    expect(log[1].sha).toBe(moved)
    expect(await showFile(repo!.origin, BRANCH, 'notes.txt')).toBe('by hand')
    expect(await showFile(repo!.origin, BRANCH, 'a.txt')).toBe('a v2')
    expect(gh!.replies).toHaveLength(1)
    expect(gh!.replies[0]).toMatchObject({ inReplyTo: 301 })
    expect(gh!.replies[0].body).toContain(log[0].sha)
    expect(gh!.reactions).toEqual([{ kind: 'review', commentId: 301, content: 'eyes' }])
  }, 90_000)
})
