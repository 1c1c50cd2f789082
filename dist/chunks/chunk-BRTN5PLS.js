import { createRequire as __taskmeshCreateRequire } from 'node:module';
const require = __taskmeshCreateRequire(import.meta.url);

// src/infra/git/auth-header.ts
function basicAuthHeader(token) {
  return `AUTHORIZATION: basic ${Buffer.from(`x-access-token:${token}`, "utf8").toString("base64")}`;
}
function extraHeaderUrl(serverUrl) {
  const u = new URL(serverUrl);
  return `${u.origin}/`;
}

export {
  basicAuthHeader,
  extraHeaderUrl
};
