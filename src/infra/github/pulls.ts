/**
 * The GitHub side of persistence: open or update the run's pull request (never a duplicate), start the
 * workflow again for the next wave, and recognise triggers whose task text cannot be trusted.
 */
import { getOctokit } from '@actions/github'
import type { PullRequestRequest, PullRequestResult, WorkflowDispatch } from '../../engine/ports.js'
import type { Scrubber } from '../../shared/scrubber.js'
import { messageOf } from '../../shared/errors.js'
import { PULL_REQUEST_BODY_MAX_CHARS } from '../../shared/limits.js'

export interface ApiTarget {
  token: string
  /** Default: GITHUB_API_URL, else https://api.github.com (read at call time, so GHES and tests work). */
  apiUrl?: string
  owner: string
  repo: string
  /** The run's secrets: every text parameter of every request is scrubbed of them (titles, bodies, comments). */
  outbound?: Scrubber
}

export type UpsertPullRequestOptions = ApiTarget & PullRequestRequest

export class GitHubApiError extends Error {
  constructor(
    message: string,
    readonly status?: number
  ) {
    super(message)
    this.name = 'GitHubApiError'
  }
}

export type Octokit = ReturnType<typeof getOctokit>

/** Request options that are not text sent to GitHub (the token lives in `headers`, never in a parameter). */
const NOT_PARAMETERS = new Set(['method', 'url', 'baseUrl', 'headers', 'request', 'mediaType'])

export function client(o: ApiTarget): Octokit {
  const baseUrl = (o.apiUrl ?? process.env.GITHUB_API_URL ?? 'https://api.github.com').replace(/\/+$/, '')
  const gh = getOctokit(o.token, { baseUrl })
  const outbound = o.outbound
  // One place for everything this client sends: a secret never reaches a title, a body or a comment.
  if (outbound)
    gh.hook.before('request', options => {
      const params = options as Record<string, unknown>
      for (const [k, v] of Object.entries(params)) {
        if (NOT_PARAMETERS.has(k)) continue
        if (typeof v === 'string') params[k] = outbound.scrub(v, 'a request to the GitHub API')
        else if (Array.isArray(v))
          params[k] = v.map(x =>
            typeof x === 'string' ? outbound.scrub(x, 'a request to the GitHub API') : x
          )
      }
    })
  return gh
}

const PERMISSION_HINT =
  'The token may not write pull requests: give the workflow `permissions: contents: write, pull-requests: write`, ' +
  'and enable the repository (or organization) setting Actions → General → "Allow GitHub Actions to create ' +
  'and approve pull requests" when using GITHUB_TOKEN.'

/** Caps a PR body at GitHub's limit, cutting at a line end and saying so. */
export function capBody(body: string, max = PULL_REQUEST_BODY_MAX_CHARS): string {
  if (body.length <= max) return body
  const note = '\n\n… (cut: the full report is in the job summary)'
  let cut = body.slice(0, max - note.length)
  const nl = cut.lastIndexOf('\n')
  if (nl > cut.length - 2000) cut = cut.slice(0, nl)
  return cut + note
}

export async function upsertPullRequest(o: UpsertPullRequestOptions): Promise<PullRequestResult> {
  const gh = client(o)
  const body = capBody(o.body)
  const { owner, repo } = o
  const what = `the pull request ${o.head} → ${o.base} in ${owner}/${repo}`

  const findOpen = async () => {
    const { data } = await gh.rest.pulls.list({
      owner,
      repo,
      head: `${owner}:${o.head}`,
      base: o.base,
      state: 'open'
    })
    return data[0]
  }
  const update = async (number: number): Promise<PullRequestResult> => {
    const { data } = await gh.rest.pulls.update({ owner, repo, pull_number: number, title: o.title, body })
    return { number: data.number, url: data.html_url, operation: 'updated' }
  }

  let result: PullRequestResult
  try {
    const existing = await findOpen()
    if (existing) result = await update(existing.number)
    else {
      try {
        const { data } = await gh.rest.pulls.create({
          owner,
          repo,
          head: o.head,
          base: o.base,
          title: o.title,
          body,
          draft: o.draft ?? false
        })
        result = { number: data.number, url: data.html_url, operation: 'created' }
      } catch (e) {
        // Another job opened it between our list and our create: update that one instead.
        if (statusOf(e) !== 422 || !/already exists/i.test(errorText(e))) throw e
        const raced = await findOpen()
        if (!raced) throw e
        result = await update(raced.number)
      }
    }
    if (o.labels && o.labels.length > 0)
      await gh.rest.issues.addLabels({ owner, repo, issue_number: result.number, labels: o.labels })
  } catch (e) {
    throw apiError(e, `Could not open or update ${what}`)
  }
  return result
}

export type DispatchWorkflowOptions = ApiTarget & WorkflowDispatch

/** Starts a workflow run through workflow_dispatch (which GITHUB_TOKEN is allowed to trigger). */
export async function dispatchWorkflow(o: DispatchWorkflowOptions): Promise<void> {
  const gh = client(o)
  try {
    await gh.rest.actions.createWorkflowDispatch({
      owner: o.owner,
      repo: o.repo,
      workflow_id: /^\d+$/.test(o.workflowId) ? Number(o.workflowId) : o.workflowId,
      ref: o.ref,
      inputs: o.inputs ?? {}
    })
  } catch (e) {
    const status = statusOf(e)
    const hint =
      status === 403
        ? ' Give the workflow `permissions: actions: write`.'
        : status === 404
          ? ' Check the workflow file name and that it has a `workflow_dispatch` trigger on that ref.'
          : ''
    throw new GitHubApiError(
      `Could not dispatch workflow ${o.workflowId} on ${o.ref} in ${o.owner}/${o.repo}: ${errorText(e)}${hint}`,
      status
    )
  }
}

export function statusOf(e: unknown): number | undefined {
  const s = (e as { status?: unknown })?.status
  return typeof s === 'number' ? s : undefined
}

export function errorText(e: unknown): string {
  const data = (e as { response?: { data?: { message?: string; errors?: { message?: string }[] } } })
    ?.response?.data
  const parts = [data?.message, ...(data?.errors ?? []).map(x => x.message)].filter(Boolean)
  return parts.length > 0 ? parts.join(': ') : messageOf(e)
}

function apiError(e: unknown, prefix: string): GitHubApiError {
  const status = statusOf(e)
  const hint = status === 403 ? ` ${PERMISSION_HINT}` : ''
  return new GitHubApiError(`${prefix}: ${status ? `HTTP ${status}: ` : ''}${errorText(e)}.${hint}`, status)
}
