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
} from "./chunk-RRINXU2X.js";
import "./chunk-TZXMYTKS.js";
import "./chunk-2LZWJH5N.js";
import "./chunk-N5EY7665.js";
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
