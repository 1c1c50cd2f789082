/**
 * A small stand-in for the GitHub REST API on 127.0.0.1, reached through `apiUrl` / GITHUB_API_URL. It
 * keeps pull requests, their reviews' inline comments, replies, conversation comments and reactions in
 * memory, answers the collaborator-permission endpoint from a table, and records every call with its
 * Authorization header.
 */
import http from 'node:http'
import type { AddressInfo } from 'node:net'

export interface ApiCall {
  method: string
  path: string
  query: Record<string, string>
  body: unknown
  auth: string | undefined
  /** Date.now() when the request came in (benchmarks read the timing from it). */
  at: number
}

export interface FakePull {
  number: number
  title: string
  body: string
  head: string
  base: string
  draft: boolean
  state: 'open' | 'closed'
  labels: string[]
  /** owner/name of the head repository (default: the base repository); null: a deleted fork. */
  headRepo?: string | null
  merged?: boolean
}

/** An inline comment of a review, as GET /pulls/:n/reviews/:id/comments returns it. */
export interface FakeReviewComment {
  id: number
  body: string
  path: string
  line?: number
  diff_hunk?: string
  user?: { login: string; type?: string }
  html_url?: string
  created_at?: string
}

/** A reply on an inline comment's thread, a comment on the conversation, or a reaction. */
export interface FakeReply {
  pr: number
  inReplyTo: number
  body: string
}
export interface FakeIssueComment {
  id: number
  pr: number
  body: string
}
export interface FakeReaction {
  kind: 'review' | 'issue'
  commentId: number
  content: string
}

export interface FakeGitHubOptions {
  /**
   * How POST /pulls answers: `422-race` opens the PR itself first (as another job would) and answers 422
   * "A pull request already exists"; `403` answers like GITHUB_TOKEN without the permission.
   */
  create?: 'ok' | '422-race' | '403'
  /**
   * PATCH /pulls/:n (the update after each later push) answers with this status for its first `times` calls
   * (every call without `times`): 502 like a GitHub hiccup, 403 like a token without the permission.
   */
  updateFails?: { status: number; times?: number }
  /** Role per login for GET /collaborators/:user/permission (admin, maintain, write, triage, read); default none. */
  permissions?: Record<string, string>
  /** Pull requests that exist already (copied), as an earlier run left them; new ones are numbered after them. */
  pulls?: FakePull[]
  /**
   * Holds every answer under /pulls until this settles (a slow API); what the request does happens at once.
   * A gate, not a delay, so a test can ask "did X happen while the answer was held" without racing a clock.
   */
  pullsHeldUntil?: Promise<unknown>
}

export interface FakeGitHub {
  url: string
  calls: ApiCall[]
  pulls: FakePull[]
  dispatches: { owner: string; repo: string; workflow: string; ref: string; inputs: unknown }[]
  /** Inline comments per review id. */
  reviewComments: Record<number, FakeReviewComment[]>
  replies: FakeReply[]
  issueComments: FakeIssueComment[]
  reactions: FakeReaction[]
  options: FakeGitHubOptions
  close(): Promise<void>
}

export async function startFakeGitHub(options: FakeGitHubOptions = {}): Promise<FakeGitHub> {
  const calls: ApiCall[] = []
  const pulls: FakePull[] = structuredClone(options.pulls ?? [])
  const dispatches: FakeGitHub['dispatches'] = []
  const reviewComments: Record<number, FakeReviewComment[]> = {}
  const replies: FakeReply[] = []
  const issueComments: FakeIssueComment[] = []
  const reactions: FakeReaction[] = []
  let next = Math.max(0, ...pulls.map(p => p.number)) + 1
  let nextComment = 900_000
  let url = ''
  let updateFailures = 0

  const view = (owner: string, repo: string, p: FakePull) => ({
    number: p.number,
    html_url: `https://github.example/${owner}/${repo}/pull/${p.number}`,
    url: `${url}/repos/${owner}/${repo}/pulls/${p.number}`,
    title: p.title,
    body: p.body,
    state: p.state,
    draft: p.draft,
    head: {
      ref: p.head,
      label: `${owner}:${p.head}`,
      repo: p.headRepo === null ? null : { full_name: p.headRepo ?? `${owner}/${repo}` }
    },
    base: { ref: p.base, repo: { full_name: `${owner}/${repo}` } },
    labels: p.labels.map(name => ({ name })),
    merged: p.merged ?? false,
    merged_at: p.merged ? '2026-01-01T00:00:00Z' : null
  })

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (b: Buffer) => chunks.push(b))
    req.on('end', () => {
      const u = new URL(req.url ?? '/', 'http://x')
      const raw = Buffer.concat(chunks).toString('utf8')
      const body: Record<string, unknown> = raw ? JSON.parse(raw) : {}
      const call: ApiCall = {
        method: req.method ?? 'GET',
        path: u.pathname,
        query: Object.fromEntries(u.searchParams),
        body: raw ? body : undefined,
        auth: req.headers.authorization,
        at: Date.now()
      }
      calls.push(call)
      const held = /\/pulls(\/\d+)?$/.test(u.pathname) ? options.pullsHeldUntil : undefined
      const send = (status: number, data?: unknown) => {
        const answer = () => {
          res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' })
          res.end(data === undefined ? '' : JSON.stringify(data))
        }
        if (held) void held.then(answer, answer)
        else answer()
      }
      let m: RegExpExecArray | null
      if ((m = /^\/repos\/([^/]+)\/([^/]+)\/pulls$/.exec(u.pathname))) {
        const [, owner, repo] = m
        if (req.method === 'GET') {
          const q = call.query
          const list = pulls.filter(
            p =>
              (!q.state || q.state === 'all' || p.state === q.state) &&
              (!q.head || `${owner}:${p.head}` === q.head) &&
              (!q.base || p.base === q.base)
          )
          return send(
            200,
            list.map(p => view(owner, repo, p))
          )
        }
        if (req.method === 'POST') {
          if (options.create === '403')
            return send(403, {
              message: 'GitHub Actions is not permitted to create or approve pull requests.',
              documentation_url: 'https://docs.github.com/rest/pulls/pulls#create-a-pull-request'
            })
          const open = pulls.find(p => p.state === 'open' && p.head === body.head && p.base === body.base)
          if (options.create === '422-race' && !open) {
            pulls.push({
              number: next++,
              title: 'opened by another job',
              body: '',
              head: String(body.head),
              base: String(body.base),
              draft: false,
              state: 'open',
              labels: []
            })
          }
          if (open || options.create === '422-race')
            return send(422, {
              message: 'Validation Failed',
              errors: [
                {
                  resource: 'PullRequest',
                  code: 'custom',
                  message: `A pull request already exists for ${owner}:${String(body.head)}.`
                }
              ]
            })
          const p: FakePull = {
            number: next++,
            title: String(body.title),
            body: String(body.body ?? ''),
            head: String(body.head),
            base: String(body.base),
            draft: Boolean(body.draft),
            state: 'open',
            labels: []
          }
          pulls.push(p)
          return send(201, view(owner, repo, p))
        }
      }
      if ((m = /^\/repos\/([^/]+)\/([^/]+)\/pulls\/(\d+)$/.exec(u.pathname)) && req.method === 'GET') {
        const p = pulls.find(x => x.number === Number(m![3]))
        return p ? send(200, view(m[1], m[2], p)) : send(404, { message: 'Not Found' })
      }
      if ((m = /^\/repos\/([^/]+)\/([^/]+)\/pulls\/(\d+)\/reviews\/(\d+)\/comments$/.exec(u.pathname))) {
        const [, owner, repo, n] = m
        const list = reviewComments[Number(m[4])] ?? []
        return send(
          200,
          list.map(c => ({
            user: { login: 'someone', type: 'User' },
            created_at: '2026-01-01T00:00:00Z',
            html_url: `https://github.example/${owner}/${repo}/pull/${n}#discussion_r${c.id}`,
            ...c
          }))
        )
      }
      if (
        (m = /^\/repos\/([^/]+)\/([^/]+)\/pulls\/(\d+)\/comments\/(\d+)\/replies$/.exec(u.pathname)) &&
        req.method === 'POST'
      ) {
        const [, owner, repo, n, id] = m
        replies.push({ pr: Number(n), inReplyTo: Number(id), body: String(body.body) })
        const rid = nextComment++
        return send(201, {
          id: rid,
          body: body.body,
          html_url: `https://github.example/${owner}/${repo}/pull/${n}#discussion_r${rid}`
        })
      }
      if ((m = /^\/repos\/([^/]+)\/([^/]+)\/issues\/(\d+)\/comments$/.exec(u.pathname))) {
        const [, owner, repo, n] = m
        if (req.method === 'GET')
          return send(
            200,
            issueComments.filter(c => c.pr === Number(n)).map(c => ({ id: c.id, body: c.body }))
          )
        const c: FakeIssueComment = { id: nextComment++, pr: Number(n), body: String(body.body) }
        issueComments.push(c)
        return send(201, {
          id: c.id,
          body: c.body,
          html_url: `https://github.example/${owner}/${repo}/pull/${n}#issuecomment-${c.id}`
        })
      }
      if (
        (m = /^\/repos\/([^/]+)\/([^/]+)\/(issues|pulls)\/comments\/(\d+)\/reactions$/.exec(u.pathname)) &&
        req.method === 'POST'
      ) {
        reactions.push({
          kind: m[3] === 'pulls' ? 'review' : 'issue',
          commentId: Number(m[4]),
          content: String(body.content)
        })
        return send(201, { id: nextComment++, content: body.content })
      }
      if ((m = /^\/repos\/([^/]+)\/([^/]+)\/collaborators\/([^/]+)\/permission$/.exec(u.pathname))) {
        const login = decodeURIComponent(m[3])
        const role = options.permissions?.[login] ?? 'none'
        const permission = role === 'maintain' ? 'write' : role === 'triage' ? 'read' : role
        return send(200, { permission, role_name: role, user: { login } })
      }
      if ((m = /^\/repos\/([^/]+)\/([^/]+)\/pulls\/(\d+)$/.exec(u.pathname)) && req.method === 'PATCH') {
        const [, owner, repo, n] = m
        const p = pulls.find(x => x.number === Number(n))
        if (!p) return send(404, { message: 'Not Found' })
        const fail = options.updateFails
        if (fail && (fail.times === undefined || updateFailures < fail.times)) {
          updateFailures++
          return send(
            fail.status,
            fail.status === 403
              ? { message: 'Resource not accessible by integration' }
              : { message: 'Server Error' }
          )
        }
        if (typeof body.title === 'string') p.title = body.title
        if (typeof body.body === 'string') p.body = body.body
        return send(200, view(owner, repo, p))
      }
      if (
        (m = /^\/repos\/([^/]+)\/([^/]+)\/issues\/(\d+)\/labels$/.exec(u.pathname)) &&
        req.method === 'POST'
      ) {
        const p = pulls.find(x => x.number === Number(m![3]))
        if (!p) return send(404, { message: 'Not Found' })
        for (const l of (body.labels as string[]) ?? []) if (!p.labels.includes(l)) p.labels.push(l)
        return send(
          200,
          p.labels.map(name => ({ name }))
        )
      }
      if (
        (m = /^\/repos\/([^/]+)\/([^/]+)\/actions\/workflows\/([^/]+)\/dispatches$/.exec(u.pathname)) &&
        req.method === 'POST'
      ) {
        dispatches.push({
          owner: m[1],
          repo: m[2],
          workflow: decodeURIComponent(m[3]),
          ref: String(body.ref),
          inputs: body.inputs
        })
        return send(204)
      }
      send(404, { message: 'Not Found' })
    })
  })
  await new Promise<void>(r => server.listen(0, '127.0.0.1', r))
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  return {
    url,
    calls,
    pulls,
    dispatches,
    reviewComments,
    replies,
    issueComments,
    reactions,
    options,
    close: () => new Promise(r => server.close(() => r()))
  }
}
