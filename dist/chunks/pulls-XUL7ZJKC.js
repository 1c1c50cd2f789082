import { createRequire as __taskmeshCreateRequire } from 'node:module';
const require = __taskmeshCreateRequire(import.meta.url);
import {
  GitHubApiError,
  MAX_PR_BODY,
  capBody,
  dispatchWorkflow,
  isUntrustedTrigger,
  upsertPullRequest
} from "./chunk-6MQPFARV.js";
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
