// Stable argsort of rows by least-significant-digit radix sort (8 bits a pass): each value
// becomes an unsigned key whose order is the numeric order (floats: the sign bit flipped
// for positives, every bit for negatives; -0 as +0; every NaN the largest key, so NaN sorts
// last, as numpy), and each pass is a counting sort of (key, index) pairs. O(n) per row,
// no comparisons. Descending order inverts the keys, NaN still last. The op layer lays
// each row out contiguously and gathers the values by the indices.

// @ts-ignore: decorator
@inline function keyOf<T, K>(x: T, descending: bool): K {
  if (!isFloat<T>()) {
    const k = <u32>x ^ 0x80000000; // int32: the sign bit flipped
    return <K>(descending ? ~k : k);
  }
  if (x != x) return <K>-1; // NaN: the largest key, last in either direction
  if (sizeof<T>() == 8) {
    const b = reinterpret<u64>(x == <T>0 ? <f64>0 : <f64>x); // -0 as +0
    const k = (b >> 63) != 0 ? ~b : b | 0x8000000000000000;
    return <K>(descending ? ~k - 1 : k); // below NaN's key either way (+inf's key is not all ones)
  }
  const b = reinterpret<u32>(x == <T>0 ? <f32>0 : <f32>x);
  const k = (b >> 31) != 0 ? ~b : b | 0x80000000;
  return <K>(descending ? ~k - 1 : k);
}

// @ts-ignore: decorator
@inline function argsortRows<T, K>(src: usize, rows: i32, n: i32, descending: bool, out: usize, work: usize): void {
  // work: keys (n K), keys' (n K), index' (n u32), counts (256 u32)
  const keys = work, keys2 = keys + <usize>n * sizeof<K>(), idx2 = keys2 + <usize>n * sizeof<K>(), counts = idx2 + (<usize>n << 2);
  const passes = <i32>sizeof<K>();
  for (let r = 0; r < rows; r++) {
    const row = src + <usize>r * <usize>n * sizeof<T>();
    let idx = out + (<usize>r * <usize>n << 2);
    for (let i = 0; i < n; i++) {
      store<K>(keys + <usize>i * sizeof<K>(), keyOf<T, K>(load<T>(row + <usize>i * sizeof<T>()), descending));
      store<u32>(idx + (<usize>i << 2), i);
    }
    let kIn = keys, kOut = keys2, iIn = idx, iOut = idx2;
    for (let p = 0; p < passes; p++) {
      const shift = <K>(p * 8);
      memory.fill(counts, 0, 1024);
      for (let i = 0; i < n; i++) {
        const d = <usize>((load<K>(kIn + <usize>i * sizeof<K>()) >> shift) & <K>255);
        store<u32>(counts + (d << 2), load<u32>(counts + (d << 2)) + 1);
      }
      // Skip a pass where every key has the same digit (common for the high bytes).
      let same = false;
      for (let d = 0; d < 256; d++) {
        const c = load<u32>(counts + (<usize>d << 2));
        if (c == <u32>n) same = true;
        if (c != 0) break;
      }
      if (same) continue;
      let sum: u32 = 0;
      for (let d = 0; d < 256; d++) {
        const c = load<u32>(counts + (<usize>d << 2));
        store<u32>(counts + (<usize>d << 2), sum);
        sum += c;
      }
      for (let i = 0; i < n; i++) {
        const k = load<K>(kIn + <usize>i * sizeof<K>());
        const d = <usize>((k >> shift) & <K>255);
        const at = load<u32>(counts + (d << 2));
        store<u32>(counts + (d << 2), at + 1);
        store<K>(kOut + <usize>at * sizeof<K>(), k);
        store<u32>(iOut + (<usize>at << 2), load<u32>(iIn + (<usize>i << 2)));
      }
      const tk = kIn; kIn = kOut; kOut = tk;
      const ti = iIn; iIn = iOut; iOut = ti;
    }
    if (iIn != idx) memory.copy(idx, iIn, <usize>n << 2);
  }
}

/** out (rows × n int32) = the stable ascending (or descending) order of each contiguous row of src; `work` holds argsortWorkBytes. */
export function f32_argsort(src: usize, rows: i32, n: i32, descending: i32, out: usize, work: usize): void { argsortRows<f32, u32>(src, rows, n, descending != 0, out, work); }
export function f64_argsort(src: usize, rows: i32, n: i32, descending: i32, out: usize, work: usize): void { argsortRows<f64, u64>(src, rows, n, descending != 0, out, work); }
export function i32_argsort(src: usize, rows: i32, n: i32, descending: i32, out: usize, work: usize): void { argsortRows<i32, u32>(src, rows, n, descending != 0, out, work); }

/** dst[r, i] = src[r, idx[r, i]]: rows of n elements of `bytes` (1, 4 or 8) in src, of m indices (< n, int32) in idx and dst. */
export function take_rows(src: usize, n: i32, idx: usize, m: i32, rows: i32, bytes: i32, dst: usize): void {
  for (let r = 0; r < rows; r++) {
    const s = src + <usize>r * <usize>n * <usize>bytes;
    const d = dst + <usize>r * <usize>m * <usize>bytes;
    const ix = idx + (<usize>r * <usize>m << 2);
    if (bytes == 8) for (let i = 0; i < m; i++) store<u64>(d + (<usize>i << 3), load<u64>(s + (<usize>load<u32>(ix + (<usize>i << 2)) << 3)));
    else if (bytes == 4) for (let i = 0; i < m; i++) store<u32>(d + (<usize>i << 2), load<u32>(s + (<usize>load<u32>(ix + (<usize>i << 2)) << 2)));
    else for (let i = 0; i < m; i++) store<u8>(d + <usize>i, load<u8>(s + <usize>load<u32>(ix + (<usize>i << 2))));
  }
}

// @ts-ignore: decorator
@inline function topkRows<T, K>(src: usize, rows: i32, n: i32, k: i32, out: usize, work: usize): void {
  // work: k keys (K) then k indices (u32): the best k so far, in order (smallest descending key first).
  const keys = work, idx = work + <usize>k * sizeof<K>();
  for (let r = 0; r < rows; r++) {
    const row = src + <usize>r * <usize>n * sizeof<T>();
    let count = 0;
    // Once the buffer holds k numbers, most values are rejected by one compare against the
    // k-th (NaN compares false and is rejected too, as it ranks after every number).
    let full = false;
    let kth: T = <T>0;
    for (let i = 0; i < n; i++) {
      const x = load<T>(row + <usize>i * sizeof<T>());
      if (full && !(x > kth)) continue;
      const key = keyOf<T, K>(x, true);
      // Strictly better than the k-th: an equal key later in the row keeps its place behind.
      if (count == k && (k == 0 || key >= load<K>(keys + <usize>(k - 1) * sizeof<K>()))) continue;
      let j = count < k ? count++ : k - 1;
      while (j > 0 && load<K>(keys + <usize>(j - 1) * sizeof<K>()) > key) {
        store<K>(keys + <usize>j * sizeof<K>(), load<K>(keys + <usize>(j - 1) * sizeof<K>()));
        store<u32>(idx + (<usize>j << 2), load<u32>(idx + (<usize>(j - 1) << 2)));
        j--;
      }
      store<K>(keys + <usize>j * sizeof<K>(), key);
      store<u32>(idx + (<usize>j << 2), i);
      if (count == k && k > 0) {
        kth = load<T>(row + <usize>load<u32>(idx + (<usize>(k - 1) << 2)) * sizeof<T>());
        full = kth == kth; // a NaN k-th: every number beats it, so keep to the keys
      }
    }
    memory.copy(out + (<usize>r * <usize>k << 2), idx, <usize>k << 2);
  }
}

/** out (rows × k int32) = the indices of each row's k largest values, largest first, ties by index, NaN after every number; `work` holds k·(key + 4) bytes. */
export function f32_topk(src: usize, rows: i32, n: i32, k: i32, out: usize, work: usize): void { topkRows<f32, u32>(src, rows, n, k, out, work); }
export function f64_topk(src: usize, rows: i32, n: i32, k: i32, out: usize, work: usize): void { topkRows<f64, u64>(src, rows, n, k, out, work); }
export function i32_topk(src: usize, rows: i32, n: i32, k: i32, out: usize, work: usize): void { topkRows<i32, u32>(src, rows, n, k, out, work); }
