// Layout kernels: materialise any view into contiguous memory, fill a block.
// They move bits, not numbers, so one variant per element size serves every dtype.

import { ndStart, ndAdvance, ndInnerSize, ndInnerStride, ndPointer } from "../nd";

// @ts-ignore: decorator
@inline function stridedCopy<T>(desc: usize): void {
  const n = ndInnerSize(desc);
  const ss = ndInnerStride(desc, 0), sd = ndInnerStride(desc, 1);
  const bs = <usize>(ss * sizeof<T>()), bd = <usize>(sd * sizeof<T>());
  ndStart(desc);
  do {
    let src = ndPointer(desc, 0), dst = ndPointer(desc, 1);
    if (ss == 1 && sd == 1) {
      memory.copy(dst, src, <usize>n * sizeof<T>());
    } else if (ss == 0 && sd == 1 && sizeof<T>() == 4) {
      fillLoop32(dst, load<u32>(src), n);
    } else {
      for (let i = 0; i < n; i++) {
        store<T>(dst, load<T>(src));
        src += bs; dst += bd;
      }
    }
  } while (ndAdvance(desc, sizeof<T>()));
}

/** Strided copy of 4-byte elements (float32, int32): operand 0 = source, 1 = destination. */
export function copy32_strided(desc: usize): void {
  stridedCopy<u32>(desc);
}

/** Strided copy of 1-byte elements (uint8, bool). */
export function copy8_strided(desc: usize): void {
  stridedCopy<u8>(desc);
}

/** Strided copy of 8-byte elements (float64). */
export function copy64_strided(desc: usize): void {
  stridedCopy<u64>(desc);
}

/** Contiguous copy; the blocks may overlap. */
export function copy_bytes(dst: usize, src: usize, bytes: usize): void {
  memory.copy(dst, src, bytes);
}

// @ts-ignore: decorator
@inline function fillLoop32(dst: usize, bits: u32, n: i32): void {
  let i = 0;
  if (ASC_FEATURE_SIMD) {
    const v = i32x4.splat(bits);
    for (; i + 4 <= n; i += 4) v128.store(dst + (<usize>i << 2), v);
  }
  for (; i < n; i++) store<u32>(dst + (<usize>i << 2), bits);
}

/** Fill n 4-byte elements with one bit pattern (a float32's or an int32's bits). */
export function fill32(dst: usize, bits: u32, n: i32): void {
  fillLoop32(dst, bits, n);
}

/** Fill n 1-byte elements (uint8, bool) with one byte. */
export function fill8(dst: usize, byte: u8, n: i32): void {
  memory.fill(dst, byte, <usize>n);
}

/** Fill n float64 elements. */
export function fill64(dst: usize, value: f64, n: i32): void {
  let i = 0;
  if (ASC_FEATURE_SIMD) {
    const v = f64x2.splat(value);
    for (; i + 2 <= n; i += 2) v128.store(dst + (<usize>i << 3), v);
  }
  for (; i < n; i++) store<f64>(dst + (<usize>i << 3), value);
}
