// Facts about the kernel binaries that both platforms need, computed on bytes alone.

// The smallest module using a relaxed-SIMD instruction (i8x16.relaxed_swizzle): whether
// the runtime validates it is the feature test. A build compiled with the feature
// enabled validates anywhere until it actually uses such an instruction, so the build
// itself is no test.
export const RELAXED_PROBE = new Uint8Array([
  0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x05, 0x01, 0x60, 0x00, 0x01, 0x7b, 0x03, 0x02, 0x01, 0x00,
  0x0a, 0x0f, 0x01, 0x0d, 0x00, 0x41, 0x00, 0xfd, 0x0f, 0x41, 0x00, 0xfd, 0x0f, 0xfd, 0x80, 0x02, 0x0b,
]);

const IMPORT_SECTION = 2;
const MEMORY_IMPORT = 2;
const SHARED_FLAG = 0x02;

/**
 * A copy of a kernel build whose imported memory is declared unshared. The builds import a
 * shared memory (so workers can share the heap), and a module declaring a shared memory
 * import cannot be given an unshared one; a browser page that is not cross-origin isolated
 * may not share memory, so there the heap is unshared and the kernels are compiled from
 * this copy. Only the flag byte of the memory import's limits changes (same length, so no
 * size field moves); the kernels' atomics remain valid on an unshared memory.
 */
export function unshareMemoryImport(wasm: Uint8Array): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(wasm);
  let p = 8; // magic and version
  const leb = (): number => {
    let result = 0, shift = 0, byte: number;
    do {
      byte = out[p++];
      result += (byte & 0x7f) * 2 ** shift;
      shift += 7;
    } while (byte & 0x80);
    return result;
  };
  const skipName = (): void => {
    const length = leb(); // read before adding: `p += leb()` would add to the old p
    p += length;
  };
  while (p < out.length) {
    const id = out[p++];
    const size = leb();
    const end = p + size;
    if (id === IMPORT_SECTION) {
      for (let n = leb(); n > 0; n--) {
        skipName();
        skipName();
        const kind = out[p++];
        if (kind === MEMORY_IMPORT) {
          out[p] &= ~SHARED_FLAG;
          return out;
        }
        if (kind === 0x00) leb(); // function: type index
        else if (kind === 0x01) { p++; const flags = leb(); leb(); if (flags & 1) leb(); } // table: reftype, limits
        else if (kind === 0x03) p += 2; // global: valtype, mutability
        else if (kind === 0x04) { p++; leb(); } // tag: attribute, type index
        else throw new Error(`simd-tensor internal error: unknown import kind ${kind} in a kernel build`);
      }
    }
    p = end;
  }
  throw new Error("simd-tensor internal error: a kernel build imports no memory");
}
