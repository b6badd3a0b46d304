// The scalar and vector combine steps of sum, prod, max and min, and the reduction of
// one contiguous row: shared by the axis reductions (reduce.ts) and argmax/argmin
// (argreduce.ts finds each block's extreme with reduceRow).
//
// float32 sums are blocked: four f32x4 chains over SUM_BLOCK elements (16 adds per
// chain), each block's total added in f64, so the error does not grow with n
// (1.6e7 uniform floats: see test/ops/reduce.test.ts).

import { SUM, PROD, MAX, MIN } from "./opcodes";
import { lanes, splat, vadd, vmul, vmax, vmin, veq, vpmax, vpmin } from "../lanes";

/** Elements per block of the float32 sum: a multiple of 16 (one unrolled step). */
export const SUM_BLOCK: i32 = 256;

// @ts-ignore: decorator
@inline export function identity<A>(op: i32): A {
  if (op == SUM) return <A>0;
  if (op == PROD) return <A>1;
  if (isFloat<A>()) return op == MAX ? <A>-Infinity : <A>Infinity;
  return op == MAX ? <A>i32.MIN_VALUE : <A>i32.MAX_VALUE;
}

// @ts-ignore: decorator
@inline export function combine<A>(op: i32, a: A, b: A): A {
  if (op == SUM) return a + b;
  if (op == PROD) return a * b;
  // NaN propagates as in numpy's max: a NaN `a` is kept, and a NaN `b` fails the
  // comparison. (V8 compiles wasm's f32.max to a longer sequence than this.)
  if (op == MAX) return select<A>(a, b, (a > b) | (a != a));
  return select<A>(a, b, (a < b) | (a != a));
}

// NaN-propagating vector form (vmax/vmin are f32x4.max/min).
// @ts-ignore: decorator
@inline export function vcombine<T>(op: i32, a: v128, b: v128): v128 {
  if (op == SUM) return vadd<T>(a, b);
  if (op == PROD) return vmul<T>(a, b);
  if (op == MAX) return vmax<T>(a, b);
  return vmin<T>(a, b);
}

/** Combines the lanes of v. */
// @ts-ignore: decorator
@inline export function hcombine<T>(op: i32, v: v128): T {
  if (sizeof<T>() == 8) return combine<T>(op, v128.extract_lane<T>(v, 0), v128.extract_lane<T>(v, 1));
  return combine<T>(
    op,
    combine<T>(op, v128.extract_lane<T>(v, 0), v128.extract_lane<T>(v, 1)),
    combine<T>(op, v128.extract_lane<T>(v, 2), v128.extract_lane<T>(v, 3)),
  );
}

/** Sum of n contiguous float32s in float64, blocked (see the header). */
// @ts-ignore: decorator
@inline export function sumRowF32(x: usize, n: i32): f64 {
  let i = 0;
  let s: f64 = 0;
  if (ASC_FEATURE_SIMD) {
    let total = f64x2.splat(0);
    const n16 = n & ~15;
    while (i < n16) {
      const end = min(i + SUM_BLOCK, n16);
      let a0 = f32x4.splat(0), a1 = a0, a2 = a0, a3 = a0;
      for (; i < end; i += 16) {
        const p = x + (<usize>i << 2);
        a0 = f32x4.add(a0, v128.load(p));
        a1 = f32x4.add(a1, v128.load(p, 16));
        a2 = f32x4.add(a2, v128.load(p, 32));
        a3 = f32x4.add(a3, v128.load(p, 48));
      }
      const b = f32x4.add(f32x4.add(a0, a1), f32x4.add(a2, a3));
      total = f64x2.add(total, f64x2.add(f64x2.promote_low_f32x4(b), f64x2.promote_low_f32x4(i32x4.shuffle(b, b, 2, 3, 0, 1))));
    }
    for (; i + 4 <= n; i += 4) {
      const v = v128.load(x + (<usize>i << 2));
      total = f64x2.add(total, f64x2.add(f64x2.promote_low_f32x4(v), f64x2.promote_low_f32x4(i32x4.shuffle(v, v, 2, 3, 0, 1))));
    }
    s = f64x2.extract_lane(total, 0) + f64x2.extract_lane(total, 1);
  }
  // The whole row in the scalar build (f64 accumulators: accurate as they are), the
  // last < 4 elements in the SIMD build.
  let s0: f64 = 0, s1: f64 = 0, s2: f64 = 0, s3: f64 = 0;
  for (; i + 4 <= n; i += 4) {
    const p = x + (<usize>i << 2);
    s0 += <f64>load<f32>(p);
    s1 += <f64>load<f32>(p, 4);
    s2 += <f64>load<f32>(p, 8);
    s3 += <f64>load<f32>(p, 12);
  }
  for (; i < n; i++) s0 += <f64>load<f32>(x + (<usize>i << 2));
  return s + ((s0 + s1) + (s2 + s3));
}

/** op over n contiguous T, accumulated in T. */
// @ts-ignore: decorator
@inline export function reduceRow<T>(op: i32, x: usize, n: i32): T {
  let i = 0;
  let r0 = identity<T>(op), r1 = r0, r2 = r0, r3 = r0;
  if (ASC_FEATURE_SIMD) {
    const w = lanes<T>();
    const id = splat<T>(identity<T>(op));
    let a0 = id, a1 = id, a2 = id, a3 = id;
    // max/min of floats: pmax/pmin (one instruction each) drop NaNs, so track whether
    // every lane seen was ordered and return NaN if not.
    let ordered = i32x4.splat(-1);
    for (; i + 4 * w <= n; i += 4 * w) {
      const p = x + <usize>i * sizeof<T>();
      const x0 = v128.load(p), x1 = v128.load(p, 16), x2 = v128.load(p, 32), x3 = v128.load(p, 48);
      if (op == MAX || op == MIN) {
        a0 = op == MAX ? vpmax<T>(a0, x0) : vpmin<T>(a0, x0);
        a1 = op == MAX ? vpmax<T>(a1, x1) : vpmin<T>(a1, x1);
        a2 = op == MAX ? vpmax<T>(a2, x2) : vpmin<T>(a2, x2);
        a3 = op == MAX ? vpmax<T>(a3, x3) : vpmin<T>(a3, x3);
        if (isFloat<T>()) {
          ordered = v128.and(ordered, v128.and(v128.and(veq<T>(x0, x0), veq<T>(x1, x1)), v128.and(veq<T>(x2, x2), veq<T>(x3, x3))));
        }
      } else {
        a0 = vcombine<T>(op, a0, x0);
        a1 = vcombine<T>(op, a1, x1);
        a2 = vcombine<T>(op, a2, x2);
        a3 = vcombine<T>(op, a3, x3);
      }
    }
    for (; i + w <= n; i += w) {
      const x0 = v128.load(x + <usize>i * sizeof<T>());
      if (op == MAX || op == MIN) {
        a0 = op == MAX ? vpmax<T>(a0, x0) : vpmin<T>(a0, x0);
        if (isFloat<T>()) ordered = v128.and(ordered, veq<T>(x0, x0));
      } else {
        a0 = vcombine<T>(op, a0, x0);
      }
    }
    r0 = hcombine<T>(op, vcombine<T>(op, vcombine<T>(op, a0, a1), vcombine<T>(op, a2, a3)));
    if (isFloat<T>()) {
      if ((op == MAX || op == MIN) && !i32x4.all_true(ordered)) r0 = <T>NaN;
    }
  }
  // The whole row in the scalar build, the last < lanes elements in the SIMD build.
  for (; i + 4 <= n; i += 4) {
    const p = x + <usize>i * sizeof<T>();
    r0 = combine<T>(op, r0, load<T>(p));
    r1 = combine<T>(op, r1, load<T>(p, sizeof<T>()));
    r2 = combine<T>(op, r2, load<T>(p, 2 * sizeof<T>()));
    r3 = combine<T>(op, r3, load<T>(p, 3 * sizeof<T>()));
  }
  for (; i < n; i++) r0 = combine<T>(op, r0, load<T>(x + <usize>i * sizeof<T>()));
  return combine<T>(op, combine<T>(op, r0, r1), combine<T>(op, r2, r3));
}
