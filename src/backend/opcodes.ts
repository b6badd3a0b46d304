// Op codes of the element-wise kernels; must match assembly/elementwise/opcodes.ts
// (test/backend/opcodes.test.ts compares the two files).

export const BinaryOp = { add: 0, sub: 1, mul: 2, div: 3, maximum: 4, minimum: 5, pow: 6 } as const;
export type BinaryOpName = keyof typeof BinaryOp;

export const UnaryOp = { relu: 0, neg: 1, abs: 2, square: 3, sqrt: 4, exp: 5, log: 6, tanh: 7, sigmoid: 8 } as const;
export type UnaryOpName = keyof typeof UnaryOp;

/** Added to a binary op's code (contiguous and scalar kernels): relu of the result, in the same pass. */
export const THEN_RELU = 16;
