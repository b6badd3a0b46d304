// Unary element-wise kernels: out[i] = op(a[i]).
//   <dt>_unary          contiguous input and output
//   <dt>_unary_strided  any views, via the shared N-D walk

import { RELU, NEG, ABS, SQUARE, SQRT, EXP, LOG, TANH, SIGMOID, SIGN, FLOOR, CEIL, ROUND, RECIPROCAL, LOG1P, EXPM1, SOFTPLUS, SIN, COS, isTranscendentalUnary } from "./opcodes";
import { expF32x4, expF32, expF64x2, expF64 } from "../math/exp";
import { logF32x4, logF32, logF64x2, logF64 } from "../math/log";
import { tanhF32x4, tanhF32, tanhF64x2, tanhF64 } from "../math/tanh";
import { sigmoidF32x4, sigmoidF32, sigmoidF64x2, sigmoidF64 } from "../math/sigmoid";
import { log1pF32x4, log1pF32, log1pF64x2, log1pF64, expm1F32x4, expm1F32, expm1F64x2, expm1F64 } from "../math/log1p";
import { softplusF32x4, softplusF32, softplusF64x2, softplusF64 } from "../math/softplus";
import { sinF32x4, sinF32, sinF64x2, sinF64, cosF32x4, cosF32, cosF64x2, cosF64 } from "../math/trig";
import { lanes, splat, vmul, vdiv, vneg, vabs, vsqrt, vsub, vlt, vgt, veq, vgather, vscatter } from "../lanes";
import { reluScalar, reluVector } from "./relu";
import { ndStart, ndAdvance, ndInnerSize, ndInnerStride, ndPointer } from "../nd";
import { unaryContiguousFor, unaryStridedFor } from "./dispatch";

/** One element of op(x): the scalar build's body and every SIMD loop's tail. */
// @ts-ignore: decorator
@inline function scalarOp<T>(op: i32, x: T): T {
  switch (op) {
    case RELU: return reluScalar<T>(x);
    case NEG: return -x;
    case ABS: {
      if (isFloat<T>()) return abs<T>(x);
      return x < <T>0 ? -x : x;
    }
    case SQUARE: return x * x;
    case SQRT: return isFloat<T>() ? sqrt<T>(x) : x;
    // The transcendental ops exist for float dtypes only (the op layer casts int32 to float32).
    case EXP: return sizeof<T>() == 4 ? <T>expF32(<f32>x) : <T>expF64(<f64>x);
    case LOG: return sizeof<T>() == 4 ? <T>logF32(<f32>x) : <T>logF64(<f64>x);
    case TANH: return sizeof<T>() == 4 ? <T>tanhF32(<f32>x) : <T>tanhF64(<f64>x);
    case SIGMOID: return sizeof<T>() == 4 ? <T>sigmoidF32(<f32>x) : <T>sigmoidF64(<f64>x);
    case SIGN: return x > <T>0 ? <T>1 : x < <T>0 ? <T>-1 : x == <T>0 ? <T>0 : x; // NaN stays NaN
    // Float-only, like the transcendental ops (wasm's floor, ceil and nearest: halves to even).
    case FLOOR: return isFloat<T>() ? floor<T>(x) : x;
    case CEIL: return isFloat<T>() ? ceil<T>(x) : x;
    case ROUND: return isFloat<T>() ? nearest<T>(x) : x;
    case RECIPROCAL: return isFloat<T>() ? <T>1 / x : x;
    case LOG1P: return sizeof<T>() == 4 ? <T>log1pF32(<f32>x) : <T>log1pF64(<f64>x);
    case EXPM1: return sizeof<T>() == 4 ? <T>expm1F32(<f32>x) : <T>expm1F64(<f64>x);
    case SOFTPLUS: return sizeof<T>() == 4 ? <T>softplusF32(<f32>x) : <T>softplusF64(<f64>x);
    case SIN: return sizeof<T>() == 4 ? <T>sinF32(<f32>x) : <T>sinF64(<f64>x);
    case COS: return sizeof<T>() == 4 ? <T>cosF32(<f32>x) : <T>cosF64(<f64>x);
    default: return unreachable(); // an op code without its own case
  }
}

// @ts-ignore: decorator
@inline function vectorOp<T>(op: i32, x: v128): v128 {
  switch (op) {
    case RELU: return reluVector<T>(x);
    case NEG: return vneg<T>(x);
    case ABS: return vabs<T>(x);
    case SQUARE: return vmul<T>(x, x);
    case SQRT: return vsqrt<T>(x);
    case EXP: return sizeof<T>() == 4 ? expF32x4(x) : expF64x2(x);
    case LOG: return sizeof<T>() == 4 ? logF32x4(x) : logF64x2(x);
    case TANH: return sizeof<T>() == 4 ? tanhF32x4(x) : tanhF64x2(x);
    case SIGMOID: return sizeof<T>() == 4 ? sigmoidF32x4(x) : sigmoidF64x2(x);
    case SIGN: {
      const zero = splat<T>(<T>0);
      // int32: the all-ones masks are -1, so (x < 0) - (x > 0) is the sign.
      if (!isFloat<T>()) return vsub<T>(vlt<T>(x, zero), vgt<T>(x, zero));
      const one = splat<T>(<T>1);
      const s = vsub<T>(v128.and(vgt<T>(x, zero), one), v128.and(vlt<T>(x, zero), one));
      return v128.or(s, v128.andnot(x, veq<T>(x, x))); // NaN lanes: s is +0, keep x's bits
    }
    case FLOOR: return sizeof<T>() == 4 ? f32x4.floor(x) : f64x2.floor(x);
    case CEIL: return sizeof<T>() == 4 ? f32x4.ceil(x) : f64x2.ceil(x);
    case ROUND: return sizeof<T>() == 4 ? f32x4.nearest(x) : f64x2.nearest(x);
    case RECIPROCAL: return vdiv<T>(splat<T>(<T>1), x);
    // The long kernels: a call to one real function per op and dtype (see longKernel below).
    case LOG1P: return log1pVector<T>(x);
    case EXPM1: return expm1Vector<T>(x);
    case SOFTPLUS: return softplusVector<T>(x);
    case SIN: return sinVector<T>(x);
    case COS: return cosVector<T>(x);
    default: return unreachable(); // an op code without its own case
  }
}

// The long kernels, log1p, expm1, softplus, sin and cos: chains of a hundred or more
// dependent instructions (exp then log then a division; two f64x2 halves). Inlined into
// every loop here (4-vector body, 1-vector loop, strided gather, two float dtypes) they made
// the kernel build over 10× slower, so each is a real function for one vector. But called
// once a vector, each log1p/expm1/softplus chain ran mostly on its own (the CPU's
// out-of-order window holds little more than one): 1.4–2× slower than the same work on four
// vectors at once. So those three are also inlined four times over in a real function for
// four vectors (the 4-vector body), whose four independent chains overlap. sin and cos gain
// nothing from that (their two halves already overlap, and a branch per half for the large
// arguments splits the body), so they keep one call a vector and the build its time.

// @ts-ignore: decorator
@inline function hasBlock(op: i32): bool {
  return op == LOG1P || op == EXPM1 || op == SOFTPLUS;
}

/** op on one vector, the long kernels inlined (only inside the functions below). */
// @ts-ignore: decorator
@inline function longKernel<T>(op: i32, x: v128): v128 {
  switch (op) {
    case LOG1P: return sizeof<T>() == 4 ? log1pF32x4(x) : log1pF64x2(x);
    case EXPM1: return sizeof<T>() == 4 ? expm1F32x4(x) : expm1F64x2(x);
    case SOFTPLUS: return sizeof<T>() == 4 ? softplusF32x4(x) : softplusF64x2(x);
    case SIN: return sizeof<T>() == 4 ? sinF32x4(x) : sinF64x2(x);
    case COS: return sizeof<T>() == 4 ? cosF32x4(x) : cosF64x2(x);
    default: return unreachable();
  }
}

/** Four vectors a[0..3] -> out[0..3]: the four results first, then the stores. */
// @ts-ignore: decorator
@inline function longKernel4<T>(op: i32, a: usize, out: usize): void {
  const x0 = longKernel<T>(op, v128.load(a));
  const x1 = longKernel<T>(op, v128.load(a, 16));
  const x2 = longKernel<T>(op, v128.load(a, 32));
  const x3 = longKernel<T>(op, v128.load(a, 48));
  v128.store(out, x0);
  v128.store(out, x1, 16);
  v128.store(out, x2, 32);
  v128.store(out, x3, 48);
}

function log1pVector<T>(x: v128): v128 { return longKernel<T>(LOG1P, x); }
function expm1Vector<T>(x: v128): v128 { return longKernel<T>(EXPM1, x); }
function softplusVector<T>(x: v128): v128 { return longKernel<T>(SOFTPLUS, x); }
function sinVector<T>(x: v128): v128 { return longKernel<T>(SIN, x); }
function cosVector<T>(x: v128): v128 { return longKernel<T>(COS, x); }

function log1pBlock<T>(a: usize, out: usize): void { longKernel4<T>(LOG1P, a, out); }
function expm1Block<T>(a: usize, out: usize): void { longKernel4<T>(EXPM1, a, out); }
function softplusBlock<T>(a: usize, out: usize): void { longKernel4<T>(SOFTPLUS, a, out); }

/** The 4-vector step of log1p, expm1, softplus: a call to its 4-vector function. */
// @ts-ignore: decorator
@inline function longBlock<T>(op: i32, a: usize, out: usize): void {
  switch (op) {
    case LOG1P: log1pBlock<T>(a, out); break;
    case EXPM1: expm1Block<T>(a, out); break;
    case SOFTPLUS: softplusBlock<T>(a, out); break;
    default: unreachable();
  }
}

// @ts-ignore: decorator
@inline export function contiguousLoop<T>(op: i32, a: usize, out: usize, n: i32): void {
  let i = 0;
  if (ASC_FEATURE_SIMD) {
    const w = lanes<T>();
    for (; i + 4 * w <= n; i += 4 * w) {
      const o = <usize>i * sizeof<T>();
      if (hasBlock(op)) {
        longBlock<T>(op, a + o, out + o);
        continue;
      }
      const x0 = vectorOp<T>(op, v128.load(a + o));
      const x1 = vectorOp<T>(op, v128.load(a + o, 16));
      const x2 = vectorOp<T>(op, v128.load(a + o, 32));
      const x3 = vectorOp<T>(op, v128.load(a + o, 48));
      v128.store(out + o, x0);
      v128.store(out + o, x1, 16);
      v128.store(out + o, x2, 32);
      v128.store(out + o, x3, 48);
    }
    for (; i + w <= n; i += w) {
      const o = <usize>i * sizeof<T>();
      v128.store(out + o, vectorOp<T>(op, v128.load(a + o)));
    }
  }
  for (; i < n; i++) {
    const o = <usize>i * sizeof<T>();
    store<T>(out + o, scalarOp<T>(op, load<T>(a + o)));
  }
}

// @ts-ignore: decorator
@inline export function stridedWalk<T>(op: i32, desc: usize): void {
  const n = ndInnerSize(desc);
  const sa = ndInnerStride(desc, 0), so = ndInnerStride(desc, 1);
  const ba = <usize>(sa * sizeof<T>()), bo = <usize>(so * sizeof<T>());
  ndStart(desc);
  do {
    let a = ndPointer(desc, 0), out = ndPointer(desc, 1);
    if (sa == 1 && so == 1) {
      contiguous<T>(op, a, out, n);
    } else {
      let i = 0;
      if (ASC_FEATURE_SIMD && isTranscendentalUnary(op)) {
        const w = lanes<T>();
        for (; i + w <= n; i += w) {
          vscatter<T>(out, bo, vectorOp<T>(op, vgather<T>(a, ba)));
          a += ba * <usize>w; out += bo * <usize>w;
        }
      }
      for (; i < n; i++) {
        store<T>(out, scalarOp<T>(op, load<T>(a)));
        a += ba; out += bo;
      }
    }
  } while (ndAdvance(desc, sizeof<T>()));
}

/**
 * The contiguous loops of one dtype, a real function (not inlined): the strided walk calls it
 * for every unit-stride row, so each op's SIMD loop is compiled once per dtype, not twice.
 */
function contiguous<T>(op: i32, a: usize, out: usize, n: i32): void {
  unaryContiguousFor<T>(op, a, out, n);
}

export function f32_unary(op: i32, a: usize, out: usize, n: i32): void {
  contiguous<f32>(op, a, out, n);
}

export function f32_unary_strided(op: i32, desc: usize): void {
  unaryStridedFor<f32>(op, desc);
}

export function f64_unary(op: i32, a: usize, out: usize, n: i32): void {
  contiguous<f64>(op, a, out, n);
}

export function f64_unary_strided(op: i32, desc: usize): void {
  unaryStridedFor<f64>(op, desc);
}

export function i32_unary(op: i32, a: usize, out: usize, n: i32): void {
  contiguous<i32>(op, a, out, n);
}

export function i32_unary_strided(op: i32, desc: usize): void {
  unaryStridedFor<i32>(op, desc);
}
