// Unary element-wise kernels: out[i] = op(a[i]).
//   <dt>_unary          contiguous input and output
//   <dt>_unary_strided  any views, via the shared N-D walk

import { RELU, NEG, ABS, SQUARE, SQRT, EXP, LOG, TANH, SIGMOID } from "./opcodes";
import { expF32x4, expF32, expF64x2, expF64 } from "../math/exp";
import { logF32x4, logF32, logF64x2, logF64 } from "../math/log";
import { tanhF32x4, tanhF32, tanhF64x2, tanhF64 } from "../math/tanh";
import { sigmoidF32x4, sigmoidF32, sigmoidF64x2, sigmoidF64 } from "../math/sigmoid";
import { lanes, vmul, vneg, vabs, vsqrt, vgather, vscatter } from "../lanes";
import { reluScalar, reluVector } from "./relu";
import { ndStart, ndAdvance, ndInnerSize, ndInnerStride, ndPointer } from "../nd";

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
    default: return unreachable(); // an op code without its own case
  }
}

// @ts-ignore: decorator
@inline function contiguousLoop<T>(op: i32, a: usize, out: usize, n: i32): void {
  let i = 0;
  if (ASC_FEATURE_SIMD) {
    const w = lanes<T>();
    for (; i + 4 * w <= n; i += 4 * w) {
      const o = <usize>i * sizeof<T>();
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

/** Compute-bound ops: worth gathering a strided row's lanes into a vector. */
// @ts-ignore: decorator
@inline function isTranscendental(op: i32): bool {
  return op == EXP || op == LOG || op == TANH || op == SIGMOID;
}

// @ts-ignore: decorator
@inline function stridedWalk<T>(op: i32, desc: usize): void {
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
      if (ASC_FEATURE_SIMD && isTranscendental(op)) {
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

// @ts-ignore: decorator
@inline function contiguousFor<T>(op: i32, a: usize, out: usize, n: i32): void {
  switch (op) {
    case RELU: contiguousLoop<T>(RELU, a, out, n); break;
    case NEG: contiguousLoop<T>(NEG, a, out, n); break;
    case ABS: contiguousLoop<T>(ABS, a, out, n); break;
    case SQUARE: contiguousLoop<T>(SQUARE, a, out, n); break;
    case SQRT: if (isFloat<T>()) contiguousLoop<T>(SQRT, a, out, n); else unreachable(); break; // int32 sqrt runs in float32
    case EXP: if (isFloat<T>()) contiguousLoop<T>(EXP, a, out, n); else unreachable(); break;
    case LOG: if (isFloat<T>()) contiguousLoop<T>(LOG, a, out, n); else unreachable(); break;
    case TANH: if (isFloat<T>()) contiguousLoop<T>(TANH, a, out, n); else unreachable(); break;
    case SIGMOID: if (isFloat<T>()) contiguousLoop<T>(SIGMOID, a, out, n); else unreachable(); break;
    default: unreachable(); // an op code this kernel does not have
  }
}

// @ts-ignore: decorator
@inline function stridedFor<T>(op: i32, desc: usize): void {
  switch (op) {
    case RELU: stridedWalk<T>(RELU, desc); break;
    case NEG: stridedWalk<T>(NEG, desc); break;
    case ABS: stridedWalk<T>(ABS, desc); break;
    case SQUARE: stridedWalk<T>(SQUARE, desc); break;
    case SQRT: if (isFloat<T>()) stridedWalk<T>(SQRT, desc); else unreachable(); break;
    case EXP: if (isFloat<T>()) stridedWalk<T>(EXP, desc); else unreachable(); break;
    case LOG: if (isFloat<T>()) stridedWalk<T>(LOG, desc); else unreachable(); break;
    case TANH: if (isFloat<T>()) stridedWalk<T>(TANH, desc); else unreachable(); break;
    case SIGMOID: if (isFloat<T>()) stridedWalk<T>(SIGMOID, desc); else unreachable(); break;
    default: unreachable(); // an op code this kernel does not have
  }
}

/**
 * The contiguous loops of one dtype, a real function (not inlined): the strided walk calls it
 * for every unit-stride row, so each op's SIMD loop is compiled once per dtype, not twice.
 */
function contiguous<T>(op: i32, a: usize, out: usize, n: i32): void {
  contiguousFor<T>(op, a, out, n);
}

export function f32_unary(op: i32, a: usize, out: usize, n: i32): void {
  contiguous<f32>(op, a, out, n);
}

export function f32_unary_strided(op: i32, desc: usize): void {
  stridedFor<f32>(op, desc);
}

export function f64_unary(op: i32, a: usize, out: usize, n: i32): void {
  contiguous<f64>(op, a, out, n);
}

export function f64_unary_strided(op: i32, desc: usize): void {
  stridedFor<f64>(op, desc);
}

export function i32_unary(op: i32, a: usize, out: usize, n: i32): void {
  contiguous<i32>(op, a, out, n);
}

export function i32_unary_strided(op: i32, desc: usize): void {
  stridedFor<i32>(op, desc);
}
