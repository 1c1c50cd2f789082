#!/usr/bin/env node
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
var cli_exports = {};
__export(cli_exports, {
  main: () => main
});
module.exports = __toCommonJS(cli_exports);
var import_chunk_W7ICJLG6 = require("./chunks/startup.js")("chunk-W7ICJLG6.js");
var import_chunk_TTFH7NFP = require("./chunks/startup.js")("chunk-TTFH7NFP.js");
var import_chunk_T3KJSQRI = require("./chunks/startup.js")("chunk-T3KJSQRI.js");
var import_chunk_JD7SAOXD = require("./chunks/startup.js")("chunk-JD7SAOXD.js");
var import_chunk_5FGLKTEA = require("./chunks/startup.js")("chunk-5FGLKTEA.js");
var import_chunk_SEWDMQ6Q = require("./chunks/startup.js")("chunk-SEWDMQ6Q.js");
var import_promises = require("node:fs/promises");
var import_node_os = __builtinNamespace(require("node:os"));
var import_node_path = __builtinNamespace(require("node:path"));
var package_default = {
  name: "taskmesh",
  version: "0.1.0",
  description: "A GitHub Action that runs a repository's task.json through the Claude Code CLI: dependency-ordered tasks, honest state, one commit per task, pull requests for review.",
  license: "MIT",
  type: "module",
  private: true,
  engines: {
    node: ">=22"
  },
  bin: {
    taskmesh: "dist/cli.js"
  },
  scripts: {
    build: "node scripts/build.mjs",
    typecheck: "tsc --noEmit",
    lint: "eslint . && prettier --check .",
    format: "prettier --write .",
    test: "node scripts/test.mjs",
    "test:vitest": "vitest run",
    "test:node24": 'TASKMESH_TEST_NODE="$(scripts/node24.sh)" vitest run test/e2e/plan.test.ts test/e2e/run-basic.test.ts test/e2e/engine-failures.test.ts test/e2e/parallel.test.ts test/e2e/persist-pr.test.ts test/e2e/decompose.test.ts test/e2e/cancel.test.ts test/e2e/sandbox.test.ts test/e2e/claude-install.test.ts test/e2e/cli.test.ts test/e2e/runtime.test.ts test/e2e/local-action.test.ts',
    "check-dist": "node scripts/check-dist.mjs",
    "check-workflows": "node scripts/run-ts.mjs --bundle scripts/check-workflows.ts",
    schema: "node scripts/run-ts.mjs scripts/gen-schema.ts",
    demo: "node scripts/run-ts.mjs scripts/demo.ts",
    bench: "node scripts/run-ts.mjs bench/run-all.ts"
  },
  dependencies: {
    "@actions/core": "3.0.1",
    "@actions/github": "9.1.1",
    "@anthropic-ai/sandbox-runtime": "0.0.83",
    zod: "4.6.7"
  },
  devDependencies: {
    "@actions/languageservice": "0.3.61",
    "@actions/workflow-parser": "0.3.61",
    "@anthropic-ai/claude-code": "2.1.332",
    "@eslint/js": "9.39.5",
    "@github/local-action": "7.0.1",
    "@types/node": "20.19.43",
    esbuild: "0.28.2",
    eslint: "9.39.5",
    prettier: "3.10.1",
    "task-master-ai": "0.43.1",
    typescript: "5.9.3",
    "typescript-eslint": "8.73.0",
    vitest: "4.1.12",
    "vscode-languageserver-textdocument": "1.0.16",
    yaml: "2.9.1"
  },
  allowScripts: {
    esbuild: true,
    "node-pty": true,
    protobufjs: true,
    tldjs: true,
    "tree-sitter-bash": true,
    "@anthropic-ai/claude-code": true
  }
};
var COMMANDS = ["validate", "plan", "run", "decompose"];
var USAGE = `usage: taskmesh <command> [task-file] [--<flag> <value>\u2026]

commands:
  validate [file\u2026]  check task files; every problem with its line; exit 1 when one is invalid
  plan [file]       validate, then show the waves of tasks a run would start
  run [file]        run the ready tasks through Claude Code in this git repository
  decompose "<request>"
                    turn a request into new tasks in the task file (--task-file, default task.json)

  taskmesh <command> --help   what a command does and the flags it takes
  taskmesh help inputs        every flag, with its default and a line of description
  taskmesh --version          the version of taskmesh

Flags have the names of the action's inputs: --max-turns 10, --model claude-sonnet-4-5, --tasks a,b,
--max-budget-usd 2, --commit true. A flag without a value means true (--retry-failed).
Locally, commit and push default to false: the changes stay in your working tree.`;
var COMMAND_HELP = {
  validate: `usage: taskmesh validate [file\u2026]

Checks each task file (default task.json) and says "valid", or lists every problem as file:line:column.
Probable typos (an unknown key such as dependsOn near a known one) are warnings. Several files at once,
as pre-commit hooks pass them. Exit code 1 when a file is invalid or missing, 0 otherwise.`,
  plan: `usage: taskmesh plan [file] [--tasks a,b]

Validates the task file, then shows the counts of tasks by status and the waves a run would start.
Changes nothing and never calls Claude.`,
  run: `usage: taskmesh run [file] [--<flag> <value>\u2026]

Runs the ready tasks through Claude Code in this git repository, in dependency order, and records their
state in the task file. Locally, --commit and --push default to false: the changes stay in the working
tree (--commit true commits each task; --push true pushes too). Needs ANTHROPIC_API_KEY or
CLAUDE_CODE_OAUTH_TOKEN in the environment (or --anthropic-api-key / --claude-code-oauth-token).
At the end: a table of the tasks that ran, and the path of the full Markdown report.
Common flags: --tasks a,b  --max-turns N  --model M  --max-attempts N  --max-budget-usd X  --retry-failed
--parallel N (with --commit true)  --allow-dirty  --claude-path PATH. All flags: taskmesh help inputs`,
  decompose: `usage: taskmesh decompose "<request>" [--task-file F] [--request-file PATH] [--project NAME]

Asks Claude (read-only) to turn the request into new tasks and appends them to the task file.
--request-file names a file holding the request instead of the text; --project (and --description)
create the task file when it does not exist yet.`
};
var FLAG_HELP = {
  mode: "the command names the mode locally (refused as a flag)",
  "task-file": "path of the task file, relative to --working-directory",
  "task-format": "auto, taskmesh or taskmaster (Task Master's .taskmaster/tasks/tasks.json)",
  tag: "Task Master: the tag to run; empty: currentTag of .taskmaster/state.json, else master",
  "review-counts-as-done": "Task Master: a task in review counts as done for its dependents",
  "working-directory": "folder the run works in (the repository or a folder inside it)",
  tasks: "comma-separated task ids to run; empty runs every ready task",
  "anthropic-api-key": "Anthropic API key; ANTHROPIC_API_KEY in the environment works too",
  "claude-code-oauth-token": "Claude Code OAuth token, instead of an API key",
  "claude-path": "path of the claude executable; empty uses claude on PATH or installs --claude-version",
  "claude-version": "version of @anthropic-ai/claude-code to install when claude is not on PATH",
  model: "Claude model for every task (a task's model overrides it)",
  "max-turns": "most agent turns per attempt (a task's maxTurns overrides it)",
  "permission-mode": "Claude Code permission mode (acceptEdits, bypassPermissions, default, dontAsk, plan, auto)",
  "allowed-tools": "comma-separated tools Claude may use, e.g. Read,Edit,Write,Bash(npm test)",
  "disallowed-tools": "comma-separated tools Claude must not use",
  "append-system-prompt": "text appended to Claude Code's system prompt for every task",
  "claude-args": "extra flags for claude, split like a shell would split them",
  sandbox: "auto (contain Claude and verify where bubblewrap works, warn otherwise), required (fail instead) or off",
  "allowed-domains": "hosts the sandbox lets tasks reach besides the model API, e.g. registry.npmjs.org",
  "max-attempts": "attempts per task before it is marked failed (a task's maxAttempts overrides it)",
  "retry-failed": "put failed tasks back to pending first",
  "task-timeout-minutes": "minutes one attempt may run (a task's timeoutMinutes overrides it)",
  "max-budget-usd": "spending cap for the whole run in USD; empty: no cap",
  "max-tasks": "most tasks to run; empty: no limit",
  "fail-on-task-failure": "exit 1 when a task failed or the run stopped on an error",
  commit: "commit each finished task (its files and the task file)",
  push: "push after each task commit (needs --commit true)",
  "allow-dirty": "allow uncommitted changes at the start; they are never part of a task commit",
  "git-user-name": "author and committer name of the task commits",
  "git-user-email": "author and committer email of the task commits",
  "github-token": "token for pushing over HTTPS; empty: your own git credentials",
  branch: "commit and push to this branch (created from HEAD when missing)",
  base: "base branch of the pull request (refused locally, like --pull-request)",
  "pull-request": "pull requests are opened by the action only (refused locally)",
  draft: "only with pull requests (refused locally)",
  labels: "only with pull requests (refused locally)",
  "allow-untrusted-trigger": "only for workflow events (refused locally)",
  "allowed-bots": "only for mode: review, which answers pull-request comments (refused locally)",
  parallel: "how many independent tasks run at once, each in its own git worktree (needs --commit true)",
  "dispatch-next": "only in a workflow run (refused locally)",
  request: "decompose: the request (the positional argument)",
  "request-file": "decompose: a file in the repository holding the request",
  project: "decompose: project name when the task file does not exist yet",
  description: "decompose: project description when the task file does not exist yet"
};
var REFUSED_LOCALLY = {
  mode: "the command is the mode: taskmesh run, taskmesh plan, taskmesh decompose (review runs on pull-request events only)",
  "pull-request": "the local command does not open pull requests; use --commit true --push true --branch <name>, then open one yourself (or let the action do it)",
  base: "it only sets the base of a pull request, which the local command does not open",
  draft: "it only applies to pull requests, which the local command does not open",
  labels: "it only applies to pull requests, which the local command does not open",
  "dispatch-next": "it starts the workflow again with workflow_dispatch, which only a workflow run can do",
  "allow-untrusted-trigger": "it is about the event that started a workflow run; there is none locally",
  "allowed-bots": "it is for mode: review, which answers pull-request review comments in a workflow run"
};
function flagList(localDefaults) {
  const names = Object.keys(import_chunk_W7ICJLG6.INPUT_DEFAULTS);
  const width = Math.max(...names.map((n) => n.length)) + 2;
  return names.map((name) => {
    const value = localDefaults[name] ?? import_chunk_W7ICJLG6.INPUT_DEFAULTS[name];
    const def = value && !REFUSED_LOCALLY[name] ? ` (default ${value})` : "";
    return `  --${name.padEnd(width)}${FLAG_HELP[name]}${def}`;
  }).join("\n");
}
var INPUT_NAMES = new Set(Object.keys(import_chunk_W7ICJLG6.INPUT_DEFAULTS));
var NAME = "([a-z][a-z-]*)";
function localWording(text) {
  const flag = (all, name, value) => INPUT_NAMES.has(name) ? `--${name}${value ? ` ${value}` : ""}` : all;
  return text.replace(new RegExp(`the [\`"]?${NAME}[\`"]? input`, "g"), (all, n) => flag(all, n)).replace(new RegExp(`(?:the )?input [\`"]${NAME}[\`"]`, "g"), (all, n) => flag(all, n)).replace(new RegExp(`\`${NAME}: (true|false)\``, "g"), (all, n, v) => flag(all, n, v)).replace(
    new RegExp(`(?<![\\w-])${NAME}: (true|false)\\b`, "g"),
    (all, n, v) => flag(all, n, v)
  ).replace(
    new RegExp(`(?<![\\w-])${NAME} / (?=[a-z]+[A-Z])`, "g"),
    (all, n) => INPUT_NAMES.has(n) ? `--${n} / ` : all
  ).replace(/\b(\d+) inputs are invalid/, "$1 flags are invalid");
}
var BOOLEAN_INPUTS = new Set(
  Object.entries(import_chunk_W7ICJLG6.INPUT_DEFAULTS).filter(([, v]) => v === "true" || v === "false").map(([k]) => k)
);
var LOCAL_DEFAULTS = { commit: "false", push: "false" };
function parseArgv(argv) {
  const [first = "help", ...rest] = argv;
  const command = first;
  const inputs = /* @__PURE__ */ new Map();
  const files = [];
  let help = false;
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i];
    if (arg === "--help" || arg === "-h") {
      help = true;
      continue;
    }
    if (arg.startsWith("--")) {
      const eq = arg.indexOf("=");
      const name = (eq > 0 ? arg.slice(2, eq) : arg.slice(2)).trim();
      if (!(name in import_chunk_W7ICJLG6.INPUT_DEFAULTS))
        throw new import_chunk_W7ICJLG6.SettingsError([`unknown flag --${name}; run 'taskmesh help inputs'`]);
      const refused = REFUSED_LOCALLY[name];
      if (refused) throw new import_chunk_W7ICJLG6.SettingsError([`--${name} is not available in the local command: ${refused}`]);
      let value;
      if (eq > 0) value = arg.slice(eq + 1);
      else if (i + 1 < rest.length && !rest[i + 1].startsWith("--") && (!BOOLEAN_INPUTS.has(name) || /^(true|false|yes|no|on|off|1|0)$/i.test(rest[i + 1])))
        value = rest[++i];
      else value = "true";
      inputs.set(name, value);
    } else files.push(arg);
  }
  if (files.length > 1 && command !== "validate" && command !== "help")
    throw new import_chunk_W7ICJLG6.SettingsError([`unexpected argument "${files[1]}" (${command} takes one task file)`]);
  return { command, files, inputs, help };
}
var TerminalUi = class {
  constructor(out2 = process.stdout, err2 = process.stderr, opts = {}) {
    this.out = out2;
    this.err = err2;
    this.opts = opts;
  }
  out;
  err;
  opts;
  outputs = /* @__PURE__ */ new Map();
  summaries = [];
  log(line) {
    if (this.opts.quiet) return;
    if (line.kind === "group-start") this.out.write(`
${localWording(line.title)}
`);
    else if (line.kind === "line") {
      if (line.level === "debug" && !this.opts.verbose) return;
      const prefix = line.level === "warning" ? "warning: " : line.level === "error" ? "error: " : "";
      this.out.write(`  ${prefix}${localWording(line.text)}
`);
    }
  }
  annotate(level, message, where) {
    const place = where ? `${where.file}${where.line ? `:${where.line}${where.column ? `:${where.column}` : ""}` : ""}: ` : "";
    this.err.write(`${place}${level}: ${localWording(message)}
`);
  }
  setOutput(name, value) {
    this.outputs.set(name, value);
  }
  async summary(markdown) {
    this.summaries.push(markdown);
  }
  secret() {
  }
  /** The Markdown reports written during the run. */
  get reports() {
    return this.summaries;
  }
};
var MAX_FILES = 3;
function displayWidth(text) {
  let width = 0;
  for (const ch of text) {
    const cp = ch.codePointAt(0);
    if (cp >= 768 && cp <= 879) continue;
    if (cp === 65039 || cp === 8203 || cp === 8205) continue;
    width += cp >= 4352 && (cp <= 4447 || cp >= 11904 && cp <= 42191 || cp >= 126976) ? 2 : 1;
  }
  return width;
}
function textTable(rows, right = /* @__PURE__ */ new Set(), indent = "  ") {
  const widths = [];
  for (const row of rows) row.forEach((cell, i) => widths[i] = Math.max(widths[i] ?? 0, displayWidth(cell)));
  return rows.map(
    (row) => (indent + row.map((cell, i) => {
      const pad = " ".repeat(widths[i] - displayWidth(cell));
      if (i === row.length - 1 && !right.has(i)) return cell;
      return right.has(i) ? pad + cell : cell + pad;
    }).join("  ")).trimEnd()
  ).join("\n");
}
function filesCell(outputs) {
  if (outputs.length === 0) return "\u2014";
  const shown = outputs.slice(0, MAX_FILES).join(", ");
  return outputs.length > MAX_FILES ? `${shown} +${outputs.length - MAX_FILES} more` : shown;
}
function renderTerminalReport(report, opts = {}) {
  const redact = opts.redact ?? ((t2) => t2);
  const clean = (t2) => (0, import_chunk_TTFH7NFP.safeLogLine)(redact(t2));
  const t = report.totals;
  const counts = [`${t.completed} completed`, `${t.failed} failed`, `${t.pending} pending`];
  if (t.blocked) counts.push(`${t.blocked} blocked`);
  if (t.inProgress) counts.push(`${t.inProgress} in progress`);
  const out2 = [
    `${clean(report.project)}: ${counts.join(" \xB7 ")} \xB7 ${(0, import_chunk_T3KJSQRI.formatUsd)(t.costUsd)} \xB7 ${(0, import_chunk_T3KJSQRI.formatDuration)(report.wallMs)}`
  ];
  if (report.stopReason)
    out2.push(`run stopped (${report.stopReason.kind}): ${clean((0, import_chunk_T3KJSQRI.firstLine)(report.stopReason.message, 300))}`);
  const ran = report.tasks.filter((task) => task.ranThisRun);
  if (ran.length === 0) out2.push("no task ran: none was ready");
  else {
    const rows = [["task", "status", "attempts", "time", "cost", "files"]];
    for (const task of ran)
      rows.push([
        clean(task.id),
        (0, import_chunk_T3KJSQRI.statusLabel)(task.status),
        String(task.attempts),
        (0, import_chunk_T3KJSQRI.formatDuration)(task.durationMs),
        (0, import_chunk_T3KJSQRI.formatUsd)(task.costUsd),
        clean(filesCell(task.outputs))
      ]);
    out2.push("", textTable(rows, /* @__PURE__ */ new Set([2, 3, 4])));
    const failed = ran.filter((task) => task.status === "failed" && task.error);
    if (failed.length) {
      out2.push("");
      for (const task of failed)
        out2.push(`${clean(task.id)} failed: ${clean((0, import_chunk_T3KJSQRI.firstLine)(task.error, opts.maxReason ?? 300))}`);
    }
  }
  const others = report.tasks.length - ran.length;
  if (ran.length && others) out2.push("", `${(0, import_chunk_T3KJSQRI.plural)(others, "other task")} did not run this time.`);
  if (opts.summaryFile) out2.push("", `Full report (Markdown): ${opts.summaryFile}`);
  return out2.join("\n");
}
var out = (text) => process.stdout.write(`${text}
`);
var err = (text) => process.stderr.write(`${localWording(text)}
`);
async function main(argv, env = process.env) {
  if (argv[0] === "--version" || argv[0] === "-V" || argv[0] === "version") {
    out(`taskmesh ${package_default.version}`);
    return 0;
  }
  let parsed;
  try {
    parsed = parseArgv(argv);
  } catch (e) {
    err(`${e.message}

${USAGE}`);
    return 2;
  }
  const { command, files, inputs } = parsed;
  if (command === "help" || command === "--help" || command === "-h") {
    const topic = files[0];
    if (topic === "inputs" || topic === "flags")
      out(`flags (named like the action's inputs):
${flagList(LOCAL_DEFAULTS)}`);
    else if (topic && COMMANDS.includes(topic)) out(COMMAND_HELP[topic]);
    else out(USAGE);
    return 0;
  }
  if (!COMMANDS.includes(command)) {
    err(`unknown command "${command}"

${USAGE}`);
    return 2;
  }
  if (parsed.help) {
    out(COMMAND_HELP[command]);
    return 0;
  }
  const ui = new TerminalUi();
  const cwd = process.cwd();
  const notice = (m) => ui.annotate("notice", m);
  try {
    const read = (file) => (name) => {
      if (name === "request" && command === "decompose" && file) return file;
      if (name === "task-file" && file && command !== "decompose") return import_node_path.default.resolve(cwd, file);
      if (name === "mode") return command === "validate" ? "plan" : command;
      return inputs.get(name) ?? LOCAL_DEFAULTS[name] ?? "";
    };
    if (command === "validate") {
      let invalid = 0;
      for (const file of files.length ? files : [void 0])
        if (!await validateOne((0, import_chunk_W7ICJLG6.parseSettings)(read(file), cwd, env, notice), ui)) invalid++;
      if (files.length > 1)
        out(
          invalid ? `${invalid} of ${files.length} files are not valid` : `all ${files.length} files are valid`
        );
      return invalid ? 1 : 0;
    }
    const settings = (0, import_chunk_W7ICJLG6.parseSettings)(read(files[0]), cwd, env, notice);
    const controller = new AbortController();
    if (command !== "plan") {
      process.once("SIGINT", () => controller.abort());
      process.once("SIGTERM", () => controller.abort());
    }
    const runId = `local-${Date.now()}`;
    const outcome = await import_chunk_W7ICJLG6.modes[settings.mode](settings, ui, { signal: controller.signal, runId, env });
    if (command === "plan") return 0;
    const summaryFile = await saveSummary(ui, runId);
    if (command === "decompose" && summaryFile) out(`
Full report (Markdown): ${summaryFile}`);
    if (outcome.report) out(`
${renderTerminalReport(outcome.report, { summaryFile })}`);
    if (outcome.failure) err(`error: ${outcome.failure}`);
    return outcome.failure ? 1 : 0;
  } catch (e) {
    const message = (0, import_chunk_5FGLKTEA.messageOf)(e);
    err(e instanceof import_chunk_T3KJSQRI.TaskFileError ? `${message.split("\n")[0].replace(/:$/, ".")}` : `error: ${message}`);
    return 1;
  }
}
async function validateOne(settings, ui) {
  const file = settings.taskFileDisplay;
  const loaded = await import_chunk_JD7SAOXD.TaskDocument.read(settings.taskFilePath, file, settings.taskFormat);
  if (!loaded.ok && loaded.problems[0]?.code === "file-missing") {
    err(`${file}: not found (looked for ${settings.taskFilePath})`);
    return false;
  }
  (0, import_chunk_T3KJSQRI.reportWarnings)(ui, loaded.ok ? loaded.document.warnings : loaded.warnings ?? [], file);
  if (!loaded.ok) {
    (0, import_chunk_T3KJSQRI.reportProblems)(ui, loaded.problems, file);
    const n = loaded.problems.length;
    err(`${file}: not valid (${n} problem${n === 1 ? "" : "s"})`);
    return false;
  }
  const { tasks } = loaded.document.data;
  const w = loaded.document.warnings.length;
  out(
    `${file}: valid (${tasks.length} task${tasks.length === 1 ? "" : "s"}${w ? `, ${w} warning${w === 1 ? "" : "s"}` : ""})`
  );
  return true;
}
async function saveSummary(ui, runId) {
  if (ui.reports.length === 0) return void 0;
  const dir = ui.outputs.get("transcripts-dir") ?? import_node_path.default.join(import_node_os.default.tmpdir(), "taskmesh", runId);
  const file = import_node_path.default.join(dir, "summary.md");
  try {
    await (0, import_promises.mkdir)(dir, { recursive: true });
    await (0, import_promises.writeFile)(file, `${ui.reports.join("\n")}
`);
    return file;
  } catch (e) {
    err(`warning: could not write the report to ${file}: ${e.message}`);
    return void 0;
  }
}
void main(process.argv.slice(2)).then((code) => process.exitCode = code);
// Annotate the CommonJS export names for ESM import in node:
0 && (module.exports = {
  main
});
