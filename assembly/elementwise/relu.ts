// relu in one place: the unary kernel and the binary kernels' fused "then relu" share it,
// so relu(a + b) gives the same bits fused or not.
import { splat, vlt } from "../lanes";

/** `x < 0 ? 0 : x` keeps NaN (the comparison is false), as numpy's relu does. */
// @ts-ignore: decorator
@inline export function reluScalar<T>(x: T): T {
  return x < <T>0 ? <T>0 : x;
}

/** Clears the lanes that are < 0: two instructions; NaN lanes compare false and stay. */
// @ts-ignore: decorator
@inline export function reluVector<T>(x: v128): v128 {
  return v128.andnot(x, vlt<T>(x, splat<T>(<T>0)));
}
