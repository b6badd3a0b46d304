// argmax / argmin over one axis: the first occurrence wins a tie, and a NaN counts as
// the extreme (numpy: the first NaN is the argmax). Results are int32 indices.
//
// The walk (descriptor with one operand, the input) covers the kept axes in output order,
// so `out` (int32, contiguous) advances by one per kept element. The reduced axis comes
// as n elements `stride` apart. Two loops, chosen by src/backend/reduce.ts:
//   horizontal  per kept element, one row of n (blocked SIMD search when contiguous)
//   vertical    the kept inner axis is contiguous and the reduced one is not: per walk
//               row, stream the n reduced rows, keeping best[j] (a scratch row of T) and
//               out[j] for every column, SIMD across j.

import { ARGMAX, ARGMIN, MAX, MIN } from "./opcodes";
import { lanes, splat, veq, vgt, vlt, vle, vge } from "../lanes";
import { reduceRow } from "./row";
import { ndStart, ndAdvance, ndInnerSize, ndInnerStride, ndPointer } from "../nd";

/** Elements per block of the contiguous row search (argRowContiguous). */
const ARG_BLOCK: i32 = 1024;

/** Whether v beats the current best b (strictly: ties keep the earlier index). */
// @ts-ignore: decorator
@inline function better<T>(op: i32, v: T, b: T): bool {
  if (isFloat<T>()) {
    // v is NaN and b is not: the first NaN wins, and nothing beats a NaN.
    const nanBeats = v != v && b == b;
    return (op == ARGMAX ? v > b : v < b) || nanBeats;
  }
  return op == ARGMAX ? v > b : v < b;
}

/** Lanes where v beats b: the vector form of better(). */
// @ts-ignore: decorator
@inline function vbetter<T>(op: i32, v: v128, b: v128): v128 {
  if (isFloat<T>()) {
    // argmax: !(v <= b) is "v > b or either is NaN"; masking out a NaN b leaves exactly
    // better(). argmin likewise with >=.
    return v128.andnot(veq<T>(b, b), op == ARGMAX ? vle<T>(v, b) : vge<T>(v, b));
  }
  return op == ARGMAX ? vgt<T>(v, b) : vlt<T>(v, b);
}

/**
 * Index of the best of n contiguous elements, in two steps: the extreme of each block of
 * ARG_BLOCK elements with the fast max/min loop (reduceRow), keeping the first block that
 * holds the overall extreme (or the first NaN: nothing beats it, so the search stops
 * there); then the first element of that block equal to it. About one pass over the row;
 * carrying an index vector through every step ran at a third of this speed.
 */
// @ts-ignore: decorator
@inline function argRowContiguous<T>(op: i32, x: usize, n: i32): i32 {
  let start = 0, end = 0;
  let bv: T = <T>0;
  let nan = false;
  for (let s = 0; s < n; s += ARG_BLOCK) {
    const e = min(s + ARG_BLOCK, n);
    const m = reduceRow<T>(op == ARGMAX ? MAX : MIN, x + <usize>s * sizeof<T>(), e - s);
    if (isFloat<T>()) {
      if (m != m) {
        nan = true;
        start = s;
        end = e;
        break;
      }
    }
    if (s == 0 || (op == ARGMAX ? m > bv : m < bv)) {
      bv = m;
      start = s;
      end = e;
    }
  }
  let i = start;
  if (ASC_FEATURE_SIMD) {
    // Skip whole vectors that do not hold the value.
    const w = lanes<T>();
    const target = splat<T>(bv);
    for (; i + w <= end; i += w) {
      const v = v128.load(x + <usize>i * sizeof<T>());
      if (v128.any_true(nan ? v128.not(veq<T>(v, v)) : veq<T>(v, target))) break;
    }
  }
  for (; i < end; i++) {
    const v = load<T>(x + <usize>i * sizeof<T>());
    if (nan ? v != v : v == bv) return i;
  }
  return start; // not reached: the block holds its extreme
}

/** Index of the best of n elements `stride` apart. */
// @ts-ignore: decorator
@inline function argRowStrided<T>(op: i32, x: usize, stride: i32, n: i32): i32 {
  const step = <usize>(stride * sizeof<T>());
  let bv = load<T>(x);
  let best = 0;
  for (let i = 1; i < n; i++) {
    x += step;
    const v = load<T>(x);
    if (better<T>(op, v, bv)) { bv = v; best = i; }
  }
  return best;
}

/**
 * Columns j < m contiguous, reduced rows i < n rowBytes apart: out[j] = index of the best
 * x[i, j]; best[j] holds its value. Four rows per sweep keep (best, index) in registers
 * across them.
 */
// @ts-ignore: decorator
@inline function argVertical<T>(op: i32, x: usize, rowBytes: usize, n: i32, out: usize, best: usize, m: i32): void {
  memory.copy(best, x, <usize>m * sizeof<T>());
  memory.fill(out, 0, <usize>m << 2);
  let i = 1;
  if (ASC_FEATURE_SIMD) {
    const w = lanes<T>();
    const mv = m - m % w;
    for (; i + 4 <= n; i += 4) {
      const p0 = x + <usize>i * rowBytes;
      const p1 = p0 + rowBytes, p2 = p1 + rowBytes, p3 = p2 + rowBytes;
      const i0 = i32x4.splat(i), i1 = i32x4.splat(i + 1), i2 = i32x4.splat(i + 2), i3 = i32x4.splat(i + 3);
      for (let j = 0; j < mv; j += w) {
        const o = <usize>j * sizeof<T>();
        const q = out + (<usize>j << 2);
        let b = v128.load(best + o);
        const v0 = v128.load(p0 + o), v1 = v128.load(p1 + o), v2 = v128.load(p2 + o), v3 = v128.load(p3 + o);
        // Index lanes are int32: a float64 mask's two 64-bit lanes narrow to two int32 lanes.
        let k = sizeof<T>() == 8 ? v128.load64_zero(q) : v128.load(q);
        let c = vbetter<T>(op, v0, b);
        b = v128.bitselect(v0, b, c);
        k = v128.bitselect(i0, k, sizeof<T>() == 8 ? i32x4.shuffle(c, c, 0, 2, 0, 2) : c);
        c = vbetter<T>(op, v1, b);
        b = v128.bitselect(v1, b, c);
        k = v128.bitselect(i1, k, sizeof<T>() == 8 ? i32x4.shuffle(c, c, 0, 2, 0, 2) : c);
        c = vbetter<T>(op, v2, b);
        b = v128.bitselect(v2, b, c);
        k = v128.bitselect(i2, k, sizeof<T>() == 8 ? i32x4.shuffle(c, c, 0, 2, 0, 2) : c);
        c = vbetter<T>(op, v3, b);
        b = v128.bitselect(v3, b, c);
        k = v128.bitselect(i3, k, sizeof<T>() == 8 ? i32x4.shuffle(c, c, 0, 2, 0, 2) : c);
        v128.store(best + o, b);
        if (sizeof<T>() == 8) v128.store64_lane(q, k, 0);
        else v128.store(q, k);
      }
      for (let r = 0; r < 4; r++) argColumns<T>(op, p0 + <usize>r * rowBytes, i + r, out, best, mv, m);
    }
  }
  for (; i < n; i++) argColumns<T>(op, x + <usize>i * rowBytes, i, out, best, 0, m);
}

/** Columns [from, m) of row i (values at p): the scalar step of argVertical. */
// @ts-ignore: decorator
@inline function argColumns<T>(op: i32, p: usize, i: i32, out: usize, best: usize, from: i32, m: i32): void {
  for (let j = from; j < m; j++) {
    const v = load<T>(p + <usize>j * sizeof<T>());
    const b = best + <usize>j * sizeof<T>();
    if (better<T>(op, v, load<T>(b))) {
      store<T>(b, v);
      store<i32>(out + (<usize>j << 2), i);
    }
  }
}

/** The vertical loop for a strided kept axis (columns `cs` elements apart). */
// @ts-ignore: decorator
@inline function argVerticalStrided<T>(op: i32, x: usize, rowBytes: usize, n: i32, out: usize, best: usize, m: i32, cs: i32): void {
  const cb = <usize>(cs * sizeof<T>());
  for (let j = 0; j < m; j++) {
    store<T>(best + <usize>j * sizeof<T>(), load<T>(x + <usize>j * cb));
    store<i32>(out + (<usize>j << 2), 0);
  }
  for (let i = 1; i < n; i++) {
    const p = x + <usize>i * rowBytes;
    for (let j = 0; j < m; j++) {
      const v = load<T>(p + <usize>j * cb);
      const b = best + <usize>j * sizeof<T>();
      if (better<T>(op, v, load<T>(b))) {
        store<T>(b, v);
        store<i32>(out + (<usize>j << 2), i);
      }
    }
  }
}

// @ts-ignore: decorator
@inline function argWalk<T>(op: i32, desc: usize, out: usize, n: i32, stride: i32, vertical: bool, best: usize): void {
  const m = ndInnerSize(desc);
  const sk = ndInnerStride(desc, 0);
  const kb = <usize>(sk * sizeof<T>());
  const rowBytes = <usize>(stride * sizeof<T>());
  ndStart(desc);
  do {
    let x = ndPointer(desc, 0);
    if (vertical) {
      if (sk == 1) argVertical<T>(op, x, rowBytes, n, out, best, m);
      else argVerticalStrided<T>(op, x, rowBytes, n, out, best, m, sk);
      out += <usize>m << 2;
    } else {
      for (let k = 0; k < m; k++) {
        store<i32>(out, stride == 1 ? argRowContiguous<T>(op, x, n) : argRowStrided<T>(op, x, stride, n));
        out += 4;
        x += kb;
      }
    }
  } while (ndAdvance(desc, sizeof<T>()));
}

// ---- exports: out[k] = arg(op) over the reduced axis, for every kept element k ----

// @ts-ignore: decorator
@inline function argFor<T>(op: i32, desc: usize, out: usize, n: i32, stride: i32, vertical: bool, best: usize): void {
  if (op == ARGMAX) argWalk<T>(ARGMAX, desc, out, n, stride, vertical, best);
  else if (op == ARGMIN) argWalk<T>(ARGMIN, desc, out, n, stride, vertical, best);
  else unreachable(); // an op code this kernel does not have
}

/** `best` is scratch for m T's (the walk's inner length), used by the vertical loop only. */
export function f32_argreduce(op: i32, desc: usize, out: usize, n: i32, stride: i32, vertical: bool, best: usize): void {
  argFor<f32>(op, desc, out, n, stride, vertical, best);
}

export function f64_argreduce(op: i32, desc: usize, out: usize, n: i32, stride: i32, vertical: bool, best: usize): void {
  argFor<f64>(op, desc, out, n, stride, vertical, best);
}

export function i32_argreduce(op: i32, desc: usize, out: usize, n: i32, stride: i32, vertical: bool, best: usize): void {
  argFor<i32>(op, desc, out, n, stride, vertical, best);
}
