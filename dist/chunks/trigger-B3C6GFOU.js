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
var trigger_B3C6GFOU_exports = {};
__export(trigger_B3C6GFOU_exports, {
  isUntrustedTrigger: () => import_chunk_2YXSDQNZ.isUntrustedTrigger,
  refuseUntrustedTrigger: () => import_chunk_2YXSDQNZ.refuseUntrustedTrigger
});
module.exports = __toCommonJS(trigger_B3C6GFOU_exports);
var import_chunk_2YXSDQNZ = require("./chunk-2YXSDQNZ.js");
var import_chunk_SEWDMQ6Q = require("./startup.js")("chunk-SEWDMQ6Q.js");
// Annotate the CommonJS export names for ESM import in node:
0 && (module.exports = {
  isUntrustedTrigger,
  refuseUntrustedTrigger
});
