// sin and cos on f64x2 lanes (f32x4 lanes as two f64x2 halves, rounded to float32 at the
// end), with scalar twins that run the same operations in the same order.
//
// Reduction (Cody-Waite): x = n·π/2 + r, n = nearest(x·2/π), taken with the magic-number
// trick of exp.ts (kd = x·2/π + 1.5·2^52 holds n in its low mantissa bits, so the quadrant
// n & 3 is read from kd's bits). π/2 = P1 + P2 + P3 + P4: P1, P2, P3 are the first 33,
// next 33 and next 33 bits of its binary expansion (31, 32 and 28 significant), P4 the next
// 53. For |x| <= 2^20, |n| < 2^20, so every n·Pi (i <= 3) is exact and x - n·P1 is exact
// (Sterbenz); when x is close to a multiple of π/2 the later subtractions are exact too
// (their operands share low bits), so r keeps ~130 bits of π/2, enough for the closest a
// double gets to a multiple of π/2 (|r| ~ 2^-60). Larger |x| (and ±inf, giving NaN) take
// AssemblyScript's scalar Math.sin / Math.cos (musl's, with a Payne-Hanek reduction), lane
// by lane; NaN flows through the polynomials.
//
// Kernels on |r| <= π/4 (a hair more where n rounds the other way): the Taylor series, cut
// where the first dropped term is below 2^-60 of the result (f64: sin to r^17, cos to r^18)
// or 2^-36 (f32: r^11, r^12). sin r = r + r·z·S(z), z = r²; cos r = w + (((1 - w) - z/2) +
// z²·C(z)) with w = 1 - z/2, where (1 - w) - z/2 is w's rounding error exactly (fdlibm's
// trick), so only the last addition rounds noticeably.
//
// sin x = [sin r, cos r, -sin r, -cos r][n & 3]; cos x = sin(x + π/2), the same at n + 1.
// sin(±0) is x itself (r + r·z·S(z) would give +0 for -0).
//
// Exported as real functions, not @inline: see log1p.ts.

import { maddF64x2, nmaddF64x2 } from "./madd";
import { MAGIC_F64 } from "./exp";

const TWO_OVER_PI: f64 = 0.63661977236758138;
const P1: f64 = 1.5707963267341256; // π/2 = P1 + P2 + P3 + P4 (see above)
const P2: f64 = 6.0771005063039660e-11;
const P3: f64 = 2.0222662487111665e-21;
const P4: f64 = 8.4784276603688996e-32;
/** 2^20: below it |n| < 2^20 and n·P1, n·P2, n·P3 are exact. */
const REDUCE_MAX: f64 = 1048576.0;
const SIGN: i64 = 0x8000000000000000;

// (-1)^k / (2k + 1)!, k = 1..8
const S1: f64 = -0.16666666666666666;
const S2: f64 = 0.0083333333333333332;
const S3: f64 = -0.00019841269841269841;
const S4: f64 = 0.0000027557319223985893;
const S5: f64 = -2.5052108385441720e-8;
const S6: f64 = 1.6059043836821613e-10;
const S7: f64 = -7.6471637318198164e-13;
const S8: f64 = 2.8114572543455206e-15;
// (-1)^k / (2k)!, k = 2..9
const C2: f64 = 0.041666666666666664;
const C3: f64 = -0.0013888888888888889;
const C4: f64 = 0.000024801587301587302;
const C5: f64 = -2.7557319223985888e-7;
const C6: f64 = 2.0876756987868100e-9;
const C7: f64 = -1.1470745597729725e-11;
const C8: f64 = 4.7794773323873853e-14;
const C9: f64 = -1.5619206968586225e-16;

/** sin r = r + r·z·S(z); `short`: the float32 degree. */
// @ts-ignore: decorator
@inline function sinPolyF64x2(r: v128, z: v128, short: bool): v128 {
  let q: v128;
  if (short) {
    q = maddF64x2(f64x2.splat(S5), z, f64x2.splat(S4));
  } else {
    q = maddF64x2(f64x2.splat(S8), z, f64x2.splat(S7));
    q = maddF64x2(q, z, f64x2.splat(S6));
    q = maddF64x2(q, z, f64x2.splat(S5));
    q = maddF64x2(q, z, f64x2.splat(S4));
  }
  q = maddF64x2(q, z, f64x2.splat(S3));
  q = maddF64x2(q, z, f64x2.splat(S2));
  q = maddF64x2(q, z, f64x2.splat(S1));
  return maddF64x2(f64x2.mul(r, z), q, r);
}

// @ts-ignore: decorator
@inline function sinPolyF64(r: f64, z: f64, short: bool): f64 {
  let q: f64;
  if (short) {
    q = S5 * z + S4;
  } else {
    q = S8 * z + S7;
    q = q * z + S6;
    q = q * z + S5;
    q = q * z + S4;
  }
  q = q * z + S3;
  q = q * z + S2;
  q = q * z + S1;
  return (r * z) * q + r;
}

/** cos r from z = r²: w + (((1 - w) - z/2) + z²·C(z)), w = 1 - z/2. */
// @ts-ignore: decorator
@inline function cosPolyF64x2(z: v128, short: bool): v128 {
  let q: v128;
  if (short) {
    q = maddF64x2(f64x2.splat(C6), z, f64x2.splat(C5));
  } else {
    q = maddF64x2(f64x2.splat(C9), z, f64x2.splat(C8));
    q = maddF64x2(q, z, f64x2.splat(C7));
    q = maddF64x2(q, z, f64x2.splat(C6));
    q = maddF64x2(q, z, f64x2.splat(C5));
  }
  q = maddF64x2(q, z, f64x2.splat(C4));
  q = maddF64x2(q, z, f64x2.splat(C3));
  q = maddF64x2(q, z, f64x2.splat(C2));
  const one = f64x2.splat(1.0);
  const hz = f64x2.mul(z, f64x2.splat(0.5));
  const w = f64x2.sub(one, hz);
  const low = f64x2.sub(f64x2.sub(one, w), hz);
  return f64x2.add(w, maddF64x2(f64x2.mul(z, z), q, low));
}

// @ts-ignore: decorator
@inline function cosPolyF64(z: f64, short: bool): f64 {
  let q: f64;
  if (short) {
    q = C6 * z + C5;
  } else {
    q = C9 * z + C8;
    q = q * z + C7;
    q = q * z + C6;
    q = q * z + C5;
  }
  q = q * z + C4;
  q = q * z + C3;
  q = q * z + C2;
  const hz = z * 0.5;
  const w = 1.0 - hz;
  const low = (1.0 - w) - hz;
  return w + ((z * z) * q + low);
}

/** The lanes of `big` (|x| > 2^20 or ±inf) from the scalar library functions. */
function largeLanes(x: v128, res: v128, big: v128, cosine: bool): v128 {
  if (i64x2.extract_lane(big, 0) != 0) {
    const v = f64x2.extract_lane(x, 0);
    res = f64x2.replace_lane(res, 0, cosine ? Math.cos(v) : Math.sin(v));
  }
  if (i64x2.extract_lane(big, 1) != 0) {
    const v = f64x2.extract_lane(x, 1);
    res = f64x2.replace_lane(res, 1, cosine ? Math.cos(v) : Math.sin(v));
  }
  return res;
}

// @ts-ignore: decorator
@inline function trigF64x2(x: v128, cosine: bool, short: bool): v128 {
  const kd = maddF64x2(x, f64x2.splat(TWO_OVER_PI), f64x2.splat(MAGIC_F64));
  const nf = f64x2.sub(kd, f64x2.splat(MAGIC_F64));
  let r = nmaddF64x2(nf, f64x2.splat(P1), x);
  r = nmaddF64x2(nf, f64x2.splat(P2), r);
  r = nmaddF64x2(nf, f64x2.splat(P3), r);
  r = nmaddF64x2(nf, f64x2.splat(P4), r);
  const z = f64x2.mul(r, r);
  const s = sinPolyF64x2(r, z, short);
  const c = cosPolyF64x2(z, short);
  const q = cosine ? i64x2.add(kd, i64x2.splat(1)) : kd;
  const odd = i64x2.shr_s(i64x2.shl(q, 63), 63);
  const flip = v128.and(i64x2.shl(q, 62), i64x2.splat(SIGN));
  let res = v128.xor(v128.bitselect(c, s, odd), flip);
  if (!cosine) res = v128.bitselect(x, res, f64x2.eq(x, f64x2.splat(0.0)));
  const big = f64x2.gt(f64x2.abs(x), f64x2.splat(REDUCE_MAX));
  return v128.any_true(big) ? largeLanes(x, res, big, cosine) : res;
}

// @ts-ignore: decorator
@inline function trigF64(x: f64, cosine: bool, short: bool): f64 {
  if (abs<f64>(x) > REDUCE_MAX) return cosine ? Math.cos(x) : Math.sin(x);
  const kd = x * TWO_OVER_PI + MAGIC_F64;
  const nf = kd - MAGIC_F64;
  let r = x - nf * P1;
  r = r - nf * P2;
  r = r - nf * P3;
  r = r - nf * P4;
  const z = r * r;
  const s = sinPolyF64(r, z, short);
  const c = cosPolyF64(z, short);
  const q = reinterpret<i64>(kd) + (cosine ? 1 : 0);
  const res = reinterpret<f64>(reinterpret<i64>((q & 1) != 0 ? c : s) ^ ((q << 62) & SIGN));
  return !cosine && x == 0 ? x : res;
}

/** Each half of the f32x4 in f64x2 lanes, with the float32 polynomials. */
// @ts-ignore: decorator
@inline function trigF32x4(x: v128, cosine: bool): v128 {
  const lo = trigF64x2(f64x2.promote_low_f32x4(x), cosine, true);
  const hi = trigF64x2(f64x2.promote_low_f32x4(f64x2.shuffle(x, x, 1, 1)), cosine, true);
  return f64x2.shuffle(f32x4.demote_f64x2_zero(lo), f32x4.demote_f64x2_zero(hi), 0, 2);
}

export function sinF64x2(x: v128): v128 {
  return trigF64x2(x, false, false);
}

export function sinF64(x: f64): f64 {
  return trigF64(x, false, false);
}

export function cosF64x2(x: v128): v128 {
  return trigF64x2(x, true, false);
}

export function cosF64(x: f64): f64 {
  return trigF64(x, true, false);
}

export function sinF32x4(x: v128): v128 {
  return trigF32x4(x, false);
}

export function sinF32(x: f32): f32 {
  return <f32>trigF64(<f64>x, false, true);
}

export function cosF32x4(x: v128): v128 {
  return trigF32x4(x, true);
}

export function cosF32(x: f32): f32 {
  return <f32>trigF64(<f64>x, true, true);
}
