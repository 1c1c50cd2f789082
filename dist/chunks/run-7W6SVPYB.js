import { createRequire as __taskmeshCreateRequire } from 'node:module';
const require = __taskmeshCreateRequire(import.meta.url);
import {
  defaultBranch,
  runRun
} from "./chunk-A5C2B4NH.js";
import {
  CANCEL_KILL_GRACE_MS
} from "./chunk-X34YDOY3.js";
import "./chunk-N5EY7665.js";
import "./chunk-ZXNUM3SQ.js";
import "./chunk-AWKM7AY5.js";
import "./chunk-QWSUOU2S.js";
import "./chunk-GHDUZPQX.js";
export {
  CANCEL_KILL_GRACE_MS,
  defaultBranch,
  runRun
};
