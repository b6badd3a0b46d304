// numpy's floor division and remainder (np.floor_divide, np.remainder: Python's // and %),
// one element at a time: exact fmod has no SIMD instruction (AssemblyScript's % on floats
// is an exact fmod), and int32 division has none either. float32 runs in f64: its fmod and
// the sign fix-up are exact there (the result rounds once), so the kernel and a float64
// reference agree to the bit.
//
// Floats, numpy's divmod: m = fmod(a, b) has a's sign; where it differs from b's, m += b and
// the quotient drops by 1. A zero remainder takes b's sign. The quotient (a - m) / b is
// very nearly an integer: floor it, then round to the nearest (a result off by one rounding
// would otherwise floor one too low). b = 0: mod is fmod's NaN, floorDiv is a / b.
//
// int32, numpy's: x // 0 = 0 and x % 0 = 0; x // -1 = -x (INT_MIN // -1 wraps to INT_MIN,
// where wasm's i32.div_s would trap), x % -1 = 0.

// @ts-ignore: decorator
@inline export function modF64(a: f64, b: f64): f64 {
  let m = a % b;
  if (b == 0) return m;
  if (m != 0) { // NaN included, as C's `if (mod)`
    if ((b < 0) != (m < 0)) m += b;
  } else {
    m = copysign<f64>(0.0, b);
  }
  return m;
}

// @ts-ignore: decorator
@inline export function floorDivF64(a: f64, b: f64): f64 {
  if (b == 0) return a / b;
  const m = a % b;
  let q = (a - m) / b;
  if (m != 0 && (b < 0) != (m < 0)) q -= 1.0;
  if (q == 0) return copysign<f64>(0.0, a / b);
  let f = floor<f64>(q);
  if (q - f > 0.5) f += 1.0;
  return f;
}

// @ts-ignore: decorator
@inline export function modI32(a: i32, b: i32): i32 {
  if (b == 0 || b == -1) return 0;
  const r = a % b;
  return r != 0 && (r ^ b) < 0 ? r + b : r;
}

// @ts-ignore: decorator
@inline export function floorDivI32(a: i32, b: i32): i32 {
  if (b == 0) return 0;
  if (b == -1) return -a;
  const q = a / b;
  return (a % b) != 0 && (a ^ b) < 0 ? q - 1 : q;
}
