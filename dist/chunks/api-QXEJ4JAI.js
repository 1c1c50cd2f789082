import { createRequire as __taskmeshCreateRequire } from 'node:module';
const require = __taskmeshCreateRequire(import.meta.url);
import {
  getOctokit
} from "./chunk-QWSUOU2S.js";
import {
  PULL_REQUEST_BODY_MAX_CHARS
} from "./chunk-YQQW6S7R.js";
import {
  messageOf
} from "./chunk-B42TTOCL.js";
import "./chunk-GHDUZPQX.js";

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

// src/infra/github/review.ts
var ReviewApi = class {
  gh;
  owner;
  repo;
  constructor(o) {
    this.gh = client(o);
    this.owner = o.owner;
    this.repo = o.repo;
  }
  async call(what, fn) {
    try {
      return await fn();
    } catch (e) {
      const status = statusOf(e);
      const hint = status === 403 ? " Give the workflow `permissions: contents: write, pull-requests: write, issues: write`." : "";
      throw new GitHubApiError(
        `Could not ${what} in ${this.owner}/${this.repo}: ${status ? `HTTP ${status}: ` : ""}${errorText(e)}.${hint}`,
        status
      );
    }
  }
  async pull(number) {
    const { data } = await this.call(
      `read pull request #${number}`,
      () => this.gh.rest.pulls.get({ owner: this.owner, repo: this.repo, pull_number: number })
    );
    return {
      number: data.number,
      url: data.html_url,
      state: data.state,
      merged: data.merged === true || !!data.merged_at,
      headRef: data.head.ref,
      baseRef: data.base.ref,
      headRepo: data.head.repo?.full_name ?? null,
      baseRepo: data.base.repo.full_name,
      raw: data
    };
  }
  /** The inline comments of one review, oldest first. */
  async reviewComments(prNumber, reviewId) {
    const data = await this.call(
      `read the comments of review ${reviewId} on #${prNumber}`,
      () => this.gh.paginate(this.gh.rest.pulls.listCommentsForReview, {
        owner: this.owner,
        repo: this.repo,
        pull_number: prNumber,
        review_id: reviewId,
        per_page: 100
      })
    );
    return data.map((c) => {
      const loose = c;
      return {
        id: c.id,
        url: c.html_url,
        author: c.user?.login ?? "",
        authorIsBot: c.user?.type === "Bot" || /\[bot\]$/i.test(c.user?.login ?? ""),
        body: c.body ?? "",
        path: c.path || void 0,
        line: loose.line ?? loose.original_line ?? void 0,
        diffHunk: c.diff_hunk || void 0,
        at: loose.created_at ?? (/* @__PURE__ */ new Date()).toISOString()
      };
    });
  }
  /**
   * The user's role on the repository: admin, maintain, write, triage, read or none. `role_name` tells
   * maintain and triage apart; `permission` alone folds them into write and read.
   */
  async role(login) {
    try {
      const { data } = await this.gh.rest.repos.getCollaboratorPermissionLevel({
        owner: this.owner,
        repo: this.repo,
        username: login
      });
      const d = data;
      return (d.role_name || d.permission || "none").toLowerCase();
    } catch (e) {
      if (statusOf(e) === 404) return "none";
      return this.call(`read the permission of ${login}`, () => Promise.reject(e));
    }
  }
  /** A reply on an inline comment's thread. */
  async replyToComment(prNumber, commentId, body) {
    const { data } = await this.call(
      `reply to comment ${commentId} on #${prNumber}`,
      () => this.gh.rest.pulls.createReplyForReviewComment({
        owner: this.owner,
        repo: this.repo,
        pull_number: prNumber,
        comment_id: commentId,
        body
      })
    );
    return data.html_url;
  }
  /** A comment on the pull request's conversation. */
  async comment(prNumber, body) {
    const { data } = await this.call(
      `comment on #${prNumber}`,
      () => this.gh.rest.issues.createComment({ owner: this.owner, repo: this.repo, issue_number: prNumber, body })
    );
    return data.html_url;
  }
  /** The bodies of the pull request's conversation comments (to find a reply given before). */
  async commentBodies(prNumber) {
    const data = await this.call(
      `read the comments of #${prNumber}`,
      () => this.gh.paginate(this.gh.rest.issues.listComments, {
        owner: this.owner,
        repo: this.repo,
        issue_number: prNumber,
        per_page: 100
      })
    );
    return data.map((c) => c.body ?? "");
  }
  /** Reacts with 👀 on a comment: an inline one (`review`) or a conversation one (`issue`). */
  async eyes(kind, commentId) {
    const o = { owner: this.owner, repo: this.repo, comment_id: commentId, content: "eyes" };
    await this.call(
      `react to comment ${commentId}`,
      () => kind === "review" ? this.gh.rest.reactions.createForPullRequestReviewComment(o) : this.gh.rest.reactions.createForIssueComment(o)
    );
  }
};

// src/infra/github/api.ts
var GitHubApi = class extends ReviewApi {
  constructor(target) {
    super(target);
    this.target = target;
  }
  target;
  upsertPullRequest(request) {
    return upsertPullRequest({ ...this.target, ...request });
  }
  dispatchWorkflow(run) {
    return dispatchWorkflow({ ...this.target, ...run });
  }
};
export {
  GitHubApi
};
