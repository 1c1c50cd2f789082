import { createRequire as __taskmeshCreateRequire } from 'node:module';
const require = __taskmeshCreateRequire(import.meta.url);
import {
  GitHubApiError,
  MAX_PR_BODY,
  capBody,
  dispatchWorkflow,
  isUntrustedTrigger,
  upsertPullRequest
} from "./chunk-ASLFC7N3.js";
import "./chunk-7MENIQ3B.js";
import "./chunk-2WREESQC.js";
export {
  GitHubApiError,
  MAX_PR_BODY,
  capBody,
  dispatchWorkflow,
  isUntrustedTrigger,
  upsertPullRequest
};
