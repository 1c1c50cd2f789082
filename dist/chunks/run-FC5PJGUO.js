import { createRequire as __taskmeshCreateRequire } from 'node:module';
const require = __taskmeshCreateRequire(import.meta.url);
import {
  defaultBranch,
  runRun
} from "./chunk-QAWTB4RC.js";
import {
  CANCEL_KILL_GRACE_MS
} from "./chunk-FKXSQFL2.js";
import "./chunk-CRFHP2ZM.js";
import "./chunk-M65JGXUS.js";
import "./chunk-FESD2FO7.js";
import "./chunk-QWSUOU2S.js";
import "./chunk-GHDUZPQX.js";
export {
  CANCEL_KILL_GRACE_MS,
  defaultBranch,
  runRun
};
