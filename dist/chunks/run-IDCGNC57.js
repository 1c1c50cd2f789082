import { createRequire as __taskmeshCreateRequire } from 'node:module';
const require = __taskmeshCreateRequire(import.meta.url);
import {
  runFailure,
  runHasWork,
  runTasks
} from "./chunk-VHL6BFTH.js";
import "./chunk-USPE5OZE.js";
import {
  SerialQueue,
  publishRun,
  pullRequestBase,
  pullRequestPublisher
} from "./chunk-TOOQDDF6.js";
import {
  loadTaskFile
} from "./chunk-FQY6V7TJ.js";
import "./chunk-YQQW6S7R.js";
import {
  Git,
  defaultBranch,
  runOnFrame
} from "./chunk-3SHWNTCU.js";
import "./chunk-KWHI2ZJM.js";
import "./chunk-56UXRV2S.js";
import {
  RunSetupError
} from "./chunk-B42TTOCL.js";
import "./chunk-GHDUZPQX.js";

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
  /** Temp branches of worktrees deleted from disk, for cleanup. */
  retiredBranches = [];
  /** Deletions from disk still running. */
  deleting = /* @__PURE__ */ new Set();
  counter = 0;
  /** `git worktree add` edits shared files under .git/worktrees: one at a time. */
  adds = new SerialQueue();
  async open(taskId) {
    const o = this.o;
    const n = ++this.counter;
    const name = `${taskId}-${n}`;
    const dir = path.join(o.root, name);
    const branch = `taskmesh/tmp/${o.runId}/${name}`;
    await mkdir(o.root, { recursive: true });
    let base = await o.head();
    await this.adds.run(() => o.git.worktreeAdd(dir, { branch, startPoint: base }));
    this.live.set(name, { dir, branch });
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
    this.retiredBranches.push(w.branch);
    const deleting = rm(w.dir, { recursive: true, force: true }).catch(() => void 0).finally(() => this.deleting.delete(deleting));
    this.deleting.add(deleting);
  }
  async cleanup() {
    for (const name of [...this.live.keys()]) this.retire(name);
    await Promise.all(this.deleting);
    await this.adds.run(async () => {
    });
    await rm(this.o.root, { recursive: true, force: true });
    await this.o.git.worktreePrune();
    await this.o.git.deleteBranches(this.retiredBranches.splice(0));
  }
};
function conflictingPaths(stderr, paths) {
  const named = paths.filter((p) => stderr.includes(`${p}:`) || stderr.includes(`${p} `));
  return named.length ? named : paths;
}

// src/modes/run.ts
function runMode(settings, ui, ctx) {
  return runOnFrame(run, settings, ui, ctx);
}
var run = {
  // Validated before the repository is touched; read again on the work branch (an existing `branch` holds
  // its own task.json).
  read: ({ settings, ui }) => loadTaskFile(settings, ui),
  reread: ({ settings, ui }) => loadTaskFile(settings, ui, { warnings: false }),
  // A run with nothing to do (a finished task file on a schedule) installs no CLI and starts no sandbox.
  claude: ({ settings }, doc) => hasWork(settings, doc) ? "up-front" : "on-demand",
  check({ settings }) {
    if (settings.limits.parallel > 1 && !settings.git.commit)
      throw new RunSetupError(
        "parallel > 1 needs commit: true: each task starts from the commits of the tasks it depends on"
      );
  },
  branch: ({ settings }, doc) => settings.git.branch ?? (settings.pullRequest.enabled ? defaultBranch(doc.data.project) : void 0),
  work: runPrepared
};
var hasWork = (settings, doc) => runHasWork(doc.data.tasks, doc.expandIds(settings.tasks), settings.limits.retryFailed);
async function runPrepared(workspace, doc) {
  const { settings, ctx, persister, redactor, say } = workspace;
  const parallel = settings.limits.parallel;
  const workspaces = parallel > 1 ? new Worktrees({
    git: persister.git,
    head: () => persister.head(),
    taskFile: persister.taskFile,
    ignore: persister.dirtyPaths,
    subdir: path2.relative(persister.git.cwd, settings.workingDirectory),
    root: path2.join(ctx.tempDir ?? os.tmpdir(), "taskmesh", "worktrees", ctx.runId),
    runId: ctx.runId,
    broughtIn: (paths) => persister.broughtIn(paths)
  }) : void 0;
  const base = pullRequestBase(settings, persister);
  if (settings.pullRequest.enabled && !settings.git.push)
    say("warning", "pull-request: true has no effect with commit: false or push: false (nothing is pushed)");
  const pr = settings.pullRequest.enabled ? pullRequestPublisher(workspace, { head: persister.workBranch, base, project: () => doc.data.project }) : void 0;
  const idle = !hasWork(settings, doc);
  const result = await runTasks({
    ...workspace,
    session: idle ? workspace.idleSession() : await workspace.claude(),
    doc,
    only: settings.tasks,
    workspaces,
    afterPush: pr?.afterPush
  });
  const { engine, report } = result;
  const prFailure = await pr?.retryIfStale(engine);
  const ready = await publishRun(workspace, result, pr?.result());
  if (idle) say("info", "nothing to do: no task was ready (Claude and the sandbox were not started)");
  else if (!result.pushed && settings.git.commit && report.tasks.every((t) => !t.ranThisRun))
    say("info", "nothing to do: no task was ready");
  return { report, ready, failure: runFailure(settings, redactor, result, prFailure) };
}
export {
  runMode
};
