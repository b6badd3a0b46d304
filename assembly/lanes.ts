// Type-generic SIMD helpers: one kernel source serves f32 (f32x4), f64 (f64x2) and
// i32 (i32x4). Every branch here is on a compile-time type, so each instantiation
// keeps exactly one instruction.

/** Elements per 128-bit vector. */
// @ts-ignore: decorator
@inline export function lanes<T>(): i32 {
  return 16 / sizeof<T>();
}

// @ts-ignore: decorator
@inline export function splat<T>(x: T): v128 {
  if (isFloat<T>()) {
    if (sizeof<T>() == 4) return f32x4.splat(<f32>x);
    return f64x2.splat(<f64>x);
  }
  return i32x4.splat(<i32>x);
}

// @ts-ignore: decorator
@inline export function vadd<T>(a: v128, b: v128): v128 {
  if (isFloat<T>()) return sizeof<T>() == 4 ? f32x4.add(a, b) : f64x2.add(a, b);
  return i32x4.add(a, b);
}

// @ts-ignore: decorator
@inline export function vsub<T>(a: v128, b: v128): v128 {
  if (isFloat<T>()) return sizeof<T>() == 4 ? f32x4.sub(a, b) : f64x2.sub(a, b);
  return i32x4.sub(a, b);
}

// @ts-ignore: decorator
@inline export function vmul<T>(a: v128, b: v128): v128 {
  if (isFloat<T>()) return sizeof<T>() == 4 ? f32x4.mul(a, b) : f64x2.mul(a, b);
  return i32x4.mul(a, b);
}

// @ts-ignore: decorator
@inline export function vdiv<T>(a: v128, b: v128): v128 {
  return sizeof<T>() == 4 ? f32x4.div(a, b) : f64x2.div(a, b);
}

// f32x4.max / f64x2.max propagate NaN (numpy's maximum semantics); pmax does not.
// @ts-ignore: decorator
@inline export function vmax<T>(a: v128, b: v128): v128 {
  if (isFloat<T>()) return sizeof<T>() == 4 ? f32x4.max(a, b) : f64x2.max(a, b);
  return i32x4.max_s(a, b);
}

// @ts-ignore: decorator
@inline export function vmin<T>(a: v128, b: v128): v128 {
  if (isFloat<T>()) return sizeof<T>() == 4 ? f32x4.min(a, b) : f64x2.min(a, b);
  return i32x4.min_s(a, b);
}

/** Lanes where a < b, as an all-ones mask. */
// @ts-ignore: decorator
@inline export function vlt<T>(a: v128, b: v128): v128 {
  if (isFloat<T>()) return sizeof<T>() == 4 ? f32x4.lt(a, b) : f64x2.lt(a, b);
  return i32x4.lt_s(a, b);
}

// @ts-ignore: decorator
@inline export function vneg<T>(a: v128): v128 {
  if (isFloat<T>()) return sizeof<T>() == 4 ? f32x4.neg(a) : f64x2.neg(a);
  return i32x4.neg(a);
}

// @ts-ignore: decorator
@inline export function vabs<T>(a: v128): v128 {
  if (isFloat<T>()) return sizeof<T>() == 4 ? f32x4.abs(a) : f64x2.abs(a);
  return i32x4.abs(a);
}

// @ts-ignore: decorator
@inline export function vsqrt<T>(a: v128): v128 {
  return sizeof<T>() == 4 ? f32x4.sqrt(a) : f64x2.sqrt(a);
}

// Comparisons (all-ones lanes where true; false where either operand is NaN) and the
// one-instruction pmax/pmin the reductions use.

/** Lanes where a == b (false where either is NaN). */
// @ts-ignore: decorator
@inline export function veq<T>(a: v128, b: v128): v128 {
  if (isFloat<T>()) return sizeof<T>() == 4 ? f32x4.eq(a, b) : f64x2.eq(a, b);
  return i32x4.eq(a, b);
}

/** Lanes where a <= b (false where either is NaN). */
// @ts-ignore: decorator
@inline export function vle<T>(a: v128, b: v128): v128 {
  if (isFloat<T>()) return sizeof<T>() == 4 ? f32x4.le(a, b) : f64x2.le(a, b);
  return i32x4.le_s(a, b);
}

/** Lanes where a >= b (false where either is NaN). */
// @ts-ignore: decorator
@inline export function vge<T>(a: v128, b: v128): v128 {
  if (isFloat<T>()) return sizeof<T>() == 4 ? f32x4.ge(a, b) : f64x2.ge(a, b);
  return i32x4.ge_s(a, b);
}

/** Lanes where a > b. */
// @ts-ignore: decorator
@inline export function vgt<T>(a: v128, b: v128): v128 {
  if (isFloat<T>()) return sizeof<T>() == 4 ? f32x4.gt(a, b) : f64x2.gt(a, b);
  return i32x4.gt_s(a, b);
}

/**
 * b < a ? a : b (wasm's pmax, one instruction on x64): a NaN in `a` is dropped, so the
 * caller tracks NaNs itself. f32x4.max propagates NaN but costs several instructions.
 */
// @ts-ignore: decorator
@inline export function vpmax<T>(acc: v128, x: v128): v128 {
  if (isFloat<T>()) return sizeof<T>() == 4 ? f32x4.pmax(acc, x) : f64x2.pmax(acc, x);
  return i32x4.max_s(acc, x);
}

/** x < acc ? x : acc; see vpmax. */
// @ts-ignore: decorator
@inline export function vpmin<T>(acc: v128, x: v128): v128 {
  if (isFloat<T>()) return sizeof<T>() == 4 ? f32x4.pmin(acc, x) : f64x2.pmin(acc, x);
  return i32x4.min_s(acc, x);
}

/**
 * The lanes<T>() elements at p, p + step, p + 2·step, … as one vector: lets a strided row
 * run a compute-bound op (exp, pow, …) through its SIMD body instead of its scalar twin.
 */
// @ts-ignore: decorator
@inline export function vgather<T>(p: usize, step: usize): v128 {
  if (sizeof<T>() == 8) return v128.load64_lane(p + step, v128.load64_zero(p), 1);
  const v = v128.load32_lane(p + step, v128.load32_zero(p), 1);
  return v128.load32_lane(p + 3 * step, v128.load32_lane(p + 2 * step, v, 2), 3);
}

/** Stores the lanes of v at p, p + step, p + 2·step, … (vgather's inverse). */
// @ts-ignore: decorator
@inline export function vscatter<T>(p: usize, step: usize, v: v128): void {
  if (sizeof<T>() == 8) {
    v128.store64_lane(p, v, 0);
    v128.store64_lane(p + step, v, 1);
    return;
  }
  v128.store32_lane(p, v, 0);
  v128.store32_lane(p + step, v, 1);
  v128.store32_lane(p + 2 * step, v, 2);
  v128.store32_lane(p + 3 * step, v, 3);
}
