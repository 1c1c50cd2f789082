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
var chunk_MRPKCQQM_exports = {};
__export(chunk_MRPKCQQM_exports, {
  commitUrlBase: () => commitUrlBase,
  runFailure: () => runFailure,
  runHasWork: () => runHasWork,
  runTasks: () => runTasks
});
module.exports = __toCommonJS(chunk_MRPKCQQM_exports);
var import_chunk_TTFH7NFP = require("./startup.js")("chunk-TTFH7NFP.js");
var import_chunk_KJXOH3DM = require("./chunk-KJXOH3DM.js");
var import_chunk_T3KJSQRI = require("./startup.js")("chunk-T3KJSQRI.js");
var import_chunk_LTSEQ4IO = require("./chunk-LTSEQ4IO.js");
var import_chunk_JD7SAOXD = require("./startup.js")("chunk-JD7SAOXD.js");
var import_chunk_5FGLKTEA = require("./startup.js")("chunk-5FGLKTEA.js");
var import_node_path = __builtinNamespace(require("node:path"));
var import_node_path2 = __builtinNamespace(require("node:path"));
var import_promises = require("node:fs/promises");
var import_node_path3 = __builtinNamespace(require("node:path"));
var import_node_child_process = require("node:child_process");
var SchedulingPriority = class {
  chain;
  dependents;
  constructor(graph, tasks) {
    const weights = /* @__PURE__ */ new Map();
    for (const t of tasks)
      weights.set(t.id, t.estimateMinutes ? t.estimateMinutes : t.durationMs ? t.durationMs / 6e4 : 1);
    this.chain = graph.longestRemainingChain((id) => weights.get(id) ?? 1);
    this.dependents = graph.remainingDependents();
  }
  /** Negative when `a` should start before `b`, 0 when neither comes first. */
  compare(a, b) {
    return (this.chain.get(b) ?? 0) - (this.chain.get(a) ?? 0) || (this.dependents.get(b) ?? 0) - (this.dependents.get(a) ?? 0);
  }
  /** The ready task to start next; `ready` as TaskGraph.ready orders it, which breaks the last ties. */
  pick(ready) {
    let best = ready[0];
    for (let k = 1; k < ready.length; k++) if (this.compare(ready[k], best) < 0) best = ready[k];
    return best;
  }
};
function scopeProblems(tasks, only, retryFailed) {
  if (!only.length) return [];
  const byId = new Map(tasks.map((task) => [task.id, task]));
  const named = new Set(only);
  const problems = [];
  for (const taskId of only) {
    const task = byId.get(taskId);
    if (!task) {
      problems.push({ code: "unknown", taskId });
      continue;
    }
    const status = (0, import_chunk_JD7SAOXD.statusOf)(task);
    const held = (0, import_chunk_JD7SAOXD.heldReason)(task);
    if (held !== void 0) problems.push({ code: "held", taskId, reason: held });
    else if (status === "completed") problems.push({ code: "completed", taskId });
    else if (status === "failed" && !retryFailed) problems.push({ code: "failed", taskId });
    else {
      const waitsFor = (task.dependencies ?? []).filter(
        (d) => (0, import_chunk_JD7SAOXD.statusOf)(byId.get(d) ?? { status: "pending" }) !== "completed" && !named.has(d)
      );
      if (waitsFor.length) problems.push({ code: "not-ready", taskId, waitsFor });
    }
  }
  return problems;
}
function reopenAtStart(task, retryFailed, scope) {
  const status = (0, import_chunk_JD7SAOXD.statusOf)(task);
  if (status === "in_progress") return "resume";
  if (status === "failed" && retryFailed && scope.inScope(task.id)) return "retry";
  return void 0;
}
function runHasWork(tasks, only, retryFailed) {
  const scope = new Scheduler({ only });
  if (tasks.some((task) => reopenAtStart(task, retryFailed, scope))) return true;
  if (scopeProblems(tasks, only, retryFailed).length) return true;
  return scope.next(tasks) !== void 0;
}
var Scheduler = class {
  /** Tasks running at the same time, at most. */
  parallel;
  only;
  /** Tasks started in this run (whatever became of them). */
  picked = /* @__PURE__ */ new Set();
  priority;
  constructor(o) {
    this.parallel = Math.max(1, o.parallel ?? 1);
    this.only = o.only.length ? new Set(o.only) : null;
  }
  /** Whether the run may touch the task (every task when the run is not restricted). */
  inScope(id) {
    return !this.only || this.only.has(id);
  }
  /** Tasks started in this run so far. */
  get startedCount() {
    return this.picked.size;
  }
  hasStarted(id) {
    return this.picked.has(id);
  }
  /** Records that the task starts now: it is never picked again in this run. */
  markStarted(id) {
    this.picked.add(id);
  }
  /**
   * Ready tasks this run may still start (in scope, not started yet), in file order. `unsettled`: completed
   * tasks whose commit is not made yet; a task that depends on one is not ready yet.
   */
  waiting(tasks, unsettled, graph = new import_chunk_T3KJSQRI.TaskGraph(tasks)) {
    return graph.ready().filter(
      (id) => !this.picked.has(id) && this.inScope(id) && !(unsettled?.size && graph.dependencies(id).some((d) => unsettled.has(d)))
    );
  }
  /** The next task to start, if one is ready: critical path first in parallel runs (priority.ts). */
  next(tasks, unsettled) {
    const graph = new import_chunk_T3KJSQRI.TaskGraph(tasks);
    const ready = this.waiting(tasks, unsettled, graph);
    if (ready.length <= 1 || this.parallel <= 1) return ready[0];
    if (this.priority?.tasks !== tasks) this.priority = { tasks, order: new SchedulingPriority(graph, tasks) };
    return this.priority.order.pick(ready);
  }
};
function resetsWorkTree(kind) {
  return kind !== "verify";
}
function stopsRun(kind) {
  return kind === "credentials" || kind === "rate-limit" || kind === "setup" || kind === "cancelled";
}
var MAX_TIMELINE = 400;
var MAX_SCANNED_BYTES = 20 * 1024 * 1024;
var MAX_VERIFY_MS = 30 * 6e4;
var AttemptRunner = class {
  constructor(context) {
    this.context = context;
  }
  context;
  /** Claude, then `verify` when Claude succeeded and the task has one. */
  async run(request) {
    if (request.budget !== void 0 && request.budget <= 0)
      return {
        outcome: { ok: false, kind: "budget", reason: (0, import_chunk_TTFH7NFP.describeNotice)({ type: "no-budget-left" }) },
        costUsd: 0,
        turns: 0
      };
    const session = await this.runClaude(request);
    const result = session.result;
    const info = request.info;
    if (result) {
      info.inputTokens += result.usage.inputTokens + result.usage.cacheReadInputTokens + result.usage.cacheCreationInputTokens;
      info.outputTokens += result.usage.outputTokens;
    }
    let outcome = session.outcome;
    await request.afterClaude();
    if (session.denied) this.context.recordDenied(request.taskId, session.denied, "Claude");
    if (outcome.ok && request.task.verify) outcome = await this.runVerify(request, request.task.verify);
    return {
      outcome,
      costUsd: result?.totalCostUsd ?? 0,
      turns: result?.numTurns ?? 0,
      sessionId: result?.sessionId ?? void 0,
      finalMessage: result?.result || void 0
    };
  }
  runClaude(request) {
    const { observer, redact, clock } = this.context;
    const { taskId, info } = request;
    const started = clock.now();
    let turns = 0;
    const onEvent = (event) => {
      if (event.kind === "usage") turns++;
      if (event.kind === "tool-use" && info.timeline.length < MAX_TIMELINE)
        info.timeline.push(redact(event.summary));
      observer.emit({ type: "claude", taskId, event: redactEvent(event, redact) });
    };
    return this.context.claude.run({
      prompt: request.prompt,
      cwd: request.workspace.cwd,
      writableRoot: request.writableRoot,
      model: request.model,
      maxTurns: request.maxTurns,
      maxBudgetUsd: request.budget,
      allowedTools: request.allowedTools,
      timeoutMs: request.timeoutMs,
      transcriptPath: import_node_path2.default.join(
        this.context.transcriptsDir,
        safeSegment(taskId),
        `attempt-${request.attemptNumber}.jsonl`
      ),
      redactTranscript: this.context.redactsTranscripts ? redact : void 0,
      onEvent,
      signal: this.context.signal,
      heartbeatMs: this.context.heartbeatMs,
      onHeartbeat: () => observer.emit({
        type: "heartbeat",
        taskId,
        elapsedMs: clock.now() - started,
        turns,
        costUsd: this.context.spentUsd()
      })
    });
  }
  async runVerify(request, verify) {
    const { observer, redact } = this.context;
    const taskId = request.taskId;
    const command = describeVerify(verify);
    observer.emit({ type: "verify-started", taskId, command });
    const run = await this.context.verify.run({
      command: verify,
      cwd: request.workspace.cwd,
      writableRoot: request.writableRoot,
      timeoutMs: Math.min(request.timeoutMs, MAX_VERIFY_MS),
      signal: this.context.signal
    });
    if (run.denied) this.context.recordDenied(taskId, run.denied, "verify");
    const output = redact(run.output);
    observer.emit({ type: "verify-finished", taskId, command, exitCode: run.exitCode ?? -1, output });
    if (run.exitCode === 0 && !run.timedOut) return { ok: true };
    const head = run.timedOut ? `verify \`${command}\` timed out` : `verify \`${command}\` exited ${run.exitCode}`;
    return { ok: false, kind: "verify", reason: output ? `${head}:
${output}` : head };
  }
};
function describeVerify(verify) {
  return Array.isArray(verify) ? verify.join(" ") : verify;
}
async function filesWithSecrets(files, root, produced, containsSecret) {
  const found = [];
  for (const file of produced) {
    if (containsSecret(file)) {
      found.push(file);
      continue;
    }
    const text = await files.read(root, file, MAX_SCANNED_BYTES);
    if (text !== null && containsSecret(text)) found.push(file);
  }
  return found;
}
function leakedSecretOutcome(leaked) {
  return {
    ok: false,
    kind: "error",
    reason: `${leaked.join(", ")} contain${leaked.length === 1 ? "s" : ""} a secret of this run (an API key or token); the files were not committed`
  };
}
function nextStep(a) {
  if (stopsRun(a.kind) || a.budgetSpent) return { kind: "stop", counted: a.budgetSpent };
  if (a.attempt >= a.maxAttempts || !(0, import_chunk_TTFH7NFP.retryable)(a.kind)) return { kind: "give-up" };
  return {
    kind: "retry",
    keepsChanges: !resetsWorkTree(a.kind),
    waitMs: a.kind === "transient" ? (a.backoffMs ?? import_chunk_LTSEQ4IO.doublingBackoff)(a.attempt) : void 0
  };
}
function safeSegment(id) {
  return /^\.+$/.test(id) ? `_${id}` : id;
}
function redactEvent(event, redact) {
  switch (event.kind) {
    case "text":
      return { ...event, text: redact(event.text) };
    case "tool-use":
      return { ...event, summary: redact(event.summary), input: void 0 };
    case "tool-result":
      return { ...event, text: redact(event.text) };
    case "result":
      return { ...event, result: redact(event.result) };
    default:
      return event;
  }
}
function buildReport(a) {
  const tasks = a.doc.data.tasks;
  const blocked = new import_chunk_T3KJSQRI.TaskGraph(tasks).blocked();
  const reports = tasks.map((t) => {
    const i = a.info.get(t.id);
    const status = (0, import_chunk_JD7SAOXD.statusOf)(t);
    return {
      id: t.id,
      title: t.title,
      description: t.description,
      status: status === "pending" && blocked.has(t.id) ? "blocked" : status,
      dependencies: t.dependencies ?? [],
      attempts: t.attempts ?? 0,
      costUsd: t.costUsd ?? 0,
      durationMs: t.durationMs ?? 0,
      turns: t.turns ?? 0,
      inputTokens: i?.inputTokens ?? 0,
      outputTokens: i?.outputTokens ?? 0,
      outputs: t.outputs ?? [],
      commit: a.pendingCommits?.get(t.id) ?? t.commit ?? void 0,
      error: t.error ?? void 0,
      result: t.result ?? void 0,
      timeline: i?.timeline ?? [],
      line: a.doc.taskLine(t.id),
      ranThisRun: i?.ran ?? false,
      ...i?.denied.size ? { deniedHosts: [...i.denied].map(([host, count2]) => ({ host, count: count2 })) } : {}
    };
  });
  const count = (s) => reports.filter((r) => r.status === s).length;
  const ran = reports.filter((r) => r.ranThisRun);
  const finishedAt = /* @__PURE__ */ new Date();
  return {
    project: a.doc.data.project,
    description: a.doc.data.description,
    mode: a.mode ?? "run",
    taskFile: a.taskFile,
    startedAt: a.startedAt.toISOString(),
    finishedAt: finishedAt.toISOString(),
    wallMs: finishedAt.getTime() - a.startedAt.getTime(),
    tasks: reports,
    totals: {
      completed: count("completed"),
      failed: count("failed"),
      pending: count("pending"),
      inProgress: count("in_progress"),
      blocked: count("blocked"),
      costUsd: Math.round([...a.info.values()].reduce((s, i) => s + i.costUsd, 0) * 1e6) / 1e6,
      inputTokens: ran.reduce((s, r) => s + r.inputTokens, 0),
      outputTokens: ran.reduce((s, r) => s + r.outputTokens, 0)
    },
    stopReason: a.stopReason,
    logs: a.logs,
    commitUrlBase: a.commitUrlBase,
    ...a.sandbox ? { sandbox: { ...a.sandbox, denied: deniedOverRun(reports) } } : {}
  };
}
function deniedOverRun(tasks) {
  const byHost = /* @__PURE__ */ new Map();
  for (const t of tasks)
    for (const d of t.deniedHosts ?? []) {
      const e = byHost.get(d.host) ?? { host: d.host, count: 0, tasks: [] };
      e.count += d.count;
      e.tasks.push(t.id);
      byHost.set(d.host, e);
    }
  return [...byHost.values()].sort((a, b) => b.count - a.count || a.host.localeCompare(b.host));
}
var Slots = class {
  /** `freed` fires when a slot goes back to the pool. */
  constructor(size, freed) {
    this.size = size;
    this.freed = freed;
  }
  size;
  freed;
  busy = 0;
  waiters = [];
  /** Slots taken now. */
  get used() {
    return this.busy;
  }
  /** Whether a task not started yet may take a slot now (tasks waiting for one go first). */
  get available() {
    return this.busy < this.size && this.waiters.length === 0;
  }
  /** Takes a free slot; only when {@link available}. */
  take() {
    if (!this.available) throw new Error("no free slot");
    this.busy++;
  }
  /** Waits for a slot, in the order asked. */
  wait() {
    if (this.available) {
      this.busy++;
      return Promise.resolve();
    }
    return new Promise((resolve) => this.waiters.push(resolve));
  }
  /** Gives a slot back: to the first task waiting for one, else to the pool. */
  give() {
    const next = this.waiters.shift();
    if (next) return next();
    this.busy--;
    this.freed.fire();
  }
};
var Wakeup = class {
  current = signal();
  /** Settles at the next {@link fire}. */
  next() {
    return this.current.promise;
  }
  fire() {
    const fired = this.current;
    this.current = signal();
    fired.resolve();
  }
};
function signal() {
  let resolve;
  const promise = new Promise((r) => resolve = r);
  return { promise, resolve };
}
var SlotHold = class {
  constructor(slots) {
    this.slots = slots;
  }
  slots;
  held = true;
  release() {
    if (!this.held) return;
    this.held = false;
    this.slots.give();
  }
  async retake() {
    if (this.held) return;
    await this.slots.wait();
    this.held = true;
  }
};
var EPSILON_USD = 1e-9;
var Budget = class {
  /** `maxUsd`: the run's budget; undefined: no limit. */
  constructor(maxUsd) {
    this.maxUsd = maxUsd;
  }
  maxUsd;
  /** Spent by the attempts of this run so far. */
  spent = 0;
  /** Promised to attempts that are running or about to start. */
  reserved = 0;
  /** Attempts running now (each holds a share). */
  running = 0;
  get spentUsd() {
    return this.spent;
  }
  /** Whether nothing is left to promise: what was spent and what is promised reach the budget. */
  get exhausted() {
    return this.maxUsd !== void 0 && this.spent + this.reserved >= this.maxUsd - EPSILON_USD;
  }
  /** Whether what was actually spent reached the budget. */
  get spentOut() {
    return this.maxUsd !== void 0 && this.spent >= this.maxUsd - EPSILON_USD;
  }
  /** Attempts running now. */
  get attemptsRunning() {
    return this.running;
  }
  /**
   * An equal part of the run's unspent, unpromised budget for an attempt about to start: shared with the
   * other tasks that can start now (as many as there are free slots and ready tasks, itself included).
   */
  share(freeSlots, readyIncludingSelf) {
    const free = (this.maxUsd ?? Infinity) - this.spent - this.reserved;
    return free / Math.max(1, Math.min(freeSlots, readyIncludingSelf));
  }
  reserve(usd) {
    this.reserved += usd;
  }
  release(usd) {
    this.reserved -= usd;
  }
  /** An attempt starts with `usd` promised to it. */
  attemptStarted(usd) {
    this.reserved += usd;
    this.running++;
  }
  /** An attempt ended: its promise is given back and what it cost is spent. */
  attemptEnded(promisedUsd, costUsd) {
    this.reserved -= promisedUsd;
    this.running--;
    this.spent += costUsd;
  }
};
function attemptCap(caps) {
  return caps.length ? Math.max(0, Math.min(...caps)) : void 0;
}
function rootStatus(tasks) {
  const statuses = tasks.map(import_chunk_JD7SAOXD.statusOf);
  if (statuses.includes("in_progress")) return "in_progress";
  if (statuses.length > 0 && statuses.every((s) => s === "completed")) return "completed";
  if (statuses.includes("failed")) return "failed";
  return "pending";
}
function markPending(task) {
  task.status = "pending";
}
function reopenFailed(task) {
  task.status = "pending";
  delete task.completedAt;
  delete task.error;
}
function startAttempt(task, a) {
  task.status = "in_progress";
  if (a.firstOfRun) task.startedAt = a.now;
  task.attempts = (task.attempts ?? 0) + 1;
}
function completeTask(task, a) {
  task.status = "completed";
  task.completedAt = a.now;
  task.outputs = a.keepEarlierOutputs ? [.../* @__PURE__ */ new Set([...task.outputs ?? [], ...a.outputs])] : a.outputs;
  if (a.result !== void 0) task.result = a.result;
  delete task.error;
}
function failTask(task, a) {
  task.status = "failed";
  task.completedAt = a.now;
  task.error = a.error;
  if (!a.keepEarlierOutputs) delete task.outputs;
  if (a.result !== void 0) task.result = a.result;
}
function returnAttempt(task, a) {
  task.status = "pending";
  task.attempts = Math.max(0, (task.attempts ?? 1) - (a.counted ? 0 : 1));
  if (a.startedAtBefore === void 0) delete task.startedAt;
  else task.startedAt = a.startedAtBefore;
}
function addSpending(task, spending) {
  task.costUsd = round6((task.costUsd ?? 0) + spending.costUsd);
  task.turns = (task.turns ?? 0) + spending.turns;
  task.durationMs = (task.durationMs ?? 0) + spending.durationMs;
  if (spending.sessionId) task.sessionId = spending.sessionId;
}
function round6(n) {
  return Math.round(n * 1e6) / 1e6;
}
var MAX_RESULT_CHARS = 4e3;
var MAX_ERROR_CHARS = 2e3;
var CANCELLED = "the run was cancelled";
var systemClock = { now: () => Date.now(), sleep: import_chunk_LTSEQ4IO.sleep };
var Engine = class {
  doc;
  options;
  clock;
  info = /* @__PURE__ */ new Map();
  budget;
  scheduler;
  attempts;
  stop;
  /** The task whose attempt stopped the run, if one did: its log entry in task.json names it. */
  stopTaskId;
  runLogs = [];
  /** Commit hashes not yet in the file: written with the next state write (see recordTask). */
  pendingCommitFields = /* @__PURE__ */ new Map();
  startedAt;
  /**
   * Two locks for tasks running at the same time. The repository lock serialises what changes the run's
   * working tree and branch: integrating a task's files, its commit and push. The state lock serialises
   * changes of the document and their writes to the task file, and a rebase that rewrites that file. Taken
   * in that order (never the repository lock inside the state lock), so a task can start (its state write)
   * while another one is pushed.
   */
  repoLock = new import_chunk_KJXOH3DM.SerialQueue();
  stateLock = new import_chunk_KJXOH3DM.SerialQueue();
  /** How many attempts may run at once. */
  slots;
  /** The loop waits on it for a task to be able to start. */
  wakeup = new Wakeup();
  /**
   * Tasks completed in the document whose commit is still being made: their dependents are not ready yet,
   * since a dependent's worktree must hold its dependencies' files.
   */
  recording = /* @__PURE__ */ new Set();
  /** Ends the running tasks when the run must stop at once (credentials, cancel). */
  stopAll = new AbortController();
  signal;
  redact;
  constructor(options) {
    this.options = { ...options, only: options.doc.expandIds(options.only) };
    this.doc = options.doc;
    this.clock = options.clock ?? systemClock;
    this.startedAt = new Date(this.clock.now());
    this.redact = options.redact ?? ((text) => text);
    this.signal = options.signal ? AbortSignal.any([options.signal, this.stopAll.signal]) : this.stopAll.signal;
    this.budget = new Budget(options.limits.maxBudgetUsd);
    this.scheduler = new Scheduler({ only: this.options.only, parallel: options.limits.parallel });
    this.slots = new Slots(this.scheduler.parallel, this.wakeup);
    this.attempts = new AttemptRunner({
      claude: options.claude,
      verify: options.verify,
      observer: options.observer,
      clock: this.clock,
      redact: this.redact,
      redactsTranscripts: options.redact !== void 0,
      transcriptsDir: options.transcriptsDir,
      heartbeatMs: options.heartbeatMs ?? 6e4,
      signal: this.signal,
      spentUsd: () => this.budget.spentUsd,
      recordDenied: (taskId, denied, who) => this.recordDenied(taskId, denied, who)
    });
  }
  now() {
    return new Date(this.clock.now()).toISOString();
  }
  /** Runs `fn` under the repository lock, after every earlier section under it has finished. */
  repoLocked(fn) {
    return this.repoLock.run(fn);
  }
  /** Runs `fn` under the state lock (see repoLock). */
  stateLocked(fn) {
    return this.stateLock.run(fn);
  }
  emitLog(level, message, taskId) {
    this.options.observer.emit({ type: "log", level, message, taskId });
  }
  /** Appends a `logs` entry (written with the next save) and shows it live. */
  log(level, message, taskId) {
    this.recordLog(level, message, taskId);
    this.emitLog(level, message, taskId);
  }
  /** Appends a `logs` entry only: for outcomes, whose live line the log formatter makes from the event. */
  recordLog(level, message, taskId) {
    const entry = this.doc.appendLog({ timestamp: this.now(), level, ...taskId ? { taskId } : {}, message });
    if (entry) this.runLogs.push(entry);
  }
  /** Records an outcome in task.json's logs in the words the live log shows for it (see describeOutcome). */
  recordOutcome(fact, taskId) {
    const words = (0, import_chunk_TTFH7NFP.describeOutcome)(fact);
    if (words.live) this.recordLog(words.level, words.text, taskId);
  }
  task(id) {
    const task = this.doc.task(id);
    if (!task) throw new Error(`task "${id}" disappeared from ${this.options.taskFileDisplay}`);
    return task;
  }
  infoFor(id) {
    let info = this.info.get(id);
    if (!info) {
      info = { timeline: [], inputTokens: 0, outputTokens: 0, costUsd: 0, ran: false, denied: /* @__PURE__ */ new Map() };
      this.info.set(id, info);
    }
    return info;
  }
  /** Writes the state atomically. A change made to the file behind our back (by Claude) is discarded. */
  async save() {
    for (const [id, sha] of this.pendingCommitFields) {
      const task = this.doc.task(id);
      if (task) task.commit = sha;
    }
    this.pendingCommitFields.clear();
    this.doc.data.status = rootStatus(this.doc.data.tasks);
    await this.options.taskFile.write(this.doc);
  }
  /** Claude must not edit the task file; if it did, warn and put the engine's state back. */
  async guardTaskFile(taskId) {
    let onDisk;
    try {
      onDisk = await this.options.taskFile.read();
    } catch {
      onDisk = null;
    }
    if (onDisk !== this.doc.originalText) {
      this.log(
        "warning",
        `Claude changed ${this.options.taskFileDisplay}; its edit was discarded (the engine owns the task state)`,
        taskId
      );
      await this.options.taskFile.write(this.doc, { force: true });
    }
  }
  async reloadAfterMerge() {
    const display = this.options.taskFileDisplay;
    const text = await this.options.taskFile.read();
    const parsed = import_chunk_JD7SAOXD.TaskDocument.parse(text, display, this.doc.formatOptions);
    if (!parsed.ok)
      throw new Error(
        `${display} is not valid after merging with the remote: ${parsed.problems.map((p) => p.message).join("; ")}`
      );
    this.doc = parsed.document;
    this.doc.data.status = rootStatus(this.doc.data.tasks);
  }
  /** Prepares the file for the run: stale in_progress tasks are resumed, failed ones retried on request. */
  async prepare() {
    let changed = false;
    for (const task of this.doc.data.tasks) {
      const reopen = reopenAtStart(task, this.options.limits.retryFailed, this.scheduler);
      if (reopen === "resume") markPending(task);
      else if (reopen === "retry") reopenFailed(task);
      else continue;
      this.log("info", (0, import_chunk_TTFH7NFP.describeNotice)({ type: reopen === "resume" ? "resumed" : "retried" }), task.id);
      changed = true;
    }
    if (changed) await this.save();
  }
  /** The run's scope must name tasks that can run; otherwise nothing runs and nothing is written. */
  checkScope() {
    const { only, limits } = this.options;
    const problems = scopeProblems(this.doc.data.tasks, only, limits.retryFailed);
    if (problems.length)
      throw new import_chunk_5FGLKTEA.RunSetupError((0, import_chunk_TTFH7NFP.describeScopeProblems)(problems, this.options.taskFileDisplay));
  }
  async run() {
    this.checkScope();
    await this.prepare();
    const graph = new import_chunk_T3KJSQRI.TaskGraph(this.doc.data.tasks);
    this.options.observer.emit({
      type: "run-started",
      project: this.doc.data.project,
      ready: graph.ready(),
      total: this.doc.data.tasks.length
    });
    const parallel = this.scheduler.parallel;
    if (parallel > 1 && !this.options.workspaces)
      throw new import_chunk_5FGLKTEA.RunSetupError("parallel runs need a workspace port (git worktrees)");
    const running = /* @__PURE__ */ new Map();
    let fatal;
    try {
      for (; ; ) {
        while (!this.stop && fatal === void 0 && this.slots.available) {
          const id = this.pickNext();
          if (id === void 0) break;
          const promised = this.promiseFirstShare(this.slots.used);
          this.scheduler.markStarted(id);
          this.slots.take();
          const task = this.runTask(id, parallel > 1, new SlotHold(this.slots), promised).catch((error) => {
            fatal ??= error;
            this.halt({ kind: "error", message: (0, import_chunk_5FGLKTEA.messageOf)(error) });
          }).finally(() => running.delete(id));
          running.set(id, task);
        }
        if (running.size === 0) break;
        await Promise.race([...running.values(), this.wakeup.next()]);
      }
    } finally {
      await Promise.allSettled(running.values());
      await this.options.workspaces?.cleanup();
    }
    if (fatal !== void 0) {
      await this.leaveStateAfterFailure();
      throw fatal;
    }
    await this.recordFinalState();
    const report = this.report();
    this.options.observer.emit({ type: "run-finished", report });
    return report;
  }
  /** The next task to start, or undefined when none may start now (the run halts when a limit says so). */
  pickNext() {
    if (this.signal.aborted) {
      this.halt({ kind: "cancelled", message: CANCELLED });
      return void 0;
    }
    const id = this.scheduler.next(this.doc.data.tasks, this.recording);
    if (id === void 0) return void 0;
    const { maxTasks, maxBudgetUsd } = this.options.limits;
    if (maxTasks !== void 0 && this.scheduler.startedCount >= maxTasks) {
      this.halt({ kind: "max-tasks", message: (0, import_chunk_TTFH7NFP.describeNotice)({ type: "max-tasks", maxTasks }) });
      return void 0;
    }
    if (maxBudgetUsd !== void 0 && this.budget.exhausted) {
      this.halt({ kind: "budget", message: this.budgetSpentMessage(maxBudgetUsd) });
      return void 0;
    }
    return id;
  }
  /**
   * The first attempt's share of the run's budget, promised now, while the picks of this round happen: read
   * later, the number of tasks sharing it would already have changed.
   */
  promiseFirstShare(runningCount) {
    if (this.options.limits.maxBudgetUsd === void 0) return void 0;
    const waiting = this.scheduler.waiting(this.doc.data.tasks, this.recording).length;
    const promised = { usd: this.budget.share(this.scheduler.parallel - runningCount, waiting) };
    this.budget.reserve(promised.usd);
    return promised;
  }
  /** After a git or file failure, leave the file true and the repository clean if we still can. */
  async leaveStateAfterFailure() {
    try {
      await this.repoLocked(async () => {
        await this.stateLocked(async () => {
          for (const task of this.doc.data.tasks)
            if (task.status === "in_progress" && this.scheduler.hasStarted(task.id)) markPending(task);
          await this.save();
        });
        await this.options.repo.recordState("taskmesh: update task state \u2014 error");
      });
    } catch {
    }
  }
  /**
   * Anything written but not yet committed (a stop, a resumed task, a final log line) gets a state commit,
   * so the repository is left clean and the remote holds the truth.
   */
  async recordFinalState() {
    if (this.stop)
      this.recordOutcome({ type: "stop", kind: this.stop.kind, message: this.stop.message }, this.stopTaskId);
    if (this.pendingCommitFields.size === 0 && !this.doc.changed && !this.stop) return;
    const onlyCommits = !this.stop && !this.doc.changed ? [...this.pendingCommitFields.keys()] : [];
    await this.save();
    await this.record(
      (hooks) => this.options.repo.recordState(
        onlyCommits.length ? `taskmesh: record the commit of ${onlyCommits.join(", ")} in the task file` : `taskmesh: update task state${this.stop ? ` \u2014 ${this.stop.kind}` : ""}`,
        hooks
      )
    );
  }
  budgetSpentMessage(maxBudgetUsd) {
    return (0, import_chunk_TTFH7NFP.describeNotice)({ type: "budget-spent", maxBudgetUsd, spentUsd: this.budget.spentUsd });
  }
  halt(reason) {
    if (this.stop) return;
    this.stop = reason;
    this.options.observer.emit({ type: "run-stopped", reason });
    if (reason.kind === "credentials" || reason.kind === "cancelled" || reason.kind === "error")
      this.stopAll.abort();
  }
  /** A commit and push through the repository port; the document follows a merge with others' updates. */
  async record(commit, committed = () => {
  }) {
    let reread = false;
    const result = await commit({
      committed,
      exclusive: (bringIn) => this.stateLocked(async () => {
        const brought = await bringIn();
        await this.reloadAfterMerge();
        reread = true;
        return brought;
      })
    });
    if (result.taskFileMerged && !reread) await this.reloadAfterMerge();
    return result.commit;
  }
  /** 1-based line of a task in the task file, for annotations. */
  taskLine(id) {
    return this.doc.taskLine(id);
  }
  /** The tasks as they stand now (after merges with others' updates). */
  documentTasks() {
    return this.doc.data.tasks;
  }
  report() {
    return buildReport({
      doc: this.doc,
      taskFile: this.options.taskFileDisplay,
      info: this.info,
      startedAt: this.startedAt,
      stopReason: this.stop,
      logs: this.runLogs,
      commitUrlBase: this.options.commitUrlBase,
      pendingCommits: this.pendingCommitFields,
      sandbox: this.options.sandbox
    });
  }
  /** The run's own working tree, for sequential runs. */
  mainWorkspace() {
    const repo = this.options.repo;
    return {
      cwd: this.options.cwd,
      snapshot: () => repo.snapshot(),
      changedFiles: (since) => repo.changedFiles(since),
      restore: (since) => repo.restore(since),
      dispose: async () => {
      }
    };
  }
  /**
   * `slot`: taken when the task was picked, given back when it ends (earlier in parallel runs, see slots.ts).
   * `promised`: the first attempt's share of the run's budget, already reserved (released if unused).
   */
  async runTask(id, isolated, slot, promised) {
    const workspaces = this.options.workspaces;
    try {
      const workspace = isolated && workspaces ? await workspaces.open(id) : this.mainWorkspace();
      try {
        this.infoFor(id).ran = true;
        const snapshot = await workspace.snapshot();
        const task = this.task(id);
        await this.runAttempts({
          id,
          workspace,
          isolated,
          maxAttempts: task.maxAttempts ?? this.options.limits.maxAttempts,
          timeoutMs: task.timeoutMinutes !== void 0 ? Math.round(task.timeoutMinutes * 6e4) : this.options.limits.taskTimeoutMs,
          startedAtBefore: task.startedAt,
          promised,
          slot,
          snapshot,
          attempt: 0,
          continues: false,
          spending: { costUsd: 0, turns: 0, durationMs: 0 }
        });
      } finally {
        await workspace.dispose();
      }
    } finally {
      slot.release();
      if (promised) this.budget.release(promised.usd);
    }
  }
  /** The task's attempts until one succeeds, the task fails, or the run stops. */
  async runAttempts(run) {
    while (run.attempt < run.maxAttempts) {
      run.attempt++;
      await run.slot.retake();
      await this.beginAttempt(run);
      const end = await this.attempt(run);
      if (end.outcome.ok) {
        if (run.isolated && !this.unlocksOthers(run.id)) run.slot.release();
        const completed = await this.complete(run, end);
        if (completed.ok) return;
        end.outcome = { ok: false, kind: "conflict", reason: completed.reason };
      }
      const after = await this.afterFailure(run, end);
      if (after === "stopped") return;
      if (after === "give-up") break;
    }
    await this.fail(run);
  }
  /** The task is in_progress with one more attempt, in the file, before Claude starts. */
  async beginAttempt(run) {
    await this.stateLocked(async () => {
      const task = this.task(run.id);
      startAttempt(task, { firstOfRun: run.attempt === 1, now: this.now() });
      this.options.observer.emit({
        type: "attempt-started",
        taskId: run.id,
        title: task.title ?? task.description.split("\n")[0],
        attempt: run.attempt,
        maxAttempts: run.maxAttempts
      });
      this.recordLog("info", `attempt ${run.attempt}/${run.maxAttempts} started`, run.id);
      await this.save();
    });
  }
  /**
   * The attempt's spending cap: at most what remains of the task's own cap and of the run's share (the
   * first attempt's was promised when the task was picked, a retry asks anew).
   */
  attemptBudget(run, task) {
    const caps = [];
    if (task.maxBudgetUsd !== void 0)
      caps.push(task.maxBudgetUsd - (task.costUsd ?? 0) - run.spending.costUsd);
    if (run.promised && run.attempt === 1) {
      this.budget.release(run.promised.usd);
      caps.push(run.promised.usd);
      run.promised.usd = 0;
    } else if (this.options.limits.maxBudgetUsd !== void 0)
      caps.push(
        this.budget.share(
          this.scheduler.parallel - this.budget.attemptsRunning,
          this.scheduler.waiting(this.doc.data.tasks, this.recording).length + 1
        )
      );
    return attemptCap(caps);
  }
  /** One attempt: Claude and verify, what it cost, and whether its outputs may be committed. */
  async attempt(run) {
    const { id, workspace } = run;
    const task = this.task(id);
    const budget = this.attemptBudget(run, task);
    this.budget.attemptStarted(budget ?? 0);
    const { taskDefaults } = this.options;
    const startedAt = this.clock.now();
    const result = await this.attempts.run({
      taskId: id,
      task,
      prompt: this.prompt(run, task),
      workspace,
      writableRoot: workspace.root ?? this.options.repoRoot ?? workspace.cwd,
      attemptNumber: task.attempts ?? run.attempt,
      model: task.model ?? taskDefaults.model,
      maxTurns: task.maxTurns ?? taskDefaults.maxTurns,
      allowedTools: task.allowedTools ?? taskDefaults.allowedTools,
      timeoutMs: run.timeoutMs,
      budget,
      info: this.infoFor(id),
      afterClaude: () => run.isolated ? Promise.resolve() : this.stateLocked(() => this.guardTaskFile(id))
    });
    this.budget.attemptEnded(budget ?? 0, result.costUsd);
    run.spending.costUsd += result.costUsd;
    this.infoFor(id).costUsd += result.costUsd;
    if (result.sessionId) run.spending.sessionId = result.sessionId;
    if (result.finalMessage !== void 0) run.finalMessage = result.finalMessage;
    let outcome = result.outcome;
    if (!outcome.ok && this.signal.aborted && outcome.kind !== "cancelled")
      outcome = { ok: false, kind: "cancelled", reason: this.stop?.message ?? CANCELLED };
    run.spending.turns += result.turns;
    let outputs = [];
    if (outcome.ok) {
      outputs = await workspace.changedFiles(run.snapshot);
      const root = workspace.root ?? this.options.repoRoot;
      const containsSecret = this.options.containsSecret;
      const leaked = root && containsSecret ? await filesWithSecrets(this.options.producedFiles, root, outputs, containsSecret) : [];
      if (leaked.length) outcome = leakedSecretOutcome(leaked);
    }
    return { ...result, outcome, startedAt, outputs };
  }
  prompt(run, task) {
    const { cwd, taskFilePath, feedback } = this.options;
    return (0, import_chunk_T3KJSQRI.buildPrompt)({
      file: this.doc.data,
      task,
      dependencies: (task.dependencies ?? []).map((d) => this.doc.task(d)).filter((d) => !!d),
      taskFileName: import_node_path.default.relative(cwd, taskFilePath) || import_node_path.default.basename(taskFilePath),
      attempt: run.attempt,
      maxAttempts: run.maxAttempts,
      previousFailure: run.previousFailure,
      continuesPreviousAttempt: run.continues,
      feedback: feedback?.get(run.id)
    });
  }
  /**
   * The attempt succeeded: its files are brought onto the run's tree (parallel runs), the task is completed
   * in the file and committed. A conflict with work brought in meanwhile is the attempt's failure.
   */
  async complete(run, end) {
    const { id, workspace } = run;
    const integration = workspace.integrate ? await workspace.integrate(end.outputs, run.snapshot) : void 0;
    return this.repoLocked(async () => {
      if (integration) {
        const integrated = await integration.apply();
        if (!integrated.ok) return integrated;
      }
      this.recording.add(id);
      try {
        await this.stateLocked(async () => {
          run.spending.durationMs += this.clock.now() - end.startedAt;
          this.emitAttempt(run, { ok: true }, { kind: "done" }, end, this.clock.now() - end.startedAt);
          const task = this.task(id);
          completeTask(task, {
            now: this.now(),
            outputs: end.outputs,
            keepEarlierOutputs: this.options.feedback?.has(id) ?? false,
            result: this.finalResult(run)
          });
          addSpending(task, run.spending);
          this.recordOutcome(
            { type: "task", status: "completed", attempts: run.attempt, maxAttempts: run.maxAttempts },
            id
          );
          await this.save();
        });
        await this.finishTask(
          id,
          "completed",
          end.outputs,
          { attempts: run.attempt, maxAttempts: run.maxAttempts },
          () => this.settle(run)
        );
      } finally {
        this.settle(run);
      }
      return { ok: true };
    });
  }
  /** The task's commit is made: its dependents may start (in its slot, when it kept it for them). */
  settle(run) {
    if (run.isolated) run.slot.release();
    if (this.recording.delete(run.id)) this.wakeup.fire();
  }
  /** Whether the task's completion makes a task ready that this run may start. */
  unlocksOthers(id) {
    const graph = new import_chunk_T3KJSQRI.TaskGraph(this.doc.data.tasks);
    return graph.dependents(id).some(
      (d) => !this.scheduler.hasStarted(d) && this.scheduler.inScope(d) && graph.dependencies(d).every((x) => x === id || graph.status(x) === "completed")
    );
  }
  /**
   * After a failed attempt: decide what follows (see nextStep) and do it \u2014 stop the run, give up, or prepare
   * the next attempt (a clean tree or not, after a wait or not).
   */
  async afterFailure(run, end) {
    if (end.outcome.ok) throw new Error("afterFailure called for a successful attempt");
    const attemptMs = this.clock.now() - end.startedAt;
    run.spending.durationMs += attemptMs;
    const lastFailure = { kind: end.outcome.kind, reason: this.redact(end.outcome.reason) };
    run.lastFailure = lastFailure;
    const budgetSpent = lastFailure.kind === "budget" && this.budget.spentOut;
    const next = nextStep({
      kind: lastFailure.kind,
      attempt: run.attempt,
      maxAttempts: run.maxAttempts,
      budgetSpent,
      backoffMs: this.options.backoffMs
    });
    const failed = { ok: false, ...lastFailure };
    this.emitAttempt(run, failed, next, end, attemptMs);
    if (next.kind === "stop") {
      await this.stopTask(run, failed, next, end);
      return "stopped";
    }
    this.recordOutcome(
      { type: "attempt", outcome: failed, attempt: run.attempt, maxAttempts: run.maxAttempts, next },
      run.id
    );
    run.previousFailure = lastFailure.reason;
    if (next.kind !== "retry") return "give-up";
    run.continues = next.keepsChanges;
    if (!run.continues) await this.cleanTree(run);
    if (next.waitMs !== void 0) await this.clock.sleep(next.waitMs, this.signal);
    if (this.signal.aborted) {
      await run.workspace.restore(run.snapshot);
      await this.stateLocked(async () => {
        markPending(this.task(run.id));
        await this.save();
      });
      this.halt({ kind: "cancelled", message: CANCELLED });
      return "stopped";
    }
    return "retry";
  }
  /** Before a retry from a clean tree. */
  async cleanTree(run) {
    const workspace = run.workspace;
    if (workspace.refresh) {
      const refresh = workspace.refresh;
      await this.repoLocked(() => refresh());
      run.snapshot = await workspace.snapshot();
    } else await workspace.restore(run.snapshot);
  }
  /** The run stops during the attempt. Not the task's fault: it is put back as it was (money spent stays). */
  async stopTask(run, failed, next, end) {
    const { id } = run;
    await run.workspace.restore(run.snapshot);
    await this.stateLocked(async () => {
      const task = this.task(id);
      returnAttempt(task, { counted: next.counted, startedAtBefore: run.startedAtBefore });
      if (end.costUsd > 0) addSpending(task, run.spending);
      this.recordOutcome(
        { type: "attempt", outcome: failed, attempt: run.attempt, maxAttempts: run.maxAttempts, next },
        id
      );
      await this.save();
    });
    if (!this.stop) this.stopTaskId = id;
    const maxBudgetUsd = this.options.limits.maxBudgetUsd;
    this.halt({
      kind: stopKind(failed.kind, next.counted),
      // The task hit what was left of the run's budget: say that the run's budget is spent.
      message: next.counted && maxBudgetUsd !== void 0 ? `${this.budgetSpentMessage(maxBudgetUsd)} (${failed.reason})` : failed.reason
    });
  }
  /** Out of attempts: failed, with the partial work removed (a failed task's commit holds only its state). */
  async fail(run) {
    const { id } = run;
    await run.workspace.restore(run.snapshot);
    await this.repoLocked(async () => {
      const counts = { attempts: run.attempt, maxAttempts: run.maxAttempts };
      const kind = run.lastFailure?.kind;
      await this.stateLocked(async () => {
        const task = this.task(id);
        failTask(task, {
          now: this.now(),
          error: (0, import_chunk_T3KJSQRI.truncate)(run.lastFailure?.reason ?? "failed", MAX_ERROR_CHARS),
          keepEarlierOutputs: this.options.feedback?.has(id) ?? false,
          result: this.finalResult(run)
        });
        addSpending(task, run.spending);
        this.recordOutcome(
          { type: "task", status: "failed", ...counts, kind, reason: task.error ?? void 0 },
          id
        );
        const blocked = new import_chunk_T3KJSQRI.TaskGraph(this.doc.data.tasks).blocked();
        if (blocked.size) this.log("warning", `blocked by this failure: ${[...blocked].join(", ")}`, id);
        await this.save();
      });
      await this.finishTask(id, "failed", [], { ...counts, failureKind: kind });
    });
  }
  /** Claude's final message as the task file keeps it (redacted, shortened). */
  finalResult(run) {
    return run.finalMessage !== void 0 ? (0, import_chunk_T3KJSQRI.truncate)(this.redact(run.finalMessage), MAX_RESULT_CHARS) : void 0;
  }
  emitAttempt(run, outcome, next, end, durationMs) {
    this.options.observer.emit({
      type: "attempt-finished",
      taskId: run.id,
      attempt: run.attempt,
      maxAttempts: run.maxAttempts,
      ok: outcome.ok,
      kind: outcome.ok ? void 0 : outcome.kind,
      reason: outcome.ok ? void 0 : this.redact(outcome.reason),
      next,
      costUsd: end.costUsd,
      turns: end.turns,
      durationMs
    });
  }
  /** The task ended (completed or failed) in this run: observers hear it, the repository records it. */
  async finishTask(id, status, outputs, run, committed) {
    const task = this.task(id);
    this.options.observer.emit({
      type: "task-finished",
      taskId: id,
      status,
      attempts: task.attempts ?? 0,
      durationMs: task.durationMs ?? 0,
      turns: task.turns ?? 0,
      costUsd: task.costUsd ?? 0,
      outputs,
      error: task.error ?? void 0,
      attemptsThisRun: run.attempts,
      maxAttempts: run.maxAttempts,
      failureKind: run.failureKind
    });
    const commit = await this.record(
      (hooks) => this.options.repo.recordTask(
        {
          taskId: id,
          status,
          title: task.title ?? task.description,
          attempts: task.attempts ?? 0,
          costUsd: task.costUsd ?? 0,
          files: outputs
        },
        hooks
      ),
      committed
    );
    if (commit) {
      this.pendingCommitFields.set(id, commit);
      this.options.observer.emit({ type: "task-committed", taskId: id, commit });
    }
  }
  /** Adds a command's refused connections to the task's, with a log line a user can act on. */
  recordDenied(id, denied, who) {
    if (!denied.length) return;
    const info = this.infoFor(id);
    for (const d of denied) {
      const host = this.redact(d.host);
      info.denied.set(host, (info.denied.get(host) ?? 0) + d.count);
    }
    const notice = {
      type: "sandbox-denied",
      who,
      connections: denied.reduce((n, d) => n + d.count, 0),
      hosts: this.redact(denied.map((d) => `${d.host}${d.count > 1 ? ` (${d.count}\xD7)` : ""}`).join(", "))
    };
    this.log("warning", (0, import_chunk_TTFH7NFP.describeNotice)(notice), id);
  }
};
function stopKind(kind, budgetSpent) {
  if (budgetSpent) return "budget";
  if (kind === "credentials") return "credentials";
  if (kind === "rate-limit") return "rate-limit";
  if (kind === "cancelled") return "cancelled";
  return "error";
}
function combineObservers(...observers) {
  return {
    emit(event) {
      for (const o of observers) {
        try {
          o.emit(event);
        } catch {
        }
      }
    }
  };
}
function taskFileOnDisk(absPath, outbound) {
  return {
    read: () => (0, import_promises.readFile)(absPath, "utf8"),
    write: async (doc, options = {}) => {
      await doc.write(absPath, { force: options.force, outbound });
    }
  };
}
var producedFilesOnDisk = {
  async read(root, file, maxBytes) {
    try {
      const info = await (0, import_promises.stat)(import_node_path3.default.join(root, file));
      if (!info.isFile() || info.size > maxBytes) return null;
      return await (0, import_promises.readFile)(import_node_path3.default.join(root, file), "utf8");
    } catch {
      return null;
    }
  }
};
var TAIL_BYTES = 16384;
function verifyRunner(settings) {
  return {
    run: (request) => runVerify(request.command, {
      cwd: request.cwd,
      env: settings.env,
      timeoutMs: request.timeoutMs,
      signal: request.signal,
      sandbox: settings.contain ? { contain: settings.contain, writableRoot: request.writableRoot } : void 0
    })
  };
}
async function runVerify(verify, o) {
  const [cmd, args] = Array.isArray(verify) ? [verify[0], verify.slice(1)] : ["sh", ["-c", verify]];
  let contained;
  if (o.sandbox) {
    try {
      contained = await o.sandbox.contain({
        argv: [cmd, ...args],
        cwd: o.cwd,
        env: o.env,
        writableRoot: o.sandbox.writableRoot
      });
    } catch (err) {
      return {
        exitCode: 127,
        timedOut: false,
        output: `the sandbox could not wrap ${cmd}: ${err.message}`
      };
    }
  }
  const r = await spawnVerify(
    cmd,
    contained ? [contained.file, contained.args, contained.env] : [cmd, args, o.env],
    o
  );
  const denied = contained ? await contained.finish() : void 0;
  return denied ? { ...r, denied } : r;
}
function spawnVerify(name, [file, args, env], o) {
  const cmd = name;
  return new Promise((resolve) => {
    let tail = "";
    let timedOut = false;
    const child = (0, import_node_child_process.spawn)(file, args, {
      cwd: o.cwd,
      env,
      detached: true,
      stdio: ["ignore", "pipe", "pipe"]
    });
    const keep = (chunk) => {
      tail = (tail + chunk.toString("utf8")).slice(-TAIL_BYTES);
    };
    child.stdout.on("data", keep);
    child.stderr.on("data", keep);
    const killGroup = (sig) => {
      try {
        if (child.pid) process.kill(-child.pid, sig);
      } catch {
      }
    };
    const timer = setTimeout(() => {
      timedOut = true;
      killGroup("SIGTERM");
      setTimeout(() => killGroup("SIGKILL"), 5e3).unref();
    }, o.timeoutMs);
    const onAbort = () => killGroup("SIGTERM");
    o.signal?.addEventListener("abort", onAbort, { once: true });
    child.on("error", (err) => {
      clearTimeout(timer);
      o.signal?.removeEventListener("abort", onAbort);
      resolve({ exitCode: 127, timedOut: false, output: `could not start ${cmd}: ${err.message}` });
    });
    child.on("close", (code) => {
      clearTimeout(timer);
      o.signal?.removeEventListener("abort", onAbort);
      killGroup("SIGKILL");
      const lines = tail.trimEnd().split(/\r?\n/);
      resolve({ exitCode: code, timedOut, output: lines.slice(-40).join("\n") });
    });
  });
}
function commitUrlBase(ctx) {
  const [owner, repo] = (ctx.repository ?? "").split("/");
  return ctx.serverUrl && owner && repo ? `${ctx.serverUrl.replace(/\/+$/, "")}/${owner}/${repo}/commit/` : void 0;
}
function notStarted(what) {
  const refuse = () => Promise.reject(new Error(`${what} was not started: this run found no task to run (report this as a bug)`));
  return { run: refuse };
}
async function runTasks(p) {
  const { settings, ui, ctx, persister, redactor, guard, say } = p;
  const { session } = p;
  const started = "claudePath" in session ? session : void 0;
  let pushed = false;
  const afterPush = async (justCommitted) => {
    pushed = true;
    await p.afterPush?.(engine, justCommitted);
  };
  const repoPort = {
    snapshot: () => persister.snapshot(),
    changedFiles: (since) => persister.changedFiles(since),
    restore: (since) => persister.restore(since),
    recordTask: async (t, hooks) => {
      const trailers = p.trailers?.(t.taskId);
      const r = await persister.recordTask(trailers ? { ...t, trailers } : t, hooks);
      if (r.commit && settings.git.push) await afterPush({ taskId: t.taskId, commit: r.commit });
      return r;
    },
    recordState: async (message, hooks) => {
      const r = await persister.recordState(message, hooks);
      if (r.commit && settings.git.push) await afterPush();
      return r;
    }
  };
  const formatter = new import_chunk_TTFH7NFP.LogFormatter({ redact: (t) => redactor.redact(t), apiHost: (0, import_chunk_LTSEQ4IO.apiHost)(session.env) });
  const annotations = { error: 0, warning: 0 };
  const annotateOnce = (level, message, line, title) => {
    if (annotations[level]++ >= import_chunk_JD7SAOXD.MAX_ANNOTATIONS - 1) return;
    ui.annotate(level, redactor.redact(message), { file: settings.taskFileDisplay, line }, title);
  };
  const observer = combineObservers(
    { emit: (e) => formatter.format(e).forEach((l) => ui.log(l)) },
    {
      emit: (e) => {
        if (e.type === "task-finished" && e.status === "failed")
          annotateOnce(
            "error",
            `Task ${e.taskId} failed: ${e.error ?? "no reason given"}`,
            engine.taskLine(e.taskId),
            "Task failed"
          );
        if (e.type === "run-stopped" && (e.reason.kind === "budget" || e.reason.kind === "rate-limit"))
          annotateOnce("warning", e.reason.message, void 0, `Run stopped (${e.reason.kind})`);
      }
    },
    ...p.observer ? [p.observer] : []
  );
  const engine = new Engine({
    doc: p.doc,
    taskFilePath: settings.taskFilePath,
    taskFileDisplay: settings.taskFileDisplay,
    cwd: settings.workingDirectory,
    repo: repoPort,
    workspaces: p.workspaces,
    claude: started ? (0, import_chunk_LTSEQ4IO.claudePort)(started, settings) : notStarted("Claude"),
    taskDefaults: {
      model: settings.claude.model,
      maxTurns: settings.claude.maxTurns,
      allowedTools: settings.claude.allowedTools
    },
    verify: started ? verifyRunner({ env: session.env, contain: started.sandbox.contain }) : notStarted("verify"),
    taskFile: taskFileOnDisk(settings.taskFilePath, guard),
    producedFiles: producedFilesOnDisk,
    limits: settings.limits,
    only: p.only,
    transcriptsDir: session.transcriptsDir,
    observer,
    redact: (t) => guard.scrub(t, "a task's output (Claude's messages, tool results or verify output)"),
    containsSecret: (t) => redactor.containsSecret(t),
    repoRoot: persister.git.cwd,
    signal: ctx.signal,
    heartbeatMs: ctx.heartbeatMs,
    backoffMs: ctx.backoffMs,
    commitUrlBase: commitUrlBase(ctx),
    feedback: p.feedback,
    sandbox: started?.sandbox.report
  });
  let report;
  let runError;
  const restoreCredentials = await (0, import_chunk_KJXOH3DM.hidePersistedCredentials)(persister.git, (msg) => say("warning", msg));
  try {
    report = await engine.run();
  } catch (error) {
    if (error instanceof import_chunk_5FGLKTEA.RunSetupError) throw error;
    runError = (0, import_chunk_5FGLKTEA.messageOf)(error);
    report = engine.report();
    if (!report.stopReason) {
      say("error", runError);
      report.stopReason = { kind: "error", message: runError };
    }
  } finally {
    await restoreCredentials();
  }
  return { engine, report, runError, pushed };
}
function runFailure(settings, redactor, run, prFailure) {
  const { report, runError } = run;
  const failed = report.tasks.filter((t) => t.ranThisRun && t.status === "failed");
  let failure;
  if (runError) failure = runError;
  else if (report.stopReason && ["credentials", "error", "cancelled"].includes(report.stopReason.kind))
    failure = `the run stopped: ${report.stopReason.message}`;
  else if (failed.length && settings.failOnTaskFailure)
    failure = `${failed.length} task(s) failed: ${failed.map((t) => `${t.id} (${t.error ?? "no reason"})`).join("; ")}`;
  if (prFailure) failure = failure ? `${failure}; ${prFailure}` : prFailure;
  return failure ? redactor.redact(failure) : void 0;
}
// Annotate the CommonJS export names for ESM import in node:
0 && (module.exports = {
  commitUrlBase,
  runFailure,
  runHasWork,
  runTasks
});
