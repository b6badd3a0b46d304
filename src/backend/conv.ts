// Dispatch for 2-D convolution (assembly/linalg/conv.ts): the geometry descriptor the
// kernels read, their workspaces, and the split over threads: rows of the output for the
// forward pass, rows with per-thread partial sums for the filter gradient, whole images
// for the input gradient (col2im of one image touches only that image).
import { ELEMENTWISE } from "../manifest.js";
import { heap } from "../memory/heap.js";
import type { Tensor } from "../tensor.js";
import { sharesFor, splitRange } from "../threads/split.js";
import { tuning } from "../threads/tuning.js";
import { addressOf } from "./address.js";
import { kernels } from "./active-build.js";
import { gemmWorkspaceBytes, withGemmWorkspaces } from "./linalg.js";
import { runShares } from "./threads.js";

/** A convolution's sizes: NHWC image (n, h, w, cin), filter (kh, kw, cin, cout), output (n, oh, ow, cout). */
export interface ConvGeometry {
  readonly n: number;
  readonly h: number;
  readonly w: number;
  readonly cin: number;
  readonly kh: number;
  readonly kw: number;
  readonly cout: number;
  readonly oh: number;
  readonly ow: number;
  readonly strides: readonly [number, number];
  readonly dilations: readonly [number, number];
  /** Rows and columns of padding before the image (top, left). */
  readonly padBefore: readonly [number, number];
}

/** im2col rows (n·oh·ow) and their length (kh·kw·cin). */
export function gemmSizes(g: ConvGeometry): { rows: number; k: number } {
  return { rows: g.n * g.oh * g.ow, k: g.kh * g.kw * g.cin };
}

const DESCRIPTOR_BYTES = 64;

/**
 * Runs `fn` with the kernels' descriptor (assembly/linalg/im2col.ts's fields) for the image
 * at `image`, and a block of zeros that padded runs read; both freed afterwards.
 */
function withDescriptor<R>(g: ConvGeometry, image: number, bytes: number, fn: (desc: number) => R): R {
  const zeroBytes = Math.max(g.cin, 8) * bytes;
  const desc = heap.alloc(DESCRIPTOR_BYTES);
  const zeros = heap.alloc(zeroBytes);
  try {
    new Uint8Array(heap.memory.buffer, zeros, zeroBytes).fill(0);
    new Int32Array(heap.memory.buffer, desc, 15).set([
      image, g.h, g.w, g.cin, g.kh, g.kw, g.oh, g.ow, g.strides[0], g.strides[1], g.dilations[0], g.dilations[1], g.padBefore[0], g.padBefore[1], zeros,
    ]);
    return fn(desc);
  } finally {
    heap.free(zeros, zeroBytes);
    heap.free(desc, DESCRIPTOR_BYTES);
  }
}

/**
 * out (n, oh, ow, cout) = act(conv(x, filter) + bias): x and filter contiguous in out's
 * dtype; bias (cout elements, contiguous) or undefined; act an ACTIVATIONS code or 0.
 */
export function runConv2d(x: Tensor, filter: Tensor, out: Tensor, g: ConvGeometry, bias: Tensor | undefined, act: number, available: number): void {
  const { rows, k } = gemmSizes(g);
  if (rows === 0 || g.cout === 0) return;
  const f64 = out.dtype === "float64";
  const bytes = f64 ? 8 : 4;
  const kernel = f64 ? "f64_conv2d" : "f32_conv2d";
  const threads = sharesFor(available, rows * k * g.cout, tuning.gemmPerThread, Math.ceil(rows / 4));
  const base = addressOf(out), w = addressOf(filter), b = bias === undefined ? 0 : addressOf(bias);
  withDescriptor(g, addressOf(x), bytes, (desc) =>
    withGemmWorkspaces(f64, threads, g.cout, k, 0, (spaces) => {
      runShares(splitRange(rows, threads, 4).map(([r0, len], t) => [
        { kernel, args: [desc, r0, len, w, g.cout, base + r0 * g.cout * bytes, spaces[t], b, act] },
      ]));
    }),
  );
}

/**
 * dfilter (kh, kw, cin, cout) = colsᵀ · dy: x and dy contiguous in dfilter's dtype. Threads
 * take row ranges into partial sums, added into dfilter in thread order.
 */
export function runConv2dFilterGrad(x: Tensor, dy: Tensor, dfilter: Tensor, g: ConvGeometry, available: number): void {
  const { rows, k } = gemmSizes(g);
  const size = k * g.cout;
  if (size === 0) return;
  const f64 = dfilter.dtype === "float64";
  const bytes = f64 ? 8 : 4;
  const e = kernels.exports;
  if (rows === 0) {
    (f64 ? e.fill64 : e.fill32)(addressOf(dfilter), 0, size);
    return;
  }
  const kernel = f64 ? "f64_conv2d_filter_grad" : "f32_conv2d_filter_grad";
  const threads = sharesFor(available, rows * size, tuning.gemmPerThread, Math.ceil(rows / 64));
  const partials = Array.from({ length: threads - 1 }, () => heap.alloc(size * bytes));
  const targets = [addressOf(dfilter), ...partials];
  try {
    withDescriptor(g, addressOf(x), bytes, (desc) =>
      withGemmWorkspaces(f64, threads, g.cout, rows, 0, (spaces) => {
        runShares(splitRange(rows, threads, 4).map(([r0, len], t) => [
          { kernel, args: [desc, r0, len, addressOf(dy), g.cout, targets[t], spaces[t]] },
        ]));
      }),
    );
    const add = f64 ? e.f64_binary : e.f32_binary;
    for (const p of partials) add(ELEMENTWISE.add.code, targets[0], p, targets[0], size);
  } finally {
    for (const p of partials) heap.free(p, size * bytes);
  }
}

/** Bytes of im2col rows one input-gradient block holds: fits beside the GEMM's panels in L2. */
const INPUT_GRAD_BLOCK_BYTES = 128 * 1024;

/**
 * Whether the input gradient computes colsᵀ = filter · dyᵀ (K × rows) instead of
 * cols = dy · filterᵀ: with under 4 channels col2im adds one element per tap, and the
 * few columns (9 for a 3×3 grayscale layer) leave most of the GEMM's 8-wide tiles empty.
 */
function transposedInputGrad(g: ConvGeometry): boolean {
  return g.cin < 4;
}

/**
 * dx (n, h, w, cin) = col2im(dy · filterᵀ), or col2imT(filter · dyᵀ) (transposedInputGrad):
 * dy contiguous, filterT the filter as a contiguous (cout, kh·kw·cin) matrix, both in dx's
 * dtype. Threads take whole images.
 */
export function runConv2dInputGrad(dy: Tensor, filterT: Tensor, dx: Tensor, g: ConvGeometry, available: number): void {
  if (dx.size === 0) return;
  const { rows, k } = gemmSizes(g);
  const f64 = dx.dtype === "float64";
  const bytes = f64 ? 8 : 4;
  if (rows === 0 || g.cout === 0) {
    (f64 ? kernels.exports.fill64 : kernels.exports.fill32)(addressOf(dx), 0, dx.size);
    return;
  }
  const kernel = f64 ? "f64_conv2d_input_grad" : "f32_conv2d_input_grad";
  const perImage = g.oh * g.ow;
  const threads = sharesFor(available, rows * k * g.cout, tuning.gemmPerThread, g.n);
  const transposed = transposedInputGrad(g);
  const block = Math.max(8, Math.min(rows, Math.floor(INPUT_GRAD_BLOCK_BYTES / (k * bytes))));
  const colsBytes = block * k * bytes + 16;
  // The GEMM's n and k: K and Cout as dy · filterᵀ, the block and Cout as filter · dyᵀ.
  const [gemmN, gemmK] = transposed ? [block, g.cout] : [k, g.cout];
  withDescriptor(g, addressOf(dx), bytes, (desc) =>
    withGemmWorkspaces(f64, threads, gemmN, gemmK, colsBytes, (spaces) => {
      const gemmBytes = gemmWorkspaceBytes(f64, gemmN, gemmK);
      runShares(splitRange(g.n, threads).map(([n0, count], t) => [
        {
          kernel,
          args: [desc, n0 * perImage, count * perImage, addressOf(dy), g.cout, addressOf(filterT), spaces[t], (spaces[t] + gemmBytes + 15) & ~15, block, transposed ? 1 : 0],
        },
      ]));
    }),
  );
}
