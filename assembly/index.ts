// The wasm ABI: every kernel every build exports. Nothing but re-exports here.
export {
  f32_binary, f32_binary_scalar, f32_binary_strided,
  f64_binary, f64_binary_scalar, f64_binary_strided,
  i32_binary, i32_binary_scalar, i32_binary_strided,
} from "./elementwise/binary";
export {
  f32_unary, f32_unary_strided,
  f64_unary, f64_unary_strided,
  i32_unary, i32_unary_strided,
} from "./elementwise/unary";
export { copy8_strided, copy32_strided, copy64_strided, copy_bytes, fill8, fill32, fill64 } from "./layout/copy";
export { f32_gemm, f64_gemm, f32_gemm_workspace, f64_gemm_workspace } from "./linalg/gemm";
export {
  f32_conv2d, f64_conv2d, f32_conv2d_filter_grad, f64_conv2d_filter_grad, f32_conv2d_input_grad, f64_conv2d_input_grad,
} from "./linalg/conv";
export { f32_dot, f64_dot, f32_gemv, f64_gemv } from "./linalg/dot";
export { copy32_transpose, copy64_transpose } from "./layout/transpose";
export {
  cast_f32_f64, cast_f32_i32, cast_f64_f32, cast_f64_i32, cast_i32_f32, cast_i32_f64,
  cast_f32_u8, cast_f64_u8, cast_i32_u8, cast_bool_u8, cast_f32_bool, cast_f64_bool, cast_i32_bool, cast_u8_bool,
  cast_u8_f32, cast_u8_f64, cast_u8_i32, cast_bool_f32, cast_bool_f64, cast_bool_i32,
} from "./layout/cast";
export { f32_reduce, f64_reduce, i32_reduce, f64_to_f32_div, f64_div_inplace } from "./reduce/reduce";
export { f32_argreduce, f64_argreduce, i32_argreduce } from "./reduce/argreduce";
export {
  f32_compare, f64_compare, i32_compare, f32_compare_scalar, f64_compare_scalar, i32_compare_scalar,
  bool_logical, f32_test, f64_test, f32_where, f64_where, i32_where,
} from "./compare/compare";
export {
  f32_compare_strided, f64_compare_strided, i32_compare_strided, bool_logical_strided,
  f32_where_strided, f64_where_strided, i32_where_strided,
} from "./compare/strided";
export { gather_rows, f32_scatter_add, f64_scatter_add } from "./indexing/gather";
export { f32_cumsum, f64_cumsum, i32_cumsum, f32_cumprod, f64_cumprod, i32_cumprod } from "./scan/scan";
export { f32_argsort, f64_argsort, i32_argsort, take_rows, f32_topk, f64_topk, i32_topk } from "./sort/radix";
export {
  f32_maxpool2d, f64_maxpool2d, i32_maxpool2d, f32_avgpool2d, f64_avgpool2d,
  f32_maxpool2d_grad, f64_maxpool2d_grad, f32_avgpool2d_grad, f64_avgpool2d_grad,
  f32_maxpool2d_pick, f64_maxpool2d_pick,
} from "./pool/pool";
