// exp(x) on f32x4 / f64x2 lanes, with scalar twins that run the same operations in the
// same order (bit-identical results in the simd and scalar builds).
//
// Reduction: x = n·ln2 + r, n = round(x/ln2), |r| <= ln2/2. n comes from the "magic
// number" trick: adding 1.5·2^23 (f32) or 1.5·2^52 (f64) to x/ln2 rounds it to an integer
// that lands in the low mantissa bits of kd, so n as a float is kd - MAGIC and 2^n is an
// integer shift of kd's bits: no float->int conversion. r = (x - n·LN2_HI) - n·LN2_LO
// (Cody-Waite): LN2_HI has 16 (f32) / 42 (f64) significant bits, so n·LN2_HI and the
// subtraction are exact for every n the clamp allows.
//
// Polynomial: e^r = 1 + (r + r²·P(r)), P a Remez minimax fit of the relative error on
// |r| <= 0.3467: P of degree 4 for f32 (e^r of degree 6, error 3.1e-9 ≈ 0.05 ulp) and of
// degree 9 for f64 (e^r of degree 11, 3.6e-18 ≈ 0.03 ulp). Adding the 1 last keeps the
// rounding error near 0.5 ulp, and r + r²·P(r) is also an accurate expm1(r) (tanh.ts).
//
// Scaling by 2^n, n in [-150, 128] (f32) / [-1077, 1024] (f64), is split into two
// multiplies by normal powers of two: with N = n + 2·bias, 2^n = 2^(A - bias)·2^(B - bias),
// A = N >> 1, B = N - A. Results in the subnormal range are then rounded once, overflow
// rounds to inf, and a NaN p survives both multiplies, so no lane needs a select. Both
// factors come from kd's bits, whose low mantissa bits hold N (the bias is folded into the
// magic constant): (bits << 22) & 0x7F800000 is A in the exponent field and
// (bits << 23) - that is B there (f32; << 51 and << 52 for f64).
//
// Special values: x is clamped to [-104, 89] (f32) / [-746, 710] (f64), beyond which the
// result is 0 / inf anyway, so exp(-inf) = 0 and exp(inf) = inf. pmin/pmax return their
// first operand when the comparison is false, so NaN passes the clamp and stays NaN.

import { maddF32x4, nmaddF32x4, maddF64x2, nmaddF64x2 } from "./madd";

// ---- constants shared with tanh.ts, sigmoid.ts and pow.ts ----

export const LOG2E_F32: f32 = 1.4426950216293335;
export const LN2_HI_F32: f32 = 0.693145751953125; // 16 significant bits
export const LN2_LO_F32: f32 = 1.428606765330187e-6; // ln2 - LN2_HI_F32, rounded
/** 1.5·2^23: x + MAGIC rounds x to an integer held in the low mantissa bits. */
export const MAGIC_F32: f32 = 12582912.0;

export const LOG2E_F64: f64 = 1.4426950408889634;
export const LN2_HI_F64: f64 = 0.6931471805598903; // 42 significant bits
export const LN2_LO_F64: f64 = 5.497923018708371e-14; // ln2 - LN2_HI_F64, rounded
/** 1.5·2^52, as MAGIC_F32. */
export const MAGIC_F64: f64 = 6755399441055744.0;

// e^r - 1 - r ≈ r²·(P0 + P1·r + ...): Remez fit, relative error of e^r on |r| <= 0.3467.
const P0_F32: f32 = 0.4999999403953552;
const P1_F32: f32 = 0.1666652113199234;
const P2_F32: f32 = 0.04166838899254799;
const P3_F32: f32 = 0.008368735201656818;
const P4_F32: f32 = 0.0013814560370519757;

const P0_F64: f64 = 0.5000000000000011;
const P1_F64: f64 = 0.16666666666666413;
const P2_F64: f64 = 0.041666666666530246;
const P3_F64: f64 = 0.00833333333349436;
const P4_F64: f64 = 0.0013888888943603783;
const P5_F64: f64 = 0.00019841269506734306;
const P6_F64: f64 = 2.4801493129194273e-5;
const P7_F64: f64 = 2.7557586294045693e-6;
const P8_F64: f64 = 2.763023662873571e-7;
const P9_F64: f64 = 2.500006774079012e-8;

// Clamp bounds: e^-104 < 2^-150 rounds to 0 in f32, e^89 > FLT_MAX; same for f64.
const EXP_MIN_F32: f32 = -104.0;
const EXP_MAX_F32: f32 = 89.0;
const EXP_MIN_F64: f64 = -746.0;
const EXP_MAX_F64: f64 = 710.0;

// kd = x·log2e + MAGIC + 2·bias keeps N = n + 2·bias (>= 0) in its low bits.
const EXP_SHIFT_F32: f32 = MAGIC_F32 + 254;
export const EXP_SHIFT_F64: f64 = MAGIC_F64 + 2046;

// ---- building blocks ----

/** x - nf·ln2 in two steps (Cody-Waite); only the last subtraction rounds. */
// @ts-ignore: decorator
@inline export function reduceF32x4(x: v128, nf: v128): v128 {
  return nmaddF32x4(nf, f32x4.splat(LN2_LO_F32), nmaddF32x4(nf, f32x4.splat(LN2_HI_F32), x));
}

// @ts-ignore: decorator
@inline export function reduceF32(x: f32, nf: f32): f32 {
  return (x - nf * LN2_HI_F32) - nf * LN2_LO_F32;
}

// @ts-ignore: decorator
@inline export function reduceF64x2(x: v128, nf: v128): v128 {
  return nmaddF64x2(nf, f64x2.splat(LN2_LO_F64), nmaddF64x2(nf, f64x2.splat(LN2_HI_F64), x));
}

// @ts-ignore: decorator
@inline export function reduceF64(x: f64, nf: f64): f64 {
  return (x - nf * LN2_HI_F64) - nf * LN2_LO_F64;
}

/** r + r²·P(r) ≈ e^r - 1 for |r| <= ln2/2 (Horner); accurate as expm1 too. */
// @ts-ignore: decorator
@inline export function expm1SmallF32x4(r: v128): v128 {
  let q = maddF32x4(f32x4.splat(P4_F32), r, f32x4.splat(P3_F32));
  q = maddF32x4(q, r, f32x4.splat(P2_F32));
  q = maddF32x4(q, r, f32x4.splat(P1_F32));
  q = maddF32x4(q, r, f32x4.splat(P0_F32));
  return maddF32x4(q, f32x4.mul(r, r), r);
}

// @ts-ignore: decorator
@inline export function expm1SmallF32(r: f32): f32 {
  let q = P4_F32 * r + P3_F32;
  q = q * r + P2_F32;
  q = q * r + P1_F32;
  q = q * r + P0_F32;
  return q * (r * r) + r;
}

/** P(r) of the f64 fit, e^r - 1 - r ≈ r²·P(r): shared with pow.ts, which folds in a low part. */
// @ts-ignore: decorator
@inline export function expPolyF64x2(r: v128): v128 {
  let q = maddF64x2(f64x2.splat(P9_F64), r, f64x2.splat(P8_F64));
  q = maddF64x2(q, r, f64x2.splat(P7_F64));
  q = maddF64x2(q, r, f64x2.splat(P6_F64));
  q = maddF64x2(q, r, f64x2.splat(P5_F64));
  q = maddF64x2(q, r, f64x2.splat(P4_F64));
  q = maddF64x2(q, r, f64x2.splat(P3_F64));
  q = maddF64x2(q, r, f64x2.splat(P2_F64));
  q = maddF64x2(q, r, f64x2.splat(P1_F64));
  return maddF64x2(q, r, f64x2.splat(P0_F64));
}

/** The scalar twin of expPolyF64x2. */
// @ts-ignore: decorator
@inline export function expPolyF64(r: f64): f64 {
  let q = P9_F64 * r + P8_F64;
  q = q * r + P7_F64;
  q = q * r + P6_F64;
  q = q * r + P5_F64;
  q = q * r + P4_F64;
  q = q * r + P3_F64;
  q = q * r + P2_F64;
  q = q * r + P1_F64;
  return q * r + P0_F64;
}

// @ts-ignore: decorator
@inline export function expm1SmallF64x2(r: v128): v128 {
  return maddF64x2(expPolyF64x2(r), f64x2.mul(r, r), r);
}

// @ts-ignore: decorator
@inline export function expm1SmallF64(r: f64): f64 {
  return expPolyF64(r) * (r * r) + r;
}

// ---- exp ----

// @ts-ignore: decorator
@inline export function expF32x4(x: v128): v128 {
  const xc = f32x4.pmin(f32x4.pmax(x, f32x4.splat(EXP_MIN_F32)), f32x4.splat(EXP_MAX_F32));
  const kd = maddF32x4(xc, f32x4.splat(LOG2E_F32), f32x4.splat(EXP_SHIFT_F32));
  const nf = f32x4.sub(kd, f32x4.splat(EXP_SHIFT_F32));
  const r = reduceF32x4(xc, nf);
  const p = f32x4.add(f32x4.splat(1.0), expm1SmallF32x4(r));
  const s1 = v128.and(i32x4.shl(kd, 22), i32x4.splat(0x7F800000));
  const s2 = i32x4.sub(i32x4.shl(kd, 23), s1);
  return f32x4.mul(f32x4.mul(p, s1), s2);
}

// @ts-ignore: decorator
@inline export function expF32(x: f32): f32 {
  let xc = x < EXP_MIN_F32 ? EXP_MIN_F32 : x;
  xc = EXP_MAX_F32 < xc ? EXP_MAX_F32 : xc;
  const kd = xc * LOG2E_F32 + EXP_SHIFT_F32;
  const nf = kd - EXP_SHIFT_F32;
  const r = reduceF32(xc, nf);
  const p: f32 = 1.0 + expm1SmallF32(r);
  const k = reinterpret<i32>(kd);
  const s1 = (k << 22) & 0x7F800000;
  const s2 = (k << 23) - s1;
  return p * reinterpret<f32>(s1) * reinterpret<f32>(s2);
}

// @ts-ignore: decorator
@inline export function expF64x2(x: v128): v128 {
  const xc = f64x2.pmin(f64x2.pmax(x, f64x2.splat(EXP_MIN_F64)), f64x2.splat(EXP_MAX_F64));
  const kd = maddF64x2(xc, f64x2.splat(LOG2E_F64), f64x2.splat(EXP_SHIFT_F64));
  const nf = f64x2.sub(kd, f64x2.splat(EXP_SHIFT_F64));
  const r = reduceF64x2(xc, nf);
  const p = f64x2.add(f64x2.splat(1.0), expm1SmallF64x2(r));
  const s1 = v128.and(i64x2.shl(kd, 51), i64x2.splat(0x7FF0000000000000));
  const s2 = i64x2.sub(i64x2.shl(kd, 52), s1);
  return f64x2.mul(f64x2.mul(p, s1), s2);
}

// @ts-ignore: decorator
@inline export function expF64(x: f64): f64 {
  let xc = x < EXP_MIN_F64 ? EXP_MIN_F64 : x;
  xc = EXP_MAX_F64 < xc ? EXP_MAX_F64 : xc;
  const kd = xc * LOG2E_F64 + EXP_SHIFT_F64;
  const nf = kd - EXP_SHIFT_F64;
  const r = reduceF64(xc, nf);
  const p: f64 = 1.0 + expm1SmallF64(r);
  const k = reinterpret<i64>(kd);
  const s1 = (k << 51) & 0x7FF0000000000000;
  const s2 = (k << 52) - s1;
  return p * reinterpret<f64>(s1) * reinterpret<f64>(s2);
}
