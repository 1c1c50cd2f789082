import { createRequire as __taskmeshCreateRequire } from 'node:module';
const require = __taskmeshCreateRequire(import.meta.url);
import {
  defaultBranch,
  runRun
} from "./chunk-V6BSWGBC.js";
import {
  CANCEL_KILL_GRACE_MS
} from "./chunk-WBUDXVQD.js";
import "./chunk-H5P3KGH3.js";
import "./chunk-LGLNZAFP.js";
import "./chunk-FESD2FO7.js";
import "./chunk-QWSUOU2S.js";
import "./chunk-GHDUZPQX.js";
export {
  CANCEL_KILL_GRACE_MS,
  defaultBranch,
  runRun
};
