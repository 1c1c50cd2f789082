import { createRequire as __taskmeshCreateRequire } from 'node:module';
const require = __taskmeshCreateRequire(import.meta.url);
import {
  context,
  getOctokit
} from "./chunk-7MENIQ3B.js";
import "./chunk-2WREESQC.js";
export {
  context,
  getOctokit
};
