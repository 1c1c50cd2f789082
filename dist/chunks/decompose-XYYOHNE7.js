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
var decompose_XYYOHNE7_exports = {};
__export(decompose_XYYOHNE7_exports, {
  DECOMPOSE_ALLOWED_TOOLS: () => DECOMPOSE_ALLOWED_TOOLS,
  DECOMPOSE_DISALLOWED_TOOLS: () => DECOMPOSE_DISALLOWED_TOOLS,
  DECOMPOSE_PERMISSION_MODE: () => DECOMPOSE_PERMISSION_MODE,
  MAX_PROPOSAL_TRIES: () => MAX_PROPOSAL_TRIES,
  decomposeMode: () => decomposeMode
});
module.exports = __toCommonJS(decompose_XYYOHNE7_exports);
var import_chunk_KJXOH3DM = require("./chunk-KJXOH3DM.js");
var import_chunk_T3KJSQRI = require("./startup.js")("chunk-T3KJSQRI.js");
var import_chunk_OEUZ4M5D = require("./chunk-OEUZ4M5D.js");
var import_chunk_LTSEQ4IO = require("./chunk-LTSEQ4IO.js");
var import_chunk_Q6IDVZC3 = require("./startup.js")("chunk-Q6IDVZC3.js");
var import_chunk_JD7SAOXD = require("./startup.js")("chunk-JD7SAOXD.js");
var import_chunk_5FGLKTEA = require("./startup.js")("chunk-5FGLKTEA.js");
var import_chunk_SEWDMQ6Q = require("./startup.js")("chunk-SEWDMQ6Q.js");
var import_promises = require("node:fs/promises");
var import_node_path = __builtinNamespace(require("node:path"));
var import_promises2 = require("node:fs/promises");
var import_node_path2 = __builtinNamespace(require("node:path"));
var MAX_REQUEST_CHARS = 3e3;
var MAX_DESCRIPTION_CELL = 160;
var MAX_DETAIL_CHARS = 4e3;
var MAX_PROBLEMS = 50;
function renderPlanPullRequestBody(view, opts = {}) {
  const max = opts.maxChars ?? import_chunk_OEUZ4M5D.PULL_REQUEST_BODY_MAX_CHARS;
  return assemble(view, {
    pr: true,
    size: (s) => s.length,
    cut: (s, n) => s.slice(0, Math.max(0, n)),
    max
  });
}
function renderDecomposeSummary(view, opts = {}) {
  return assemble(view, {
    pr: false,
    size: import_chunk_T3KJSQRI.utf8Bytes,
    cut: import_chunk_T3KJSQRI.truncateUtf8,
    max: opts.maxBytes ?? import_chunk_T3KJSQRI.DEFAULT_SUMMARY_MAX_BYTES
  });
}
function renderDecomposeFailureSummary(f) {
  let out = `## \u{1F578}\uFE0F Taskmesh decompose${f.project ? ` \xB7 ${(0, import_chunk_T3KJSQRI.escapeInline)((0, import_chunk_T3KJSQRI.shorten)(f.project, 200))}` : ""}

`;
  out += `> \u274C **No plan was written.** ${(0, import_chunk_T3KJSQRI.escapeInline)((0, import_chunk_T3KJSQRI.shorten)(f.reason.trim(), 2e3))}

`;
  out += `Task file <code>${(0, import_chunk_T3KJSQRI.escapeHtml)((0, import_chunk_T3KJSQRI.shorten)(f.taskFile, 200))}</code> is unchanged \xB7 ${(0, import_chunk_T3KJSQRI.plural)(f.tries, "try", "tries")} \xB7 \u{1F4B0} ${(0, import_chunk_T3KJSQRI.formatUsd)(f.costUsd)}

`;
  if (f.problems.length > 0) {
    out += "### Problems with the last answer\n\n";
    for (const p of f.problems.slice(0, MAX_PROBLEMS)) out += `- ${(0, import_chunk_T3KJSQRI.escapeInline)((0, import_chunk_T3KJSQRI.shorten)(p, 500))}
`;
    if (f.problems.length > MAX_PROBLEMS) out += `- \u2026 and ${f.problems.length - MAX_PROBLEMS} more
`;
    out += "\n";
  }
  out += requestBlock(f.request, f.requestSource, false);
  return (0, import_chunk_T3KJSQRI.truncateUtf8)(out, import_chunk_T3KJSQRI.DEFAULT_SUMMARY_MAX_BYTES);
}
function assemble(view, m) {
  const safe = (text) => (0, import_chunk_T3KJSQRI.escapeInline)(m.pr ? (0, import_chunk_T3KJSQRI.neutralizeMentions)(text) : text);
  const n = view.tasks.length;
  let head = m.pr ? `${import_chunk_KJXOH3DM.PR_MARKER}
` : "";
  head += `## \u{1F578}\uFE0F Taskmesh plan \xB7 ${safe((0, import_chunk_T3KJSQRI.shorten)(view.project, 200))}

`;
  head += `Claude turned the request into **${(0, import_chunk_T3KJSQRI.plural)(n, "new task")}** in <code>${(0, import_chunk_T3KJSQRI.escapeHtml)((0, import_chunk_T3KJSQRI.shorten)(view.taskFile, 200))}</code>` + (view.created ? " (the file was created by this step)." : ` (which held ${(0, import_chunk_T3KJSQRI.plural)(view.existingCount, "task")}; none of them was changed).`) + " Nothing has run yet.";
  head += m.pr ? " Review the plan, edit the task file on this branch if needed, and merge; a later run (`mode: run`) carries it out.\n\n" : "\n\n";
  head += `${(0, import_chunk_T3KJSQRI.plural)(view.tries, "try", "tries")} \xB7 \u{1F4B0} ${(0, import_chunk_T3KJSQRI.formatUsd)(view.costUsd)}

`;
  head += requestBlock(view.request, view.requestSource, m.pr);
  const graph = (0, import_chunk_T3KJSQRI.mermaidGraph)({ tasks: planGraphTasks(view) });
  const graphPart = graph === null ? `### Task graph

_The graph of ${(0, import_chunk_T3KJSQRI.plural)(n, "task")} is too big to draw; see the table._

` : `### Task graph

${graph}
`;
  const H_TABLE = "### Proposed tasks\n\n";
  const HEADER = "| Task | Depends on | Estimate | Verify | What |\n| --- | --- | --: | --- | --- |\n";
  const existingStatus = new Map(view.dependedOn.map((t) => [t.id, t.status]));
  const rows = view.tasks.map((t) => tableRow(t, existingStatus, safe));
  const details = view.tasks.map((t) => detailBlock(t, m.pr));
  const H_DETAILS = "### Task descriptions\n\n";
  const footer = m.pr ? "<sub>Written by Taskmesh (`mode: decompose`). The tasks run only after this pull request is merged and a run is started.</sub>\n" : "";
  const note = (text) => `
> \u2702\uFE0F ${text}
`;
  const NOTE_RESERVE = 300;
  let budget = m.max - NOTE_RESERVE - m.size(head) - m.size(footer) - m.size(H_TABLE) - m.size(HEADER);
  let kept = 0;
  for (const r of rows) {
    if (m.size(r) > budget) break;
    budget -= m.size(r);
    kept++;
  }
  const graphFits = kept === n && m.size(graphPart) <= budget;
  if (graphFits) budget -= m.size(graphPart);
  let keptDetails = 0;
  if (graphFits) {
    budget -= m.size(H_DETAILS);
    for (const d of details) {
      if (m.size(d) > budget) break;
      budget -= m.size(d);
      keptDetails++;
    }
  }
  let out = head;
  if (graphFits) out += graphPart;
  out += H_TABLE + HEADER + rows.slice(0, kept).join("");
  if (kept < n)
    out += note(`${(0, import_chunk_T3KJSQRI.plural)(n - kept, "task")} left out of the table (size limit); see the task file.`);
  out += "\n";
  if (keptDetails > 0) {
    out += H_DETAILS + details.slice(0, keptDetails).join("");
    if (keptDetails < n) out += note(`${(0, import_chunk_T3KJSQRI.plural)(n - keptDetails, "more task")} not shown (size limit).`) + "\n";
  }
  out += footer;
  return m.size(out) <= m.max ? out : m.cut(out, m.max);
}
function requestBlock(request, source, pr) {
  const text = (0, import_chunk_T3KJSQRI.shorten)(request.trim(), MAX_REQUEST_CHARS);
  return `<details open><summary>The request (${(0, import_chunk_T3KJSQRI.escapeHtml)(source)})</summary>

<pre>${(0, import_chunk_T3KJSQRI.escapeHtml)(pr ? (0, import_chunk_T3KJSQRI.neutralizeMentions)(text) : text)}</pre>

</details>

`;
}
function tableRow(t, existing, safe) {
  const deps = t.dependencies.length === 0 ? "\u2014" : t.dependencies.map((d) => {
    const status = existing.get(d);
    return `<code>${(0, import_chunk_T3KJSQRI.escapeHtml)(d)}</code>${status ? ` (existing, ${(0, import_chunk_T3KJSQRI.statusIcon)(status)} ${status.replace("_", " ")})` : ""}`;
  }).join(", ");
  const verify2 = t.verify === void 0 ? "\u2014" : `<code>${safe((0, import_chunk_T3KJSQRI.shorten)(Array.isArray(t.verify) ? t.verify.join(" ") : t.verify, 80))}</code>`;
  const cells = [
    `<code>${(0, import_chunk_T3KJSQRI.escapeHtml)(t.id)}</code> ${safe((0, import_chunk_T3KJSQRI.shorten)((0, import_chunk_T3KJSQRI.taskName)(t), 80))}`,
    deps,
    t.estimateMinutes !== void 0 ? `${t.estimateMinutes} min` : "\u2014",
    verify2,
    safe((0, import_chunk_T3KJSQRI.shorten)(t.description.trim(), MAX_DESCRIPTION_CELL))
  ];
  return `| ${cells.join(" | ")} |
`;
}
function detailBlock(t, pr) {
  let text = t.description.trim();
  if (t.details?.trim()) text += `

Details:
${t.details.trim()}`;
  text = (0, import_chunk_T3KJSQRI.shorten)(text, MAX_DETAIL_CHARS);
  const title = (0, import_chunk_T3KJSQRI.escapeInline)((0, import_chunk_T3KJSQRI.shorten)(pr ? (0, import_chunk_T3KJSQRI.neutralizeMentions)((0, import_chunk_T3KJSQRI.taskName)(t)) : (0, import_chunk_T3KJSQRI.taskName)(t), 120));
  return `<details><summary><code>${(0, import_chunk_T3KJSQRI.escapeHtml)(t.id)}</code> \xB7 ${title}</summary>

<pre>${(0, import_chunk_T3KJSQRI.escapeHtml)(pr ? (0, import_chunk_T3KJSQRI.neutralizeMentions)(text) : text)}</pre>

</details>

`;
}
function planGraphTasks(view) {
  const node = (t, status) => ({
    id: t.id,
    title: t.title,
    description: t.description,
    status,
    dependencies: t.dependencies ?? []
  });
  return [...view.dependedOn.map((t) => node(t, t.status)), ...view.tasks.map((t) => node(t, "pending"))];
}
var BOM = "\uFEFF";
var AppendError = class extends Error {
  constructor(message) {
    super(message);
    this.name = "AppendError";
  }
};
function appendToTaskFileText(text, tasks, log, at = ["tasks"]) {
  const bom = text.startsWith(BOM) ? BOM : "";
  const body = bom ? text.slice(1) : text;
  const { indent, eol } = (0, import_chunk_JD7SAOXD.detectFormatting)(body);
  const locator = new import_chunk_JD7SAOXD.JsonLocator(body);
  const root = locator.offsetOf([]);
  const tasksAt = locator.offsetOf(at);
  if (!tasksAt.exact || body[tasksAt.offset] !== "[")
    throw new AppendError(`the task file has no "${at.join(".")}" array to append to`);
  const edits = [];
  if (tasks.length > 0) edits.push(arrayInsertion(body, tasksAt.offset, tasks, indent, eol));
  if (log) {
    const logsAt = locator.offsetOf(["logs"]);
    if (logsAt.exact && body[logsAt.offset] === "[")
      edits.push(arrayInsertion(body, logsAt.offset, [log], indent, eol));
    else if (logsAt.exact) throw new AppendError('"logs" in the task file is not an array');
    else {
      const close = closingBracket(body, root.offset);
      const keyIndent = lineIndent(body, tasksAt.offset);
      const value = reindent(JSON.stringify([log], null, indent), keyIndent, eol);
      const after = lastValueEnd(body, close);
      edits.push({ at: after, end: after, text: `,${eol}${keyIndent}"logs": ${value}` });
    }
  }
  let out = body;
  for (const e of edits.sort((a, b) => b.at - a.at)) out = out.slice(0, e.at) + e.text + out.slice(e.end);
  verify(body, out, tasks, log, at);
  return bom + out;
}
function arrayInsertion(body, open, items, indent, eol) {
  const close = closingBracket(body, open);
  const end = lastValueEnd(body, close);
  const empty = end === open + 1;
  const keyIndent = lineIndent(body, open);
  let itemIndent = keyIndent + indent;
  if (!empty) {
    const lastStart = lastItemStart(body, open);
    if (lastStart !== void 0 && startsLine(body, lastStart)) itemIndent = lineIndent(body, lastStart);
  }
  const rendered = items.map((item) => reindent(JSON.stringify(item, null, indent), itemIndent, eol));
  const joined = rendered.join(`,${eol}${itemIndent}`);
  if (empty) {
    return { at: open + 1, end: close, text: `${eol}${itemIndent}${joined}${eol}${keyIndent}` };
  }
  return { at: end, end, text: `,${eol}${itemIndent}${joined}` };
}
function reindent(json, prefix, eol) {
  return json.replace(/\n/g, eol + prefix);
}
function lineIndent(body, offset) {
  const start = body.lastIndexOf("\n", offset - 1) + 1;
  return /^[ \t]*/.exec(body.slice(start, offset))[0];
}
function startsLine(body, offset) {
  const start = body.lastIndexOf("\n", offset - 1) + 1;
  return /^[ \t]*$/.test(body.slice(start, offset));
}
function lastValueEnd(body, close) {
  let i = close;
  while (i > 0 && /\s/.test(body[i - 1])) i--;
  return i;
}
function closingBracket(body, open) {
  let depth = 0;
  for (let i = open; i < body.length; i++) {
    const c = body[i];
    if (c === '"') {
      i = stringEnd(body, i) - 1;
      continue;
    }
    if (c === "{" || c === "[") depth++;
    else if (c === "}" || c === "]") {
      depth--;
      if (depth === 0) return i;
    }
  }
  throw new AppendError("unbalanced brackets in the task file");
}
function stringEnd(body, i) {
  for (let j = i + 1; j < body.length; j++) {
    if (body[j] === "\\") j++;
    else if (body[j] === '"') return j + 1;
  }
  return body.length;
}
function lastItemStart(body, open) {
  const skip = (i2) => {
    while (i2 < body.length && /\s/.test(body[i2])) i2++;
    return i2;
  };
  let last;
  let i = skip(open + 1);
  while (i < body.length && body[i] !== "]") {
    last = i;
    const c = body[i];
    if (c === '"') i = stringEnd(body, i);
    else if (c === "{" || c === "[") i = closingBracket(body, i) + 1;
    else while (i < body.length && !/[\s,\]}]/.test(body[i])) i++;
    i = skip(i);
    if (body[i] === ",") i = skip(i + 1);
  }
  return last;
}
function verify(before, after, tasks, log, at) {
  const old = JSON.parse(before);
  let parsed;
  try {
    parsed = JSON.parse(after);
  } catch (e) {
    throw new AppendError(`internal: appending produced invalid JSON (${e.message})`);
  }
  const expected = JSON.parse(before);
  let parent = expected;
  for (const key2 of at.slice(0, -1)) parent = parent[key2];
  const key = at[at.length - 1];
  const oldTasks = parent[key];
  parent[key] = [...oldTasks, ...tasks];
  if (log) expected.logs = [...old.logs ?? [], log];
  if (JSON.stringify(parsed) !== JSON.stringify(expected))
    throw new AppendError("internal: the appended task file does not hold what was appended");
  const a = new import_chunk_JD7SAOXD.JsonLocator(before);
  const b = new import_chunk_JD7SAOXD.JsonLocator(after);
  const n = oldTasks.length;
  if (n === 0) return;
  const first = a.offsetOf([...at, 0]).offset;
  const lastEndBefore = lastValueEnd(before, closingBracket(before, a.offsetOf(at).offset));
  const firstAfter = b.offsetOf([...at, 0]).offset;
  const span = before.slice(first, lastEndBefore);
  if (after.slice(firstAfter, firstAfter + span.length) !== span)
    throw new AppendError("internal: appending would change the text of existing tasks");
}
var MAX_REQUEST_PROMPT_CHARS = 1e5;
var MAX_LISTED_TASKS = 300;
var MAX_LISTED_IDS_CHARS = 2e4;
var MAX_PREVIOUS_ANSWER_CHARS = 3e4;
var MAX_PROBLEMS_SENT = 50;
function buildDecomposePrompt(input) {
  const out = [];
  out.push(
    `You are planning work for the project "${input.project}". Turn the request below into tasks for ${input.taskFileName}.`,
    "Each task will later be carried out by its own Claude Code session, one at a time or in parallel, in dependency order."
  );
  if (input.description) out.push("", "Project description:", input.description);
  if (input.context) out.push("", "Instructions for every task in this project:", input.context);
  out.push("", "## The request", "", (0, import_chunk_T3KJSQRI.clip)(input.request.trim(), MAX_REQUEST_PROMPT_CHARS));
  out.push("", `## Tasks already in ${input.taskFileName}`);
  if (input.existing.length === 0) out.push("None: the file has no tasks yet.");
  else {
    out.push(
      `${input.existing.length} task(s). Their ids are taken; a new task may depend on any of them. They are never changed.`
    );
    const shown = input.existing.slice(0, MAX_LISTED_TASKS);
    for (const t of shown)
      out.push(
        `- ${t.id} [${t.status ?? "pending"}] ${(0, import_chunk_T3KJSQRI.shorten)(t.title ?? (0, import_chunk_T3KJSQRI.firstLine)(t.description, 100), 100)}`
      );
    const rest = input.existing.slice(shown.length);
    if (rest.length > 0) {
      let ids = "";
      let listed = 0;
      for (const t of rest) {
        if (ids.length + t.id.length + 2 > MAX_LISTED_IDS_CHARS) break;
        ids += (listed ? ", " : "") + t.id;
        listed++;
      }
      out.push(`Ids of the other ${rest.length}: ${ids}`);
      if (listed < rest.length)
        out.push(
          `\u2026 and ${rest.length - listed} more not listed: give new ids a distinctive prefix so they cannot collide.`
        );
    }
  }
  out.push(
    "",
    "## How to answer",
    '- Answer by calling the StructuredOutput tool once, with {"tasks": [...]}; every task has id, title, description and dependencies, and optionally details, verify and estimateMinutes.',
    '- id: 1-64 letters, digits, ".", "_" or "-", starting with a letter or digit; unique, and not the id of an existing task.',
    "- dependencies: ids of new or existing tasks that must be completed first. No cycles.",
    "- description: what the task must achieve, self-contained: the session doing it sees only this task, the project description and what its dependencies produced.",
    "- verify (optional): a shell command that exits 0 only when the task is done (for example the tests it adds).",
    "- Size tasks so each is one focused piece of work; prefer independent tasks where the work allows it.",
    "- You may read the repository (the Read tool, read-only shell commands) to plan well. Do not change any file: this step only plans."
  );
  if (input.previous) {
    out.push(
      "",
      `## Your previous answer was not accepted (this is try ${input.try} of ${input.maxTries})`,
      "Previous answer:",
      "```json",
      (0, import_chunk_T3KJSQRI.clip)(safeJson(input.previous.answer), MAX_PREVIOUS_ANSWER_CHARS),
      "```",
      "Problems:"
    );
    const shown = input.previous.problems.slice(0, MAX_PROBLEMS_SENT);
    for (const problem of shown) out.push(`- ${problem}`);
    if (input.previous.problems.length > shown.length)
      out.push(`- \u2026 and ${input.previous.problems.length - shown.length} more`);
    out.push(
      "Answer again with the complete corrected list of tasks (all of them, not only the changed ones)."
    );
  }
  return out.join("\n") + "\n";
}
function safeJson(value) {
  if (value === void 0) return "(no structured answer)";
  try {
    return JSON.stringify(value, null, 2);
  } catch {
    return String(value);
  }
}
function proposalJsonSchema() {
  return {
    type: "object",
    additionalProperties: false,
    required: ["tasks"],
    properties: {
      tasks: {
        type: "array",
        minItems: 1,
        items: {
          type: "object",
          additionalProperties: false,
          required: ["id", "title", "description", "dependencies"],
          properties: {
            id: {
              type: "string",
              pattern: import_chunk_JD7SAOXD.TASK_ID_PATTERN.source,
              description: 'Unique id: 1-64 letters, digits, ".", "_" or "-", starting with a letter or digit; not used by an existing task'
            },
            title: { type: "string", minLength: 1, description: "Short title" },
            description: {
              type: "string",
              minLength: 1,
              description: "What the task must achieve, self-contained: it is all the agent doing it is told"
            },
            dependencies: {
              type: "array",
              items: { type: "string" },
              description: "Ids of tasks (new or existing) that must be completed before this one starts"
            },
            details: { type: "string", description: "Further instructions (optional)" },
            verify: {
              anyOf: [
                { type: "string", minLength: 1 },
                { type: "array", items: { type: "string", minLength: 1 }, minItems: 1 }
              ],
              description: "Shell command that exits 0 when the task is done (optional)"
            },
            estimateMinutes: {
              type: "number",
              exclusiveMinimum: 0,
              description: "Expected duration (optional)"
            }
          }
        }
      }
    }
  };
}
function checkProposal(answer, base, displayPath) {
  if (answer === void 0 || answer === null)
    return {
      ok: false,
      problems: [
        'No structured answer arrived: call the StructuredOutput tool once with {"tasks": [...]}, not a text reply.'
      ]
    };
  const list = answer.tasks;
  if (typeof answer !== "object" || Array.isArray(answer) || !Array.isArray(list))
    return { ok: false, problems: ['The answer must be an object with a "tasks" array.'] };
  if (list.length === 0)
    return { ok: false, problems: ["The plan has no tasks: propose at least one task for the request."] };
  const problems = [];
  const existing = new Map(base.tasks.map((t) => [t.id, t]));
  const firstIndex = /* @__PURE__ */ new Map();
  const candidates = [];
  list.forEach((raw, i) => {
    if (raw === null || typeof raw !== "object" || Array.isArray(raw)) {
      problems.push(`tasks[${i}] must be an object.`);
      candidates.push({});
      return;
    }
    const item = raw;
    candidates.push(newTaskObject(item));
    const id = item.id;
    const label = typeof id === "string" ? `tasks[${i}] (${JSON.stringify(id)})` : `tasks[${i}]`;
    if (typeof item.title !== "string" || item.title.trim() === "")
      problems.push(`${label}.title: every task needs a short title.`);
    if (typeof id !== "string") return;
    const old = existing.get(id);
    if (old)
      problems.push(
        `tasks[${i}].id: ${JSON.stringify(id)} is already the id of an existing task (${JSON.stringify((0, import_chunk_T3KJSQRI.shorten)(old.title ?? (0, import_chunk_T3KJSQRI.firstLine)(old.description, 60), 60))}, ${(0, import_chunk_JD7SAOXD.statusOf)(old)}). Existing tasks are never changed: give the new task another id; to build on the existing one, list ${JSON.stringify(id)} in dependencies.`
      );
    const first = firstIndex.get(id);
    if (first !== void 0)
      problems.push(
        `tasks[${i}].id: ${JSON.stringify(id)} is also the id of tasks[${first}]; ids must be unique.`
      );
    else firstIndex.set(id, i);
  });
  const k = base.tasks.length;
  const merged = { ...base, tasks: [...base.tasks, ...candidates] };
  const text = JSON.stringify(merged, null, 2);
  const result = (0, import_chunk_JD7SAOXD.validateTaskFileData)(merged, text, displayPath);
  if (!result.ok)
    for (const p of result.problems) {
      if (p.code === "duplicate-id") continue;
      problems.push(
        p.message.replace(/tasks\[(\d+)\]/g, (_, n) => {
          const i = Number(n);
          return i >= k ? `tasks[${i - k}]` : `existing task ${JSON.stringify(base.tasks[i]?.id)}`;
        })
      );
    }
  if (problems.length > 0) return { ok: false, problems: [...new Set(problems)] };
  return { ok: true, tasks: candidates };
}
function newTaskObject(item) {
  const out = {};
  for (const key of ["id", "title", "description", "details", "dependencies", "verify", "estimateMinutes"])
    if (item[key] !== void 0) out[key] = item[key];
  out.dependencies ??= [];
  return out;
}
async function readRequest(settings) {
  const { decompose: decompose2 } = settings;
  if (decompose2.requestFile) {
    const abs = import_node_path2.default.resolve(settings.workingDirectory, decompose2.requestFile);
    const root = await repositoryRoot(settings.workingDirectory);
    const cwdReal = await (0, import_promises2.realpath)(settings.workingDirectory).catch(() => settings.workingDirectory);
    const outside = () => new import_chunk_5FGLKTEA.RunSetupError(
      `input "request-file": "${decompose2.requestFile}" is outside the repository (${root}); name a file inside it`
    );
    if (!isInside(root, import_node_path2.default.resolve(cwdReal, decompose2.requestFile))) throw outside();
    let text2;
    try {
      if (!isInside(root, await (0, import_promises2.realpath)(abs))) throw outside();
      text2 = await (0, import_promises2.readFile)(abs, "utf8");
    } catch (e) {
      if (e instanceof import_chunk_5FGLKTEA.RunSetupError) throw e;
      const code = e.code;
      throw new import_chunk_5FGLKTEA.RunSetupError(
        code === "ENOENT" ? `request-file "${decompose2.requestFile}" not found: looked for ${abs}` : `could not read request-file "${decompose2.requestFile}" (${abs}): ${e.message}`
      );
    }
    if (!text2.trim()) throw new import_chunk_5FGLKTEA.RunSetupError(`request-file "${decompose2.requestFile}" (${abs}) is empty`);
    const rel = import_node_path2.default.relative(settings.workingDirectory, abs).split(import_node_path2.default.sep).join("/");
    return { text: text2, source: `request-file ${rel}`, reference: `decompose: ${rel}` };
  }
  const text = decompose2.request?.trim();
  if (!text)
    throw new import_chunk_5FGLKTEA.RunSetupError('mode "decompose" needs the input "request" (text) or "request-file" (a path)');
  return { text, source: "the request input", reference: `decompose: ${(0, import_chunk_T3KJSQRI.shorten)((0, import_chunk_T3KJSQRI.firstLine)(text, 200), 80)}` };
}
async function repositoryRoot(dir) {
  const top = await new import_chunk_LTSEQ4IO.Git(dir).topLevel().catch(() => dir);
  return (0, import_promises2.realpath)(top).catch(() => import_node_path2.default.resolve(top));
}
function isInside(root, file) {
  const rel = import_node_path2.default.relative(root, file);
  return rel !== ".." && !rel.startsWith(`..${import_node_path2.default.sep}`) && !import_node_path2.default.isAbsolute(rel);
}
var MAX_PROPOSAL_TRIES = 3;
var DECOMPOSE_PERMISSION_MODE = "dontAsk";
var DECOMPOSE_ALLOWED_TOOLS = ["Read"];
var DECOMPOSE_DISALLOWED_TOOLS = ["Write", "Edit", "NotebookEdit"];
var MAX_REQUEST_LOG_CHARS = 4e3;
function decomposeMode(settings, ui, ctx) {
  return (0, import_chunk_LTSEQ4IO.runOnFrame)(decompose, settings, ui, ctx);
}
var decompose = {
  // Everything that can be wrong with the inputs fails before the repository is touched or Claude is paid.
  read: async ({ settings, ui }) => ({
    request: await readRequest(settings),
    file: await loadOrNew(settings, ui)
  }),
  claude: "up-front",
  // A proposal gets its own branch: the run that carries it out later may use `taskmesh/<project>`.
  branch: ({ settings }, { file }) => settings.git.branch ?? (settings.pullRequest.enabled ? (0, import_chunk_LTSEQ4IO.defaultBranch)(file.data.project).replace(/^taskmesh\//, "taskmesh/plan-") : void 0),
  // The proposal branch may already exist with its own task file (an earlier proposal under review): build on it.
  reread: async ({ settings, ui }, input) => ({ ...input, file: await loadOrNew(settings, ui) }),
  work: propose
};
async function exists(file) {
  return (0, import_promises.stat)(file).then(
    (found) => found.isFile(),
    () => false
  );
}
async function loadOrNew(settings, ui) {
  if (await exists(settings.taskFilePath)) {
    const doc = await (0, import_chunk_T3KJSQRI.loadTaskFile)(settings, ui);
    return { data: doc.data, text: doc.originalText, doc };
  }
  const project = settings.decompose.project;
  if (!project)
    throw new import_chunk_5FGLKTEA.RunSetupError(
      `${settings.taskFileDisplay} does not exist yet: set the \`project\` input (and optionally \`description\`) to create it, or point \`task-file\` at an existing task file.`
    );
  const data = { project, tasks: [] };
  if (settings.decompose.description) data.description = settings.decompose.description;
  return { data, text: null };
}
async function propose(workspace, { request, file }) {
  const { settings, ui, ctx, persister, redactor, guard, say } = workspace;
  const base = (0, import_chunk_KJXOH3DM.pullRequestBase)(settings, persister);
  const claude = await workspace.claude();
  const taskFileName = import_node_path.default.relative(settings.workingDirectory, settings.taskFilePath) || import_node_path.default.basename(settings.taskFilePath);
  const snapshot = await persister.snapshot();
  let costUsd = 0;
  let tries = 0;
  let previous;
  let accepted;
  let stop;
  const publishRefusal = async (reason, problems) => {
    const failure = redactor.redact(reason);
    await setOutputs(workspace, { newTasks: [], pr: void 0, costUsd });
    await ui.summary(
      renderDecomposeFailureSummary({
        project: file.data.project,
        taskFile: settings.taskFileDisplay,
        request: redactor.redact(request.text),
        requestSource: request.source,
        reason: failure,
        problems: problems.map((problem) => redactor.redact(problem)),
        tries,
        costUsd
      })
    );
    return { newTasks: [], costUsd, failure };
  };
  const restoreCredentials = await (0, import_chunk_KJXOH3DM.hidePersistedCredentials)(persister.git, (msg) => say("warning", msg));
  try {
    while (tries < MAX_PROPOSAL_TRIES) {
      tries++;
      const remaining = settings.limits.maxBudgetUsd !== void 0 ? Math.max(0, settings.limits.maxBudgetUsd - costUsd) : void 0;
      if (remaining !== void 0 && remaining <= 0) {
        stop = `the spending cap of $${settings.limits.maxBudgetUsd.toFixed(4)} (max-budget-usd) is used up; nothing was written`;
        break;
      }
      say("info", `asking Claude for a plan (try ${tries} of ${MAX_PROPOSAL_TRIES})`);
      const prompt = buildDecomposePrompt({
        project: file.data.project,
        description: file.data.description,
        context: file.data.context,
        request: request.text,
        existing: file.data.tasks,
        taskFileName,
        try: tries,
        maxTries: MAX_PROPOSAL_TRIES,
        previous
      });
      const onEvent = (e) => {
        if (e.kind === "tool-use" && e.name !== "StructuredOutput") say("info", `Claude: ${e.summary}`);
        if (e.kind === "tool-result" && e.isError)
          say("info", `  refused or failed: ${(0, import_chunk_T3KJSQRI.firstLine)(e.text, 160)}`);
      };
      const attempt = await (0, import_chunk_LTSEQ4IO.claudePort)(claude, settings).run({
        prompt,
        cwd: settings.workingDirectory,
        model: settings.claude.model,
        maxTurns: settings.claude.maxTurns,
        maxBudgetUsd: remaining,
        allowedTools: DECOMPOSE_ALLOWED_TOOLS,
        // Read-only at the file-system level too: nothing of the machine is writable but its private folders.
        readOnly: { permissionMode: DECOMPOSE_PERMISSION_MODE, disallowedTools: DECOMPOSE_DISALLOWED_TOOLS },
        jsonSchema: JSON.stringify(proposalJsonSchema()),
        timeoutMs: settings.limits.taskTimeoutMs,
        transcriptPath: import_node_path.default.join(claude.transcriptsDir, "decompose", `try-${tries}.jsonl`),
        redactTranscript: (t) => guard.scrub(t, "Claude's output"),
        onEvent,
        signal: ctx.signal,
        heartbeatMs: ctx.heartbeatMs ?? 6e4,
        onHeartbeat: (idle) => say("info", `still planning (no output for ${Math.round(idle / 1e3)} s)`)
      });
      costUsd += attempt.result?.totalCostUsd ?? 0;
      const touched = await persister.changedFiles(snapshot);
      if (touched.length > 0)
        return publishRefusal(
          `Claude changed files although decompose only lets it read (${touched.slice(0, 20).join(", ")}${touched.length > 20 ? `, and ${touched.length - 20} more` : ""}); nothing was written and those changes are left in the working tree.`,
          []
        );
      const outcome = attempt.outcome;
      if (!outcome.ok) {
        if (outcome.kind === "transient" && tries < MAX_PROPOSAL_TRIES) {
          say("warning", `try ${tries} failed: ${outcome.reason}; trying again`);
          continue;
        }
        stop = `decompose stopped: ${outcome.reason}`;
        break;
      }
      const answer = attempt.result?.structuredOutput;
      const check = checkProposal(answer, file.data, settings.taskFileDisplay);
      if (check.ok) {
        accepted = check.tasks;
        break;
      }
      say("warning", `the plan of try ${tries} is not valid (${check.problems.length} problem(s)):`);
      for (const problem of check.problems.slice(0, 20)) say("warning", `  - ${problem}`);
      previous = { answer, problems: check.problems };
    }
  } finally {
    await restoreCredentials();
  }
  if (!accepted) {
    if (stop) return publishRefusal(stop, previous?.problems ?? []);
    return publishRefusal(
      `Claude did not produce a valid plan in ${MAX_PROPOSAL_TRIES} tries; nothing was written. The problems with the last answer:
` + (previous?.problems ?? []).map((problem) => `  - ${problem}`).join("\n"),
      previous?.problems ?? []
    );
  }
  const taskMaster = file.doc?.taskMaster;
  if (taskMaster) {
    const made = taskMaster.newTasks(accepted, request.reference);
    const tmTasks = made.tasks.map((t) => redactor.redactDeep(t));
    const text2 = appendToTaskFileText(file.text, tmTasks, void 0, taskMaster.tasksPath);
    const parsed2 = import_chunk_JD7SAOXD.TaskDocument.parse(text2, settings.taskFileDisplay, settings.taskFormat);
    if (!parsed2.ok)
      throw new Error(
        `internal: the planned task file does not validate: ${parsed2.problems.map((p) => p.message).join("; ")}`
      );
    parsed2.document.taskMaster?.touchMetadata();
    await parsed2.document.write(settings.taskFilePath, { force: true, outbound: guard });
    const shown = tmTasks.map((t) => ({
      ...t,
      id: String(t.id),
      dependencies: t.dependencies.map(String)
    }));
    return publishProposal(made.ids, shown, false);
  }
  const newTasks = accepted.map(
    (t) => redactor.redactDeep({
      id: t.id,
      title: t.title,
      description: t.description,
      ...t.details !== void 0 ? { details: t.details } : {},
      status: "pending",
      dependencies: t.dependencies,
      ...t.verify !== void 0 ? { verify: t.verify } : {},
      ...t.estimateMinutes !== void 0 ? { estimateMinutes: t.estimateMinutes } : {},
      source: request.reference
    })
  );
  const ids = newTasks.map((t) => t.id);
  const logEntry = {
    timestamp: (/* @__PURE__ */ new Date()).toISOString(),
    message: redactor.redact(
      `decompose: planned ${ids.length} new task(s) (${ids.join(", ")}) from ${request.source}: ${(0, import_chunk_T3KJSQRI.shorten)(request.text.trim(), MAX_REQUEST_LOG_CHARS)}`
    ),
    level: "info"
  };
  const created = file.text === null;
  const before = file.text ?? `${JSON.stringify(file.data, null, 2)}
`;
  const text = appendToTaskFileText(before, newTasks, logEntry);
  const parsed = import_chunk_JD7SAOXD.TaskDocument.parse(text, settings.taskFileDisplay);
  if (!parsed.ok)
    throw new Error(
      `internal: the planned task file does not validate: ${parsed.problems.map((p) => p.message).join("; ")}`
    );
  await (0, import_promises.mkdir)(import_node_path.default.dirname(settings.taskFilePath), { recursive: true });
  await parsed.document.write(settings.taskFilePath, { force: true, outbound: guard });
  return publishProposal(ids, newTasks, created);
  async function publishProposal(ids2, proposed, created2) {
    say("info", `added ${ids2.length} task(s) to ${settings.taskFileDisplay}: ${ids2.join(", ")}`);
    const recorded = await persister.recordState(commitMessage(ids2, request, proposed));
    const view = {
      project: file.data.project,
      taskFile: settings.taskFileDisplay,
      request: redactor.redact(request.text),
      requestSource: request.source,
      tasks: proposed,
      dependedOn: dependedOn(file.data, proposed),
      existingCount: file.data.tasks.length,
      created: created2,
      tries,
      costUsd
    };
    let pr;
    if (settings.pullRequest.enabled && settings.git.push && recorded.commit) {
      const github = workspace.github({
        token: settings.git.token,
        owner: workspace.owner,
        repo: workspace.repo
      });
      pr = await github.upsertPullRequest({
        head: persister.workBranch,
        base,
        title: `Taskmesh plan: ${(0, import_chunk_T3KJSQRI.shorten)(file.data.project, 80)} (+${(0, import_chunk_T3KJSQRI.plural)(ids2.length, "task")})`,
        body: renderPlanPullRequestBody(view),
        draft: settings.pullRequest.draft,
        labels: settings.pullRequest.labels
      });
      say("info", `pull request #${pr.number} ${pr.operation}: ${pr.url}`);
    }
    await setOutputs(workspace, { newTasks: ids2, pr, costUsd });
    await ui.summary(renderDecomposeSummary(view));
    return { newTasks: ids2, commit: recorded.commit, pullRequest: pr, costUsd };
  }
}
function dependedOn(data, tasks) {
  const wanted = new Set(tasks.flatMap((t) => t.dependencies));
  return data.tasks.filter((t) => wanted.has(t.id)).map((t) => ({ id: t.id, title: t.title, description: t.description, status: (0, import_chunk_JD7SAOXD.statusOf)(t) }));
}
function commitMessage(ids, request, tasks) {
  const n = ids.length;
  const subject = `taskmesh: plan ${n} new ${n === 1 ? "task" : "tasks"} \u2014 ${shortenLine((0, import_chunk_T3KJSQRI.firstLine)(request.text, 200), 60)}`;
  const lines = [subject, "", `From ${request.source}.`, ""];
  for (const t of tasks.slice(0, 50)) lines.push(`- ${t.id}${t.title ? `: ${shortenLine(t.title, 70)}` : ""}`);
  if (tasks.length > 50) lines.push(`- \u2026 and ${tasks.length - 50} more`);
  return `${lines.join("\n")}
`;
}
function shortenLine(text, max) {
  return (0, import_chunk_T3KJSQRI.shorten)(text.replace(/\s+/g, " ").trim(), max);
}
async function setOutputs(workspace, outputs) {
  workspace.ui.setOutput("new-tasks", JSON.stringify(outputs.newTasks));
  workspace.ui.setOutput("total-cost-usd", outputs.costUsd.toFixed(6));
  await (0, import_chunk_KJXOH3DM.setBranchOutputs)(workspace.ui, workspace.persister, outputs.pr);
}
// Annotate the CommonJS export names for ESM import in node:
0 && (module.exports = {
  DECOMPOSE_ALLOWED_TOOLS,
  DECOMPOSE_DISALLOWED_TOOLS,
  DECOMPOSE_PERMISSION_MODE,
  MAX_PROPOSAL_TRIES,
  decomposeMode
});
