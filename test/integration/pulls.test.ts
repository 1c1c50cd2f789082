import { afterEach, describe, expect, it } from 'vitest'
import { capBody, dispatchWorkflow, upsertPullRequest } from '../../src/infra/github/pulls.js'
import { Redactor, SecretGuard } from '../../src/report/redact.js'
import { PULL_REQUEST_BODY_MAX_CHARS } from '../../src/shared/limits.js'
import { startFakeGitHub, type FakeGitHub } from '../support/github-api.js'

let api: FakeGitHub | undefined
afterEach(async () => {
  await api?.close()
  api = undefined
  delete process.env.GITHUB_API_URL
})

const base = { token: 'ghs_pulltoken', owner: 'acme', repo: 'widgets', head: 'taskmesh/demo', base: 'main' }

describe('upsertPullRequest', () => {
  it('sends no secret of the run in any text parameter, and reports it once', async () => {
    api = await startFakeGitHub()
    const secret = 'sk-ant-api03-pulls-secret-0123456789'
    const found: string[] = []
    const outbound = new SecretGuard(new Redactor([secret]), m => found.push(m))
    await upsertPullRequest({
      ...base,
      apiUrl: api.url,
      title: `Taskmesh: ${secret}`,
      body: `the key ${secret}, encoded ${encodeURIComponent(secret)}`,
      labels: [`l-${secret}`],
      outbound
    })
    expect(api.pulls[0]).toMatchObject({ title: 'Taskmesh: ***', body: 'the key ***, encoded ***' })
    expect(JSON.stringify(api.calls)).not.toContain(secret)
    // The token still went out in its header (only parameters are scrubbed).
    expect(api.calls.every(c => c.auth === 'token ghs_pulltoken')).toBe(true)
    expect(found).toEqual([
      'A secret of this run (an API key or token) was found in a request to the GitHub API and replaced with *** before it left the runner.'
    ])
  })

  it('creates the pull request, then updates it instead of opening another', async () => {
    api = await startFakeGitHub()
    process.env.GITHUB_API_URL = api.url // the API base comes from the environment, as on GHES
    const first = await upsertPullRequest({
      ...base,
      title: 'Taskmesh: demo',
      body: 'one',
      draft: true,
      labels: ['taskmesh']
    })
    expect(first).toEqual({
      number: 1,
      url: 'https://github.example/acme/widgets/pull/1',
      operation: 'created'
    })
    const second = await upsertPullRequest({
      ...base,
      title: 'Taskmesh: demo (2/4)',
      body: 'two',
      labels: ['taskmesh', 'bot']
    })
    expect(second).toEqual({ ...first, operation: 'updated' })
    expect(api.pulls).toHaveLength(1)
    expect(api.pulls[0]).toMatchObject({
      title: 'Taskmesh: demo (2/4)',
      body: 'two',
      draft: true,
      labels: ['taskmesh', 'bot']
    })

    expect(api.calls.map(c => `${c.method} ${c.path}`)).toEqual([
      'GET /repos/acme/widgets/pulls',
      'POST /repos/acme/widgets/pulls',
      'POST /repos/acme/widgets/issues/1/labels',
      'GET /repos/acme/widgets/pulls',
      'PATCH /repos/acme/widgets/pulls/1',
      'POST /repos/acme/widgets/issues/1/labels'
    ])
    expect(api.calls[0].query).toMatchObject({ head: 'acme:taskmesh/demo', base: 'main', state: 'open' })
    expect(api.calls.every(c => c.auth === 'token ghs_pulltoken')).toBe(true)
  })

  it('updates the pull request another job opened between list and create (422)', async () => {
    api = await startFakeGitHub({ create: '422-race' })
    const r = await upsertPullRequest({ ...base, apiUrl: api.url, title: 'mine', body: 'b' })
    expect(r.operation).toBe('updated')
    expect(api.pulls).toHaveLength(1)
    expect(api.pulls[0]).toMatchObject({ number: r.number, title: 'mine', body: 'b' })
  })

  it('explains the permissions on 403', async () => {
    api = await startFakeGitHub({ create: '403' })
    const err = await upsertPullRequest({ ...base, apiUrl: api.url, title: 't', body: 'b' }).catch(e => e)
    expect(err.status).toBe(403)
    expect(err.message).toContain('not permitted to create or approve pull requests')
    expect(err.message).toContain('permissions: contents: write, pull-requests: write')
    expect(err.message).toContain('Allow GitHub Actions to create and approve pull requests')
    expect(err.message).not.toContain('ghs_pulltoken')
  })

  it('caps the body at 65,536 characters with a note', async () => {
    api = await startFakeGitHub()
    const long = Array.from({ length: 5000 }, (_, i) => `| row ${i} | ${'x'.repeat(20)} |`).join('\n')
    expect(long.length).toBeGreaterThan(PULL_REQUEST_BODY_MAX_CHARS)
    await upsertPullRequest({ ...base, apiUrl: api.url, title: 't', body: long })
    const sent = api.pulls[0].body
    expect(sent.length).toBeLessThanOrEqual(PULL_REQUEST_BODY_MAX_CHARS)
    expect(sent).toMatch(/\|\n\n… \(cut: the full report is in the job summary\)$/)
    expect(capBody('short')).toBe('short')
  })
})

describe('dispatchWorkflow', () => {
  it('dispatches a workflow by file name on a ref with inputs', async () => {
    api = await startFakeGitHub()
    await dispatchWorkflow({
      token: 't',
      apiUrl: api.url,
      owner: 'acme',
      repo: 'widgets',
      workflowId: 'taskmesh.yml',
      ref: 'main',
      inputs: { wave: '2' }
    })
    expect(api.dispatches).toEqual([
      { owner: 'acme', repo: 'widgets', workflow: 'taskmesh.yml', ref: 'main', inputs: { wave: '2' } }
    ])
    const err = await dispatchWorkflow({
      token: 't',
      apiUrl: `${api.url}/nowhere`,
      owner: 'a',
      repo: 'b',
      workflowId: 'x.yml',
      ref: 'main'
    }).catch(e => e)
    expect(err.message).toMatch(/Could not dispatch workflow x\.yml.*workflow_dispatch/)
  })
})
