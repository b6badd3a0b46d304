// The control block one worker thread and the calling thread share: a slice of one
// SharedArrayBuffer per worker, separate from the wasm heap so that nothing here can
// collide with tensor memory. The calling thread writes a task (a list of kernel calls),
// flips STATE to TASK and notifies; the worker runs the calls, writes their results and
// flips STATE back to IDLE. Atomics on STATE order every other read and write.
//
//   i32 words [0, 16)           STATE, ERROR, BUILD, CALLS; the rest free (the tests'
//                               fault injection uses the last one)
//   f64 [RESULTS, +MAX_CALLS)   each call's return value (dot products)
//   f64 [ARGS, +ARGS_CAPACITY)  the calls: kernel index, argument count, arguments...

/** Worker states (the STATE word). */
export const State = {
  /** Starting: instantiating its first kernel build. */
  STARTING: 0,
  /** Waiting for a task; also "the last task is done". */
  IDLE: 1,
  /** A task has been posted and no thread has claimed it yet. */
  TASK: 2,
  /** The worker's thread is exiting (set by its process "exit" handler). */
  DEAD: 3,
  /** The worker claimed the task and is running it. */
  RUNNING: 4,
  /** The calling thread claimed the task (the worker was slow to wake) and is running it. */
  STOLEN: 5,
} as const;

export const Word = { STATE: 0, ERROR: 1, BUILD: 2, CALLS: 3 } as const;

export const CONTROL_WORDS = 16;
export const MAX_CALLS = 256;
export const ARGS_CAPACITY = 4096;
/** f64 index of the results and of the calls, in a Float64Array over one worker's block. */
export const RESULTS = CONTROL_WORDS / 2;
export const ARGS = RESULTS + MAX_CALLS;
/** Bytes per worker, a multiple of 128 so two workers' STATE words never share a cache line. */
export const BLOCK_BYTES = Math.ceil(((ARGS + ARGS_CAPACITY) * 8) / 128) * 128;
