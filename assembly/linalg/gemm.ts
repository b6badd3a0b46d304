// GEMM: C (m×n, contiguous rows) = A (m×k) · B (k×n), A and B any strided views.
//
// BLIS-style blocking, packing included (the probe in TOOLCHAIN.md reached 33 GFLOP/s plain,
// 45 relaxed with this shape):
//   for pc in k step KC:                 B[pc:pc+KC, :]  packed into NR-wide column panels
//     for ic in m step MC:               A[ic:ic+MC, pc:pc+KC] packed into MR-tall row panels
//   (KC: balanced blocks of at most 256, or one block up to 384: see kcBlock)
//       for each B panel, each A panel:  MR×NR register tile, k loop not unrolled
// Packing reads through the strides, so a transposed or broadcast operand costs nothing
// extra: there is no slow path for views.
//
// Register tile MR×NR: MR rows × (2 vectors): 4×8 for f32 (5×8 in the relaxed build),
// 4×4 for f64. V8 gives wasm 15 xmm registers on x64, and TurboFan schedules every load
// of the loop body before the arithmetic (loads sit on the effect chain, the FMAs float),
// so all MR A-splats loaded with load32_splat are live at once: a 5×8 tile so written
// needs 10 + 5 + 2 = 17 registers and spills (19 GFLOP/s relaxed on this EPYC), 4×8 needs
// 8 + 4 + 2 = 14 and does not. The relaxed 5×8 kernel instead loads rows 0–3 of A as one
// vector and splats lanes with shuffles, which are arithmetic and get scheduled next to
// their FMAs: 10 + 2 + 1 + 1 (row 4's splat) + 1 (the live splat) = 15, no spill, and 10
// accumulators hide more FMA latency than 8: 46 against 42 GFLOP/s in a probe. Plain
// SIMD is bound by its separate mul and add ports, where 5×8 gained nothing (38 vs 42).
// Packed panels are zero-padded, so edge tiles run the same loop and only their store is
// partial. A product of 3, 6 or 9 rows (a convolution gradient's 9 filter positions, which
// 4-row tiles pad to 12; a matmul of 9 rows alike) runs a 3×8 tile instead
// (prefersThreeRows): 6 accumulators, 5 loads per 24 products (4×8: 6 per 32).

import { lanes, vadd, vmul } from "../lanes";
import { transpose4x4 } from "../layout/transpose";
import { packIm2col, packIm2colT, im2colAt, ROW_SCRATCH_BYTES } from "./im2col";
import { reluScalar, reluVector } from "../elementwise/relu";
import { sigmoidF32x4, sigmoidF32, sigmoidF64x2, sigmoidF64 } from "../math/sigmoid";
import { tanhF32x4, tanhF32, tanhF64x2, tanhF64 } from "../math/tanh";
import { ACTIVATION_RELU, ACTIVATION_SIGMOID, ACTIVATION_TANH } from "./activations";

/** Where A comes from: a strided matrix, a convolution's im2col rows, or their transpose (im2col.ts). */
export const A_STRIDED = 0;
export const A_IM2COL = 1;
export const A_IM2COL_T = 2;

const MR_MAX = 5;
const KC = 256;
const KC_SINGLE = 384; // a depth up to this is one block: an extra short block costs a pass over C

/** The depth of each k block: one block up to KC_SINGLE, else balanced blocks of at most KC. */
// @ts-ignore: decorator
@inline function kcBlock(k: i32): i32 {
  if (k <= KC_SINGLE) return k;
  const blocks = (k + KC - 1) / KC;
  return (k + blocks - 1) / blocks;
}
const MC = 120; // a multiple of every MR
const NC = 2048; // B panel block: KC×NC fits the 2 MiB L2 for f32

// @ts-ignore: decorator
@inline function nr<T>(): i32 {
  return 2 * lanes<T>();
}

/** Rows of the register tile: 5 for the relaxed build's f32 kernel, else 4. */
// @ts-ignore: decorator
@inline function mr<T>(): i32 {
  return ASC_FEATURE_RELAXED_SIMD && sizeof<T>() == 4 ? 5 : 4;
}

/**
 * Whether a product with m rows runs 3-row tiles: where the default tiles would pad m by
 * more than an eighth and 3-row ones would not pad it (m = 3, 6, 9; a convolution's 3×3
 * one-channel gradients have m = 9, which 4-row tiles pad to 12). Where the padding is
 * small the 4-row tile's fewer loads per product win: matmul (30,512)@(512,512) ran 1.04×
 * slower in 3-row tiles, (9,784)@(784,512) 0.85× the time.
 */
// @ts-ignore: decorator
@inline function prefersThreeRows<T>(m: i32): bool {
  const standard = (m + mr<T>() - 1) / mr<T>() * mr<T>();
  return m % 3 == 0 && (standard - m) * 8 > standard;
}

// @ts-ignore: decorator
@inline function madd<T>(a: v128, b: v128, c: v128): v128 {
  if (ASC_FEATURE_RELAXED_SIMD) {
    return sizeof<T>() == 4 ? f32x4.relaxed_madd(a, b, c) : f64x2.relaxed_madd(a, b, c);
  }
  return vadd<T>(vmul<T>(a, b), c);
}

// @ts-ignore: decorator
@inline function splatLoad<T>(p: usize): v128 {
  return sizeof<T>() == 4 ? v128.load32_splat(p) : v128.load64_splat(p);
}

/** Workspace bytes gemm needs for these sizes (packed A block, packed B block, edge tile). */
// @ts-ignore: decorator
@inline function workspaceBytes<T>(n: i32, k: i32): usize {
  const kc = min(k, KC_SINGLE); // kcBlock(k') for every k' <= k fits
  const nc = min(n, NC);
  const ncPadded = ((nc + nr<T>() - 1) / nr<T>()) * nr<T>();
  return <usize>(MC * kc + kc * ncPadded + MR_MAX * nr<T>()) * sizeof<T>() + 64 + ROW_SCRATCH_BYTES;
}

/** Packs A[i0:i0+mc, p0:p0+kc] as MR-row panels: panel[p*MR + r] = A[i0+r, p0+p], zero-padded. */
// @ts-ignore: decorator
@inline function packA<T>(a: usize, rs: i32, cs: i32, i0: i32, p0: i32, mc: i32, kc: i32, dst: usize, MR: i32): void {
  for (let ir = 0; ir < mc; ir += MR) {
    const rows = min(MR, mc - ir);
    let p = 0;
    if (ASC_FEATURE_SIMD && sizeof<T>() == 4 && cs == 1 && rows == MR && MR >= 4) {
      // Rows contiguous along k (a row-major A): 4×4 register transposes turn four row
      // loads into four panel columns; a fifth row (the relaxed 5-row tile) is copied as is.
      const src = a + <usize>((i0 + ir) * rs + p0) * 4;
      const rowBytes = <usize>rs * 4;
      for (; p + 4 <= kc; p += 4) {
        const d = dst + <usize>(p * MR) * 4;
        transpose4x4(src + <usize>p * 4, rowBytes, d, <usize>MR * 4);
        if (MR == 5) {
          const s4 = src + 4 * rowBytes + <usize>p * 4;
          for (let j = 0; j < 4; j++) store<f32>(d + <usize>(j * MR + 4) * 4, load<f32>(s4 + <usize>j * 4));
        }
      }
      dst += <usize>(p * MR) * 4;
    }
    for (; p < kc; p++) {
      const src = a + <usize>((i0 + ir) * rs + (p0 + p) * cs) * sizeof<T>();
      let r = 0;
      for (; r < rows; r++) store<T>(dst + <usize>r * sizeof<T>(), load<T>(src + <usize>(r * rs) * sizeof<T>()));
      for (; r < MR; r++) store<T>(dst + <usize>r * sizeof<T>(), <T>0);
      dst += <usize>MR * sizeof<T>();
    }
  }
}

/** Packs B[p0:p0+kc, j0:j0+nc] as NR-column panels: panel[p*NR + c] = B[p0+p, j0+c], zero-padded. */
// @ts-ignore: decorator
@inline function packB<T>(b: usize, rs: i32, cs: i32, p0: i32, j0: i32, kc: i32, nc: i32, dst: usize): void {
  const NR = nr<T>();
  for (let jr = 0; jr < nc; jr += NR) {
    const cols = min(NR, nc - jr);
    for (let p = 0; p < kc; p++) {
      const src = b + <usize>((p0 + p) * rs + (j0 + jr) * cs) * sizeof<T>();
      if (cs == 1 && cols == NR) {
        v128.store(dst, v128.load(src));
        v128.store(dst, v128.load(src, 16), 16);
      } else if (ASC_FEATURE_SIMD && sizeof<T>() == 4 && rs == 1 && cols == NR && p + 4 <= kc) {
        // Columns contiguous along k (a transposed operand, e.g. a convolution's dyᵀ): two
        // 4×4 register transposes make four panel rows of eight.
        const sj = <usize>cs * 4;
        transpose4x4(src, sj, dst, 32);
        transpose4x4(src + 4 * sj, sj, dst + 16, 32);
        dst += 3 * 32;
        p += 3;
      } else {
        let c = 0;
        for (; c < cols; c++) store<T>(dst + <usize>c * sizeof<T>(), load<T>(src + <usize>(c * cs) * sizeof<T>()));
        for (; c < NR; c++) store<T>(dst + <usize>c * sizeof<T>(), <T>0);
      }
      dst += <usize>NR * sizeof<T>();
    }
  }
}

// @ts-ignore: decorator
@inline function storeRow<T>(c: usize, lo: v128, hi: v128, accumulate: bool): void {
  if (accumulate) {
    lo = vadd<T>(v128.load(c), lo);
    hi = vadd<T>(v128.load(c, 16), hi);
  }
  v128.store(c, lo);
  v128.store(c, hi, 16);
}

/**
 * The MR×NR register tile: C[0:MR, 0:NR] (+)= Apanel · Bpanel over kc; ldc is C's row
 * stride in bytes. The tile functions are deliberately not @inline, and called from two
 * places so Binaryen does not inline them either: inside the blocking loops their
 * registers would compete with the loops'.
 */
// @ts-ignore: decorator
@inline function microKernel<T>(MR: i32, kc: i32, a: usize, b: usize, c: usize, ldc: usize, accumulate: bool): void {
  if (MR == 3) microKernel3<T>(kc, a, b, c, ldc, accumulate);
  else if (mr<T>() == 5) microKernel5x8(kc, a, b, c, ldc, accumulate);
  else microKernel4<T>(kc, a, b, c, ldc, accumulate);
}

// @ts-ignore: decorator
@inline function splatLane(v: v128, lane: i32): v128 {
  if (lane == 0) return i32x4.shuffle(v, v, 0, 0, 0, 0);
  if (lane == 1) return i32x4.shuffle(v, v, 1, 1, 1, 1);
  if (lane == 2) return i32x4.shuffle(v, v, 2, 2, 2, 2);
  return i32x4.shuffle(v, v, 3, 3, 3, 3);
}

/** The relaxed build's f32 tile, 5×8: rows 0–3 of A in one vector, splat by shuffles (see the header). */
function microKernel5x8(kc: i32, a: usize, b: usize, c: usize, ldc: usize, accumulate: bool): void {
  const zero = i32x4.splat(0);
  let c00 = zero, c01 = zero, c10 = zero, c11 = zero, c20 = zero, c21 = zero, c30 = zero, c31 = zero, c40 = zero, c41 = zero;
  const end = b + <usize>kc * 32;
  while (b < end) {
    const b0 = v128.load(b);
    const b1 = v128.load(b, 16);
    const a4 = v128.load(a);
    let av = splatLane(a4, 0);
    c00 = madd<f32>(av, b0, c00); c01 = madd<f32>(av, b1, c01);
    av = splatLane(a4, 1);
    c10 = madd<f32>(av, b0, c10); c11 = madd<f32>(av, b1, c11);
    av = splatLane(a4, 2);
    c20 = madd<f32>(av, b0, c20); c21 = madd<f32>(av, b1, c21);
    av = splatLane(a4, 3);
    c30 = madd<f32>(av, b0, c30); c31 = madd<f32>(av, b1, c31);
    av = v128.load32_splat(a + 16);
    c40 = madd<f32>(av, b0, c40); c41 = madd<f32>(av, b1, c41);
    a += 20;
    b += 32;
  }
  storeRow<f32>(c, c00, c01, accumulate);
  storeRow<f32>(c + ldc, c10, c11, accumulate);
  storeRow<f32>(c + 2 * ldc, c20, c21, accumulate);
  storeRow<f32>(c + 3 * ldc, c30, c31, accumulate);
  storeRow<f32>(c + 4 * ldc, c40, c41, accumulate);
}

/** The 4×(2 vectors) tile: one load32/64_splat per A row. */
function microKernel4<T>(kc: i32, a: usize, b: usize, c: usize, ldc: usize, accumulate: bool): void {
  const sz = <usize>sizeof<T>();
  const zero = i32x4.splat(0);
  let c00 = zero, c01 = zero, c10 = zero, c11 = zero, c20 = zero, c21 = zero, c30 = zero, c31 = zero;
  const end = b + <usize>kc * <usize>nr<T>() * sz;
  while (b < end) {
    const b0 = v128.load(b);
    const b1 = v128.load(b, 16);
    let av = splatLoad<T>(a);
    c00 = madd<T>(av, b0, c00); c01 = madd<T>(av, b1, c01);
    av = splatLoad<T>(a + sz);
    c10 = madd<T>(av, b0, c10); c11 = madd<T>(av, b1, c11);
    av = splatLoad<T>(a + 2 * sz);
    c20 = madd<T>(av, b0, c20); c21 = madd<T>(av, b1, c21);
    av = splatLoad<T>(a + 3 * sz);
    c30 = madd<T>(av, b0, c30); c31 = madd<T>(av, b1, c31);
    a += 4 * sz;
    b += <usize>nr<T>() * sz;
  }
  storeRow<T>(c, c00, c01, accumulate);
  storeRow<T>(c + ldc, c10, c11, accumulate);
  storeRow<T>(c + 2 * ldc, c20, c21, accumulate);
  storeRow<T>(c + 3 * ldc, c30, c31, accumulate);
}

/** The 3×(2 vectors) tile, for products of 3, 6 or 9 rows (prefersThreeRows). */
function microKernel3<T>(kc: i32, a: usize, b: usize, c: usize, ldc: usize, accumulate: bool): void {
  const sz = <usize>sizeof<T>();
  const zero = i32x4.splat(0);
  let c00 = zero, c01 = zero, c10 = zero, c11 = zero, c20 = zero, c21 = zero;
  const end = b + <usize>kc * <usize>nr<T>() * sz;
  while (b < end) {
    const b0 = v128.load(b);
    const b1 = v128.load(b, 16);
    let av = splatLoad<T>(a);
    c00 = madd<T>(av, b0, c00); c01 = madd<T>(av, b1, c01);
    av = splatLoad<T>(a + sz);
    c10 = madd<T>(av, b0, c10); c11 = madd<T>(av, b1, c11);
    av = splatLoad<T>(a + 2 * sz);
    c20 = madd<T>(av, b0, c20); c21 = madd<T>(av, b1, c21);
    a += 3 * sz;
    b += <usize>nr<T>() * sz;
  }
  storeRow<T>(c, c00, c01, accumulate);
  storeRow<T>(c + ldc, c10, c11, accumulate);
  storeRow<T>(c + 2 * ldc, c20, c21, accumulate);
}

/** An edge tile (rows < MR or ncols < NR): the full tile goes to scratch, only the part that exists to C. */
// @ts-ignore: decorator
@inline function edgeTile<T>(MR: i32, kc: i32, a: usize, b: usize, c: usize, ldc: usize, accumulate: bool, rows: i32, ncols: i32, tile: usize): void {
  const sz = <usize>sizeof<T>();
  const row = <usize>nr<T>() * sz;
  microKernel<T>(MR, kc, a, b, tile, row, false);
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < ncols; j++) {
      const dst = c + <usize>i * ldc + <usize>j * sz;
      const v = load<T>(tile + <usize>i * row + <usize>j * sz);
      store<T>(dst, accumulate ? load<T>(dst) + v : v);
    }
  }
}

/** The scalar build's GEMM: i-p-j loops over the strided operands (the benchmark's middle column). */
// @ts-ignore: decorator
@inline function gemmScalar<T>(source: i32, m: i32, n: i32, k: i32, a: usize, rsA: i32, csA: i32, b: usize, rsB: i32, csB: i32, c: usize): void {
  const sz = <usize>sizeof<T>();
  memory.fill(c, 0, <usize>m * <usize>n * sz);
  for (let i = 0; i < m; i++) {
    const crow = c + <usize>(i * n) * sz;
    for (let p = 0; p < k; p++) {
      const av = source == A_IM2COL ? im2colAt<T>(a, rsA + i, p)
        : source == A_IM2COL_T ? im2colAt<T>(a, rsA + p, i)
        : load<T>(a + <usize>(i * rsA + p * csA) * sz);
      const brow = b + <usize>(p * rsB) * sz;
      for (let j = 0; j < n; j++) {
        const dst = crow + <usize>j * sz;
        store<T>(dst, load<T>(dst) + av * load<T>(brow + <usize>(j * csB) * sz));
      }
    }
  }
}

/**
 * The epilogue on rows × ncols of C (row stride ldc bytes): + bias[col] when bias is not 0,
 * then the activation. Run on each tile right after its last store, while it is in L1.
 */
// @ts-ignore: decorator
@inline function epilogue<T>(c: usize, ldc: usize, rows: i32, ncols: i32, bias: usize, act: i32): void {
  const sz = <usize>sizeof<T>();
  for (let i = 0; i < rows; i++) {
    const row = c + <usize>i * ldc;
    let j = 0;
    if (ASC_FEATURE_SIMD) {
      for (; j + lanes<T>() <= ncols; j += lanes<T>()) {
        const o = <usize>j * sz;
        let v = v128.load(row + o);
        if (bias != 0) v = vadd<T>(v, v128.load(bias + o));
        if (act == ACTIVATION_RELU) v = reluVector<T>(v);
        else if (act == ACTIVATION_SIGMOID) v = sizeof<T>() == 4 ? sigmoidF32x4(v) : sigmoidF64x2(v);
        else if (act == ACTIVATION_TANH) v = sizeof<T>() == 4 ? tanhF32x4(v) : tanhF64x2(v);
        v128.store(row + o, v);
      }
    }
    for (; j < ncols; j++) {
      const o = <usize>j * sz;
      let v = load<T>(row + o);
      if (bias != 0) v += load<T>(bias + o);
      if (act == ACTIVATION_RELU) v = reluScalar<T>(v);
      else if (act == ACTIVATION_SIGMOID) v = sizeof<T>() == 4 ? <T>sigmoidF32(<f32>v) : <T>sigmoidF64(<f64>v);
      else if (act == ACTIVATION_TANH) v = sizeof<T>() == 4 ? <T>tanhF32(<f32>v) : <T>tanhF64(<f64>v);
      store<T>(row + o, v);
    }
  }
}

/**
 * C[m×n] = epilogue(A·B). `source` (a compile-time constant at every call) says what A is:
 * A_STRIDED: a with strides rsA, csA; A_IM2COL: a is a convolution descriptor and rsA the
 * first im2col row; A_IM2COL_T: their transpose, rsA the first im2col row (the k axis).
 * The register tile's rows are chosen here for every caller: 3 where prefersThreeRows(m)
 * (not for A_IM2COL, whose packing copies four rows at a time), else mr<T>().
 */
// @ts-ignore: decorator
@inline export function gemmCore<T>(source: i32, m: i32, n: i32, k: i32, a: usize, rsA: i32, csA: i32, b: usize, rsB: i32, csB: i32, c: usize, work: usize, bias: usize, act: i32): void {
  if (source != A_IM2COL && prefersThreeRows<T>(m)) gemmBlocked<T>(source, m, n, k, a, rsA, csA, b, rsB, csB, c, work, bias, act, 3);
  else gemmBlocked<T>(source, m, n, k, a, rsA, csA, b, rsB, csB, c, work, bias, act, mr<T>());
}

/** gemmCore's blocking loops for register tiles of MR rows (a compile-time constant). */
// @ts-ignore: decorator
@inline function gemmBlocked<T>(source: i32, m: i32, n: i32, k: i32, a: usize, rsA: i32, csA: i32, b: usize, rsB: i32, csB: i32, c: usize, work: usize, bias: usize, act: i32, MR: i32): void {
  const sz = <usize>sizeof<T>();
  const withEpilogue = bias != 0 || act != 0;
  if (!ASC_FEATURE_SIMD || k == 0) {
    if (ASC_FEATURE_SIMD) memory.fill(c, 0, <usize>m * <usize>n * sz);
    else gemmScalar<T>(source, m, n, k, a, rsA, csA, b, rsB, csB, c);
    if (withEpilogue) epilogue<T>(c, <usize>n * sz, m, n, bias, act);
    return;
  }
  const NR = nr<T>();
  // Workspace layout: [packed A: MC×KC][packed B: KC×NC][edge tile: MR×NR], 16-byte aligned.
  const kcMax = kcBlock(k);
  const packedA = (work + 15) & ~(<usize>15);
  const packedB = packedA + <usize>(MC * kcMax) * sz;
  const ncMax = min(n, NC);
  const tile = packedB + <usize>(kcMax * ((ncMax + NR - 1) / NR) * NR) * sz;
  const origins = tile + <usize>(MR_MAX * NR) * sz;
  const ldc = <usize>n * sz;
  for (let jc = 0; jc < n; jc += NC) {
    const nc = min(NC, n - jc);
    for (let pc = 0; pc < k; pc += kcMax) {
      const kc = min(kcMax, k - pc);
      const accumulate = pc > 0;
      packB<T>(b, rsB, csB, pc, jc, kc, nc, packedB);
      for (let ic = 0; ic < m; ic += MC) {
        const mc = min(MC, m - ic);
        if (source == A_IM2COL) packIm2col<T>(a, rsA, ic, pc, mc, kc, packedA, MR, origins);
        else if (source == A_IM2COL_T) packIm2colT<T>(a, rsA, ic, pc, mc, kc, packedA, MR);
        else packA<T>(a, rsA, csA, ic, pc, mc, kc, packedA, MR);
        const last = withEpilogue && pc + kc == k;
        for (let jr = 0; jr < nc; jr += NR) {
          const bPanel = packedB + <usize>(jr * kc) * sz;
          const ncols = min(NR, nc - jr);
          for (let ir = 0; ir < mc; ir += MR) {
            const aPanel = packedA + <usize>(ir * kc) * sz;
            const cTile = c + <usize>(ic + ir) * ldc + <usize>(jc + jr) * sz;
            const rows = min(MR, mc - ir);
            if (rows == MR && ncols == NR) microKernel<T>(MR, kc, aPanel, bPanel, cTile, ldc, accumulate);
            else edgeTile<T>(MR, kc, aPanel, bPanel, cTile, ldc, accumulate, rows, ncols, tile);
            if (last) epilogue<T>(cTile, ldc, rows, ncols, bias == 0 ? 0 : bias + <usize>(jc + jr) * sz, act);
          }
        }
      }
    }
  }
}

/** Bytes of workspace f32_gemm needs for an m×k · k×n product. */
export function f32_gemm_workspace(n: i32, k: i32): usize {
  return workspaceBytes<f32>(n, k);
}

export function f64_gemm_workspace(n: i32, k: i32): usize {
  return workspaceBytes<f64>(n, k);
}

/**
 * C[m×n] = act(A·B + bias); strides in elements (any sign, 0 for broadcast); C contiguous;
 * work from *_gemm_workspace; bias (n elements) 0 for none, act an ACTIVATION_* code (0: none).
 */
export function f32_gemm(m: i32, n: i32, k: i32, a: usize, rsA: i32, csA: i32, b: usize, rsB: i32, csB: i32, c: usize, work: usize, bias: usize, act: i32): void {
  gemmCore<f32>(A_STRIDED, m, n, k, a, rsA, csA, b, rsB, csB, c, work, bias, act);
}

export function f64_gemm(m: i32, n: i32, k: i32, a: usize, rsA: i32, csA: i32, b: usize, rsB: i32, csB: i32, c: usize, work: usize, bias: usize, act: i32): void {
  gemmCore<f64>(A_STRIDED, m, n, k, a, rsA, csA, b, rsB, csB, c, work, bias, act);
}
