// Every number that decides when an op runs on several threads, in one place, picked by
// measurement on a 2-core EPYC (`simd-tensor bench --threads 2` re-measures the cases).
// The grains are the least work one thread must get for a split to pay for waking a
// worker (~1 µs while it spins, ~30 µs from sleep) and for sharing the caches.
// A mutable object so that tests can shrink the grains and push every op through the
// split paths; nothing in the package changes them.

export const tuning = {
  /** Minimum elements per thread for cheap element-wise ops (add, relu, ...), copies and fills. */
  elementwisePerThread: 1 << 16,
  /** Minimum elements per thread for the transcendental ops (exp, log, tanh, sigmoid, pow). */
  transcendentalPerThread: 1 << 13,
  /** Minimum multiply-adds (m·n·k) per thread for matmul. */
  gemmPerThread: 1 << 18,
  /** Minimum multiply-adds per thread for matrix·vector and vector·vector products. */
  gemvPerThread: 1 << 17,
  /** Minimum input elements per thread for the reductions. */
  reducePerThread: 1 << 17,
};

/** Atomics.load polls a worker makes after a task before it sleeps in Atomics.wait. */
export const WORKER_SPIN = 100_000;
/** Polls the calling thread makes on a worker's state before it sleeps. */
export const CALLER_SPIN = 100_000;
/**
 * A worker that has not finished this long after the calling thread finished its own
 * share is taken for dead: at least WAIT_TIMEOUT_MS, or WAIT_TIMEOUT_FACTOR times the
 * calling thread's share (the shares are equal, so a live worker is never that late).
 */
export const WAIT_TIMEOUT_MS = 10_000;
export const WAIT_TIMEOUT_FACTOR = 50;
