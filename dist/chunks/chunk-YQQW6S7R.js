import { createRequire as __taskmeshCreateRequire } from 'node:module';
const require = __taskmeshCreateRequire(import.meta.url);

// src/shared/limits.ts
var PULL_REQUEST_BODY_MAX_CHARS = 65536;

export {
  PULL_REQUEST_BODY_MAX_CHARS
};
