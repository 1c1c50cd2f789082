import { createRequire as __taskmeshCreateRequire } from 'node:module';
const require = __taskmeshCreateRequire(import.meta.url);
import {
  CANCEL_KILL_GRACE_MS,
  defaultBranch,
  runRun
} from "./chunk-IUJ4TBKX.js";
import "./chunk-CZMC7SJF.js";
import "./chunk-3ND234TS.js";
import "./chunk-RDMBPGHW.js";
import "./chunk-QWSUOU2S.js";
import "./chunk-GHDUZPQX.js";
export {
  CANCEL_KILL_GRACE_MS,
  defaultBranch,
  runRun
};
