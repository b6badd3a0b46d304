// pow(x, y) on f32x4 / f64x2 lanes, with scalar twins that run the same operations in the
// same order (bit-identical results in the simd and scalar builds).
//
// |x|^y = e^(y·log|x|). An absolute error δ in the exponent y·log|x| (up to ~745) is a
// relative error δ in the result, so the exponent must be much more accurate than a
// rounded double:
// - float32 evaluates it in float64 with logF64x2 / expF64x2 (error ~2^-45 relative
//   before the final rounding to f32): correctly rounded but for rare double-rounding
//   ties, i.e. within 1 ulp.
// - float64 carries log|x| and y·log|x| as double-doubles (hi + lo). log: x = 2^e·m as in
//   log.ts, s = (m-1)/(m+1) with its rounding error recovered exactly (m + 1 as an exact
//   sum, s·(m+1) by Dekker's product), log m = 2s + s·R(s²) with R of degree 8 (Remez,
//   1.6e-20), e·ln2 from the 42-bit LN2_HI (exact) and LN2_LO. The product y·log is
//   exact by Dekker's split (plain wasm has no fused multiply-add, and relaxed_madd may
//   or may not fuse, so neither can be used here). exp(hi + lo) reduces hi as exp.ts
//   does, folds lo and n·LN2_LO in as e^rl ≈ 1 + rl, and adds 1 + r as an exact sum.
//   Error: the log's tail s·R(s²) (up to 0.0034) is a plain double with ~4 roundings,
//   so log|x| is good to ~2^-58 relative and the result to ~1 ulp for |y·log x| of a few
//   units, growing with |y·log x| to 38 ulp = 5.2e-15 relative at the overflow/underflow
//   thresholds (measured against mpmath; the 1e-13 budget leaves a factor ~20). Exactly
//   representable results with a small exponent (3^2, 2^-3, 10^5) come out exact.
//
// Special cases (C99 Annex F, which numpy's power follows), applied as selects after the
// core on |x| (whose log handles 0 -> -inf, inf -> inf, NaN -> NaN, and whose exp turns
// ±inf exponents into inf / 0):
//   pow(x, ±0) = 1 and pow(1, y) = 1, even for NaN; pow(-1, ±inf) = 1;
//   x < 0 (finite) with non-integer y: NaN; x with the sign bit set (including -0, -inf)
//   and odd integer y: the result takes x's sign; NaN otherwise propagates;
//   pow(x, 1) = x and pow(x, 2) = x·x exactly, as correctly rounded C pow gives them.
// "Odd integer" is floor(y) == y and floor(y/2) != y/2, which is false for |y| >= 2^53
// (2^24 in f32) and for ±inf, as C requires.

import { maddF64x2 } from "./madd";
import { expF64x2, expF64, expPolyF64x2, expPolyF64, EXP_SHIFT_F64, LOG2E_F64, LN2_HI_F64, LN2_LO_F64 } from "./exp";
import { logF64x2, logF64 } from "./log";

// ---- float64: double-double log and exp ----

/** 2^27 + 1: Dekker's splitting constant for 53-bit significands. */
const SPLIT_F64: f64 = 134217729.0;
const MIN_NORMAL_F64: f64 = 2.2250738585072014e-308;
const TWO_P52: f64 = 4503599627370496.0;
const SQRT_HALF_BITS_F64: i64 = 0x3FE6A09E667F3BCD;
const LOG_OFFSET_F64: i64 = 0x3FF0000000000000 - SQRT_HALF_BITS_F64;
const EXP_FROM_BITS_F64: f64 = 4503599627371519.0; // 2^52 + 1023

// log(1+f) = 2s + s·z·(Q0 + Q1·z + ...), z = s²: Remez, absolute error 1.6e-20 on z <= 0.02944
const Q0: f64 = 0.6666666666666666;
const Q1: f64 = 0.4000000000000625;
const Q2: f64 = 0.2857142856908601;
const Q3: f64 = 0.222222226467747;
const Q4: f64 = 0.18181775667448072;
const Q5: f64 = 0.15387090666738001;
const Q6: f64 = 0.13250120293654852;
const Q7: f64 = 0.13251308583927465;

/** Beyond this |y·log x|, exp saturates to 0 / inf and the low part is dropped. */
const T_SATURATED: f64 = 1024.0;

/** a·b - p exactly, for p = a·b rounded (Dekker: products of 26-bit halves are exact). */
// @ts-ignore: decorator
@inline function productErrorF64x2(a: v128, b: v128, p: v128): v128 {
  const ca = f64x2.mul(a, f64x2.splat(SPLIT_F64));
  const ah = f64x2.sub(ca, f64x2.sub(ca, a));
  const al = f64x2.sub(a, ah);
  const cb = f64x2.mul(b, f64x2.splat(SPLIT_F64));
  const bh = f64x2.sub(cb, f64x2.sub(cb, b));
  const bl = f64x2.sub(b, bh);
  const e = f64x2.add(f64x2.add(f64x2.sub(f64x2.mul(ah, bh), p), f64x2.mul(ah, bl)), f64x2.mul(al, bh));
  return f64x2.add(e, f64x2.mul(al, bl));
}

// @ts-ignore: decorator
@inline function productErrorF64(a: f64, b: f64, p: f64): f64 {
  const ca = a * SPLIT_F64;
  const ah = ca - (ca - a);
  const al = a - ah;
  const cb = b * SPLIT_F64;
  const bh = cb - (cb - b);
  const bl = b - bh;
  return (((ah * bh - p) + ah * bl) + al * bh) + al * bl;
}

/**
 * |x|^y for f64 lanes, without the sign and special-case rules. The intermediate
 * double-double parts are named lh/ll (log), th/tl (y·log) and rh/rl (reduced argument).
 */
// @ts-ignore: decorator
@inline function powAbsF64x2(ax: v128, y: v128): v128 {
  // log|x| = lh + ll
  const tiny = f64x2.lt(ax, f64x2.splat(MIN_NORMAL_F64));
  const xs = v128.bitselect(f64x2.mul(ax, f64x2.splat(TWO_P52)), ax, tiny);
  const ix = i64x2.add(xs, i64x2.splat(LOG_OFFSET_F64));
  const bias = f64x2.add(f64x2.splat(EXP_FROM_BITS_F64), v128.and(tiny, f64x2.splat(52.0)));
  const e = f64x2.sub(v128.or(i64x2.shr_u(ix, 52), f64x2.splat(TWO_P52)), bias);
  const m = i64x2.add(v128.and(ix, i64x2.splat(0x000FFFFFFFFFFFFF)), i64x2.splat(SQRT_HALF_BITS_F64));
  const one = f64x2.splat(1.0);
  const f = f64x2.sub(m, one); // exact
  const dh = f64x2.add(m, one); // m + 1 = dh + dl exactly
  const dl = f64x2.sub(m, f64x2.sub(dh, one));
  const s = f64x2.div(f, dh);
  const sd = f64x2.mul(s, dh);
  const sdErr = productErrorF64x2(s, dh, sd);
  // s + sl = f / (m + 1) to ~2^-106: f - sd is exact (Sterbenz)
  const sl = f64x2.div(f64x2.sub(f64x2.sub(f64x2.sub(f, sd), sdErr), f64x2.mul(s, dl)), dh);
  const z = f64x2.mul(s, s);
  let q = maddF64x2(f64x2.splat(Q7), z, f64x2.splat(Q6));
  q = maddF64x2(q, z, f64x2.splat(Q5));
  q = maddF64x2(q, z, f64x2.splat(Q4));
  q = maddF64x2(q, z, f64x2.splat(Q3));
  q = maddF64x2(q, z, f64x2.splat(Q2));
  q = maddF64x2(q, z, f64x2.splat(Q1));
  q = maddF64x2(q, z, f64x2.splat(Q0));
  const tail = f64x2.mul(f64x2.mul(s, z), q);
  const eh = f64x2.mul(e, f64x2.splat(LN2_HI_F64)); // exact
  const s2 = f64x2.add(s, s);
  const lsum = f64x2.add(eh, s2); // |eh| >= |s2| unless e = 0: Fast2Sum is exact
  const lerr = f64x2.sub(s2, f64x2.sub(lsum, eh));
  const lrest = f64x2.add(f64x2.add(f64x2.mul(e, f64x2.splat(LN2_LO_F64)), f64x2.add(sl, sl)), tail);
  const lsmall = f64x2.add(lerr, lrest);
  let lh = f64x2.add(lsum, lsmall);
  const ll = f64x2.sub(lsmall, f64x2.sub(lh, lsum));
  lh = v128.bitselect(f64x2.splat(-Infinity), lh, f64x2.eq(ax, f64x2.splat(0.0)));
  lh = v128.bitselect(lh, ax, f64x2.lt(ax, f64x2.splat(Infinity))); // inf, NaN

  // y·log|x| = th + tl
  const th = f64x2.mul(y, lh);
  let tl = f64x2.add(productErrorF64x2(y, lh, th), f64x2.mul(y, ll));
  // saturated, infinite or NaN th: the split may have overflowed, drop tl
  tl = v128.and(tl, f64x2.lt(f64x2.abs(th), f64x2.splat(T_SATURATED)));

  // e^(th + tl): th = n·ln2 + rh, rl = tl - n·LN2_LO (|rl| < 1e-10)
  const tc = f64x2.pmin(f64x2.pmax(th, f64x2.splat(-746.0)), f64x2.splat(710.0));
  const kd = f64x2.add(f64x2.mul(tc, f64x2.splat(LOG2E_F64)), f64x2.splat(EXP_SHIFT_F64));
  const nf = f64x2.sub(kd, f64x2.splat(EXP_SHIFT_F64));
  const rh = f64x2.sub(tc, f64x2.mul(nf, f64x2.splat(LN2_HI_F64))); // exact
  const rl = f64x2.sub(tl, f64x2.mul(nf, f64x2.splat(LN2_LO_F64)));
  const r2p = f64x2.mul(expPolyF64x2(rh), f64x2.mul(rh, rh)); // e^rh - 1 - rh (exp.ts's fit)
  // e^(rh+rl) - 1 - rh ≈ r2p + rl + rl·(rh + r2p)
  const corr = f64x2.add(r2p, maddF64x2(rl, f64x2.add(rh, r2p), rl));
  const a = f64x2.add(one, rh); // 1 + rh = a + b exactly
  const b = f64x2.sub(rh, f64x2.sub(a, one));
  const er = f64x2.add(a, f64x2.add(b, corr));
  const s1 = v128.and(i64x2.shl(kd, 51), i64x2.splat(0x7FF0000000000000));
  const s2e = i64x2.sub(i64x2.shl(kd, 52), s1);
  return f64x2.mul(f64x2.mul(er, s1), s2e);
}

// @ts-ignore: decorator
@inline function powAbsF64(ax: f64, y: f64): f64 {
  const tiny = ax < MIN_NORMAL_F64;
  const xs = tiny ? ax * TWO_P52 : ax;
  const ix = reinterpret<i64>(xs) + LOG_OFFSET_F64;
  const bias: f64 = EXP_FROM_BITS_F64 + (tiny ? 52.0 : 0.0);
  const e = reinterpret<f64>((<u64>ix >> 52) | reinterpret<u64>(TWO_P52)) - bias;
  const m = reinterpret<f64>((ix & 0x000FFFFFFFFFFFFF) + SQRT_HALF_BITS_F64);
  const f = m - 1.0;
  const dh = m + 1.0;
  const dl = m - (dh - 1.0);
  const s = f / dh;
  const sd = s * dh;
  const sdErr = productErrorF64(s, dh, sd);
  const sl = (((f - sd) - sdErr) - s * dl) / dh;
  const z = s * s;
  let q = Q7 * z + Q6;
  q = q * z + Q5;
  q = q * z + Q4;
  q = q * z + Q3;
  q = q * z + Q2;
  q = q * z + Q1;
  q = q * z + Q0;
  const tail = (s * z) * q;
  const eh = e * LN2_HI_F64;
  const s2 = s + s;
  const lsum = eh + s2;
  const lerr = s2 - (lsum - eh);
  const lrest = (e * LN2_LO_F64 + (sl + sl)) + tail;
  const lsmall = lerr + lrest;
  let lh = lsum + lsmall;
  const ll = lsmall - (lh - lsum);
  if (ax == 0) lh = -Infinity;
  if (!(ax < Infinity)) lh = ax;

  const th = y * lh;
  let tl = productErrorF64(y, lh, th) + y * ll;
  if (!(abs<f64>(th) < T_SATURATED)) tl = 0;

  let tc = th < -746.0 ? -746.0 : th;
  tc = 710.0 < tc ? 710.0 : tc;
  const kd = tc * LOG2E_F64 + EXP_SHIFT_F64;
  const nf = kd - EXP_SHIFT_F64;
  const rh = tc - nf * LN2_HI_F64;
  const rl = tl - nf * LN2_LO_F64;
  const r2p = expPolyF64(rh) * (rh * rh);
  const corr = r2p + (rl * (rh + r2p) + rl);
  const a = 1.0 + rh;
  const b = rh - (a - 1.0);
  const er = a + (b + corr);
  const k = reinterpret<i64>(kd);
  const s1 = (k << 51) & 0x7FF0000000000000;
  const s2e = (k << 52) - s1;
  return er * reinterpret<f64>(s1) * reinterpret<f64>(s2e);
}

// ---- special cases ----

// @ts-ignore: decorator
@inline function powSpecialsF64x2(x: v128, y: v128, core: v128): v128 {
  const yInt = f64x2.eq(f64x2.floor(y), y);
  const yHalf = f64x2.mul(y, f64x2.splat(0.5));
  const yOdd = v128.andnot(yInt, f64x2.eq(f64x2.floor(yHalf), yHalf));
  let res = v128.or(core, v128.and(yOdd, v128.and(x, i64x2.splat(0x8000000000000000))));
  const negFinite = v128.and(f64x2.lt(x, f64x2.splat(0.0)), f64x2.gt(x, f64x2.splat(-Infinity)));
  res = v128.bitselect(f64x2.splat(NaN), res, v128.andnot(negFinite, yInt));
  res = v128.bitselect(x, res, f64x2.eq(y, f64x2.splat(1.0)));
  res = v128.bitselect(f64x2.mul(x, x), res, f64x2.eq(y, f64x2.splat(2.0)));
  const minusOneInf = v128.and(f64x2.eq(x, f64x2.splat(-1.0)), f64x2.eq(f64x2.abs(y), f64x2.splat(Infinity)));
  const isOne = v128.or(v128.or(f64x2.eq(y, f64x2.splat(0.0)), f64x2.eq(x, f64x2.splat(1.0))), minusOneInf);
  return v128.bitselect(f64x2.splat(1.0), res, isOne);
}

// @ts-ignore: decorator
@inline function powSpecialsF64(x: f64, y: f64, core: f64): f64 {
  const yInt = floor<f64>(y) == y;
  const yHalf = y * 0.5;
  const yOdd = yInt && floor<f64>(yHalf) != yHalf;
  let res = core;
  if (yOdd) res = reinterpret<f64>(reinterpret<u64>(res) | (reinterpret<u64>(x) & 0x8000000000000000));
  if (x < 0 && x > -Infinity && !yInt) res = NaN;
  if (y == 1.0) res = x;
  if (y == 2.0) res = x * x;
  if (y == 0 || x == 1.0 || (x == -1.0 && abs<f64>(y) == Infinity)) res = 1.0;
  return res;
}

// @ts-ignore: decorator
@inline function powSpecialsF32x4(x: v128, y: v128, core: v128): v128 {
  const yInt = f32x4.eq(f32x4.floor(y), y);
  const yHalf = f32x4.mul(y, f32x4.splat(0.5));
  const yOdd = v128.andnot(yInt, f32x4.eq(f32x4.floor(yHalf), yHalf));
  let res = v128.or(core, v128.and(yOdd, v128.and(x, i32x4.splat(0x80000000))));
  const negFinite = v128.and(f32x4.lt(x, f32x4.splat(0.0)), f32x4.gt(x, f32x4.splat(-Infinity)));
  res = v128.bitselect(f32x4.splat(NaN), res, v128.andnot(negFinite, yInt));
  res = v128.bitselect(x, res, f32x4.eq(y, f32x4.splat(1.0)));
  res = v128.bitselect(f32x4.mul(x, x), res, f32x4.eq(y, f32x4.splat(2.0)));
  const minusOneInf = v128.and(f32x4.eq(x, f32x4.splat(-1.0)), f32x4.eq(f32x4.abs(y), f32x4.splat(Infinity)));
  const isOne = v128.or(v128.or(f32x4.eq(y, f32x4.splat(0.0)), f32x4.eq(x, f32x4.splat(1.0))), minusOneInf);
  return v128.bitselect(f32x4.splat(1.0), res, isOne);
}

// @ts-ignore: decorator
@inline function powSpecialsF32(x: f32, y: f32, core: f32): f32 {
  const yInt = floor<f32>(y) == y;
  const yHalf = y * <f32>0.5;
  const yOdd = yInt && floor<f32>(yHalf) != yHalf;
  let res = core;
  if (yOdd) res = reinterpret<f32>(reinterpret<u32>(res) | (reinterpret<u32>(x) & 0x80000000));
  if (x < 0 && x > -Infinity && !yInt) res = NaN;
  if (y == 1.0) res = x;
  if (y == 2.0) res = x * x;
  if (y == 0 || x == 1.0 || (x == -1.0 && abs<f32>(y) == Infinity)) res = 1.0;
  return res;
}

// ---- public ----

// @ts-ignore: decorator
@inline export function powF64x2(x: v128, y: v128): v128 {
  return powSpecialsF64x2(x, y, powAbsF64x2(f64x2.abs(x), y));
}

// @ts-ignore: decorator
@inline export function powF64(x: f64, y: f64): f64 {
  return powSpecialsF64(x, y, powAbsF64(abs<f64>(x), y));
}

/** |x|^y for two f32 lanes promoted to f64. */
// @ts-ignore: decorator
@inline function powAbsF32inF64x2(ax: v128, y: v128): v128 {
  return expF64x2(f64x2.mul(y, logF64x2(ax)));
}

// @ts-ignore: decorator
@inline export function powF32x4(x: v128, y: v128): v128 {
  const ax = f32x4.abs(x);
  const lo = powAbsF32inF64x2(f64x2.promote_low_f32x4(ax), f64x2.promote_low_f32x4(y));
  const axHi = i32x4.shuffle(ax, ax, 2, 3, 2, 3);
  const yHi = i32x4.shuffle(y, y, 2, 3, 2, 3);
  const hi = powAbsF32inF64x2(f64x2.promote_low_f32x4(axHi), f64x2.promote_low_f32x4(yHi));
  const core = i32x4.shuffle(f32x4.demote_f64x2_zero(lo), f32x4.demote_f64x2_zero(hi), 0, 1, 4, 5);
  return powSpecialsF32x4(x, y, core);
}

// @ts-ignore: decorator
@inline export function powF32(x: f32, y: f32): f32 {
  const core = <f32>expF64(<f64>y * logF64(<f64>abs<f32>(x)));
  return powSpecialsF32(x, y, core);
}
