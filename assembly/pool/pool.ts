// 2-D pooling over contiguous NHWC blocks: maxPool2d and avgPool2d, and their gradients.
//
//   x (n, h, w, c)  ──window kh × kw, stride sh × sw, padding top pt / left pl──▶  out (n, oh, ow, c)
//
// A call covers output rows [r0, r0 + rows) of the n·oh rows (one thread's share). The
// channels are the contiguous axis, so each output pixel is computed a few vectors of
// channels at a time (4·L, then L, then a scalar tail: C need not be a multiple of L),
// with the window's valid cells only (padding is never read: max over valid cells, avg
// divides by their count, as TensorFlow's forward).
//
// max: NaN wins (numpy's maximum). pmax (one instruction) drops a NaN operand, so the
// loop also ANDs an "ordered" mask and puts NaN back at the end, as the reductions do.
//
// Gradients: dx is written band by band. Output row oy owns input rows
// [start(oy), start(oy + 1)) (start(0) = 0, the last band runs to h), which the call
// zeroes first, then adds each window's share into. With sh >= kh a window stays inside
// its own band, so any split of the rows is race-free; with overlapping windows
// (sh < kh) the backend splits only at image boundaries. The pick (v at x's argmax cell of
// each window) is the max gradient's adjoint in dy: its own gradient, so nested tapes work.
import { splat, vadd, vdiv, veq, vle, vpmax } from "../lanes";

/** Offset of the first byte of output row r's band of dx (r in [0, n·oh]; r = n·oh gives the end). */
// @ts-ignore: decorator
@inline function bandStart(r: i32, h: i32, oh: i32, sh: i32, pt: i32, rowBytes: usize): usize {
  const b = r / oh;
  const oy = r - b * oh;
  const y = oy == 0 ? 0 : min(max(oy * sh - pt, 0), h);
  return (<usize>b * <usize>h + <usize>y) * rowBytes;
}

/** One output pixel's channels: max (or mean) over the window's nr × nc valid cells from `first`. */
// @ts-ignore: decorator
@inline function poolPixel<T>(avg: bool, first: usize, nr: i32, nc: i32, rowBytes: usize, pix: usize, c: i32, out: usize): void {
  const B = <usize>sizeof<T>();
  const L = 16 / sizeof<T>();
  const count = <T>(nr * nc);
  let k = 0;
  if (ASC_FEATURE_SIMD) {
    const init = avg ? splat<T>(<T>0) : splat<T>(isFloat<T>() ? <T>-Infinity : <T>i32.MIN_VALUE);
    const ones = i32x4.splat(-1);
    for (; k + 4 * L <= c; k += 4 * L) {
      let a0 = init, a1 = init, a2 = init, a3 = init;
      let q0 = ones, q1 = ones, q2 = ones, q3 = ones;
      let pr = first + <usize>k * B;
      for (let i = 0; i < nr; i++, pr += rowBytes) {
        let p = pr;
        for (let j = 0; j < nc; j++, p += pix) {
          const v0 = v128.load(p), v1 = v128.load(p, 16), v2 = v128.load(p, 32), v3 = v128.load(p, 48);
          if (avg) {
            a0 = vadd<T>(a0, v0); a1 = vadd<T>(a1, v1); a2 = vadd<T>(a2, v2); a3 = vadd<T>(a3, v3);
          } else {
            a0 = vpmax<T>(a0, v0); a1 = vpmax<T>(a1, v1); a2 = vpmax<T>(a2, v2); a3 = vpmax<T>(a3, v3);
            if (isFloat<T>()) {
              q0 = v128.and(q0, veq<T>(v0, v0)); q1 = v128.and(q1, veq<T>(v1, v1));
              q2 = v128.and(q2, veq<T>(v2, v2)); q3 = v128.and(q3, veq<T>(v3, v3));
            }
          }
        }
      }
      const o = out + <usize>k * B;
      if (avg) {
        const d = splat<T>(count);
        a0 = vdiv<T>(a0, d); a1 = vdiv<T>(a1, d); a2 = vdiv<T>(a2, d); a3 = vdiv<T>(a3, d);
      } else if (isFloat<T>()) {
        const nan = splat<T>(<T>NaN);
        a0 = v128.bitselect(a0, nan, q0); a1 = v128.bitselect(a1, nan, q1);
        a2 = v128.bitselect(a2, nan, q2); a3 = v128.bitselect(a3, nan, q3);
      }
      v128.store(o, a0); v128.store(o, a1, 16); v128.store(o, a2, 32); v128.store(o, a3, 48);
    }
    for (; k + L <= c; k += L) {
      let a = init;
      let q = ones;
      let pr = first + <usize>k * B;
      for (let i = 0; i < nr; i++, pr += rowBytes) {
        let p = pr;
        for (let j = 0; j < nc; j++, p += pix) {
          const v = v128.load(p);
          if (avg) a = vadd<T>(a, v);
          else {
            a = vpmax<T>(a, v);
            if (isFloat<T>()) q = v128.and(q, veq<T>(v, v));
          }
        }
      }
      if (avg) a = vdiv<T>(a, splat<T>(count));
      else if (isFloat<T>()) a = v128.bitselect(a, splat<T>(<T>NaN), q);
      v128.store(out + <usize>k * B, a);
    }
  }
  for (; k < c; k++) {
    let a: T = avg ? <T>0 : isFloat<T>() ? <T>-Infinity : <T>i32.MIN_VALUE;
    let pr = first + <usize>k * B;
    for (let i = 0; i < nr; i++, pr += rowBytes) {
      let p = pr;
      for (let j = 0; j < nc; j++, p += pix) {
        const v = load<T>(p);
        // A NaN v replaces a; a NaN a stays (v > NaN is false).
        if (avg) a += v;
        else a = select<T>(v, a, (v > a) | (v != v));
      }
    }
    store<T>(out + <usize>k * B, avg ? a / count : a);
  }
}

// @ts-ignore: decorator
@inline function pool<T>(avg: bool, x: usize, out: usize, r0: i32, rows: i32, h: i32, w: i32, c: i32, oh: i32, ow: i32, kh: i32, kw: i32, sh: i32, sw: i32, pt: i32, pl: i32): void {
  const pix = <usize>c * <usize>sizeof<T>();
  const rowBytes = <usize>w * pix;
  let o = out + <usize>r0 * <usize>ow * pix;
  for (let r = r0; r < r0 + rows; r++) {
    const b = r / oh;
    const ys = (r - b * oh) * sh - pt;
    const y0 = max(ys, 0), y1 = min(ys + kh, h);
    const img = x + <usize>b * <usize>h * rowBytes + <usize>y0 * rowBytes;
    for (let ox = 0; ox < ow; ox++, o += pix) {
      const xs = ox * sw - pl;
      const x0 = max(xs, 0), x1 = min(xs + kw, w);
      poolPixel<T>(avg, img + <usize>x0 * pix, y1 - y0, x1 - x0, rowBytes, pix, c, o);
    }
  }
}

/**
 * Per lane, the number (row-major in the window, as a T) of the cell holding that
 * channel's maximum: the first one on ties, a NaN counting as the maximum (the forward's
 * NaN). Where maxPool2d's gradient goes, TensorFlow's rule.
 */
// @ts-ignore: decorator
@inline function argmaxLanes<T>(first: usize, nr: i32, nc: i32, rowBytes: usize, pix: usize): v128 {
  let best = v128.load(first);
  let at = splat<T>(<T>0);
  let cell: T = 0;
  let pr = first;
  for (let i = 0; i < nr; i++, pr += rowBytes) {
    let p = pr;
    for (let j = 0; j < nc; j++, p += pix, cell += 1) {
      const v = v128.load(p);
      // Not (v <= best): v greater (the first maximum stays) or v NaN; never once best is NaN.
      const m = v128.andnot(veq<T>(best, best), vle<T>(v, best));
      best = v128.bitselect(v, best, m);
      at = v128.bitselect(splat<T>(cell), at, m);
    }
  }
  return at;
}

/** argmaxLanes for one channel: the byte offset from `first` of its cell. */
// @ts-ignore: decorator
@inline function argmaxOffset<T>(first: usize, nr: i32, nc: i32, rowBytes: usize, pix: usize): usize {
  let best = load<T>(first);
  let at = first;
  let pr = first;
  for (let i = 0; i < nr; i++, pr += rowBytes) {
    let p = pr;
    for (let j = 0; j < nc; j++, p += pix) {
      const v = load<T>(p);
      if ((v > best) | ((v != v) & (best == best))) {
        best = v;
        at = p;
      }
    }
  }
  return at - first;
}

/** One output pixel's gradient, max: dy added to each channel's argmax cell (pass 1 finds it per lane, pass 2 adds where the cell number matches). */
// @ts-ignore: decorator
@inline function maxGradPixel<T>(add: bool, first: usize, nr: i32, nc: i32, rowBytes: usize, pix: usize, c: i32, dy: usize, dxFirst: usize): void {
  const B = <usize>sizeof<T>();
  const L = 16 / sizeof<T>();
  let k = 0;
  if (ASC_FEATURE_SIMD) {
    for (; k + L <= c; k += L) {
      const off = <usize>k * B;
      const at = argmaxLanes<T>(first + off, nr, nc, rowBytes, pix);
      const g = v128.load(dy + off);
      let cell: T = 0;
      let dr = dxFirst + off;
      for (let i = 0; i < nr; i++, dr += rowBytes) {
        let d = dr;
        for (let j = 0; j < nc; j++, d += pix, cell += 1) {
          const share = v128.and(g, veq<T>(at, splat<T>(cell)));
          v128.store(d, add ? vadd<T>(v128.load(d), share) : share);
        }
      }
    }
  }
  for (; k < c; k++) {
    const off = <usize>k * B;
    const d = dxFirst + off + argmaxOffset<T>(first + off, nr, nc, rowBytes, pix);
    if (!add) {
      // Every cell written: zeros, then dy at the maximum.
      let dr = dxFirst + off;
      for (let i = 0; i < nr; i++, dr += rowBytes) for (let j = 0, q = dr; j < nc; j++, q += pix) store<T>(q, <T>0);
    }
    store<T>(d, load<T>(d) + load<T>(dy + off));
  }
}

/** One output pixel of the pick: each channel's value of v at x's argmax cell (maxGradPixel's adjoint). */
// @ts-ignore: decorator
@inline function pickPixel<T>(first: usize, nr: i32, nc: i32, rowBytes: usize, pix: usize, c: i32, vFirst: usize, out: usize): void {
  const B = <usize>sizeof<T>();
  const L = 16 / sizeof<T>();
  let k = 0;
  if (ASC_FEATURE_SIMD) {
    for (; k + L <= c; k += L) {
      const off = <usize>k * B;
      const at = argmaxLanes<T>(first + off, nr, nc, rowBytes, pix);
      let acc = v128.splat<i32>(0);
      let cell: T = 0;
      let vr = vFirst + off;
      for (let i = 0; i < nr; i++, vr += rowBytes) {
        let q = vr;
        for (let j = 0; j < nc; j++, q += pix, cell += 1) acc = v128.bitselect(v128.load(q), acc, veq<T>(at, splat<T>(cell)));
      }
      v128.store(out + off, acc);
    }
  }
  for (; k < c; k++) {
    const off = <usize>k * B;
    store<T>(out + off, load<T>(vFirst + off + argmaxOffset<T>(first + off, nr, nc, rowBytes, pix)));
  }
}

/** One output pixel's gradient, avg: dy / count added to each valid cell. */
// @ts-ignore: decorator
@inline function avgGradPixel<T>(add: bool, nr: i32, nc: i32, rowBytes: usize, pix: usize, c: i32, dy: usize, dxFirst: usize): void {
  const B = <usize>sizeof<T>();
  const L = 16 / sizeof<T>();
  const count = <T>(nr * nc);
  let k = 0;
  if (ASC_FEATURE_SIMD) {
    const n = splat<T>(count);
    for (; k + 2 * L <= c; k += 2 * L) {
      const off = <usize>k * B;
      const g0 = vdiv<T>(v128.load(dy + off), n), g1 = vdiv<T>(v128.load(dy + off, 16), n);
      let dr = dxFirst + off;
      for (let i = 0; i < nr; i++, dr += rowBytes) {
        let d = dr;
        for (let j = 0; j < nc; j++, d += pix) {
          v128.store(d, add ? vadd<T>(v128.load(d), g0) : g0);
          v128.store(d, add ? vadd<T>(v128.load(d, 16), g1) : g1, 16);
        }
      }
    }
    for (; k + L <= c; k += L) {
      const off = <usize>k * B;
      const g = vdiv<T>(v128.load(dy + off), n);
      let dr = dxFirst + off;
      for (let i = 0; i < nr; i++, dr += rowBytes) {
        let d = dr;
        for (let j = 0; j < nc; j++, d += pix) v128.store(d, add ? vadd<T>(v128.load(d), g) : g);
      }
    }
  }
  for (; k < c; k++) {
    const off = <usize>k * B;
    const g = load<T>(dy + off) / count;
    let dr = dxFirst + off;
    for (let i = 0; i < nr; i++, dr += rowBytes) {
      let d = dr;
      for (let j = 0; j < nc; j++, d += pix) store<T>(d, add ? load<T>(d) + g : g);
    }
  }
}

/**
 * dx for output rows [r0, r0 + rows). `add`: windows overlap, so each adds into zeroed
 * bands; else each window's cells are written once, straight (no read of dx), and only the
 * cells no window covers need the zeroing (none when the windows tile the input: 2×2
 * stride 2 on even sizes).
 */
// @ts-ignore: decorator
@inline function gradRows<T>(avg: bool, add: bool, x: usize, dy: usize, dx: usize, r0: i32, rows: i32, h: i32, w: i32, c: i32, oh: i32, ow: i32, kh: i32, kw: i32, sh: i32, sw: i32, pt: i32, pl: i32): void {
  const pix = <usize>c * <usize>sizeof<T>();
  const rowBytes = <usize>w * pix;
  const tiles = sh == kh && sw == kw && oh * sh - pt >= h && ow * sw - pl >= w;
  if (add || !tiles) {
    const zeroFrom = bandStart(r0, h, oh, sh, pt, rowBytes);
    memory.fill(dx + zeroFrom, 0, bandStart(r0 + rows, h, oh, sh, pt, rowBytes) - zeroFrom);
  }
  let g = dy + <usize>r0 * <usize>ow * pix;
  for (let r = r0; r < r0 + rows; r++) {
    const b = r / oh;
    const ys = (r - b * oh) * sh - pt;
    const y0 = max(ys, 0), y1 = min(ys + kh, h);
    const at = <usize>b * <usize>h * rowBytes + <usize>y0 * rowBytes;
    for (let ox = 0; ox < ow; ox++, g += pix) {
      const xs = ox * sw - pl;
      const x0 = max(xs, 0), x1 = min(xs + kw, w);
      const cell = at + <usize>x0 * pix;
      if (avg) avgGradPixel<T>(add, y1 - y0, x1 - x0, rowBytes, pix, c, g, dx + cell);
      else maxGradPixel<T>(add, x + cell, y1 - y0, x1 - x0, rowBytes, pix, c, g, dx + cell);
    }
  }
}

/** out (n, oh, ow, c) = v (n, h, w, c) at x's argmax cell of each window. */
// @ts-ignore: decorator
@inline function pick<T>(x: usize, v: usize, out: usize, r0: i32, rows: i32, h: i32, w: i32, c: i32, oh: i32, ow: i32, kh: i32, kw: i32, sh: i32, sw: i32, pt: i32, pl: i32): void {
  const pix = <usize>c * <usize>sizeof<T>();
  const rowBytes = <usize>w * pix;
  let o = out + <usize>r0 * <usize>ow * pix;
  for (let r = r0; r < r0 + rows; r++) {
    const b = r / oh;
    const ys = (r - b * oh) * sh - pt;
    const y0 = max(ys, 0), y1 = min(ys + kh, h);
    const at = <usize>b * <usize>h * rowBytes + <usize>y0 * rowBytes;
    for (let ox = 0; ox < ow; ox++, o += pix) {
      const xs = ox * sw - pl;
      const x0 = max(xs, 0), x1 = min(xs + kw, w);
      const cell = at + <usize>x0 * pix;
      pickPixel<T>(x + cell, y1 - y0, x1 - x0, rowBytes, pix, c, v + cell, o);
    }
  }
}

export function f32_maxpool2d(x: usize, out: usize, r0: i32, rows: i32, h: i32, w: i32, c: i32, oh: i32, ow: i32, kh: i32, kw: i32, sh: i32, sw: i32, pt: i32, pl: i32): void { pool<f32>(false, x, out, r0, rows, h, w, c, oh, ow, kh, kw, sh, sw, pt, pl); }
export function f64_maxpool2d(x: usize, out: usize, r0: i32, rows: i32, h: i32, w: i32, c: i32, oh: i32, ow: i32, kh: i32, kw: i32, sh: i32, sw: i32, pt: i32, pl: i32): void { pool<f64>(false, x, out, r0, rows, h, w, c, oh, ow, kh, kw, sh, sw, pt, pl); }
export function i32_maxpool2d(x: usize, out: usize, r0: i32, rows: i32, h: i32, w: i32, c: i32, oh: i32, ow: i32, kh: i32, kw: i32, sh: i32, sw: i32, pt: i32, pl: i32): void { pool<i32>(false, x, out, r0, rows, h, w, c, oh, ow, kh, kw, sh, sw, pt, pl); }
export function f32_avgpool2d(x: usize, out: usize, r0: i32, rows: i32, h: i32, w: i32, c: i32, oh: i32, ow: i32, kh: i32, kw: i32, sh: i32, sw: i32, pt: i32, pl: i32): void { pool<f32>(true, x, out, r0, rows, h, w, c, oh, ow, kh, kw, sh, sw, pt, pl); }
export function f64_avgpool2d(x: usize, out: usize, r0: i32, rows: i32, h: i32, w: i32, c: i32, oh: i32, ow: i32, kh: i32, kw: i32, sh: i32, sw: i32, pt: i32, pl: i32): void { pool<f64>(true, x, out, r0, rows, h, w, c, oh, ow, kh, kw, sh, sw, pt, pl); }
// The gradients' overlapping (adding) and non-overlapping (storing) loop nests, one
// function each, chosen by an if (not a switch with an unreachable default, which lets
// Binaryen merge inlined loops).
function f32_maxgrad_add(x: usize, dy: usize, dx: usize, r0: i32, rows: i32, h: i32, w: i32, c: i32, oh: i32, ow: i32, kh: i32, kw: i32, sh: i32, sw: i32, pt: i32, pl: i32): void { gradRows<f32>(false, true, x, dy, dx, r0, rows, h, w, c, oh, ow, kh, kw, sh, sw, pt, pl); }
function f32_maxgrad_store(x: usize, dy: usize, dx: usize, r0: i32, rows: i32, h: i32, w: i32, c: i32, oh: i32, ow: i32, kh: i32, kw: i32, sh: i32, sw: i32, pt: i32, pl: i32): void { gradRows<f32>(false, false, x, dy, dx, r0, rows, h, w, c, oh, ow, kh, kw, sh, sw, pt, pl); }
function f64_maxgrad_add(x: usize, dy: usize, dx: usize, r0: i32, rows: i32, h: i32, w: i32, c: i32, oh: i32, ow: i32, kh: i32, kw: i32, sh: i32, sw: i32, pt: i32, pl: i32): void { gradRows<f64>(false, true, x, dy, dx, r0, rows, h, w, c, oh, ow, kh, kw, sh, sw, pt, pl); }
function f64_maxgrad_store(x: usize, dy: usize, dx: usize, r0: i32, rows: i32, h: i32, w: i32, c: i32, oh: i32, ow: i32, kh: i32, kw: i32, sh: i32, sw: i32, pt: i32, pl: i32): void { gradRows<f64>(false, false, x, dy, dx, r0, rows, h, w, c, oh, ow, kh, kw, sh, sw, pt, pl); }
function f32_avggrad_add(dy: usize, dx: usize, r0: i32, rows: i32, h: i32, w: i32, c: i32, oh: i32, ow: i32, kh: i32, kw: i32, sh: i32, sw: i32, pt: i32, pl: i32): void { gradRows<f32>(true, true, 0, dy, dx, r0, rows, h, w, c, oh, ow, kh, kw, sh, sw, pt, pl); }
function f32_avggrad_store(dy: usize, dx: usize, r0: i32, rows: i32, h: i32, w: i32, c: i32, oh: i32, ow: i32, kh: i32, kw: i32, sh: i32, sw: i32, pt: i32, pl: i32): void { gradRows<f32>(true, false, 0, dy, dx, r0, rows, h, w, c, oh, ow, kh, kw, sh, sw, pt, pl); }
function f64_avggrad_add(dy: usize, dx: usize, r0: i32, rows: i32, h: i32, w: i32, c: i32, oh: i32, ow: i32, kh: i32, kw: i32, sh: i32, sw: i32, pt: i32, pl: i32): void { gradRows<f64>(true, true, 0, dy, dx, r0, rows, h, w, c, oh, ow, kh, kw, sh, sw, pt, pl); }
function f64_avggrad_store(dy: usize, dx: usize, r0: i32, rows: i32, h: i32, w: i32, c: i32, oh: i32, ow: i32, kh: i32, kw: i32, sh: i32, sw: i32, pt: i32, pl: i32): void { gradRows<f64>(true, false, 0, dy, dx, r0, rows, h, w, c, oh, ow, kh, kw, sh, sw, pt, pl); }

// @ts-ignore: decorator
@inline function overlapping(kh: i32, kw: i32, sh: i32, sw: i32): bool {
  return sh < kh || sw < kw;
}

export function f32_maxpool2d_grad(x: usize, dy: usize, dx: usize, r0: i32, rows: i32, h: i32, w: i32, c: i32, oh: i32, ow: i32, kh: i32, kw: i32, sh: i32, sw: i32, pt: i32, pl: i32): void {
  if (overlapping(kh, kw, sh, sw)) f32_maxgrad_add(x, dy, dx, r0, rows, h, w, c, oh, ow, kh, kw, sh, sw, pt, pl);
  else f32_maxgrad_store(x, dy, dx, r0, rows, h, w, c, oh, ow, kh, kw, sh, sw, pt, pl);
}
export function f64_maxpool2d_grad(x: usize, dy: usize, dx: usize, r0: i32, rows: i32, h: i32, w: i32, c: i32, oh: i32, ow: i32, kh: i32, kw: i32, sh: i32, sw: i32, pt: i32, pl: i32): void {
  if (overlapping(kh, kw, sh, sw)) f64_maxgrad_add(x, dy, dx, r0, rows, h, w, c, oh, ow, kh, kw, sh, sw, pt, pl);
  else f64_maxgrad_store(x, dy, dx, r0, rows, h, w, c, oh, ow, kh, kw, sh, sw, pt, pl);
}
export function f32_avgpool2d_grad(dy: usize, dx: usize, r0: i32, rows: i32, h: i32, w: i32, c: i32, oh: i32, ow: i32, kh: i32, kw: i32, sh: i32, sw: i32, pt: i32, pl: i32): void {
  if (overlapping(kh, kw, sh, sw)) f32_avggrad_add(dy, dx, r0, rows, h, w, c, oh, ow, kh, kw, sh, sw, pt, pl);
  else f32_avggrad_store(dy, dx, r0, rows, h, w, c, oh, ow, kh, kw, sh, sw, pt, pl);
}
export function f64_avgpool2d_grad(dy: usize, dx: usize, r0: i32, rows: i32, h: i32, w: i32, c: i32, oh: i32, ow: i32, kh: i32, kw: i32, sh: i32, sw: i32, pt: i32, pl: i32): void {
  if (overlapping(kh, kw, sh, sw)) f64_avggrad_add(dy, dx, r0, rows, h, w, c, oh, ow, kh, kw, sh, sw, pt, pl);
  else f64_avggrad_store(dy, dx, r0, rows, h, w, c, oh, ow, kh, kw, sh, sw, pt, pl);
}
export function f32_maxpool2d_pick(x: usize, v: usize, out: usize, r0: i32, rows: i32, h: i32, w: i32, c: i32, oh: i32, ow: i32, kh: i32, kw: i32, sh: i32, sw: i32, pt: i32, pl: i32): void { pick<f32>(x, v, out, r0, rows, h, w, c, oh, ow, kh, kw, sh, sw, pt, pl); }
export function f64_maxpool2d_pick(x: usize, v: usize, out: usize, r0: i32, rows: i32, h: i32, w: i32, c: i32, oh: i32, ow: i32, kh: i32, kw: i32, sh: i32, sw: i32, pt: i32, pl: i32): void { pick<f64>(x, v, out, r0, rows, h, w, c, oh, ow, kh, kw, sh, sw, pt, pl); }
