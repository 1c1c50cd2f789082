import { createRequire as __taskmeshCreateRequire } from 'node:module';
const require = __taskmeshCreateRequire(import.meta.url);
import {
  messageOf
} from "./chunk-B42TTOCL.js";
import {
  getOctokit
} from "./chunk-QWSUOU2S.js";

// src/shared/limits.ts
var PULL_REQUEST_BODY_MAX_CHARS = 65536;

// src/infra/github/pulls.ts
var GitHubApiError = class extends Error {
  constructor(message, status) {
    super(message);
    this.status = status;
    this.name = "GitHubApiError";
  }
  status;
};
var NOT_PARAMETERS = /* @__PURE__ */ new Set(["method", "url", "baseUrl", "headers", "request", "mediaType"]);
function client(o) {
  const baseUrl = (o.apiUrl ?? process.env.GITHUB_API_URL ?? "https://api.github.com").replace(/\/+$/, "");
  const gh = getOctokit(o.token, { baseUrl });
  const outbound = o.outbound;
  if (outbound)
    gh.hook.before("request", (options) => {
      const params = options;
      for (const [k, v] of Object.entries(params)) {
        if (NOT_PARAMETERS.has(k)) continue;
        if (typeof v === "string") params[k] = outbound.scrub(v, "a request to the GitHub API");
        else if (Array.isArray(v))
          params[k] = v.map(
            (x) => typeof x === "string" ? outbound.scrub(x, "a request to the GitHub API") : x
          );
      }
    });
  return gh;
}
var PERMISSION_HINT = 'The token may not write pull requests: give the workflow `permissions: contents: write, pull-requests: write`, and enable the repository (or organization) setting Actions \u2192 General \u2192 "Allow GitHub Actions to create and approve pull requests" when using GITHUB_TOKEN.';
function capBody(body, max = PULL_REQUEST_BODY_MAX_CHARS) {
  if (body.length <= max) return body;
  const note = "\n\n\u2026 (cut: the full report is in the job summary)";
  let cut = body.slice(0, max - note.length);
  const nl = cut.lastIndexOf("\n");
  if (nl > cut.length - 2e3) cut = cut.slice(0, nl);
  return cut + note;
}
async function upsertPullRequest(o) {
  const gh = client(o);
  const body = capBody(o.body);
  const { owner, repo } = o;
  const what = `the pull request ${o.head} \u2192 ${o.base} in ${owner}/${repo}`;
  const findOpen = async () => {
    const { data } = await gh.rest.pulls.list({
      owner,
      repo,
      head: `${owner}:${o.head}`,
      base: o.base,
      state: "open"
    });
    return data[0];
  };
  const update = async (number) => {
    const { data } = await gh.rest.pulls.update({ owner, repo, pull_number: number, title: o.title, body });
    return { number: data.number, url: data.html_url, operation: "updated" };
  };
  let result;
  try {
    const existing = await findOpen();
    if (existing) result = await update(existing.number);
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
        });
        result = { number: data.number, url: data.html_url, operation: "created" };
      } catch (e) {
        if (statusOf(e) !== 422 || !/already exists/i.test(errorText(e))) throw e;
        const raced = await findOpen();
        if (!raced) throw e;
        result = await update(raced.number);
      }
    }
    if (o.labels && o.labels.length > 0)
      await gh.rest.issues.addLabels({ owner, repo, issue_number: result.number, labels: o.labels });
  } catch (e) {
    throw apiError(e, `Could not open or update ${what}`);
  }
  return result;
}
async function dispatchWorkflow(o) {
  const gh = client(o);
  try {
    await gh.rest.actions.createWorkflowDispatch({
      owner: o.owner,
      repo: o.repo,
      workflow_id: /^\d+$/.test(o.workflowId) ? Number(o.workflowId) : o.workflowId,
      ref: o.ref,
      inputs: o.inputs ?? {}
    });
  } catch (e) {
    const status = statusOf(e);
    const hint = status === 403 ? " Give the workflow `permissions: actions: write`." : status === 404 ? " Check the workflow file name and that it has a `workflow_dispatch` trigger on that ref." : "";
    throw new GitHubApiError(
      `Could not dispatch workflow ${o.workflowId} on ${o.ref} in ${o.owner}/${o.repo}: ${errorText(e)}${hint}`,
      status
    );
  }
}
function sameRepo(a, b) {
  if (typeof a.id === "number" && typeof b.id === "number") return a.id === b.id;
  return !!a.full_name && !!b.full_name && a.full_name.toLowerCase() === b.full_name.toLowerCase();
}
function isUntrustedTrigger(eventName, payload, repoFullName) {
  const p = payload ?? {};
  const self = { full_name: repoFullName, ...p.repository ?? {} };
  if (eventName === "pull_request_target")
    return "the workflow was triggered by pull_request_target, which runs with write access and secrets on behalf of pull requests from forks; task text there is untrusted";
  if (eventName === "pull_request" || eventName === "pull_request_review" || eventName === "pull_request_review_comment") {
    const pr = p.pull_request;
    const headRepo = pr?.head?.repo;
    const baseRepo = pr?.base?.repo ?? self;
    if (pr && (headRepo == null || !sameRepo(headRepo, baseRepo) || !sameRepo(baseRepo, self)))
      return `the pull request comes from a fork (${headRepo?.full_name ?? "a deleted repository"}); its task text is untrusted`;
  }
  if (eventName === "workflow_run") {
    const run = p.workflow_run;
    const head = run?.head_repository;
    const base = run?.repository ?? self;
    if (run && (head == null || !sameRepo(head, base) || !sameRepo(base, self)))
      return `the workflow_run event comes from a run on another repository's code (${head?.full_name ?? "a deleted repository"}); its task text is untrusted`;
  }
  return null;
}
function statusOf(e) {
  const s = e?.status;
  return typeof s === "number" ? s : void 0;
}
function errorText(e) {
  const data = e?.response?.data;
  const parts = [data?.message, ...(data?.errors ?? []).map((x) => x.message)].filter(Boolean);
  return parts.length > 0 ? parts.join(": ") : messageOf(e);
}
function apiError(e, prefix) {
  const status = statusOf(e);
  const hint = status === 403 ? ` ${PERMISSION_HINT}` : "";
  return new GitHubApiError(`${prefix}: ${status ? `HTTP ${status}: ` : ""}${errorText(e)}.${hint}`, status);
}

export {
  PULL_REQUEST_BODY_MAX_CHARS,
  GitHubApiError,
  client,
  upsertPullRequest,
  dispatchWorkflow,
  isUntrustedTrigger,
  statusOf,
  errorText
};
