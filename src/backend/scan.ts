// Dispatch for the running sums and products (assembly/scan/scan.ts): a contiguous block
// seen as (outer, n, inner), scanned along the middle axis on one thread.
import type { Tensor } from "../tensor.js";
import { addressOf } from "./address.js";
import { kernels } from "./active-build.js";
import { computedIn, KERNEL_PREFIX } from "./elementwise.js";

/** out = the running sum (or product) of src along its middle axis; both contiguous, one kernel dtype. */
export function runScan(product: boolean, src: Tensor, outer: number, n: number, inner: number, out: Tensor): void {
  const kernel = `${KERNEL_PREFIX[computedIn(out)]}_${product ? "cumprod" : "cumsum"}` as const;
  kernels.exports[kernel](addressOf(src), outer, n, inner, addressOf(out));
}
