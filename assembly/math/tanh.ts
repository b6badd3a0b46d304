// tanh on f32x4 / f64x2 lanes, with scalar twins that run the same operations in the
// same order (bit-identical results in the simd and scalar builds).
//
// tanh|x| = (1 - E) / (1 + E) with E = e^t, t = -2|x|; the sign of x is put back at the
// end, so tanh(-0) = -0 and the function is exactly odd. One formula for every x, no
// select between a small-x polynomial and an exp path.
//
// E = 2^n·(1 + em), em = e^r - 1 = r + r²·P(r), with the reduction and the polynomial of
// exp.ts (t = n·ln2 + r, |r| <= ln2/2). Numerator and denominator are formed as
// (1 - 2^n) - 2^n·em and (1 + 2^n) + 2^n·em: 2^n·em, 1 - 2^n and (for n >= -23) 1 + 2^n
// are exact, so each rounds once. For |x| <= ln2/4, n = 0 and the numerator is -em
// exactly, whose big term r = t is exact: tanh x ≈ x keeps full relative accuracy down to
// the subnormals. For large |x| the quotient rounds to exactly 1. Error: three roundings
// plus the polynomial's, measured under 2 ulp (f32 and f64).
//
// t is clamped at -20 (f32) / -40 (f64), where tanh already rounds to 1, which keeps 2^n
// a normal number built from kd's bits. NaN passes the clamp (pmax returns its first
// operand when the comparison is false) and the NaN polynomial value keeps it NaN.

import { maddF32x4, maddF64x2 } from "./madd";
import {
  LOG2E_F32, MAGIC_F32, LOG2E_F64, MAGIC_F64,
  reduceF32x4, reduceF32, reduceF64x2, reduceF64,
  expm1SmallF32x4, expm1SmallF32, expm1SmallF64x2, expm1SmallF64,
} from "./exp";

const T_MIN_F32: f32 = -20.0; // tanh(10) rounds to 1 in f32
const T_MIN_F64: f64 = -40.0; // tanh(20) rounds to 1 in f64
// kd = t·log2e + MAGIC + bias: the low bits of kd hold n + bias, so kd << 23 is 2^n.
const TANH_SHIFT_F32: f32 = MAGIC_F32 + 127;
const TANH_SHIFT_F64: f64 = MAGIC_F64 + 1023;
const SIGN_F32: i32 = 0x80000000;
const SIGN_F64: i64 = 0x8000000000000000;

// @ts-ignore: decorator
@inline export function tanhF32x4(x: v128): v128 {
  const t = f32x4.pmax(f32x4.mul(f32x4.abs(x), f32x4.splat(-2.0)), f32x4.splat(T_MIN_F32));
  const kd = maddF32x4(t, f32x4.splat(LOG2E_F32), f32x4.splat(TANH_SHIFT_F32));
  const nf = f32x4.sub(kd, f32x4.splat(TANH_SHIFT_F32));
  const em = expm1SmallF32x4(reduceF32x4(t, nf));
  const s = i32x4.shl(kd, 23);
  const se = f32x4.mul(s, em);
  const one = f32x4.splat(1.0);
  const num = f32x4.sub(f32x4.sub(one, s), se);
  const den = f32x4.add(f32x4.add(one, s), se);
  return v128.or(f32x4.div(num, den), v128.and(x, i32x4.splat(SIGN_F32)));
}

// @ts-ignore: decorator
@inline export function tanhF32(x: f32): f32 {
  let t = abs<f32>(x) * -2.0;
  t = t < T_MIN_F32 ? T_MIN_F32 : t;
  const kd = t * LOG2E_F32 + TANH_SHIFT_F32;
  const nf = kd - TANH_SHIFT_F32;
  const em = expm1SmallF32(reduceF32(t, nf));
  const s = reinterpret<f32>(reinterpret<i32>(kd) << 23);
  const se = s * em;
  const v = ((<f32>1.0 - s) - se) / ((<f32>1.0 + s) + se);
  return reinterpret<f32>(reinterpret<i32>(v) | (reinterpret<i32>(x) & SIGN_F32));
}

// @ts-ignore: decorator
@inline export function tanhF64x2(x: v128): v128 {
  const t = f64x2.pmax(f64x2.mul(f64x2.abs(x), f64x2.splat(-2.0)), f64x2.splat(T_MIN_F64));
  const kd = maddF64x2(t, f64x2.splat(LOG2E_F64), f64x2.splat(TANH_SHIFT_F64));
  const nf = f64x2.sub(kd, f64x2.splat(TANH_SHIFT_F64));
  const em = expm1SmallF64x2(reduceF64x2(t, nf));
  const s = i64x2.shl(kd, 52);
  const se = f64x2.mul(s, em);
  const one = f64x2.splat(1.0);
  const num = f64x2.sub(f64x2.sub(one, s), se);
  const den = f64x2.add(f64x2.add(one, s), se);
  return v128.or(f64x2.div(num, den), v128.and(x, i64x2.splat(SIGN_F64)));
}

// @ts-ignore: decorator
@inline export function tanhF64(x: f64): f64 {
  let t = abs<f64>(x) * -2.0;
  t = t < T_MIN_F64 ? T_MIN_F64 : t;
  const kd = t * LOG2E_F64 + TANH_SHIFT_F64;
  const nf = kd - TANH_SHIFT_F64;
  const em = expm1SmallF64(reduceF64(t, nf));
  const s = reinterpret<f64>(reinterpret<i64>(kd) << 52);
  const se = s * em;
  const v = ((1.0 - s) - se) / ((1.0 + s) + se);
  return reinterpret<f64>(reinterpret<i64>(v) | (reinterpret<i64>(x) & SIGN_F64));
}
