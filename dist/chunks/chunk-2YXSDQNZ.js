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
var chunk_2YXSDQNZ_exports = {};
__export(chunk_2YXSDQNZ_exports, {
  isUntrustedTrigger: () => isUntrustedTrigger,
  refuseUntrustedTrigger: () => refuseUntrustedTrigger
});
module.exports = __toCommonJS(chunk_2YXSDQNZ_exports);
async function refuseUntrustedTrigger(settings, ctx) {
  if (!ctx.event) return;
  const event = await ctx.event();
  const untrusted = isUntrustedTrigger(event.name, event.payload, ctx.repository ?? "");
  if (untrusted && !settings.allowUntrustedTrigger)
    throw new Error(
      `${untrusted}. Taskmesh refuses to run here: untrusted task text would drive an agent with write access. Set allow-untrusted-trigger: true only if you trust every author who can trigger this workflow.`
    );
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
// Annotate the CommonJS export names for ESM import in node:
0 && (module.exports = {
  isUntrustedTrigger,
  refuseUntrustedTrigger
});
