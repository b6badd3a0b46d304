// The recording. Every primitive op ends with
//
//     if (isRecording()) record("mul", [a, b], out);
//
// With no tape recording that is one comparison. With tapes recording, record() asks each
// active tape whether one of the operands is on it (watched, a trainable variable it may
// watch, or the result of an op it recorded); if so the tape appends one TapeNode: the op
// name (which selects the gradient rule), the operands, the result, the op's attrs, and
// the tensors the rule said it will read in backward.
//
// Saved tensors and tidy. A tensor saved for backward may be disposed by the tidy that
// made it long before gradient() runs. So a node retains the *storage* of what it saved
// (a reference count, no copy, no Tensor object); when the backward pass needs a saved
// tensor whose object was disposed, it re-creates a view over that storage for the
// duration of the pass. A node is shared by every tape that recorded it and counts them;
// its storage is released when the last one lets go (a non-persistent tape after its
// gradient(), a persistent one at dispose()).
//
// Identity. Tapes know tensors by object identity. A re-created view stands for the tensor
// it replaces (its "origin"), so an outer tape recording an inner tape's backward pass
// connects the inner rule's ops to the tensors it watched: that is what makes nested tapes
// give higher-order gradients.
import { isFloatDType } from "../dtype.js";
import type { Storage } from "../memory/storage.js";
import { Tensor } from "../tensor.js";
import { recordingTapes } from "../engine/recording.js";
import { GRADIENTS, type RecordedOp } from "./gradients/index.js";
import type { GradientContext, GradientRule, Operand } from "./gradients/rule.js";

export type { Operand } from "./gradients/rule.js";
export { isRecording } from "../engine/recording.js";

/** A tensor a node reads in backward: the object the op saw, and its retained storage. */
class Saved {
  constructor(
    readonly tensor: Tensor,
    readonly storage: Storage,
    /** The identity the tapes know it by. */
    readonly key: Tensor,
  ) {}
}

export class TapeNode {
  /** How many tapes hold this node. */
  refs = 0;
  constructor(
    readonly op: RecordedOp,
    readonly rule: GradientRule<any>,
    /** The operands as the tapes know them (re-created views replaced by their origin). */
    readonly inputs: readonly Operand[],
    readonly output: Tensor,
    readonly attrs: unknown,
    /** Per input index, what was saved of it (undefined: only its shape and dtype are needed). */
    readonly savedInputs: readonly (Saved | undefined)[] | undefined,
    readonly savedOutput: Saved | undefined,
    readonly savedExtra: readonly Saved[] | undefined,
  ) {}
}

/** Variables carry a `trainable` flag; plain tensors have no such property. */
function isTrainableVariable(t: Tensor): boolean {
  return (t as { trainable?: unknown }).trainable === true;
}

function isVariable(t: Tensor): boolean {
  return typeof (t as { trainable?: unknown }).trainable === "boolean";
}

/** One tape's graph. GradientTape (gradient-tape.ts) is the public face of it. */
export class TapeState {
  readonly nodes: TapeNode[] = [];
  /** Everything on this tape: watched tensors and the results of recorded ops. */
  readonly onTape = new Set<Tensor>();
  /** Variables watched, in the order they were first seen. */
  readonly variables: Tensor[] = [];
  /** > 0 while stopRecording() or this tape's own gradient() runs. */
  paused = 0;
  /** True while on the active stack. */
  active = false;
  released = false;

  constructor(readonly watchAccessedVariables: boolean) {}

  watch(t: Tensor): void {
    if (this.onTape.has(t)) return;
    this.onTape.add(t);
    if (isVariable(t)) this.variables.push(t);
  }

  /** True if one of the operands is on this tape; auto-watches trainable variables among them. */
  connects(inputs: readonly Operand[]): boolean {
    let hit = false;
    for (let i = 0; i < inputs.length; i++) {
      const x = inputs[i];
      if (typeof x === "number") continue;
      if (this.onTape.has(x)) hit = true;
      else if (this.watchAccessedVariables && isTrainableVariable(x)) {
        this.watch(x);
        hit = true;
      }
    }
    return hit;
  }

  add(node: TapeNode): void {
    node.refs++;
    this.nodes.push(node);
    this.onTape.add(node.output);
  }

  /** Lets go of every node (their saved storage is freed when no other tape holds them). */
  release(): void {
    if (this.released) return;
    this.released = true;
    for (const node of this.nodes) releaseNode(node);
    this.nodes.length = 0;
    this.onTape.clear();
  }
}

function releaseNode(node: TapeNode): void {
  if (--node.refs > 0) return;
  if (node.savedInputs !== undefined) for (const s of node.savedInputs) s?.storage.release();
  node.savedOutput?.storage.release();
  if (node.savedExtra !== undefined) for (const s of node.savedExtra) s.storage.release();
}

// ---------------------------------------------------------------------------------------
// Which tapes record.

/** Tapes inside their record(), outermost first. */
const active: TapeState[] = [];
/** Tapes below this index are suspended by withoutRecording(). */
let barrier = 0;
/** > 0 while a backward pass runs: only then can an operand be a re-created view. */
let backwardDepth = 0;
/** Re-created view → the tensor it stands for. */
const origins = new WeakMap<Tensor, Tensor>();

function recount(): void {
  let n = 0;
  for (let i = barrier; i < active.length; i++) if (active[i].paused === 0) n++;
  // Active, unpaused tapes at or above the barrier: what isRecording() reads.
  recordingTapes.count = n;
}

export function beginRecording(tape: TapeState): void {
  tape.active = true;
  active.push(tape);
  recount();
}

export function endRecording(tape: TapeState): void {
  const i = active.lastIndexOf(tape);
  if (i >= 0) active.splice(i, 1);
  tape.active = false;
  if (barrier > active.length) barrier = active.length;
  recount();
}

/** Runs fn with `tape` not recording (stopRecording, and a tape's own backward pass). */
export function paused<T>(tape: TapeState, fn: () => T): T {
  tape.paused++;
  recount();
  try {
    return fn();
  } finally {
    tape.paused--;
    recount();
  }
}

/** Runs fn with every tape active now not recording; tapes started inside fn do record. */
export function withoutRecording<T>(fn: () => T): T {
  if (recordingTapes.count === 0) return fn();
  const saved = barrier;
  barrier = active.length;
  recount();
  try {
    return fn();
  } finally {
    barrier = saved;
    recount();
  }
}

function keyOf(x: Operand): Operand {
  return typeof x === "number" ? x : (origins.get(x) ?? x);
}

function save(t: Operand, key: Operand): Saved | undefined {
  if (typeof t === "number") return undefined;
  const storage = t.live("record");
  storage.retain();
  return new Saved(t, storage, key as Tensor);
}

/**
 * Records one op on every recording tape that one of its operands is on. `extra`: more
 * tensors the rule reads (customGrad's saved tensors). Integer results are not recorded:
 * nothing flows through them (integers and bools: numpy has no gradient there either).
 */
export function record(op: RecordedOp, inputs: readonly Operand[], output: Tensor, attrs?: unknown, extra?: readonly Tensor[]): void {
  if (!isFloatDType(output.dtype)) return;
  let keys: readonly Operand[] | undefined;
  let node: TapeNode | undefined;
  for (let i = barrier; i < active.length; i++) {
    const tape = active[i];
    // A released tape may still be inside its record() (gradient() called within it).
    if (tape.paused !== 0 || tape.released) continue;
    keys ??= backwardDepth > 0 ? inputs.map(keyOf) : inputs;
    if (!tape.connects(keys)) continue;
    node ??= makeNode(op, inputs, keys, output, attrs, extra);
    tape.add(node);
  }
}

function makeNode(op: RecordedOp, inputs: readonly Operand[], keys: readonly Operand[], output: Tensor, attrs: unknown, extra: readonly Tensor[] | undefined): TapeNode {
  const rule = GRADIENTS[op] as GradientRule<any>;
  let savedInputs: (Saved | undefined)[] | undefined;
  if (rule.saveInputs !== undefined) {
    savedInputs = new Array<Saved | undefined>(inputs.length);
    for (const i of rule.saveInputs) savedInputs[i] = save(inputs[i], keys[i]);
  }
  const savedOutput = rule.saveOutput === true ? save(output, output) : undefined;
  const savedExtra = extra?.map((t) => save(t, keyOf(t))!);
  return new TapeNode(op, rule, keys, output, attrs, savedInputs, savedOutput, savedExtra);
}

// ---------------------------------------------------------------------------------------
// Reading saved tensors back (backprop.ts).

export function enterBackward(): void {
  backwardDepth++;
}

export function exitBackward(): void {
  backwardDepth--;
}

/** The saved tensor, alive: the original object if nobody disposed it, else a view over its storage. */
function revive(s: Saved): Tensor {
  // The tensor itself while it still shows the saved block: a variable assigned since the
  // op ran has moved to fresh storage (copy-on-write), and the rule must read what the op saw.
  if (!s.tensor.isDisposed && s.tensor.storage === s.storage) return s.tensor;
  const t = s.tensor;
  s.storage.retain();
  // Created inside the backward pass's tidy scope, so disposed when the pass ends.
  const view = new Tensor(s.storage, t.dtype, t._shape, t._strides, t.offset, t.isContiguousLayout);
  origins.set(view, s.key);
  return view;
}

export function contextOf(node: TapeNode): GradientContext<unknown> {
  let inputs = node.inputs;
  if (node.savedInputs !== undefined) {
    const live = inputs.slice();
    node.savedInputs.forEach((s, i) => {
      if (s !== undefined) live[i] = revive(s);
    });
    inputs = live;
  }
  return {
    inputs,
    output: node.savedOutput !== undefined ? revive(node.savedOutput) : node.output,
    attrs: node.attrs,
    saved: node.savedExtra?.map(revive) ?? [],
  };
}
