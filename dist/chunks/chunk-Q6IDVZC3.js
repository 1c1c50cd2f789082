"use strict";
var __defProp = Object.defineProperty;
var __getOwnPropDesc = Object.getOwnPropertyDescriptor;
var __getOwnPropNames = Object.getOwnPropertyNames;
var __hasOwnProp = Object.prototype.hasOwnProperty;
var __export = (target, all) => {
  for (var name in all)
    __defProp(target, name, { get: all[name], enumerable: true });
};
var __copyProps = (to, from, except, desc) => {
  if (from && typeof from === "object" || typeof from === "function") {
    for (let key of __getOwnPropNames(from))
      if (!__hasOwnProp.call(to, key) && key !== except)
        __defProp(to, key, { get: () => from[key], enumerable: !(desc = __getOwnPropDesc(from, key)) || desc.enumerable });
  }
  return to;
};
var __toCommonJS = (mod) => __copyProps(__defProp({}, "__esModule", { value: true }), mod);
var chunk_Q6IDVZC3_exports = {};
__export(chunk_Q6IDVZC3_exports, {
  SecretGuard: () => SecretGuard,
  basicAuthHeader: () => basicAuthHeader,
  extraHeaderUrl: () => extraHeaderUrl,
  runRedactor: () => runRedactor
});
module.exports = __toCommonJS(chunk_Q6IDVZC3_exports);
function basicAuthHeader(token) {
  return `AUTHORIZATION: basic ${Buffer.from(`x-access-token:${token}`, "utf8").toString("base64")}`;
}
function extraHeaderUrl(serverUrl) {
  const u = new URL(serverUrl);
  return `${u.origin}/`;
}
var REDACTED = "***";
var MIN_SECRET_LENGTH = 6;
var TOKEN_PATTERNS = [
  // Anthropic API keys and OAuth tokens: sk-ant-api03-\u2026, sk-ant-oat01-\u2026
  String.raw`sk-ant-[A-Za-z0-9_-]{8,}`,
  // GitHub classic tokens: personal, OAuth, user-to-server, server-to-server, refresh.
  String.raw`\bgh[pousr]_[A-Za-z0-9]{20,}`,
  // GitHub fine-grained personal access tokens.
  String.raw`\bgithub_pat_[A-Za-z0-9_]{20,}`,
  // Authorization headers.
  String.raw`(?<keep1>\b[Bb]earer[ \t]{1,8})[A-Za-z0-9._~+/-]{16,}=*`,
  String.raw`(?<keep2>\b[Bb]asic[ \t]{1,8})[A-Za-z0-9+/]{16,}=*`,
  // A password in a URL: https://x-access-token:<token>@github.com/\u2026
  String.raw`(?<keep3>://[^/\s:@]{1,256}:)[^@\s/]{6,512}(?=@)`
];
function keepPrefix(groups) {
  if (!groups) return "";
  return groups.keep1 ?? groups.keep2 ?? groups.keep3 ?? "";
}
function base64Forms(value) {
  const bytes = Buffer.from(value, "utf8");
  const out = [];
  for (let k = 0; k < 3; k++) {
    const enc = Buffer.concat([Buffer.alloc(k), bytes]).toString("base64");
    const start = k === 0 ? 0 : 4;
    const end = Math.floor((k + bytes.length) / 3) * 4;
    const run = enc.slice(start, end);
    if (run.length >= 16) out.push(run, run.replace(/\+/g, "-").replace(/\//g, "_"));
  }
  return out;
}
function escapeRegExp(text) {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
var Redactor = class {
  secrets = /* @__PURE__ */ new Set();
  pattern = null;
  constructor(secrets = []) {
    for (const s of secrets) this.add(s);
  }
  /**
   * Registers a secret and the forms it travels in: verbatim, URL-encoded, git's basic auth header, and
   * base64 (and base64url) wherever the secret sits in the encoded text (see {@link base64Forms}).
   */
  add(secret) {
    const value = secret.trim();
    if (value.length < MIN_SECRET_LENGTH) return;
    const forms = [
      value,
      Buffer.from(`x-access-token:${value}`, "utf8").toString("base64"),
      Buffer.from(value, "utf8").toString("base64"),
      encodeURIComponent(value),
      ...base64Forms(value)
    ];
    for (const f of forms) {
      if (f.length >= MIN_SECRET_LENGTH && !this.secrets.has(f)) {
        this.secrets.add(f);
        this.pattern = null;
      }
    }
  }
  /**
   * Whether `text` holds a registered secret in any of its forms (token-shaped text alone does not count:
   * an example token in a file is not a leak).
   */
  containsSecret(text) {
    for (const s of this.secrets) if (text.includes(s)) return true;
    return false;
  }
  /** Replaces every known secret and anything shaped like a token with `***`, in one pass. */
  redact(text) {
    if (!text) return text;
    return text.replace(this.regex(), (...args) => {
      const groups = args[args.length - 1];
      return keepPrefix(typeof groups === "object" ? groups : void 0) + REDACTED;
    });
  }
  /** A copy of a JSON-like value (a RunReport, a RunEvent) with every string redacted. */
  redactDeep(value) {
    return this.walk(value);
  }
  walk(value) {
    if (typeof value === "string") return this.redact(value);
    if (Array.isArray(value)) return value.map((v) => this.walk(v));
    if (value instanceof Map) return new Map([...value].map(([k, v]) => [k, this.walk(v)]));
    if (value !== null && typeof value === "object") {
      const out = {};
      for (const [k, v] of Object.entries(value)) out[k] = this.walk(v);
      return out;
    }
    return value;
  }
  regex() {
    if (!this.pattern) {
      const literals = [...this.secrets].sort((a, b) => b.length - a.length).map(escapeRegExp);
      this.pattern = new RegExp([...literals, ...TOKEN_PATTERNS].join("|"), "g");
    }
    return this.pattern;
  }
};
function runRedactor(s) {
  return new Redactor([s.claude.apiKey, s.claude.oauthToken, s.git.token].filter((v) => !!v));
}
var SecretGuard = class {
  constructor(redactor, onFound = () => {
  }) {
    this.redactor = redactor;
    this.onFound = onFound;
  }
  redactor;
  onFound;
  reported = /* @__PURE__ */ new Set();
  reporting = false;
  /** `text` with every secret and token masked; `where` names the channel in the report (`the job summary`). */
  scrub(text, where) {
    if (!text) return text;
    if (this.redactor.containsSecret(text)) this.report(where);
    return this.redactor.redact(text);
  }
  /** Whether `text` holds a registered secret of this run (reported when it does). */
  holdsSecret(text, where) {
    if (!this.redactor.containsSecret(text)) return false;
    this.report(where);
    return true;
  }
  /** A copy of a JSON-like value with every string scrubbed. */
  scrubDeep(value, where) {
    if (this.redactor.containsSecret(JSON.stringify(value) ?? "")) this.report(where);
    return this.redactor.redactDeep(value);
  }
  report(where) {
    if (this.reported.has(where) || this.reporting) return;
    this.reported.add(where);
    this.reporting = true;
    try {
      this.onFound(
        `A secret of this run (an API key or token) was found in ${where} and replaced with ${REDACTED} before it left the runner.`
      );
    } finally {
      this.reporting = false;
    }
  }
};
// Annotate the CommonJS export names for ESM import in node:
0 && (module.exports = {
  SecretGuard,
  basicAuthHeader,
  extraHeaderUrl,
  runRedactor
});
