// Running sums and products (cumsum, cumprod) along one axis of a contiguous block seen as
// (outer, n, inner): out[o, i, :] = out[o, i - 1, :] (op) x[o, i, :].
//   inner > 1: whole rows at a time, SIMD across the row (no dependency between lanes);
//   inner = 1: a scan along contiguous elements, four (two) at a time: the vector's own
//     prefix in two shifted steps, then the running carry from the previous vector, so the
//     serial chain is one op per vector instead of one per element.
// The op is a compile-time constant in each export (SUM 0, PRODUCT 1); the result has the
// input's dtype (the op layer converts bools and bytes to int32 first).
import { splat, vadd, vmul } from "../lanes";

// @ts-ignore: decorator
@inline function op2<T>(product: bool, a: T, b: T): T {
  return product ? a * b : a + b;
}

// @ts-ignore: decorator
@inline function vop<T>(product: bool, a: v128, b: v128): v128 {
  return product ? vmul<T>(a, b) : vadd<T>(a, b);
}

/** The inclusive prefix of one vector, identity shifted in from the left. */
// @ts-ignore: decorator
@inline function vprefix<T>(product: bool, v: v128, id: v128): v128 {
  if (sizeof<T>() == 8) return vop<T>(product, v, i64x2.shuffle(id, v, 0, 2));
  const s1 = vop<T>(product, v, i32x4.shuffle(id, v, 0, 4, 5, 6));
  return vop<T>(product, s1, i32x4.shuffle(id, s1, 0, 1, 4, 5));
}

/** The last lane of v in every lane. */
// @ts-ignore: decorator
@inline function vlast<T>(v: v128): v128 {
  return sizeof<T>() == 8 ? i64x2.shuffle(v, v, 1, 1) : i32x4.shuffle(v, v, 3, 3, 3, 3);
}

// @ts-ignore: decorator
@inline function scan<T>(product: bool, src: usize, outer: i32, n: i32, inner: i32, dst: usize): void {
  const B = <usize>sizeof<T>();
  const L = 16 / sizeof<T>();
  const id = <T>(product ? 1 : 0);
  for (let o = 0; o < outer; o++) {
    const base = <usize>o * <usize>n * <usize>inner * B;
    if (inner == 1) {
      let i = 0;
      let acc = id;
      if (ASC_FEATURE_SIMD) {
        const vid = splat<T>(id);
        let carry = vid;
        for (; i + L <= n; i += L) {
          const p = base + <usize>i * B;
          const v = vop<T>(product, vprefix<T>(product, v128.load(src + p), vid), carry);
          v128.store(dst + p, v);
          carry = vlast<T>(v);
        }
        acc = i > 0 ? load<T>(dst + base + <usize>(i - 1) * B) : id;
      }
      for (; i < n; i++) {
        const p = base + <usize>i * B;
        acc = op2<T>(product, acc, load<T>(src + p));
        store<T>(dst + p, acc);
      }
      continue;
    }
    // The first row is copied; each later row combines with the row before it.
    memory.copy(dst + base, src + base, <usize>inner * B);
    for (let i = 1; i < n; i++) {
      const row = base + <usize>i * <usize>inner * B;
      const prev = row - <usize>inner * B;
      let j = 0;
      if (ASC_FEATURE_SIMD) {
        for (; j + L <= inner; j += L) {
          const p = <usize>j * B;
          v128.store(dst + row + p, vop<T>(product, v128.load(dst + prev + p), v128.load(src + row + p)));
        }
      }
      for (; j < inner; j++) {
        const p = <usize>j * B;
        store<T>(dst + row + p, op2<T>(product, load<T>(dst + prev + p), load<T>(src + row + p)));
      }
    }
  }
}

export function f32_cumsum(src: usize, outer: i32, n: i32, inner: i32, dst: usize): void { scan<f32>(false, src, outer, n, inner, dst); }
export function f64_cumsum(src: usize, outer: i32, n: i32, inner: i32, dst: usize): void { scan<f64>(false, src, outer, n, inner, dst); }
export function i32_cumsum(src: usize, outer: i32, n: i32, inner: i32, dst: usize): void { scan<i32>(false, src, outer, n, inner, dst); }
export function f32_cumprod(src: usize, outer: i32, n: i32, inner: i32, dst: usize): void { scan<f32>(true, src, outer, n, inner, dst); }
export function f64_cumprod(src: usize, outer: i32, n: i32, inner: i32, dst: usize): void { scan<f64>(true, src, outer, n, inner, dst); }
export function i32_cumprod(src: usize, outer: i32, n: i32, inner: i32, dst: usize): void { scan<i32>(true, src, outer, n, inner, dst); }
