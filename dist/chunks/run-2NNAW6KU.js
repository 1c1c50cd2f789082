import { createRequire as __taskmeshCreateRequire } from 'node:module';
const require = __taskmeshCreateRequire(import.meta.url);
import {
  defaultBranch,
  runRun
} from "./chunk-SIKNBGJH.js";
import {
  CANCEL_KILL_GRACE_MS
} from "./chunk-QCI7WICV.js";
import "./chunk-J7EJSUME.js";
import "./chunk-ZXNUM3SQ.js";
import "./chunk-AWKM7AY5.js";
import "./chunk-QWSUOU2S.js";
import "./chunk-GHDUZPQX.js";
export {
  CANCEL_KILL_GRACE_MS,
  defaultBranch,
  runRun
};
