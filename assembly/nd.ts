// The one N-D walk shared by every strided kernel. Shape and broadcast logic live in
// src/shape; by the time a descriptor reaches a kernel it is already collapsed to
// the fewest dims and every broadcast axis has stride 0.
//
// Descriptor (i32 words, written by src/backend/strided-descriptor.ts):
//   [0]                 rank r (>= 1)
//   [1]                 operand count k
//   [2, 2+r)            shape
//   [2+r+j*r, 2+r+(j+1)*r)   strides of operand j, in elements (may be 0 or negative)
//   [2+r+k*r, 2+2r+k*r)      odometer counters (scratch, owned by the kernel)
//   [2+2r+k*r, 2+2r+2k)      current byte pointer of each operand
// The kernel loops over the last axis itself; this walk steps the outer axes.

// @ts-ignore: decorator
@inline export function ndRank(desc: usize): i32 {
  return load<i32>(desc);
}

// @ts-ignore: decorator
@inline function ndOperands(desc: usize): i32 {
  return load<i32>(desc, 4);
}

// @ts-ignore: decorator
@inline function shapeAt(desc: usize, d: i32): i32 {
  return load<i32>(desc + ((2 + <usize>d) << 2));
}

// @ts-ignore: decorator
@inline function strideAt(desc: usize, j: i32, d: i32): i32 {
  const r = ndRank(desc);
  return load<i32>(desc + ((2 + <usize>(r + j * r + d)) << 2));
}

// @ts-ignore: decorator
@inline function counterAddr(desc: usize, d: i32): usize {
  const r = ndRank(desc);
  return desc + ((2 + <usize>(r + ndOperands(desc) * r + d)) << 2);
}

// @ts-ignore: decorator
@inline function pointerAddr(desc: usize, j: i32): usize {
  const r = ndRank(desc);
  return desc + ((2 + <usize>(2 * r + ndOperands(desc) * r + j)) << 2);
}

/** Length of the innermost axis. */
// @ts-ignore: decorator
@inline export function ndInnerSize(desc: usize): i32 {
  return shapeAt(desc, ndRank(desc) - 1);
}

/** Innermost stride (in elements) of operand j. */
// @ts-ignore: decorator
@inline export function ndInnerStride(desc: usize, j: i32): i32 {
  return strideAt(desc, j, ndRank(desc) - 1);
}

/** Current byte pointer of operand j. */
// @ts-ignore: decorator
@inline export function ndPointer(desc: usize, j: i32): usize {
  return <usize>load<u32>(pointerAddr(desc, j));
}

/** Zeroes the odometer; call once before the first row. */
export function ndStart(desc: usize): void {
  const outer = ndRank(desc) - 1;
  for (let d = 0; d < outer; d++) store<i32>(counterAddr(desc, d), 0);
}

/**
 * Steps to the next row: increments the odometer over the outer axes and moves every
 * operand pointer. Returns false after the last row.
 */
export function ndAdvance(desc: usize, elementBytes: i32): bool {
  const k = ndOperands(desc);
  for (let d = ndRank(desc) - 2; d >= 0; d--) {
    const counter = counterAddr(desc, d);
    const next = load<i32>(counter) + 1;
    const extent = shapeAt(desc, d);
    // Carry: rewind this axis to 0 and continue with the next-outer one.
    const steps = next < extent ? 1 : 1 - extent;
    store<i32>(counter, next < extent ? next : 0);
    for (let j = 0; j < k; j++) {
      const p = pointerAddr(desc, j);
      store<u32>(p, load<u32>(p) + <u32>(steps * strideAt(desc, j, d) * elementBytes));
    }
    if (next < extent) return true;
  }
  return false;
}
