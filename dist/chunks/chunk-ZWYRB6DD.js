import { createRequire as __taskmeshCreateRequire } from 'node:module';
const require = __taskmeshCreateRequire(import.meta.url);
import {
  RunSetupError,
  finishRun,
  prepareClaude,
  preparePersister,
  pullRequestBase,
  pullRequestPublisher,
  pullRequestTarget,
  requireCredential,
  runFailure,
  runTasks,
  secretsAndLog,
  startSandbox
} from "./chunk-YMDEVPMU.js";
import {
  loadTaskFile
} from "./chunk-2V6R6CZR.js";
import {
  Git
} from "./chunk-ZXNUM3SQ.js";

// src/modes/run.ts
import os from "node:os";
import path2 from "node:path";

// src/persist/worktrees.ts
import { mkdir, rm } from "node:fs/promises";
import path from "node:path";
var Worktrees = class {
  constructor(o) {
    this.o = o;
  }
  o;
  live = /* @__PURE__ */ new Map();
  /** Finished tasks' worktrees, waiting to be removed off the critical path (see open). */
  retired = [];
  counter = 0;
  /** `git worktree add/remove` edit shared files under .git/worktrees: one at a time. */
  queue = Promise.resolve();
  async open(taskId) {
    const o = this.o;
    const n = ++this.counter;
    const name = `${taskId}-${n}`;
    const dir = path.join(o.root, name);
    const branch = `taskmesh/tmp/${o.runId}/${name}`;
    await mkdir(o.root, { recursive: true });
    let base = await o.head();
    await this.serial(() => o.git.worktreeAdd(dir, { branch, startPoint: base }));
    this.live.set(name, { dir, branch });
    const old = this.retired.shift();
    if (old) this.remove(old).catch(() => void 0);
    const wt = new Git(dir, { guard: o.git.guard });
    const keep = (p) => p !== o.taskFile && !o.ignore?.has(p);
    const changedFiles = async (since) => (await wt.worktreeChanges(since)).changed.filter(keep);
    const resetTo = async (commit) => {
      await wt.resetHard(commit);
      await wt.removeUntracked();
    };
    return {
      cwd: path.join(dir, o.subdir),
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
        if (paths.length === 0) return { ok: true };
        const tree = await wt.treeWithPaths(since, paths);
        const patch = await o.git.binaryDiff(since, tree);
        if (!patch.trim()) return { ok: true };
        const applied = await o.git.applyPatch(patch);
        if (applied.exitCode === 0) return { ok: true };
        const conflicts = conflictingPaths(applied.stderr, paths);
        const from = await this.tasksTouching(base, conflicts);
        return {
          ok: false,
          reason: `conflict with ${conflicts.join(", ")}${from.length ? ` from ${from.join(", ")}` : ""} (brought onto the branch while this task ran); retrying on the new head`
        };
      },
      dispose: async () => {
        if (this.live.has(name)) this.retired.push(name);
      }
    };
  }
  /** Task ids (from the Task-Id trailer) of the commits since `base` that touched these paths. */
  async tasksTouching(base, paths) {
    if (!paths.length) return [];
    const ids = await this.o.git.taskIdsTouching(`${base}..HEAD`, paths);
    return [...new Set(ids)].map((id) => `task ${id}`);
  }
  serial(fn) {
    const next = this.queue.then(fn, fn);
    this.queue = next.catch(() => void 0);
    return next;
  }
  async remove(name) {
    const w = this.live.get(name);
    if (!w) return;
    this.live.delete(name);
    await this.serial(async () => {
      await this.o.git.worktreeRemove(w.dir);
      await rm(w.dir, { recursive: true, force: true });
      await this.o.git.deleteBranch(w.branch);
    });
  }
  async cleanup() {
    this.retired.length = 0;
    for (const name of [...this.live.keys()]) await this.remove(name);
    await this.serial(async () => {
    });
    await this.o.git.worktreePrune();
    await rm(this.o.root, { recursive: true, force: true });
  }
};
function conflictingPaths(stderr, paths) {
  const named = paths.filter((p) => stderr.includes(`${p}:`) || stderr.includes(`${p} `));
  return named.length ? named : paths;
}

// src/modes/run.ts
function defaultBranch(project) {
  const slug = project.toLowerCase().replace(/[^a-z0-9._-]+/g, "-").replace(/^[-.]+|[-.]+$/g, "").slice(0, 60);
  return `taskmesh/${slug || "tasks"}`;
}
async function runRun(settings, outerUi, ctx) {
  const { redactor, guard, ui, say } = secretsAndLog(settings, outerUi);
  const doc = await loadTaskFile(settings, ui);
  requireCredential(settings, ctx.env);
  pullRequestTarget(settings, ctx.repository);
  if (settings.limits.parallel > 1 && !settings.git.commit)
    throw new RunSetupError(
      "parallel > 1 needs commit: true: each task starts from the commits of the tasks it depends on"
    );
  const { claudePath, extraArgs } = await prepareClaude(settings, ctx, say);
  const sandbox = await startSandbox(settings, ctx, say, ui);
  const branch = settings.git.branch ?? (settings.pullRequest.enabled ? defaultBranch(doc.data.project) : void 0);
  const persister = await preparePersister(settings, ctx, branch, say, guard).catch(async (e) => {
    await sandbox.stop();
    throw e;
  });
  try {
    return await runPrepared({
      settings,
      ui,
      ctx,
      doc,
      persister,
      redactor,
      guard,
      say,
      claudePath,
      extraArgs,
      sandbox
    });
  } catch (error) {
    await persister.finish().catch((e) => say("warning", `could not restore the checkout: ${e.message}`));
    throw error;
  } finally {
    await sandbox.stop();
  }
}
async function runPrepared(p) {
  const { settings, ui, ctx, persister, redactor, say } = p;
  let doc = p.doc;
  const parallel = settings.limits.parallel;
  if (settings.git.commit && persister.workBranch !== persister.startBranch)
    doc = await loadTaskFile(settings, ui, { warnings: false });
  const workspaces = parallel > 1 ? new Worktrees({
    git: persister.git,
    head: () => persister.head(),
    taskFile: persister.taskFile,
    ignore: persister.dirtyPaths,
    subdir: path2.relative(persister.git.cwd, settings.workingDirectory),
    root: path2.join(ctx.tempDir ?? os.tmpdir(), "taskmesh", "worktrees", ctx.runId),
    runId: ctx.runId
  }) : void 0;
  const [owner = "", repo = ""] = (ctx.repository ?? "").split("/");
  const base = pullRequestBase(settings, persister);
  if (settings.pullRequest.enabled && !settings.git.push)
    say("warning", "pull-request: true has no effect with commit: false or push: false (nothing is pushed)");
  const pr = settings.pullRequest.enabled ? pullRequestPublisher({
    settings,
    ctx,
    redactor,
    guard: p.guard,
    say,
    owner,
    repo,
    head: persister.workBranch,
    base,
    project: () => doc.data.project
  }) : void 0;
  const run = await runTasks({
    ...p,
    doc,
    only: settings.tasks,
    workspaces,
    afterPush: pr?.afterPush
  });
  const { engine, report } = run;
  const prFailure = await pr?.retryIfStale(engine);
  const ready = await finishRun({ ui, say, redactor, persister, engine, report, pr: pr?.result() });
  if (!run.pushed && settings.git.commit && report.tasks.every((t) => !t.ranThisRun))
    say("info", "nothing to do: no task was ready");
  return { report, ready, failure: runFailure(settings, redactor, run, prFailure) };
}

export {
  defaultBranch,
  runRun
};
