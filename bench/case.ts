// What a benchmark case is. A case file (bench/cases/<family>.ts) exports a list of
// CaseDefinitions; bench/cases/index.ts lists the families. Everything else (agreement
// check, warm-up, timing on each kernel build, reports) is the harness's job, so a case
// only says how to build its inputs and what one timed call does in each variant.
import type { NotebookLines } from "./result.js";
import type { Tfjs } from "./tfjs.js";

/** numpy.allclose-style tolerance: |candidate - reference| <= atol + rtol * |reference|. */
export interface Tolerance {
  rtol: number;
  atol: number;
}

/** One way of computing a case: the naive JS loops, the library's ops, or a competitor. */
export interface Variant {
  /** One result, row-major, for the agreement check. Must free what it allocates. */
  output(): ArrayLike<number>;
  /** One timed call. Must free what it allocates (wrap library calls in st.tidy). */
  run(): void;
}

/** A case at one size, with its inputs allocated. */
export interface PreparedCase {
  /** Operand shapes, numpy style: "(1000,1000)+(1000,)". */
  shape: string;
  /** Minimal memory traffic of one timed call in bytes (reads + writes), for GB/s. */
  bytes?: number;
  /** Floating-point operations of one timed call, for GFLOP/s. */
  flops?: number;
  tolerance: Tolerance;
  /** The notebook's plain-JS loops; absent when the case has none. */
  naive?: Variant;
  /** The library's ops; the harness runs it on the scalar build and on the default (SIMD) build. */
  wasm: Variant;
  /** The same computation in tfjs (for --vs tfjs); absent when the case has no tfjs version. */
  tfjs?: (tf: Tfjs) => Variant & { dispose(): void };
  /** Frees the inputs. */
  dispose(): void;
}

/** How a case's size parameter is read, and which sizes run by default. */
export interface SizeParameter {
  /** What one size number means for this case, e.g. "elements of the result". */
  meaning: string;
  defaults: readonly number[];
  /** Sizes for --quick (defaults to `defaults`). */
  quick?: readonly number[];
  /** Sizes --quick adds under --threads: where the threads are meant to pay off (they are among `defaults`). */
  threaded?: readonly number[];
  /** The largest size --sizes may ask for (the inputs must fit the 4 GiB wasm heap). */
  max: number;
}

export interface CaseDefinition {
  /** Stable id: --filter matches it, --json reports it. Lowercase, dashes. */
  name: string;
  /** The op family, i.e. the file under bench/cases/ that defines it. */
  family: string;
  /** What one timed call computes, for humans. */
  title: string;
  /** Absent: the case has one fixed size (e.g. the notebook's shapes). */
  sizes?: SizeParameter;
  /** The notebook's code for this case, if it has a timing cell: reports print "Took: 0.00 s" lines. */
  notebook?: NotebookLines;
  /** Allocates the inputs for one size (undefined for fixed-size cases). */
  prepare(size: number | undefined): PreparedCase;
}

/** numpy's way of printing a shape: (1000, 1000) as "(1000,1000)", a vector as "(1000,)". */
export function shapeLabel(shape: readonly number[]): string {
  return shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(",")})`;
}
