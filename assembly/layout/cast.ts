// Dtype conversion of contiguous blocks, one kernel per (from, to) pair: out[i] = <To>a[i].
// float → int32 truncates toward zero and saturates (wasm's trunc_sat): NaN gives 0, values
// beyond int32 give its min or max. float64 → float32 rounds to nearest, int32 → float32
// rounds to nearest, the widening conversions are exact. The SIMD loops and the scalar
// tails use the same conversions, so every build gives the same bits.

// @ts-ignore: decorator
@inline function f32ToI32(x: f32): i32 { return <i32>x; } // i32.trunc_sat_f32_s (nontrapping-f2i is on by default)
// @ts-ignore: decorator
@inline function f64ToI32(x: f64): i32 { return <i32>x; } // i32.trunc_sat_f64_s

export function cast_f32_f64(a: usize, out: usize, n: i32): void {
  let i = 0;
  if (ASC_FEATURE_SIMD) {
    for (; i + 4 <= n; i += 4) {
      const v = v128.load(a + (<usize>i << 2));
      v128.store(out + (<usize>i << 3), f64x2.promote_low_f32x4(v));
      v128.store(out + (<usize>i << 3), f64x2.promote_low_f32x4(i32x4.shuffle(v, v, 2, 3, 0, 1)), 16);
    }
  }
  for (; i < n; i++) store<f64>(out + (<usize>i << 3), <f64>load<f32>(a + (<usize>i << 2)));
}

export function cast_f32_i32(a: usize, out: usize, n: i32): void {
  let i = 0;
  if (ASC_FEATURE_SIMD) {
    for (; i + 4 <= n; i += 4) v128.store(out + (<usize>i << 2), i32x4.trunc_sat_f32x4_s(v128.load(a + (<usize>i << 2))));
  }
  for (; i < n; i++) store<i32>(out + (<usize>i << 2), f32ToI32(load<f32>(a + (<usize>i << 2))));
}

export function cast_f64_f32(a: usize, out: usize, n: i32): void {
  let i = 0;
  if (ASC_FEATURE_SIMD) {
    for (; i + 4 <= n; i += 4) {
      const lo = f32x4.demote_f64x2_zero(v128.load(a + (<usize>i << 3)));
      const hi = f32x4.demote_f64x2_zero(v128.load(a + (<usize>i << 3), 16));
      v128.store(out + (<usize>i << 2), i32x4.shuffle(lo, hi, 0, 1, 4, 5));
    }
  }
  for (; i < n; i++) store<f32>(out + (<usize>i << 2), <f32>load<f64>(a + (<usize>i << 3)));
}

export function cast_f64_i32(a: usize, out: usize, n: i32): void {
  let i = 0;
  if (ASC_FEATURE_SIMD) {
    for (; i + 4 <= n; i += 4) {
      const lo = i32x4.trunc_sat_f64x2_s_zero(v128.load(a + (<usize>i << 3)));
      const hi = i32x4.trunc_sat_f64x2_s_zero(v128.load(a + (<usize>i << 3), 16));
      v128.store(out + (<usize>i << 2), i32x4.shuffle(lo, hi, 0, 1, 4, 5));
    }
  }
  for (; i < n; i++) store<i32>(out + (<usize>i << 2), f64ToI32(load<f64>(a + (<usize>i << 3))));
}

export function cast_i32_f32(a: usize, out: usize, n: i32): void {
  let i = 0;
  if (ASC_FEATURE_SIMD) {
    for (; i + 4 <= n; i += 4) v128.store(out + (<usize>i << 2), f32x4.convert_i32x4_s(v128.load(a + (<usize>i << 2))));
  }
  for (; i < n; i++) store<f32>(out + (<usize>i << 2), <f32>load<i32>(a + (<usize>i << 2)));
}

export function cast_i32_f64(a: usize, out: usize, n: i32): void {
  let i = 0;
  if (ASC_FEATURE_SIMD) {
    for (; i + 4 <= n; i += 4) {
      const v = v128.load(a + (<usize>i << 2));
      v128.store(out + (<usize>i << 3), f64x2.convert_low_i32x4_s(v));
      v128.store(out + (<usize>i << 3), f64x2.convert_low_i32x4_s(i32x4.shuffle(v, v, 2, 3, 0, 1)), 16);
    }
  }
  for (; i < n; i++) store<f64>(out + (<usize>i << 3), <f64>load<i32>(a + (<usize>i << 2)));
}
