import { createRequire as __taskmeshCreateRequire } from 'node:module';
const require = __taskmeshCreateRequire(import.meta.url);
import {
  CANCEL_KILL_GRACE_MS,
  defaultBranch,
  runRun
} from "./chunk-NER36LG7.js";
import "./chunk-2Y5RBO6Y.js";
import "./chunk-R2A66BSV.js";
import "./chunk-DZ32BING.js";
import "./chunk-QWSUOU2S.js";
import "./chunk-GHDUZPQX.js";
export {
  CANCEL_KILL_GRACE_MS,
  defaultBranch,
  runRun
};
