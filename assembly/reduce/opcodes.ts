// Op codes of the reduction kernels; must match ReduceOp / ArgReduceOp in
// src/backend/reduce.ts. As in elementwise/, each export switches on the op once,
// outside its loops, and every loop body is @inline'd with a constant op.

export const SUM: i32 = 0;
export const PROD: i32 = 1;
export const MAX: i32 = 2;
export const MIN: i32 = 3;

export const ARGMAX: i32 = 0;
export const ARGMIN: i32 = 1;
