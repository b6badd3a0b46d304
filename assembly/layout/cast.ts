// Dtype conversion of contiguous blocks, one kernel per (from, to) pair: out[i] = <To>a[i].
// float → int32 truncates toward zero and saturates (wasm's trunc_sat; nontrapping-f2i is
// on by default, so `<i32>x` compiles to it too): NaN gives 0, values beyond int32 give its
// min or max. float64 → float32 and int32 → float32 round to nearest, the widening
// conversions are exact. The SIMD loops and the scalar tails use the same conversions, so
// every build gives the same bits. Three loop shapes serve the six pairs; the source type
// picks the instruction.

/** float32 or int32 (T) → float64: each 4-lane vector becomes two f64x2. */
// @ts-ignore: decorator
@inline function widenToF64<T>(a: usize, out: usize, n: i32): void {
  let i = 0;
  if (ASC_FEATURE_SIMD) {
    for (; i + 4 <= n; i += 4) {
      const v = v128.load(a + (<usize>i << 2));
      const hi = i32x4.shuffle(v, v, 2, 3, 0, 1);
      v128.store(out + (<usize>i << 3), isFloat<T>() ? f64x2.promote_low_f32x4(v) : f64x2.convert_low_i32x4_s(v));
      v128.store(out + (<usize>i << 3), isFloat<T>() ? f64x2.promote_low_f32x4(hi) : f64x2.convert_low_i32x4_s(hi), 16);
    }
  }
  for (; i < n; i++) store<f64>(out + (<usize>i << 3), <f64>load<T>(a + (<usize>i << 2)));
}

/** float64 → float32 or int32 (T): two f64x2 become one 4-lane vector. */
// @ts-ignore: decorator
@inline function narrowFromF64<T>(a: usize, out: usize, n: i32): void {
  let i = 0;
  if (ASC_FEATURE_SIMD) {
    for (; i + 4 <= n; i += 4) {
      const x0 = v128.load(a + (<usize>i << 3)), x1 = v128.load(a + (<usize>i << 3), 16);
      const lo = isFloat<T>() ? f32x4.demote_f64x2_zero(x0) : i32x4.trunc_sat_f64x2_s_zero(x0);
      const hi = isFloat<T>() ? f32x4.demote_f64x2_zero(x1) : i32x4.trunc_sat_f64x2_s_zero(x1);
      v128.store(out + (<usize>i << 2), i32x4.shuffle(lo, hi, 0, 1, 4, 5));
    }
  }
  for (; i < n; i++) store<T>(out + (<usize>i << 2), <T>load<f64>(a + (<usize>i << 3)));
}

/** float32 ↔ int32, from T: one instruction per vector. */
// @ts-ignore: decorator
@inline function convert32<T>(a: usize, out: usize, n: i32): void {
  let i = 0;
  if (ASC_FEATURE_SIMD) {
    for (; i + 4 <= n; i += 4) {
      const v = v128.load(a + (<usize>i << 2));
      v128.store(out + (<usize>i << 2), isFloat<T>() ? i32x4.trunc_sat_f32x4_s(v) : f32x4.convert_i32x4_s(v));
    }
  }
  for (; i < n; i++) {
    const p = <usize>i << 2;
    if (isFloat<T>()) store<i32>(out + p, <i32>load<f32>(a + p));
    else store<f32>(out + p, <f32>load<i32>(a + p));
  }
}

export function cast_f32_f64(a: usize, out: usize, n: i32): void {
  widenToF64<f32>(a, out, n);
}

export function cast_i32_f64(a: usize, out: usize, n: i32): void {
  widenToF64<i32>(a, out, n);
}

export function cast_f64_f32(a: usize, out: usize, n: i32): void {
  narrowFromF64<f32>(a, out, n);
}

export function cast_f64_i32(a: usize, out: usize, n: i32): void {
  narrowFromF64<i32>(a, out, n);
}

export function cast_f32_i32(a: usize, out: usize, n: i32): void {
  convert32<f32>(a, out, n);
}

export function cast_i32_f32(a: usize, out: usize, n: i32): void {
  convert32<i32>(a, out, n);
}
