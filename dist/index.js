"use strict";
var __builtinNamespace = (m) => Object.create(m, { default: { value: m, enumerable: true } });
var __create = Object.create;
var __defProp = Object.defineProperty;
var __getOwnPropDesc = Object.getOwnPropertyDescriptor;
var __getOwnPropNames = Object.getOwnPropertyNames;
var __getProtoOf = Object.getPrototypeOf;
var __hasOwnProp = Object.prototype.hasOwnProperty;
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
var import_chunk_W7ICJLG6 = require("./chunks/startup.js")("chunk-W7ICJLG6.js");
var import_chunk_TTFH7NFP = require("./chunks/startup.js")("chunk-TTFH7NFP.js");
var import_chunk_T3KJSQRI = require("./chunks/startup.js")("chunk-T3KJSQRI.js");
var import_chunk_Q6IDVZC3 = require("./chunks/startup.js")("chunk-Q6IDVZC3.js");
var import_chunk_JD7SAOXD = require("./chunks/startup.js")("chunk-JD7SAOXD.js");
var import_chunk_5FGLKTEA = require("./chunks/startup.js")("chunk-5FGLKTEA.js");
var import_chunk_SEWDMQ6Q = require("./chunks/startup.js")("chunk-SEWDMQ6Q.js");
var os = __builtinNamespace(require("os"));
var fs = __builtinNamespace(require("fs"));
var os2 = __builtinNamespace(require("os"));
var os4 = __builtinNamespace(require("os"));
var import_os = __builtinNamespace(require("os"));
var import_node_fs = require("node:fs");
var import_node_os = require("node:os");
var import_node_fs2 = require("node:fs");
var import_node_os2 = require("node:os");
var import_node_fs3 = require("node:fs");
function toCommandValue(input) {
  if (input === null || input === void 0) {
    return "";
  } else if (typeof input === "string" || input instanceof String) {
    return input;
  }
  return JSON.stringify(input);
}
function issueCommand(command, properties, message) {
  const cmd = new Command(command, properties, message);
  process.stdout.write(cmd.toString() + os.EOL);
}
var CMD_STRING = "::";
var Command = class {
  constructor(command, properties, message) {
    if (!command) {
      command = "missing.command";
    }
    this.command = command;
    this.properties = properties;
    this.message = message;
  }
  toString() {
    let cmdStr = CMD_STRING + this.command;
    if (this.properties && Object.keys(this.properties).length > 0) {
      cmdStr += " ";
      let first = true;
      for (const key in this.properties) {
        if (this.properties.hasOwnProperty(key)) {
          const val = this.properties[key];
          if (val) {
            if (first) {
              first = false;
            } else {
              cmdStr += ",";
            }
            cmdStr += `${key}=${escapeProperty(val)}`;
          }
        }
      }
    }
    cmdStr += `${CMD_STRING}${escapeData(this.message)}`;
    return cmdStr;
  }
};
function escapeData(s) {
  return toCommandValue(s).replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
}
function escapeProperty(s) {
  return toCommandValue(s).replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A").replace(/:/g, "%3A").replace(/,/g, "%2C");
}
function randomUUID() {
  const hex = (n) => Array.from({ length: n }, () => (Math.random() * 16 | 0).toString(16)).join("");
  const variant = (8 + Math.random() * 4 | 0).toString(16);
  return `${hex(8)}-${hex(4)}-4${hex(3)}-${variant}${hex(3)}-${hex(12)}`;
}
function issueFileCommand(command, message) {
  const filePath = process.env[`GITHUB_${command}`];
  if (!filePath) {
    throw new Error(`Unable to find environment variable for file command ${command}`);
  }
  if (!fs.existsSync(filePath)) {
    throw new Error(`Missing file at path: ${filePath}`);
  }
  fs.appendFileSync(filePath, `${toCommandValue(message)}${os2.EOL}`, {
    encoding: "utf8"
  });
}
function prepareKeyValueMessage(key, value) {
  const delimiter = `ghadelimiter_${randomUUID()}`;
  const convertedValue = toCommandValue(value);
  if (key.includes(delimiter)) {
    throw new Error(`Unexpected input: name should not contain the delimiter "${delimiter}"`);
  }
  if (convertedValue.includes(delimiter)) {
    throw new Error(`Unexpected input: value should not contain the delimiter "${delimiter}"`);
  }
  return `${key}<<${delimiter}${os2.EOL}${convertedValue}${os2.EOL}${delimiter}`;
}
var IS_WINDOWS = process.platform === "win32";
var platform = import_os.default.platform();
var arch = import_os.default.arch();
var ExitCode;
(function(ExitCode2) {
  ExitCode2[ExitCode2["Success"] = 0] = "Success";
  ExitCode2[ExitCode2["Failure"] = 1] = "Failure";
})(ExitCode || (ExitCode = {}));
function getInput(name, options) {
  const val = process.env[`INPUT_${name.replace(/ /g, "_").toUpperCase()}`] || "";
  if (options && options.required && !val) {
    throw new Error(`Input required and not supplied: ${name}`);
  }
  if (options && options.trimWhitespace === false) {
    return val;
  }
  return val.trim();
}
function setOutput(name, value) {
  const filePath = process.env["GITHUB_OUTPUT"] || "";
  if (filePath) {
    return issueFileCommand("OUTPUT", prepareKeyValueMessage(name, value));
  }
  process.stdout.write(os4.EOL);
  issueCommand("set-output", { name }, toCommandValue(value));
}
var pause = new Int32Array(new SharedArrayBuffer(4));
function runnerLog(writeFd = import_node_fs.writeSync) {
  const write = (text) => {
    const bytes = Buffer.from(text, "utf8");
    let wait = 1;
    for (let done = 0; done < bytes.length; ) {
      try {
        done += writeFd(1, bytes, done);
        wait = 1;
      } catch (error) {
        if (error.code !== "EAGAIN") return;
        Atomics.wait(pause, 0, 0, wait);
        wait = Math.min(wait * 2, 100);
      }
    }
  };
  return {
    line: (text) => write(text + import_node_os.EOL),
    command: (name, message = "", properties) => {
      const props = Object.entries(properties ?? {}).filter(([, value]) => value !== void 0 && value !== "" && value !== 0).map(([key, value]) => `${key}=${escapeProperty2(String(value))}`);
      write(`::${name}${properties ? ` ${props.join(",")}` : ""}::${escapeData2(message)}${import_node_os.EOL}`);
    }
  };
}
var escapeData2 = (s) => s.replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
var escapeProperty2 = (s) => escapeData2(s).replace(/:/g, "%3A").replace(/,/g, "%2C");
function appendStepSummary(markdown, env = process.env) {
  const file = env.GITHUB_STEP_SUMMARY;
  if (!file)
    throw new Error(
      "Unable to find environment variable for $GITHUB_STEP_SUMMARY. Check if your runtime environment supports job summaries."
    );
  try {
    (0, import_node_fs2.accessSync)(file, import_node_fs2.constants.R_OK | import_node_fs2.constants.W_OK);
  } catch {
    throw new Error(
      `Unable to access summary file: '${file}'. Check if the file has correct read/write permissions.`
    );
  }
  (0, import_node_fs2.appendFileSync)(file, markdown + import_node_os2.EOL, { encoding: "utf8" });
}
function safeLines(text) {
  return text.split(/\r\n|\r|\n|\u2028|\u2029/).map(import_chunk_TTFH7NFP.safeLogLine).filter((l) => l.length > 0);
}
function safeMessage(text) {
  return text.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]+/g, " ");
}
var ActionsUi = class {
  constructor(out = runnerLog()) {
    this.out = out;
  }
  out;
  groupOpen = false;
  log(line) {
    switch (line.kind) {
      case "group-start":
        if (this.groupOpen) this.out.command("endgroup");
        this.out.command("group", (0, import_chunk_TTFH7NFP.safeLogLine)(line.title));
        this.groupOpen = true;
        return;
      case "group-end":
        if (this.groupOpen) this.out.command("endgroup");
        this.groupOpen = false;
        return;
      case "line": {
        const lines = safeLines(line.text);
        lines.forEach((text, i) => {
          if (line.level === "debug") this.out.command("debug", text);
          else if (line.level === "info" || i > 0 || line.marked) this.out.line(text);
          else this.out.line(`${line.level === "warning" ? "\u26A0\uFE0F" : "\u274C"} ${text}`);
        });
      }
    }
  }
  annotate(level, message, where, title) {
    const props = { title: title === void 0 ? void 0 : (0, import_chunk_TTFH7NFP.safeLogLine)(title) };
    if (where) {
      props.file = where.file;
      if (where.line) props.line = where.line;
      if (where.column) props.col = where.column;
    }
    this.out.command(level, safeMessage(message), props);
  }
  /** The step fails with this message (`core.setFailed`): exit code 1 and an error annotation. */
  fail(message) {
    process.exitCode = 1;
    this.out.command("error", safeMessage(message));
  }
  setOutput(name, value) {
    setOutput(name, value);
  }
  async summary(markdown) {
    if (!process.env.GITHUB_STEP_SUMMARY) return;
    appendStepSummary(markdown);
  }
  secret(value) {
    if (value) this.out.command("add-mask", value);
  }
  close() {
    if (this.groupOpen) this.out.command("endgroup");
    this.groupOpen = false;
  }
};
function readWorkflowEvent(env) {
  const name = env.GITHUB_EVENT_NAME ?? "";
  const file = env.GITHUB_EVENT_PATH;
  if (!file || !(0, import_node_fs3.existsSync)(file)) return { name, payload: {} };
  let text;
  try {
    text = (0, import_node_fs3.readFileSync)(file, "utf8");
  } catch (error) {
    throw new Error(`cannot read the event file GITHUB_EVENT_PATH (${file}): ${(0, import_chunk_5FGLKTEA.messageOf)(error)}`);
  }
  try {
    return { name, payload: JSON.parse(text) };
  } catch (error) {
    throw new Error(
      `the event file GITHUB_EVENT_PATH (${file}) is not valid JSON (${(0, import_chunk_5FGLKTEA.messageOf)(error)}); the runner writes it for every job: check the step that changed it`
    );
  }
}
function actionContext(settings, env, signal) {
  const repository = env.GITHUB_REPOSITORY || void 0;
  const serverUrl = env.GITHUB_SERVER_URL || "https://github.com";
  return {
    signal,
    // A re-run of the same workflow run gets its own rescue branch and transcripts folder.
    runId: `${env.GITHUB_RUN_ID || Date.now()}${env.GITHUB_RUN_ATTEMPT && env.GITHUB_RUN_ATTEMPT !== "1" ? `-${env.GITHUB_RUN_ATTEMPT}` : ""}`,
    serverUrl,
    apiUrl: env.GITHUB_API_URL || "https://api.github.com",
    repository,
    tempDir: env.RUNNER_TEMP,
    env,
    backoffMs: backoffKnob(env.TASKMESH_BACKOFF_MS),
    pushBackoffMs: msKnob(env.TASKMESH_PUSH_BACKOFF_MS),
    // Read when a mode asks (plan never does), once.
    event: once(() => readWorkflowEvent(env)),
    workflow: {
      dispatch: {
        token: settings.git.token,
        apiUrl: env.GITHUB_API_URL,
        repository,
        workflowRef: env.GITHUB_WORKFLOW_REF,
        ref: env.GITHUB_REF
      },
      sha: env.GITHUB_SHA,
      serverUrl
    }
  };
}
function backoffKnob(value) {
  const ms = msKnob(value);
  return ms === void 0 ? void 0 : () => ms;
}
function msKnob(value) {
  if (value === void 0 || value.trim() === "") return void 0;
  const ms = Number(value);
  return Number.isFinite(ms) && ms >= 0 ? ms : void 0;
}
function once(read) {
  let event;
  return async () => event ??= read();
}
async function run() {
  const ui = new ActionsUi();
  const controller = new AbortController();
  const onSignal = (sig) => {
    ui.annotate("warning", `received ${sig}: stopping the running task and saving the state`);
    controller.abort();
  };
  process.once("SIGINT", () => onSignal("SIGINT"));
  process.once("SIGTERM", () => onSignal("SIGTERM"));
  let redact = (text) => text;
  try {
    const workspace = process.env.GITHUB_WORKSPACE || process.cwd();
    const settings = (0, import_chunk_W7ICJLG6.parseSettings)(
      (name) => getInput(name),
      workspace,
      process.env,
      (message) => ui.annotate("notice", message)
    );
    maskSecrets(settings, ui);
    const redactor = (0, import_chunk_Q6IDVZC3.runRedactor)(settings);
    redact = (text) => redactor.redact(text);
    const ctx = actionContext(settings, process.env, controller.signal);
    const { failure } = await import_chunk_W7ICJLG6.modes[settings.mode](settings, ui, ctx);
    if (failure) ui.fail(failure);
  } catch (error) {
    ui.fail(redact((0, import_chunk_5FGLKTEA.messageOf)(error)));
  } finally {
    ui.close();
  }
}
function maskSecrets(settings, ui) {
  for (const secret of [settings.claude.apiKey, settings.claude.oauthToken, settings.git.token])
    if (secret) ui.secret(secret);
  if (settings.git.token) ui.secret((0, import_chunk_Q6IDVZC3.basicAuthHeader)(settings.git.token).replace(/^AUTHORIZATION: basic /, ""));
}
void run();
