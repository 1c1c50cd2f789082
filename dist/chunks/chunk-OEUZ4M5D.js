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
var chunk_OEUZ4M5D_exports = {};
__export(chunk_OEUZ4M5D_exports, {
  PULL_REQUEST_BODY_MAX_CHARS: () => PULL_REQUEST_BODY_MAX_CHARS
});
module.exports = __toCommonJS(chunk_OEUZ4M5D_exports);
var PULL_REQUEST_BODY_MAX_CHARS = 65536;
// Annotate the CommonJS export names for ESM import in node:
0 && (module.exports = {
  PULL_REQUEST_BODY_MAX_CHARS
});
