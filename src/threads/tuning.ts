// Every number that decides when an op runs on several threads, in one place, picked by
// measurement on a 2-core EPYC, idle (the speed-ups quoted are 2 threads against 1 at
// sizes around each grain, float32, interleaved in one process; `simd-tensor bench
// --threads 2` re-measures the big cases).
// The grains are the least work one thread must get for a split to pay for waking a
// worker (~1 µs while it spins, ~30 µs from sleep) and for sharing the caches.
// A mutable object so that tests can shrink the grains and push every op through the
// split paths; nothing in the package changes them.

export const tuning = {
  /** Minimum elements per thread for cheap element-wise ops (add, relu, ...), strided copies and fills. add on 2 threads: 0.85× at 32k elements, 1.2× at 64k, 1.9× at 128k. */
  elementwisePerThread: 1 << 15,
  /** Minimum elements per thread for exp, log, tanh, sigmoid, pow. exp: 1.17× at 8k elements, 1.46× at 16k. */
  transcendentalPerThread: 1 << 13,
  /** Minimum elements per thread for transposing copies (contiguous() of a transposed view): 0.67× at 256², 1.6× at 512². */
  transposePerThread: 1 << 17,
  /** Minimum multiply-adds (m·n·k) per thread for matmul: plain SIMD 0.9× at 48³, 1.2× at 64³, 1.4× at 80³; relaxed 0.92× at 64³, 1.33× at 80³. */
  gemmPerThread: 1 << 18,
  /** Minimum multiply-adds per thread for matrix·vector and 1-D dot: matvec 1.03× at 256², 1.55× at 512²; dot 1.3× at 65k. */
  gemvPerThread: 1 << 16,
  /** Minimum input elements per thread for the reductions: sum 0.82× at 256², 1.64× at 512²; axis 0 0.56× / 1.5×. */
  reducePerThread: 1 << 17,
  /** Minimum window cells read (output elements × window size) per thread for maxPool2d, avgPool2d and their gradients. Not measured yet (the 2-core machine was shared when pooling landed: 2 threads gave 0.9-1.0× at every size): set from add's grain, which reads about as many bytes per element. */
  poolPerThread: 1 << 16,
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
