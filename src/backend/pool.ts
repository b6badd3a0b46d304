// Dispatch for 2-D pooling (assembly/pool/pool.ts): contiguous NHWC blocks (the op layer
// packs views first), cut into ranges of the n·oh output rows, one per thread. The
// gradients zero and fill dx band by band (see the kernel's header): overlapping windows
// (sh < kh) reach into the next row's band, so those are cut only at image boundaries.
import type { Tensor } from "../tensor.js";
import { sharesFor, splitRange } from "../threads/split.js";
import { tuning } from "../threads/tuning.js";
import { addressOf } from "./address.js";
import { kernels } from "./active-build.js";
import { computedIn, KERNEL_PREFIX } from "./elementwise.js";
import type { KernelName } from "./kernel-exports.js";
import { fill } from "./layout.js";
import { runSplit } from "./threads.js";

/** Where the windows sit: input (n, h, w, c), output (n, oh, ow, c), window kh × kw, strides sh × sw, padding before pt (top) and pl (left). */
export interface PoolGeometry {
  readonly n: number;
  readonly h: number;
  readonly w: number;
  readonly c: number;
  readonly oh: number;
  readonly ow: number;
  readonly kh: number;
  readonly kw: number;
  readonly sh: number;
  readonly sw: number;
  readonly pt: number;
  readonly pl: number;
}

export type PoolKind = "max" | "avg";

/** Runs `kernel(...lead, r0, rows, ...geometry)` over the n·oh output rows, split over threads at multiples of `align` rows. */
function byRows(kernel: KernelName, lead: readonly number[], g: PoolGeometry, align: number, available: number): void {
  const rows = g.n * g.oh;
  const tail = [g.h, g.w, g.c, g.oh, g.ow, g.kh, g.kw, g.sh, g.sw, g.pt, g.pl];
  // Work: cells read (output elements × window), what the grain is measured in.
  const threads = sharesFor(available, rows * g.ow * g.c * g.kh * g.kw, tuning.poolPerThread, rows / align);
  if (threads === 1) {
    (kernels.exports[kernel] as (...args: number[]) => void)(...lead, 0, rows, ...tail);
    return;
  }
  runSplit(splitRange(rows, threads, align).map(([r0, count]) => ({ kernel, args: [...lead, r0, count, ...tail] })));
}

/** out (n, oh, ow, c) = the max or mean of each window of x (n, h, w, c); both contiguous, out's dtype (avg: a float). */
export function runPool(kind: PoolKind, x: Tensor, out: Tensor, g: PoolGeometry, available: number): void {
  byRows(`${KERNEL_PREFIX[computedIn(out)]}_${kind}pool2d` as KernelName, [addressOf(x), addressOf(out)], g, 1, available);
}

/** dx (n, h, w, c) = the gradient of the pooling given dy (n, oh, ow, c); x (max only) in dx's float dtype; all contiguous. */
export function runPoolGrad(kind: PoolKind, x: Tensor | null, dy: Tensor, dx: Tensor, g: PoolGeometry, available: number): void {
  if (g.n * g.oh === 0) {
    // No windows (valid padding, window taller than the input): nothing flows back.
    fill(dx, 0, available);
    return;
  }
  const prefix = KERNEL_PREFIX[computedIn(dx)];
  const lead = kind === "max" ? [addressOf(x!), addressOf(dy), addressOf(dx)] : [addressOf(dy), addressOf(dx)];
  byRows(`${prefix}_${kind}pool2d_grad` as KernelName, lead, g, g.sh >= g.kh ? 1 : g.oh, available);
}

/** out (n, oh, ow, c) = v (n, h, w, c) at the cell of each window where maxPool2d's gradient goes (x's first maximum); all contiguous, one float dtype. */
export function runPoolPick(x: Tensor, v: Tensor, out: Tensor, g: PoolGeometry, available: number): void {
  byRows(`${KERNEL_PREFIX[computedIn(out)]}_maxpool2d_pick` as KernelName, [addressOf(x), addressOf(v), addressOf(out)], g, 1, available);
}
