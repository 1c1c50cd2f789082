import { createRequire as __taskmeshCreateRequire } from 'node:module';
const require = __taskmeshCreateRequire(import.meta.url);
import {
  defaultBranch,
  runRun
} from "./chunk-6BC5HISW.js";
import {
  CANCEL_KILL_GRACE_MS
} from "./chunk-OZDXS3OK.js";
import "./chunk-DMQIUSHG.js";
import "./chunk-LGLNZAFP.js";
import "./chunk-FESD2FO7.js";
import "./chunk-QWSUOU2S.js";
import "./chunk-GHDUZPQX.js";
export {
  CANCEL_KILL_GRACE_MS,
  defaultBranch,
  runRun
};
