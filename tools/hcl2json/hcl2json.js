#!/usr/bin/env node
// Prints a Terraform module (every *.tf file of one directory) as one JSON document on stdout, in the
// shape @cdktf/hcl2json produces: blocks are arrays, expressions stay "${...}" text.
// Used by the contract tests and Lifestream.LocalAws's TerraformModule reader.
// Usage: node hcl2json.js <module-dir>     Exit codes: 0 ok, 1 parse error, 2 usage error.
"use strict";

const fs = require("fs");
const path = require("path");
const { parse } = require("@cdktf/hcl2json");

// Objects merge key by key, arrays (blocks) concatenate: a resource declared in two files shows up as
// two array entries, which the reader reports as a duplicate.
function merge(target, source) {
  for (const [key, value] of Object.entries(source)) {
    const existing = target[key];
    if (Array.isArray(value) && Array.isArray(existing)) {
      target[key] = existing.concat(value);
    } else if (isPlainObject(value) && isPlainObject(existing)) {
      merge(existing, value);
    } else {
      target[key] = value;
    }
  }
  return target;
}

function isPlainObject(value) {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function fail(code, message) {
  process.stderr.write(`hcl2json: ${message}\n`, () => process.exit(code));
}

async function main() {
  const dir = process.argv[2];
  if (!dir) {
    return fail(2, "usage: node hcl2json.js <terraform-module-directory>");
  }
  if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) {
    return fail(2, `module directory not found: ${dir}`);
  }
  const files = fs.readdirSync(dir).filter((f) => f.endsWith(".tf")).sort();
  if (files.length === 0) {
    return fail(2, `no .tf files in ${dir}`);
  }

  const module = {};
  for (const file of files) {
    const text = fs.readFileSync(path.join(dir, file), "utf8");
    let parsed;
    try {
      parsed = await parse(file, text);
    } catch (error) {
      return fail(1, `cannot parse ${file}: ${error && error.message ? error.message : error}`);
    }
    merge(module, parsed);
  }
  process.stdout.write(JSON.stringify(module), () => process.exit(0));
}

main().catch((error) => fail(1, `unexpected error: ${error && error.stack ? error.stack : error}`));
