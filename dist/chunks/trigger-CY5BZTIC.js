import { createRequire as __taskmeshCreateRequire } from 'node:module';
const require = __taskmeshCreateRequire(import.meta.url);
import {
  isUntrustedTrigger
} from "./chunk-CUHZ3FGB.js";
import "./chunk-B42TTOCL.js";
import "./chunk-QWSUOU2S.js";
import "./chunk-GHDUZPQX.js";

// src/modes/trigger.ts
async function refuseUntrustedTrigger(settings, ctx) {
  if (!ctx.event) return;
  const event = await ctx.event();
  const untrusted = isUntrustedTrigger(event.name, event.payload, ctx.repository ?? "");
  if (untrusted && !settings.allowUntrustedTrigger)
    throw new Error(
      `${untrusted}. Taskmesh refuses to run here: untrusted task text would drive an agent with write access. Set allow-untrusted-trigger: true only if you trust every author who can trigger this workflow.`
    );
}
export {
  refuseUntrustedTrigger
};
