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
var run_EIBXNZ3S_exports = {};
__export(run_EIBXNZ3S_exports, {
  runMode: () => runMode
});
module.exports = __toCommonJS(run_EIBXNZ3S_exports);
var import_chunk_MRPKCQQM = require("./chunk-MRPKCQQM.js");
var import_chunk_TTFH7NFP = require("./startup.js")("chunk-TTFH7NFP.js");
var import_chunk_KJXOH3DM = require("./chunk-KJXOH3DM.js");
var import_chunk_T3KJSQRI = require("./startup.js")("chunk-T3KJSQRI.js");
var import_chunk_OEUZ4M5D = require("./chunk-OEUZ4M5D.js");
var import_chunk_LTSEQ4IO = require("./chunk-LTSEQ4IO.js");
var import_chunk_Q6IDVZC3 = require("./startup.js")("chunk-Q6IDVZC3.js");
var import_chunk_JD7SAOXD = require("./startup.js")("chunk-JD7SAOXD.js");
var import_chunk_5FGLKTEA = require("./startup.js")("chunk-5FGLKTEA.js");
var import_chunk_SEWDMQ6Q = require("./startup.js")("chunk-SEWDMQ6Q.js");
var import_node_os = __builtinNamespace(require("node:os"));
var import_node_path = __builtinNamespace(require("node:path"));
var import_promises = require("node:fs/promises");
var import_node_path2 = __builtinNamespace(require("node:path"));
var Worktrees = class {
  constructor(o) {
    this.o = o;
  }
  o;
  live = /* @__PURE__ */ new Map();
  /** Temp branches of worktrees deleted from disk, for cleanup. */
  retiredBranches = [];
  /** Deletions from disk still running. */
  deleting = /* @__PURE__ */ new Set();
  counter = 0;
  /** `git worktree add` edits shared files under .git/worktrees: one at a time. */
  adds = new import_chunk_KJXOH3DM.SerialQueue();
  async open(taskId) {
    const o = this.o;
    const n = ++this.counter;
    const name = `${taskId}-${n}`;
    const dir = import_node_path2.default.join(o.root, name);
    const branch = `taskmesh/tmp/${o.runId}/${name}`;
    await (0, import_promises.mkdir)(o.root, { recursive: true });
    let base = await o.head();
    await this.adds.run(() => o.git.worktreeAdd(dir, { branch, startPoint: base }));
    this.live.set(name, { dir, branch });
    await o.git.guard?.watch(import_node_path2.default.join(dir, ".git"));
    const wt = new import_chunk_LTSEQ4IO.Git(dir, { guard: o.git.guard });
    const keep = (p) => p !== o.taskFile && !o.ignore?.has(p);
    const changedFiles = async (since) => (await wt.worktreeChanges(since)).changed.filter(keep);
    const resetTo = async (commit) => {
      await wt.resetHard(commit);
      await wt.removeUntracked();
    };
    return {
      cwd: import_node_path2.default.join(dir, o.subdir),
      root: dir,
      snapshot: () => wt.treeOf(base),
      changedFiles,
      restore: async () => resetTo(base),
      refresh: async () => {
        base = await o.head();
        await resetTo(base);
      },
      integrate: async (files, since) => {
        const paths = files.filter(keep);
        const patch = paths.length ? await wt.binaryDiff(since, await wt.treeWithPaths(since, paths)) : "";
        return {
          apply: async () => {
            if (!patch.trim()) {
              o.broughtIn?.([]);
              return { ok: true };
            }
            const applied = await o.git.applyPatch(patch);
            if (applied.exitCode === 0) {
              o.broughtIn?.(paths);
              return { ok: true };
            }
            const conflicts = conflictingPaths(applied.stderr, paths);
            const from = await this.tasksTouching(base, conflicts);
            return {
              ok: false,
              reason: `conflict with ${conflicts.join(", ")}${from.length ? ` from ${from.join(", ")}` : ""} (brought onto the branch while this task ran); retrying on the new head`
            };
          }
        };
      },
      dispose: async () => {
        this.retire(name);
      }
    };
  }
  /** Task ids (from the Task-Id trailer) of the commits since `base` that touched these paths. */
  async tasksTouching(base, paths) {
    if (!paths.length) return [];
    const ids = await this.o.git.taskIdsTouching(`${base}..HEAD`, paths);
    return [...new Set(ids)].map((id) => `task ${id}`);
  }
  /**
   * Deletes a finished task's worktree from disk, not awaited: nothing waits for it. A failure is left to
   * cleanup, which deletes the whole folder anyway.
   */
  retire(name) {
    const w = this.live.get(name);
    if (!w) return;
    this.live.delete(name);
    this.o.git.guard?.unwatch(import_node_path2.default.join(w.dir, ".git"));
    this.retiredBranches.push(w.branch);
    const deleting = (0, import_promises.rm)(w.dir, { recursive: true, force: true }).catch(() => void 0).finally(() => this.deleting.delete(deleting));
    this.deleting.add(deleting);
  }
  async cleanup() {
    for (const name of [...this.live.keys()]) this.retire(name);
    await Promise.all(this.deleting);
    await this.adds.run(async () => {
    });
    await (0, import_promises.rm)(this.o.root, { recursive: true, force: true });
    await this.o.git.worktreePrune();
    await this.o.git.deleteBranches(this.retiredBranches.splice(0));
  }
};
function conflictingPaths(stderr, paths) {
  const named = paths.filter((p) => stderr.includes(`${p}:`) || stderr.includes(`${p} `));
  return named.length ? named : paths;
}
function runMode(settings, ui, ctx) {
  return (0, import_chunk_LTSEQ4IO.runOnFrame)(run, settings, ui, ctx);
}
var run = {
  // Validated before the repository is touched; read again on the work branch (an existing `branch` holds
  // its own task.json).
  read: ({ settings, ui }) => (0, import_chunk_T3KJSQRI.loadTaskFile)(settings, ui),
  reread: ({ settings, ui }) => (0, import_chunk_T3KJSQRI.loadTaskFile)(settings, ui, { warnings: false }),
  // A run with nothing to do (a finished task file on a schedule) installs no CLI and starts no sandbox.
  claude: ({ settings }, doc) => hasWork(settings, doc) ? "up-front" : "on-demand",
  check({ settings }) {
    if (settings.limits.parallel > 1 && !settings.git.commit)
      throw new import_chunk_5FGLKTEA.RunSetupError(
        "parallel > 1 needs commit: true: each task starts from the commits of the tasks it depends on"
      );
  },
  branch: ({ settings }, doc) => settings.git.branch ?? (settings.pullRequest.enabled ? (0, import_chunk_LTSEQ4IO.defaultBranch)(doc.data.project) : void 0),
  work: runPrepared
};
var hasWork = (settings, doc) => (0, import_chunk_MRPKCQQM.runHasWork)(doc.data.tasks, doc.expandIds(settings.tasks), settings.limits.retryFailed);
async function runPrepared(workspace, doc) {
  const { settings, ctx, persister, redactor, say } = workspace;
  const parallel = settings.limits.parallel;
  const workspaces = parallel > 1 ? new Worktrees({
    git: persister.git,
    head: () => persister.head(),
    taskFile: persister.taskFile,
    ignore: persister.dirtyPaths,
    subdir: import_node_path.default.relative(persister.git.cwd, settings.workingDirectory),
    root: import_node_path.default.join(ctx.tempDir ?? import_node_os.default.tmpdir(), "taskmesh", "worktrees", ctx.runId),
    runId: ctx.runId,
    broughtIn: (paths) => persister.broughtIn(paths)
  }) : void 0;
  const base = (0, import_chunk_KJXOH3DM.pullRequestBase)(settings, persister);
  if (settings.pullRequest.enabled && !settings.git.push)
    say("warning", "pull-request: true has no effect with commit: false or push: false (nothing is pushed)");
  const pr = settings.pullRequest.enabled ? (0, import_chunk_KJXOH3DM.pullRequestPublisher)(workspace, { head: persister.workBranch, base, project: () => doc.data.project }) : void 0;
  const idle = !hasWork(settings, doc);
  const result = await (0, import_chunk_MRPKCQQM.runTasks)({
    ...workspace,
    session: idle ? workspace.idleSession() : await workspace.claude(),
    doc,
    only: settings.tasks,
    workspaces,
    afterPush: pr?.afterPush
  });
  const { engine, report } = result;
  const prFailure = await pr?.retryIfStale(engine);
  const ready = await (0, import_chunk_KJXOH3DM.publishRun)(workspace, result, pr?.result());
  if (idle) say("info", "nothing to do: no task was ready (Claude and the sandbox were not started)");
  else if (!result.pushed && settings.git.commit && report.tasks.every((t) => !t.ranThisRun))
    say("info", "nothing to do: no task was ready");
  return { report, ready, failure: (0, import_chunk_MRPKCQQM.runFailure)(settings, redactor, result, prFailure) };
}
// Annotate the CommonJS export names for ESM import in node:
0 && (module.exports = {
  runMode
});
