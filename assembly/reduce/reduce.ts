// Axis reductions (sum, prod, max, min) the way numpy runs them: acc (op)= x over one
// N-D walk in which the accumulator has stride 0 on every reduced axis, so any set of
// axes of any view is one kernel call. src/backend/reduce.ts fills acc with the op's
// identity and orders the walk so that the input's smallest stride is innermost; the
// kernel's 1-D loop is then one of
//
//   horizontal  the inner axis is reduced (acc stride 0): one SIMD reduction of the
//               row, combined once into acc.            sum(x, -1) of a row-major x
//   vertical    the inner axis is kept (acc stride 1) and the next one, reduced, comes
//               as `rows` / `rowStride`: acc[j] (op)= x[i, j], four rows at a time,
//               SIMD across j. A leading axis streams rows, never strides down columns.
//                                                        sum(x, 0) of a row-major x
//   strided     any other strides: the same loops, scalar.
//
// Descriptor (../nd.ts), operands: 0 = input, 1 = acc. Both operands' strides are in
// units of the *input* element: the float32 sum accumulates in a float64 buffer (A = f64,
// T = f32) whose strides the backend doubles, so one walk moves both pointers.
//
// float32 sums: rows use the blocked sum of row.ts; the vertical loop adds four rows in
// f32 and the result into the f64 accumulator.

import { SUM, PROD, MAX, MIN } from "./opcodes";
import { lanes, veq, vpmax, vpmin } from "../lanes";
import { identity, combine, vcombine, sumRowF32, reduceRow } from "./row";
import { ndStart, ndAdvance, ndInnerSize, ndInnerStride, ndPointer } from "../nd";

/** op over n elements `stride` elements apart, accumulated in A. */
// @ts-ignore: decorator
@inline function reduceRowStrided<T, A>(op: i32, x: usize, stride: i32, n: i32): A {
  const step = <usize>(stride * sizeof<T>());
  let r0 = identity<A>(op), r1 = r0;
  let i = 0;
  for (; i + 2 <= n; i += 2) {
    r0 = combine<A>(op, r0, <A>load<T>(x));
    r1 = combine<A>(op, r1, <A>load<T>(x + step));
    x += step << 1;
  }
  if (i < n) r0 = combine<A>(op, r0, <A>load<T>(x));
  return combine<A>(op, r0, r1);
}

/** acc[0..lanes<T>) (op)= v, where acc holds A. */
// @ts-ignore: decorator
@inline function accumulate<T, A>(op: i32, acc: usize, v: v128): void {
  if (sizeof<A>() == sizeof<T>()) {
    v128.store(acc, vcombine<T>(op, v128.load(acc), v));
  } else {
    // float32 sum into float64: the low and the high pair of lanes.
    v128.store(acc, f64x2.add(v128.load(acc), f64x2.promote_low_f32x4(v)));
    v128.store(acc, f64x2.add(v128.load(acc, 16), f64x2.promote_low_f32x4(i32x4.shuffle(v, v, 2, 3, 0, 1))), 16);
  }
}

/**
 * max/min of acc and four rows of floats with NaN propagation, from the one-instruction
 * pmax/pmin: f32x4.max costs about eight on x64, this about four per row. Where any
 * input lane is NaN the result lane is all ones, a NaN.
 */
// @ts-ignore: decorator
@inline function extremeOf4<T>(op: i32, acc: v128, x0: v128, x1: v128, x2: v128, x3: v128): v128 {
  const m = op == MAX
    ? vpmax<T>(vpmax<T>(acc, vpmax<T>(x0, x1)), vpmax<T>(x2, x3))
    : vpmin<T>(vpmin<T>(acc, vpmin<T>(x0, x1)), vpmin<T>(x2, x3));
  const ordered = v128.and(
    v128.and(v128.and(veq<T>(x0, x0), veq<T>(x1, x1)), v128.and(veq<T>(x2, x2), veq<T>(x3, x3))),
    veq<T>(acc, acc),
  );
  return v128.or(m, v128.not(ordered));
}

/** acc[j] (op)= x[i, j] for i < rows, j < n: rows rowBytes apart, columns and acc contiguous. */
// @ts-ignore: decorator
@inline function verticalContiguous<T, A>(op: i32, x: usize, rowBytes: usize, rows: i32, acc: usize, n: i32): void {
  let i = 0;
  // Four rows per sweep: a quarter of the acc traffic, and the float32 sum adds four
  // rows in f32 before widening.
  for (; i + 4 <= rows; i += 4) {
    const p0 = x + <usize>i * rowBytes;
    const p1 = p0 + rowBytes, p2 = p1 + rowBytes, p3 = p2 + rowBytes;
    let j = 0;
    if (ASC_FEATURE_SIMD) {
      const w = lanes<T>();
      for (; j + w <= n; j += w) {
        const o = <usize>j * sizeof<T>();
        const x0 = v128.load(p0 + o), x1 = v128.load(p1 + o), x2 = v128.load(p2 + o), x3 = v128.load(p3 + o);
        if (isFloat<T>() && (op == MAX || op == MIN)) {
          const a = acc + o;
          v128.store(a, extremeOf4<T>(op, v128.load(a), x0, x1, x2, x3));
        } else {
          accumulate<T, A>(op, acc + <usize>j * sizeof<A>(), vcombine<T>(op, vcombine<T>(op, x0, x1), vcombine<T>(op, x2, x3)));
        }
      }
    }
    for (; j < n; j++) {
      const o = <usize>j * sizeof<T>();
      const a = acc + <usize>j * sizeof<A>();
      if (op == MAX || op == MIN) {
        // One row after another into the running extreme: once it has grown the
        // comparisons go one way (a pairwise tree of random values mispredicts half of
        // them, and V8 compiles a float select with a jump): 7x faster in the scalar build.
        let r = load<A>(a);
        r = combine<A>(op, r, <A>load<T>(p0 + o));
        r = combine<A>(op, r, <A>load<T>(p1 + o));
        r = combine<A>(op, r, <A>load<T>(p2 + o));
        store<A>(a, combine<A>(op, r, <A>load<T>(p3 + o)));
      } else {
        const v = combine<T>(op, combine<T>(op, load<T>(p0 + o), load<T>(p1 + o)), combine<T>(op, load<T>(p2 + o), load<T>(p3 + o)));
        store<A>(a, combine<A>(op, load<A>(a), <A>v));
      }
    }
  }
  for (; i < rows; i++) {
    const p = x + <usize>i * rowBytes;
    let j = 0;
    if (ASC_FEATURE_SIMD) {
      const w = lanes<T>();
      for (; j + w <= n; j += w) accumulate<T, A>(op, acc + <usize>j * sizeof<A>(), v128.load(p + <usize>j * sizeof<T>()));
    }
    for (; j < n; j++) {
      const a = acc + <usize>j * sizeof<A>();
      store<A>(a, combine<A>(op, load<A>(a), <A>load<T>(p + <usize>j * sizeof<T>())));
    }
  }
}

/** The vertical loop for any strides (sIn, sAcc in input elements). */
// @ts-ignore: decorator
@inline function verticalStrided<T, A>(op: i32, x: usize, rowBytes: usize, rows: i32, sIn: i32, acc: usize, sAcc: i32, n: i32): void {
  const bx = <usize>(sIn * sizeof<T>()), ba = <usize>(sAcc * sizeof<T>());
  for (let i = 0; i < rows; i++) {
    let p = x + <usize>i * rowBytes, a = acc;
    for (let j = 0; j < n; j++) {
      store<A>(a, combine<A>(op, load<A>(a), <A>load<T>(p)));
      p += bx;
      a += ba;
    }
  }
}

// @ts-ignore: decorator
@inline function reduceWalk<T, A>(op: i32, desc: usize, rows: i32, rowStride: i32): void {
  const n = ndInnerSize(desc);
  const sIn = ndInnerStride(desc, 0), sAcc = ndInnerStride(desc, 1);
  const rowBytes = <usize>(rowStride * sizeof<T>());
  const accContiguous = <usize>sAcc * sizeof<T>() == sizeof<A>();
  ndStart(desc);
  do {
    const x = ndPointer(desc, 0), acc = ndPointer(desc, 1);
    if (sAcc == 0) {
      // Horizontal (the backend passes rows = 1 here).
      let r: A;
      if (sIn != 1) r = reduceRowStrided<T, A>(op, x, sIn, n);
      else if (sizeof<A>() != sizeof<T>()) r = <A>sumRowF32(x, n);
      else r = <A>reduceRow<T>(op, x, n);
      store<A>(acc, combine<A>(op, load<A>(acc), r));
    } else if (sIn == 1 && accContiguous) {
      verticalContiguous<T, A>(op, x, rowBytes, rows, acc, n);
    } else {
      verticalStrided<T, A>(op, x, rowBytes, rows, sIn, acc, sAcc, n);
    }
  } while (ndAdvance(desc, sizeof<T>()));
}

// ---- exports: acc (op)= input over the walk `desc`; see the header ----

/** float32: the sum accumulates in float64 (acc is f64), the other ops in float32. */
export function f32_reduce(op: i32, desc: usize, rows: i32, rowStride: i32): void {
  switch (op) {
    case SUM: reduceWalk<f32, f64>(SUM, desc, rows, rowStride); break;
    case PROD: reduceWalk<f32, f32>(PROD, desc, rows, rowStride); break;
    case MAX: reduceWalk<f32, f32>(MAX, desc, rows, rowStride); break;
    case MIN: reduceWalk<f32, f32>(MIN, desc, rows, rowStride); break;
    default: unreachable(); // an op code this kernel does not have
  }
}

export function f64_reduce(op: i32, desc: usize, rows: i32, rowStride: i32): void {
  switch (op) {
    case SUM: reduceWalk<f64, f64>(SUM, desc, rows, rowStride); break;
    case PROD: reduceWalk<f64, f64>(PROD, desc, rows, rowStride); break;
    case MAX: reduceWalk<f64, f64>(MAX, desc, rows, rowStride); break;
    case MIN: reduceWalk<f64, f64>(MIN, desc, rows, rowStride); break;
    default: unreachable(); // an op code this kernel does not have
  }
}

/** int32: sums and products wrap around (two's complement), like int32 arithmetic. */
export function i32_reduce(op: i32, desc: usize, rows: i32, rowStride: i32): void {
  switch (op) {
    case SUM: reduceWalk<i32, i32>(SUM, desc, rows, rowStride); break;
    case PROD: reduceWalk<i32, i32>(PROD, desc, rows, rowStride); break;
    case MAX: reduceWalk<i32, i32>(MAX, desc, rows, rowStride); break;
    case MIN: reduceWalk<i32, i32>(MIN, desc, rows, rowStride); break;
    default: unreachable(); // an op code this kernel does not have
  }
}

/** out[i] = f32(acc[i] / divisor): the float32 sum (divisor 1) and mean from their float64 accumulator. */
export function f64_to_f32_div(acc: usize, out: usize, n: i32, divisor: f64): void {
  let i = 0;
  if (ASC_FEATURE_SIMD) {
    const d = f64x2.splat(divisor);
    for (; i + 4 <= n; i += 4) {
      const a = acc + (<usize>i << 3);
      const lo = f32x4.demote_f64x2_zero(f64x2.div(v128.load(a), d));
      const hi = f32x4.demote_f64x2_zero(f64x2.div(v128.load(a, 16), d));
      v128.store(out + (<usize>i << 2), i32x4.shuffle(lo, hi, 0, 1, 4, 5));
    }
  }
  for (; i < n; i++) store<f32>(out + (<usize>i << 2), <f32>(load<f64>(acc + (<usize>i << 3)) / divisor));
}

/** acc[i] /= divisor in place: the float64 mean. */
export function f64_div_inplace(acc: usize, n: i32, divisor: f64): void {
  let i = 0;
  if (ASC_FEATURE_SIMD) {
    const d = f64x2.splat(divisor);
    for (; i + 2 <= n; i += 2) {
      const a = acc + (<usize>i << 3);
      v128.store(a, f64x2.div(v128.load(a), d));
    }
  }
  for (; i < n; i++) {
    const a = acc + (<usize>i << 3);
    store<f64>(a, load<f64>(a) / divisor);
  }
}
