// The kernel builds by name: the one part of the loader the public types mention.
export type BuildName = "scalar" | "simd" | "relaxed";
export const BUILD_NAMES: readonly BuildName[] = ["scalar", "simd", "relaxed"];
