#!/usr/bin/env node
// The `simd-tensor` command. `simd-tensor bench` lands with the benchmark issue.
const [command] = process.argv.slice(2);
if (command === undefined || command === "--help" || command === "-h") {
  console.log("usage: simd-tensor <command>\n\ncommands:\n  bench   (coming: naive JS vs scalar wasm vs SIMD wasm)");
} else {
  console.error(`simd-tensor: unknown command "${command}" (try --help)`);
  process.exit(2);
}
