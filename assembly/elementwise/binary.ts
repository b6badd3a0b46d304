// Binary element-wise kernels: out[i] = a[i] (op) b[i].
// Three entry points per dtype, chosen by src/backend/elementwise.ts:
//   <dt>_binary          both operands contiguous, same length
//   <dt>_binary_scalar   one operand is a single value (a JS number)
//   <dt>_binary_strided  any views (broadcast = stride 0), via the shared N-D walk
// Each loop has the XNNPACK skeleton: 4-vector unrolled body, 1-vector loop, scalar tail.
// The contiguous and scalar entry points also take `op | THEN_RELU`: relu(a (op) b) in one
// pass, for src/engine/fusion.ts, which fuses relu into the op that feeds it.

import { ADD, SUB, MUL, DIV, MAXIMUM, MINIMUM, POW, MOD, FLOOR_DIV, isTranscendentalBinary } from "./opcodes";
import { reluScalar, reluVector } from "./relu";
import { powF32x4, powF32, powF64x2, powF64 } from "../math/pow";
import { modF64, floorDivF64, modI32, floorDivI32 } from "../math/divmod";
import { lanes, splat, vadd, vsub, vmul, vdiv, vmax, vmin, vgather, vscatter } from "../lanes";
import { ndStart, ndAdvance, ndInnerSize, ndInnerStride, ndPointer } from "../nd";
import { binaryContiguousFor, binaryScalarFor, binaryStridedFor } from "./dispatch";

// @ts-ignore: decorator
@inline function scalarOp<T>(op: i32, a: T, b: T): T {
  switch (op) {
    case ADD: return a + b;
    case SUB: return a - b;
    case MUL: return a * b;
    case DIV: return a / b;
    case MAXIMUM: {
      // wasm f32.max/f64.max propagate NaN, as numpy's maximum does.
      if (isFloat<T>()) return max<T>(a, b);
      return a > b ? a : b;
    }
    case MINIMUM: {
      if (isFloat<T>()) return min<T>(a, b);
      return a < b ? a : b;
    }
    case POW: return sizeof<T>() == 4 ? <T>powF32(<f32>a, <f32>b) : <T>powF64(<f64>a, <f64>b);
    case MOD: return isFloat<T>() ? <T>modF64(<f64>a, <f64>b) : <T>modI32(<i32>a, <i32>b);
    case FLOOR_DIV: return isFloat<T>() ? <T>floorDivF64(<f64>a, <f64>b) : <T>floorDivI32(<i32>a, <i32>b);
    default: return unreachable(); // an op code without its own case
  }
}

// @ts-ignore: decorator
@inline function vectorOp<T>(op: i32, a: v128, b: v128): v128 {
  switch (op) {
    case ADD: return vadd<T>(a, b);
    case SUB: return vsub<T>(a, b);
    case MUL: return vmul<T>(a, b);
    case DIV: return vdiv<T>(a, b);
    case MAXIMUM: return vmax<T>(a, b);
    case MINIMUM: return vmin<T>(a, b);
    case POW: return sizeof<T>() == 4 ? powF32x4(a, b) : powF64x2(a, b);
    case MOD: case FLOOR_DIV: return unreachable(); // no SIMD body (hasVectorForm)
    default: return unreachable(); // an op code without its own case
  }
}

/**
 * Whether the op has a SIMD body. mod and floorDiv have none (no vector fmod or integer
 * division), so their loops are the scalar ones: splitting vectors into lanes would do the
 * same work, and inlining their branchy bodies into every unrolled loop made the kernel
 * build many times slower.
 */
// @ts-ignore: decorator
@inline function hasVectorForm(op: i32): bool {
  return op != MOD && op != FLOOR_DIV;
}

/** The fused activation, if any: `relu` is a constant in every inlined loop, so the branch folds away. */
// @ts-ignore: decorator
@inline function thenVector<T>(x: v128, relu: bool): v128 {
  return relu ? reluVector<T>(x) : x;
}

// @ts-ignore: decorator
@inline function thenScalar<T>(x: T, relu: bool): T {
  return relu ? reluScalar<T>(x) : x;
}

// @ts-ignore: decorator
@inline export function contiguousLoop<T>(op: i32, a: usize, b: usize, out: usize, n: i32, relu: bool = false): void {
  let i = 0;
  if (ASC_FEATURE_SIMD && hasVectorForm(op)) {
    const w = lanes<T>();
    for (; i + 4 * w <= n; i += 4 * w) {
      const o = <usize>i * sizeof<T>();
      const x0 = thenVector<T>(vectorOp<T>(op, v128.load(a + o), v128.load(b + o)), relu);
      const x1 = thenVector<T>(vectorOp<T>(op, v128.load(a + o, 16), v128.load(b + o, 16)), relu);
      const x2 = thenVector<T>(vectorOp<T>(op, v128.load(a + o, 32), v128.load(b + o, 32)), relu);
      const x3 = thenVector<T>(vectorOp<T>(op, v128.load(a + o, 48), v128.load(b + o, 48)), relu);
      v128.store(out + o, x0);
      v128.store(out + o, x1, 16);
      v128.store(out + o, x2, 32);
      v128.store(out + o, x3, 48);
    }
    for (; i + w <= n; i += w) {
      const o = <usize>i * sizeof<T>();
      v128.store(out + o, thenVector<T>(vectorOp<T>(op, v128.load(a + o), v128.load(b + o)), relu));
    }
  }
  for (; i < n; i++) {
    const o = <usize>i * sizeof<T>();
    store<T>(out + o, thenScalar<T>(scalarOp<T>(op, load<T>(a + o), load<T>(b + o)), relu));
  }
}

/** out[i] = s (op) b[i] when scalarOnLeft, else a[i] (op) s; `a` is the vector. */
// @ts-ignore: decorator
@inline export function scalarLoop<T>(op: i32, a: usize, s: T, out: usize, n: i32, scalarOnLeft: bool, relu: bool = false): void {
  let i = 0;
  if (ASC_FEATURE_SIMD && hasVectorForm(op)) {
    const w = lanes<T>();
    const sv = splat<T>(s);
    if (scalarOnLeft) {
      for (; i + 4 * w <= n; i += 4 * w) {
        const o = <usize>i * sizeof<T>();
        const x0 = thenVector<T>(vectorOp<T>(op, sv, v128.load(a + o)), relu);
        const x1 = thenVector<T>(vectorOp<T>(op, sv, v128.load(a + o, 16)), relu);
        const x2 = thenVector<T>(vectorOp<T>(op, sv, v128.load(a + o, 32)), relu);
        const x3 = thenVector<T>(vectorOp<T>(op, sv, v128.load(a + o, 48)), relu);
        v128.store(out + o, x0);
        v128.store(out + o, x1, 16);
        v128.store(out + o, x2, 32);
        v128.store(out + o, x3, 48);
      }
      for (; i + w <= n; i += w) {
        const o = <usize>i * sizeof<T>();
        v128.store(out + o, thenVector<T>(vectorOp<T>(op, sv, v128.load(a + o)), relu));
      }
    } else {
      for (; i + 4 * w <= n; i += 4 * w) {
        const o = <usize>i * sizeof<T>();
        const x0 = thenVector<T>(vectorOp<T>(op, v128.load(a + o), sv), relu);
        const x1 = thenVector<T>(vectorOp<T>(op, v128.load(a + o, 16), sv), relu);
        const x2 = thenVector<T>(vectorOp<T>(op, v128.load(a + o, 32), sv), relu);
        const x3 = thenVector<T>(vectorOp<T>(op, v128.load(a + o, 48), sv), relu);
        v128.store(out + o, x0);
        v128.store(out + o, x1, 16);
        v128.store(out + o, x2, 32);
        v128.store(out + o, x3, 48);
      }
      for (; i + w <= n; i += w) {
        const o = <usize>i * sizeof<T>();
        v128.store(out + o, thenVector<T>(vectorOp<T>(op, v128.load(a + o), sv), relu));
      }
    }
  }
  if (scalarOnLeft) {
    for (; i < n; i++) {
      const o = <usize>i * sizeof<T>();
      store<T>(out + o, thenScalar<T>(scalarOp<T>(op, s, load<T>(a + o)), relu));
    }
  } else {
    for (; i < n; i++) {
      const o = <usize>i * sizeof<T>();
      store<T>(out + o, thenScalar<T>(scalarOp<T>(op, load<T>(a + o), s), relu));
    }
  }
}

/** One row of an N-D walk; strides in elements. Picks the fastest loop the strides allow. */
// @ts-ignore: decorator
@inline function row<T>(op: i32, a: usize, sa: i32, b: usize, sb: i32, out: usize, so: i32, n: i32): void {
  if (so == 1) {
    if (sa == 1 && sb == 1) { contiguous<T>(op, a, b, out, n); return; }
    if (sa == 1 && sb == 0) { withScalar<T>(op, a, load<T>(b), out, n, false); return; }
    if (sa == 0 && sb == 1) { withScalar<T>(op, b, load<T>(a), out, n, true); return; }
  }
  const ba = <usize>(sa * sizeof<T>()), bb = <usize>(sb * sizeof<T>()), bo = <usize>(so * sizeof<T>());
  let i = 0;
  if (ASC_FEATURE_SIMD && isTranscendentalBinary(op)) {
    // Compute-bound: gather each operand's lanes and run the SIMD body.
    const w = lanes<T>();
    for (; i + w <= n; i += w) {
      vscatter<T>(out, bo, vectorOp<T>(op, vgather<T>(a, ba), vgather<T>(b, bb)));
      a += ba * <usize>w; b += bb * <usize>w; out += bo * <usize>w;
    }
  }
  for (; i < n; i++) {
    store<T>(out, scalarOp<T>(op, load<T>(a), load<T>(b)));
    a += ba; b += bb; out += bo;
  }
}

// @ts-ignore: decorator
@inline export function stridedWalk<T>(op: i32, desc: usize): void {
  const n = ndInnerSize(desc);
  const sa = ndInnerStride(desc, 0), sb = ndInnerStride(desc, 1), so = ndInnerStride(desc, 2);
  ndStart(desc);
  do {
    row<T>(op, ndPointer(desc, 0), sa, ndPointer(desc, 1), sb, ndPointer(desc, 2), so, n);
  } while (ndAdvance(desc, sizeof<T>()));
}

// The contiguous and scalar-operand loops of one dtype are real functions (not inlined):
// the strided walk calls them for its unit-stride rows, so each op's SIMD loops are
// compiled once per dtype rather than once per entry point.
function contiguous<T>(op: i32, a: usize, b: usize, out: usize, n: i32): void {
  binaryContiguousFor<T>(op, a, b, out, n);
}

function withScalar<T>(op: i32, a: usize, s: T, out: usize, n: i32, scalarOnLeft: bool): void {
  binaryScalarFor<T>(op, a, s, out, n, scalarOnLeft);
}

export function f32_binary(op: i32, a: usize, b: usize, out: usize, n: i32): void {
  contiguous<f32>(op, a, b, out, n);
}

export function f32_binary_scalar(op: i32, a: usize, s: f32, out: usize, n: i32, scalarOnLeft: bool): void {
  withScalar<f32>(op, a, s, out, n, scalarOnLeft);
}

export function f32_binary_strided(op: i32, desc: usize): void {
  binaryStridedFor<f32>(op, desc);
}

export function f64_binary(op: i32, a: usize, b: usize, out: usize, n: i32): void {
  contiguous<f64>(op, a, b, out, n);
}

export function f64_binary_scalar(op: i32, a: usize, s: f64, out: usize, n: i32, scalarOnLeft: bool): void {
  withScalar<f64>(op, a, s, out, n, scalarOnLeft);
}

export function f64_binary_strided(op: i32, desc: usize): void {
  binaryStridedFor<f64>(op, desc);
}

export function i32_binary(op: i32, a: usize, b: usize, out: usize, n: i32): void {
  contiguous<i32>(op, a, b, out, n);
}

export function i32_binary_scalar(op: i32, a: usize, s: i32, out: usize, n: i32, scalarOnLeft: bool): void {
  withScalar<i32>(op, a, s, out, n, scalarOnLeft);
}

export function i32_binary_strided(op: i32, desc: usize): void {
  binaryStridedFor<i32>(op, desc);
}
