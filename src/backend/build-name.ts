// The kernel builds by name: the one part of the loader the public types mention.
/**
 * A kernel build, for {@link setBackend} and {@link BackendInfo}: "scalar" (no SIMD),
 * "simd" (wasm SIMD128) or "relaxed" (SIMD128 plus relaxed-SIMD FMA, used only when the
 * runtime validates it). All three give the same API over the same heap.
 */
export type BuildName = "scalar" | "simd" | "relaxed";
export const BUILD_NAMES: readonly BuildName[] = ["scalar", "simd", "relaxed"];
