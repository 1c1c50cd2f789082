import { createRequire as __taskmeshCreateRequire } from 'node:module';
const require = __taskmeshCreateRequire(import.meta.url);
import {
  CANCEL_KILL_GRACE_MS,
  defaultBranch,
  runRun
} from "./chunk-FQP2LM2N.js";
import "./chunk-QBNFQ5AR.js";
import "./chunk-R2A66BSV.js";
import "./chunk-ASLFC7N3.js";
import "./chunk-7MENIQ3B.js";
import "./chunk-2WREESQC.js";
export {
  CANCEL_KILL_GRACE_MS,
  defaultBranch,
  runRun
};
