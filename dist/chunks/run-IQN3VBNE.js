import { createRequire as __taskmeshCreateRequire } from 'node:module';
const require = __taskmeshCreateRequire(import.meta.url);
import {
  defaultBranch,
  runRun
} from "./chunk-R5QSQW4P.js";
import "./chunk-2XRXWPZN.js";
import "./chunk-6MQPFARV.js";
import "./chunk-7MENIQ3B.js";
import "./chunk-2WREESQC.js";
export {
  defaultBranch,
  runRun
};
