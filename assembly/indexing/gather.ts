// Row gathers and their gradient: numpy.take along one axis of a contiguous block seen as
// (outer, axis, inner), one `memory.copy` of inner elements per index (a row, not an
// element, at a time), and the scatter-add that sends a gradient back to the rows it came
// from (repeated indices add up). The indices are int32, already checked and made
// non-negative by src/ops/indexing.ts.

/** dst[o, j, :] = src[o, indices[j], :] for o < outer, j < count; rows of rowBytes. */
export function gather_rows(src: usize, outer: i32, axisLen: i32, rowBytes: usize, indices: usize, count: i32, dst: usize): void {
  for (let o = 0; o < outer; o++) {
    const s = src + <usize>o * <usize>axisLen * rowBytes;
    const d = dst + <usize>o * <usize>count * rowBytes;
    for (let j = 0; j < count; j++) {
      memory.copy(d + <usize>j * rowBytes, s + <usize>load<i32>(indices + (<usize>j << 2)) * rowBytes, rowBytes);
    }
  }
}

// @ts-ignore: decorator
@inline function scatterAdd<T>(src: usize, outer: i32, count: i32, inner: i32, indices: usize, axisLen: i32, dst: usize): void {
  const L = 16 / sizeof<T>();
  for (let o = 0; o < outer; o++) {
    for (let j = 0; j < count; j++) {
      const s = src + (<usize>(o * count + j) * <usize>inner) * sizeof<T>();
      const d = dst + (<usize>o * <usize>axisLen + <usize>load<i32>(indices + (<usize>j << 2))) * <usize>inner * sizeof<T>();
      let i = 0;
      if (ASC_FEATURE_SIMD) {
        for (; i + L <= inner; i += L) {
          const p = <usize>i * sizeof<T>();
          v128.store(d + p, sizeof<T>() == 4 ? f32x4.add(v128.load(d + p), v128.load(s + p)) : f64x2.add(v128.load(d + p), v128.load(s + p)));
        }
      }
      for (; i < inner; i++) {
        const p = <usize>i * sizeof<T>();
        store<T>(d + p, load<T>(d + p) + load<T>(s + p));
      }
    }
  }
}

/** dst[o, indices[j], :] += src[o, j, :]; dst (outer, axisLen, inner) starts zeroed by the caller. */
export function f32_scatter_add(src: usize, outer: i32, count: i32, inner: i32, indices: usize, axisLen: i32, dst: usize): void {
  scatterAdd<f32>(src, outer, count, inner, indices, axisLen, dst);
}
export function f64_scatter_add(src: usize, outer: i32, count: i32, inner: i32, indices: usize, axisLen: i32, dst: usize): void {
  scatterAdd<f64>(src, outer, count, inner, indices, axisLen, dst);
}
