// sigmoid(x) = 1 / (1 + e^-x) on f32x4 / f64x2 lanes, with scalar twins that run the same
// operations in the same order (bit-identical results in the simd and scalar builds).
//
// e^-x overflows for x < -88.7 (f32) while sigmoid is still a (subnormal) number down to
// x ≈ -103.3, so the kernel evaluates the scaled form S / (S + S·e^-x) with S = 2^-64
// (f32) / 2^-512 (f64): S·e^-x stays finite for every clamped x, the single division
// rounds a subnormal result once (sigmoid(-100) = 3.7e-44 in f32 and in f64, as the
// exact value), and for x > 0 it is 1/(1 + e^-x) with the same roundings as the plain
// formula. The scale S is free: it is a bias folded into the magic constant, so the 2^n
// pattern built from kd's bits is already 2^(n - 64).
//
// e^-x uses the reduction and the polynomial of exp.ts; with r = -x - n·ln2 computed as
// (-n·LN2_LO) - (x + n·LN2_HI), no negation is needed. The clamp to [-104, 40] (f32) /
// [-746, 40] (f64) only cuts where the result is already 0 or 1; NaN passes it (pmin/pmax
// return their first operand when the comparison is false) and stays NaN. Error: the
// exp error (~1 ulp) plus two roundings, measured under 2.5 ulp (f32) / 2 ulp (f64).

import { maddF32x4, maddF64x2 } from "./madd";
import {
  LOG2E_F32, LN2_HI_F32, LN2_LO_F32, MAGIC_F32, LOG2E_F64, LN2_HI_F64, LN2_LO_F64, MAGIC_F64,
  expm1SmallF32x4, expm1SmallF32, expm1SmallF64x2, expm1SmallF64,
} from "./exp";

const X_MIN_F32: f32 = -104.0; // sigmoid(-104) < 2^-150 rounds to 0
const X_MAX_F32: f32 = 40.0; // sigmoid(17) already rounds to 1
const X_MIN_F64: f64 = -746.0;
const X_MAX_F64: f64 = 40.0;
const S_F32: f32 = 5.421010862427522e-20; // 2^-64
const S_F64: f64 = 7.458340731200207e-155; // 2^-512
// The low bits of kd hold n + 127 - 64 (f32) / n + 1023 - 512 (f64): kd << 23 is S·2^n.
const SIG_SHIFT_F32: f32 = MAGIC_F32 + 63;
const SIG_SHIFT_F64: f64 = MAGIC_F64 + 511;

// @ts-ignore: decorator
@inline export function sigmoidF32x4(x: v128): v128 {
  const xc = f32x4.pmin(f32x4.pmax(x, f32x4.splat(X_MIN_F32)), f32x4.splat(X_MAX_F32));
  const kd = maddF32x4(xc, f32x4.splat(-LOG2E_F32), f32x4.splat(SIG_SHIFT_F32));
  const nf = f32x4.sub(kd, f32x4.splat(SIG_SHIFT_F32));
  const xr = maddF32x4(nf, f32x4.splat(LN2_HI_F32), xc); // exact
  const r = f32x4.sub(f32x4.mul(nf, f32x4.splat(-LN2_LO_F32)), xr);
  const p = f32x4.add(f32x4.splat(1.0), expm1SmallF32x4(r));
  const se = f32x4.mul(p, i32x4.shl(kd, 23)); // S·e^-x
  const s = f32x4.splat(S_F32);
  return f32x4.div(s, f32x4.add(s, se));
}

// @ts-ignore: decorator
@inline export function sigmoidF32(x: f32): f32 {
  let xc = x < X_MIN_F32 ? X_MIN_F32 : x;
  xc = X_MAX_F32 < xc ? X_MAX_F32 : xc;
  const kd = xc * -LOG2E_F32 + SIG_SHIFT_F32;
  const nf = kd - SIG_SHIFT_F32;
  const xr = nf * LN2_HI_F32 + xc;
  const r = nf * -LN2_LO_F32 - xr;
  const p: f32 = 1.0 + expm1SmallF32(r);
  const se = p * reinterpret<f32>(reinterpret<i32>(kd) << 23);
  return S_F32 / (S_F32 + se);
}

// @ts-ignore: decorator
@inline export function sigmoidF64x2(x: v128): v128 {
  const xc = f64x2.pmin(f64x2.pmax(x, f64x2.splat(X_MIN_F64)), f64x2.splat(X_MAX_F64));
  const kd = maddF64x2(xc, f64x2.splat(-LOG2E_F64), f64x2.splat(SIG_SHIFT_F64));
  const nf = f64x2.sub(kd, f64x2.splat(SIG_SHIFT_F64));
  const xr = maddF64x2(nf, f64x2.splat(LN2_HI_F64), xc);
  const r = f64x2.sub(f64x2.mul(nf, f64x2.splat(-LN2_LO_F64)), xr);
  const p = f64x2.add(f64x2.splat(1.0), expm1SmallF64x2(r));
  const se = f64x2.mul(p, i64x2.shl(kd, 52));
  const s = f64x2.splat(S_F64);
  return f64x2.div(s, f64x2.add(s, se));
}

// @ts-ignore: decorator
@inline export function sigmoidF64(x: f64): f64 {
  let xc = x < X_MIN_F64 ? X_MIN_F64 : x;
  xc = X_MAX_F64 < xc ? X_MAX_F64 : xc;
  const kd = xc * -LOG2E_F64 + SIG_SHIFT_F64;
  const nf = kd - SIG_SHIFT_F64;
  const xr = nf * LN2_HI_F64 + xc;
  const r = nf * -LN2_LO_F64 - xr;
  const p: f64 = 1.0 + expm1SmallF64(r);
  const se = p * reinterpret<f64>(reinterpret<i64>(kd) << 52);
  return S_F64 / (S_F64 + se);
}
