// The bool-valued kernels over broadcast and strided operands: the N-D walk of assembly/nd.ts,
// reading every operand in place (stride 0 on broadcast axes). Their operands differ in
// element size (T values, bool bytes), so the descriptor's strides are in bytes, not
// elements, and the walk advances with an element size of 1. The output is always a
// fresh contiguous block, so its stride is never read.
//
// The innermost strides are fixed for a whole walk, so each row picks its loop from
// them: unit-stride rows (and rows where one operand is one value, stride 0) run the
// contiguous SIMD blocks of compare.ts; anything else runs a scalar loop. The op layer
// swaps a comparison's operands when only the first one is the stride-0 one
// (src/backend/compare.ts), so the kernels only know a stride-0 second operand.
import { ndStart, ndAdvance, ndInnerSize, ndInnerStride, ndPointer } from "../nd";
import { cmp, compareBlock, compareScalarBlock, logicalBlock, logicalScalarBlock, whereBlock } from "./compare";
import {
  EQUAL, NOT_EQUAL, LESS, LESS_EQUAL, GREATER, GREATER_EQUAL,
  LOGICAL_AND, LOGICAL_OR, LOGICAL_XOR, LOGICAL_NOT,
} from "./opcodes";

// @ts-ignore: decorator
@inline function compareWalk<T>(op: i32, desc: usize): void {
  const n = ndInnerSize(desc);
  const sa = ndInnerStride(desc, 0), sb = ndInnerStride(desc, 1); // bytes
  const w = <i32>sizeof<T>();
  ndStart(desc);
  do {
    let a = ndPointer(desc, 0), b = ndPointer(desc, 1), out = ndPointer(desc, 2);
    if (sa == w && sb == w) compareBlock<T>(op, a, b, out, n);
    else if (sa == w && sb == 0) compareScalarBlock<T>(op, a, load<T>(b), out, n);
    else {
      for (let i = 0; i < n; i++) {
        store<u8>(out + <usize>i, cmp<T>(op, load<T>(a), load<T>(b)));
        a += <usize>sa; b += <usize>sb;
      }
    }
  } while (ndAdvance(desc, 1));
}

// As in compare.ts, a code without a case traps before the switch, never as its default.
// @ts-ignore: decorator
@inline function compareStridedFor<T>(op: i32, desc: usize): void {
  if (<u32>op > <u32>GREATER_EQUAL) unreachable(); // an op code this kernel does not have
  switch (op) {
    case EQUAL: compareWalk<T>(EQUAL, desc); break;
    case NOT_EQUAL: compareWalk<T>(NOT_EQUAL, desc); break;
    case LESS: compareWalk<T>(LESS, desc); break;
    case LESS_EQUAL: compareWalk<T>(LESS_EQUAL, desc); break;
    case GREATER: compareWalk<T>(GREATER, desc); break;
    case GREATER_EQUAL: compareWalk<T>(GREATER_EQUAL, desc); break;
  }
}

/** out = a (op) b over a descriptor of (a, b, out), byte strides; out contiguous bool. */
export function f32_compare_strided(op: i32, desc: usize): void { compareStridedFor<f32>(op, desc); }
export function f64_compare_strided(op: i32, desc: usize): void { compareStridedFor<f64>(op, desc); }
export function i32_compare_strided(op: i32, desc: usize): void { compareStridedFor<i32>(op, desc); }

// @ts-ignore: decorator
@inline function logicalWalk(op: i32, desc: usize): void {
  const n = ndInnerSize(desc);
  const sa = ndInnerStride(desc, 0), sb = ndInnerStride(desc, 1);
  ndStart(desc);
  do {
    let a = ndPointer(desc, 0), b = ndPointer(desc, 1), out = ndPointer(desc, 2);
    if (sa == 1 && (sb == 1 || op == LOGICAL_NOT)) logicalBlock(op, a, b, out, n);
    else if (sa == 1 && sb == 0) logicalScalarBlock(op, a, b, out, n);
    else {
      for (let i = 0; i < n; i++) {
        const x = load<u8>(a);
        let r: u8;
        if (op == LOGICAL_NOT) r = x ^ 1;
        else {
          const y = load<u8>(b);
          r = op == LOGICAL_AND ? x & y : op == LOGICAL_OR ? x | y : x ^ y;
        }
        store<u8>(out + <usize>i, r);
        a += <usize>sa; b += <usize>sb;
      }
    }
  } while (ndAdvance(desc, 1));
}

/** out = a (op) b over a descriptor of (a, b, out) bool bytes; logicalNot reads only a (b: any operand, e.g. a again). */
export function bool_logical_strided(op: i32, desc: usize): void {
  if (<u32>op > <u32>LOGICAL_NOT) unreachable();
  switch (op) {
    case LOGICAL_AND: logicalWalk(LOGICAL_AND, desc); break;
    case LOGICAL_OR: logicalWalk(LOGICAL_OR, desc); break;
    case LOGICAL_XOR: logicalWalk(LOGICAL_XOR, desc); break;
    case LOGICAL_NOT: logicalWalk(LOGICAL_NOT, desc); break;
  }
}

// @ts-ignore: decorator
@inline function whereWalk<T>(desc: usize): void {
  const n = ndInnerSize(desc);
  const sc = ndInnerStride(desc, 0), sa = ndInnerStride(desc, 1), sb = ndInnerStride(desc, 2);
  const w = <i32>sizeof<T>();
  // a SIMD row: cond's bytes contiguous, a and b each contiguous or one value
  const block = sc == 1 && (sa == w || sa == 0) && (sb == w || sb == 0);
  ndStart(desc);
  do {
    let c = ndPointer(desc, 0), a = ndPointer(desc, 1), b = ndPointer(desc, 2), out = ndPointer(desc, 3);
    if (block) whereBlock<T>(c, a, b, out, n, sa == 0, sb == 0);
    else {
      for (let i = 0; i < n; i++) {
        store<T>(out + <usize>i * sizeof<T>(), load<u8>(c) != 0 ? load<T>(a) : load<T>(b));
        c += <usize>sc; a += <usize>sa; b += <usize>sb;
      }
    }
  } while (ndAdvance(desc, 1));
}

/** out = cond ? a : b over a descriptor of (cond, a, b, out), byte strides; out contiguous. */
export function f32_where_strided(desc: usize): void { whereWalk<f32>(desc); }
export function f64_where_strided(desc: usize): void { whereWalk<f64>(desc); }
export function i32_where_strided(desc: usize): void { whereWalk<i32>(desc); }
