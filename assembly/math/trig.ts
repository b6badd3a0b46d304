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
// double gets to a multiple of π/2 (|r| ~ 2^-60). Larger |x| take a scalar Payne-Hanek
// reduction lane by lane (reduceLarge: x times the bits of 2/π that matter, exactly, mod 4;
// the 2/π bits come from a switch, not a table, as the builds may have no data segment);
// ±inf give NaN, and NaN flows through the polynomials.
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
// The vector kernels are @inline, the scalar twins real functions: elementwise/unary.ts
// makes one real function a vector of each (see there and log1p.ts).

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

/** Bits 24j .. 24j + 23 after the binary point of 2/π (computed from π by Machin's formula). */
function twoOverPiChunk(j: i32): f64 {
  switch (j) {
    case 0: return 0xA2F983;
    case 1: return 0x6E4E44;
    case 2: return 0x1529FC;
    case 3: return 0x2757D1;
    case 4: return 0xF534DD;
    case 5: return 0xC0DB62;
    case 6: return 0x95993C;
    case 7: return 0x439041;
    case 8: return 0xFE5163;
    case 9: return 0xABDEBB;
    case 10: return 0xC561B7;
    case 11: return 0x246E3A;
    case 12: return 0x424DD2;
    case 13: return 0xE00649;
    case 14: return 0x2EEA09;
    case 15: return 0xD1921C;
    case 16: return 0xFE1DEB;
    case 17: return 0x1CB129;
    case 18: return 0xA73EE8;
    case 19: return 0x8235F5;
    case 20: return 0x2EBB44;
    case 21: return 0x84E99C;
    case 22: return 0x7026B4;
    case 23: return 0x5F7E41;
    case 24: return 0x3991D6;
    case 25: return 0x398353;
    case 26: return 0x39F49C;
    case 27: return 0x845F8B;
    case 28: return 0xBDF928;
    case 29: return 0x3B1FF8;
    case 30: return 0x97FFDE;
    case 31: return 0x05980F;
    case 32: return 0xEF2F11;
    case 33: return 0x8B5A0A;
    case 34: return 0x6D1F6D;
    case 35: return 0x367ECF;
    case 36: return 0x27CB09;
    case 37: return 0xB74F46;
    case 38: return 0x3F669E;
    case 39: return 0x5FEA2D;
    case 40: return 0x7527BA;
    case 41: return 0xC7EBE5;
    case 42: return 0xF17B3D;
    case 43: return 0x0739F7;
    case 44: return 0x8A5292;
    case 45: return 0xEA6BFB;
    case 46: return 0x5FB11F;
    case 47: return 0x8D5D08;
    default: return 0;
  }
}

const PIO2_HI: f64 = 1.5707963267948966; // π/2 rounded
const PIO2_LO: f64 = 6.123233995736766e-17; // π/2 - PIO2_HI
/** The quadrant reduceLarge found (a global: one per instance, so per thread). */
let largeQuadrant: i64 = 0;

/**
 * r = x - n·π/2 for finite |x| > 2^20, n in largeQuadrant. x = m·2^e, m < 2^53 split into
 * 27 + 26 bits, times 24-bit chunks of 2/π: every partial product is exact, chunks before
 * the window only add multiples of 4 (skipped), and eight chunks reach ~190 bits below it.
 * Each product is taken mod 4 exactly and summed with TwoSum, the integer part moved out
 * as it appears, so the fraction keeps ~100 bits.
 */
function reduceLarge(x: f64): f64 {
  const bits = reinterpret<u64>(x);
  const e = <i32>((bits >> 52) & 0x7FF) - 1075;
  const m = (bits & 0x000FFFFFFFFFFFFF) | 0x0010000000000000;
  const mh = <f64>(m >> 26), ml = <f64>(m & 0x3FFFFFF);
  let j = (e - 2) / 24;
  if (j < 0) j = 0;
  let n: f64 = 0, hi: f64 = 0, lo: f64 = 0;
  for (let k = 0; k < 16; k++) {
    const c = twoOverPiChunk(j + (k >> 1));
    const s = e - 24 * (j + (k >> 1) + 1) + ((k & 1) == 0 ? 26 : 0);
    let t = ((k & 1) == 0 ? mh : ml) * c * reinterpret<f64>(<u64>(s + 1023) << 52);
    t -= 4.0 * floor<f64>(t * 0.25);
    const sum = hi + t; // TwoSum: hi + t = sum + err exactly
    const bb = sum - hi;
    lo += (hi - (sum - bb)) + (t - bb);
    const whole = floor<f64>(sum);
    hi = sum - whole;
    n += whole;
  }
  if (hi + lo >= 0.5) { hi -= 1.0; n += 1.0; }
  const r = hi * PIO2_HI + (hi * PIO2_LO + lo * PIO2_HI);
  largeQuadrant = <i64>n;
  return r;
}

/** sin or cos of a lane past the Cody-Waite range (|x| > 2^20, ±inf). */
function trigLarge(x: f64, cosine: bool, short: bool): f64 {
  if (!isFinite<f64>(x)) return x - x; // NaN
  let r = reduceLarge(abs<f64>(x));
  let q = largeQuadrant;
  if (x < 0) { r = -r; q = -q; }
  return fromReduced(r, q, cosine, short);
}

/** The lanes of `big` (|x| > 2^20 or ±inf) from the scalar large-argument path. */
function largeLanes(x: v128, res: v128, big: v128, cosine: bool, short: bool): v128 {
  if (i64x2.extract_lane(big, 0) != 0) res = f64x2.replace_lane(res, 0, trigLarge(f64x2.extract_lane(x, 0), cosine, short));
  if (i64x2.extract_lane(big, 1) != 0) res = f64x2.replace_lane(res, 1, trigLarge(f64x2.extract_lane(x, 1), cosine, short));
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
  return v128.any_true(big) ? largeLanes(x, res, big, cosine, short) : res;
}

// @ts-ignore: decorator
@inline function trigF64(x: f64, cosine: bool, short: bool): f64 {
  if (abs<f64>(x) > REDUCE_MAX) return trigLarge(x, cosine, short);
  const kd = x * TWO_OVER_PI + MAGIC_F64;
  const nf = kd - MAGIC_F64;
  let r = x - nf * P1;
  r = r - nf * P2;
  r = r - nf * P3;
  r = r - nf * P4;
  const res = fromReduced(r, reinterpret<i64>(kd), cosine, short);
  return !cosine && x == 0 ? x : res;
}

/** The scalar kernels and quadrant selection, from r and n (in q's low bits). */
// @ts-ignore: decorator
@inline function fromReduced(r: f64, n: i64, cosine: bool, short: bool): f64 {
  const z = r * r;
  const s = sinPolyF64(r, z, short);
  const c = cosPolyF64(z, short);
  const q = n + (cosine ? 1 : 0);
  return reinterpret<f64>(reinterpret<i64>((q & 1) != 0 ? c : s) ^ ((q << 62) & SIGN));
}

/** Each half of the f32x4 in f64x2 lanes, with the float32 polynomials. */
// @ts-ignore: decorator
@inline function trigF32x4(x: v128, cosine: bool): v128 {
  const lo = trigF64x2(f64x2.promote_low_f32x4(x), cosine, true);
  const hi = trigF64x2(f64x2.promote_low_f32x4(f64x2.shuffle(x, x, 1, 1)), cosine, true);
  return f64x2.shuffle(f32x4.demote_f64x2_zero(lo), f32x4.demote_f64x2_zero(hi), 0, 2);
}

// @ts-ignore: decorator
@inline export function sinF64x2(x: v128): v128 {
  return trigF64x2(x, false, false);
}

export function sinF64(x: f64): f64 {
  return trigF64(x, false, false);
}

// @ts-ignore: decorator
@inline export function cosF64x2(x: v128): v128 {
  return trigF64x2(x, true, false);
}

export function cosF64(x: f64): f64 {
  return trigF64(x, true, false);
}

// @ts-ignore: decorator
@inline export function sinF32x4(x: v128): v128 {
  return trigF32x4(x, false);
}

export function sinF32(x: f32): f32 {
  return <f32>trigF64(<f64>x, false, true);
}

// @ts-ignore: decorator
@inline export function cosF32x4(x: v128): v128 {
  return trigF32x4(x, true);
}

export function cosF32(x: f32): f32 {
  return <f32>trigF64(<f64>x, true, true);
}
