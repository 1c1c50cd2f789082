import { createRequire as __taskmeshCreateRequire } from 'node:module';
const require = __taskmeshCreateRequire(import.meta.url);
import {
  defaultBranch,
  runRun
} from "./chunk-ZWYRB6DD.js";
import {
  CANCEL_KILL_GRACE_MS
} from "./chunk-YMDEVPMU.js";
import "./chunk-2V6R6CZR.js";
import "./chunk-ZXNUM3SQ.js";
import "./chunk-PMLZ7B4D.js";
import "./chunk-G7INCY2J.js";
import "./chunk-QWSUOU2S.js";
import "./chunk-GHDUZPQX.js";
export {
  CANCEL_KILL_GRACE_MS,
  defaultBranch,
  runRun
};
