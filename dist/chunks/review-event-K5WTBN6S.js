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
var review_event_K5WTBN6S_exports = {};
__export(review_event_K5WTBN6S_exports, {
  parseReviewEvent: () => parseReviewEvent
});
module.exports = __toCommonJS(review_event_K5WTBN6S_exports);
var import_chunk_SEWDMQ6Q = require("./startup.js")("chunk-SEWDMQ6Q.js");
function author(user) {
  const login = typeof user?.login === "string" ? user.login : "";
  return { login, isBot: user?.type === "Bot" || /\[bot\]$/i.test(login) };
}
function payloadPull(pr) {
  if (!pr || typeof pr !== "object") return void 0;
  return {
    headRef: typeof pr.head?.ref === "string" ? pr.head.ref : void 0,
    state: typeof pr.state === "string" ? pr.state : void 0,
    merged: pr.merged === true || typeof pr.merged_at === "string" && pr.merged_at !== ""
  };
}
var str = (v) => typeof v === "string" ? v : "";
var num = (v) => typeof v === "number" && Number.isSafeInteger(v) ? v : void 0;
function parseReviewEvent(eventName, payload) {
  const p = payload ?? {};
  const action = str(p.action);
  switch (eventName) {
    case "pull_request_review": {
      if (action !== "submitted") return { ignore: `a pull_request_review event with action "${action}"` };
      const r = p.review;
      const prNumber = num(p.pull_request?.number);
      const id = num(r?.id);
      if (!r || prNumber === void 0 || id === void 0)
        return { ignore: "a pull_request_review event without a review or pull request" };
      return {
        trigger: {
          event: eventName,
          prNumber,
          author: author(r.user),
          id,
          url: str(r.html_url),
          body: str(r.body),
          at: str(r.submitted_at) || (/* @__PURE__ */ new Date()).toISOString(),
          reviewState: str(r.state).toLowerCase(),
          pullRequest: payloadPull(p.pull_request)
        }
      };
    }
    case "pull_request_review_comment": {
      if (action !== "created")
        return { ignore: `a pull_request_review_comment event with action "${action}"` };
      const c = p.comment;
      const prNumber = num(p.pull_request?.number);
      const id = num(c?.id);
      if (!c || prNumber === void 0 || id === void 0)
        return { ignore: "a pull_request_review_comment event without a comment or pull request" };
      return {
        trigger: {
          event: eventName,
          prNumber,
          author: author(c.user),
          id,
          url: str(c.html_url),
          body: str(c.body),
          at: str(c.created_at) || (/* @__PURE__ */ new Date()).toISOString(),
          path: str(c.path) || void 0,
          line: num(c.line) ?? num(c.original_line),
          diffHunk: str(c.diff_hunk) || void 0,
          pullRequest: payloadPull(p.pull_request)
        }
      };
    }
    case "issue_comment": {
      if (action !== "created") return { ignore: `an issue_comment event with action "${action}"` };
      if (!p.issue?.pull_request) return { ignore: "a comment on an issue, not on a pull request" };
      const c = p.comment;
      const prNumber = num(p.issue?.number);
      const id = num(c?.id);
      if (!c || prNumber === void 0 || id === void 0)
        return { ignore: "an issue_comment event without a comment or issue number" };
      return {
        trigger: {
          event: eventName,
          prNumber,
          author: author(c.user),
          id,
          url: str(c.html_url),
          body: str(c.body),
          at: str(c.created_at) || (/* @__PURE__ */ new Date()).toISOString(),
          pullRequest: { state: str(p.issue.state) || void 0 }
        }
      };
    }
    default:
      return {
        ignore: `the ${eventName || "unknown"} event (mode: review runs on pull_request_review, pull_request_review_comment and issue_comment)`
      };
  }
}
// Annotate the CommonJS export names for ESM import in node:
0 && (module.exports = {
  parseReviewEvent
});
