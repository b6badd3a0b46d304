// Multiply-add for the polynomial and range-reduction steps of the math kernels.
//
// The relaxed build uses relaxed_madd, which V8 lowers to a hardware FMA where there is
// one: one rounding instead of two, and one instruction instead of two. The plain SIMD
// build uses mul then add, which is exactly what the scalar twins (a * b + c) compute, so
// in the simd and scalar builds the vector and scalar results are bit-identical; in the
// relaxed build they may differ by about an ulp. Never use these where the algorithm needs
// a specific rounding (error-free transforms such as Dekker's product in pow.ts).

/** a·b + c on f32x4 lanes. */
// @ts-ignore: decorator
@inline export function maddF32x4(a: v128, b: v128, c: v128): v128 {
  if (ASC_FEATURE_RELAXED_SIMD) return f32x4.relaxed_madd(a, b, c);
  return f32x4.add(f32x4.mul(a, b), c);
}

/** c - a·b on f32x4 lanes. */
// @ts-ignore: decorator
@inline export function nmaddF32x4(a: v128, b: v128, c: v128): v128 {
  if (ASC_FEATURE_RELAXED_SIMD) return f32x4.relaxed_nmadd(a, b, c);
  return f32x4.sub(c, f32x4.mul(a, b));
}

/** a·b + c on f64x2 lanes. */
// @ts-ignore: decorator
@inline export function maddF64x2(a: v128, b: v128, c: v128): v128 {
  if (ASC_FEATURE_RELAXED_SIMD) return f64x2.relaxed_madd(a, b, c);
  return f64x2.add(f64x2.mul(a, b), c);
}

/** c - a·b on f64x2 lanes. */
// @ts-ignore: decorator
@inline export function nmaddF64x2(a: v128, b: v128, c: v128): v128 {
  if (ASC_FEATURE_RELAXED_SIMD) return f64x2.relaxed_nmadd(a, b, c);
  return f64x2.sub(c, f64x2.mul(a, b));
}
