import { createRequire as __taskmeshCreateRequire } from 'node:module';
const require = __taskmeshCreateRequire(import.meta.url);
import {
  GitHubApiError,
  MAX_PR_BODY,
  capBody,
  client,
  dispatchWorkflow,
  errorText,
  isUntrustedTrigger,
  statusOf,
  upsertPullRequest
} from "./chunk-AWKM7AY5.js";
import "./chunk-QWSUOU2S.js";
import "./chunk-GHDUZPQX.js";
export {
  GitHubApiError,
  MAX_PR_BODY,
  capBody,
  client,
  dispatchWorkflow,
  errorText,
  isUntrustedTrigger,
  statusOf,
  upsertPullRequest
};
