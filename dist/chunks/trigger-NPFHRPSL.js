import { createRequire as __taskmeshCreateRequire } from 'node:module';
const require = __taskmeshCreateRequire(import.meta.url);
import {
  isUntrustedTrigger,
  refuseUntrustedTrigger
} from "./chunk-XEX5TLJN.js";
import "./chunk-GHDUZPQX.js";
export {
  isUntrustedTrigger,
  refuseUntrustedTrigger
};
