// Vector helpers the reductions need beyond ../lanes.ts: comparisons, and min/max
// without NaN propagation.

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

/** Lanes where a < b. */
// @ts-ignore: decorator
@inline export function vless<T>(a: v128, b: v128): v128 {
  if (isFloat<T>()) return sizeof<T>() == 4 ? f32x4.lt(a, b) : f64x2.lt(a, b);
  return i32x4.lt_s(a, b);
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
