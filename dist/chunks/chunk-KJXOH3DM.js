"use strict";
var __builtinNamespace = (m) => Object.create(m, { default: { value: m, enumerable: true } });
var __create = Object.create;
var __defProp = Object.defineProperty;
var __getOwnPropDesc = Object.getOwnPropertyDescriptor;
var __getOwnPropNames = Object.getOwnPropertyNames;
var __getProtoOf = Object.getPrototypeOf;
var __hasOwnProp = Object.prototype.hasOwnProperty;
var __export = (target, all) => {
  for (var name in all)
    __defProp(target, name, { get: all[name], enumerable: true });
};
var __copyProps = (to, from, except, desc) => {
  if (from && typeof from === "object" || typeof from === "function") {
    for (let key of __getOwnPropNames(from))
      if (!__hasOwnProp.call(to, key) && key !== except)
        __defProp(to, key, { get: () => from[key], enumerable: !(desc = __getOwnPropDesc(from, key)) || desc.enumerable });
  }
  return to;
};
var __toESM = (mod, isNodeMode, target) => (target = mod != null ? __create(__getProtoOf(mod)) : {}, __copyProps(
  // If the importer is in node compatibility mode or this is not an ESM
  // file that has been converted to a CommonJS file using a Babel-
  // compatible transform (i.e. "__esModule" has not been set), then set
  // "default" to the CommonJS "module.exports" for node compatibility.
  isNodeMode || !mod || !mod.__esModule ? __defProp(target, "default", { value: mod, enumerable: true }) : target,
  mod
));
var __toCommonJS = (mod) => __copyProps(__defProp({}, "__esModule", { value: true }), mod);
var chunk_KJXOH3DM_exports = {};
__export(chunk_KJXOH3DM_exports, {
  PR_MARKER: () => PR_MARKER,
  SerialQueue: () => SerialQueue,
  hidePersistedCredentials: () => hidePersistedCredentials,
  publishRun: () => publishRun,
  pullRequestBase: () => pullRequestBase,
  pullRequestPublisher: () => pullRequestPublisher,
  setBranchOutputs: () => setBranchOutputs
});
module.exports = __toCommonJS(chunk_KJXOH3DM_exports);
var import_chunk_T3KJSQRI = require("./startup.js")("chunk-T3KJSQRI.js");
var import_chunk_OEUZ4M5D = require("./chunk-OEUZ4M5D.js");
var import_chunk_LTSEQ4IO = require("./chunk-LTSEQ4IO.js");
var import_chunk_5FGLKTEA = require("./startup.js")("chunk-5FGLKTEA.js");
var import_node_path = __builtinNamespace(require("node:path"));
var PR_MARKER = "<!-- taskmesh -->";
var MAX_FAILURES = 20;
var MAX_REASON_CHARS = 300;
var NOTE_RESERVE = 400;
var ROW_PRIORITY = {
  failed: 0,
  in_progress: 1,
  blocked: 2,
  completed: 3,
  pending: 4
};
var safe = (text) => (0, import_chunk_T3KJSQRI.escapeInline)((0, import_chunk_T3KJSQRI.neutralizeMentions)(text));
function renderPullRequestBody(report, opts = {}) {
  if (opts.redactor) report = opts.redactor.redactDeep(report);
  const maxChars = opts.maxChars ?? import_chunk_OEUZ4M5D.PULL_REQUEST_BODY_MAX_CHARS;
  let head = `${PR_MARKER}
## \u{1F578}\uFE0F Taskmesh \xB7 ${safe((0, import_chunk_T3KJSQRI.shorten)(report.project, 200))}

`;
  head += `Taskmesh ran the tasks of <code>${(0, import_chunk_T3KJSQRI.escapeHtml)((0, import_chunk_T3KJSQRI.shorten)(report.taskFile, 200))}</code> with Claude Code. Each finished task is its own commit, made by the action; the table links to them.

`;
  head += `${(0, import_chunk_T3KJSQRI.totalsLine)(report)}

`;
  if (report.stopReason) {
    const msg = safe((0, import_chunk_T3KJSQRI.shorten)(report.stopReason.message.trim(), 1e3));
    head += `> \u26A0\uFE0F **The run stopped early (${(0, import_chunk_T3KJSQRI.escapeHtml)(report.stopReason.kind)}).** ${msg}

`;
  }
  const failed = report.tasks.filter((t) => t.status === "failed");
  let failures = "";
  if (failed.length > 0) {
    failures = "### Failures\n\n";
    for (const t of failed.slice(0, MAX_FAILURES)) failures += failureItem(t);
    if (failed.length > MAX_FAILURES)
      failures += `
_${(0, import_chunk_T3KJSQRI.plural)(failed.length - MAX_FAILURES, "more failure")}._
`;
    failures += "\n";
  }
  const footer = `<sub>Run ${(0, import_chunk_T3KJSQRI.escapeHtml)(report.startedAt)} \u2192 ${(0, import_chunk_T3KJSQRI.escapeHtml)(report.finishedAt)}. This description is rewritten by Taskmesh as tasks finish.</sub>
`;
  const rows = report.tasks.map((t) => (0, import_chunk_T3KJSQRI.taskTableRow)(t, report, { noMentions: true }));
  const H_TABLE = "### Tasks\n\n";
  let budget = maxChars - NOTE_RESERVE - head.length - failures.length - footer.length;
  budget -= H_TABLE.length + import_chunk_T3KJSQRI.TASK_TABLE_HEADER.length + 1;
  const order = report.tasks.map((_, i) => i).sort(
    (a, b) => Number(report.tasks[b].ranThisRun) - Number(report.tasks[a].ranThisRun) || ROW_PRIORITY[report.tasks[a].status] - ROW_PRIORITY[report.tasks[b].status] || a - b
  );
  const kept = /* @__PURE__ */ new Set();
  for (const i of order) {
    if (rows[i].length > budget) break;
    budget -= rows[i].length;
    kept.add(i);
  }
  let out = head + H_TABLE;
  if (report.tasks.length === 0) {
    out += "_The task file has no tasks._\n";
  } else {
    out += import_chunk_T3KJSQRI.TASK_TABLE_HEADER;
    for (let i = 0; i < rows.length; i++) if (kept.has(i)) out += rows[i];
    const cut = rows.length - kept.size;
    if (cut > 0) {
      out += `
> \u2702\uFE0F ${(0, import_chunk_T3KJSQRI.plural)(cut, "task")} left out of the table to stay under GitHub's size limit for a description (${(0, import_chunk_T3KJSQRI.describeLeftOut)(report.tasks, kept)}); the job summary has the full list.
`;
    }
  }
  out += "\n" + failures + footer;
  if (out.length > maxChars) {
    const note = "\n\n_\u2702\uFE0F Cut at the size limit._\n";
    out = out.slice(0, Math.max(0, maxChars - note.length)) + note;
    if (out.length > maxChars) out = out.slice(0, maxChars);
  }
  return out;
}
function failureItem(t) {
  const reason = t.error?.trim() ? `: ${safe((0, import_chunk_T3KJSQRI.shorten)(t.error.trim(), MAX_REASON_CHARS))}` : "";
  return `- ${(0, import_chunk_T3KJSQRI.statusIcon)("failed")} <code>${(0, import_chunk_T3KJSQRI.escapeHtml)(t.id)}</code> ${safe((0, import_chunk_T3KJSQRI.shorten)((0, import_chunk_T3KJSQRI.taskName)(t), 80))} \u2014 after ${(0, import_chunk_T3KJSQRI.plural)(t.attempts, "attempt")}${reason}
`;
}
var SerialQueue = class {
  tail = Promise.resolve();
  run(fn) {
    const next = this.tail.then(fn, fn);
    this.tail = next.catch(() => void 0);
    return next;
  }
};
function pullRequestBase(settings, persister) {
  const base = settings.git.base ?? persister.startBranch ?? void 0;
  if (!settings.pullRequest.enabled || !settings.git.push) return base;
  if (!base)
    throw new import_chunk_5FGLKTEA.RunSetupError(
      "pull-request: true on a detached HEAD needs the `base` input (the branch to merge into)"
    );
  if (base === persister.workBranch)
    throw new import_chunk_5FGLKTEA.RunSetupError(
      `the pull request would merge "${base}" into itself: set \`branch\` to another branch`
    );
  return base;
}
async function setBranchOutputs(ui, persister, pr) {
  ui.setOutput("branch", persister.resultBranch ?? "");
  ui.setOutput("head-sha", await persister.branchHead());
  ui.setOutput("pull-request-number", pr ? String(pr.number) : "");
  ui.setOutput("pull-request-url", pr?.url ?? "");
  ui.setOutput("pull-request-operation", pr?.operation ?? "none");
}
function pullRequestPublisher(workspace, target) {
  const { settings, say } = workspace;
  let pr;
  let created = false;
  let stale = false;
  let github;
  const publish = async (engine, justCommitted) => {
    if (!settings.git.push || !settings.git.token || !target.base) return;
    const report = engine.report();
    if (justCommitted) {
      const task = report.tasks.find((t) => t.id === justCommitted.taskId);
      if (task) task.commit = justCommitted.commit;
    }
    github ??= workspace.github({ token: settings.git.token, owner: workspace.owner, repo: workspace.repo });
    pr = await github.upsertPullRequest({
      head: target.head,
      base: target.base,
      title: `Taskmesh: ${target.project()} (${report.totals.completed}/${report.tasks.length} tasks completed)`,
      body: renderPullRequestBody(report, { redactor: workspace.redactor }),
      draft: settings.pullRequest.draft,
      labels: settings.pullRequest.labels
    });
    say("info", `pull request #${pr.number} ${pr.operation}: ${pr.url}`);
    if (pr.operation === "created") created = true;
  };
  const updates = new SerialQueue();
  let queued;
  return {
    afterPush: async (engine, justCommitted) => {
      if (queued) {
        queued.justCommitted = justCommitted ?? queued.justCommitted;
        return;
      }
      const next = { justCommitted };
      queued = next;
      void updates.run(async () => {
        queued = void 0;
        try {
          await publish(engine, next.justCommitted);
          stale = false;
        } catch (e) {
          stale = true;
          say("warning", `${(0, import_chunk_5FGLKTEA.messageOf)(e)} (the tasks go on; trying again at the end of the run)`);
        }
      });
    },
    retryIfStale: async (engine) => {
      await updates.run(async () => {
      });
      if (!stale) return void 0;
      try {
        await publish(engine);
        return void 0;
      } catch (e) {
        return (0, import_chunk_5FGLKTEA.messageOf)(e);
      }
    },
    result: () => pr && { ...pr, operation: created ? "created" : pr.operation }
  };
}
async function publishRun(workspace, run, pr) {
  const { ui } = workspace;
  const { report } = run;
  const states = new import_chunk_T3KJSQRI.TaskGraph(run.engine.documentTasks()).classify();
  (0, import_chunk_T3KJSQRI.setStateOutputs)(ui, states);
  ui.setOutput("total-cost-usd", report.totals.costUsd.toFixed(6));
  ui.setOutput("stop-reason", report.stopReason?.kind ?? "");
  ui.setOutput("results", JSON.stringify(resultsOutput(report)));
  await workspace.restoreCheckout();
  await setBranchOutputs(ui, workspace.persister, pr);
  await ui.summary((0, import_chunk_T3KJSQRI.renderSummary)(report, { redactor: workspace.redactor }));
  return states.ready;
}
function resultsOutput(report) {
  const out = {};
  for (const t of report.tasks)
    out[t.id] = {
      status: t.status,
      attempts: t.attempts,
      costUsd: t.costUsd,
      turns: t.turns,
      durationMs: t.durationMs,
      outputs: t.outputs,
      error: t.error ?? null,
      commit: t.commit ?? null
    };
  return out;
}
async function hidePersistedCredentials(git, warn) {
  const found = await git.extraHeaderEntries();
  if (found.length === 0) return async () => {
  };
  const gitDir = await git.commonDir();
  const entries = [];
  for (const { file, key, value } of found) {
    if (file === null || !value) continue;
    const isRepoConfig = file === import_node_path.default.join(gitDir, "config") || file.startsWith(gitDir + import_node_path.default.sep);
    const isRunnerFile = !!process.env.RUNNER_TEMP && file.startsWith(import_node_path.default.resolve(process.env.RUNNER_TEMP) + import_node_path.default.sep);
    if (isRepoConfig || isRunnerFile) entries.push({ file, key, value });
  }
  if (!entries.length) return async () => {
  };
  const guard = git.guard instanceof import_chunk_LTSEQ4IO.RepoGuard ? git.guard : void 0;
  const edit = (fn) => guard ? guard.edit(fn) : fn();
  await edit(async () => {
    for (const key of new Set(entries.map((e) => `${e.file}\0${e.key}`))) {
      const [file, k] = key.split("\0");
      await git.configUnsetAll(file, k);
    }
  });
  warn(
    "actions/checkout left a token in the git config (persist-credentials); it is removed while Claude runs and restored at the end. Set `persist-credentials: false` on actions/checkout to avoid this."
  );
  return () => edit(async () => {
    for (const e of entries) await git.configAdd(e.file, e.key, e.value);
  });
}
// Annotate the CommonJS export names for ESM import in node:
0 && (module.exports = {
  PR_MARKER,
  SerialQueue,
  hidePersistedCredentials,
  publishRun,
  pullRequestBase,
  pullRequestPublisher,
  setBranchOutputs
});
