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
} from "./chunk-AUEB7JWN.js";
import "./chunk-PVDQGKIZ.js";
import "./chunk-WSIFJKVH.js";
import "./chunk-UIY7QEVI.js";
import "./chunk-C5LBGAPT.js";
import "./chunk-AWKM7AY5.js";
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
