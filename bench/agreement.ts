// The check that runs before any timing: every variant of a case must compute what the
// reference (the naive loops, else the scalar build) computes, within the case's stated
// tolerance. A fast wrong answer is not a result.
import type { Tolerance } from "./case.js";

export interface Agreement {
  ok: boolean;
  /** Largest |candidate - reference| over all elements (NaN matching NaN counts as 0). */
  maxAbsError: number;
  /** Largest |candidate - reference| / |reference| over elements with a non-zero reference. */
  maxRelError: number;
  /** Set when the outputs do not even have the same number of elements. */
  lengths?: { expected: number; actual: number };
  /** The first element outside the tolerance. */
  firstMismatch?: { index: number; expected: number; actual: number };
}

/** Compares two flat outputs: same length, and |a - r| <= atol + rtol * |r| element by element. */
export function compareOutputs(reference: ArrayLike<number>, candidate: ArrayLike<number>, tolerance: Tolerance): Agreement {
  if (reference.length !== candidate.length) {
    return { ok: false, maxAbsError: Infinity, maxRelError: Infinity, lengths: { expected: reference.length, actual: candidate.length } };
  }
  let maxAbsError = 0;
  let maxRelError = 0;
  let firstMismatch: Agreement["firstMismatch"];
  for (let i = 0; i < reference.length; i++) {
    const r = reference[i];
    const a = candidate[i];
    if (r === a || (Number.isNaN(r) && Number.isNaN(a))) continue;
    const diff = Math.abs(a - r); // NaN when one side is NaN, or for Infinity - Infinity
    const abs = Number.isNaN(diff) ? Infinity : diff;
    maxAbsError = Math.max(maxAbsError, abs);
    if (r !== 0) maxRelError = Math.max(maxRelError, abs / Math.abs(r));
    if (!(diff <= tolerance.atol + tolerance.rtol * Math.abs(r)) && firstMismatch === undefined) {
      firstMismatch = { index: i, expected: r, actual: a };
    }
  }
  return { ok: firstMismatch === undefined, maxAbsError, maxRelError, firstMismatch };
}

/** 1e-6 rather than 0.000001. */
export function formatTolerance(x: number): string {
  return x !== 0 && Math.abs(x) < 1e-3 ? x.toExponential() : String(x);
}

/** One line saying how `variant` disagrees with `reference`. */
export function describeMismatch(variant: string, reference: string, agreement: Agreement, tolerance: Tolerance): string {
  if (agreement.lengths) {
    return `${variant} disagrees with ${reference}: ${agreement.lengths.actual} values instead of ${agreement.lengths.expected}`;
  }
  const m = agreement.firstMismatch;
  const first = m ? `; first at element ${m.index}: expected ${m.expected}, got ${m.actual}` : "";
  return (
    `${variant} disagrees with ${reference} beyond rtol ${formatTolerance(tolerance.rtol)}, atol ${formatTolerance(tolerance.atol)} ` +
    `(max abs error ${agreement.maxAbsError.toPrecision(3)}${first})`
  );
}
