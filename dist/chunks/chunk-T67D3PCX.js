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
var chunk_T67D3PCX_exports = {};
__export(chunk_T67D3PCX_exports, {
  INPUT_DEFAULTS: () => INPUT_DEFAULTS,
  SettingsError: () => SettingsError,
  modes: () => modes,
  parseSettings: () => parseSettings
});
module.exports = __toCommonJS(chunk_T67D3PCX_exports);
var import_chunk_RGQR3ZNZ = require("./chunk-RGQR3ZNZ.js");
var import_chunk_ZQLFIP67 = require("./chunk-ZQLFIP67.js");
var import_node_fs = require("node:fs");
var import_node_path = __builtinNamespace(require("node:path"));
var modes = {
  async plan(settings, ui, ctx) {
    await checkDispatch(settings, ctx);
    const plan = await (0, import_chunk_RGQR3ZNZ.runPlan)(settings, ui);
    if (settings.dispatchNext) {
      const { dispatchAfterPlan } = await Promise.resolve().then(() => __toESM(require("./dispatch-VDIK5JIN.js")));
      await dispatchAfterPlan(settings, ui, ctx.workflow, plan.ready);
    }
    return {};
  },
  async run(settings, ui, ctx) {
    await checkDispatch(settings, ctx);
    await refuseUntrustedTrigger(settings, ctx);
    const { runMode } = await Promise.resolve().then(() => __toESM(require("./run-EOCCZ3PZ.js")));
    const outcome = await runMode(settings, ui, ctx);
    if (!outcome.failure && settings.dispatchNext) {
      const { dispatchAfterRun } = await Promise.resolve().then(() => __toESM(require("./dispatch-VDIK5JIN.js")));
      await dispatchAfterRun(settings, ui, ctx.workflow, outcome);
    }
    return outcome;
  },
  async decompose(settings, ui, ctx) {
    await refuseUntrustedTrigger(settings, ctx);
    const { decomposeMode } = await Promise.resolve().then(() => __toESM(require("./decompose-JK2FH5AV.js")));
    return decomposeMode(settings, ui, ctx);
  },
  async review(settings, ui, ctx) {
    await checkDispatch(settings, ctx);
    const event = ctx.event ? await ctx.event() : { name: "", payload: {} };
    const { parseReviewEvent } = await Promise.resolve().then(() => __toESM(require("./review-event-K5WTBN6S.js")));
    const parsed = parseReviewEvent(event.name, event.payload);
    if ("ignore" in parsed) {
      ui.log({ kind: "line", level: "info", text: `nothing to do: ${parsed.ignore}` });
      return {};
    }
    const { reviewMode } = await Promise.resolve().then(() => __toESM(require("./review-73VAFKZQ.js")));
    return reviewMode(settings, ui, ctx, parsed.trigger);
  }
};
async function checkDispatch(settings, ctx) {
  if (!settings.dispatchNext) return;
  const dispatch = await Promise.resolve().then(() => __toESM(require("./dispatch-VDIK5JIN.js")));
  dispatch.checkDispatch(settings, ctx.workflow);
}
async function refuseUntrustedTrigger(settings, ctx) {
  if (!ctx.event) return;
  const trigger = await Promise.resolve().then(() => __toESM(require("./trigger-B3C6GFOU.js")));
  await trigger.refuseUntrustedTrigger(settings, ctx);
}
function splitArgs(s) {
  const words = [];
  let word = "";
  let inWord = false;
  let i = 0;
  while (i < s.length) {
    const c = s[i];
    if (c === " " || c === "	" || c === "\n" || c === "\r") {
      if (inWord) words.push(word);
      word = "";
      inWord = false;
      i++;
    } else if (c === "'") {
      const end = s.indexOf("'", i + 1);
      if (end === -1) throw new Error(`unterminated single quote at position ${i} in: ${s}`);
      word += s.slice(i + 1, end);
      inWord = true;
      i = end + 1;
    } else if (c === '"') {
      inWord = true;
      i++;
      let closed = false;
      while (i < s.length) {
        const d = s[i];
        if (d === '"') {
          closed = true;
          i++;
          break;
        }
        if (d === "\\" && i + 1 < s.length && '"\\$`\n'.includes(s[i + 1])) {
          if (s[i + 1] !== "\n") word += s[i + 1];
          i += 2;
          continue;
        }
        word += d;
        i++;
      }
      if (!closed) throw new Error(`unterminated double quote in: ${s}`);
    } else if (c === "\\") {
      if (i + 1 < s.length) {
        if (s[i + 1] !== "\n") {
          word += s[i + 1];
          inWord = true;
        }
        i += 2;
      } else {
        word += c;
        inWord = true;
        i++;
      }
    } else {
      word += c;
      inWord = true;
      i++;
    }
  }
  if (inWord) words.push(word);
  return words;
}
var DEFAULT_CLAUDE_VERSION = "2.1.332";
var INPUT_DEFAULTS = {
  mode: "run",
  "task-file": "task.json",
  "task-format": "auto",
  tag: "",
  "review-counts-as-done": "true",
  "working-directory": "",
  tasks: "",
  "anthropic-api-key": "",
  "claude-code-oauth-token": "",
  "claude-path": "",
  "claude-version": DEFAULT_CLAUDE_VERSION,
  model: "",
  "max-turns": "50",
  "permission-mode": "bypassPermissions",
  "allowed-tools": "",
  "disallowed-tools": "",
  "append-system-prompt": "",
  "claude-args": "",
  sandbox: "auto",
  "allowed-domains": "",
  "max-attempts": "3",
  "retry-failed": "false",
  "task-timeout-minutes": "30",
  "max-budget-usd": "",
  "max-tasks": "",
  "fail-on-task-failure": "true",
  commit: "true",
  push: "true",
  "allow-dirty": "false",
  "git-user-name": "github-actions[bot]",
  "git-user-email": "41898282+github-actions[bot]@users.noreply.github.com",
  "github-token": "",
  branch: "",
  base: "",
  "pull-request": "false",
  draft: "false",
  labels: "",
  "allow-untrusted-trigger": "false",
  "allowed-bots": "",
  parallel: "1",
  "dispatch-next": "false",
  request: "",
  "request-file": "",
  project: "",
  description: ""
};
var MODES = ["run", "plan", "decompose", "review"];
var TASK_FORMATS = ["auto", "taskmesh", "taskmaster"];
var TASKMASTER_TASK_FILE = import_node_path.default.join(".taskmaster", "tasks", "tasks.json");
var SANDBOX_MODES = ["auto", "required", "off"];
var PERMISSION_MODES = [
  "acceptEdits",
  "bypassPermissions",
  "default",
  "dontAsk",
  "plan",
  "auto"
];
var SettingsError = class extends Error {
  constructor(problems) {
    super(
      problems.length === 1 ? problems[0] : `${problems.length} inputs are invalid:
${problems.map((p) => `  - ${p}`).join("\n")}`
    );
    this.problems = problems;
    this.name = "SettingsError";
  }
  problems;
};
var input = (fn) => (0, import_chunk_ZQLFIP67.transform)(
  (v, ctx) => fn(String(v), (message) => {
    ctx.issues.push({ code: "custom", message, input: v });
    return import_chunk_ZQLFIP67.NEVER;
  })
);
var bool = (name) => input((v, fail) => {
  const s = v.trim().toLowerCase();
  if (["true", "yes", "on", "1"].includes(s)) return true;
  if (["false", "no", "off", "0"].includes(s)) return false;
  return fail(`input "${name}" must be true or false, got "${v}"`);
});
function toNumber(name, v, bounds, fail) {
  const s = v.trim();
  const n = Number(s);
  const kind = bounds.int ? "a whole number" : "a number";
  if (s === "" || !Number.isFinite(n) || bounds.int && !Number.isInteger(n))
    return fail(`input "${name}" must be ${kind}, got "${v}"`);
  if (bounds.min !== void 0 && n < bounds.min)
    return fail(`input "${name}" must be at least ${bounds.min}, got ${n}`);
  return n;
}
var number = (name, bounds) => input((v, fail) => toNumber(name, v, bounds, fail));
var optionalNumber = (name, bounds) => input((v, fail) => v.trim() === "" ? void 0 : toNumber(name, v, bounds, fail));
var oneOf = (name, values) => input((v, fail) => {
  const s = v.trim();
  if (values.includes(s)) return s;
  return fail(`input "${name}" must be one of ${values.map((x) => `"${x}"`).join(", ")}; got "${v}"`);
});
var list = () => input(
  (v) => v.split(/[\n,]/).map((s) => s.trim()).filter(Boolean)
);
var shellWords = (name) => input((v, fail) => {
  try {
    return splitArgs(v);
  } catch (e) {
    return fail(`input "${name}" cannot be split into arguments: ${e.message}`);
  }
});
var text = () => input((v) => v.trim());
var optionalText = () => input((v) => v.trim() === "" ? void 0 : v.trim());
var RawSchema = (0, import_chunk_ZQLFIP67.object)({
  mode: oneOf("mode", MODES),
  "task-file": text(),
  "task-format": oneOf("task-format", TASK_FORMATS),
  tag: optionalText(),
  "review-counts-as-done": bool("review-counts-as-done"),
  "working-directory": text(),
  tasks: list(),
  "anthropic-api-key": optionalText(),
  "claude-code-oauth-token": optionalText(),
  "claude-path": optionalText(),
  "claude-version": text(),
  model: optionalText(),
  "max-turns": number("max-turns", { int: true, min: 1 }),
  "permission-mode": oneOf("permission-mode", PERMISSION_MODES),
  "allowed-tools": list(),
  "disallowed-tools": list(),
  "append-system-prompt": optionalText(),
  "claude-args": shellWords("claude-args"),
  sandbox: oneOf("sandbox", SANDBOX_MODES),
  "allowed-domains": list(),
  "max-attempts": number("max-attempts", { int: true, min: 1 }),
  "retry-failed": bool("retry-failed"),
  "task-timeout-minutes": number("task-timeout-minutes", { min: 0.01 }),
  "max-budget-usd": optionalNumber("max-budget-usd", { min: 0 }),
  "max-tasks": optionalNumber("max-tasks", { int: true, min: 1 }),
  "fail-on-task-failure": bool("fail-on-task-failure"),
  commit: bool("commit"),
  push: bool("push"),
  "allow-dirty": bool("allow-dirty"),
  "git-user-name": text(),
  "git-user-email": text(),
  "github-token": optionalText(),
  branch: optionalText(),
  base: optionalText(),
  "pull-request": bool("pull-request"),
  draft: bool("draft"),
  labels: list(),
  "allow-untrusted-trigger": bool("allow-untrusted-trigger"),
  "allowed-bots": list(),
  parallel: number("parallel", { int: true, min: 1 }),
  "dispatch-next": bool("dispatch-next"),
  request: optionalText(),
  "request-file": optionalText(),
  project: optionalText(),
  description: optionalText()
});
function isUnevaluatedExpression(value) {
  return /^\$\{\{[^]*\}\}$/.test(value.trim());
}
function parseSettings(read, workspace, env = process.env, notice = () => {
}) {
  const raw = {};
  for (const name of Object.keys(INPUT_DEFAULTS)) {
    let v = read(name);
    if (isUnevaluatedExpression(v)) {
      notice(
        `input "${name}" is the unevaluated expression ${v.trim()} (nothing evaluated it before the action started): treated as not set`
      );
      v = "";
    }
    raw[name] = v === "" ? INPUT_DEFAULTS[name] : v;
  }
  const parsed = RawSchema.safeParse(raw);
  if (!parsed.success) throw new SettingsError(parsed.error.issues.map((i) => i.message));
  const r = parsed.data;
  const problems = [];
  const workingDirectory = import_node_path.default.resolve(workspace, r["working-directory"] || ".");
  let taskFilePath = import_node_path.default.resolve(workingDirectory, r["task-file"] || "task.json");
  const taskMasterFile = import_node_path.default.resolve(workingDirectory, TASKMASTER_TASK_FILE);
  if ((r["task-file"] || "task.json") === INPUT_DEFAULTS["task-file"] && r["task-format"] !== "taskmesh" && !(0, import_node_fs.existsSync)(taskFilePath) && (0, import_node_fs.existsSync)(taskMasterFile))
    taskFilePath = taskMasterFile;
  const tag = r.tag ?? currentTag(taskFilePath, workingDirectory) ?? "master";
  const rel = import_node_path.default.relative(workspace, taskFilePath);
  const taskFileDisplay = rel && !rel.startsWith("..") && !import_node_path.default.isAbsolute(rel) ? rel : taskFilePath;
  if (r.mode === "decompose" && !r.request && !r["request-file"])
    problems.push('mode "decompose" needs the input "request" (text) or "request-file" (a path)');
  if (r.request && r["request-file"]) problems.push('give either "request" or "request-file", not both');
  if (r.draft && !r["pull-request"]) problems.push('input "draft" only applies with "pull-request: true"');
  if (r.mode === "review") {
    if (!r.commit || !r.push)
      problems.push(
        `mode "review" pushes to the pull request's branch: it needs commit: true and push: true`
      );
    if (!r["github-token"])
      problems.push('mode "review" needs the input "github-token" (it reads and answers the pull request)');
    if (r.parallel > 1) problems.push('mode "review" redoes one task at a time: leave "parallel" at 1');
  }
  for (const d of r["allowed-domains"]) {
    const problem = allowedDomainProblem(d);
    if (problem) problems.push(`input "allowed-domains": ${problem}`);
  }
  if (problems.length) throw new SettingsError(problems);
  return {
    mode: r.mode,
    workingDirectory,
    taskFilePath,
    taskFileDisplay,
    taskFormat: {
      format: r["task-format"],
      tag,
      reviewIsDone: r["review-counts-as-done"],
      // Task Master's file names no project: the repository's folder (and the tag, when not master).
      project: import_node_path.default.basename(workspace) + (tag === "master" ? "" : ` ${tag}`)
    },
    tasks: r.tasks,
    claude: {
      apiKey: r["anthropic-api-key"] ?? (env.ANTHROPIC_API_KEY?.trim() || void 0),
      oauthToken: r["claude-code-oauth-token"] ?? (env.CLAUDE_CODE_OAUTH_TOKEN?.trim() || void 0),
      path: r["claude-path"],
      version: r["claude-version"],
      model: r.model,
      maxTurns: r["max-turns"],
      permissionMode: r["permission-mode"],
      allowedTools: r["allowed-tools"],
      disallowedTools: r["disallowed-tools"],
      appendSystemPrompt: r["append-system-prompt"],
      extraArgs: r["claude-args"]
    },
    sandbox: { mode: r.sandbox, allowedDomains: r["allowed-domains"] },
    limits: {
      maxAttempts: r["max-attempts"],
      retryFailed: r["retry-failed"],
      taskTimeoutMs: Math.round(r["task-timeout-minutes"] * 6e4),
      maxBudgetUsd: r["max-budget-usd"],
      maxTasks: r["max-tasks"],
      parallel: r.parallel
    },
    failOnTaskFailure: r["fail-on-task-failure"],
    git: {
      commit: r.commit,
      push: r.commit && r.push,
      allowDirty: r["allow-dirty"],
      userName: r["git-user-name"],
      userEmail: r["git-user-email"],
      token: r["github-token"],
      branch: r.branch,
      base: r.base
    },
    pullRequest: { enabled: r["pull-request"], draft: r.draft, labels: r.labels },
    allowUntrustedTrigger: r["allow-untrusted-trigger"],
    allowedBots: r["allowed-bots"],
    dispatchNext: r["dispatch-next"],
    decompose: {
      request: r.request,
      requestFile: r["request-file"],
      project: r.project,
      description: r.description
    }
  };
}
function currentTag(taskFilePath, workingDirectory) {
  const beside = import_node_path.default.join(import_node_path.default.dirname(import_node_path.default.dirname(taskFilePath)), "state.json");
  const candidates = [
    ...import_node_path.default.basename(import_node_path.default.dirname(import_node_path.default.dirname(taskFilePath))) === ".taskmaster" ? [beside] : [],
    import_node_path.default.join(workingDirectory, ".taskmaster", "state.json")
  ];
  for (const file of candidates) {
    try {
      const state = JSON.parse((0, import_node_fs.readFileSync)(file, "utf8"));
      if (typeof state.currentTag === "string" && state.currentTag.trim()) return state.currentTag.trim();
    } catch {
    }
  }
  return void 0;
}
function allowedDomainProblem(entry) {
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(entry))
    return `"${entry}" is a URL; give the host only (for example "registry.npmjs.org")`;
  const m = /^(\*\.)?(\[[0-9a-f:.]+\]|[a-z0-9_-]+(?:\.[a-z0-9_-]+)*)(?::(\d{1,5}))?$/i.exec(entry);
  if (!m) return `"${entry}" is not a host name, "*.domain" or an address (optionally with ":port")`;
  if (m[3] !== void 0 && (Number(m[3]) < 1 || Number(m[3]) > 65535)) return `"${entry}" has no valid port`;
  if (m[1] && !m[2].includes(".")) return `"${entry}" is too broad: use "*.example.com", not "*.com"`;
  return void 0;
}
// Annotate the CommonJS export names for ESM import in node:
0 && (module.exports = {
  INPUT_DEFAULTS,
  SettingsError,
  modes,
  parseSettings
});
