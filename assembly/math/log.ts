// Natural log on f32x4 / f64x2 lanes, with scalar twins that run the same operations in
// the same order (bit-identical results in the simd and scalar builds).
//
// Reduction: x = 2^e·m with m in [sqrt(1/2), sqrt(2)), read from the bits: adding
// (1.0 - sqrt(1/2)) as bit patterns carries into the exponent exactly when the mantissa
// is >= sqrt(2)'s, so e = (bits >> 23) - 127 and m = (bits & mantissa) + bits(sqrt(1/2))
// (f32; 52 and 1023 for f64). Subnormal x are first scaled by 2^23 / 2^52 (and e reduced
// by as much), so they are as accurate as normal x.
//
// log(m) = log(1+f), f = m - 1 exact, |f| <= 0.4143. With s = f/(2+f), |s| <= 0.1716,
// log(1+f) = 2s + s·R(s²) = f - (hfsq - s·(hfsq + R)), hfsq = f²/2: the big term f is
// exact and the rounded terms are at most ~4 % of the result, so near x = 1 the relative
// error stays small. R(z) = z·Q(z) ≈ 2z/3 + 2z²/5 + ..., a Remez minimax fit of the
// absolute error on z <= 0.02944: Q of degree 2 for f32 (error 1.6e-9, i.e. 0.01 ulp of
// the result) and degree 6 for f64 (2.5e-18). e·ln2 is added as e·LN2_HI (exact) plus
// e·LN2_LO with the small terms.
//
// Special values (numpy): log(+inf) = inf, log(NaN) = NaN, log(x < 0) = NaN (also -inf),
// log(±0) = -inf; applied as three selects at the end.

import { maddF32x4, maddF64x2 } from "./madd";
import { LN2_HI_F32, LN2_LO_F32, LN2_HI_F64, LN2_LO_F64 } from "./exp";

// R(z) = z·(L1 + L2·z + ...)
const L1_F32: f32 = 0.6666677594184875;
const L2_F32: f32 = 0.3997753858566284;
const L3_F32: f32 = 0.29871854186058044;

const L1_F64: f64 = 0.6666666666666734;
const L2_F64: f64 = 0.39999999999414343;
const L3_F64: f64 = 0.2857142874246913;
const L4_F64: f64 = 0.22222198564125709;
const L5_F64: f64 = 0.18183564830944698;
const L6_F64: f64 = 0.15314036808854992;
const L7_F64: f64 = 0.14796095131414988;

const MIN_NORMAL_F32: f32 = 1.1754943508222875e-38; // 2^-126
const MIN_NORMAL_F64: f64 = 2.2250738585072014e-308; // 2^-1022
const TWO_P23: f32 = 8388608.0;
const TWO_P52: f64 = 4503599627370496.0;
/** bits(1.0) - bits(sqrt(1/2)) */
const SQRT_HALF_BITS_F32: i32 = 0x3F3504F3;
const SQRT_HALF_BITS_F64: i64 = 0x3FE6A09E667F3BCD;
const LOG_OFFSET_F32: i32 = 0x3F800000 - SQRT_HALF_BITS_F32;
const LOG_OFFSET_F64: i64 = 0x3FF0000000000000 - SQRT_HALF_BITS_F64;
/** 2^52 + 1023: a 52-bit integer e OR-ed into bits(2^52), minus this, is e - 1023. */
const EXP_FROM_BITS_F64: f64 = 4503599627371519.0;

// @ts-ignore: decorator
@inline export function logF32x4(x: v128): v128 {
  const tiny = f32x4.lt(x, f32x4.splat(MIN_NORMAL_F32)); // also x <= 0 and -inf: fixed below
  const xs = v128.bitselect(f32x4.mul(x, f32x4.splat(TWO_P23)), x, tiny);
  const ix = i32x4.add(xs, i32x4.splat(LOG_OFFSET_F32));
  const bias = f32x4.add(f32x4.splat(127.0), v128.and(tiny, f32x4.splat(23.0)));
  const e = f32x4.sub(f32x4.convert_i32x4_s(i32x4.shr_u(ix, 23)), bias);
  const m = i32x4.add(v128.and(ix, i32x4.splat(0x007FFFFF)), i32x4.splat(SQRT_HALF_BITS_F32));
  const f = f32x4.sub(m, f32x4.splat(1.0));
  const s = f32x4.div(f, f32x4.add(f, f32x4.splat(2.0)));
  const z = f32x4.mul(s, s);
  const R = f32x4.mul(z, maddF32x4(maddF32x4(f32x4.splat(L3_F32), z, f32x4.splat(L2_F32)), z, f32x4.splat(L1_F32)));
  const hfsq = f32x4.mul(f32x4.mul(f, f), f32x4.splat(0.5));
  const small = maddF32x4(s, f32x4.add(hfsq, R), f32x4.mul(e, f32x4.splat(LN2_LO_F32)));
  const y = f32x4.sub(f32x4.mul(e, f32x4.splat(LN2_HI_F32)), f32x4.sub(f32x4.sub(hfsq, small), f));
  let res = v128.bitselect(y, x, f32x4.lt(x, f32x4.splat(Infinity))); // +inf, NaN: x
  res = v128.bitselect(f32x4.splat(NaN), res, f32x4.lt(x, f32x4.splat(0.0)));
  return v128.bitselect(f32x4.splat(-Infinity), res, f32x4.eq(x, f32x4.splat(0.0)));
}

// @ts-ignore: decorator
@inline export function logF32(x: f32): f32 {
  const tiny = x < MIN_NORMAL_F32;
  const xs = tiny ? x * TWO_P23 : x;
  const ix = reinterpret<i32>(xs) + LOG_OFFSET_F32;
  const bias: f32 = 127.0 + (tiny ? <f32>23.0 : <f32>0.0);
  const e = <f32>(<u32>ix >> 23) - bias;
  const f = reinterpret<f32>((ix & 0x007FFFFF) + SQRT_HALF_BITS_F32) - 1.0;
  const s = f / (f + 2.0);
  const z = s * s;
  const R = z * ((L3_F32 * z + L2_F32) * z + L1_F32);
  const hfsq = f * f * 0.5;
  const small = s * (hfsq + R) + e * LN2_LO_F32;
  const y = e * LN2_HI_F32 - ((hfsq - small) - f);
  if (!(x < Infinity)) return x;
  if (x < 0) return NaN;
  if (x == 0) return -Infinity;
  return y;
}

// @ts-ignore: decorator
@inline function logRF64x2(z: v128): v128 {
  let q = maddF64x2(f64x2.splat(L7_F64), z, f64x2.splat(L6_F64));
  q = maddF64x2(q, z, f64x2.splat(L5_F64));
  q = maddF64x2(q, z, f64x2.splat(L4_F64));
  q = maddF64x2(q, z, f64x2.splat(L3_F64));
  q = maddF64x2(q, z, f64x2.splat(L2_F64));
  q = maddF64x2(q, z, f64x2.splat(L1_F64));
  return f64x2.mul(z, q);
}

// @ts-ignore: decorator
@inline function logRF64(z: f64): f64 {
  let q = L7_F64 * z + L6_F64;
  q = q * z + L5_F64;
  q = q * z + L4_F64;
  q = q * z + L3_F64;
  q = q * z + L2_F64;
  q = q * z + L1_F64;
  return z * q;
}

// @ts-ignore: decorator
@inline export function logF64x2(x: v128): v128 {
  const tiny = f64x2.lt(x, f64x2.splat(MIN_NORMAL_F64));
  const xs = v128.bitselect(f64x2.mul(x, f64x2.splat(TWO_P52)), x, tiny);
  const ix = i64x2.add(xs, i64x2.splat(LOG_OFFSET_F64));
  // no i64 -> f64 conversion in wasm SIMD: OR the exponent into 2^52's mantissa instead
  const bias = f64x2.add(f64x2.splat(EXP_FROM_BITS_F64), v128.and(tiny, f64x2.splat(52.0)));
  const e = f64x2.sub(v128.or(i64x2.shr_u(ix, 52), f64x2.splat(TWO_P52)), bias);
  const m = i64x2.add(v128.and(ix, i64x2.splat(0x000FFFFFFFFFFFFF)), i64x2.splat(SQRT_HALF_BITS_F64));
  const f = f64x2.sub(m, f64x2.splat(1.0));
  const s = f64x2.div(f, f64x2.add(f, f64x2.splat(2.0)));
  const R = logRF64x2(f64x2.mul(s, s));
  const hfsq = f64x2.mul(f64x2.mul(f, f), f64x2.splat(0.5));
  const small = maddF64x2(s, f64x2.add(hfsq, R), f64x2.mul(e, f64x2.splat(LN2_LO_F64)));
  const y = f64x2.sub(f64x2.mul(e, f64x2.splat(LN2_HI_F64)), f64x2.sub(f64x2.sub(hfsq, small), f));
  let res = v128.bitselect(y, x, f64x2.lt(x, f64x2.splat(Infinity)));
  res = v128.bitselect(f64x2.splat(NaN), res, f64x2.lt(x, f64x2.splat(0.0)));
  return v128.bitselect(f64x2.splat(-Infinity), res, f64x2.eq(x, f64x2.splat(0.0)));
}

// @ts-ignore: decorator
@inline export function logF64(x: f64): f64 {
  const tiny = x < MIN_NORMAL_F64;
  const xs = tiny ? x * TWO_P52 : x;
  const ix = reinterpret<i64>(xs) + LOG_OFFSET_F64;
  const bias: f64 = EXP_FROM_BITS_F64 + (tiny ? 52.0 : 0.0);
  const e = reinterpret<f64>((<u64>ix >> 52) | reinterpret<u64>(TWO_P52)) - bias;
  const f = reinterpret<f64>((ix & 0x000FFFFFFFFFFFFF) + SQRT_HALF_BITS_F64) - 1.0;
  const s = f / (f + 2.0);
  const R = logRF64(s * s);
  const hfsq = f * f * 0.5;
  const small = s * (hfsq + R) + e * LN2_LO_F64;
  const y = e * LN2_HI_F64 - ((hfsq - small) - f);
  if (!(x < Infinity)) return x;
  if (x < 0) return NaN;
  if (x == 0) return -Infinity;
  return y;
}
