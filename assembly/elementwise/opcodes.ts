// Op codes shared with src/backend/opcodes.ts. Each exported kernel takes the op as
// its first argument and switches on it once, outside the loops: the per-op loop
// bodies are @inline'd with a constant op, so Binaryen folds every inner switch away.

export const ADD: i32 = 0;
export const SUB: i32 = 1;
export const MUL: i32 = 2;
export const DIV: i32 = 3;
export const MAXIMUM: i32 = 4;
export const MINIMUM: i32 = 5;
export const POW: i32 = 6;

export const RELU: i32 = 0;
export const NEG: i32 = 1;
export const ABS: i32 = 2;
export const SQUARE: i32 = 3;
export const SQRT: i32 = 4;
export const EXP: i32 = 5;
export const LOG: i32 = 6;
export const TANH: i32 = 7;
export const SIGMOID: i32 = 8;

// Added to a binary op code (contiguous and scalar entry points): apply relu to the result in the same pass.
export const THEN_RELU: i32 = 16;
