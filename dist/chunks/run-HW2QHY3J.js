import { createRequire as __taskmeshCreateRequire } from 'node:module';
const require = __taskmeshCreateRequire(import.meta.url);
import {
  defaultBranch,
  runRun
} from "./chunk-4ZSBFFBH.js";
import {
  CANCEL_KILL_GRACE_MS
} from "./chunk-CG4UYVWS.js";
import "./chunk-L6HOTDDX.js";
import "./chunk-LGLNZAFP.js";
import "./chunk-FESD2FO7.js";
import "./chunk-QWSUOU2S.js";
import "./chunk-GHDUZPQX.js";
export {
  CANCEL_KILL_GRACE_MS,
  defaultBranch,
  runRun
};
