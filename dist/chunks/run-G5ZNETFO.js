import { createRequire as __taskmeshCreateRequire } from 'node:module';
const require = __taskmeshCreateRequire(import.meta.url);
import {
  defaultBranch,
  runRun
} from "./chunk-PVDQGKIZ.js";
import {
  CANCEL_KILL_GRACE_MS
} from "./chunk-WSIFJKVH.js";
import "./chunk-UIY7QEVI.js";
import "./chunk-C5LBGAPT.js";
import "./chunk-AWKM7AY5.js";
import "./chunk-QWSUOU2S.js";
import "./chunk-GHDUZPQX.js";
export {
  CANCEL_KILL_GRACE_MS,
  defaultBranch,
  runRun
};
