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
var chunk_LTSEQ4IO_exports = {};
__export(chunk_LTSEQ4IO_exports, {
  Done: () => Done,
  Git: () => Git,
  RepoGuard: () => RepoGuard,
  apiHost: () => apiHost,
  claudePort: () => claudePort,
  defaultBranch: () => defaultBranch,
  doublingBackoff: () => doublingBackoff,
  gitHub: () => gitHub,
  runOnFrame: () => runOnFrame,
  sleep: () => sleep
});
module.exports = __toCommonJS(chunk_LTSEQ4IO_exports);
var import_chunk_Q6IDVZC3 = require("./startup.js")("chunk-Q6IDVZC3.js");
var import_chunk_JD7SAOXD = require("./startup.js")("chunk-JD7SAOXD.js");
var import_chunk_5FGLKTEA = require("./startup.js")("chunk-5FGLKTEA.js");
var import_node_os = __builtinNamespace(require("node:os"));
var import_node_path = __builtinNamespace(require("node:path"));
var import_node_child_process = require("node:child_process");
var import_promises = require("node:fs/promises");
var import_node_path2 = __builtinNamespace(require("node:path"));
var import_node_child_process2 = require("node:child_process");
var import_node_crypto = require("node:crypto");
var import_node_fs = require("node:fs");
var import_promises2 = require("node:fs/promises");
var import_node_path3 = __builtinNamespace(require("node:path"));
var import_node_string_decoder = require("node:string_decoder");
var import_node_path4 = __builtinNamespace(require("node:path"));
var import_promises3 = require("node:fs/promises");
var import_node_path5 = __builtinNamespace(require("node:path"));
var import_node_path6 = __builtinNamespace(require("node:path"));
var import_node_child_process3 = require("node:child_process");
var import_node_crypto2 = require("node:crypto");
var import_node_fs2 = require("node:fs");
var import_node_path7 = require("node:path");
var import_node_fs3 = require("node:fs");
var import_promises4 = require("node:fs/promises");
var import_node_os2 = __builtinNamespace(require("node:os"));
var import_node_path8 = __builtinNamespace(require("node:path"));
var import_promises5 = require("node:fs/promises");
var import_node_path9 = __builtinNamespace(require("node:path"));
var import_promises6 = require("node:fs/promises");
var import_node_path10 = __builtinNamespace(require("node:path"));
var import_promises7 = require("node:fs/promises");
var import_node_os3 = __builtinNamespace(require("node:os"));
var import_node_path11 = __builtinNamespace(require("node:path"));
function apiHost(env) {
  if (env.CLAUDE_CODE_USE_BEDROCK === "1" || env.CLAUDE_CODE_USE_BEDROCK === "true") return "Amazon Bedrock";
  if (env.CLAUDE_CODE_USE_VERTEX === "1" || env.CLAUDE_CODE_USE_VERTEX === "true") return "Google Vertex AI";
  const base = env.ANTHROPIC_BASE_URL?.trim();
  if (base)
    try {
      return new URL(base).host || base;
    } catch {
      return base;
    }
  return "api.anthropic.com";
}
function isConnectionFailure(text) {
  return /\b(ECONNREFUSED|ENOTFOUND|EAI_AGAIN|ETIMEDOUT|ECONNRESET|EHOSTUNREACH|ENETUNREACH|UND_ERR_CONNECT_TIMEOUT)\b|can't reach the api|connection (refused|error)|fetch failed/i.test(
    text
  );
}
var MAX_EVENT_TEXT = 2e3;
var isObject = (v) => typeof v === "object" && v !== null && !Array.isArray(v);
var str = (v) => typeof v === "string" ? v : null;
var num = (v, fallback = 0) => typeof v === "number" && Number.isFinite(v) ? v : fallback;
function shorten(s, max) {
  return s.length <= max ? s : `${s.slice(0, Math.max(0, max - 1))}\u2026`;
}
function usageOf(v) {
  const u = isObject(v) ? v : {};
  return {
    inputTokens: num(u.input_tokens),
    outputTokens: num(u.output_tokens),
    cacheReadInputTokens: num(u.cache_read_input_tokens),
    cacheCreationInputTokens: num(u.cache_creation_input_tokens)
  };
}
function contentText(v) {
  if (typeof v === "string") return v;
  if (!Array.isArray(v)) return "";
  return v.map((b) => isObject(b) && typeof b.text === "string" ? b.text : isObject(b) ? `[${String(b.type)}]` : "").filter(Boolean).join("\n");
}
function resultEvent(o) {
  const denials = Array.isArray(o.permission_denials) ? o.permission_denials : [];
  const ev = {
    kind: "result",
    subtype: str(o.subtype) ?? "unknown",
    isError: o.is_error === true,
    apiErrorStatus: typeof o.api_error_status === "number" ? o.api_error_status : null,
    result: str(o.result) ?? "",
    sessionId: str(o.session_id),
    totalCostUsd: num(o.total_cost_usd),
    numTurns: num(o.num_turns),
    durationMs: num(o.duration_ms),
    usage: usageOf(o.usage),
    permissionDenials: denials.filter(isObject).map((d) => ({
      toolName: str(d.tool_name) ?? "",
      toolInput: d.tool_input
    }))
  };
  if (o.structured_output !== void 0) ev.structuredOutput = o.structured_output;
  const terminal = str(o.terminal_reason);
  if (terminal) ev.terminalReason = terminal;
  return ev;
}
function parseStreamLine(line, opts = {}) {
  const trimmed = line.trim();
  if (trimmed === "") return [];
  let o;
  try {
    o = JSON.parse(trimmed);
  } catch {
    return [{ kind: "non-json", line: shorten(trimmed, MAX_EVENT_TEXT) }];
  }
  if (!isObject(o) || typeof o.type !== "string") {
    return [{ kind: "unknown", type: isObject(o) ? String(o.type ?? "") : typeof o }];
  }
  switch (o.type) {
    case "system": {
      if (o.subtype === "init") {
        return [
          {
            kind: "init",
            sessionId: str(o.session_id),
            model: str(o.model),
            tools: Array.isArray(o.tools) ? o.tools.filter((t) => typeof t === "string") : [],
            cwd: str(o.cwd),
            permissionMode: str(o.permissionMode)
          }
        ];
      }
      if (o.subtype === "api_retry") {
        const status = typeof o.error_status === "number" ? o.error_status : null;
        const attempt = num(o.attempt);
        const max = num(o.max_retries);
        const error = str(o.error);
        const what = error ?? (status !== null ? `HTTP ${status}` : "API error");
        const delay = num(o.retry_delay_ms, -1);
        const message = `${what}, retry ${attempt}/${max}${delay >= 0 ? ` in ${Math.round(delay)} ms` : ""}`;
        const connection = status === null && (error === null || error === "unknown" || isConnectionFailure(error));
        return [{ kind: "api-retry", message, status, ...connection ? { connection } : {} }];
      }
      return [{ kind: "unknown", type: `system/${String(o.subtype ?? "")}` }];
    }
    case "assistant": {
      const msg = isObject(o.message) ? o.message : {};
      const events = [];
      for (const b of Array.isArray(msg.content) ? msg.content : []) {
        if (!isObject(b)) continue;
        if (b.type === "text" && typeof b.text === "string") events.push({ kind: "text", text: b.text });
        else if (b.type === "tool_use") {
          const name = str(b.name) ?? "?";
          events.push({
            kind: "tool-use",
            id: str(b.id) ?? "",
            name,
            input: b.input,
            summary: summarizeToolUse(name, b.input, opts.cwd)
          });
        }
      }
      if (isObject(msg.usage)) events.push({ kind: "usage", usage: usageOf(msg.usage) });
      return events;
    }
    case "user": {
      const msg = isObject(o.message) ? o.message : {};
      const events = [];
      for (const b of Array.isArray(msg.content) ? msg.content : []) {
        if (!isObject(b) || b.type !== "tool_result") continue;
        events.push({
          kind: "tool-result",
          toolUseId: str(b.tool_use_id) ?? "",
          isError: b.is_error === true,
          text: shorten(contentText(b.content), MAX_EVENT_TEXT)
        });
      }
      return events;
    }
    case "result":
      return [resultEvent(o)];
    default:
      return [{ kind: "unknown", type: o.type }];
  }
}
function displayPath(p, cwd) {
  if (cwd && import_node_path4.default.isAbsolute(p)) {
    const rel = import_node_path4.default.relative(cwd, p);
    if (rel === "") return ".";
    if (!rel.startsWith("..") && !import_node_path4.default.isAbsolute(rel)) return rel;
  }
  return p;
}
function firstLine(s, max) {
  const line = s.trim().split("\n", 1)[0] ?? "";
  const more = s.trim().includes("\n") ? " \u2026" : "";
  return shorten(line.trim(), max - more.length) + more;
}
function summarizeToolUse(name, input, cwd) {
  const i = isObject(input) ? input : {};
  const s = (k) => str(i[k]);
  const file = s("file_path") ?? s("notebook_path") ?? s("path");
  switch (name) {
    case "Write":
    case "Edit":
    case "MultiEdit":
    case "Read":
    case "NotebookEdit":
      return file ? `${name} ${displayPath(file, cwd)}` : name;
    case "Bash":
      return s("command") ? `Bash ${firstLine(s("command") ?? "", 80)}` : "Bash";
    case "Glob":
    case "Grep": {
      const pattern = s("pattern");
      if (!pattern) return name;
      const where = s("path");
      return `${name} ${shorten(pattern, 60)}${where ? ` in ${displayPath(where, cwd)}` : ""}`;
    }
    case "WebFetch":
      return s("url") ? `WebFetch ${shorten(s("url") ?? "", 80)}` : name;
    case "WebSearch":
      return s("query") ? `WebSearch ${shorten(s("query") ?? "", 80)}` : name;
    case "TodoWrite": {
      const n = Array.isArray(i.todos) ? i.todos.length : 0;
      return `TodoWrite ${n} item${n === 1 ? "" : "s"}`;
    }
    case "Task":
    case "Agent":
      return s("description") ? `${name} ${shorten(s("description") ?? "", 60)}` : name;
  }
  if (file) return `${name} ${displayPath(file, cwd)}`;
  const first = Object.values(i).find((v) => typeof v === "string" && v.trim() !== "");
  return first ? `${name} ${firstLine(first, 60)}` : name;
}
var LineSplitter = class {
  constructor(onLine, opts = {}) {
    this.onLine = onLine;
    this.maxLineBytes = opts.maxLineBytes ?? 4 * 1024 * 1024;
    this.previewBytes = Math.min(opts.previewBytes ?? 1024, this.maxLineBytes);
  }
  onLine;
  parts = [];
  held = 0;
  lineBytes = 0;
  overflow = false;
  maxLineBytes;
  previewBytes;
  push(chunk) {
    let buf = typeof chunk === "string" ? Buffer.from(chunk, "utf8") : chunk;
    for (; ; ) {
      const nl = buf.indexOf(10);
      if (nl === -1) {
        this.append(buf);
        return;
      }
      this.append(buf.subarray(0, nl));
      this.emit();
      buf = buf.subarray(nl + 1);
    }
  }
  /** Flush a last line that had no newline. */
  end() {
    if (this.lineBytes > 0 || this.parts.length > 0) this.emit();
  }
  append(b) {
    if (b.length === 0) return;
    this.lineBytes += b.length;
    if (this.overflow) return;
    if (this.held + b.length <= this.maxLineBytes) {
      this.parts.push(Buffer.from(b));
      this.held += b.length;
      return;
    }
    const preview = Buffer.concat([...this.parts, b.subarray(0, Math.max(0, this.previewBytes - this.held))]);
    this.parts = [preview.subarray(0, this.previewBytes)];
    this.held = this.parts[0].length;
    this.overflow = true;
  }
  emit() {
    let line = Buffer.concat(this.parts).toString("utf8");
    if (line.endsWith("\r")) line = line.slice(0, -1);
    const info = { truncated: this.overflow, bytes: this.lineBytes };
    this.parts = [];
    this.held = 0;
    this.lineBytes = 0;
    this.overflow = false;
    this.onLine(line, info);
  }
};
function eventsForLine(line, info, opts = {}) {
  if (info.truncated) {
    return [{ kind: "non-json", line: `[line of ${info.bytes} bytes truncated] ${shorten(line, 200)}` }];
  }
  return parseStreamLine(line, opts);
}
function buildClaudeArgs(o) {
  const args = ["-p", "--output-format", "stream-json", "--verbose"];
  if (o.model) args.push("--model", o.model);
  if (o.maxTurns !== void 0) args.push("--max-turns", String(o.maxTurns));
  if (o.maxBudgetUsd !== void 0) args.push("--max-budget-usd", String(o.maxBudgetUsd));
  if (o.permissionMode) args.push("--permission-mode", o.permissionMode);
  if (o.allowedTools.length > 0) args.push("--allowedTools", o.allowedTools.join(","));
  if (o.disallowedTools.length > 0) args.push("--disallowedTools", o.disallowedTools.join(","));
  if (o.appendSystemPrompt) args.push("--append-system-prompt", o.appendSystemPrompt);
  if (o.jsonSchema) args.push("--json-schema", o.jsonSchema);
  if (o.sessionId) args.push("--session-id", o.sessionId);
  args.push(...o.extraArgs);
  return args;
}
var REMOVED_ENV = /* @__PURE__ */ new Set([
  "GITHUB_TOKEN",
  "GH_TOKEN",
  "GH_ENTERPRISE_TOKEN",
  "GITHUB_ENTERPRISE_TOKEN",
  "ACTIONS_RUNTIME_TOKEN",
  "ACTIONS_RUNTIME_URL",
  "ACTIONS_RESULTS_URL",
  "ACTIONS_CACHE_URL",
  // The runner's file commands: a command run by Claude (or `verify`) could otherwise set environment
  // variables, PATH entries, outputs, state or the summary of this and later steps of the job.
  "GITHUB_ENV",
  "GITHUB_PATH",
  "GITHUB_OUTPUT",
  "GITHUB_STATE",
  "GITHUB_STEP_SUMMARY"
]);
var REMOVED_PREFIXES = ["INPUT_", "ACTIONS_ID_TOKEN_REQUEST_"];
function withoutRunnerSecrets(base, more = {}) {
  const names = /* @__PURE__ */ new Set([...REMOVED_ENV, ...more.names ?? []]);
  const prefixes = [...REMOVED_PREFIXES, ...more.prefixes ?? []];
  const env = {};
  for (const [k, v] of Object.entries(base)) {
    if (v === void 0) continue;
    const upper = k.toUpperCase();
    if (names.has(upper) || prefixes.some((p) => upper.startsWith(p))) continue;
    env[k] = v;
  }
  return env;
}
function claudeEnv(base, creds, opts = {}) {
  const env = withoutRunnerSecrets(base);
  if (creds.apiKey) env.ANTHROPIC_API_KEY = creds.apiKey;
  if (creds.oauthToken) env.CLAUDE_CODE_OAUTH_TOKEN = creds.oauthToken;
  env.DISABLE_AUTOUPDATER = "1";
  env.CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC = "1";
  const isRoot = opts.isRoot ?? process.getuid?.() === 0;
  if (isRoot) env.IS_SANDBOX = "1";
  return env;
}
var STDERR_TAIL_BYTES = 4096;
var DEFAULT_MAX_LINE_BYTES = 4 * 1024 * 1024;
function redactedLines(redact, maxLineBytes) {
  const decoder = new import_node_string_decoder.StringDecoder("utf8");
  let pending = "";
  return {
    push(chunk) {
      const text = decoder.write(chunk);
      const nl = text.lastIndexOf("\n");
      let out = "";
      if (nl >= 0) {
        out = redact(pending + text.slice(0, nl + 1));
        pending = text.slice(nl + 1);
      } else pending += text;
      if (pending.length > maxLineBytes) {
        out += redact(pending);
        pending = "";
      }
      return out;
    },
    end() {
      const rest = pending + decoder.end();
      pending = "";
      return rest ? redact(rest) : "";
    }
  };
}
var RUN_MARKER_ENV = "TASKMESH_CLAUDE_RUN";
var FILE_ONLY_TOOLS = /* @__PURE__ */ new Set([
  "Read",
  "Write",
  "Edit",
  "MultiEdit",
  "NotebookEdit",
  "TodoWrite",
  "StructuredOutput"
]);
var liveRuns = /* @__PURE__ */ new Set();
var exitHookInstalled = false;
function track(run2) {
  if (!exitHookInstalled) {
    exitHookInstalled = true;
    process.once("exit", () => {
      for (const r of liveRuns) killRun(r, "SIGKILL");
    });
  }
  liveRuns.add(run2);
}
function processesWithMarker(marker) {
  if (process.platform !== "linux") return [];
  const needle = Buffer.from(`${RUN_MARKER_ENV}=${marker}\0`);
  const found = [];
  let entries;
  try {
    entries = (0, import_node_fs.readdirSync)("/proc");
  } catch {
    return [];
  }
  for (const e of entries) {
    if (!/^\d+$/.test(e)) continue;
    const pid = Number(e);
    if (pid === process.pid) continue;
    try {
      const env = (0, import_node_fs.readFileSync)(`/proc/${e}/environ`);
      const at = env.indexOf(needle);
      if (at === 0 || at > 0 && env[at - 1] === 0) found.push(pid);
    } catch {
    }
  }
  return found;
}
function killRun(run2, sig, o = {}) {
  killGroup(run2.pid, sig);
  if (o.sweep === false) return;
  for (const pid of processesWithMarker(run2.marker)) {
    try {
      process.kill(pid, sig);
    } catch {
    }
  }
}
function killGroup(pid, sig) {
  try {
    process.kill(-pid, sig);
  } catch {
  }
}
async function runClaude(inv) {
  const started = Date.now();
  const killGraceMs = inv.killGraceMs ?? 1e4;
  const base = { timedOut: false, result: null, stderrTail: "", exitCode: null, signal: null };
  if (inv.signal?.aborted) return { ...base, aborted: true, durationMs: 0 };
  await (0, import_promises2.mkdir)(import_node_path3.default.dirname(inv.transcriptPath), { recursive: true });
  const transcript = (0, import_node_fs.createWriteStream)(inv.transcriptPath, { flags: "a" });
  const transcriptDone = new Promise((resolve) => {
    transcript.once("close", () => resolve());
    transcript.once("error", () => resolve());
  });
  let transcriptBroken = false;
  let child;
  transcript.on("error", () => {
    transcriptBroken = true;
    child?.stdout.resume();
  });
  const marker = (0, import_node_crypto.randomUUID)();
  let contained;
  try {
    const env = { ...inv.env, [RUN_MARKER_ENV]: marker };
    let [file, args] = [inv.claudePath, inv.args];
    if (inv.sandbox) {
      contained = await inv.sandbox.contain({
        // A contained CLI's HOME is private and removed when it ends: the session it would save there (its
        // whole conversation) could never be read again. Uncontained, the HOME outlives the run: kept.
        argv: [inv.claudePath, ...inv.args, "--no-session-persistence"],
        cwd: inv.cwd,
        env,
        writableRoot: inv.sandbox.writableRoot
      });
      [file, args] = [contained.file, contained.args];
    }
    child = (0, import_node_child_process2.spawn)(file, args, {
      cwd: inv.cwd,
      env: contained?.env ?? env,
      detached: true,
      stdio: ["pipe", "pipe", "pipe"]
    });
  } catch (err) {
    await contained?.finish();
    transcript.end();
    await transcriptDone;
    const spawnError2 = contained || !inv.sandbox ? (0, import_chunk_5FGLKTEA.messageOf)(err) : `the sandbox could not wrap claude: ${(0, import_chunk_5FGLKTEA.messageOf)(err)}`;
    return { ...base, aborted: false, spawnError: spawnError2, durationMs: Date.now() - started };
  }
  let result = null;
  let onEventError;
  let stderrTail = Buffer.alloc(0);
  let timedOut = false;
  let aborted = false;
  let spawnError;
  let lastOutput = Date.now();
  let lastBeat = lastOutput;
  let killTimer;
  let stopping = false;
  let cwd = inv.cwd;
  const emit = (e) => {
    if (e.kind === "result") result = e;
    if (e.kind === "init" && e.cwd) cwd = e.cwd;
    if (e.kind === "tool-use" && live && !FILE_ONLY_TOOLS.has(e.name)) live.mayHaveSpawned = true;
    try {
      inv.onEvent(e);
    } catch (err) {
      onEventError ??= (0, import_chunk_5FGLKTEA.messageOf)(err);
    }
  };
  const splitter = new LineSplitter((line, info) => eventsForLine(line, info, { cwd }).forEach(emit), {
    maxLineBytes: inv.maxLineBytes
  });
  const live = child.pid !== void 0 ? { pid: child.pid, marker, mayHaveSpawned: false } : null;
  const stop = () => {
    if (stopping || !live) return;
    stopping = true;
    killRun(live, "SIGTERM");
    killTimer = setTimeout(() => killRun(live, "SIGKILL"), killGraceMs);
  };
  const timeout = Number.isFinite(inv.timeoutMs) && inv.timeoutMs > 0 ? setTimeout(
    () => {
      timedOut = true;
      stop();
    },
    Math.min(inv.timeoutMs, 2 ** 31 - 1)
  ) : void 0;
  const onAbort = () => {
    aborted = true;
    stop();
  };
  inv.signal?.addEventListener("abort", onAbort, { once: true });
  const heartbeat = inv.heartbeatMs && inv.onHeartbeat ? setInterval(
    () => {
      const now = Date.now();
      if (now - lastBeat >= (inv.heartbeatMs ?? 0)) {
        lastBeat = now;
        inv.onHeartbeat?.(now - lastOutput);
      }
    },
    Math.min(inv.heartbeatMs, 1e3)
  ) : void 0;
  const toTranscript = inv.redactTranscript ? redactedLines(inv.redactTranscript, inv.maxLineBytes ?? DEFAULT_MAX_LINE_BYTES) : null;
  child.stdout.on("data", (chunk) => {
    lastOutput = lastBeat = Date.now();
    const data = toTranscript ? toTranscript.push(chunk) : chunk;
    if (!transcriptBroken && data.length > 0 && !transcript.write(data)) {
      child.stdout.pause();
      transcript.once("drain", () => child.stdout.resume());
    }
    splitter.push(chunk);
  });
  child.stderr.on("data", (chunk) => {
    lastOutput = lastBeat = Date.now();
    stderrTail = Buffer.concat([stderrTail, chunk]);
    if (stderrTail.length > STDERR_TAIL_BYTES)
      stderrTail = stderrTail.subarray(stderrTail.length - STDERR_TAIL_BYTES);
  });
  child.stdin.on("error", () => {
  });
  const closed = new Promise((resolve) => {
    let exited = false;
    child.once("error", (err) => {
      const e = err;
      if (child.pid === void 0) {
        spawnError = e.code === "ENOENT" ? `ENOENT: claude not found at ${inv.claudePath}` : (0, import_chunk_5FGLKTEA.messageOf)(e);
        resolve({ code: null, signal: null });
      }
    });
    child.once("exit", () => {
      exited = true;
      if (live) killRun(live, "SIGKILL", { sweep: live.mayHaveSpawned });
      setTimeout(() => {
        child.stdout.destroy();
        child.stderr.destroy();
      }, 5e3).unref();
    });
    child.once("close", (code2, sig) => {
      if (!exited && live) killRun(live, "SIGKILL");
      resolve({ code: code2, signal: sig });
    });
  });
  if (live) track(live);
  child.stdin.end(inv.prompt);
  const { code, signal } = await closed;
  clearTimeout(timeout);
  clearTimeout(killTimer);
  if (heartbeat) clearInterval(heartbeat);
  inv.signal?.removeEventListener("abort", onAbort);
  if (live) liveRuns.delete(live);
  const denied = contained ? await contained.finish() : void 0;
  splitter.end();
  const rest = toTranscript?.end();
  if (rest && !transcriptBroken) transcript.write(rest);
  transcript.end();
  await transcriptDone;
  return {
    exitCode: code,
    signal,
    timedOut,
    aborted,
    result,
    stderrTail: stderrTail.toString("utf8"),
    ...spawnError !== void 0 ? { spawnError } : {},
    ...onEventError !== void 0 ? { onEventError } : {},
    ...denied ? { denied } : {},
    durationMs: Date.now() - started
  };
}
async function isExecutableFile(p) {
  try {
    if (!(await (0, import_promises2.stat)(p)).isFile()) return false;
    await (0, import_promises2.access)(p, import_node_fs.constants.X_OK);
    return true;
  } catch {
    return false;
  }
}
async function findClaude(claudePath, env) {
  const name = claudePath?.trim() || "claude";
  if (name.includes("/") || name.includes(import_node_path3.default.sep)) {
    const abs = import_node_path3.default.resolve(name);
    return await isExecutableFile(abs) ? abs : null;
  }
  const pathVar = env.PATH ?? env.Path ?? "";
  const exts = process.platform === "win32" ? ["", ...(env.PATHEXT ?? ".EXE;.CMD;.BAT").split(";").filter(Boolean)] : [""];
  for (const dir of pathVar.split(import_node_path3.default.delimiter)) {
    if (!dir) continue;
    for (const ext of exts) {
      const candidate = import_node_path3.default.join(dir, name + ext);
      if (await isExecutableFile(candidate)) return import_node_path3.default.resolve(candidate);
    }
  }
  return null;
}
var ClaudeSetupError = class extends Error {
  constructor(message) {
    super(message);
    this.name = "ClaudeSetupError";
  }
};
async function resolveClaude(o) {
  if (o.path) {
    const found = await findClaude(o.path, o.env);
    if (!found) throw new ClaudeSetupError(`claude-path "${o.path}" is not an executable file`);
    return found;
  }
  const onPath = await findClaude(void 0, o.env);
  if (onPath) return onPath;
  if (!/^[0-9A-Za-z.+-]+$/.test(o.version))
    throw new ClaudeSetupError(`claude-version "${o.version}" is not a version number`);
  const prefix = import_node_path2.default.join(o.installDir, o.version);
  const bin = import_node_path2.default.join(prefix, "node_modules", ".bin", "claude");
  if (await isExecutable(bin)) return bin;
  o.log(`claude is not on PATH: installing @anthropic-ai/claude-code@${o.version} with npm`);
  const windows = process.platform === "win32";
  if (windows && /["%!^&|<>\r\n]/.test(prefix))
    throw new ClaudeSetupError(
      `cannot install Claude Code into "${prefix}" (characters cmd.exe would interpret); set claude-path`
    );
  const args = [
    "install",
    "--prefix",
    // With a shell (Windows, below) the arguments are joined as they are: quote the one that may hold spaces.
    windows ? `"${prefix}"` : prefix,
    "--no-save",
    "--no-audit",
    "--no-fund",
    `@anthropic-ai/claude-code@${o.version}`
  ];
  const { code, output } = await run(windows ? "npm.cmd" : "npm", args, npmEnv(o.env), windows);
  if (code !== 0 || !await isExecutable(bin))
    throw new ClaudeSetupError(
      `could not install Claude Code ${o.version} with npm (exit ${code}): ${output.trim().split("\n").slice(-5).join(" ")}. Install it in an earlier step (npm install -g @anthropic-ai/claude-code) or set claude-path.`
    );
  return bin;
}
async function isExecutable(p) {
  try {
    await (0, import_promises.access)(p, import_promises.constants.X_OK);
    return true;
  } catch {
    return false;
  }
}
function npmEnv(base) {
  return withoutRunnerSecrets(base, {
    names: ["ANTHROPIC_API_KEY", "ANTHROPIC_AUTH_TOKEN", "CLAUDE_CODE_OAUTH_TOKEN"],
    prefixes: ["ACTIONS_"]
  });
}
function run(cmd, args, env, shell) {
  return new Promise((resolve) => {
    let output = "";
    const child = (0, import_node_child_process.spawn)(cmd, args, { env, shell, stdio: ["ignore", "pipe", "pipe"] });
    const keep = (b) => output = (output + b.toString()).slice(-8192);
    child.stdout.on("data", keep);
    child.stderr.on("data", keep);
    child.on("error", (e) => resolve({ code: -1, output: e.message }));
    child.on("close", (code) => resolve({ code, output }));
  });
}
function lastLines(text, n, max = 600) {
  const lines = text.trim().split(/\r?\n/).slice(-n).join("\n");
  return lines.length > max ? `\u2026${lines.slice(-max)}` : lines;
}
function minutes(ms) {
  const m = ms / 6e4;
  return Number.isInteger(m) ? `${m} min` : `${m.toFixed(2).replace(/0+$/, "")} min`;
}
function apiStatus(r) {
  if (typeof r.apiErrorStatus === "number") return r.apiErrorStatus;
  const m = /API Error:?\s*(\d{3})\b/.exec(r.result ?? "");
  return m ? Number(m[1]) : null;
}
function classifyExit(x, ctx) {
  if (x.spawnError)
    return { ok: false, kind: "setup", reason: `could not start Claude Code: ${x.spawnError}` };
  if (x.aborted)
    return { ok: false, kind: "cancelled", reason: "the run was cancelled while the task was running" };
  if (x.timedOut)
    return {
      ok: false,
      kind: "timeout",
      reason: `timed out after ${minutes(ctx.timeoutMs)} (task-timeout-minutes / timeoutMinutes); Claude Code was stopped`
    };
  const r = x.result;
  if (r) {
    const failed = r.isError || r.subtype !== "success";
    const status = failed ? apiStatus(r) : null;
    const text = (r.result ?? "").trim();
    if (status === 401 || status === 403 || failed && /invalid api key|failed to authenticate|oauth token (has )?expired/i.test(text))
      return {
        ok: false,
        kind: "credentials",
        reason: `the Anthropic API refused the credentials${status ? ` (HTTP ${status})` : ""}: check ${ctx.credentialSource}. ${shortText(text)}`.trim()
      };
    if (failed && (r.terminalReason === "prompt_too_long" || (status === 400 || status === 413) && /prompt is too long/i.test(text)))
      return {
        ok: false,
        kind: "prompt-too-long",
        reason: `the Anthropic API refused the prompt as too long for the model's context${status ? ` (HTTP ${status})` : ""}: ${shortText(text)}. Shorten the task's description and details (and what its dependencies' results add), or split the task.`
      };
    if (status === 429 || failed && /usage limit|rate limit/i.test(text))
      return {
        ok: false,
        kind: "rate-limit",
        reason: `the Anthropic API rate or usage limit was reached${status ? ` (HTTP ${status})` : ""}; run again later. ${shortText(text)}`.trim()
      };
    if (failed && status === null && isConnectionFailure(text))
      return {
        ok: false,
        kind: "transient",
        reason: `no connection to ${ctx.apiHost ?? "the API"}: ${shortText(text)}`
      };
    if (status !== null && (status >= 500 || status === 529))
      return {
        ok: false,
        kind: "transient",
        reason: `the Anthropic API failed (HTTP ${status}): ${shortText(text)}`
      };
    if (r.subtype === "error_max_turns")
      return {
        ok: false,
        kind: "max-turns",
        reason: `stopped at the turn limit (${r.numTurns || ctx.maxTurns} turns; max-turns / maxTurns is ${ctx.maxTurns}) before finishing`
      };
    if (r.subtype === "error_max_budget_usd")
      return {
        ok: false,
        kind: "budget",
        reason: `stopped at the spending cap${ctx.maxBudgetUsd !== void 0 ? ` of $${ctx.maxBudgetUsd.toFixed(4)}` : ""} (spent $${r.totalCostUsd.toFixed(4)})`
      };
    if (r.subtype === "error_during_execution")
      return {
        ok: false,
        kind: "error",
        reason: `Claude Code hit an error during execution${text ? `: ${shortText(text)}` : ""}`
      };
    if (r.subtype !== "success")
      return {
        ok: false,
        kind: "error",
        reason: `Claude Code ended with "${r.subtype}"${text ? `: ${shortText(text)}` : ""}`
      };
    if (r.isError)
      return {
        ok: false,
        kind: "error",
        reason: `Claude Code reported an error: ${shortText(text) || "(no message)"}`
      };
    if (x.exitCode !== 0)
      return {
        ok: false,
        kind: "error",
        reason: `Claude Code exited with ${exitText(x)} after a successful result`
      };
    return { ok: true };
  }
  const stderr = lastLines(x.stderrTail, 5);
  const unknown = /error: unknown option '([^']+)'/.exec(x.stderrTail);
  if (unknown)
    return {
      ok: false,
      kind: "setup",
      reason: `this Claude Code does not know the option ${unknown[1]}: check \`claude-args\`, or use a newer CLI (the action passes options of the version \`claude-version\` names; point \`claude-path\` at one, or take the older \`claude\` off PATH so that version is installed)`
    };
  return {
    ok: false,
    kind: "error",
    reason: `Claude Code exited with ${exitText(x)} without a result${stderr ? `; its last output: ${stderr}` : ""}`
  };
}
function exitText(x) {
  return x.signal ? `signal ${x.signal}` : `code ${x.exitCode}`;
}
function shortText(text, max = 500) {
  const t = text.replace(/\s+/g, " ").trim();
  return t.length > max ? `${t.slice(0, max)}\u2026` : t;
}
function claudeRunner(settings) {
  const host = apiHost(settings.env);
  return {
    async run(request) {
      await (0, import_promises3.mkdir)(import_node_path5.default.dirname(request.transcriptPath), { recursive: true });
      const exit = await runClaude({
        claudePath: settings.path,
        args: buildClaudeArgs({
          model: request.model,
          maxTurns: request.maxTurns,
          maxBudgetUsd: request.maxBudgetUsd,
          permissionMode: request.readOnly?.permissionMode ?? settings.permissionMode,
          allowedTools: request.allowedTools,
          disallowedTools: [
            .../* @__PURE__ */ new Set([...request.readOnly?.disallowedTools ?? [], ...settings.disallowedTools])
          ],
          appendSystemPrompt: settings.appendSystemPrompt,
          extraArgs: settings.extraArgs,
          jsonSchema: request.jsonSchema
        }),
        prompt: request.prompt,
        cwd: request.cwd,
        // Without a writable root the contained CLI may write nothing of the machine but its private folders.
        sandbox: settings.contain ? { contain: settings.contain, writableRoot: request.readOnly ? void 0 : request.writableRoot } : void 0,
        env: settings.env,
        timeoutMs: request.timeoutMs,
        killGraceMs: settings.killGraceMs,
        transcriptPath: request.transcriptPath,
        redactTranscript: request.redactTranscript,
        onEvent: request.onEvent,
        signal: request.signal,
        heartbeatMs: request.heartbeatMs,
        onHeartbeat: (idle) => request.onHeartbeat(idle)
      });
      const outcome = classifyExit(exit, {
        maxTurns: request.maxTurns,
        timeoutMs: request.timeoutMs,
        maxBudgetUsd: request.maxBudgetUsd,
        credentialSource: settings.credentialSource,
        apiHost: host
      });
      return { outcome, result: exit.result, denied: exit.denied };
    }
  };
}
var SAFE_CONFIG_ARGS = [
  "-c",
  "core.hooksPath=/dev/null",
  "-c",
  "core.fsmonitor=false",
  "-c",
  "commit.gpgSign=false",
  "-c",
  "protocol.ext.allow=never"
];
var KEPT_ENV = /* @__PURE__ */ new Set([
  "PATH",
  "HOME",
  "USER",
  "LOGNAME",
  "USERNAME",
  "SHELL",
  "TMPDIR",
  "TMP",
  "TEMP",
  "LANG",
  "LANGUAGE",
  "TZ",
  "XDG_CONFIG_HOME",
  "PREFIX",
  // Network: proxies and certificates (self-hosted runners), ssh remotes.
  "HTTP_PROXY",
  "HTTPS_PROXY",
  "ALL_PROXY",
  "NO_PROXY",
  "CURL_CA_BUNDLE",
  "SSL_CERT_FILE",
  "SSL_CERT_DIR",
  "SSH_AUTH_SOCK",
  // Windows.
  "SYSTEMROOT",
  "SYSTEMDRIVE",
  "WINDIR",
  "COMSPEC",
  "PATHEXT",
  "USERPROFILE",
  "HOMEDRIVE",
  "HOMEPATH",
  "APPDATA",
  "LOCALAPPDATA",
  "PROGRAMDATA",
  "PROGRAMFILES",
  "PROGRAMFILES(X86)",
  "COMMONPROGRAMFILES",
  "OS",
  "PROCESSOR_ARCHITECTURE",
  "NUMBER_OF_PROCESSORS"
]);
var DROPPED_GIT_ENV = /* @__PURE__ */ new Set([
  "GIT_DIR",
  "GIT_WORK_TREE",
  "GIT_INDEX_FILE",
  "GIT_OBJECT_DIRECTORY",
  "GIT_ALTERNATE_OBJECT_DIRECTORIES",
  "GIT_COMMON_DIR",
  "GIT_NAMESPACE",
  "GIT_PREFIX"
]);
function gitEnv(base) {
  const env = {};
  for (const [k, v] of Object.entries(base)) {
    if (v === void 0) continue;
    const upper = k.toUpperCase();
    if (KEPT_ENV.has(upper) || upper.startsWith("LC_")) env[k] = v;
    else if (upper.startsWith("GIT_") && !DROPPED_GIT_ENV.has(upper)) env[k] = v;
  }
  return env;
}
var GitError = class extends Error {
  constructor(message, command, exitCode, stderr) {
    super(message);
    this.command = command;
    this.exitCode = exitCode;
    this.stderr = stderr;
    this.name = "GitError";
  }
  command;
  exitCode;
  stderr;
};
var MAX_OUTPUT = 64 * 1024 * 1024;
function removeOrphanedIndexes(realIndex) {
  const dir = (0, import_node_path7.dirname)(realIndex);
  const prefix = `${(0, import_node_path7.basename)(realIndex)}.taskmesh-`;
  let names;
  try {
    names = (0, import_node_fs2.readdirSync)(dir).filter((n) => n.startsWith(prefix));
  } catch {
    return;
  }
  for (const name of names) {
    const pid = Number(/^(\d+)-[0-9a-f]+$/.exec(name.slice(prefix.length))?.[1]);
    if (!pid || pid === process.pid || processAlive(pid)) continue;
    (0, import_node_fs2.rmSync)((0, import_node_path7.join)(dir, name), { force: true });
  }
}
function processAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return e.code === "EPERM";
  }
}
var Git = class {
  constructor(cwd, opts = {}) {
    this.cwd = cwd;
    this.opts = { ...opts };
    const secrets = [];
    const header = opts.extraHeader?.value;
    if (header) {
      secrets.push(header);
      const m = /basic\s+(\S+)/i.exec(header);
      if (m) {
        secrets.push(m[1]);
        const decoded = Buffer.from(m[1], "base64").toString("utf8");
        const token = decoded.slice(decoded.indexOf(":") + 1);
        if (token.length >= 4) secrets.push(token);
      }
    }
    this.secrets = secrets.sort((a, b) => b.length - a.length);
  }
  cwd;
  secrets;
  /** Absolute path of this repository's index, once asked for (see realIndex). */
  indexPath;
  opts;
  cachedEnv;
  redact(text) {
    let out = text;
    for (const s of this.secrets) out = out.split(s).join("***");
    return out;
  }
  /** Runs `git <args>` locally (no credentials). Private: every command line is written in this file. */
  exec(args, o = {}) {
    return this.run(this.identityArgs(), args, o);
  }
  /**
   * Runs a command that talks to the remote, with the auth header added for this command only. An empty
   * value first resets the header list, so a header that actions/checkout persisted in .git/config for the
   * same URL is not sent alongside ours (git would send both, and the server uses the stale one).
   */
  execNetwork(args, o = {}) {
    const h = this.opts.extraHeader;
    if (!h) return this.run(this.identityArgs(), args, o);
    const n = Number(o.env?.GIT_CONFIG_COUNT ?? this.baseEnv.GIT_CONFIG_COUNT ?? 0) || 0;
    const env = {
      ...o.env,
      GIT_CONFIG_COUNT: String(n + 2),
      [`GIT_CONFIG_KEY_${n}`]: `http.${h.url}.extraheader`,
      [`GIT_CONFIG_VALUE_${n}`]: "",
      [`GIT_CONFIG_KEY_${n + 1}`]: `http.${h.url}.extraheader`,
      [`GIT_CONFIG_VALUE_${n + 1}`]: h.value,
      // The header is in this environment: no askpass program or credential helper from a config file
      // (which Claude could have written) may run with it. An empty GIT_ASKPASS beats core.askPass.
      GIT_ASKPASS: ""
    };
    return this.run([...this.identityArgs(), "-c", "credential.helper="], args, { ...o, env });
  }
  identityArgs() {
    const id = this.opts.identity;
    return id ? ["-c", `user.name=${id.name}`, "-c", `user.email=${id.email}`] : [];
  }
  /** Every later command (of this object) first lets the guard check the repository's config. */
  useGuard(guard) {
    this.opts.guard = guard;
  }
  get guard() {
    return this.opts.guard;
  }
  /** The environment every command starts from; built once (reading all of process.env is slow). */
  get baseEnv() {
    const id = this.opts.identity;
    return this.cachedEnv ??= {
      ...gitEnv(process.env),
      GIT_TERMINAL_PROMPT: "0",
      GCM_INTERACTIVE: "never",
      // Stable English messages: push/rebase outcomes are recognised from them.
      LC_ALL: "C",
      // rebase --continue and friends must never wait for an editor.
      GIT_EDITOR: "true",
      GIT_SEQUENCE_EDITOR: "true",
      ...id ? { GIT_COMMITTER_NAME: id.name, GIT_COMMITTER_EMAIL: id.email } : {}
    };
  }
  async run(pre, args, o) {
    await this.opts.guard?.check();
    const env = o.env ? { ...this.baseEnv, ...o.env } : this.baseEnv;
    const fullArgs = [...SAFE_CONFIG_ARGS, ...pre, ...args];
    return new Promise((resolve, reject) => {
      const child = (0, import_node_child_process3.spawn)("git", fullArgs, { cwd: this.cwd, env, stdio: ["pipe", "pipe", "pipe"] });
      const out = [];
      const err = [];
      let size = 0;
      child.stdout.on("data", (b) => {
        size += b.length;
        if (size <= MAX_OUTPUT) out.push(b);
      });
      child.stderr.on("data", (b) => err.push(b));
      child.on("error", (e) => reject(new GitError(`git could not be started: ${e.message}`, "git", -1, "")));
      child.on("close", (code) => {
        const result = {
          exitCode: code ?? -1,
          stdout: Buffer.concat(out).toString("utf8"),
          stderr: this.redact(Buffer.concat(err).toString("utf8"))
        };
        if (result.exitCode !== 0 && !o.allowFailure) {
          const command = this.redact(["git", ...args].join(" "));
          const detail = result.stderr.trim() || result.stdout.trim();
          reject(
            new GitError(
              `\`${command}\` failed with exit code ${result.exitCode}${detail ? `: ${detail}` : ""}`,
              command,
              result.exitCode,
              result.stderr
            )
          );
        } else resolve(result);
      });
      child.stdin.on("error", () => {
      });
      child.stdin.end(o.input ?? "");
    });
  }
  // ---- reading --------------------------------------------------------------------------------------
  async revParse(rev) {
    return (await this.exec(["rev-parse", "--verify", "--end-of-options", `${rev}^{commit}`])).stdout.trim();
  }
  /** The sha, or null when the revision does not exist. */
  async tryRevParse(rev) {
    const r = await this.exec(["rev-parse", "--verify", "-q", "--end-of-options", `${rev}^{commit}`], {
      allowFailure: true
    });
    return r.exitCode === 0 ? r.stdout.trim() : null;
  }
  /** The checked-out branch name, or null on a detached HEAD. */
  async currentBranch() {
    const r = await this.exec(["symbolic-ref", "-q", "--short", "HEAD"], { allowFailure: true });
    return r.exitCode === 0 ? r.stdout.trim() : null;
  }
  async topLevel() {
    return (await this.exec(["rev-parse", "--show-toplevel"])).stdout.trim();
  }
  /**
   * The repository root and the path of cwd relative to it (`''` at the root, else ending in `/`): one git
   * process for both, as every run asks for both first.
   */
  async location() {
    const [top = "", prefix = ""] = (await this.exec(["rev-parse", "--show-toplevel", "--show-prefix"])).stdout.split("\n");
    return { top: top.trim(), prefix: prefix.trim() };
  }
  /** Absolute paths of the repository's common git folder (shared by worktrees) and this worktree's own. */
  async gitDirs() {
    const r = await this.exec(["rev-parse", "--git-common-dir", "--git-dir"]);
    const [common, own] = r.stdout.split("\n").map((l) => (0, import_node_path7.resolve)(this.cwd, l.trim()));
    return { common, own: own ?? common };
  }
  /** Absolute path of the repository's common git folder. */
  async commonDir() {
    return (0, import_node_path7.resolve)(this.cwd, (await this.exec(["rev-parse", "--git-common-dir"])).stdout.trim());
  }
  /** Whether the object store holds this commit (a shallow clone may not). */
  async hasCommit(rev) {
    return (await this.exec(["cat-file", "-e", `${rev}^{commit}`], { allowFailure: true })).exitCode === 0;
  }
  /** `<short sha> <subject>` of every commit in `from..to`, newest first. */
  async commitSubjects(from, to) {
    const r = await this.exec(["log", "--format=%h %s", `${from}..${to}`]);
    return r.stdout.split("\n").filter(Boolean);
  }
  /** The full message of a commit. */
  async commitMessage(rev) {
    return (await this.exec(["log", "-1", "--format=%B", rev])).stdout;
  }
  /** The `Task-Status` trailer values of the commits in `range`, one line per commit. */
  async taskStatusTrailers(range) {
    const r = await this.exec(["log", "--format=%(trailers:key=Task-Status,valueonly)", range]);
    return r.stdout.split("\n");
  }
  /**
   * The `Task-Id` trailer values of the commits in `range` that touched these paths (literal pathspecs on
   * the command line: callers pass few paths); none when git fails.
   */
  async taskIdsTouching(range, paths) {
    const r = await this.exec(
      ["log", "--format=%(trailers:key=Task-Id,valueonly,separator=%x2C)", range, "--", ...paths],
      { allowFailure: true, env: { GIT_LITERAL_PATHSPECS: "1" } }
    );
    return r.stdout.split(/[\n,]/).map((s) => s.trim()).filter(Boolean);
  }
  /** True when the index holds nothing HEAD does not (`diff --cached --quiet` exits 0). */
  async nothingStaged() {
    return (await this.exec(["diff", "--cached", "--quiet"], { allowFailure: true })).exitCode === 0;
  }
  /** Whether git accepts `name` as a branch name. */
  async isValidBranchName(name) {
    return (await this.exec(["check-ref-format", "--branch", name], { allowFailure: true })).exitCode === 0;
  }
  /** A patch from one tree (or commit) to another that `git apply` takes as is: binary, no renames. */
  async binaryDiff(from, to) {
    const r = await this.exec([
      "diff",
      "--binary",
      "--no-renames",
      "--no-ext-diff",
      "--no-textconv",
      from,
      to
    ]);
    return r.stdout;
  }
  /** Every `http.<url>.extraheader` entry of the config files git reads here, with the file it is in. */
  async extraHeaderEntries() {
    const r = await this.exec(
      ["config", "--show-origin", "-z", "--get-regexp", "^http\\..*\\.extraheader$"],
      {
        allowFailure: true
      }
    );
    return r.exitCode === 0 ? this.parseConfigZ(r.stdout) : [];
  }
  /** Every entry of the repository's own config and the files it includes, with the file it is in. */
  async localConfigEntries() {
    const r = await this.exec(["config", "--local", "--includes", "--list", "--show-origin", "-z"], {
      allowFailure: true
    });
    return this.parseConfigZ(r.stdout);
  }
  /** `git config --show-origin -z` output: `<origin>\0<key>\n<value>\0` per entry. */
  parseConfigZ(out) {
    const entries = [];
    const parts = out.split("\0");
    for (let i = 0; i + 1 < parts.length; i += 2) {
      const origin = parts[i];
      const nl = parts[i + 1].indexOf("\n");
      entries.push({
        file: origin.startsWith("file:") ? (0, import_node_path7.resolve)(this.cwd, origin.slice(5)) : null,
        key: nl < 0 ? parts[i + 1] : parts[i + 1].slice(0, nl),
        value: nl < 0 ? "" : parts[i + 1].slice(nl + 1)
      });
    }
    return entries;
  }
  async isShallow() {
    return (await this.exec(["rev-parse", "--is-shallow-repository"])).stdout.trim() === "true";
  }
  async isAncestor(ancestor, descendant) {
    const r = await this.exec(["merge-base", "--is-ancestor", ancestor, descendant], { allowFailure: true });
    if (r.exitCode > 1)
      throw new GitError(`git merge-base failed: ${r.stderr.trim()}`, "git merge-base", r.exitCode, r.stderr);
    return r.exitCode === 0;
  }
  async mergeBase(a, b) {
    const r = await this.exec(["merge-base", a, b], { allowFailure: true });
    return r.exitCode === 0 ? r.stdout.trim() : null;
  }
  /** Every entry of `git status`, untracked files listed one by one, renames with their old path. */
  async status() {
    const r = await this.exec([
      "status",
      "--porcelain=v1",
      "-z",
      "--untracked-files=all",
      "--ignore-submodules=none"
    ]);
    return parseStatusZ(r.stdout);
  }
  /** Which of `paths` (relative to cwd) git tracks; null when cwd is not in a repository. */
  async trackedAmong(paths) {
    const r = await this.exec(["ls-files", "-z", "--", ...paths], { allowFailure: true });
    return r.exitCode === 0 ? new Set(splitZ(r.stdout)) : null;
  }
  /**
   * Every path added, modified, deleted or renamed (both names) between `sha` and the working tree:
   * commits made meanwhile, staged and unstaged changes, and untracked (not ignored) files.
   */
  async changedFilesSince(sha) {
    const [diff, untracked] = await Promise.all([
      this.exec(["diff", "--name-only", "--no-renames", "-z", sha, "--"]),
      this.exec(["ls-files", "--others", "--exclude-standard", "-z"])
    ]);
    const set = /* @__PURE__ */ new Set([...splitZ(diff.stdout), ...splitZ(untracked.stdout)]);
    return [...set].sort();
  }
  /**
   * A tree object of the whole working tree as it is now (tracked changes and untracked, not ignored files),
   * built in a throwaway copy of the index (see {@link withIndexCopy}): the real one is untouched.
   */
  async worktreeTree() {
    return this.withIndexCopy(async (env) => {
      await this.exec(["add", "-A", "--", "."], { env });
      return (await this.exec(["write-tree"], { env })).stdout.trim();
    });
  }
  /**
   * Every path added, modified or deleted in the working tree since the tree `since` (a rename counts as a
   * deletion and an addition; untracked, not ignored files included), and with `tree: true` also a tree of
   * the working tree now, for the next comparison. One `git add -A` into a copy of the index, then the diff
   * and the tree are read from it at the same time: two git runs to wait for, not three.
   */
  async worktreeChanges(since, o = {}) {
    return this.withIndexCopy(async (env) => {
      await this.exec(["add", "-A", "--", "."], { env });
      const [diff, tree] = await Promise.all([
        this.exec(["diff-index", "--cached", "--no-renames", "--name-only", "-z", since], { env }),
        o.tree ? this.exec(["write-tree"], { env }) : void 0
      ]);
      return { changed: splitZ(diff.stdout).sort(), tree: tree?.stdout.trim() };
    });
  }
  /**
   * Runs `fn` with GIT_INDEX_FILE set to a fresh copy of the real index, removed afterwards. A fresh copy
   * every time, not one kept up to date across calls: what was done to the real index meanwhile (a file
   * added with `add -f` despite .gitignore, a nested repository or sparse-checkout flag changed) must count.
   * Unchanged files are not hashed again (their stat matches). The copy keeps the original's modification
   * time: git trusts an entry's recorded stat only when the file is older than the index, and a fresh
   * timestamp would make it trust entries it must still check ("racy git").
   */
  async withIndexCopy(fn) {
    const real = await this.realIndex();
    const copy = await this.tempIndexPath();
    try {
      const st = (0, import_node_fs2.statSync)(real, { throwIfNoEntry: false });
      if (st) {
        (0, import_node_fs2.copyFileSync)(real, copy);
        (0, import_node_fs2.utimesSync)(copy, st.atime, st.mtime);
      }
      return await fn({ GIT_INDEX_FILE: copy });
    } finally {
      (0, import_node_fs2.rmSync)(copy, { force: true });
    }
  }
  /** Absolute path of this repository's index. Where it lives does not change: git is asked once. */
  async realIndex() {
    if (this.indexPath) return this.indexPath;
    const real = (0, import_node_path7.resolve)(this.cwd, (await this.exec(["rev-parse", "--git-path", "index"])).stdout.trim());
    removeOrphanedIndexes(real);
    return this.indexPath = real;
  }
  /** A new, unused name for a temporary index next to the real one (in this worktree's git folder). */
  async tempIndexPath() {
    return `${await this.realIndex()}.taskmesh-${process.pid}-${(0, import_node_crypto2.randomBytes)(6).toString("hex")}`;
  }
  /** HEAD's sha and the branch it is on (null when detached), in one git run. */
  async headState() {
    const r = await this.exec(["rev-parse", "HEAD", "--symbolic-full-name", "HEAD"], { allowFailure: true });
    if (r.exitCode !== 0) return { sha: await this.revParse("HEAD"), branch: null };
    const [sha = "", ref = ""] = r.stdout.trim().split("\n");
    return { sha, branch: ref.startsWith("refs/heads/") ? ref.slice("refs/heads/".length) : null };
  }
  /**
   * A tree of `base` with `paths` taken from the working tree as they are now (changed, added or deleted),
   * built in a temporary index. Paths go through stdin as literal pathspecs: no argv length limit, and a
   * name like `[id].tsx` or `:(glob)x` means that file only.
   */
  async treeWithPaths(base, paths) {
    const tmp = await this.tempIndexPath();
    try {
      const env = { GIT_INDEX_FILE: tmp };
      await this.exec(["read-tree", base], { env });
      await this.addPaths(paths, env);
      return (await this.exec(["write-tree"], { env })).stdout.trim();
    } finally {
      (0, import_node_fs2.rmSync)(tmp, { force: true });
    }
  }
  /** File content at a revision (`HEAD`, a sha, or `:1` style index stages), or null when absent. */
  async show(rev, path11) {
    const r = await this.exec(["show", `${rev}:${path11}`], { allowFailure: true });
    return r.exitCode === 0 ? r.stdout : null;
  }
  async treeOf(rev) {
    return (await this.exec(["rev-parse", "--verify", `${rev}^{tree}`])).stdout.trim();
  }
  /** Paths present in a commit's tree. */
  async listTree(rev) {
    const r = await this.exec(["ls-tree", "-r", "-z", "--name-only", "--full-tree", rev]);
    return new Set(splitZ(r.stdout));
  }
  /**
   * The newest `max` commits of `rev` that carry a `Task-Id` trailer (Taskmesh's task commits), newest
   * first, with the task ids and the files each changed. A shallow clone gives what it holds.
   */
  async taskCommits(rev, max = 2e3) {
    const r = await this.exec([
      "log",
      "-z",
      "--name-only",
      "--no-renames",
      `--max-count=${max}`,
      "--format=%x1e%H%x1f%(trailers:key=Task-Id,valueonly,separator=%x2c)%x1f",
      rev,
      "--"
    ]);
    const out = [];
    for (const record of r.stdout.split("")) {
      const [sha, ids, rest = ""] = record.split("");
      const taskIds = (ids ?? "").split(",").map((s) => s.trim()).filter(Boolean);
      if (!sha || taskIds.length === 0) continue;
      const files = rest.split("\0").map((f) => f.replace(/^\n/, "")).filter(Boolean);
      out.push({ sha: sha.trim(), taskIds, files });
    }
    return out;
  }
  /** Paths with unresolved merge conflicts. */
  async conflictedFiles() {
    const r = await this.exec(["diff", "--name-only", "--diff-filter=U", "-z"]);
    return [...new Set(splitZ(r.stdout))];
  }
  // ---- writing --------------------------------------------------------------------------------------
  /**
   * Stages paths (additions, changes and deletions) without touching any other entry. Paths go through
   * stdin, so a long list or a name that looks like an option or a glob is safe.
   */
  async addPaths(paths, env) {
    if (paths.length === 0) return;
    const literal = literalPaths(paths);
    await this.exec(["add", "-A", ...PATHS_FROM_STDIN], { ...literal, env: { ...literal.env, ...env } });
  }
  /**
   * Fetches a branch of the remote into its remote-tracking ref (forced: the remote may have been rewritten),
   * optionally deepening a shallow clone. Returns the remote-tracking ref.
   */
  async fetchBranch(remote, branch, history = {}) {
    const tracking = remoteTrackingRef(remote, branch);
    const extra = history.unshallow ? ["--unshallow"] : history.deepen ? [`--deepen=${history.deepen}`] : [];
    await this.execNetwork([
      "fetch",
      "--no-tags",
      "--no-write-fetch-head",
      ...extra,
      remote,
      `+refs/heads/${branch}:${tracking}`
    ]);
    return tracking;
  }
  /** Fetches `depth` more commits of history (of `refs`, or the default ones); false when git fails. */
  async tryDeepen(remote, depth, refs = []) {
    const r = await this.execNetwork(["fetch", "-q", "--no-tags", `--deepen=${depth}`, remote, ...refs], {
      allowFailure: true
    });
    return r.exitCode === 0;
  }
  /**
   * A commit of `tree` with the message as given, scrubbed of the run's secrets (the only way this code base
   * makes commits, so no commit message leaves unchecked). Returns the new commit's sha.
   */
  async commitTree(tree, parents, message) {
    const text = this.opts.outbound ? this.opts.outbound.scrub(message, "a commit message") : message;
    const args = ["commit-tree", tree, ...parents.flatMap((p) => ["-p", p]), "-F", "-"];
    return (await this.exec(args, { input: text })).stdout.trim();
  }
  /** Pushes `sha` to the remote's `branch`; resolves with the result (never throws on a rejection). */
  pushCommit(remote, sha, branch) {
    return this.push(remote, [`${sha}:refs/heads/${branch}`]);
  }
  /**
   * Pushes `sha` as a new branch of the remote: an empty lease fails when the branch exists, even when the
   * push would fast-forward it. Resolves with the result (never throws on a rejection).
   */
  pushNewBranch(remote, sha, branch) {
    return this.push(remote, [`${sha}:refs/heads/${branch}`], [`--force-with-lease=refs/heads/${branch}:`]);
  }
  /** Pushes; resolves with the result (never throws on a rejection) so callers can tell why. */
  async push(remote, refspecs, extra = []) {
    if (this.opts.outbound && refspecs.some((r) => this.opts.outbound.holdsSecret(r, "a branch name")))
      throw new GitError(
        "refusing to push: a branch name holds a secret of this run (an API key or token)",
        "git push",
        -1,
        ""
      );
    return this.execNetwork(["push", "--porcelain", "--no-verify", ...extra, remote, ...refspecs], {
      allowFailure: true
    });
  }
  /** The sha of a branch on the remote, or null when it does not exist there. */
  async remoteBranchSha(remote, branch) {
    const r = await this.execNetwork(["ls-remote", "--heads", remote, `refs/heads/${branch}`]);
    for (const line of r.stdout.split("\n")) {
      const [sha, ref] = line.split("	");
      if (ref === `refs/heads/${branch}`) return sha;
    }
    return null;
  }
  /**
   * Rebases the checked-out branch onto `upstream`, pre-existing changes stashed and put back; resolves with
   * the result (a conflict leaves the rebase in progress, see {@link rebaseStep}).
   */
  rebaseOnto(upstream) {
    return this.exec(["rebase", "--autostash", "--no-verify", upstream], { allowFailure: true });
  }
  /** Goes on with a stopped rebase: `continue` with what is staged, or `skip` the commit being replayed. */
  rebaseStep(step) {
    return this.exec(["rebase", `--${step}`], { allowFailure: true });
  }
  async rebaseAbort() {
    await this.exec(["rebase", "--abort"], { allowFailure: true });
  }
  async rebaseInProgress() {
    const dirs = await this.exec(["rev-parse", "--git-path", "rebase-merge", "--git-path", "rebase-apply"]);
    return dirs.stdout.split("\n").filter(Boolean).some((d) => (0, import_node_fs2.existsSync)((0, import_node_path7.resolve)(this.cwd, d)));
  }
  async checkoutBranch(branch) {
    await this.exec(["checkout", "-q", branch, "--"]);
  }
  async checkoutDetached(commit) {
    await this.exec(["checkout", "-q", "--detach", commit, "--"]);
  }
  /** Creates `branch` at `startPoint` (no upstream set) and checks it out. */
  async checkoutNewBranch(branch, startPoint) {
    await this.exec(["checkout", "-q", "--no-track", "-b", branch, startPoint, "--"]);
  }
  /** Deletes a local branch, merged or not; a failure (it is checked out, it is gone) is ignored. */
  async deleteBranch(branch) {
    await this.deleteBranches([branch]);
  }
  /** Deletes local branches, a hundred per command; failures are ignored as in {@link deleteBranch}. */
  async deleteBranches(branches) {
    for (let i = 0; i < branches.length; i += 100)
      await this.exec(["branch", "-q", "-D", "--", ...branches.slice(i, i + 100)], { allowFailure: true });
  }
  async mergeFastForward(rev) {
    await this.exec(["merge", "-q", "--ff-only", rev]);
  }
  /** Points HEAD at `branch` without touching the index or the working tree. */
  async setHeadBranch(branch) {
    await this.exec(["symbolic-ref", "HEAD", `refs/heads/${branch}`]);
  }
  /** Moves `ref` to `sha` only if it is at `expected` now (compare-and-swap). */
  async updateRef(ref, sha, expected, reason) {
    await this.exec(["update-ref", "-m", reason, ref, sha, expected]);
  }
  /** Moves the checked-out branch to `commit`; index and working tree are kept. */
  async resetSoft(commit) {
    await this.exec(["reset", "-q", "--soft", commit]);
  }
  /** Moves the checked-out branch, the index and the working tree to `commit`. */
  async resetHard(commit) {
    await this.exec(["reset", "-q", "--hard", commit]);
  }
  /** Removes untracked files and folders (not ignored ones). */
  async removeUntracked() {
    await this.exec(["clean", "-q", "-fd"]);
  }
  /** The index entries of `paths` back to HEAD's (files untouched). Paths go through stdin, literally. */
  async resetPaths(paths) {
    await this.exec(["reset", "-q", ...PATHS_FROM_STDIN], literalPaths(paths));
  }
  /** The working-tree files of `paths` back to their content in `source` (index untouched). */
  async restorePaths(source, paths) {
    await this.exec(["restore", `--source=${source}`, "--worktree", ...PATHS_FROM_STDIN], literalPaths(paths));
  }
  /** Drops `paths` from the index (files untouched); paths not in it are ignored. */
  async removeFromIndex(paths) {
    await this.exec(
      ["rm", "-q", "-r", "--cached", "--ignore-unmatch", ...PATHS_FROM_STDIN],
      literalPaths(paths)
    );
  }
  /** Applies a patch (from {@link binaryDiff}) to the working tree; resolves with the result. */
  applyPatch(patch) {
    return this.exec(["apply", "--whitespace=nowarn", "-"], { input: patch, allowFailure: true });
  }
  /** Removes every `key` from one config file; a failure (none there) is ignored. */
  async configUnsetAll(file, key) {
    await this.exec(["config", "--file", file, "--unset-all", key], { allowFailure: true });
  }
  /** Adds a `key = value` line to one config file; a failure is ignored. */
  async configAdd(file, key, value) {
    await this.exec(["config", "--file", file, "--add", key, value], { allowFailure: true });
  }
  async worktreeAdd(path11, o) {
    await this.exec(["worktree", "add", "--quiet", "-b", o.branch, "--", path11, o.startPoint]);
  }
  /** Forgets worktrees whose folders are gone; a failure is ignored. */
  async worktreePrune() {
    await this.exec(["worktree", "prune"], { allowFailure: true });
  }
};
function remoteTrackingRef(remote, branch) {
  return `refs/remotes/${remote}/${branch}`;
}
var PATHS_FROM_STDIN = ["--pathspec-from-file=-", "--pathspec-file-nul"];
function literalPaths(paths) {
  return { input: paths.join("\0"), env: { GIT_LITERAL_PATHSPECS: "1" } };
}
function splitZ(s) {
  return s.split("\0").filter((x) => x.length > 0);
}
function parseStatusZ(out) {
  const parts = out.split("\0");
  const entries = [];
  for (let i = 0; i < parts.length; i++) {
    const p = parts[i];
    if (p.length < 4) continue;
    const index = p[0];
    const workTree = p[1];
    const entry = { index, workTree, path: p.slice(3) };
    if (index === "R" || index === "C" || workTree === "R" || workTree === "C") entry.origPath = parts[++i];
    entries.push(entry);
  }
  return entries;
}
var RepoGuard = class _RepoGuard {
  constructor(git, hooksDir, warn) {
    this.git = git;
    this.hooksDir = hooksDir;
    this.warn = warn;
  }
  git;
  hooksDir;
  warn;
  snap = { files: /* @__PURE__ */ new Map(), hooks: /* @__PURE__ */ new Map() };
  /**
   * lstat of everything recorded (inode, size, ctime, mtime), taken right after recording or restoring.
   * Every write changes ctime, which a process cannot set back, so an equal fingerprint means nothing
   * changed and the contents need not be read: the check runs before every git command of the action.
   */
  fingerprint = "";
  /** Every config file ever recorded: once guarded, always guarded (an emptied include stays watched). */
  configFiles = /* @__PURE__ */ new Set();
  /**
   * Worktrees' `.git` files, while their worktree is in use: each names the folder git uses for that tree,
   * so a rewritten one would point the action's commands there at a repository of Claude's making.
   */
  pointers = /* @__PURE__ */ new Set();
  suspended = 0;
  running;
  /** Records the repository's config and hooks now, and makes `git` check them before every command. */
  static async attach(git, warn) {
    git.useGuard(void 0);
    const { common, own } = await git.gitDirs();
    const guard = new _RepoGuard(git, import_node_path8.default.join(common, "hooks"), warn);
    guard.configFiles.add(import_node_path8.default.join(common, "config"));
    guard.configFiles.add(import_node_path8.default.join(own, "config.worktree"));
    await guard.record();
    git.useGuard(guard);
    return guard;
  }
  /** Runs Taskmesh's own change of the config, unchecked, then records the result as the new normal. */
  async edit(fn) {
    await this.running;
    this.suspended++;
    try {
      return await fn();
    } finally {
      try {
        await this.record();
      } finally {
        this.suspended--;
      }
    }
  }
  /** Records `file` (a worktree's `.git`) as it is now, and puts it back before any command when it changed. */
  async watch(file) {
    await this.running;
    this.pointers.add(file);
    this.snap.files.set(file, await readState(file));
    this.fingerprint = this.takeFingerprint();
  }
  /** Stops watching `file` (its worktree is being deleted). */
  unwatch(file) {
    this.pointers.delete(file);
    this.snap.files.delete(file);
    this.fingerprint = this.takeFingerprint();
  }
  /** Puts back what changed since the record (config files and hooks); warns when it did. */
  check() {
    if (this.suspended > 0) return Promise.resolve();
    this.running ??= this.compareAndRestore().finally(() => this.running = void 0);
    return this.running;
  }
  async compareAndRestore() {
    if (this.takeFingerprint() === this.fingerprint) return;
    const changedConfig = [];
    const changedPointers = [];
    for (const [file, want] of [...this.snap.files]) {
      if (same(await readState(file), want)) continue;
      if (!this.pointers.has(file)) {
        await putBack(file, want);
        changedConfig.push(file);
        continue;
      }
      await putBack(file, want).catch((err) => {
        if (this.pointers.has(file)) throw err;
      });
      changedPointers.push(file);
    }
    const changedHooks = await this.restoreHooks();
    this.fingerprint = this.takeFingerprint();
    if (changedConfig.length > 0)
      this.warn(
        `The git config was changed during the task (${changedConfig.map((f) => this.show(f)).join(", ")}); it was restored to its state at the start of the run, so nothing Claude configured runs with the action's git commands. Change the config in a workflow step before Taskmesh if it is needed.`
      );
    if (changedPointers.length > 0)
      this.warn(
        `A worktree's .git file was changed during the task (${changedPointers.join(", ")}); it was restored, so the action's git commands there keep using the run's repository and its config.`
      );
    if (changedHooks.length > 0)
      this.warn(
        `Git hooks were added or changed during the task (${changedHooks.join(", ")}); they were restored to their state at the start of the run (the action never runs hooks).`
      );
  }
  /**
   * Synchronous on purpose: a handful of lstat calls take microseconds, while going through the thread pool
   * one by one cost about a millisecond before every git command.
   */
  takeFingerprint() {
    const parts = [];
    const add = (p) => {
      let st;
      try {
        st = (0, import_node_fs3.lstatSync)(p, { bigint: true });
      } catch {
        st = null;
      }
      parts.push(st ? `${st.ino}:${st.size}:${st.ctimeNs}:${st.mtimeNs}` : "-");
    };
    for (const file of this.snap.files.keys()) add(file);
    add(this.hooksDir);
    for (const name of this.snap.hooks.keys()) add(import_node_path8.default.join(this.hooksDir, name));
    return parts.join("|");
  }
  async restoreHooks() {
    const changed2 = [];
    const info = await (0, import_promises4.lstat)(this.hooksDir).catch(() => null);
    if (info && !info.isDirectory()) {
      await (0, import_promises4.rm)(this.hooksDir, { recursive: true, force: true });
      changed2.push("hooks");
    }
    const names = info?.isDirectory() ? await (0, import_promises4.readdir)(this.hooksDir).catch(() => []) : [];
    for (const name of names)
      if (!this.snap.hooks.has(name)) {
        await (0, import_promises4.rm)(import_node_path8.default.join(this.hooksDir, name), { recursive: true, force: true });
        changed2.push(name);
      }
    for (const [name, want] of this.snap.hooks) {
      const file = import_node_path8.default.join(this.hooksDir, name);
      if (same(await readState(file), want)) continue;
      await (0, import_promises4.mkdir)(this.hooksDir, { recursive: true });
      await putBack(file, want);
      changed2.push(name);
    }
    return changed2;
  }
  async record() {
    for (const { file, key, value } of await this.git.localConfigEntries()) {
      if (file === null) continue;
      this.configFiles.add(file);
      if (/^include(if\..*)?\.path$/i.test(key) && value) {
        const target = value.startsWith("~/") ? import_node_path8.default.join(import_node_os2.default.homedir(), value.slice(2)) : value;
        this.configFiles.add(import_node_path8.default.resolve(import_node_path8.default.dirname(file), target));
      }
    }
    const files = /* @__PURE__ */ new Map();
    for (const f of this.configFiles) files.set(f, await readState(f));
    for (const f of this.pointers) {
      const recorded = this.snap.files.get(f);
      if (recorded) files.set(f, recorded);
    }
    const hooks = /* @__PURE__ */ new Map();
    const names = await (0, import_promises4.readdir)(this.hooksDir).catch(() => []);
    for (const name of names) {
      const s = await readState(import_node_path8.default.join(this.hooksDir, name));
      if (s.data !== null) hooks.set(name, s);
    }
    this.snap = { files, hooks };
    this.fingerprint = this.takeFingerprint();
  }
  show(file) {
    const rel = import_node_path8.default.relative(this.git.cwd, file);
    return rel && !rel.startsWith("..") ? rel : file;
  }
};
async function readState(file) {
  const info = await (0, import_promises4.stat)(file).catch(() => null);
  if (!info || !info.isFile()) return { data: null, mode: info ? -1 : 0 };
  const data = await (0, import_promises4.readFile)(file).catch(() => null);
  return { data, mode: info.mode & 511 };
}
function same(a, b) {
  if (a.data === null || b.data === null) return a.data === b.data && a.mode === b.mode;
  return a.mode === b.mode && a.data.equals(b.data);
}
async function putBack(file, want) {
  const info = await (0, import_promises4.lstat)(file).catch(() => null);
  if (info && (info.isDirectory() || want.data === null)) await (0, import_promises4.rm)(file, { recursive: true, force: true });
  if (want.data === null) return;
  await (0, import_chunk_JD7SAOXD.writeFileAtomic)(file, want.data, { mode: want.mode });
}
function head(ctx) {
  return ctx.git.revParse("HEAD");
}
var PersistError = class extends Error {
  constructor(message, kind, details = {}) {
    super(message);
    this.kind = kind;
    this.details = details;
    this.name = "PersistError";
  }
  kind;
  details;
};
function isAuthFailure(text) {
  return /Authentication failed|could not read Username|terminal prompts disabled|Permission to \S+ denied|The requested URL returned error: 40[13]|HTTP 40[13]|403 Forbidden|401 Unauthorized/i.test(
    text
  );
}
function authError(branch, detail) {
  return new PersistError(
    `Git could not authenticate to push ${branch}: ${detail}
Give the workflow \`permissions: contents: write\` (or pass a token with write access as github-token).`,
    "auth"
  );
}
async function chooseWorkBranch(git, o, log) {
  const startBranch = await git.currentBranch();
  if (o.branch && o.branch !== startBranch) {
    const onRemote = o.commit ? await checkoutWorkBranch(git, o, o.branch, log) : true;
    return { startBranch, workBranch: o.branch, onRemote };
  }
  if (startBranch !== null) return { startBranch, workBranch: startBranch, onRemote: true };
  if (o.commit)
    throw new PersistError(
      "HEAD is detached (a tag or a pull request merge ref is checked out), so there is no branch to commit to. Set the `branch` input to the branch Taskmesh should commit and push to.",
      "detached"
    );
  return { startBranch, workBranch: "HEAD", onRemote: true };
}
async function checkoutWorkBranch(git, o, branch, log) {
  if (!await git.isValidBranchName(branch))
    throw new PersistError(
      `"${branch}" is not a valid git branch name: set the \`branch\` input to one without spaces, \`..\`, \`~ ^ : ? * [ \\\` or a trailing \`/\` or \`.lock\` (for example \`taskmesh/my-project\`).`,
      "branch"
    );
  const local = await git.tryRevParse(`refs/heads/${branch}`);
  let remote = null;
  if (o.push) {
    try {
      remote = await git.remoteBranchSha(o.remote, branch);
    } catch (e) {
      if (e instanceof GitError && isAuthFailure(e.message)) throw authError(branch, e.message);
      throw e;
    }
  }
  const remoteRef = remoteTrackingRef(o.remote, branch);
  if (remote !== null) await git.fetchBranch(o.remote, branch);
  if (local !== null) {
    await git.checkoutBranch(branch);
    if (remote !== null && local !== remote && await git.isAncestor(local, remote))
      await git.mergeFastForward(remoteRef);
    log("info", `Using the existing branch ${branch}.`);
  } else if (remote !== null) {
    await git.checkoutNewBranch(branch, remoteRef);
    log("info", `Continuing on ${branch} from ${o.remote}.`);
  } else {
    await git.checkoutNewBranch(branch, "HEAD");
    log("info", `Created branch ${branch} from the current commit.`);
  }
  return remote !== null;
}
async function reattach(ctx, current) {
  if (!ctx.options.commit) return false;
  const cur = current === void 0 ? await ctx.git.currentBranch() : current;
  if (cur === ctx.workBranch) return false;
  ctx.log(
    "warning",
    `HEAD was moved to ${cur ?? "a detached commit"} during the task; back on ${ctx.workBranch}.`
  );
  await ctx.git.setHeadBranch(ctx.workBranch);
  return true;
}
async function dropUnusedBranch(ctx, run2) {
  const { startBranch, onRemote } = run2.choice;
  if (!ctx.options.commit || onRemote || ctx.workBranch === startBranch) return;
  if (run2.pushed || await head(ctx) !== run2.baseSha) return;
  if (await ctx.git.currentBranch() !== ctx.workBranch) return;
  if (startBranch) await ctx.git.checkoutBranch(startBranch);
  else await ctx.git.checkoutDetached(run2.baseSha);
  await ctx.git.deleteBranch(ctx.workBranch);
  ctx.log(
    "info",
    `Nothing was committed: back on ${startBranch ?? "the detached HEAD"}, ${ctx.workBranch} removed.`
  );
}
var MAX_LISTED = 30;
async function preexistingChanges(git, taskFile, o, log) {
  const dirty = /* @__PURE__ */ new Set();
  for (const e of await git.status()) {
    dirty.add(e.path);
    if (e.origPath) dirty.add(e.origPath);
  }
  dirty.delete(taskFile);
  if (dirty.size > 0 && !o.allowDirty) {
    const files = [...dirty].sort();
    throw new PersistError(
      `The working tree has uncommitted changes, which would be mixed into the tasks' commits:
${listFiles(files)}
Commit or remove them first, or set allow-dirty: true to leave them out of every commit.`,
      "dirty",
      { files }
    );
  }
  if (dirty.size > 0)
    log("info", `Leaving ${dirty.size} pre-existing uncommitted path(s) out of all commits.`);
  return dirty;
}
var ChangeTracker = class {
  constructor(ctx, dirtyPaths) {
    this.ctx = ctx;
    this.dirtyPaths = dirtyPaths;
  }
  ctx;
  dirtyPaths;
  /**
   * With commits off: the working-tree snapshot taken when the last task's outputs were read. Between that
   * and the next task's start only task.json changes (which outputs ignore), so it serves as the next start
   * and saves three git processes per task. Dropped whenever files are restored.
   */
  lastTree;
  /**
   * With commits on: what the last changedFiles() found changed since the tip (task.json and pre-existing
   * changes included), so that committing the task need not ask git again. Dropped by restore().
   */
  changedSinceTip;
  /**
   * Marks the working tree when a task starts; give the token back to changedFiles / restore. With commits
   * on, the tree is clean at this point (apart from task.json and pre-existing changes), so HEAD is enough;
   * with commits off, earlier tasks' changes are still uncommitted, so the token is `:<tree>`, a tree of the
   * working tree, and a task's outputs are only what it changed itself. HEAD plays no part then: a commit
   * Claude makes leaves the working tree, which is what is compared, as it was.
   */
  async snapshot() {
    if (this.ctx.options.commit) return head(this.ctx);
    return `:${this.lastTree ?? await this.ctx.git.worktreeTree()}`;
  }
  /**
   * What a task changed since `since` (a commit sha or a snapshot token): taken from git, not from Claude,
   * including commits made meanwhile and untracked files; never task.json or pre-existing changes.
   */
  async changedFiles(since) {
    const { tree } = parseSnapshot(since);
    let all;
    if (since.includes(":")) {
      const now = await this.ctx.git.worktreeChanges(tree, { tree: true });
      this.lastTree = now.tree;
      all = now.changed;
    } else {
      all = await this.ctx.git.changedFilesSince(tree);
      this.changedSinceTip = { tip: tree, paths: new Set(all) };
    }
    return all.filter((p) => p !== this.ctx.taskFile && !this.dirtyPaths.has(p));
  }
  /**
   * Told what changed since `tip` by whoever changed it (a worktree's patch brought in: `paths`, and
   * task.json, which the engine writes), in place of a changedFiles() call; taken by the commit.
   */
  noteChanged(tip, paths) {
    this.changedSinceTip = { tip, paths: /* @__PURE__ */ new Set([...paths, this.ctx.taskFile]) };
  }
  /**
   * What the last changedFiles() found changed since `tip`, task.json and pre-existing changes included,
   * when that is what it was asked about; forgotten either way (it is only good right after being read).
   */
  takeChangedSince(tip) {
    const known = this.changedSinceTip?.tip === tip ? this.changedSinceTip.paths : void 0;
    this.changedSinceTip = void 0;
    return known;
  }
  /**
   * Puts the tree back where a task started (before a retry, or to drop a failed task's partial work):
   * commits made meanwhile are dropped from the branch, every file the task touched is restored or
   * removed. task.json and pre-existing changes are left alone.
   */
  async restore(since) {
    const { git, options } = this.ctx;
    const { commit, tree } = parseSnapshot(since);
    await reattach(this.ctx);
    const paths = await this.changedFiles(since);
    this.lastTree = void 0;
    this.changedSinceTip = void 0;
    if (options.commit && commit && await head(this.ctx) !== commit) await git.resetSoft(commit);
    const inTree = await git.listTree(tree);
    const restore = paths.filter((p) => inTree.has(p));
    const remove = paths.filter((p) => !inTree.has(p));
    if (paths.length > 0)
      await git.resetPaths(paths);
    if (restore.length > 0) await git.restorePaths(tree, restore);
    if (remove.length > 0) {
      await git.removeFromIndex(remove);
      for (const p of remove) {
        const abs = import_node_path9.default.join(git.cwd, p);
        await (0, import_promises5.rm)(abs, { force: true, recursive: true });
        await removeEmptyParents(git.cwd, import_node_path9.default.dirname(abs));
      }
    }
    if (options.commit && commit) this.ctx.tip = commit;
  }
};
function parseSnapshot(since) {
  const i = since.indexOf(":");
  return i < 0 ? { commit: since, tree: since } : { commit: since.slice(0, i) || null, tree: since.slice(i + 1) };
}
function listFiles(files) {
  const shown = files.slice(0, MAX_LISTED).map((f) => `  ${f}`);
  if (files.length > MAX_LISTED) shown.push(`  \u2026 and ${files.length - MAX_LISTED} more`);
  return shown.join("\n");
}
async function removeEmptyParents(root, dir) {
  let d = dir;
  while (d.startsWith(root + import_node_path9.default.sep)) {
    try {
      await (0, import_promises5.rmdir)(d);
    } catch {
      return;
    }
    d = import_node_path9.default.dirname(d);
  }
}
var Committer = class {
  constructor(ctx, changes, dirtyPaths) {
    this.ctx = ctx;
    this.changes = changes;
    this.dirtyPaths = dirtyPaths;
  }
  ctx;
  changes;
  dirtyPaths;
  /** The tree of a commit, remembered (the last one this run made, usually the tip). */
  knownTree;
  /**
   * Commits a finished task: its outputs (completed only) and task.json, nothing else. Returns the sha, or
   * null when commits are off or nothing changed.
   *
   * Commits Claude made during the task are folded into this one: the branch is moved back to where the
   * task started, keeping their content in the working tree, and the task commit records it (their subjects
   * are listed in the message). That keeps one commit per task, made by the action, and lets the usual
   * rules apply to their content (a failed task's partial work and pre-existing changes stay uncommitted).
   */
  async commitTask(t) {
    const { ctx } = this;
    const { git, taskFile } = ctx;
    if (!ctx.options.commit) return null;
    const before = await git.headState();
    const claudeHead = before.sha;
    const branchHead = await reattach(ctx, before.branch) ? await head(ctx) : claudeHead;
    const subjects = (to) => git.commitSubjects(ctx.tip, to);
    let folded = [];
    if (claudeHead !== ctx.tip && await git.isAncestor(ctx.tip, claudeHead))
      folded = await subjects(claudeHead);
    if (branchHead !== ctx.tip) {
      if (folded.length === 0) folded = await subjects(branchHead);
      await git.resetSoft(ctx.tip);
    }
    if (folded.length > 0)
      ctx.log("info", `Folding ${folded.length} commit(s) made during task ${t.taskId} into its commit.`);
    const known = this.changes.takeChangedSince(ctx.tip);
    const changed2 = known ?? new Set(await git.changedFilesSince(ctx.tip));
    const paths = /* @__PURE__ */ new Set();
    if (t.status === "completed") {
      for (const f of t.files) if (changed2.has(f) && f !== taskFile && !this.dirtyPaths.has(f)) paths.add(f);
    }
    if (known || changed2.has(taskFile)) paths.add(taskFile);
    if (paths.size === 0) return null;
    const message = taskCommitMessage(t, folded);
    const sha = await this.commitPaths(ctx.tip, ctx.tip, [...paths], message, ctx.tip);
    if (sha === null) return null;
    ctx.tip = sha;
    return sha;
  }
  /** Commits a change of task.json alone (a stop, a final log line); null when there is none. */
  async commitState(message) {
    const { ctx } = this;
    await reattach(ctx);
    const commit = await this.commitPaths(ctx.tip, ctx.tip, [ctx.taskFile], `${message.trim()}
`);
    if (commit) ctx.tip = commit;
    return commit;
  }
  /**
   * Commits `paths` (as they are in the working tree) on top of `fromTree`'s content with `parent` as
   * parent, through a temporary index: the user's index, hooks and pre-existing changes stay untouched.
   * Moves the work branch from its current value, `branchAt` when the caller knows it (compare-and-swap).
   * Null when the tree did not change.
   */
  async commitPaths(parent, fromTree, paths, message, branchAt) {
    const { git } = this.ctx;
    const tree = await git.treeWithPaths(fromTree, paths);
    if (fromTree === parent && tree === await this.treeOf(fromTree)) return null;
    const sha = await git.commitTree(tree, [parent], message);
    this.knownTree = { commit: sha, tree };
    const old = branchAt ?? await head(this.ctx);
    await git.updateRef(`refs/heads/${this.ctx.workBranch}`, sha, old, "taskmesh: commit");
    await git.resetPaths(paths);
    return sha;
  }
  /** A commit's tree; the one this run made last is known without asking git. */
  async treeOf(commit) {
    if (this.knownTree?.commit === commit) return this.knownTree.tree;
    const tree = await this.ctx.git.treeOf(commit);
    this.knownTree = { commit, tree };
    return tree;
  }
};
function taskCommitMessage(t, folded = []) {
  const lines = [`taskmesh: ${t.taskId} ${t.status} \u2014 ${shorten2(t.title, 60)}`, ""];
  if (folded.length > 0) {
    lines.push("Includes the commits made during the task:", ...folded.map((f) => `- ${f}`), "");
  }
  lines.push(
    `Task-Id: ${t.taskId}`,
    `Task-Status: ${t.status}`,
    `Attempts: ${t.attempts}`,
    `Cost-USD: ${t.costUsd.toFixed(4)}`,
    ...t.trailers ?? []
  );
  return `${lines.join("\n")}
`;
}
function shorten2(text, max) {
  const one = text.replace(/\s+/g, " ").trim();
  if (one.length <= max) return one;
  const cut = one.slice(0, max - 1);
  const sp = cut.lastIndexOf(" ");
  return `${(sp > max * 0.6 ? cut.slice(0, sp) : cut).trimEnd()}\u2026`;
}
async function readTaskFile(ctx) {
  return (0, import_promises6.readFile)(import_node_path10.default.join(ctx.git.cwd, ctx.taskFile), "utf8").catch(() => null);
}
async function writeTaskFile(ctx, text) {
  await (0, import_chunk_JD7SAOXD.writeFileAtomic)(import_node_path10.default.join(ctx.git.cwd, ctx.taskFile), text);
}
function taskFileProblems(ctx, text) {
  const r = import_chunk_JD7SAOXD.TaskDocument.parse(text, ctx.taskFile, ctx.options.taskFormat);
  return r.ok ? [] : r.problems.map((p) => p.message);
}
async function rescue(ctx, why) {
  const { reason, files, pending, detail, kind = "conflict" } = why;
  if (await ctx.git.rebaseInProgress()) await ctx.git.rebaseAbort();
  ctx.tip = await head(ctx);
  if (pending !== null) await writeTaskFile(ctx, pending);
  const { rescueBranch, saved } = await pushRescueBranch(ctx);
  const message = reason ?? `Conflict while rebasing onto ${ctx.options.remote}/${ctx.workBranch}: ${files.join(", ")} changed both in this run and on the remote${detail ? ` (${detail})` : ""}.`;
  throw new PersistError(`${message} ${saved}`, kind, { files, rescueBranch });
}
function rescueInvalid(ctx, problems, pending) {
  const shown = problems.slice(0, 5).join("; ") + (problems.length > 5 ? ` (and ${problems.length - 5} more)` : "");
  return rescue(ctx, {
    reason: `Merging ${ctx.taskFile} with ${ctx.options.remote}/${ctx.workBranch} gives an invalid task file: ${shown}.`,
    files: [ctx.taskFile],
    pending,
    kind: "state"
  });
}
async function saveAndThrow(ctx, why, kind) {
  const { rescueBranch, saved } = await pushRescueBranch(ctx);
  throw new PersistError(`${why} ${saved}`, kind, { rescueBranch });
}
async function pushRescueBranch(ctx) {
  const { git, options: o, tip } = ctx;
  let rescueBranch = `taskmesh/rescue-${o.runId}`;
  let r = await git.pushNewBranch(o.remote, tip, rescueBranch);
  if (r.exitCode !== 0 && /\[rejected\]/.test(r.stdout + r.stderr)) {
    rescueBranch = `${rescueBranch}-${tip.slice(0, 8)}`;
    r = await git.pushNewBranch(o.remote, tip, rescueBranch);
  }
  const saved = r.exitCode === 0 ? `This run's commits were pushed to ${rescueBranch} so nothing is lost; merge it by hand.` : `Pushing them to ${rescueBranch} failed too (${r.stderr.trim()}); they are only in the local branch ${ctx.workBranch} at ${tip}, which a GitHub-hosted runner discards when the job ends: check that the token may push (\`permissions: contents: write\`) and run again, or push that commit from a later step.`;
  return { rescueBranch: r.exitCode === 0 ? rescueBranch : void 0, saved };
}
function sleep(ms, signal) {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener("abort", done);
      resolve();
    }
    signal?.addEventListener("abort", done, { once: true });
  });
}
function doublingBackoff(attempt, firstMs = 5e3, maxMs = 6e4) {
  return Math.min(maxMs, firstMs * 2 ** (attempt - 1));
}
function jitteredBackoff(baseMs, attempt) {
  const ceiling = baseMs * 2 ** Math.min(attempt - 1, 4);
  return Math.floor(ceiling / 4 + Math.random() * ceiling);
}
var LOCK_RACE = /cannot lock ref|failed to lock|is at [0-9a-f]+ but expected|incorrect old value|reference already exists/i;
function classifyPushFailure(output) {
  if (isAuthFailure(output)) return "auth";
  const behind = /\[rejected\]/.test(output) && /fetch first|non-fast-forward/.test(output);
  const lostRace = /\[remote rejected\]/.test(output) && LOCK_RACE.test(output);
  if (/\[remote rejected\]/.test(output) && !lostRace) return "refused";
  return behind || lostRace ? "moved" : "failed";
}
async function pushWithRetries(ctx, bringInRemote) {
  const { git, options: o, workBranch } = ctx;
  const max = Math.max(1, o.maxPushAttempts ?? 12);
  const deadline = Date.now() + (o.pushBudgetMs ?? 12e4);
  let rebased = false;
  let last = "";
  let attempt = 1;
  for (; ; attempt++) {
    const r = await git.pushCommit(o.remote, ctx.tip, workBranch);
    if (r.exitCode === 0) {
      ctx.log("info", `Pushed ${ctx.tip.slice(0, 12)} to ${o.remote}/${workBranch}.`);
      return { sha: ctx.tip, rebased };
    }
    last = r.stderr.trim() || r.stdout.trim();
    const failure = classifyPushFailure(`${r.stdout}
${r.stderr}`);
    if (failure === "auth") throw authError(workBranch, last);
    if (failure === "refused")
      return saveAndThrow(ctx, `${o.remote} refused the push to ${workBranch}: ${last}`, "push");
    const wait = jitteredBackoff(o.backoffMs ?? 1e3, attempt);
    if (attempt >= max || Date.now() + wait > deadline) break;
    if (failure === "failed") ctx.log("warning", `Push attempt ${attempt} of ${max} failed: ${last}`);
    await sleep(wait);
    if (failure === "moved") {
      ctx.log("info", `${o.remote}/${workBranch} moved meanwhile; rebasing onto it (attempt ${attempt}).`);
      await bringInRemote();
      rebased = true;
    }
  }
  return saveAndThrow(
    ctx,
    `Could not push to ${o.remote}/${workBranch} after ${attempt} attempt(s): ${last}`,
    "push"
  );
}
var RANK = {
  pending: 0,
  in_progress: 1,
  failed: 2,
  completed: 3,
  // Task Master's words for the same (a failure is `blocked` with Taskmesh's error).
  "in-progress": 1,
  blocked: 2,
  done: 3
};
var STATE_FIELDS = /* @__PURE__ */ new Set([
  "status",
  "startedAt",
  "completedAt",
  "outputs",
  "attempts",
  "error",
  "result",
  "costUsd",
  "turns",
  "durationMs",
  "sessionId",
  "commit",
  // Task Master stamps a task when its status changes; it belongs with the status.
  "updatedAt"
]);
var TASKMESH_RULES = { key: (x) => typeof x.id === "string" ? x.id : void 0, subtasks: false };
var TASKMASTER_RULES = {
  key: (x) => typeof x.id === "string" || typeof x.id === "number" ? String(x.id) : void 0,
  subtasks: true
};
function isTaskMasterRoot(x) {
  if ("project" in x) return false;
  const tags = Object.keys(x).filter((k) => k !== "tasks" && k !== "metadata");
  if (tags.length === 0)
    return Array.isArray(x.tasks) && x.tasks.some((t) => isObj(t) && typeof t.id === "number");
  return tags.some((k) => isObj(x[k]) && Array.isArray(x[k].tasks));
}
var isObj = (v) => v !== null && typeof v === "object" && !Array.isArray(v);
function mergeTaskFileTexts(base, ours, theirs) {
  const b = base.trim() === "" ? {} : parse(base, "base");
  const o = parse(ours, "ours");
  const t = parse(theirs, "theirs");
  for (const x of [b, o, t]) if (typeof x === "string") return { ok: false, reason: x };
  const bo = b;
  const oo = o;
  const to = t;
  const notes = [];
  if (isTaskMasterRoot(oo) && isTaskMasterRoot(to)) return mergeTaskMaster(bo, oo, to, theirs, notes);
  const tasks = mergeTasks(bo.tasks, oo.tasks, to.tasks, notes, TASKMESH_RULES);
  if (typeof tasks === "string") return { ok: false, reason: tasks };
  const logs = mergeLogs(bo.logs, oo.logs, to.logs);
  const result = {};
  const keys = [...Object.keys(to), ...Object.keys(oo).filter((k) => !(k in to))];
  for (const k of keys) {
    let v;
    if (k === "tasks") v = tasks;
    else if (k === "logs") v = logs;
    else v = changed(bo[k], oo[k]) ? oo[k] : to[k];
    if (v !== void 0) result[k] = v;
  }
  return { ok: true, text: format(result, theirs), notes };
}
function mergeTaskMaster(b, o, t, theirs, notes) {
  const mergeTag = (bt, ot, tt) => {
    const tasks = mergeTasks(bt.tasks, ot.tasks, tt.tasks, notes, TASKMASTER_RULES);
    if (typeof tasks === "string") return tasks;
    const out = {};
    for (const k of [...Object.keys(tt), ...Object.keys(ot).filter((k2) => !(k2 in tt))]) {
      const v = k === "tasks" ? tasks : changed(bt[k], ot[k]) ? ot[k] : tt[k];
      if (v !== void 0) out[k] = v;
    }
    return out;
  };
  const untagged = Array.isArray(o.tasks) && Array.isArray(t.tasks);
  if (untagged) {
    const r = mergeTag(b, o, t);
    return typeof r === "string" ? { ok: false, reason: r } : { ok: true, text: format(r, theirs), notes };
  }
  const result = {};
  for (const k of [...Object.keys(t), ...Object.keys(o).filter((k2) => !(k2 in t))]) {
    const bk = b[k];
    const ok = o[k];
    const tk = t[k];
    let v;
    if (!changed(bk, ok)) v = tk;
    else if (!changed(bk, tk) || ok === void 0 || tk === void 0) v = ok;
    else if (isObj(ok) && isObj(tk) && Array.isArray(ok.tasks) && Array.isArray(tk.tasks)) {
      const r = mergeTag(isObj(bk) ? bk : {}, ok, tk);
      if (typeof r === "string") return { ok: false, reason: `tag ${k}: ${r}` };
      v = r;
    } else v = ok;
    if (v !== void 0) result[k] = v;
  }
  return { ok: true, text: format(result, theirs), notes };
}
function parse(text, side) {
  let v;
  try {
    v = JSON.parse(text.replace(/^\uFEFF/, ""));
  } catch (e) {
    return `${side} is not valid JSON: ${e.message}`;
  }
  if (v === null || typeof v !== "object" || Array.isArray(v)) return `${side} is not a JSON object`;
  return v;
}
function mergeTasks(base, ours, theirs, notes, rules) {
  const bm = byId(base ?? [], "base", rules);
  const om = byId(ours ?? [], "ours", rules);
  const tm = byId(theirs ?? [], "theirs", rules);
  for (const m of [bm, om, tm]) if (typeof m === "string") return m;
  const B = bm;
  const O = om;
  const T = tm;
  const out = [];
  for (const [id, t] of T) {
    const b = B.get(id);
    const o = O.get(id);
    if (o === void 0) {
      if (b !== void 0 && !changed(b, t)) continue;
      out.push(t);
      continue;
    }
    out.push(rules.subtasks ? mergeWithSubtasks(id, b, o, t, notes) : mergeTask(id, b, o, t, notes));
  }
  for (const [id, o] of O) {
    if (T.has(id)) continue;
    const b = B.get(id);
    if (b !== void 0 && !changed(b, o)) continue;
    out.push(o);
  }
  return out;
}
function mergeTask(id, b, o, t, notes) {
  const oursChanged = changed(b, o);
  const theirsChanged = changed(b, t);
  if (!oursChanged) return t;
  if (!theirsChanged || !changed(o, t)) return o;
  const rank = (x) => RANK[typeof x.status === "string" ? x.status : "pending"] ?? 0;
  const winner = rank(t) > rank(o) ? "theirs" : "ours";
  const w = winner === "ours" ? o : t;
  const base = b ?? {};
  const merged = {};
  const keys = [...Object.keys(t), ...Object.keys(o).filter((k) => !(k in t))];
  for (const k of keys) {
    const oc = changed(base[k], o[k]);
    const tc = changed(base[k], t[k]);
    const v = STATE_FIELDS.has(k) || oc && tc ? w[k] : oc ? o[k] : t[k];
    if (v !== void 0) merged[k] = v;
  }
  notes.push(
    `task ${id} was changed on both sides (ours: ${String(o.status ?? "pending")}, theirs: ${String(
      t.status ?? "pending"
    )}); kept ${winner}' version of the fields both changed`
  );
  return merged;
}
function mergeWithSubtasks(id, b, o, t, notes) {
  const without = (x) => {
    if (!x) return x;
    const { subtasks: _subtasks, ...rest } = x;
    return rest;
  };
  const merged = mergeTask(id, without(b), without(o), without(t), notes);
  if (!Array.isArray(o.subtasks) && !Array.isArray(t.subtasks)) return merged;
  const subs = mergeTasks(b?.subtasks, o.subtasks ?? [], t.subtasks ?? [], notes, {
    ...TASKMASTER_RULES,
    subtasks: false
  });
  const out = {};
  const order = Object.keys("subtasks" in t ? t : o);
  for (const k of order) {
    if (k === "subtasks") out.subtasks = typeof subs === "string" ? t.subtasks ?? [] : subs;
    else if (k in merged) out[k] = merged[k];
  }
  for (const k of Object.keys(merged)) if (!(k in out)) out[k] = merged[k];
  return out;
}
function byId(list, side, rules) {
  if (!Array.isArray(list)) return `${side}: "tasks" is not an array`;
  const m = /* @__PURE__ */ new Map();
  for (const x of list) {
    const id = isObj(x) ? rules.key(x) : void 0;
    if (id === void 0) return `${side}: a task has no ${rules.subtasks ? "" : "string "}"id"`;
    if (m.has(id)) return `${side}: task id "${id}" appears twice`;
    m.set(id, x);
  }
  return m;
}
function mergeLogs(base, ours, theirs) {
  const b = Array.isArray(base) ? base : [];
  const o = Array.isArray(ours) ? ours : [];
  const t = Array.isArray(theirs) ? theirs : [];
  if (!Array.isArray(ours) && !Array.isArray(theirs)) return void 0;
  let appended;
  if (b.length <= o.length && b.every((x, i) => !changed(x, o[i]))) appended = o.slice(b.length);
  else {
    const seen = counts(b);
    appended = o.filter((x) => !take(seen, x));
  }
  const inTheirs = counts(t);
  return [...t, ...appended.filter((x) => !take(inTheirs, x))];
}
function counts(list) {
  const m = /* @__PURE__ */ new Map();
  for (const x of list) m.set(canonical(x), (m.get(canonical(x)) ?? 0) + 1);
  return m;
}
function take(m, x) {
  const k = canonical(x);
  const n = m.get(k) ?? 0;
  if (n === 0) return false;
  m.set(k, n - 1);
  return true;
}
function changed(a, b) {
  if (a === void 0 || b === void 0) return a !== b;
  return canonical(a) !== canonical(b);
}
function canonicalJson(v) {
  return canonical(v);
}
function canonical(v) {
  if (Array.isArray(v)) return `[${v.map(canonical).join(",")}]`;
  if (v !== null && typeof v === "object")
    return `{${Object.keys(v).sort().map((k) => `${JSON.stringify(k)}:${canonical(v[k])}`).join(",")}}`;
  return JSON.stringify(v);
}
function format(value, like) {
  const m = /^[^\n]*\r?\n([ \t]+)\S/.exec(like);
  const indent = m ? m[1] : like.includes("\n") ? 2 : 0;
  let text = JSON.stringify(value, null, indent);
  if (like.includes("\r\n")) text = text.replace(/\n/g, "\r\n");
  if (/\r?\n$/.test(like)) text += like.endsWith("\r\n") ? "\r\n" : "\n";
  return like.startsWith("\uFEFF") ? `\uFEFF${text}` : text;
}
async function syncWithRemote(ctx, commits) {
  const { git, taskFile, workBranch } = ctx;
  const { remote } = ctx.options;
  const remoteRef = await git.fetchBranch(remote, workBranch);
  const upstream = await git.revParse(remoteRef);
  const oldTip = ctx.tip;
  const mergeBase = await ensureMergeBase(ctx, oldTip, upstream);
  if (mergeBase === null)
    return rescue(ctx, {
      reason: `${remote}/${workBranch} has no history in common with this run's commits`,
      files: [],
      pending: null
    });
  const committed = await git.show("HEAD", taskFile);
  const working = await readTaskFile(ctx);
  const pending = committed !== null && working !== null && working !== committed ? working : null;
  if (pending !== null) await writeTaskFile(ctx, committed);
  const r = await rebaseMergingTaskFile(ctx, upstream, pending);
  if (/Applying autostash resulted in conflicts/.test(`${r.stdout}${r.stderr}`))
    ctx.log(
      "warning",
      "Pre-existing uncommitted changes conflicted with the remote; they are kept in `git stash`."
    );
  ctx.tip = await head(ctx);
  const baseText = await git.show(mergeBase, taskFile) ?? "";
  const oursText = await git.show(oldTip, taskFile);
  const theirsText = await git.show(upstream, taskFile);
  const finalText = await git.show("HEAD", taskFile);
  if (oursText !== null && theirsText !== null && finalText !== null && ctx.tip !== upstream) {
    const expected = mergeTaskFileTexts(baseText, oursText, theirsText);
    if (expected.ok && !sameJson(expected.text, finalText)) {
      const problems2 = taskFileProblems(ctx, expected.text);
      if (problems2.length > 0) return rescueInvalid(ctx, problems2, pending);
      ctx.log("info", "Correcting task.json after the rebase to the task-level merge of both sides.");
      await writeTaskFile(ctx, expected.text);
      const msg = await git.commitMessage("HEAD");
      const sha = await commits.commitPaths(await git.revParse("HEAD^"), "HEAD", [taskFile], msg);
      if (sha) ctx.tip = sha;
    }
  }
  const merged = await git.show("HEAD", taskFile);
  const problems = merged === null || ctx.tip === upstream ? [] : taskFileProblems(ctx, merged);
  if (problems.length > 0) return rescueInvalid(ctx, problems, pending);
  if (pending !== null) {
    const now = await readTaskFile(ctx) ?? "";
    const m = mergeTaskFileTexts(committed, pending, now);
    if (m.ok) await writeTaskFile(ctx, m.text);
    else {
      ctx.log(
        "warning",
        `Could not merge the uncommitted task.json state after the rebase (${m.reason}); kept it.`
      );
      await writeTaskFile(ctx, pending);
    }
  }
  ctx.log("info", `Rebased onto ${remote}/${workBranch} (${upstream.slice(0, 12)}).`);
}
async function rebaseMergingTaskFile(ctx, upstream, pending) {
  const { git, taskFile, workBranch } = ctx;
  const notes = [];
  let r = await git.rebaseOnto(upstream);
  while (await git.rebaseInProgress() || r.exitCode !== 0) {
    if (!await git.rebaseInProgress())
      return rescue(ctx, {
        reason: `the rebase onto ${ctx.options.remote}/${workBranch} failed: ${r.stderr.trim()}`,
        files: [],
        pending
      });
    const conflicts = await git.conflictedFiles();
    if (conflicts.length > 0 && !(conflicts.length === 1 && conflicts[0] === taskFile))
      return rescue(ctx, { reason: null, files: conflicts, pending });
    if (conflicts.length === 1) {
      const base = await git.show(":1", taskFile) ?? "";
      const theirs = await git.show(":2", taskFile);
      const ours = await git.show(":3", taskFile);
      const merged = theirs !== null && ours !== null ? mergeTaskFileTexts(base, ours, theirs) : null;
      if (merged === null || !merged.ok)
        return rescue(ctx, {
          reason: null,
          files: conflicts,
          pending,
          detail: merged && !merged.ok ? merged.reason : "deleted on one side"
        });
      const problems = taskFileProblems(ctx, merged.text);
      if (problems.length > 0) return rescueInvalid(ctx, problems, pending);
      notes.push(...merged.notes);
      await writeTaskFile(ctx, merged.text);
      await git.addPaths([taskFile]);
    }
    r = await git.rebaseStep(await git.nothingStaged() ? "skip" : "continue");
  }
  for (const n of notes) ctx.log("warning", `task.json merge: ${n}`);
  return r;
}
async function ensureMergeBase(ctx, a, b) {
  const { git } = ctx;
  let mb = await git.mergeBase(a, b);
  for (let i = 0; mb === null && i < 4 && await git.isShallow(); i++) {
    ctx.log("info", "Shallow clone: fetching more history to find where the remote branch forked.");
    await git.fetchBranch(
      ctx.options.remote,
      ctx.workBranch,
      i < 3 ? { deepen: 100 * 10 ** i } : { unshallow: true }
    );
    mb = await git.mergeBase(a, b);
  }
  return mb;
}
function sameJson(a, b) {
  try {
    return canonicalJson(JSON.parse(a)) === canonicalJson(JSON.parse(b));
  } catch {
    return false;
  }
}
var Persister = class _Persister {
  constructor(ctx, branch, baseSha, dirtyPaths) {
    this.ctx = ctx;
    this.branch = branch;
    this.baseSha = baseSha;
    this.dirtyPaths = dirtyPaths;
    this.changes = new ChangeTracker(ctx, dirtyPaths);
    this.commits = new Committer(ctx, this.changes, dirtyPaths);
  }
  ctx;
  branch;
  baseSha;
  dirtyPaths;
  /** What the remote branch is known to hold from us. */
  pushedSha = null;
  changes;
  commits;
  static async prepare(opts) {
    const o = { ...opts, remote: opts.remote ?? "origin" };
    const log = o.log ?? (() => {
    });
    const probe = new Git(import_node_path6.default.resolve(o.repoDir));
    const { top, prefix } = await probe.location().catch((e) => {
      throw new PersistError(`${o.repoDir} is not inside a git repository: ${e.message}`, "state");
    });
    const taskFile = import_node_path6.default.posix.normalize(import_node_path6.default.posix.join(prefix, o.taskFile.split(import_node_path6.default.sep).join("/")));
    const git = new Git(top, {
      identity: o.identity,
      extraHeader: o.token ? { url: (0, import_chunk_Q6IDVZC3.extraHeaderUrl)(o.serverUrl ?? "https://github.com"), value: (0, import_chunk_Q6IDVZC3.basicAuthHeader)(o.token) } : void 0,
      outbound: o.outbound
    });
    if (await git.tryRevParse("HEAD") === null)
      throw new PersistError(
        "The repository has no commit yet; commit something before running Taskmesh.",
        "state"
      );
    const dirty = await preexistingChanges(git, taskFile, o, log);
    const branch = await chooseWorkBranch(git, o, log);
    const baseSha = await git.revParse("HEAD");
    await RepoGuard.attach(git, (msg) => log("warning", msg));
    const ctx = {
      git,
      options: o,
      taskFile,
      workBranch: branch.workBranch,
      log: (level, msg) => o.log?.(level, msg),
      tip: baseSha
    };
    return new _Persister(ctx, branch, baseSha, dirty);
  }
  get git() {
    return this.ctx.git;
  }
  /** task.json relative to the repository root (what git prints). */
  get taskFile() {
    return this.ctx.taskFile;
  }
  /** The branch checked out when the run started; null on a detached HEAD. */
  get startBranch() {
    return this.branch.startBranch;
  }
  get workBranch() {
    return this.ctx.workBranch;
  }
  head() {
    return head(this.ctx);
  }
  /**
   * The branch this run's commits went to, for the `branch` output: null with commits off, and when a
   * branch this run created received nothing (a run with no changes does not name a branch that only
   * exists in the runner's clone).
   */
  get resultBranch() {
    const o = this.ctx.options;
    if (!o.commit) return null;
    if (o.push && this.pushedSha === null && !this.branch.onRemote) return null;
    return this.workBranch;
  }
  /**
   * At the end of a run: a branch this run created and never committed to (nothing was ready) is dropped,
   * and the checkout goes back to where it started, so a run with no changes leaves the workspace as it was.
   */
  finish() {
    return dropUnusedBranch(this.ctx, {
      choice: this.branch,
      baseSha: this.baseSha,
      pushed: this.pushedSha !== null
    });
  }
  /**
   * The commit the work branch holds from this run: with pushes on, the last one pushed (or where the run
   * started), never a local commit that did not make it to the remote (after a rescue, say); else HEAD.
   */
  async branchHead() {
    const o = this.ctx.options;
    if (o.commit && o.push) return this.pushedSha ?? this.baseSha;
    return this.head();
  }
  /** Marks the working tree when a task starts (see {@link ChangeTracker.snapshot}). */
  snapshot() {
    return this.changes.snapshot();
  }
  /** What a task changed since a snapshot (see {@link ChangeTracker.changedFiles}). */
  changedFiles(since) {
    return this.changes.changedFiles(since);
  }
  /** Puts the tree back to a snapshot (see {@link ChangeTracker.restore}). */
  restore(since) {
    return this.changes.restore(since);
  }
  /**
   * A worktree's patch changed these paths in the working tree (see {@link ChangeTracker.noteChanged}): the
   * task's commit, made next, takes its paths from here instead of asking git.
   */
  broughtIn(paths) {
    this.changes.noteChanged(this.ctx.tip, paths);
  }
  /** Same as {@link restore}, for a commit sha. */
  resetWorkTree(toSha) {
    return this.restore(toSha);
  }
  /** commitTask + push, in the shape the engine's RepoPort wants (see {@link RecordHooks}). */
  async recordTask(t, hooks) {
    const commit = await this.commitTask(t);
    hooks?.committed();
    const taskFileMerged = await this.pushIfNeeded(hooks);
    return { commit: commit ? this.ctx.tip : null, taskFileMerged };
  }
  /** Commits a change of task.json alone (a stop, a final log line) and pushes it. */
  async recordState(message, hooks) {
    if (!this.ctx.options.commit) return { commit: null, taskFileMerged: false };
    const commit = await this.commits.commitState(message);
    hooks?.committed();
    const taskFileMerged = await this.pushIfNeeded(hooks);
    return { commit: commit ? this.ctx.tip : null, taskFileMerged };
  }
  /** Commits a finished task (see {@link Committer.commitTask}); the sha, or null when nothing was. */
  commitTask(t) {
    return this.commits.commitTask(t);
  }
  /** Pushes the branch (see {@link pushWithRetries}); nothing with commits or pushes off. */
  async push() {
    const o = this.ctx.options;
    if (!o.commit || !o.push) return { pushed: false, sha: this.ctx.tip };
    const { sha } = await this.pushTip();
    return { pushed: true, sha };
  }
  /** Pushes when there is something new; true when a rebase rewrote task.json on disk. */
  async pushIfNeeded(hooks) {
    const o = this.ctx.options;
    if (!o.commit || !o.push || this.ctx.tip === this.pushedSha) return false;
    return (await this.pushTip(hooks)).rebased;
  }
  async pushTip(hooks) {
    const bringIn = () => syncWithRemote(this.ctx, this.commits);
    const pushed = await pushWithRetries(this.ctx, () => hooks ? hooks.exclusive(bringIn) : bringIn());
    this.pushedSha = pushed.sha;
    return pushed;
  }
};
function connectGitHub(target) {
  let api;
  const load = () => api ??= Promise.resolve().then(() => __toESM(require("./api-FQQPDDO2.js"))).then((m) => new m.GitHubApi(target));
  return {
    upsertPullRequest: async (request) => (await load()).upsertPullRequest(request),
    dispatchWorkflow: async (run2) => (await load()).dispatchWorkflow(run2),
    pull: async (number) => (await load()).pull(number),
    reviewComments: async (prNumber, reviewId) => (await load()).reviewComments(prNumber, reviewId),
    role: async (login) => (await load()).role(login),
    replyToComment: async (prNumber, commentId, body) => (await load()).replyToComment(prNumber, commentId, body),
    comment: async (prNumber, body) => (await load()).comment(prNumber, body),
    commentBodies: async (prNumber) => (await load()).commentBodies(prNumber),
    eyes: async (kind, commentId) => (await load()).eyes(kind, commentId)
  };
}
async function removeStaleMountPoints(find, say) {
  const dir = process.cwd();
  const candidates = find(dir);
  if (!candidates.length) return;
  const tracked = await new Git(dir).trackedAmong(candidates);
  if (!tracked) return;
  const stale = candidates.filter((c) => !tracked.has(c) && ![...tracked].some((t) => t.startsWith(`${c}/`)));
  for (const name of stale) await (0, import_promises7.rm)(import_node_path11.default.join(dir, name), { recursive: true, force: true });
  if (stale.length)
    say("info", `sandbox: removed mount points an interrupted run left behind: ${stale.join(", ")}`);
}
async function startSandbox(settings, ctx, say, ui) {
  const mode = settings.sandbox.mode;
  const none = async () => {
  };
  if (mode === "off") {
    say(
      "warning",
      "sandbox: off \u2014 Claude and verify run with the runner's own access to files, processes and the network"
    );
    return { report: { state: "off" }, stop: none };
  }
  const { Sandbox, emptyMountPoints } = await Promise.resolve().then(() => __toESM(require("./sandbox-EZZ7AEX4.js")));
  await removeStaleMountPoints(emptyMountPoints, say);
  const tempRoot = import_node_path11.default.join(ctx.tempDir ?? import_node_os3.default.tmpdir(), "taskmesh", "sandbox", ctx.runId);
  const started = await Sandbox.start({
    allowedDomains: settings.sandbox.allowedDomains,
    env: ctx.env,
    tempRoot,
    // A CLI installed by the action lives in the temp folder, which the sandbox hides.
    readable: [import_node_path11.default.join(ctx.tempDir ?? import_node_os3.default.tmpdir(), "taskmesh", "claude")]
  });
  for (const n of started.notes) say("info", `sandbox: ${n}`);
  if (!started.ok) {
    if (mode === "required")
      throw new import_chunk_5FGLKTEA.RunSetupError(`sandbox: required, but containment cannot be set up: ${started.reason}`);
    const warning = `NOT SANDBOXED: ${started.reason}. Claude and verify run with the runner's own access to files, processes and the network (the GitHub token of this job stays out of their environment, but not out of /proc). Set \`sandbox: required\` to fail instead.`;
    say("warning", warning);
    ui?.annotate("warning", warning, void 0, "Not sandboxed");
    return { report: { state: "uncontained", reason: started.reason }, stop: none };
  }
  say("info", `sandbox: on (bubblewrap); network allowed to ${started.allow.join(", ")}`);
  const sandbox = started.sandbox;
  return {
    contain: sandbox.contain,
    report: { state: "contained", allow: started.allow },
    stop: () => sandbox.stop().catch((e) => say("warning", `could not stop the sandbox: ${e.message}`))
  };
}
var CANCEL_KILL_GRACE_MS = 2e3;
var Done = class {
  constructor(outcome) {
    this.outcome = outcome;
  }
  outcome;
};
function claudePort(session, settings) {
  return claudeRunner({
    path: session.claudePath,
    env: session.env,
    permissionMode: settings.claude.permissionMode,
    disallowedTools: settings.claude.disallowedTools,
    appendSystemPrompt: settings.claude.appendSystemPrompt,
    extraArgs: session.extraArgs,
    credentialSource: session.credentialSource,
    contain: session.sandbox.contain,
    killGraceMs: CANCEL_KILL_GRACE_MS
  });
}
function gitHub(ctx, target) {
  return connectGitHub({ ...target, apiUrl: ctx.apiUrl });
}
async function runOnFrame(mode, settings, outerUi, ctx) {
  const secrets = secretsAndLog(settings, outerUi);
  const frame = {
    settings,
    ctx,
    ...secrets,
    github: (target) => gitHub(ctx, { ...target, outbound: secrets.guard })
  };
  const { say, ui } = frame;
  const read = await mode.read(frame);
  if (read instanceof Done) return read.outcome;
  let input = read;
  if (mode.needsCredential?.(input) ?? true) requireCredential(settings, ctx.env);
  const { owner, repo } = pullRequestTarget(settings, ctx.repository);
  mode.check?.(frame, input);
  let tools;
  const startTools = async () => {
    const [claude, sandbox] = await Promise.allSettled([
      prepareClaude(settings, ctx, say),
      startSandbox(settings, ctx, say, ui)
    ]);
    if (claude.status === "rejected") {
      if (sandbox.status === "fulfilled") await sandbox.value.stop();
      throw claude.reason;
    }
    if (sandbox.status === "rejected") throw sandbox.reason;
    tools = { claudePath: claude.value.claudePath, sandbox: sandbox.value };
    return tools;
  };
  const start = typeof mode.claude === "function" ? mode.claude(frame, input) : mode.claude;
  if (start === "up-front") await startTools();
  let sandboxStopped;
  const stopSandbox = async () => {
    if (tools) await (sandboxStopped ??= tools.sandbox.stop());
  };
  try {
    const persister = await preparePersister(settings, ctx, mode.branch(frame, input), say, frame.guard);
    let restored;
    const restoreCheckout = () => restored ??= persister.finish().catch((e) => say("warning", `could not restore the checkout: ${e.message}`));
    let basics;
    const idleSession = () => basics ??= claudeSession(settings, ctx, ui);
    let session;
    const claude = () => session ??= (async () => {
      const { claudePath, sandbox } = tools ?? await startTools();
      return { claudePath, extraArgs: settings.claude.extraArgs, sandbox, ...idleSession() };
    })();
    try {
      if (mode.reread && settings.git.commit && persister.workBranch !== persister.startBranch)
        input = await mode.reread(frame, input);
      return await mode.work(
        { ...frame, persister, owner, repo, claude, idleSession, stopSandbox, restoreCheckout },
        input
      );
    } finally {
      await restoreCheckout();
    }
  } finally {
    await stopSandbox();
  }
}
function defaultBranch(project) {
  const slug = project.toLowerCase().replace(/[^a-z0-9._-]+/g, "-").replace(/^[-.]+|[-.]+$/g, "").slice(0, 60);
  return `taskmesh/${slug || "tasks"}`;
}
function secretsAndLog(settings, ui) {
  const redactor = (0, import_chunk_Q6IDVZC3.runRedactor)(settings);
  const guard = new import_chunk_Q6IDVZC3.SecretGuard(redactor, (message) => {
    ui.log({ kind: "line", level: "warning", text: message });
    ui.annotate("warning", message, void 0, "Secret masked");
  });
  const safe = (0, import_chunk_JD7SAOXD.guardedUi)(ui, guard);
  const say = (level, text) => safe.log({ kind: "line", level, text });
  return { redactor, guard, ui: safe, say };
}
function usesCloudProvider(env) {
  return ["CLAUDE_CODE_USE_BEDROCK", "CLAUDE_CODE_USE_VERTEX", "CLAUDE_CODE_USE_FOUNDRY"].some((k) => !!env[k]);
}
function requireCredential(settings, env) {
  if (settings.claude.apiKey || settings.claude.oauthToken || usesCloudProvider(env)) return;
  if (env.GITHUB_ACTIONS !== "true") return;
  throw new import_chunk_5FGLKTEA.RunSetupError(
    "No Anthropic credential: set the `anthropic-api-key` input (for example `${{ secrets.ANTHROPIC_API_KEY }}`), the `claude-code-oauth-token` input, or ANTHROPIC_API_KEY in the environment."
  );
}
function pullRequestTarget(settings, repository) {
  const [owner = "", repo = ""] = (repository ?? "").split("/");
  if (settings.pullRequest.enabled && settings.git.push) {
    if (!settings.git.token) throw new import_chunk_5FGLKTEA.RunSetupError("pull-request: true needs the `github-token` input");
    if (!owner || !repo) throw new import_chunk_5FGLKTEA.RunSetupError("pull-request: true needs GITHUB_REPOSITORY (owner/name)");
  }
  return { owner, repo };
}
async function prepareClaude(settings, ctx, say) {
  const claudePath = await resolveClaude({
    path: settings.claude.path,
    version: settings.claude.version,
    env: ctx.env,
    installDir: import_node_path.default.join(ctx.tempDir ?? import_node_os.default.tmpdir(), "taskmesh", "claude"),
    log: (msg) => say("info", msg)
  });
  return { claudePath };
}
function preparePersister(settings, ctx, branch, say, outbound) {
  return Persister.prepare({
    repoDir: settings.workingDirectory,
    taskFile: import_node_path.default.relative(settings.workingDirectory, settings.taskFilePath),
    taskFormat: settings.taskFormat,
    identity: { name: settings.git.userName, email: settings.git.userEmail },
    commit: settings.git.commit,
    push: settings.git.push,
    branch,
    token: settings.git.token,
    serverUrl: ctx.serverUrl,
    runId: ctx.runId,
    allowDirty: settings.git.allowDirty,
    log: (level, msg) => say(level, msg),
    outbound,
    backoffMs: ctx.pushBackoffMs
  });
}
function claudeSession(settings, ctx, ui) {
  const transcriptsDir = import_node_path.default.join(ctx.tempDir ?? import_node_os.default.tmpdir(), "taskmesh", "transcripts", ctx.runId);
  ui.setOutput("transcripts-dir", transcriptsDir);
  return {
    env: claudeEnv(ctx.env, { apiKey: settings.claude.apiKey, oauthToken: settings.claude.oauthToken }),
    transcriptsDir,
    credentialSource: settings.claude.oauthToken ? "the `claude-code-oauth-token` input (is the token expired?)" : "the `anthropic-api-key` input / ANTHROPIC_API_KEY secret"
  };
}
// Annotate the CommonJS export names for ESM import in node:
0 && (module.exports = {
  Done,
  Git,
  RepoGuard,
  apiHost,
  claudePort,
  defaultBranch,
  doublingBackoff,
  gitHub,
  runOnFrame,
  sleep
});
