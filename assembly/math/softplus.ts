// softplus(x) = log(1 + e^x) on f32x4 / f64x2 lanes, with scalar twins: evaluated as
// max(x, 0) + log1p(e^-|x|), so e^-|x| never overflows (softplus(1000) = 1000) and a large
// negative x gives log1p of a tiny e^x, i.e. e^x itself (no 1 + e^x rounding it away). Both
// terms are >= 0: no cancellation. max propagates NaN (f32x4.max / f64x2.max, f32.max).
//
// The vector kernels are @inline, the scalar twins real functions: see log1p.ts.

import { expF32x4, expF32, expF64x2, expF64 } from "./exp";
import { log1pF32x4, log1pF32, log1pF64x2, log1pF64 } from "./log1p";

// @ts-ignore: decorator
@inline export function softplusF32x4(x: v128): v128 {
  const tail = log1pF32x4(expF32x4(f32x4.neg(f32x4.abs(x))));
  return f32x4.add(f32x4.max(x, f32x4.splat(0.0)), tail);
}

export function softplusF32(x: f32): f32 {
  return max<f32>(x, 0.0) + log1pF32(expF32(-abs<f32>(x)));
}

// @ts-ignore: decorator
@inline export function softplusF64x2(x: v128): v128 {
  const tail = log1pF64x2(expF64x2(f64x2.neg(f64x2.abs(x))));
  return f64x2.add(f64x2.max(x, f64x2.splat(0.0)), tail);
}

export function softplusF64(x: f64): f64 {
  return max<f64>(x, 0.0) + log1pF64(expF64(-abs<f64>(x)));
}
