// 2-D convolution kernels: NHWC image, (KH, KW, Cin, Cout) filter, each pass a GEMM whose
// A is gathered from the image while packing (im2col.ts), never materialised whole. A
// share of rows is one thread's work; `geo` is the descriptor im2col.ts reads.

import { gemmCore, A_IM2COL, A_IM2COL_T, A_STRIDED } from "./gemm";
import { col2im, col2imT, imageOf, imageSize, positions, rowsPerImage } from "./im2col";

/** out[row0 .. row0 + rows, :] (Cout wide, contiguous from `out`) = act(cols · filter + bias); bias 0 for none. */
// @ts-ignore: decorator
@inline function conv2d<T>(geo: usize, row0: i32, rows: i32, filter: usize, cout: i32, out: usize, work: usize, bias: usize, act: i32): void {
  gemmCore<T>(A_IM2COL, rows, cout, positions(geo), geo, row0, 0, filter, cout, 1, out, work, bias, act);
}

/** dfilter (K × Cout) = colsᵀ · dy over the im2col rows row0 .. row0 + rows: one thread's partial sum. */
// @ts-ignore: decorator
@inline function filterGrad<T>(geo: usize, row0: i32, rows: i32, dy: usize, cout: i32, dfilter: usize, work: usize): void {
  const b = dy + <usize>row0 * <usize>cout * sizeof<T>();
  gemmCore<T>(A_IM2COL_T, positions(geo), cout, rows, geo, row0, 0, b, cout, 1, dfilter, work, 0, 0);
}

/**
 * The image gradient of whole images (rows row0 .. row0 + rows): zeroed, then
 * dx += col2im(dy · filterᵀ) for `block` rows at a time through `cols` (block × K);
 * filterT is the filter as (Cout, K), contiguous. `transposed` computes each block as
 * colsᵀ = filter · dyᵀ (K × block) instead, for few filter positions per row (a first
 * layer: 9 for 3×3 on one channel, which as the columns of dy · filterᵀ would fill 9 of 16).
 */
// @ts-ignore: decorator
@inline function inputGrad<T>(geo: usize, row0: i32, rows: i32, dy: usize, cout: i32, filterT: usize, work: usize, cols: usize, block: i32, transposed: bool): void {
  const sz = <usize>sizeof<T>();
  const k = positions(geo);
  const perImage = rowsPerImage(geo);
  const first = row0 / perImage;
  const images = rows / perImage;
  const bytes = <usize>imageSize(geo) * sz;
  memory.fill(imageOf(geo) + <usize>first * bytes, 0, <usize>images * bytes);
  for (let r = 0; r < rows; r += block) {
    const len = min(block, rows - r);
    const dyBlock = dy + <usize>(row0 + r) * <usize>cout * sz;
    if (transposed) {
      gemmCore<T>(A_STRIDED, k, len, cout, filterT, 1, k, dyBlock, 1, cout, cols, work, 0, 0);
      col2imT<T>(geo, row0 + r, len, cols);
    } else {
      gemmCore<T>(A_STRIDED, len, k, cout, dyBlock, cout, 1, filterT, k, 1, cols, work, 0, 0);
      col2im<T>(geo, row0 + r, len, cols);
    }
  }
}

export function f32_conv2d(geo: usize, row0: i32, rows: i32, filter: usize, cout: i32, out: usize, work: usize, bias: usize, act: i32): void {
  conv2d<f32>(geo, row0, rows, filter, cout, out, work, bias, act);
}

export function f64_conv2d(geo: usize, row0: i32, rows: i32, filter: usize, cout: i32, out: usize, work: usize, bias: usize, act: i32): void {
  conv2d<f64>(geo, row0, rows, filter, cout, out, work, bias, act);
}

export function f32_conv2d_filter_grad(geo: usize, row0: i32, rows: i32, dy: usize, cout: i32, dfilter: usize, work: usize): void {
  filterGrad<f32>(geo, row0, rows, dy, cout, dfilter, work);
}

export function f64_conv2d_filter_grad(geo: usize, row0: i32, rows: i32, dy: usize, cout: i32, dfilter: usize, work: usize): void {
  filterGrad<f64>(geo, row0, rows, dy, cout, dfilter, work);
}

export function f32_conv2d_input_grad(geo: usize, row0: i32, rows: i32, dy: usize, cout: i32, filterT: usize, work: usize, cols: usize, block: i32, transposed: i32): void {
  inputGrad<f32>(geo, row0, rows, dy, cout, filterT, work, cols, block, transposed != 0);
}

export function f64_conv2d_input_grad(geo: usize, row0: i32, rows: i32, dy: usize, cout: i32, filterT: usize, work: usize, cols: usize, block: i32, transposed: i32): void {
  inputGrad<f64>(geo, row0, rows, dy, cout, filterT, work, cols, block, transposed != 0);
}
