#!/usr/bin/env node
// The `simd-tensor` command (package.json "bin"). Everything lives in command.ts.
import { main } from "./command.js";

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`simd-tensor: internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = 1;
  },
);
