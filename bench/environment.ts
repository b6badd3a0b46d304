// The header of every report: enough to tell two machines (or two runs) apart.
import { createRequire } from "node:module";
import * as os from "node:os";
import * as st from "simd-tensor";
import { benchmarkJsVersion } from "./harness.js";
import type { Environment } from "./result.js";

/** The kernel builds that the scalar and SIMD columns run (null: not available here). */
export interface ColumnBuilds {
  scalar: st.BuildName | null;
  simd: st.BuildName | null;
}

export function columnBuilds(): ColumnBuilds {
  const info = st.backendInfo();
  return {
    scalar: info.available.includes("scalar") ? "scalar" : null,
    // The SIMD column is what users get by default: the relaxed build where the runtime has it.
    simd: info.defaultBuild === "scalar" ? null : info.defaultBuild,
  };
}

export function packageVersion(): string {
  try {
    return (createRequire(import.meta.url)("simd-tensor/package.json") as { version: string }).version;
  } catch {
    return "unknown";
  }
}

/** `threads`: those of the --threads column (1 without it; every other column runs on one). */
export function describeEnvironment(mode: "quick" | "full", tfjs?: string, threads = 1): Environment {
  const info = st.backendInfo();
  const columns = columnBuilds();
  const cpus = os.cpus();
  return {
    date: new Date().toISOString(),
    simdTensor: packageVersion(),
    node: process.version,
    v8: process.versions.v8,
    platform: `${os.platform()} ${os.arch()}`,
    cpu: cpus[0]?.model.trim() ?? "unknown",
    cores: os.availableParallelism(),
    memoryGiB: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    builds: { available: info.available, default: info.defaultBuild, scalarColumn: columns.scalar, simdColumn: columns.simd },
    threads,
    benchmarkJs: benchmarkJsVersion,
    mode,
    ...(tfjs === undefined ? {} : { tfjs }),
  };
}
