import { createRequire as __taskmeshCreateRequire } from 'node:module';
const require = __taskmeshCreateRequire(import.meta.url);
import {
  DECOMPOSE_ALLOWED_TOOLS,
  DECOMPOSE_DISALLOWED_TOOLS,
  DECOMPOSE_PERMISSION_MODE,
  MAX_PLAN_TRIES,
  buildDecomposePrompt,
  checkPlan,
  planJsonSchema,
  runDecompose
} from "./chunk-QEWZ6PKK.js";
import "./chunk-6BC5HISW.js";
import "./chunk-OZDXS3OK.js";
import "./chunk-DMQIUSHG.js";
import "./chunk-LGLNZAFP.js";
import "./chunk-FESD2FO7.js";
import "./chunk-QWSUOU2S.js";
import "./chunk-GHDUZPQX.js";
export {
  DECOMPOSE_ALLOWED_TOOLS,
  DECOMPOSE_DISALLOWED_TOOLS,
  DECOMPOSE_PERMISSION_MODE,
  MAX_PLAN_TRIES,
  buildDecomposePrompt,
  checkPlan,
  planJsonSchema,
  runDecompose
};
