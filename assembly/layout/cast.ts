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

// The one-byte dtypes (uint8, bool), one scalar loop shape for every pair: into bool is
// x != 0 (NaN is true, as numpy); into uint8 keeps the low 8 bits of the int32 value
// (a float truncates toward zero first, saturating as above), so int32 → uint8 wraps as
// numpy's astype does; out of a byte widens exactly. (Scalar loops, unmeasured: no bench
// case times them; byte conversions are not on a hot path yet.)

// @ts-ignore: decorator
@inline function byteCast<From, To>(a: usize, out: usize, n: i32, toBool: bool): void {
  for (let i = 0; i < n; i++) {
    const x = load<From>(a + <usize>i * sizeof<From>());
    let y: To;
    if (toBool) y = <To>(x != <From>0 ? 1 : 0);
    else if (isFloat<From>() && !isFloat<To>()) y = <To><i32>x;
    else y = <To>x;
    store<To>(out + <usize>i * sizeof<To>(), y);
  }
}

export function cast_f32_u8(a: usize, out: usize, n: i32): void { byteCast<f32, u8>(a, out, n, false); }
export function cast_f64_u8(a: usize, out: usize, n: i32): void { byteCast<f64, u8>(a, out, n, false); }
export function cast_i32_u8(a: usize, out: usize, n: i32): void { byteCast<i32, u8>(a, out, n, false); }
export function cast_bool_u8(a: usize, out: usize, n: i32): void { byteCast<u8, u8>(a, out, n, false); }
export function cast_f32_bool(a: usize, out: usize, n: i32): void { byteCast<f32, u8>(a, out, n, true); }
export function cast_f64_bool(a: usize, out: usize, n: i32): void { byteCast<f64, u8>(a, out, n, true); }
export function cast_i32_bool(a: usize, out: usize, n: i32): void { byteCast<i32, u8>(a, out, n, true); }
export function cast_u8_bool(a: usize, out: usize, n: i32): void { byteCast<u8, u8>(a, out, n, true); }
export function cast_u8_f32(a: usize, out: usize, n: i32): void { byteCast<u8, f32>(a, out, n, false); }
export function cast_u8_f64(a: usize, out: usize, n: i32): void { byteCast<u8, f64>(a, out, n, false); }
export function cast_u8_i32(a: usize, out: usize, n: i32): void { byteCast<u8, i32>(a, out, n, false); }
export function cast_bool_f32(a: usize, out: usize, n: i32): void { byteCast<u8, f32>(a, out, n, false); }
export function cast_bool_f64(a: usize, out: usize, n: i32): void { byteCast<u8, f64>(a, out, n, false); }
export function cast_bool_i32(a: usize, out: usize, n: i32): void { byteCast<u8, i32>(a, out, n, false); }
