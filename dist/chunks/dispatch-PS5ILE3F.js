"use strict";
var __defProp = Object.defineProperty;
var __getOwnPropDesc = Object.getOwnPropertyDescriptor;
var __getOwnPropNames = Object.getOwnPropertyNames;
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
var __toCommonJS = (mod) => __copyProps(__defProp({}, "__esModule", { value: true }), mod);
var dispatch_PS5ILE3F_exports = {};
__export(dispatch_PS5ILE3F_exports, {
  checkDispatch: () => checkDispatch,
  dispatchAfterPlan: () => dispatchAfterPlan,
  dispatchAfterRun: () => dispatchAfterRun,
  dispatchNextWave: () => dispatchNextWave,
  dispatchTarget: () => dispatchTarget,
  workflowFile: () => workflowFile
});
module.exports = __toCommonJS(dispatch_PS5ILE3F_exports);
var import_chunk_LTSEQ4IO = require("./chunk-LTSEQ4IO.js");
var import_chunk_Q6IDVZC3 = require("./startup.js")("chunk-Q6IDVZC3.js");
var import_chunk_JD7SAOXD = require("./startup.js")("chunk-JD7SAOXD.js");
var import_chunk_5FGLKTEA = require("./startup.js")("chunk-5FGLKTEA.js");
var import_chunk_SEWDMQ6Q = require("./startup.js")("chunk-SEWDMQ6Q.js");
var DEEPEN_STEPS = [100, 1e3];
async function completedSince(where) {
  const since = where.since?.trim();
  if (!since)
    return {
      progressed: false,
      reason: "GITHUB_SHA is not set, so the commits of the last wave cannot be found"
    };
  const probe = new import_chunk_LTSEQ4IO.Git(where.repoDir);
  const top = await probe.topLevel().catch(() => null);
  if (top === null) return { progressed: false, reason: `${where.repoDir} is not inside a git repository` };
  const git = new import_chunk_LTSEQ4IO.Git(top, {
    extraHeader: where.token ? { url: (0, import_chunk_Q6IDVZC3.extraHeaderUrl)(where.serverUrl ?? "https://github.com"), value: (0, import_chunk_Q6IDVZC3.basicAuthHeader)(where.token) } : void 0
  });
  const head = await git.tryRevParse("HEAD");
  const short = since.slice(0, 12);
  if (head === since)
    return {
      progressed: false,
      reason: `nothing was committed since this workflow run started (${short}). If the wave did finish tasks, check out the branch as it left it: actions/checkout with \`ref: \${{ github.ref }}\``
    };
  const hasSince = async () => await git.hasCommit(since) && await git.isAncestor(since, "HEAD").catch(() => false);
  let found = await hasSince();
  for (const depth of DEEPEN_STEPS) {
    if (found || !await git.isShallow()) break;
    if (!await git.tryDeepen("origin", depth, where.ref ? [where.ref] : [])) break;
    found = await hasSince();
  }
  if (!found)
    return {
      progressed: false,
      reason: `the commit this workflow run started from (${short}) is not in the history of HEAD, so what the last wave did cannot be told`
    };
  const statuses = await git.taskStatusTrailers(`${since}..HEAD`);
  const completed = statuses.filter((l) => l.trim() === "completed").length;
  if (completed === 0)
    return {
      progressed: false,
      reason: `no task was completed since this workflow run started (${short}..HEAD)`
    };
  return { progressed: true };
}
function workflowFile(workflowRef) {
  const m = /\/\.github\/workflows\/([^@/]+)@/.exec(workflowRef ?? "");
  return m?.[1];
}
function dispatchTarget(ctx) {
  const [owner = "", repo = ""] = (ctx.repository ?? "").split("/");
  const workflow = workflowFile(ctx.workflowRef) ?? "";
  const missing = [];
  if (!ctx.token) missing.push("the github-token input (the default, github.token, is fine)");
  if (!owner || !repo) missing.push("GITHUB_REPOSITORY");
  if (!workflow) missing.push("GITHUB_WORKFLOW_REF");
  if (!ctx.ref) missing.push("GITHUB_REF");
  if (missing.length || !ctx.token || !ctx.ref)
    return {
      problem: `dispatch-next: true needs ${missing.join(", ")}. The GITHUB_* variables are set in a GitHub Actions workflow run only; outside one, leave dispatch-next off. Nothing was run.`
    };
  return { target: { token: ctx.token, apiUrl: ctx.apiUrl, owner, repo, workflow, ref: ctx.ref } };
}
async function dispatchNextWave(ui, ctx, a) {
  const say = (text, level = "info") => ui.log({ kind: "line", level, text });
  if (a.stopped) {
    say(`dispatch-next: stopped: ${a.stopped}; not starting another run`, "warning");
    return false;
  }
  if (!a.ready.length) {
    say("dispatch-next: no task is ready; not starting another run");
    return false;
  }
  if (!a.progressed) {
    say(
      a.noProgress ? `dispatch-next: ${a.noProgress}; not starting another run (it would do the same)` : "dispatch-next: this run finished no task; not starting another run (it would do the same)",
      "warning"
    );
    return false;
  }
  const found = dispatchTarget(ctx);
  if ("problem" in found) throw new Error(found.problem);
  const { workflow, ref, token, owner, repo } = found.target;
  await (0, import_chunk_LTSEQ4IO.gitHub)(ctx, { token, owner, repo }).dispatchWorkflow({ workflowId: workflow, ref });
  say(
    `dispatch-next: started ${workflow} on ${ref} for ${a.ready.length} ready task(s): ${a.ready.slice(0, 20).join(", ")}`
  );
  ui.setOutput("dispatched", "true");
  return true;
}
function checkDispatch(settings, run) {
  if (!settings.dispatchNext || settings.mode === "decompose") return;
  const found = dispatchTarget(run?.dispatch ?? {});
  if ("problem" in found) throw new Error(found.problem);
}
async function dispatchAfterPlan(settings, ui, run, ready) {
  if (!settings.dispatchNext) return;
  const progress = ready.length ? await completedSince({
    repoDir: settings.workingDirectory,
    since: run?.sha,
    ref: run?.dispatch.ref,
    token: settings.git.token,
    serverUrl: run?.serverUrl || "https://github.com"
  }) : { progressed: false };
  await dispatchNextWave(ui, run?.dispatch ?? {}, {
    ready,
    progressed: progress.progressed,
    noProgress: progress.reason
  });
}
async function dispatchAfterRun(settings, ui, run, outcome) {
  const { report } = outcome;
  if (!settings.dispatchNext || !report) return;
  const stoppedHard = report.stopReason && report.stopReason.kind !== "max-tasks" ? report.stopReason : void 0;
  await dispatchNextWave(ui, run?.dispatch ?? {}, {
    ready: outcome.ready ?? [],
    progressed: report.tasks.some((t) => t.ranThisRun && t.status === "completed"),
    stopped: stoppedHard && `${stoppedHard.message.replace(/[.\s]+$/, "")} (${stoppedHard.kind})`
  });
}
// Annotate the CommonJS export names for ESM import in node:
0 && (module.exports = {
  checkDispatch,
  dispatchAfterPlan,
  dispatchAfterRun,
  dispatchNextWave,
  dispatchTarget,
  workflowFile
});
