// Bandwidth-bound products: vector·vector (dot) and matrix·vector (gemv).
//
// Accuracy: float32 partial sums run over blocks of BLOCK elements in several vector
// accumulators, and each block's total is added in float64. Plain f32 accumulation over
// 1e6 elements drifts to ~1e-4 relative (tfjs-wasm measured 1.5e-4); blocked stays ~1e-7.

import { lanes, splat, vadd, vmul } from "../lanes";

const BLOCK = 1024;

// @ts-ignore: decorator
@inline function hsum<T>(v: v128): f64 {
  if (sizeof<T>() == 4) {
    return <f64>f32x4.extract_lane(v, 0) + <f64>f32x4.extract_lane(v, 1) + <f64>f32x4.extract_lane(v, 2) + <f64>f32x4.extract_lane(v, 3);
  }
  return f64x2.extract_lane(v, 0) + f64x2.extract_lane(v, 1);
}

// @ts-ignore: decorator
@inline function madd<T>(a: v128, b: v128, c: v128): v128 {
  if (ASC_FEATURE_RELAXED_SIMD) {
    return sizeof<T>() == 4 ? f32x4.relaxed_madd(a, b, c) : f64x2.relaxed_madd(a, b, c);
  }
  return vadd<T>(vmul<T>(a, b), c);
}

/** Σ x[i]·y[i] over n contiguous elements, blocked (see above). */
// @ts-ignore: decorator
@inline function dotContiguous<T>(n: i32, x: usize, y: usize): f64 {
  const sz = <usize>sizeof<T>();
  let total: f64 = 0;
  let i = 0;
  if (ASC_FEATURE_SIMD) {
    const w = lanes<T>();
    while (i + 4 * w <= n) {
      const blockEnd = min(n, i + BLOCK);
      let s0 = splat<T>(<T>0), s1 = s0, s2 = s0, s3 = s0;
      for (; i + 4 * w <= blockEnd; i += 4 * w) {
        const o = <usize>i * sz;
        s0 = madd<T>(v128.load(x + o), v128.load(y + o), s0);
        s1 = madd<T>(v128.load(x + o, 16), v128.load(y + o, 16), s1);
        s2 = madd<T>(v128.load(x + o, 32), v128.load(y + o, 32), s2);
        s3 = madd<T>(v128.load(x + o, 48), v128.load(y + o, 48), s3);
      }
      total += hsum<T>(vadd<T>(vadd<T>(s0, s1), vadd<T>(s2, s3)));
    }
  }
  let tail: T = <T>0;
  let count = 0;
  for (; i < n; i++) {
    tail += load<T>(x + <usize>i * sz) * load<T>(y + <usize>i * sz);
    if (++count == BLOCK) {
      total += <f64>tail;
      tail = <T>0;
      count = 0;
    }
  }
  return total + <f64>tail;
}

// @ts-ignore: decorator
@inline function dot<T>(n: i32, x: usize, incx: i32, y: usize, incy: i32): f64 {
  if (incx == 1 && incy == 1) return dotContiguous<T>(n, x, y);
  const sx = <usize>(incx * sizeof<T>()), sy = <usize>(incy * sizeof<T>());
  let total: f64 = 0;
  for (let i = 0; i < n; i++) {
    total += <f64>load<T>(x) * <f64>load<T>(y);
    x += sx;
    y += sy;
  }
  return total;
}

/**
 * y[i] = Σ_p A[i,p]·x[p], y contiguous. Three paths by layout:
 *   rows contiguous (csA == 1, incx == 1): blocked dots, 4 rows at a time sharing each x load
 *   columns contiguous (rsA == 1): y = Σ_p x[p]·A[:,p], SIMD axpy down each column
 *   anything else: scalar, float64 accumulation
 */
// @ts-ignore: decorator
@inline function gemv<T>(m: i32, k: i32, a: usize, rsA: i32, csA: i32, x: usize, incx: i32, y: usize): void {
  const sz = <usize>sizeof<T>();
  if (csA == 1 && incx == 1) {
    let i = 0;
    if (ASC_FEATURE_SIMD) {
      const w = lanes<T>();
      const row = <usize>rsA * sz;
      for (; i + 4 <= m; i += 4) {
        const a0 = a + <usize>i * row, a1 = a0 + row, a2 = a1 + row, a3 = a2 + row;
        let t0: f64 = 0, t1: f64 = 0, t2: f64 = 0, t3: f64 = 0;
        let p = 0;
        while (p + w <= k) {
          const blockEnd = min(k, p + BLOCK);
          let s0 = splat<T>(<T>0), s1 = s0, s2 = s0, s3 = s0;
          for (; p + w <= blockEnd; p += w) {
            const o = <usize>p * sz;
            const xv = v128.load(x + o);
            s0 = madd<T>(v128.load(a0 + o), xv, s0);
            s1 = madd<T>(v128.load(a1 + o), xv, s1);
            s2 = madd<T>(v128.load(a2 + o), xv, s2);
            s3 = madd<T>(v128.load(a3 + o), xv, s3);
          }
          t0 += hsum<T>(s0); t1 += hsum<T>(s1); t2 += hsum<T>(s2); t3 += hsum<T>(s3);
        }
        for (; p < k; p++) {
          const o = <usize>p * sz;
          const xv = <f64>load<T>(x + o);
          t0 += <f64>load<T>(a0 + o) * xv;
          t1 += <f64>load<T>(a1 + o) * xv;
          t2 += <f64>load<T>(a2 + o) * xv;
          t3 += <f64>load<T>(a3 + o) * xv;
        }
        store<T>(y + <usize>i * sz, <T>t0);
        store<T>(y + <usize>(i + 1) * sz, <T>t1);
        store<T>(y + <usize>(i + 2) * sz, <T>t2);
        store<T>(y + <usize>(i + 3) * sz, <T>t3);
      }
    }
    for (; i < m; i++) store<T>(y + <usize>i * sz, <T>dotContiguous<T>(k, a + <usize>(i * rsA) * sz, x));
    return;
  }
  // `if (ASC_FEATURE_SIMD)` alone so that the scalar build never compiles the v128 code.
  if (ASC_FEATURE_SIMD) {
    if (rsA == 1) {
      memory.fill(y, 0, <usize>m * sz);
      const w = lanes<T>();
      for (let p = 0; p < k; p++) {
        const xp = load<T>(x + <usize>(p * incx) * sz);
        const xv = splat<T>(xp);
        const col = a + <usize>(p * csA) * sz;
        let i = 0;
        for (; i + w <= m; i += w) {
          const o = <usize>i * sz;
          v128.store(y + o, madd<T>(v128.load(col + o), xv, v128.load(y + o)));
        }
        for (; i < m; i++) {
          const o = <usize>i * sz;
          store<T>(y + o, load<T>(y + o) + load<T>(col + o) * xp);
        }
      }
      return;
    }
  }
  for (let i = 0; i < m; i++) {
    store<T>(y + <usize>i * sz, <T>dot<T>(k, a + <usize>(i * rsA) * sz, csA, x, incx));
  }
}

export function f32_dot(n: i32, x: usize, incx: i32, y: usize, incy: i32): f64 {
  return dot<f32>(n, x, incx, y, incy);
}

export function f64_dot(n: i32, x: usize, incx: i32, y: usize, incy: i32): f64 {
  return dot<f64>(n, x, incx, y, incy);
}

export function f32_gemv(m: i32, k: i32, a: usize, rsA: i32, csA: i32, x: usize, incx: i32, y: usize): void {
  gemv<f32>(m, k, a, rsA, csA, x, incx, y);
}

export function f64_gemv(m: i32, k: i32, a: usize, rsA: i32, csA: i32, x: usize, incx: i32, y: usize): void {
  gemv<f64>(m, k, a, rsA, csA, x, incx, y);
}
