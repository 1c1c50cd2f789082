import { createRequire as __taskmeshCreateRequire } from 'node:module';
const require = __taskmeshCreateRequire(import.meta.url);

// src/shared/errors.ts
var RunSetupError = class extends Error {
  constructor(message) {
    super(message);
    this.name = "RunSetupError";
  }
};
function messageOf(error) {
  return error instanceof Error ? error.message : String(error);
}

export {
  RunSetupError,
  messageOf
};
