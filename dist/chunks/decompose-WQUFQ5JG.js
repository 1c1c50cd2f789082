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
} from "./chunk-DYTGW7KU.js";
import "./chunk-NER36LG7.js";
import "./chunk-2Y5RBO6Y.js";
import "./chunk-R2A66BSV.js";
import "./chunk-DZ32BING.js";
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
