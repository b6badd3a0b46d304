// Cache-blocked transposing copy: dst[b, i, j] = src[b*sb + i + j*sj], dst contiguous.
// This is what a transposed view looks like once collapsed (the source steps by 1 along
// the destination's rows), e.g. contiguous() of transpose(x) for a row-major x.
//
// Tiles of TILE×TILE keep both the rows read and the rows written in L1; inside a tile,
// 4×4 (f32) or 2×2 (f64) register transposes turn column loads into row stores:
//   v_j = src[i0..i0+4, j] (one load: contiguous along i)  →  dst[i, j0..j0+4] (one store)

const TILE = 32;

// @ts-ignore: decorator
@inline export function transpose4x4(src: usize, sj: usize, dst: usize, ldd: usize): void {
  const v0 = v128.load(src), v1 = v128.load(src + sj), v2 = v128.load(src + 2 * sj), v3 = v128.load(src + 3 * sj);
  const t0 = v128.shuffle<i32>(v0, v1, 0, 4, 1, 5);
  const t1 = v128.shuffle<i32>(v0, v1, 2, 6, 3, 7);
  const t2 = v128.shuffle<i32>(v2, v3, 0, 4, 1, 5);
  const t3 = v128.shuffle<i32>(v2, v3, 2, 6, 3, 7);
  v128.store(dst, v128.shuffle<i64>(t0, t2, 0, 2));
  v128.store(dst + ldd, v128.shuffle<i64>(t0, t2, 1, 3));
  v128.store(dst + 2 * ldd, v128.shuffle<i64>(t1, t3, 0, 2));
  v128.store(dst + 3 * ldd, v128.shuffle<i64>(t1, t3, 1, 3));
}

// @ts-ignore: decorator
@inline function transpose2x2(src: usize, sj: usize, dst: usize, ldd: usize): void {
  const v0 = v128.load(src), v1 = v128.load(src + sj);
  v128.store(dst, v128.shuffle<i64>(v0, v1, 0, 2));
  v128.store(dst + ldd, v128.shuffle<i64>(v0, v1, 1, 3));
}

// @ts-ignore: decorator
@inline function transposeTile<T>(src: usize, sj: i32, dst: usize, cols: i32, i0: i32, i1: i32, j0: i32, j1: i32): void {
  const sz = <usize>sizeof<T>();
  const ldd = <usize>cols * sz;
  const sjb = <usize>sj * sz;
  let i = i0;
  if (ASC_FEATURE_SIMD) {
    const w = 16 / sizeof<T>(); // 4×4 for 32-bit, 2×2 for 64-bit
    for (; i + w <= i1; i += w) {
      let j = j0;
      for (; j + w <= j1; j += w) {
        const s = src + <usize>i * sz + <usize>j * sjb;
        const d = dst + <usize>i * ldd + <usize>j * sz;
        if (sizeof<T>() == 4) transpose4x4(s, sjb, d, ldd);
        else transpose2x2(s, sjb, d, ldd);
      }
      for (; j < j1; j++) {
        for (let r = i; r < i + w; r++) store<T>(dst + <usize>r * ldd + <usize>j * sz, load<T>(src + <usize>r * sz + <usize>j * sjb));
      }
    }
  }
  for (; i < i1; i++) {
    for (let j = j0; j < j1; j++) store<T>(dst + <usize>i * ldd + <usize>j * sz, load<T>(src + <usize>i * sz + <usize>j * sjb));
  }
}

// @ts-ignore: decorator
@inline function transposeCopy<T>(batch: i32, rows: i32, cols: i32, src: usize, sb: i32, sj: i32, dst: usize): void {
  for (let b = 0; b < batch; b++) {
    const s = src + <usize>(b * sb) * sizeof<T>();
    const d = dst + <usize>(b * rows * cols) * sizeof<T>();
    for (let i0 = 0; i0 < rows; i0 += TILE) {
      for (let j0 = 0; j0 < cols; j0 += TILE) {
        transposeTile<T>(s, sj, d, cols, i0, min(rows, i0 + TILE), j0, min(cols, j0 + TILE));
      }
    }
  }
}

/** 4-byte elements (float32, int32). */
export function copy32_transpose(batch: i32, rows: i32, cols: i32, src: usize, sb: i32, sj: i32, dst: usize): void {
  transposeCopy<u32>(batch, rows, cols, src, sb, sj, dst);
}

/** 8-byte elements (float64). */
export function copy64_transpose(batch: i32, rows: i32, cols: i32, src: usize, sb: i32, sj: i32, dst: usize): void {
  transposeCopy<u64>(batch, rows, cols, src, sb, sj, dst);
}
