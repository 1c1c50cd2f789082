import { createRequire as __taskmeshCreateRequire } from 'node:module';
const require = __taskmeshCreateRequire(import.meta.url);
import {
  context,
  getOctokit
} from "./chunk-QWSUOU2S.js";
import "./chunk-GHDUZPQX.js";
export {
  context,
  getOctokit
};
