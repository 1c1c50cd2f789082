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
} from "./chunk-2SN3RLNV.js";
import "./chunk-XQA6KSWL.js";
import "./chunk-R4NSYRKW.js";
import "./chunk-E3RKYLAA.js";
import "./chunk-M65JGXUS.js";
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
