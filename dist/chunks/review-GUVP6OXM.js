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
var review_GUVP6OXM_exports = {};
__export(review_GUVP6OXM_exports, {
  dependentsOf: () => dependentsOf,
  reviewMode: () => reviewMode
});
module.exports = __toCommonJS(review_GUVP6OXM_exports);
var import_chunk_2YXSDQNZ = require("./chunk-2YXSDQNZ.js");
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
var USAGE = [
  "`/taskmesh redo <task-id> [what to change\u2026]` \u2014 redo that task with your feedback (the rest of the line and the lines below it)",
  "`/taskmesh add <description\u2026>` \u2014 add a new task and run it",
  "`/taskmesh status` \u2014 show the tasks and what is ready"
];
var COMMAND = /^ {0,3}\/taskmesh(?=\s|$)(.*)$/i;
var FENCE = /^ {0,3}(`{3,}|~{3,})/;
function scan(text) {
  const lines = text.replace(/\r\n?/g, "\n").split("\n");
  const starts = [];
  let fence = null;
  lines.forEach((line, i) => {
    const f = FENCE.exec(line);
    if (fence) {
      if (f && f[1][0] === fence[0] && f[1].length >= fence.length) fence = null;
      return;
    }
    if (f) {
      fence = f[1];
      return;
    }
    const m = /^ {0,3}>/.test(line) ? null : COMMAND.exec(line);
    if (m) starts.push({ index: i, rest: m[1].trim() });
  });
  return { lines, starts };
}
function parseCommands(text) {
  const { lines, starts } = scan(text);
  return starts.map((s, n) => {
    const end = n + 1 < starts.length ? starts[n + 1].index : lines.length;
    const below = lines.slice(s.index + 1, end).join("\n");
    const [word = "", ...restWords] = s.rest.split(/\s+/);
    const afterWord = s.rest.slice(word.length).trim();
    switch (word.toLowerCase()) {
      case "redo": {
        const id = restWords[0];
        const feedbackLine = id ? afterWord.slice(id.length).trim() : "";
        return {
          kind: "redo",
          taskId: id || void 0,
          feedback: joinText(feedbackLine, below)
        };
      }
      case "add":
        return { kind: "add", description: joinText(afterWord, below) };
      case "status":
        return afterWord === "" ? { kind: "status" } : { kind: "unknown", text: `/taskmesh ${s.rest}` };
      default:
        return { kind: "unknown", text: `/taskmesh ${s.rest}`.trim() };
    }
  });
}
function withoutCommands(body) {
  const { lines, starts } = scan(body);
  return lines.slice(0, starts[0]?.index ?? lines.length).join("\n").trim();
}
function joinText(line, below) {
  return [line, below.replace(/^\n+|\s+$/g, "")].filter(Boolean).join("\n").trim();
}
var REPLY_MARKER = "<!-- taskmesh-review -->";
function deniedMarker(login) {
  return `<!-- taskmesh-review:denied:${login.toLowerCase()} -->`;
}
function isOwnReply(body) {
  return body.includes(REPLY_MARKER);
}
var code = (s) => `\`${s.replace(/`/g, "'")}\``;
var safe = (s) => (0, import_chunk_T3KJSQRI.neutralizeMentions)(s);
function reply(...lines) {
  return `${REPLY_MARKER}
${lines.join("\n")}
`;
}
function usageReply(unknown) {
  return reply(
    unknown ? `I do not know ${code((0, import_chunk_T3KJSQRI.shorten)(unknown, 80))}. Taskmesh understands:` : "Taskmesh understands:",
    "",
    ...USAGE.map((u) => `- ${u}`),
    "",
    "Or request changes in a review with comments on the lines to change: each comment goes to the task that last changed its file."
  );
}
function deniedReply(login) {
  return reply(
    `@${login}, only collaborators with write access to this repository can ask Taskmesh for changes. Nothing was run. (This reply is given once per person on a pull request.)`
  ) + `${deniedMarker(login)}
`;
}
function closedReply(state) {
  return reply(`This pull request is ${state}: Taskmesh changes nothing on it.`);
}
function forkReply() {
  return reply(
    "This pull request comes from a fork: Taskmesh does not act on it (its text would drive an agent with write access)."
  );
}
function taskList(ids, max = 30) {
  const shown = ids.slice(0, max).map(code);
  return shown.join(", ") + (ids.length > max ? `, and ${ids.length - max} more` : "");
}
function unknownTaskReply(id, ids) {
  return reply(
    `There is no task ${code(id)} in the task file. The tasks are: ${taskList(ids)}.`,
    "",
    "Redo one with `/taskmesh redo <task-id> <what to change>`."
  );
}
function unmappedFileReply(path, ids) {
  return reply(
    `No task changed ${code(path)} on this branch, so Taskmesh does not know which task this comment is for. The tasks are: ${taskList(ids)}.`,
    "",
    "Name one with `/taskmesh redo <task-id> <what to change>`."
  );
}
function howToNameReply(ids) {
  return reply(
    "This review requests changes, but Taskmesh cannot tell which task they are for: it has no comments on changed lines and names no task.",
    "",
    `Comment on the lines to change (each comment goes to the task that last changed its file), or name a task with \`/taskmesh redo <task-id> <what to change>\`. The tasks are: ${taskList(ids)}.`
  );
}
function emptyAddReply() {
  return reply(
    "`/taskmesh add` needs a description of the task, for example `/taskmesh add Write a README for the CLI`."
  );
}
function runningElsewhereReply(id) {
  return reply(
    `Task ${code(id)} is running in another workflow run (it is \`in_progress\`): nothing was changed. Ask again when it is done. (If no run is working on it, a \`mode: run\` run resumes it.)`
  );
}
function notReadyReply(id, waits) {
  return reply(
    `Task ${code(id)} has not run yet and waits for ${taskList(waits)}: there is nothing to redo yet. Nothing was changed.`
  );
}
function statusReply(project, rows, ready) {
  const max = 100;
  const table = [
    "| Task | Status | Title |",
    "| --- | --- | --- |",
    ...rows.slice(0, max).map((r) => `| ${code(r.id)} | ${r.status} | ${safe(cell((0, import_chunk_T3KJSQRI.shorten)(r.title, 100)))} |`)
  ];
  if (rows.length > max) table.push(`| \u2026 | | ${rows.length - max} more tasks |`);
  return reply(
    `**${safe(cell((0, import_chunk_T3KJSQRI.shorten)(project, 100)))}**: ${rows.length} task(s).`,
    "",
    ...table,
    "",
    ready.length ? `Ready to run: ${taskList(ready)}.` : "No task is ready to run."
  );
}
function cell(s) {
  return s.replace(/\|/g, "\\|").replace(/\s+/g, " ");
}
function outcomeReply(results, notes = []) {
  const out = [];
  for (const r of results) {
    const what = r.added ? `New task ${code(r.taskId)}` : `Task ${code(r.taskId)}`;
    if (r.status === "completed") {
      const commit = r.commit ? r.commitUrl ? `[${r.commit.slice(0, 7)}](${r.commitUrl})` : code(r.commit.slice(0, 7)) : "no commit (nothing changed)";
      out.push(`\u2705 ${what} ${r.added ? "is done" : "was redone"}: ${commit}.`);
      out.push(
        `Files changed: ${r.files.length ? taskList(r.files, 20) : "none"} \xB7 cost ${(0, import_chunk_T3KJSQRI.formatUsd)(r.costUsd)}`
      );
      if (r.summary) out.push("", ...quote((0, import_chunk_T3KJSQRI.shorten)(r.summary, 1500)));
    } else if (r.status === "failed") {
      out.push(
        `\u274C ${what} ${r.added ? "failed" : "could not be redone"}: ${safe((0, import_chunk_T3KJSQRI.shorten)(r.error ?? "no reason given", 600))}`,
        `Cost ${(0, import_chunk_T3KJSQRI.formatUsd)(r.costUsd)}. ${r.added ? "It is marked failed in the task file." : "The earlier work stays on the branch; the task is marked failed."} Try again with \`/taskmesh redo ${r.taskId} <what to change>\`.`
      );
    } else {
      out.push(
        `\u23F8\uFE0F ${what} did not run to the end (${safe((0, import_chunk_T3KJSQRI.shorten)(r.error ?? "the run stopped", 300))}); it is \`pending\` and the next run picks it up.`
      );
    }
    if (r.dependents.length)
      out.push(
        "",
        `Tasks that build on ${code(r.taskId)} were completed before and are not rerun by themselves: ${taskList(r.dependents)}. To bring them in line, redo each with \`/taskmesh redo <task-id> <what to change>\`.`
      );
    out.push("");
  }
  out.push(...notes);
  return reply(...out).replace(/\n+$/, "\n");
}
function quote(text) {
  return safe(text).split("\n").map((l) => `> ${l}`);
}
var WRITE_ROLES = ["admin", "maintain", "write"];
function planReview(p) {
  const { doc } = p;
  const tasks = doc.data.tasks;
  const ids = tasks.map((t) => t.id);
  const known = new Set(ids);
  const taskForPath = (file) => {
    if (file === p.taskFile) return void 0;
    for (const c of p.commits)
      if (c.files.includes(file)) {
        const id = [...c.taskIds].reverse().find((i) => known.has(i));
        if (id) return id;
      }
    let best;
    for (const t of tasks)
      if (t.outputs?.includes(file) && (!best || (t.completedAt ?? "") >= (best.completedAt ?? ""))) best = t;
    return best?.id;
  };
  const applied = new Set(tasks.flatMap((t) => (t.reviews ?? []).map((r) => r.id)));
  const redos = /* @__PURE__ */ new Map();
  const adds = [];
  const notes = [];
  const eyes = [];
  const note = (target, text) => notes.push({ target, text });
  const addRedo = (id, src, body) => {
    let r = redos.get(id);
    if (!r) redos.set(id, r = { items: [], entries: [], targets: [] });
    if (r.entries.some((e) => e.id === src.id)) return;
    const entry = { id: src.id, url: src.url, author: src.author, body, at: src.at };
    if (src.path) entry.path = src.path;
    if (src.line !== void 0) entry.line = src.line;
    r.entries.push(entry);
    r.items.push({
      author: src.author,
      url: src.url,
      body,
      path: src.path,
      line: src.line,
      diffHunk: src.diffHunk
    });
    if (!r.targets.some((t) => sameTarget(t, src.target))) r.targets.push(src.target);
    if (src.eyes && !eyes.some((e) => e.id === src.eyes.id)) eyes.push(src.eyes);
  };
  const redo = (id, src, body) => {
    const t = doc.task(id);
    if (!t) return note(src.target, unknownTaskReply(id, ids));
    const status = (0, import_chunk_JD7SAOXD.statusOf)(t);
    if (status === "in_progress") return note(src.target, runningElsewhereReply(id));
    if (status === "pending") {
      const waits = (t.dependencies ?? []).filter((d) => (0, import_chunk_JD7SAOXD.statusOf)(doc.task(d) ?? {}) !== "completed");
      if (waits.length) return note(src.target, notReadyReply(id, waits));
    }
    addRedo(id, src, body);
  };
  const command = (c, src) => {
    switch (c.kind) {
      case "redo": {
        const id = c.taskId ?? (src.path ? taskForPath(src.path) : void 0);
        if (!c.taskId && !src.path) return note(src.target, usageReply("/taskmesh redo (without a task id)"));
        if (!id) return note(src.target, unmappedFileReply(src.path ?? "", ids));
        return redo(id, src, c.feedback || src.body.trim());
      }
      case "add":
        if (!c.description) return note(src.target, emptyAddReply());
        return void adds.push({
          id: newTaskId(c.description, known),
          description: c.description,
          entry: { id: src.id, url: src.url, author: src.author, body: c.description, at: src.at },
          target: src.target
        });
      case "status": {
        const c2 = new import_chunk_T3KJSQRI.TaskGraph(tasks).classify();
        const rows = tasks.map((t) => ({
          id: t.id,
          title: t.title ?? t.description.split("\n")[0] ?? "",
          status: c2.blocked.includes(t.id) ? "blocked" : (0, import_chunk_JD7SAOXD.statusOf)(t)
        }));
        return note(src.target, statusReply(doc.data.project, rows, c2.ready));
      }
      default:
        return note(src.target, usageReply(c.text));
    }
  };
  const skipped = [];
  for (const src of p.sources) {
    const isReviewBody = p.reviewId !== void 0 && src.id === p.reviewId && !src.path;
    if (applied.has(src.id)) {
      skipped.push(src.url || `comment ${src.id}`);
      continue;
    }
    const cmds = parseCommands(src.body);
    for (const c of cmds) command(c, src);
    if (!isReviewBody && cmds.length === 0 && src.path) {
      const id = taskForPath(src.path);
      if (id) redo(id, src, src.body.trim());
      else note(src.target, unmappedFileReply(src.path, ids));
    }
    if (isReviewBody && p.changesRequested) {
      const text = withoutCommands(src.body);
      if (text) for (const id of [...redos.keys()]) addRedo(id, src, text);
      if (cmds.length === 0 && !p.sources.some((x) => x.path)) note(src.target, howToNameReply(ids));
    }
  }
  return { redos, adds, notes, eyes, skipped };
}
function sameTarget(a, b) {
  return a.kind === b.kind && (a.kind === "conversation" || a.commentId === b.commentId);
}
function newTaskId(description, taken) {
  const slug = description.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "").split("-").slice(0, 5).join("-").slice(0, 40).replace(/-+$/, "") || "task";
  let id = slug;
  for (let i = 2; taken.has(id) || !import_chunk_JD7SAOXD.TASK_ID_PATTERN.test(id); i++) id = `${slug}-${i}`;
  taken.add(id);
  return id;
}
function reviewMode(settings, ui, ctx, trigger) {
  return (0, import_chunk_LTSEQ4IO.runOnFrame)(review(trigger), settings, ui, ctx);
}
var review = (trigger) => ({
  read: (frame) => readTrigger(frame, trigger),
  needsCredential: (input) => input.mayRun,
  // Claude and the sandbox only when there is something to redo.
  claude: "on-demand",
  // The pull request's own branch, whatever the workflow checked out (a merge ref, the default branch).
  branch: (_frame, input) => input.pull.headRef,
  work: reviewPrepared
});
async function readTrigger(frame, trigger) {
  const { settings, ctx, say } = frame;
  const who = trigger.author.login;
  const n = trigger.prNumber;
  if (isOwnReply(trigger.body)) {
    say("info", "ignored: a reply Taskmesh wrote itself");
    return new import_chunk_LTSEQ4IO.Done({});
  }
  if (trigger.author.isBot && !botAllowed(who, settings.allowedBots)) {
    say("info", `ignored: ${who} is a bot (name it in allowed-bots to act on its comments)`);
    return new import_chunk_LTSEQ4IO.Done({});
  }
  const commands = parseCommands(trigger.body);
  const changesRequested = trigger.event === "pull_request_review" && trigger.reviewState === "changes_requested";
  if (commands.length === 0 && !changesRequested) {
    say(
      "info",
      trigger.event === "pull_request_review" ? `nothing to do: a review that ${trigger.reviewState === "approved" ? "approves" : "comments"} without a /taskmesh command` : "nothing to do: the comment has no /taskmesh command"
    );
    return new import_chunk_LTSEQ4IO.Done({});
  }
  const [owner = "", repo = ""] = (ctx.repository ?? "").split("/");
  if (!owner || !repo) throw new import_chunk_5FGLKTEA.RunSetupError("mode: review needs GITHUB_REPOSITORY (owner/name)");
  const api = frame.github({ token: settings.git.token ?? "", owner, repo });
  const reply2 = async (target, body) => {
    if (target.kind === "thread") await api.replyToComment(n, target.commentId, body);
    else await api.comment(n, body);
  };
  const triggerTarget = trigger.event === "pull_request_review_comment" ? { kind: "thread", commentId: trigger.id } : { kind: "conversation" };
  const role = await api.role(who);
  if (!WRITE_ROLES.includes(role)) {
    say(
      "warning",
      `ignored: ${who} has "${role}" access to ${owner}/${repo}; only admin, maintain or write may ask for changes (nothing runs)`
    );
    const bodies = await api.commentBodies(n);
    if (!bodies.some((b) => b.includes(deniedMarker(who)))) await api.comment(n, deniedReply(who));
    return new import_chunk_LTSEQ4IO.Done({});
  }
  const pull = await api.pull(n);
  if (pull.state !== "open") {
    say("info", `pull request #${n} is ${pull.merged ? "merged" : "closed"}: nothing runs`);
    await reply2(triggerTarget, closedReply(pull.merged ? "merged" : "closed"));
    return new import_chunk_LTSEQ4IO.Done({});
  }
  const untrusted = (0, import_chunk_2YXSDQNZ.isUntrustedTrigger)("pull_request", { pull_request: pull.raw }, ctx.repository ?? "");
  if (untrusted && !settings.allowUntrustedTrigger) {
    await reply2(triggerTarget, forkReply());
    throw new import_chunk_5FGLKTEA.RunSetupError(
      `${untrusted}. Taskmesh refuses to run here: untrusted text would drive an agent with write access.`
    );
  }
  const sources = [];
  if (trigger.event === "pull_request_review") {
    if (changesRequested) {
      for (const c of await api.reviewComments(n, trigger.id))
        if (!isOwnReply(c.body)) sources.push(inlineSource(c));
    }
    sources.push({ ...base(trigger), target: { kind: "conversation" } });
  } else if (trigger.event === "pull_request_review_comment")
    sources.push({
      ...base(trigger),
      path: trigger.path,
      line: trigger.line,
      diffHunk: trigger.diffHunk,
      target: triggerTarget,
      eyes: { kind: "review", id: trigger.id }
    });
  else sources.push({ ...base(trigger), target: triggerTarget, eyes: { kind: "issue", id: trigger.id } });
  const mayRun = changesRequested || sources.some((s) => parseCommands(s.body).some((c) => c.kind === "redo" || c.kind === "add"));
  return { api, pull, trigger, sources, changesRequested, mayRun, reply: reply2 };
}
async function reviewPrepared(workspace, input) {
  const { settings, ui, persister, say } = workspace;
  const { pull, reply: reply2 } = input;
  const n = pull.number;
  const commits = await persister.git.taskCommits("HEAD");
  if (commits.length === 0) {
    const msg = `pull request #${n}: its branch ${pull.headRef} holds no Taskmesh task commits; mode: review leaves it alone`;
    say("info", msg);
    ui.annotate("notice", msg);
    return {};
  }
  const doc = await (0, import_chunk_T3KJSQRI.loadTaskFile)(settings, ui);
  const plan = planReview({
    doc,
    commits,
    taskFile: persister.taskFile,
    sources: input.sources,
    reviewId: input.trigger.event === "pull_request_review" ? input.trigger.id : void 0,
    changesRequested: input.changesRequested
  });
  const { redos, adds, notes, eyes } = plan;
  for (const url of plan.skipped) say("info", `${url} was applied before: not applying it twice`);
  const postNotes = async () => {
    const failed = [];
    for (const note of notes)
      await reply2(note.target, note.text).catch((e) => {
        say("warning", e.message);
        failed.push(e.message);
      });
    return failed;
  };
  if (redos.size === 0 && adds.length === 0) {
    if (plan.skipped.length > 0 && notes.length === 0)
      say("info", "nothing to do: every comment of this event was applied before");
    const failed = await postNotes();
    await workspace.restoreCheckout();
    return { failure: failed[0] };
  }
  return runRedos(workspace, input, doc, redos, adds, notes, eyes, postNotes);
}
async function runRedos(workspace, input, doc, redos, adds, notes, eyes, postNotes) {
  const { settings, ctx, redactor, say } = workspace;
  const { api, pull } = input;
  const claude = await workspace.claude();
  const feedback = /* @__PURE__ */ new Map();
  const completedBefore = new Set(doc.data.tasks.filter((t) => (0, import_chunk_JD7SAOXD.statusOf)(t) === "completed").map((t) => t.id));
  for (const [id, r] of redos) {
    const t = doc.task(id);
    feedback.set(id, { items: r.items, previousResult: t.result ?? void 0 });
    t.reviews = [...t.reviews ?? [], ...r.entries];
    t.status = "pending";
    delete t.error;
    say("info", `redoing ${id} with ${r.items.length} piece(s) of review feedback`);
  }
  for (const a of adds) {
    const firstLine = a.description.split("\n")[0].trim();
    doc.data.tasks.push({
      id: a.id,
      ...firstLine.length <= 80 && a.description.includes("\n") ? { title: firstLine } : {},
      description: a.description,
      source: `pull request comment ${a.entry.url}`,
      reviews: [a.entry]
    });
    say("info", `adding task ${a.id} from ${a.entry.url}`);
  }
  const only = [...redos.keys(), ...adds.map((a) => a.id)];
  for (const e of eyes)
    await api.eyes(e.kind, e.id).catch((err) => say("warning", `could not react: ${err.message}`));
  const stats = /* @__PURE__ */ new Map();
  const stat = (id) => {
    let s = stats.get(id);
    if (!s) stats.set(id, s = { costUsd: 0, files: [] });
    return s;
  };
  const observer = {
    emit: (e) => {
      if (e.type === "attempt-finished") stat(e.taskId).costUsd += e.costUsd;
      if (e.type === "task-finished") stat(e.taskId).files = e.outputs;
      if (e.type === "task-committed") stat(e.taskId).commit = e.commit;
    }
  };
  const urls = /* @__PURE__ */ new Map();
  for (const [id, r] of redos) urls.set(id, r.entries.map((e) => e.url).filter(Boolean));
  for (const a of adds) if (a.entry.url) urls.set(a.id, [a.entry.url]);
  const publisher = (0, import_chunk_KJXOH3DM.pullRequestPublisher)(workspace, {
    head: pull.headRef,
    base: pull.baseRef,
    project: () => doc.data.project
  });
  const run = await (0, import_chunk_MRPKCQQM.runTasks)({
    ...workspace,
    session: claude,
    doc,
    only,
    feedback,
    trailers: (id) => urls.get(id)?.map((u) => `Review: ${u}`),
    afterPush: publisher.afterPush,
    observer
  }).finally(() => workspace.stopSandbox());
  const { engine, report } = run;
  const prFailure = await publisher.retryIfStale(engine);
  const now = new Map(engine.documentTasks().map((t) => [t.id, t]));
  const linkBase = (0, import_chunk_MRPKCQQM.commitUrlBase)(ctx);
  const resultOf = (id, added) => {
    const t = now.get(id);
    const s = stats.get(id) ?? { costUsd: 0, files: [] };
    const st = t ? (0, import_chunk_JD7SAOXD.statusOf)(t) : "pending";
    return {
      taskId: id,
      added,
      status: st === "completed" || st === "failed" ? st : "pending",
      error: st === "completed" ? void 0 : t?.error ?? report.stopReason?.message ?? void 0,
      commit: s.commit,
      commitUrl: s.commit && linkBase ? `${linkBase}${s.commit}` : void 0,
      files: s.files,
      costUsd: s.costUsd,
      summary: st === "completed" ? t?.result ?? void 0 : void 0,
      dependents: added ? [] : dependentsOf(id, engine.documentTasks()).filter((d) => completedBefore.has(d))
    };
  };
  const byTarget = [];
  const resultsFor = (target) => {
    let x = byTarget.find((b) => sameTarget(b.target, target));
    if (!x) byTarget.push(x = { target, results: [] });
    return x.results;
  };
  for (const [id, r] of redos) for (const target of r.targets) resultsFor(target).push(resultOf(id, false));
  for (const a of adds) resultsFor(a.target).push(resultOf(a.id, true));
  const failed = [];
  for (const b of byTarget) {
    const extra = notes.filter((x) => sameTarget(x.target, b.target));
    for (const x of extra) notes.splice(notes.indexOf(x), 1);
    const body = outcomeReply(
      b.results,
      extra.map((x) => x.text.replace(/^<!--[^\n]*-->\n/, ""))
    );
    await input.reply(b.target, body).catch((e) => {
      say("warning", e.message);
      failed.push(e.message);
    });
  }
  failed.push(...await postNotes());
  await (0, import_chunk_KJXOH3DM.publishRun)(workspace, run, publisher.result());
  const replyFailure = failed.length ? `could not answer on the pull request: ${failed[0]}` : void 0;
  const prOrReply = [prFailure, replyFailure].filter(Boolean).join("; ") || void 0;
  return { failure: (0, import_chunk_MRPKCQQM.runFailure)(settings, redactor, run, prOrReply) };
}
function base(t) {
  return { id: t.id, url: t.url, author: t.author.login, body: t.body, at: t.at };
}
function inlineSource(c) {
  return {
    id: c.id,
    url: c.url,
    author: c.author,
    body: c.body,
    at: c.at,
    path: c.path,
    line: c.line,
    diffHunk: c.diffHunk,
    target: { kind: "thread", commentId: c.id },
    eyes: { kind: "review", id: c.id }
  };
}
function botAllowed(login, allowed) {
  const bare = (s) => s.toLowerCase().replace(/\[bot\]$/, "");
  return allowed.some((a) => bare(a) === bare(login));
}
function dependentsOf(id, tasks) {
  const found = /* @__PURE__ */ new Set();
  let grew = true;
  while (grew) {
    grew = false;
    for (const t of tasks)
      if (!found.has(t.id) && t.id !== id && (t.dependencies ?? []).some((d) => d === id || found.has(d))) {
        found.add(t.id);
        grew = true;
      }
  }
  return tasks.filter((t) => found.has(t.id)).map((t) => t.id);
}
// Annotate the CommonJS export names for ESM import in node:
0 && (module.exports = {
  dependentsOf,
  reviewMode
});
