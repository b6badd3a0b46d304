// log1p(x) = log(1 + x) and expm1(x) = e^x - 1 on f32x4 / f64x2 lanes, accurate near 0,
// built on the log and exp kernels, with scalar twins (same operations, same order).
//
// log1p: u = 1 + x rounds, but u - 1 is then exact, and log(u) / (u - 1) varies slowly, so
// log(u) · x / (u - 1) cancels the rounding of 1 + x to first order (Goldberg, "What every
// computer scientist should know about floating-point arithmetic", Theorem 4): a few ulp
// where log(1 + x) alone loses everything (x = 1e-10). x / (u - 1) is formed first, so a
// huge x cannot overflow the product. u == 1 means |x| is below half an ulp of 1: the
// answer is x (which keeps log1p(-0) = -0). u == inf (x = inf or x near the top) gives
// inf; x = -1 gives log(0)·1 = -inf; x < -1 gives NaN through log.
//
// expm1 is the same idea the other way round: u = e^x, (u - 1) · x / log(u). u == 1 gives
// x; u - 1 == -1 (x below about -17 in f32, -38 in f64, and -inf) gives -1; u == inf
// gives inf.
//
// The vector kernels are @inline like the rest of math/, the scalar twins real functions.
// The unary dispatch (elementwise/unary.ts) does not inline the vector kernels into each of
// its loops (that made the kernel build over 10× slower): it inlines them once per op and
// dtype into a real function for one vector and, four times over, into a real function for
// four vectors. The four independent copies in one body are what keep these long
// dependency chains fast: one vector per call left each chain's latency exposed (expm1 and
// softplus on 1e6 float32 2× slower, log1p 1.4×).

import { expF32x4, expF32, expF64x2, expF64 } from "./exp";
import { logF32x4, logF32, logF64x2, logF64 } from "./log";

// @ts-ignore: decorator
@inline export function log1pF32x4(x: v128): v128 {
  const one = f32x4.splat(1.0);
  const u = f32x4.add(one, x);
  const y = f32x4.mul(logF32x4(u), f32x4.div(x, f32x4.sub(u, one)));
  const res = v128.bitselect(x, y, f32x4.eq(u, one));
  return v128.bitselect(u, res, f32x4.eq(u, f32x4.splat(Infinity)));
}

export function log1pF32(x: f32): f32 {
  const u: f32 = 1.0 + x;
  if (u == 1.0) return x;
  if (u == Infinity) return u;
  return logF32(u) * (x / (u - 1.0));
}

// @ts-ignore: decorator
@inline export function log1pF64x2(x: v128): v128 {
  const one = f64x2.splat(1.0);
  const u = f64x2.add(one, x);
  const y = f64x2.mul(logF64x2(u), f64x2.div(x, f64x2.sub(u, one)));
  const res = v128.bitselect(x, y, f64x2.eq(u, one));
  return v128.bitselect(u, res, f64x2.eq(u, f64x2.splat(Infinity)));
}

export function log1pF64(x: f64): f64 {
  const u = 1.0 + x;
  if (u == 1.0) return x;
  if (u == Infinity) return u;
  return logF64(u) * (x / (u - 1.0));
}

// @ts-ignore: decorator
@inline export function expm1F32x4(x: v128): v128 {
  const one = f32x4.splat(1.0);
  const u = expF32x4(x);
  const d = f32x4.sub(u, one);
  const y = f32x4.mul(d, f32x4.div(x, logF32x4(u)));
  let res = v128.bitselect(x, y, f32x4.eq(u, one));
  res = v128.bitselect(f32x4.splat(-1.0), res, f32x4.eq(d, f32x4.splat(-1.0)));
  return v128.bitselect(u, res, f32x4.eq(u, f32x4.splat(Infinity)));
}

export function expm1F32(x: f32): f32 {
  const u = expF32(x);
  const d: f32 = u - 1.0;
  if (u == 1.0) return x;
  if (d == -1.0) return -1.0;
  if (u == Infinity) return u;
  return d * (x / logF32(u));
}

// @ts-ignore: decorator
@inline export function expm1F64x2(x: v128): v128 {
  const one = f64x2.splat(1.0);
  const u = expF64x2(x);
  const d = f64x2.sub(u, one);
  const y = f64x2.mul(d, f64x2.div(x, logF64x2(u)));
  let res = v128.bitselect(x, y, f64x2.eq(u, one));
  res = v128.bitselect(f64x2.splat(-1.0), res, f64x2.eq(d, f64x2.splat(-1.0)));
  return v128.bitselect(u, res, f64x2.eq(u, f64x2.splat(Infinity)));
}

export function expm1F64(x: f64): f64 {
  const u = expF64(x);
  const d = u - 1.0;
  if (u == 1.0) return x;
  if (d == -1.0) return -1.0;
  if (u == Infinity) return u;
  return d * (x / logF64(u));
}
