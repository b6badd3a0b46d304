// Kernels with a bool result (one byte, 0 or 1, per element) and where(): comparisons of
// two f32/f64/i32 blocks (or a block and a scalar), logical ops on bool blocks, the value
// tests isNaN/isInf/isFinite, and where(cond, a, b), over contiguous blocks; strided.ts
// walks broadcast and strided operands with these blocks as its unit-stride rows.
//
// A comparison makes one all-ones/all-zeros mask per lane; 16 lanes of masks narrow to 16
// bytes (i32 → i16 → i8, saturating keeps -1 and 0) and AND 1 makes them 0/1: one 16-byte
// store per 16 elements. As in elementwise/, each export switches on the op once, outside
// the loops; a code without a case traps.
import { splat, veq, vge, vgt, vle, vlt } from "../lanes";
import {
  EQUAL, NOT_EQUAL, LESS, LESS_EQUAL, GREATER, GREATER_EQUAL,
  LOGICAL_AND, LOGICAL_OR, LOGICAL_XOR, LOGICAL_NOT,
  IS_NA_N, IS_INF, IS_FINITE,
} from "./opcodes";

// @ts-ignore: decorator
@inline export function cmp<T>(op: i32, x: T, y: T): u8 {
  let r: bool;
  if (op == EQUAL) r = x == y;
  else if (op == NOT_EQUAL) r = x != y;
  else if (op == LESS) r = x < y;
  else if (op == LESS_EQUAL) r = x <= y;
  else if (op == GREATER) r = x > y;
  else r = x >= y;
  return r ? 1 : 0;
}

// @ts-ignore: decorator
@inline function vcmp<T>(op: i32, a: v128, b: v128): v128 {
  if (op == EQUAL) return veq<T>(a, b);
  if (op == NOT_EQUAL) return v128.not(veq<T>(a, b)); // NaN != anything: true
  if (op == LESS) return vlt<T>(a, b);
  if (op == LESS_EQUAL) return vle<T>(a, b);
  if (op == GREATER) return vgt<T>(a, b);
  return vge<T>(a, b);
}

/** Four masks of 4-byte lanes (16 elements) as 16 bytes of 0/1. */
// @ts-ignore: decorator
@inline function bytesOf32(m0: v128, m1: v128, m2: v128, m3: v128): v128 {
  const b = i8x16.narrow_i16x8_s(i16x8.narrow_i32x4_s(m0, m1), i16x8.narrow_i32x4_s(m2, m3));
  return v128.and(b, i8x16.splat(1));
}

/** Two masks of 8-byte lanes (4 elements) as one mask of 4-byte lanes. */
// @ts-ignore: decorator
@inline function lanes64to32(m0: v128, m1: v128): v128 {
  return i32x4.shuffle(m0, m1, 0, 2, 4, 6);
}

/** a (op) b over 16 elements at a and b (b a splat when scalarB) as 16 bytes of 0/1 at out. */
// @ts-ignore: decorator
@inline function compare16<T>(op: i32, a: usize, b: usize, vs: v128, scalarB: bool, out: usize): void {
  if (sizeof<T>() == 8) {
    const m0 = vcmp<T>(op, v128.load(a), scalarB ? vs : v128.load(b));
    const m1 = vcmp<T>(op, v128.load(a, 16), scalarB ? vs : v128.load(b, 16));
    const m2 = vcmp<T>(op, v128.load(a, 32), scalarB ? vs : v128.load(b, 32));
    const m3 = vcmp<T>(op, v128.load(a, 48), scalarB ? vs : v128.load(b, 48));
    const m4 = vcmp<T>(op, v128.load(a, 64), scalarB ? vs : v128.load(b, 64));
    const m5 = vcmp<T>(op, v128.load(a, 80), scalarB ? vs : v128.load(b, 80));
    const m6 = vcmp<T>(op, v128.load(a, 96), scalarB ? vs : v128.load(b, 96));
    const m7 = vcmp<T>(op, v128.load(a, 112), scalarB ? vs : v128.load(b, 112));
    v128.store(out, bytesOf32(lanes64to32(m0, m1), lanes64to32(m2, m3), lanes64to32(m4, m5), lanes64to32(m6, m7)));
  } else {
    const m0 = vcmp<T>(op, v128.load(a), scalarB ? vs : v128.load(b));
    const m1 = vcmp<T>(op, v128.load(a, 16), scalarB ? vs : v128.load(b, 16));
    const m2 = vcmp<T>(op, v128.load(a, 32), scalarB ? vs : v128.load(b, 32));
    const m3 = vcmp<T>(op, v128.load(a, 48), scalarB ? vs : v128.load(b, 48));
    v128.store(out, bytesOf32(m0, m1, m2, m3));
  }
}

// @ts-ignore: decorator
@inline function compareLoop<T>(op: i32, a: usize, b: usize, out: usize, n: i32, scalarB: bool, s: T): void {
  let i = 0;
  if (ASC_FEATURE_SIMD) {
    const vs = splat<T>(s);
    for (; i + 16 <= n; i += 16) {
      const p = <usize>i * sizeof<T>();
      compare16<T>(op, a + p, scalarB ? 0 : b + p, vs, scalarB, out + <usize>i);
    }
  }
  for (; i < n; i++) {
    const x = load<T>(a + <usize>i * sizeof<T>());
    const y = scalarB ? s : load<T>(b + <usize>i * sizeof<T>());
    store<u8>(out + <usize>i, cmp<T>(op, x, y));
  }
}

// A code without a case traps before the switch, never as its default: with an
// unreachable default Binaryen merges the cases into one loop that tests the op per element
// (see assembly/elementwise/dispatch.ts).
// @ts-ignore: decorator
@inline export function compareFor<T>(op: i32, a: usize, b: usize, out: usize, n: i32, scalarB: bool, s: T): void {
  if (<u32>op > <u32>GREATER_EQUAL) unreachable(); // an op code this kernel does not have
  switch (op) {
    case EQUAL: compareLoop<T>(EQUAL, a, b, out, n, scalarB, s); break;
    case NOT_EQUAL: compareLoop<T>(NOT_EQUAL, a, b, out, n, scalarB, s); break;
    case LESS: compareLoop<T>(LESS, a, b, out, n, scalarB, s); break;
    case LESS_EQUAL: compareLoop<T>(LESS_EQUAL, a, b, out, n, scalarB, s); break;
    case GREATER: compareLoop<T>(GREATER, a, b, out, n, scalarB, s); break;
    case GREATER_EQUAL: compareLoop<T>(GREATER_EQUAL, a, b, out, n, scalarB, s); break;
  }
}

// The contiguous and scalar-operand blocks of one dtype are real functions (not inlined):
// the strided walk (strided.ts) calls them for its unit-stride rows, so each op's SIMD
// loops are compiled once per dtype rather than once per entry point.
export function compareBlock<T>(op: i32, a: usize, b: usize, out: usize, n: i32): void { compareFor<T>(op, a, b, out, n, false, <T>0); }
export function compareScalarBlock<T>(op: i32, a: usize, s: T, out: usize, n: i32): void { compareFor<T>(op, a, 0, out, n, true, s); }

/** out[i] = a[i] (op) b[i] as 0/1 bytes, over n contiguous elements. */
export function f32_compare(op: i32, a: usize, b: usize, out: usize, n: i32): void { compareBlock<f32>(op, a, b, out, n); }
export function f64_compare(op: i32, a: usize, b: usize, out: usize, n: i32): void { compareBlock<f64>(op, a, b, out, n); }
export function i32_compare(op: i32, a: usize, b: usize, out: usize, n: i32): void { compareBlock<i32>(op, a, b, out, n); }
/** out[i] = a[i] (op) s; the caller swaps the op for s (op) a. */
export function f32_compare_scalar(op: i32, a: usize, s: f32, out: usize, n: i32): void { compareScalarBlock<f32>(op, a, s, out, n); }
export function f64_compare_scalar(op: i32, a: usize, s: f64, out: usize, n: i32): void { compareScalarBlock<f64>(op, a, s, out, n); }
export function i32_compare_scalar(op: i32, a: usize, s: i32, out: usize, n: i32): void { compareScalarBlock<i32>(op, a, s, out, n); }

// @ts-ignore: decorator
@inline function logicalLoop(op: i32, a: usize, b: usize, out: usize, n: i32, scalarB: bool): void {
  let i = 0;
  if (ASC_FEATURE_SIMD) {
    const one = i8x16.splat(1);
    const bs = scalarB ? i8x16.splat(load<u8>(b)) : one; // b's one byte, when it is a scalar
    for (; i + 16 <= n; i += 16) {
      const va = v128.load(a + <usize>i);
      let r: v128;
      if (op == LOGICAL_NOT) r = v128.xor(va, one);
      else {
        const vb = scalarB ? bs : v128.load(b + <usize>i);
        r = op == LOGICAL_AND ? v128.and(va, vb) : op == LOGICAL_OR ? v128.or(va, vb) : v128.xor(va, vb);
      }
      v128.store(out + <usize>i, r);
    }
  }
  for (; i < n; i++) {
    const x = load<u8>(a + <usize>i);
    let r: u8;
    if (op == LOGICAL_NOT) r = x ^ 1;
    else {
      const y = load<u8>(b + (scalarB ? 0 : <usize>i));
      r = op == LOGICAL_AND ? x & y : op == LOGICAL_OR ? x | y : x ^ y;
    }
    store<u8>(out + <usize>i, r);
  }
}

/** out = a (op) b over n contiguous bool bytes (0/1), b one byte when scalarB; logicalNot ignores b. */
// @ts-ignore: decorator
@inline function logicalFor(op: i32, a: usize, b: usize, out: usize, n: i32, scalarB: bool): void {
  if (<u32>op > <u32>LOGICAL_NOT) unreachable();
  switch (op) {
    case LOGICAL_AND: logicalLoop(LOGICAL_AND, a, b, out, n, scalarB); break;
    case LOGICAL_OR: logicalLoop(LOGICAL_OR, a, b, out, n, scalarB); break;
    case LOGICAL_XOR: logicalLoop(LOGICAL_XOR, a, b, out, n, scalarB); break;
    case LOGICAL_NOT: logicalLoop(LOGICAL_NOT, a, 0, out, n, false); break;
  }
}

export function logicalBlock(op: i32, a: usize, b: usize, out: usize, n: i32): void { logicalFor(op, a, b, out, n, false); }
export function logicalScalarBlock(op: i32, a: usize, b: usize, out: usize, n: i32): void { logicalFor(op, a, b, out, n, true); }

/** out = a (op) b over n contiguous bool bytes (0/1); logicalNot ignores b. */
export function bool_logical(op: i32, a: usize, b: usize, out: usize, n: i32): void { logicalBlock(op, a, b, out, n); }

/** The test's mask of one vector. */
// @ts-ignore: decorator
@inline function vtest<T>(op: i32, v: v128): v128 {
  const abs = sizeof<T>() == 4 ? f32x4.abs(v) : f64x2.abs(v);
  const inf = splat<T>(<T>Infinity);
  if (op == IS_NA_N) return v128.not(veq<T>(v, v));
  if (op == IS_INF) return veq<T>(abs, inf);
  return vlt<T>(abs, inf); // false for NaN
}

// @ts-ignore: decorator
@inline function testLoop<T>(op: i32, a: usize, out: usize, n: i32): void {
  let i = 0;
  if (ASC_FEATURE_SIMD) {
    for (; i + 16 <= n; i += 16) {
      const p = a + <usize>i * sizeof<T>();
      if (sizeof<T>() == 8) {
        v128.store(out + <usize>i, bytesOf32(
          lanes64to32(vtest<T>(op, v128.load(p)), vtest<T>(op, v128.load(p, 16))),
          lanes64to32(vtest<T>(op, v128.load(p, 32)), vtest<T>(op, v128.load(p, 48))),
          lanes64to32(vtest<T>(op, v128.load(p, 64)), vtest<T>(op, v128.load(p, 80))),
          lanes64to32(vtest<T>(op, v128.load(p, 96)), vtest<T>(op, v128.load(p, 112))),
        ));
      } else {
        v128.store(out + <usize>i, bytesOf32(vtest<T>(op, v128.load(p)), vtest<T>(op, v128.load(p, 16)), vtest<T>(op, v128.load(p, 32)), vtest<T>(op, v128.load(p, 48))));
      }
    }
  }
  for (; i < n; i++) {
    const x = load<T>(a + <usize>i * sizeof<T>());
    const r = op == IS_NA_N ? isNaN(x) : op == IS_INF ? !isFinite(x) && !isNaN(x) : isFinite(x);
    store<u8>(out + <usize>i, r ? 1 : 0);
  }
}

// @ts-ignore: decorator
@inline function testFor<T>(op: i32, a: usize, out: usize, n: i32): void {
  if (<u32>op > <u32>IS_FINITE) unreachable();
  switch (op) {
    case IS_NA_N: testLoop<T>(IS_NA_N, a, out, n); break;
    case IS_INF: testLoop<T>(IS_INF, a, out, n); break;
    case IS_FINITE: testLoop<T>(IS_FINITE, a, out, n); break;
  }
}

/** out[i] = test(a[i]) as 0/1 bytes (floats only: integers are always finite). */
export function f32_test(op: i32, a: usize, out: usize, n: i32): void { testFor<f32>(op, a, out, n); }
export function f64_test(op: i32, a: usize, out: usize, n: i32): void { testFor<f64>(op, a, out, n); }

/** out = mask ? a : b for one vector of T at byte offset p (mask: all-ones or all-zero lanes of T's width); va/vb stand for a/b when they are scalars. */
// @ts-ignore: decorator
@inline function select<T>(a: usize, b: usize, out: usize, p: usize, mask: v128, scalarA: bool, va: v128, scalarB: bool, vb: v128): void {
  v128.store(out + p, v128.bitselect(scalarA ? va : v128.load(a + p), scalarB ? vb : v128.load(b + p), mask));
}

/** Four 32-bit lane masks from an i16x8 of 0/-1: its low and high halves, sign-extended. */
// @ts-ignore: decorator
@inline function selectFour<T>(a: usize, b: usize, out: usize, p: usize, m16: v128, high: bool, scalarA: bool, va: v128, scalarB: bool, vb: v128): void {
  const m32 = high ? i32x4.extend_high_i16x8_s(m16) : i32x4.extend_low_i16x8_s(m16);
  if (sizeof<T>() == 8) {
    select<T>(a, b, out, p, i64x2.extend_low_i32x4_s(m32), scalarA, va, scalarB, vb);
    select<T>(a, b, out, p + 16, i64x2.extend_high_i32x4_s(m32), scalarA, va, scalarB, vb);
  } else {
    select<T>(a, b, out, p, m32, scalarA, va, scalarB, vb);
  }
}

// @ts-ignore: decorator
@inline function whereLoop<T>(cond: usize, a: usize, b: usize, out: usize, n: i32, scalarA: bool, scalarB: bool): void {
  let i = 0;
  if (ASC_FEATURE_SIMD) {
    const va = scalarA ? splat<T>(load<T>(a)) : i8x16.splat(0), vb = scalarB ? splat<T>(load<T>(b)) : i8x16.splat(0);
    // 16 condition bytes (0/1) at a time: negated they are 0/-1, and sign extension widens
    // them into lane masks of T's width, no compare needed.
    const W = <usize>(4 * sizeof<T>()); // bytes of T per 4 elements
    for (; i + 16 <= n; i += 16) {
      const c = i8x16.neg(v128.load(cond + <usize>i));
      const lo = i16x8.extend_low_i8x16_s(c), hi = i16x8.extend_high_i8x16_s(c);
      const p = <usize>i * sizeof<T>();
      selectFour<T>(a, b, out, p, lo, false, scalarA, va, scalarB, vb);
      selectFour<T>(a, b, out, p + W, lo, true, scalarA, va, scalarB, vb);
      selectFour<T>(a, b, out, p + 2 * W, hi, false, scalarA, va, scalarB, vb);
      selectFour<T>(a, b, out, p + 3 * W, hi, true, scalarA, va, scalarB, vb);
    }
  }
  for (; i < n; i++) {
    const p = <usize>i * sizeof<T>();
    store<T>(out + p, load<u8>(cond + <usize>i) != 0 ? load<T>(a + (scalarA ? 0 : p)) : load<T>(b + (scalarB ? 0 : p)));
  }
}

/** whereLoop over contiguous a and b, or one value of a (scalarA) or of b (scalarB) for every element. */
export function whereBlock<T>(cond: usize, a: usize, b: usize, out: usize, n: i32, scalarA: bool, scalarB: bool): void {
  if (scalarA && scalarB) whereLoop<T>(cond, a, b, out, n, true, true);
  else if (scalarA) whereLoop<T>(cond, a, b, out, n, true, false);
  else if (scalarB) whereLoop<T>(cond, a, b, out, n, false, true);
  else whereLoop<T>(cond, a, b, out, n, false, false);
}

/** out[i] = cond[i] ? a[i] : b[i] over n contiguous elements (cond: bool bytes). */
export function f32_where(cond: usize, a: usize, b: usize, out: usize, n: i32): void { whereBlock<f32>(cond, a, b, out, n, false, false); }
export function f64_where(cond: usize, a: usize, b: usize, out: usize, n: i32): void { whereBlock<f64>(cond, a, b, out, n, false, false); }
export function i32_where(cond: usize, a: usize, b: usize, out: usize, n: i32): void { whereBlock<i32>(cond, a, b, out, n, false, false); }
