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
  copy32_strided(desc: number): void;
  copy64_strided(desc: number): void;
  copy_bytes(dst: number, src: number, bytes: number): void;
  fill32(dst: number, bits: number, n: number): void;
  fill64(dst: number, value: number, n: number): void;
}
