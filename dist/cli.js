#!/usr/bin/env node
import { createRequire as __taskmeshCreateRequire } from 'node:module';
const require = __taskmeshCreateRequire(import.meta.url);
import {
  runDecompose
} from "./chunks/chunk-HH434R23.js";
import {
  INPUT_DEFAULTS,
  SettingsError,
  parseSettings
} from "./chunks/chunk-QSUJVITK.js";
import {
  runRun
} from "./chunks/chunk-4ZSBFFBH.js";
import "./chunks/chunk-CG4UYVWS.js";
import {
  TaskFileError,
  loadTaskFile,
  runPlan
} from "./chunks/chunk-L6HOTDDX.js";
import "./chunks/chunk-LGLNZAFP.js";
import "./chunks/chunk-FESD2FO7.js";
import "./chunks/chunk-QWSUOU2S.js";
import "./chunks/chunk-GHDUZPQX.js";

// src/cli.ts
import path from "node:path";

// src/adapters/terminal-ui.ts
var TerminalUi = class {
  constructor(out = process.stdout, err = process.stderr, opts = {}) {
    this.out = out;
    this.err = err;
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
${line.title}
`);
    else if (line.kind === "line") {
      if (line.level === "debug" && !this.opts.verbose) return;
      const prefix = line.level === "warning" ? "warning: " : line.level === "error" ? "error: " : "";
      this.out.write(`  ${prefix}${line.text}
`);
    }
  }
  annotate(level, message, where) {
    const place = where ? `${where.file}${where.line ? `:${where.line}${where.column ? `:${where.column}` : ""}` : ""}: ` : "";
    this.err.write(`${place}${level}: ${message}
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

// src/cli.ts
var USAGE = `usage: taskmesh <command> [task-file] [--<input> <value>\u2026]

commands:
  validate [file]   check a task file; every problem with its line; exit 1 when invalid
  plan [file]       validate, then show the waves of tasks a run would start
  run [file]        run the ready tasks through Claude Code in this git repository
  decompose "<request>"
                    turn a request into new tasks in the task file (--task-file, default task.json);
                    Claude only reads; --request-file <path> instead of the text, --project for a new file

flags are the action's inputs, e.g. --max-turns 10, --model claude-sonnet-4-5, --tasks a,b,
--max-budget-usd 2, --commit true. A flag without a value means true (--retry-failed).
Locally, commit and push default to false: the changes stay in your working tree.
Run 'taskmesh help inputs' for the full list.`;
var BOOLEAN_INPUTS = new Set(
  Object.entries(INPUT_DEFAULTS).filter(([, v]) => v === "true" || v === "false").map(([k]) => k)
);
var LOCAL_DEFAULTS = { commit: "false", push: "false" };
function parseArgv(argv) {
  const [command = "help", ...rest] = argv;
  const inputs = /* @__PURE__ */ new Map();
  let file;
  for (let i = 0; i < rest.length; i++) {
    const a = rest[i];
    if (a.startsWith("--")) {
      const eq = a.indexOf("=");
      const name = (eq > 0 ? a.slice(2, eq) : a.slice(2)).trim();
      if (!(name in INPUT_DEFAULTS))
        throw new SettingsError([`unknown flag --${name}; run 'taskmesh help inputs'`]);
      let value;
      if (eq > 0) value = a.slice(eq + 1);
      else if (i + 1 < rest.length && !rest[i + 1].startsWith("--") && (!BOOLEAN_INPUTS.has(name) || /^(true|false|yes|no|on|off|1|0)$/i.test(rest[i + 1])))
        value = rest[++i];
      else value = "true";
      inputs.set(name, value);
    } else if (file === void 0) file = a;
    else throw new SettingsError([`unexpected argument "${a}"`]);
  }
  return { command, file, inputs };
}
async function main(argv, env = process.env) {
  const ui = new TerminalUi();
  let parsed;
  try {
    parsed = parseArgv(argv);
  } catch (e) {
    process.stderr.write(`${e.message}
${USAGE}
`);
    return 2;
  }
  const { command, file, inputs } = parsed;
  if (command === "help" || command === "--help" || command === "-h") {
    if (file === "inputs")
      process.stdout.write(
        Object.entries(INPUT_DEFAULTS).map(([k, v]) => `--${k}${v ? ` (default ${LOCAL_DEFAULTS[k] ?? v})` : ""}`).join("\n") + "\n"
      );
    else process.stdout.write(`${USAGE}
`);
    return 0;
  }
  if (!["validate", "plan", "run", "decompose"].includes(command)) {
    process.stderr.write(`unknown command "${command}"
${USAGE}
`);
    return 2;
  }
  const cwd = process.cwd();
  try {
    const settings = parseSettings(
      (name) => {
        if (name === "request" && command === "decompose" && file) return file;
        if (name === "task-file" && file && command !== "decompose") return path.resolve(cwd, file);
        if (name === "mode") return command === "validate" ? "plan" : command;
        return inputs.get(name) ?? LOCAL_DEFAULTS[name] ?? "";
      },
      cwd,
      env,
      (m) => ui.annotate("notice", m)
    );
    if (command === "validate") {
      const doc = await loadTaskFile(settings, ui);
      process.stdout.write(`${settings.taskFileDisplay}: valid (${doc.data.tasks.length} tasks)
`);
      return 0;
    }
    if (command === "plan") {
      await runPlan(settings, ui);
      return 0;
    }
    const controller = new AbortController();
    process.once("SIGINT", () => controller.abort());
    process.once("SIGTERM", () => controller.abort());
    if (command === "decompose") {
      const planned = await runDecompose(settings, ui, {
        signal: controller.signal,
        runId: `local-${Date.now()}`,
        env
      });
      process.stdout.write(`
${ui.reports.join("\n")}
`);
      if (planned.failure) process.stderr.write(`error: ${planned.failure}
`);
      return planned.failure ? 1 : 0;
    }
    const outcome = await runRun(settings, ui, {
      signal: controller.signal,
      runId: `local-${Date.now()}`,
      env
    });
    process.stdout.write(`
${ui.reports.join("\n")}
`);
    if (outcome.failure) process.stderr.write(`error: ${outcome.failure}
`);
    return outcome.failure ? 1 : 0;
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    process.stderr.write(
      e instanceof TaskFileError ? `${message.split("\n")[0].replace(/:$/, ".")}
` : `error: ${message}
`
    );
    return 1;
  }
}
process.exitCode = await main(process.argv.slice(2));
export {
  main,
  parseArgv
};
