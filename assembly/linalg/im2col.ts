// A convolution as a GEMM without its im2col matrix: the GEMM's A-packing gathers the
// im2col rows straight from the NHWC image into its MR-row panels (implicit GEMM).
//
//   cols[row, p]  with  row = (n, oh, ow)  and  p = (kh, kw, ci)
//                 = x[n, oh·SH − PT + kh·DH, ow·SW − PL + kw·DW, ci], 0 outside the image
//
// conv2d        out (rows × Cout)   = cols · filter (K × Cout)                 (A_IM2COL)
// filter grad   dfilter (K × Cout) = colsᵀ · dy (rows × Cout)                  (A_IM2COL_T)
// input grad    dx                 = col2im(dy · filterᵀ), a block of rows at a time;
//                                     with 1–3 channels col2imT(filter · dyᵀ) instead
//
// Along p, ci is the contiguous axis: a run of Cin elements of one (kh, kw) is one
// contiguous stretch of the image, or lies wholly in the padding. A padded run reads from
// a block of zeros instead, so the copy loops never branch per element.
//
// The geometry is a descriptor of i32 fields the caller writes (src/backend/conv.ts).

import { lanes } from "../lanes";

// Descriptor fields (byte offsets).
const X = 0; // the image's address (conv2d, filter grad: read; input grad: the gradient written)
const H = 4;
const W = 8;
const CIN = 12;
const KH = 16;
const KW = 20;
const OH = 24;
const OW = 28;
const SH = 32;
const SW = 36;
const DH = 40;
const DW = 44;
const PT = 48;
const PL = 52;
const ZEROS = 56; // Cin zeros (read-only): what a padded run reads

/** Bytes of the per-panel row origins packIm2col keeps (MR rows × 16). */
export const ROW_SCRATCH_BYTES: usize = 96;

// @ts-ignore: decorator
@inline function field(geo: usize, offset: usize): i32 {
  return load<i32>(geo + offset);
}

/** Where cols[row, p0..] starts for the run of p0 = (kh, kw, ci): the image or the zeros. */
// @ts-ignore: decorator
@inline function runSource<T>(geo: usize, base: usize, ih0: i32, iw0: i32, kh: i32, kw: i32, ci: i32): usize {
  const ih = ih0 + kh * field(geo, DH);
  const iw = iw0 + kw * field(geo, DW);
  // One unsigned compare per axis: a negative coordinate is a huge unsigned one.
  if (<u32>ih < <u32>field(geo, H) && <u32>iw < <u32>field(geo, W)) {
    return base + <usize>((ih * field(geo, W) + iw) * field(geo, CIN) + ci) * sizeof<T>();
  }
  return <usize>field(geo, ZEROS);
}

/** Copies one run of `run` positions for the panel's rows (sources s0..s4) into panel columns at d. */
// @ts-ignore: decorator
@inline function copyRun<T>(s0: usize, s1: usize, s2: usize, s3: usize, s4: usize, run: i32, d: usize, MR: i32): void {
  const sz = <usize>sizeof<T>();
  let j = 0;
  if (ASC_FEATURE_SIMD && sizeof<T>() == 4) {
    // 4×4 register transposes: four row loads become four panel columns.
    const step = <usize>MR * 4;
    for (; j + 4 <= run; j += 4) {
      const o = <usize>j * 4;
      const v0 = v128.load(s0 + o), v1 = v128.load(s1 + o), v2 = v128.load(s2 + o), v3 = v128.load(s3 + o);
      const t0 = v128.shuffle<i32>(v0, v1, 0, 4, 1, 5);
      const t1 = v128.shuffle<i32>(v0, v1, 2, 6, 3, 7);
      const t2 = v128.shuffle<i32>(v2, v3, 0, 4, 1, 5);
      const t3 = v128.shuffle<i32>(v2, v3, 2, 6, 3, 7);
      const c = d + <usize>j * step;
      v128.store(c, v128.shuffle<i64>(t0, t2, 0, 2));
      v128.store(c + step, v128.shuffle<i64>(t0, t2, 1, 3));
      v128.store(c + 2 * step, v128.shuffle<i64>(t1, t3, 0, 2));
      v128.store(c + 3 * step, v128.shuffle<i64>(t1, t3, 1, 3));
      if (MR == 5) {
        for (let q = 0; q < 4; q++) store<f32>(c + <usize>q * step + 16, load<f32>(s4 + o + <usize>q * 4));
      }
    }
  } else if (ASC_FEATURE_SIMD) {
    // f64: 2×2 transposes of rows (0, 1) and (2, 3).
    const step = <usize>MR * 8;
    for (; j + 2 <= run; j += 2) {
      const o = <usize>j * 8;
      const v0 = v128.load(s0 + o), v1 = v128.load(s1 + o), v2 = v128.load(s2 + o), v3 = v128.load(s3 + o);
      const c = d + <usize>j * step;
      v128.store(c, v128.shuffle<i64>(v0, v1, 0, 2));
      v128.store(c, v128.shuffle<i64>(v2, v3, 0, 2), 16);
      v128.store(c + step, v128.shuffle<i64>(v0, v1, 1, 3));
      v128.store(c + step, v128.shuffle<i64>(v2, v3, 1, 3), 16);
    }
  }
  for (; j < run; j++) {
    const o = <usize>j * sz;
    const c = d + <usize>(j * MR) * sz;
    store<T>(c, load<T>(s0 + o));
    store<T>(c + sz, load<T>(s1 + o));
    store<T>(c + 2 * sz, load<T>(s2 + o));
    store<T>(c + 3 * sz, load<T>(s3 + o));
    if (MR == 5) store<T>(c + 4 * sz, load<T>(s4 + o));
  }
}

// Per-row origin fields in the scratch (16 bytes a row).
const ORIGIN_TOP = 0;
const ORIGIN_LEFT = 4;
const ORIGIN_IMAGE = 8; // the row's image
const ORIGIN_CORNER = 12; // its window's top-left element (meaningful when the window is inside)

/**
 * Packs cols[row0 + i0 .. + mc, p0 .. p0 + kc] as MR-row panels (the layout of gemm.ts's
 * packA; MR 4 or 5, as copyRun moves four rows at a time): panel[p·MR + r] =
 * cols[row0 + i0 + ir + r, p0 + p], rows past mc zero. A panel
 * whose rows' windows all lie inside the image (every panel under "valid" padding) finds
 * each run at a fixed offset from each row's corner, with no bounds checks.
 */
// @ts-ignore: decorator
@inline export function packIm2col<T>(geo: usize, row0: i32, i0: i32, p0: i32, mc: i32, kc: i32, dst: usize, MR: i32, origins: usize): void {
  const sz = <usize>sizeof<T>();
  const cin = field(geo, CIN), kw = field(geo, KW), ow = field(geo, OW);
  const h = field(geo, H), w = field(geo, W), dh = field(geo, DH), dw = field(geo, DW);
  const ohw = field(geo, OH) * ow;
  const image = <usize>(h * w * cin) * sz;
  // The window's extent past its corner.
  const spanH = (field(geo, KH) - 1) * dh, spanW = (kw - 1) * dw;
  // The block's rows walked as (n, y, x) by increments: two divisions per block, not per
  // row (with one channel and a 3×3 filter they cost as much as the packing itself).
  const first = row0 + i0;
  let n = first / ohw;
  const firstRem = first - n * ohw;
  let y = firstRem / ow;
  let xo = firstRem - y * ow;
  const oh = field(geo, OH);
  for (let ir = 0; ir < mc; ir += MR) {
    const rows = min(MR, mc - ir);
    let inside = rows == MR;
    for (let r = 0; r < MR; r++) {
      const o = origins + <usize>(r * 16);
      if (r < rows) {
        const top = y * field(geo, SH) - field(geo, PT);
        const left = xo * field(geo, SW) - field(geo, PL);
        const base = <usize>field(geo, X) + <usize>n * image;
        if (++xo == ow) {
          xo = 0;
          if (++y == oh) {
            y = 0;
            n++;
          }
        }
        store<i32>(o, top, ORIGIN_TOP);
        store<i32>(o, left, ORIGIN_LEFT);
        store<u32>(o, <u32>base, ORIGIN_IMAGE);
        store<u32>(o, <u32>(base + <usize>((top * w + left) * cin) * sz), ORIGIN_CORNER);
        inside = inside && top >= 0 && left >= 0 && top + spanH < h && left + spanW < w;
      } else {
        store<i32>(o, i32.MIN_VALUE >> 1, ORIGIN_TOP); // a row past the end: every run is padding
        store<i32>(o, 0, ORIGIN_LEFT);
        store<u32>(o, 0, ORIGIN_IMAGE);
      }
    }
    let t = p0 / cin;
    let ci = p0 - t * cin;
    let khi = t / kw;
    let kwi = t - khi * kw;
    let p = 0;
    const c0 = <usize>load<u32>(origins, ORIGIN_CORNER);
    if (ASC_FEATURE_SIMD && inside && cin == 1 && <usize>load<u32>(origins + <usize>(16 * (MR - 1)), ORIGIN_CORNER) == c0 + <usize>(MR - 1) * sz) {
      // One channel, the panel's rows side by side in one image row (stride 1): each panel
      // column is MR neighbouring pixels, one unaligned vector load (a grayscale first layer).
      for (; p < kc; p++) {
        const src = c0 + <usize>(khi * dh * w + kwi * dw) * sz;
        const d = dst + <usize>(p * MR) * sz;
        v128.store(d, v128.load(src));
        if (sizeof<T>() == 8) v128.store(d, v128.load(src, 16), 16);
        if (MR == 5) store<T>(d + 4 * sz, load<T>(src + 4 * sz));
        if (++kwi == kw) {
          kwi = 0;
          khi++;
        }
      }
    }
    while (p < kc) {
      const run = min(cin - ci, kc - p);
      let s0: usize, s1: usize, s2: usize, s3: usize, s4: usize = 0;
      if (inside) {
        const off = <usize>((khi * dh * w + kwi * dw) * cin + ci) * sz;
        s0 = <usize>load<u32>(origins, ORIGIN_CORNER) + off;
        s1 = <usize>load<u32>(origins + 16, ORIGIN_CORNER) + off;
        s2 = <usize>load<u32>(origins + 32, ORIGIN_CORNER) + off;
        s3 = <usize>load<u32>(origins + 48, ORIGIN_CORNER) + off;
        if (MR == 5) s4 = <usize>load<u32>(origins + 64, ORIGIN_CORNER) + off;
      } else {
        s0 = runSource<T>(geo, load<u32>(origins, ORIGIN_IMAGE), load<i32>(origins, ORIGIN_TOP), load<i32>(origins, ORIGIN_LEFT), khi, kwi, ci);
        s1 = runSource<T>(geo, load<u32>(origins + 16, ORIGIN_IMAGE), load<i32>(origins + 16, ORIGIN_TOP), load<i32>(origins + 16, ORIGIN_LEFT), khi, kwi, ci);
        s2 = runSource<T>(geo, load<u32>(origins + 32, ORIGIN_IMAGE), load<i32>(origins + 32, ORIGIN_TOP), load<i32>(origins + 32, ORIGIN_LEFT), khi, kwi, ci);
        s3 = runSource<T>(geo, load<u32>(origins + 48, ORIGIN_IMAGE), load<i32>(origins + 48, ORIGIN_TOP), load<i32>(origins + 48, ORIGIN_LEFT), khi, kwi, ci);
        if (MR == 5) s4 = runSource<T>(geo, load<u32>(origins + 64, ORIGIN_IMAGE), load<i32>(origins + 64, ORIGIN_TOP), load<i32>(origins + 64, ORIGIN_LEFT), khi, kwi, ci);
      }
      copyRun<T>(s0, s1, s2, s3, s4, run, dst + <usize>(p * MR) * sz, MR);
      p += run;
      ci += run;
      if (ci == cin) {
        ci = 0;
        if (++kwi == kw) {
          kwi = 0;
          khi++;
        }
      }
    }
    dst += <usize>(kc * MR) * sz;
  }
}

/**
 * Packs colsᵀ[i0 .. i0 + mc, p0 .. p0 + kc] (rows of the transpose are filter positions,
 * its columns im2col rows from row0) as MR-row panels: panel[q·MR + r] = cols[row0 + p0 + q, i0 + ir + r].
 * MR consecutive positions inside one (kh, kw) run are MR contiguous elements of the image.
 */
// @ts-ignore: decorator
@inline export function packIm2colT<T>(geo: usize, row0: i32, i0: i32, p0: i32, mc: i32, kc: i32, dst: usize, MR: i32): void {
  const sz = <usize>sizeof<T>();
  const cin = field(geo, CIN), kw = field(geo, KW), ow = field(geo, OW);
  const ohw = field(geo, OH) * ow;
  const h = field(geo, H), w = field(geo, W);
  const image = <usize>(h * w * cin) * sz;
  const x = <usize>field(geo, X);
  const zeros = <usize>field(geo, ZEROS);
  const sh = field(geo, SH), sw = field(geo, SW), dh = field(geo, DH), dw = field(geo, DW);
  const pt = field(geo, PT), pl = field(geo, PL);
  for (let ir = 0; ir < mc; ir += MR) {
    const rows = min(MR, mc - ir);
    const pos = i0 + ir; // the panel's first filter position
    const t = pos / cin;
    const ci = pos - t * cin;
    const khi = t / kw;
    const kwi = t - khi * kw;
    // The first im2col row of the block, walked as (n, oh, ow).
    const first = row0 + p0;
    let n = first / ohw;
    const rem = first - n * ohw;
    let y = rem / ow;
    let xo = rem - y * ow;
    if (rows == MR && ci + MR <= cin) {
      // One contiguous MR-element load per im2col row (or MR zeros).
      const offH = khi * dh - pt, offW = kwi * dw - pl;
      for (let q = 0; q < kc; q++) {
        const ih = y * sh + offH, iw = xo * sw + offW;
        const src = <u32>ih < <u32>h && <u32>iw < <u32>w ? x + <usize>n * image + <usize>((ih * w + iw) * cin + ci) * sz : zeros;
        const c = dst + <usize>(q * MR) * sz;
        if (MR == 3) {
          // A vector store would spill into the next column (or past the panel).
          store<T>(c, load<T>(src));
          store<T>(c + sz, load<T>(src + sz));
          store<T>(c + 2 * sz, load<T>(src + 2 * sz));
        } else if (ASC_FEATURE_SIMD) {
          v128.store(c, v128.load(src));
          if (sizeof<T>() == 8) v128.store(c, v128.load(src, 16), 16);
          if (MR == 5) store<T>(c + 4 * sz, load<T>(src + 4 * sz));
        } else {
          for (let r = 0; r < MR; r++) store<T>(c + <usize>r * sz, load<T>(src + <usize>r * sz));
        }
        if (++xo == ow) {
          xo = 0;
          if (++y == field(geo, OH)) {
            y = 0;
            n++;
          }
        }
      }
    } else {
      // Positions straddling (kh, kw) runs (Cin not a multiple of MR, e.g. one channel) or
      // past the end. Where a row's whole window is inside the image, each position is at a
      // fixed offset from the window's corner (computed once per panel); elsewhere, checked
      // one by one. Rows are walked an output row at a time: the inside windows of one are
      // a run of columns, found with two divisions, whose corners step by a fixed amount.
      let o0 = 0, o1 = 0, o2 = 0, o3 = 0, o4 = 0;
      if (rows == MR) {
        let cr = ci, kwr = kwi, khr = khi;
        for (let r = 0; r < MR; r++) {
          const o = (khr * dh * w + kwr * dw) * cin + cr;
          if (r == 0) o0 = o;
          else if (r == 1) o1 = o;
          else if (r == 2) o2 = o;
          else if (r == 3) o3 = o;
          else o4 = o;
          if (++cr == cin) {
            cr = 0;
            if (++kwr == kw) {
              kwr = 0;
              khr++;
            }
          }
        }
      }
      // The panel's positions side by side in the image (one channel, a row of taps): one
      // vector copy per row. A 3-row panel's vector writes one element into the next row's
      // slot, rewritten by it, so the panel's last row is copied element by element.
      const contiguous = ASC_FEATURE_SIMD && sizeof<T>() == 4 && rows == MR && o1 == o0 + 1 && o2 == o0 + 2 && (MR < 4 || o3 == o0 + 3);
      const spanH = (field(geo, KH) - 1) * dh, spanW = (kw - 1) * dw;
      // Output columns whose window is inside the image horizontally: inLo <= xo < inHi.
      const inLo = (pl + sw - 1) / sw;
      const inHi = w - 1 - spanW + pl < 0 ? 0 : (w - 1 - spanW + pl) / sw + 1;
      const cornerStep = <usize>(sw * cin) * sz;
      for (let q = 0; q < kc;) {
        const seg = min(ow - xo, kc - q);
        const top = y * sh - pt;
        let a = xo + seg, b = xo + seg; // the inside run [a, b) of this segment's columns
        if (rows == MR && top >= 0 && top + spanH < h) {
          a = min(max(xo, inLo), xo + seg);
          b = max(min(xo + seg, inHi), a);
        }
        const end = q + seg;
        for (; q < end; q++, xo++) {
          if (xo == a) {
            // The inside run: fixed offsets from a corner that steps along the image row.
            let corner = x + <usize>n * image + <usize>((top * w + xo * sw - pl) * cin) * sz;
            let d = dst + <usize>(q * MR) * sz;
            const stop = q + (b - a);
            if (contiguous) {
              const vectorStop = MR == 3 && stop == kc ? stop - 1 : stop;
              for (; q < vectorStop; q++) {
                v128.store(d, v128.load(corner + <usize>o0 * sz));
                if (MR == 5) store<T>(d + 4 * sz, load<T>(corner + <usize>o4 * sz));
                corner += cornerStep;
                d += <usize>MR * sz;
              }
            }
            for (; q < stop; q++) {
              store<T>(d, load<T>(corner + <usize>o0 * sz));
              store<T>(d + sz, load<T>(corner + <usize>o1 * sz));
              store<T>(d + 2 * sz, load<T>(corner + <usize>o2 * sz));
              if (MR >= 4) store<T>(d + 3 * sz, load<T>(corner + <usize>o3 * sz));
              if (MR == 5) store<T>(d + 4 * sz, load<T>(corner + <usize>o4 * sz));
              corner += cornerStep;
              d += <usize>MR * sz;
            }
            xo = b;
            if (q == end) break;
          }
          const c = dst + <usize>(q * MR) * sz;
          let cr = ci, kwr = kwi, khr = khi;
          for (let r = 0; r < MR; r++) {
            let v = <T>0;
            if (r < rows) {
              const ih = top + khr * dh, iw = xo * sw - pl + kwr * dw;
              if (<u32>ih < <u32>h && <u32>iw < <u32>w) v = load<T>(x + <usize>n * image + <usize>((ih * w + iw) * cin + cr) * sz);
              if (++cr == cin) {
                cr = 0;
                if (++kwr == kw) {
                  kwr = 0;
                  khr++;
                }
              }
            }
            store<T>(c + <usize>r * sz, v);
          }
        }
        if (xo == ow) {
          xo = 0;
          if (++y == field(geo, OH)) {
            y = 0;
            n++;
          }
        }
      }
    }
    dst += <usize>(kc * MR) * sz;
  }
}

/** cols[row, p] one element at a time: the scalar build's GEMM reads A through this. */
// @ts-ignore: decorator
@inline export function im2colAt<T>(geo: usize, row: i32, p: i32): T {
  const cin = field(geo, CIN), kw = field(geo, KW), ow = field(geo, OW);
  const ohw = field(geo, OH) * ow;
  const n = row / ohw;
  const rem = row - n * ohw;
  const y = rem / ow;
  const t = p / cin;
  const ci = p - t * cin;
  const khi = t / kw;
  const src = runSource<T>(geo, <usize>field(geo, X) + <usize>(n * field(geo, H) * field(geo, W) * cin) * sizeof<T>(),
    y * field(geo, SH) - field(geo, PT), (rem - y * ow) * field(geo, SW) - field(geo, PL), khi, t - khi * kw, ci);
  return load<T>(src);
}

/** The image's address in the descriptor (the input gradient's, for col2im). */
// @ts-ignore: decorator
@inline export function imageOf(geo: usize): usize {
  return <usize>field(geo, X);
}

/** Elements of one image (H·W·Cin). */
// @ts-ignore: decorator
@inline export function imageSize(geo: usize): i32 {
  return field(geo, H) * field(geo, W) * field(geo, CIN);
}

/** im2col rows per image (OH·OW). */
// @ts-ignore: decorator
@inline export function rowsPerImage(geo: usize): i32 {
  return field(geo, OH) * field(geo, OW);
}

/** Filter positions K = KH·KW·Cin (the im2col row length). */
// @ts-ignore: decorator
@inline export function positions(geo: usize): i32 {
  return field(geo, KH) * field(geo, KW) * field(geo, CIN);
}

/**
 * The image gradient from transposed im2col rows: dx[n, ih, iw, ci] += colsT[p, row] for
 * rows row0 .. row0 + rows, colsT (K × rows, contiguous) holding position p = (kh, kw, ci)'s
 * values along a row. One position at a time, each output row's run of positions is one
 * stretch of an image row (clipped to the image), contiguous when the stride and Cin are 1:
 * a first layer's gradient adds whole vectors, where col2im would add one element per tap.
 */
// @ts-ignore: decorator
@inline export function col2imT<T>(geo: usize, row0: i32, rows: i32, colsT: usize): void {
  const sz = <usize>sizeof<T>();
  const cin = field(geo, CIN), kw = field(geo, KW), ow = field(geo, OW), oh = field(geo, OH);
  const h = field(geo, H), w = field(geo, W), sh = field(geo, SH), sw = field(geo, SW);
  const k = positions(geo);
  const image = <usize>(h * w * cin) * sz;
  const step = sw * cin; // elements between neighbouring outputs' pixels
  const first = row0 / (oh * ow);
  const firstRem = row0 - first * (oh * ow);
  const firstY = firstRem / ow;
  const firstX = firstRem - firstY * ow;
  for (let p = 0; p < k; p++) {
    const t = p / cin;
    const ci = p - t * cin;
    const khi = t / kw;
    const kwi = t - khi * kw;
    const offH = khi * field(geo, DH) - field(geo, PT);
    const offW = kwi * field(geo, DW) - field(geo, PL);
    // Outputs xo whose pixel xo·sw + offW lies in the image: loX <= xo < hiX.
    const loX = offW >= 0 ? 0 : (sw - 1 - offW) / sw;
    const hiX = w - 1 - offW < 0 ? 0 : (w - 1 - offW) / sw + 1;
    const src = colsT + <usize>p * <usize>rows * sz;
    let n = first, y = firstY, xo = firstX;
    for (let r = 0; r < rows;) {
      const seg = min(ow - xo, rows - r);
      const ih = y * sh + offH;
      if (<u32>ih < <u32>h) {
        const lo = max(xo, loX), hi = min(xo + seg, hiX);
        if (lo < hi) {
          let d = <usize>field(geo, X) + <usize>n * image + <usize>((ih * w + lo * sw + offW) * cin + ci) * sz;
          let s = src + <usize>(r + lo - xo) * sz;
          let len = hi - lo;
          if (ASC_FEATURE_SIMD && step == 1) {
            for (; len >= lanes<T>(); len -= lanes<T>()) {
              v128.store(d, sizeof<T>() == 4 ? f32x4.add(v128.load(d), v128.load(s)) : f64x2.add(v128.load(d), v128.load(s)));
              d += 16;
              s += 16;
            }
          }
          for (; len > 0; len--) {
            store<T>(d, load<T>(d) + load<T>(s));
            d += <usize>step * sz;
            s += sz;
          }
        }
      }
      r += seg;
      xo += seg;
      if (xo == ow) {
        xo = 0;
        if (++y == oh) {
          y = 0;
          n++;
        }
      }
    }
  }
}

/**
 * The image gradient: dx[n, ih, iw, :] += cols[row, (kh, kw, :)] for rows row0 .. row0 + rows
 * whose im2col rows are in `cols` (rows × K, contiguous). Rows of one image are added in order.
 */
// @ts-ignore: decorator
@inline export function col2im<T>(geo: usize, row0: i32, rows: i32, cols: usize): void {
  const sz = <usize>sizeof<T>();
  const cin = field(geo, CIN), khn = field(geo, KH), kwn = field(geo, KW), ow = field(geo, OW);
  const h = field(geo, H), w = field(geo, W);
  const ohw = field(geo, OH) * ow;
  const k = khn * kwn * cin;
  const image = <usize>(h * w * cin) * sz;
  let n = row0 / ohw;
  const firstRem = row0 - n * ohw;
  let y = firstRem / ow;
  let xo = firstRem - y * ow;
  for (let r = 0; r < rows; r++) {
    const ih0 = y * field(geo, SH) - field(geo, PT);
    const iw0 = xo * field(geo, SW) - field(geo, PL);
    const base = <usize>field(geo, X) + <usize>n * image;
    if (++xo == ow) {
      xo = 0;
      if (++y == field(geo, OH)) {
        y = 0;
        n++;
      }
    }
    let src = cols + <usize>(r * k) * sz;
    for (let khi = 0; khi < khn; khi++) {
      const ih = ih0 + khi * field(geo, DH);
      for (let kwi = 0; kwi < kwn; kwi++) {
        const iw = iw0 + kwi * field(geo, DW);
        if (<u32>ih < <u32>h && <u32>iw < <u32>w) {
          const d = base + <usize>((ih * w + iw) * cin) * sz;
          let c = 0;
          if (ASC_FEATURE_SIMD) {
            const step = lanes<T>();
            for (; c + step <= cin; c += step) {
              const o = <usize>c * sz;
              v128.store(d + o, sizeof<T>() == 4 ? f32x4.add(v128.load(d + o), v128.load(src + o)) : f64x2.add(v128.load(d + o), v128.load(src + o)));
            }
          }
          for (; c < cin; c++) {
            const o = <usize>c * sz;
            store<T>(d + o, load<T>(d + o) + load<T>(src + o));
          }
        }
        src += <usize>cin * sz;
      }
    }
  }
}
