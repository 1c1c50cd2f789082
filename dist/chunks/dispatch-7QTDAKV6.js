import { createRequire as __taskmeshCreateRequire } from 'node:module';
const require = __taskmeshCreateRequire(import.meta.url);
import {
  dispatchWorkflow
} from "./chunk-6MQPFARV.js";
import "./chunk-7MENIQ3B.js";
import "./chunk-2WREESQC.js";

// src/app/dispatch.ts
function workflowFile(workflowRef) {
  const m = /\/\.github\/workflows\/([^@/]+)@/.exec(workflowRef ?? "");
  return m?.[1];
}
async function dispatchNextWave(ui, ctx, a) {
  const say = (text, level = "info") => ui.log({ kind: "line", level, text });
  if (!a.ready.length) {
    say("dispatch-next: no task is ready; not starting another run");
    return false;
  }
  if (!a.progressed) {
    say(
      "dispatch-next: this run finished no task; not starting another run (it would do the same)",
      "warning"
    );
    return false;
  }
  const [owner, repo] = (ctx.repository ?? "").split("/");
  const workflow = workflowFile(ctx.workflowRef);
  if (!ctx.token || !owner || !repo || !workflow || !ctx.ref)
    throw new Error(
      "dispatch-next needs github-token, GITHUB_REPOSITORY, GITHUB_WORKFLOW_REF and GITHUB_REF (it runs in GitHub Actions only)"
    );
  await dispatchWorkflow({
    token: ctx.token,
    apiUrl: ctx.apiUrl,
    owner,
    repo,
    workflowId: workflow,
    ref: ctx.ref
  });
  say(
    `dispatch-next: started ${workflow} on ${ctx.ref} for ${a.ready.length} ready task(s): ${a.ready.slice(0, 20).join(", ")}`
  );
  ui.setOutput("dispatched", "true");
  return true;
}
export {
  dispatchNextWave,
  workflowFile
};
