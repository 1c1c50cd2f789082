import { createRequire as __taskmeshCreateRequire } from 'node:module';
const require = __taskmeshCreateRequire(import.meta.url);

// src/shared/error-message.ts
function messageOf(error) {
  return error instanceof Error ? error.message : String(error);
}

export {
  messageOf
};
