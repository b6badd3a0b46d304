// The wasm ABI as TypeScript sees it (assembly/index.ts). Pointers are byte addresses,
// counts are elements, `desc` is a descriptor in the scratch area (strided-descriptor.ts).

export interface KernelExports {
  f32_binary(op: number, a: number, b: number, out: number, n: number): void;
  f32_binary_scalar(op: number, a: number, s: number, out: number, n: number, scalarOnLeft: number): void;
  f32_binary_strided(op: number, desc: number): void;
  f32_unary(op: number, a: number, out: number, n: number): void;
  f32_unary_strided(op: number, desc: number): void;
  f64_binary(op: number, a: number, b: number, out: number, n: number): void;
  f64_binary_scalar(op: number, a: number, s: number, out: number, n: number, scalarOnLeft: number): void;
  f64_binary_strided(op: number, desc: number): void;
  f64_unary(op: number, a: number, out: number, n: number): void;
  f64_unary_strided(op: number, desc: number): void;
  i32_binary(op: number, a: number, b: number, out: number, n: number): void;
  i32_binary_scalar(op: number, a: number, s: number, out: number, n: number, scalarOnLeft: number): void;
  i32_binary_strided(op: number, desc: number): void;
  i32_unary(op: number, a: number, out: number, n: number): void;
  i32_unary_strided(op: number, desc: number): void;
  copy8_strided(desc: number): void;
  copy32_strided(desc: number): void;
  copy64_strided(desc: number): void;
  copy_bytes(dst: number, src: number, bytes: number): void;
  fill8(dst: number, byte: number, n: number): void;
  fill32(dst: number, bits: number, n: number): void;
  fill64(dst: number, value: number, n: number): void;
  f32_gemm(m: number, n: number, k: number, a: number, rsA: number, csA: number, b: number, rsB: number, csB: number, c: number, work: number, bias: number, act: number): void;
  f64_gemm(m: number, n: number, k: number, a: number, rsA: number, csA: number, b: number, rsB: number, csB: number, c: number, work: number, bias: number, act: number): void;
  f32_conv2d(geo: number, row0: number, rows: number, filter: number, cout: number, out: number, work: number, bias: number, act: number): void;
  f64_conv2d(geo: number, row0: number, rows: number, filter: number, cout: number, out: number, work: number, bias: number, act: number): void;
  f32_conv2d_filter_grad(geo: number, row0: number, rows: number, dy: number, cout: number, dfilter: number, work: number): void;
  f64_conv2d_filter_grad(geo: number, row0: number, rows: number, dy: number, cout: number, dfilter: number, work: number): void;
  f32_conv2d_input_grad(geo: number, row0: number, rows: number, dy: number, cout: number, filterT: number, work: number, cols: number, block: number, transposed: number): void;
  f64_conv2d_input_grad(geo: number, row0: number, rows: number, dy: number, cout: number, filterT: number, work: number, cols: number, block: number, transposed: number): void;
  f32_gemm_workspace(n: number, k: number): number;
  f64_gemm_workspace(n: number, k: number): number;
  f32_dot(n: number, x: number, incx: number, y: number, incy: number): number;
  f64_dot(n: number, x: number, incx: number, y: number, incy: number): number;
  f32_gemv(m: number, k: number, a: number, rsA: number, csA: number, x: number, incx: number, y: number): void;
  f64_gemv(m: number, k: number, a: number, rsA: number, csA: number, x: number, incx: number, y: number): void;
  copy32_transpose(batch: number, rows: number, cols: number, src: number, sb: number, sj: number, dst: number): void;
  copy64_transpose(batch: number, rows: number, cols: number, src: number, sb: number, sj: number, dst: number): void;
  cast_f32_f64(a: number, out: number, n: number): void;
  cast_f32_i32(a: number, out: number, n: number): void;
  cast_f64_f32(a: number, out: number, n: number): void;
  cast_f64_i32(a: number, out: number, n: number): void;
  cast_i32_f32(a: number, out: number, n: number): void;
  cast_i32_f64(a: number, out: number, n: number): void;
  cast_f32_u8(a: number, out: number, n: number): void;
  cast_f64_u8(a: number, out: number, n: number): void;
  cast_i32_u8(a: number, out: number, n: number): void;
  cast_bool_u8(a: number, out: number, n: number): void;
  cast_f32_bool(a: number, out: number, n: number): void;
  cast_f64_bool(a: number, out: number, n: number): void;
  cast_i32_bool(a: number, out: number, n: number): void;
  cast_u8_bool(a: number, out: number, n: number): void;
  cast_u8_f32(a: number, out: number, n: number): void;
  cast_u8_f64(a: number, out: number, n: number): void;
  cast_u8_i32(a: number, out: number, n: number): void;
  cast_bool_f32(a: number, out: number, n: number): void;
  cast_bool_f64(a: number, out: number, n: number): void;
  cast_bool_i32(a: number, out: number, n: number): void;
  f32_reduce(op: number, desc: number, rows: number, rowStride: number): void;
  f64_reduce(op: number, desc: number, rows: number, rowStride: number): void;
  i32_reduce(op: number, desc: number, rows: number, rowStride: number): void;
  f64_to_f32_div(acc: number, out: number, n: number, divisor: number): void;
  f64_div_inplace(acc: number, n: number, divisor: number): void;
  f32_argreduce(op: number, desc: number, out: number, n: number, stride: number, vertical: number, best: number): void;
  f64_argreduce(op: number, desc: number, out: number, n: number, stride: number, vertical: number, best: number): void;
  i32_argreduce(op: number, desc: number, out: number, n: number, stride: number, vertical: number, best: number): void;
  f32_compare(op: number, a: number, b: number, out: number, n: number): void;
  f64_compare(op: number, a: number, b: number, out: number, n: number): void;
  i32_compare(op: number, a: number, b: number, out: number, n: number): void;
  f32_compare_scalar(op: number, a: number, s: number, out: number, n: number): void;
  f64_compare_scalar(op: number, a: number, s: number, out: number, n: number): void;
  i32_compare_scalar(op: number, a: number, s: number, out: number, n: number): void;
  bool_logical(op: number, a: number, b: number, out: number, n: number): void;
  f32_test(op: number, a: number, out: number, n: number): void;
  f64_test(op: number, a: number, out: number, n: number): void;
  f32_where(cond: number, a: number, b: number, out: number, n: number): void;
  f64_where(cond: number, a: number, b: number, out: number, n: number): void;
  i32_where(cond: number, a: number, b: number, out: number, n: number): void;
  f32_compare_strided(op: number, desc: number): void;
  f64_compare_strided(op: number, desc: number): void;
  i32_compare_strided(op: number, desc: number): void;
  bool_logical_strided(op: number, desc: number): void;
  f32_where_strided(desc: number): void;
  f64_where_strided(desc: number): void;
  i32_where_strided(desc: number): void;
  gather_rows(src: number, outer: number, axisLen: number, rowBytes: number, indices: number, count: number, dst: number): void;
  f32_scatter_add(src: number, outer: number, count: number, inner: number, indices: number, axisLen: number, dst: number): void;
  f64_scatter_add(src: number, outer: number, count: number, inner: number, indices: number, axisLen: number, dst: number): void;
  f32_cumsum(src: number, outer: number, n: number, inner: number, dst: number): void;
  f64_cumsum(src: number, outer: number, n: number, inner: number, dst: number): void;
  i32_cumsum(src: number, outer: number, n: number, inner: number, dst: number): void;
  f32_cumprod(src: number, outer: number, n: number, inner: number, dst: number): void;
  f64_cumprod(src: number, outer: number, n: number, inner: number, dst: number): void;
  i32_cumprod(src: number, outer: number, n: number, inner: number, dst: number): void;
  f32_argsort(src: number, rows: number, n: number, descending: number, out: number, work: number): void;
  f64_argsort(src: number, rows: number, n: number, descending: number, out: number, work: number): void;
  i32_argsort(src: number, rows: number, n: number, descending: number, out: number, work: number): void;
  take_rows(src: number, n: number, idx: number, m: number, rows: number, bytes: number, dst: number): void;
  f32_topk(src: number, rows: number, n: number, k: number, out: number, work: number): void;
  f64_topk(src: number, rows: number, n: number, k: number, out: number, work: number): void;
  i32_topk(src: number, rows: number, n: number, k: number, out: number, work: number): void;
  f32_maxpool2d(x: number, out: number, r0: number, rows: number, h: number, w: number, c: number, oh: number, ow: number, kh: number, kw: number, sh: number, sw: number, pt: number, pl: number): void;
  f64_maxpool2d(x: number, out: number, r0: number, rows: number, h: number, w: number, c: number, oh: number, ow: number, kh: number, kw: number, sh: number, sw: number, pt: number, pl: number): void;
  i32_maxpool2d(x: number, out: number, r0: number, rows: number, h: number, w: number, c: number, oh: number, ow: number, kh: number, kw: number, sh: number, sw: number, pt: number, pl: number): void;
  f32_avgpool2d(x: number, out: number, r0: number, rows: number, h: number, w: number, c: number, oh: number, ow: number, kh: number, kw: number, sh: number, sw: number, pt: number, pl: number): void;
  f64_avgpool2d(x: number, out: number, r0: number, rows: number, h: number, w: number, c: number, oh: number, ow: number, kh: number, kw: number, sh: number, sw: number, pt: number, pl: number): void;
  f32_maxpool2d_grad(x: number, dy: number, dx: number, r0: number, rows: number, h: number, w: number, c: number, oh: number, ow: number, kh: number, kw: number, sh: number, sw: number, pt: number, pl: number): void;
  f64_maxpool2d_grad(x: number, dy: number, dx: number, r0: number, rows: number, h: number, w: number, c: number, oh: number, ow: number, kh: number, kw: number, sh: number, sw: number, pt: number, pl: number): void;
  f32_avgpool2d_grad(dy: number, dx: number, r0: number, rows: number, h: number, w: number, c: number, oh: number, ow: number, kh: number, kw: number, sh: number, sw: number, pt: number, pl: number): void;
  f64_avgpool2d_grad(dy: number, dx: number, r0: number, rows: number, h: number, w: number, c: number, oh: number, ow: number, kh: number, kw: number, sh: number, sw: number, pt: number, pl: number): void;
  f32_maxpool2d_pick(x: number, v: number, out: number, r0: number, rows: number, h: number, w: number, c: number, oh: number, ow: number, kh: number, kw: number, sh: number, sw: number, pt: number, pl: number): void;
  f64_maxpool2d_pick(x: number, v: number, out: number, r0: number, rows: number, h: number, w: number, c: number, oh: number, ow: number, kh: number, kw: number, sh: number, sw: number, pt: number, pl: number): void;
}

export type KernelName = keyof KernelExports;

/** Every export by a fixed index: a worker thread is told which kernel to call by index. */
export const KERNEL_NAMES = [
  "f32_binary", "f32_binary_scalar", "f32_binary_strided", "f32_unary", "f32_unary_strided",
  "f64_binary", "f64_binary_scalar", "f64_binary_strided", "f64_unary", "f64_unary_strided",
  "i32_binary", "i32_binary_scalar", "i32_binary_strided", "i32_unary", "i32_unary_strided",
  "copy8_strided", "copy32_strided", "copy64_strided", "copy_bytes", "fill8", "fill32", "fill64",
  "f32_gemm", "f64_gemm", "f32_gemm_workspace", "f64_gemm_workspace",
  "f32_conv2d", "f64_conv2d", "f32_conv2d_filter_grad", "f64_conv2d_filter_grad", "f32_conv2d_input_grad", "f64_conv2d_input_grad",
  "f32_dot", "f64_dot", "f32_gemv", "f64_gemv",
  "copy32_transpose", "copy64_transpose",
  "cast_f32_f64", "cast_f32_i32", "cast_f64_f32", "cast_f64_i32", "cast_i32_f32", "cast_i32_f64",
  "cast_f32_u8", "cast_f64_u8", "cast_i32_u8", "cast_bool_u8", "cast_f32_bool", "cast_f64_bool", "cast_i32_bool", "cast_u8_bool", "cast_u8_f32", "cast_u8_f64", "cast_u8_i32", "cast_bool_f32", "cast_bool_f64", "cast_bool_i32",
  "f32_reduce", "f64_reduce", "i32_reduce", "f64_to_f32_div", "f64_div_inplace",
  "f32_argreduce", "f64_argreduce", "i32_argreduce",
  "f32_compare", "f64_compare", "i32_compare", "f32_compare_scalar", "f64_compare_scalar", "i32_compare_scalar",
  "bool_logical", "f32_test", "f64_test", "f32_where", "f64_where", "i32_where",
  "f32_compare_strided", "f64_compare_strided", "i32_compare_strided", "bool_logical_strided",
  "f32_where_strided", "f64_where_strided", "i32_where_strided",
  "gather_rows", "f32_scatter_add", "f64_scatter_add",
  "f32_cumsum", "f64_cumsum", "i32_cumsum", "f32_cumprod", "f64_cumprod", "i32_cumprod",
  "f32_argsort", "f64_argsort", "i32_argsort", "take_rows",
  "f32_topk", "f64_topk", "i32_topk",
  "f32_maxpool2d", "f64_maxpool2d", "i32_maxpool2d", "f32_avgpool2d", "f64_avgpool2d",
  "f32_maxpool2d_grad", "f64_maxpool2d_grad", "f32_avgpool2d_grad", "f64_avgpool2d_grad",
  "f32_maxpool2d_pick", "f64_maxpool2d_pick",
] as const satisfies readonly KernelName[];

// Compile-time check that the list names every export.
type Unlisted = Exclude<KernelName, (typeof KERNEL_NAMES)[number]>;
const everyKernelListed: [Unlisted] extends [never] ? true : Unlisted = true;
void everyKernelListed;

export const KERNEL_INDEX = Object.fromEntries(KERNEL_NAMES.map((name, i) => [name, i])) as Record<KernelName, number>;
