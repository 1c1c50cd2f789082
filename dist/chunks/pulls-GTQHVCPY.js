import { createRequire as __taskmeshCreateRequire } from 'node:module';
const require = __taskmeshCreateRequire(import.meta.url);
import {
  GitHubApiError,
  capBody,
  client,
  dispatchWorkflow,
  errorText,
  isUntrustedTrigger,
  statusOf,
  upsertPullRequest
} from "./chunk-PMLZ7B4D.js";
import "./chunk-G7INCY2J.js";
import "./chunk-QWSUOU2S.js";
import "./chunk-GHDUZPQX.js";
export {
  GitHubApiError,
  capBody,
  client,
  dispatchWorkflow,
  errorText,
  isUntrustedTrigger,
  statusOf,
  upsertPullRequest
};
