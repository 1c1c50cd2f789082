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
var chunk_YNVC75WY_exports = {};
__export(chunk_YNVC75WY_exports, {
  LogFormatter: () => LogFormatter,
  describeNotice: () => describeNotice,
  describeOutcome: () => describeOutcome,
  describeScopeProblems: () => describeScopeProblems,
  retryable: () => retryable,
  safeLogLine: () => safeLogLine
});
module.exports = __toCommonJS(chunk_YNVC75WY_exports);
var import_chunk_RGQR3ZNZ = require("./chunk-RGQR3ZNZ.js");
var KIND_WORDS = {
  credentials: "credentials refused",
  "rate-limit": "rate or usage limit",
  transient: "API error, may pass",
  "prompt-too-long": "prompt too long for the model",
  "max-turns": "turn limit",
  budget: "spending cap",
  timeout: "timeout",
  cancelled: "cancelled",
  verify: "verify failed",
  conflict: "conflict with parallel work",
  setup: "Claude Code could not start",
  error: "error"
};
function retryable(kind) {
  return kind !== "prompt-too-long" && kind !== "budget";
}
function seconds(ms) {
  return ms < 1e3 ? `${ms} ms` : `${Math.round(ms / 1e3)} s`;
}
function plural2(n, word) {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}
function describeOutcome(fact) {
  switch (fact.type) {
    case "attempt": {
      const { outcome, attempt, maxAttempts, next } = fact;
      const which = `attempt ${attempt}/${maxAttempts}`;
      if (outcome.ok) return { level: "info", mark: "\u2705", text: `${which} succeeded`, live: false };
      const failed = `${which} failed (${KIND_WORDS[outcome.kind]}): ${outcome.reason}`;
      switch (next.kind) {
        case "retry": {
          const when = next.waitMs ? ` in ${seconds(next.waitMs)}` : "";
          const from = next.keepsChanges ? ", keeping its changes" : ", from a clean tree";
          return {
            level: "warning",
            mark: "\u{1F501}",
            text: `${which} failed (${KIND_WORDS[outcome.kind]}); attempt ${attempt + 1}/${maxAttempts} follows${when}${from}: ${outcome.reason}`,
            live: true
          };
        }
        case "stop": {
          const count = next.counted ? "the attempt counts" : "the attempt does not count";
          return {
            level: outcome.kind === "credentials" || outcome.kind === "setup" ? "error" : "warning",
            mark: "\u23F8\uFE0F",
            text: `${which} ended (${KIND_WORDS[outcome.kind]}): the run stops; the task goes back to pending and ${count}`,
            live: true
          };
        }
        case "give-up":
        case "done":
          return { level: "warning", mark: "\u274C", text: failed, live: false };
      }
      break;
    }
    case "task": {
      const { status, attempts, maxAttempts, kind, reason } = fact;
      if (status === "completed")
        return {
          level: "info",
          mark: "\u2705",
          text: `completed in attempt ${attempts}${maxAttempts ? `/${maxAttempts}` : ""}`,
          live: true
        };
      if (status === "failed") {
        const early = kind && !retryable(kind) && maxAttempts !== void 0 && attempts < maxAttempts ? ` (not retried: ${kind === "budget" ? "no budget is left for it" : "another attempt would send the same prompt"})` : "";
        return {
          level: "error",
          mark: "\u274C",
          text: `failed after ${plural2(attempts, "attempt")}${early}${reason ? `: ${reason}` : ""}`,
          live: true
        };
      }
      return {
        level: "warning",
        mark: "\u23F8\uFE0F",
        text: `left ${status.replace("_", " ")}${reason ? `: ${reason}` : ""}`,
        live: true
      };
    }
    case "stop":
      return {
        level: fact.kind === "credentials" || fact.kind === "error" ? "error" : fact.kind === "max-tasks" ? "info" : "warning",
        mark: "\u26D4",
        text: `run stopped (${fact.kind}): ${fact.message}`,
        live: true
      };
  }
}
function describeNotice(notice) {
  switch (notice.type) {
    case "resumed":
      return "found in_progress from an interrupted run; resuming it as pending";
    case "retried":
      return "retry-failed: failed task put back to pending";
    case "max-tasks":
      return `max-tasks (${notice.maxTasks}) reached; the remaining ready tasks stay pending`;
    case "budget-spent":
      return `the run budget of ${(0, import_chunk_RGQR3ZNZ.formatUsd)(notice.maxBudgetUsd)} (max-budget-usd) is spent (${(0, import_chunk_RGQR3ZNZ.formatUsd)(notice.spentUsd)}); the remaining tasks stay pending`;
    case "no-budget-left":
      return "no budget left for this task (maxBudgetUsd / max-budget-usd)";
    case "sandbox-denied": {
      const what = notice.connections === 1 ? "a connection" : `${notice.connections} connections`;
      return `sandbox blocked ${what} from ${notice.who} to ${notice.hosts}; add the host to \`allowed-domains\` if the task needs it`;
    }
  }
}
function describeScopeProblems(problems, taskFile) {
  return problems.map((problem) => {
    const task = `task "${problem.taskId}"`;
    switch (problem.code) {
      case "unknown":
        return `unknown task "${problem.taskId}" in the "tasks" input (not in ${taskFile})`;
      case "held":
        return `${task} is not run by Taskmesh: ${problem.reason}`;
      case "completed":
        return `${task} is already completed`;
      case "failed":
        return `${task} has failed; set retry-failed: true to run it again`;
      case "not-ready":
        return `${task} is not ready: it waits for ${problem.waitsFor.map((d) => `"${d}"`).join(", ")}`;
    }
  }).join("\n");
}
var MAX_DENIALS = 5;
var VERIFY_TAIL_LINES = 10;
var LogFormatter = class {
  maxLine;
  redactText;
  apiHost;
  /** The task whose group is open; GitHub log groups cannot nest, so there is at most one. */
  openTask = null;
  maxAttempts = /* @__PURE__ */ new Map();
  constructor(opts = {}) {
    this.maxLine = Math.max(20, opts.maxLine ?? 200);
    this.redactText = opts.redact ?? ((t) => t);
    this.apiHost = opts.apiHost ?? "the API";
  }
  /** The lines for one event; called for every stream line, so it does no more than it must. */
  format(e) {
    switch (e.type) {
      case "run-started":
        return [
          this.line("info", `Taskmesh \xB7 ${e.project}: ${e.ready.length} ready of ${(0, import_chunk_RGQR3ZNZ.plural)(e.total, "task")}`)
        ];
      case "attempt-started": {
        this.maxAttempts.set(e.taskId, e.maxAttempts);
        const out = this.close();
        const title = e.title.trim() ? ` \xB7 ${e.title.trim()}` : "";
        this.openTask = e.taskId;
        out.push({
          kind: "group-start",
          title: this.clean(`\u25B6 ${e.taskId}${title} (attempt ${e.attempt}/${e.maxAttempts})`)
        });
        return out;
      }
      case "claude":
        return this.claude(e.taskId, e.event);
      case "heartbeat":
        return [
          this.line(
            "info",
            `\u2026 still running: ${(0, import_chunk_RGQR3ZNZ.formatDuration)(e.elapsedMs)}, ${(0, import_chunk_RGQR3ZNZ.plural)(e.turns, "turn")}, ${(0, import_chunk_RGQR3ZNZ.formatUsd)(e.costUsd)}`,
            e.taskId
          )
        ];
      case "verify-started":
        return [this.line("info", `\u{1F9EA} verify: ${e.command}`, e.taskId)];
      case "verify-finished": {
        if (e.exitCode === 0) return [this.line("info", `\u2705 verify passed: ${e.command}`, e.taskId)];
        const out = [this.line("warning", `\u274C verify failed (exit ${e.exitCode}): ${e.command}`, e.taskId)];
        for (const l of tail(e.output, VERIFY_TAIL_LINES)) out.push(this.line("info", `\u2502 ${l}`, e.taskId));
        return out;
      }
      case "attempt-finished": {
        const outcome = e.ok ? { ok: true } : { ok: false, kind: e.kind ?? "error", reason: e.reason ?? "(no reason given)" };
        return this.outcome(
          describeOutcome({
            type: "attempt",
            outcome,
            attempt: e.attempt,
            maxAttempts: e.maxAttempts,
            next: e.next
          }),
          e.taskId
        );
      }
      case "task-finished": {
        const stats = [
          (0, import_chunk_RGQR3ZNZ.formatDuration)(e.durationMs),
          (0, import_chunk_RGQR3ZNZ.plural)(e.turns, "turn"),
          (0, import_chunk_RGQR3ZNZ.formatUsd)(e.costUsd),
          `${(0, import_chunk_RGQR3ZNZ.plural)(e.outputs.length, "file")} changed`
        ];
        const words = describeOutcome({
          type: "task",
          status: e.status,
          attempts: e.attemptsThisRun ?? e.attempts,
          maxAttempts: e.maxAttempts ?? this.maxAttempts.get(e.taskId),
          kind: e.failureKind,
          reason: e.error ? (0, import_chunk_RGQR3ZNZ.firstLine)(e.error, this.maxLine) : void 0
        });
        const statsText = ` \xB7 ${stats.join(" \xB7 ")}`;
        const head = (0, import_chunk_RGQR3ZNZ.shorten)(`${words.mark} ${words.text}`, Math.max(20, this.maxLine - statsText.length));
        const line = this.line(words.level, `${head}${statsText}`, e.taskId);
        this.maxAttempts.delete(e.taskId);
        if (this.openTask !== e.taskId) return [line];
        this.openTask = null;
        return [line, { kind: "group-end" }];
      }
      case "task-committed":
        return [this.line("info", `\u{1F4DD} ${e.taskId} committed ${e.commit.slice(0, 7)}`)];
      case "pushed":
        return [this.line("info", `\u2B06\uFE0F pushed ${e.sha.slice(0, 7)} to ${e.branch}`)];
      case "log":
        return [this.line(e.level, e.message, e.taskId)];
      case "run-stopped": {
        const out = this.close();
        const words = describeOutcome({
          type: "stop",
          kind: e.reason.kind,
          message: (0, import_chunk_RGQR3ZNZ.firstLine)(e.reason.message, this.maxLine)
        });
        out.push(this.line(words.level, `${words.mark} ${words.text}`));
        return out;
      }
      case "run-finished": {
        const out = this.close();
        const t = e.report.totals;
        const parts = [`${t.completed} completed`, `${t.failed} failed`, `${t.pending} pending`];
        if (t.blocked) parts.push(`${t.blocked} blocked`);
        if (t.inProgress) parts.push(`${t.inProgress} in progress`);
        parts.push((0, import_chunk_RGQR3ZNZ.formatUsd)(t.costUsd), (0, import_chunk_RGQR3ZNZ.formatDuration)(e.report.wallMs));
        out.push(this.line("info", `\u{1F3C1} run finished: ${parts.join(" \xB7 ")}`));
        return out;
      }
      default:
        return [];
    }
  }
  /** Closes the open group, if any (call at the end of a run that ended without run-finished). */
  close() {
    if (this.openTask === null) return [];
    this.openTask = null;
    return [{ kind: "group-end" }];
  }
  claude(taskId, ev) {
    switch (ev.kind) {
      case "text": {
        if (!ev.text.trim()) return [];
        return [this.line("info", `\u{1F4AC} ${(0, import_chunk_RGQR3ZNZ.firstLine)(ev.text, this.maxLine)}`, taskId)];
      }
      case "tool-use":
        return [this.line("info", `\u{1F527} ${ev.summary || ev.name}`, taskId)];
      case "tool-result":
        if (!ev.isError) return [];
        return [
          this.line("info", `\u26A0\uFE0F tool error: ${(0, import_chunk_RGQR3ZNZ.firstLine)(ev.text, this.maxLine) || "(no message)"}`, taskId)
        ];
      case "api-retry": {
        if (ev.connection) {
          const retry = ev.message.replace(/^.*?(?=retry \d)/, "");
          return [this.line("warning", `\u21BB API retry: no connection to ${this.apiHost}, ${retry}`, taskId)];
        }
        const status = ev.status !== null ? ` (HTTP ${ev.status})` : "";
        return [this.line("warning", `\u21BB API retry${status}: ${(0, import_chunk_RGQR3ZNZ.firstLine)(ev.message, this.maxLine)}`, taskId)];
      }
      case "result":
        return this.result(taskId, ev);
      case "init": {
        const model = ev.model ? `model ${ev.model}, ` : "";
        return [this.line("debug", `session started: ${model}${(0, import_chunk_RGQR3ZNZ.plural)(ev.tools.length, "tool")}`, taskId)];
      }
      case "non-json":
        return ev.line.trim() ? [this.line("debug", `CLI: ${ev.line}`, taskId)] : [];
      default:
        return [];
    }
  }
  result(taskId, ev) {
    const out = [];
    const denials = ev.permissionDenials;
    for (const d of denials.slice(0, MAX_DENIALS)) {
      out.push(this.line("warning", `\u{1F6AB} permission denied: ${describeCall(d.toolName, d.toolInput)}`, taskId));
    }
    if (denials.length > MAX_DENIALS) {
      out.push(
        this.line("warning", `\u{1F6AB} \u2026 and ${denials.length - MAX_DENIALS} more permission denials`, taskId)
      );
    }
    out.push(
      this.line(
        "info",
        `\u{1F3C1} Claude Code ended \xB7 ${(0, import_chunk_RGQR3ZNZ.plural)(ev.numTurns, "turn")} \xB7 ${(0, import_chunk_RGQR3ZNZ.formatUsd)(ev.totalCostUsd)}`,
        taskId
      )
    );
    return out;
  }
  /** The live line of an outcome (none when the next line says the same). */
  outcome(words, taskId) {
    return words.live ? [this.line(words.level, `${words.mark} ${words.text}`, taskId)] : [];
  }
  /** A line; events of a task other than the open group's say whose they are (parallel runs). */
  line(level, text, taskId) {
    const prefix = taskId !== void 0 && taskId !== this.openTask ? `[${taskId}] ` : "";
    const line = { kind: "line", level, text: this.clean(prefix + text) };
    if (new RegExp("^\\p{Extended_Pictographic}", "u").test(text)) line.marked = true;
    return line;
  }
  clean(text) {
    return (0, import_chunk_RGQR3ZNZ.shorten)(safeLogLine(this.redactText(text)), this.maxLine);
  }
};
var ZWSP = "\u200B";
function safeLogLine(text) {
  const flat = text.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g, " ").trim();
  const neutral = flat.replace(/##\[/g, `##${ZWSP}[`);
  return neutral.startsWith("::") ? ZWSP + neutral : neutral;
}
function describeCall(toolName, input) {
  if (input && typeof input === "object") {
    const rec = input;
    for (const key of [
      "command",
      "file_path",
      "path",
      "notebook_path",
      "url",
      "pattern",
      "query",
      "description"
    ]) {
      const v = rec[key];
      if (typeof v === "string" && v.trim())
        return `${toolName}(${(0, import_chunk_RGQR3ZNZ.shorten)(v.trim().replace(/\s+/g, " "), 80)})`;
    }
  }
  return toolName;
}
function tail(text, n) {
  const lines = [];
  let end = text.length;
  while (end > 0 && lines.length < n) {
    const start = text.lastIndexOf("\n", end - 1);
    const l = text.slice(start + 1, end).trimEnd();
    if (l.trim()) lines.push(l);
    end = start < 0 ? 0 : start;
  }
  return lines.reverse();
}
// Annotate the CommonJS export names for ESM import in node:
0 && (module.exports = {
  LogFormatter,
  describeNotice,
  describeOutcome,
  describeScopeProblems,
  retryable,
  safeLogLine
});
