// Tensor lifetimes: tidy scopes, keep, and the FinalizationRegistry safety net.
//
// Registering a tensor with a FinalizationRegistry costs about as much as the op itself
// (DESIGN §3: 0.49 µs/op without, 0.86 µs with). So a tensor made inside tidy() is only
// pushed on the scope's list; it is registered only if it outlives the outermost scope
// (returned or kept). Tensors made outside any scope are registered at birth.
import { platform } from "../platform/current.js";

/** What the scope machinery needs of a tensor; implemented by Tensor. */
export interface Tracked {
  /** True once the storage reference was released; the scope machinery skips such tensors. */
  readonly isDisposed: boolean;
  /** Set by keep(): no tidy scope disposes it. */
  kept: boolean;
  /** True while the safety net holds it. */
  finalizable: boolean;
  /** Releases the tensor's storage reference; must not unregister (the scope does). */
  releaseStorage(): void;
  /** The storage release the finalizer performs for a collected tensor. */
  readonly finalizerToken: FinalizerHeld;
  /** Set while the safety net holds it (register() to untrack()/collection). */
  netEntry: NetEntry | undefined;
}

/** A tensor in the safety net: what the finalizer releases, and whether it counts as forgotten. */
export interface NetEntry {
  held: FinalizerHeld;
  readonly bytes: number;
  /** Not kept: no tidy will free it, only dispose() or a garbage collection. */
  counted: boolean;
}

export interface FinalizerHeld {
  release(): void;
  /** The block's size in bytes. */
  readonly bytes: number;
}

let liveTensors = 0;

/**
 * Tensors outside every tidy scope and not kept: the ones a loop that forgot tidy piles up.
 * Past either threshold a one-time warning says so (the safety net frees them only when
 * the garbage collector gets round to it, and the heap never shrinks).
 */
const untidied = { tensors: 0, bytes: 0, warned: false };
export const UNTIDIED_WARNING = { tensors: 100_000, bytes: 2 ** 30 };

function count(entry: NetEntry, sign: 1 | -1): void {
  untidied.tensors += sign;
  untidied.bytes += sign * entry.bytes;
  if (sign > 0 && !untidied.warned && (untidied.tensors > UNTIDIED_WARNING.tensors || untidied.bytes > UNTIDIED_WARNING.bytes)) {
    untidied.warned = true;
    platform.warn(
      `simd-tensor: ${untidiedDescription()} are live outside any tidy(); ` +
        "wrap loops in st.tidy(() => { ... }) or dispose() what you no longer need (the safety net frees them only when the garbage collector runs)",
      "SIMD_TENSOR_UNTIDIED",
    );
  }
}

/** "N tensors (M MiB)" made outside tidy and not yet disposed, for messages. */
export function untidiedDescription(): string {
  return `${untidied.tensors} tensors (${Math.round(untidied.bytes / 2 ** 20)} MiB)`;
}

/** Live tensors outside every tidy scope and not kept. */
export function untidiedTensorCount(): number {
  return untidied.tensors;
}

const registry = new FinalizationRegistry<NetEntry>((entry) => {
  // A tensor nobody disposed was garbage-collected: free its storage reference.
  // dispose() unregisters, so this never runs for a disposed tensor (no double free).
  liveTensors--;
  if (entry.counted) count(entry, -1);
  entry.held.release();
});

const scopes: Tracked[][] = [];

/** Called once for every new tensor. */
export function track(t: Tracked): void {
  liveTensors++;
  const scope = scopes.length > 0 ? scopes[scopes.length - 1] : undefined;
  if (scope !== undefined) scope.push(t);
  else register(t);
}

function register(t: Tracked): void {
  if (t.finalizable || t.isDisposed) return;
  t.finalizable = true;
  const entry: NetEntry = { held: t.finalizerToken, bytes: t.finalizerToken.bytes, counted: !t.kept };
  t.netEntry = entry;
  if (entry.counted) count(entry, 1);
  registry.register(t, entry, t);
}

/** Called by dispose(): the tensor's storage is released exactly once. */
export function untrack(t: Tracked): void {
  liveTensors--;
  if (t.finalizable) {
    registry.unregister(t);
    t.finalizable = false;
    if (t.netEntry?.counted) count(t.netEntry, -1);
    t.netEntry = undefined;
  }
  t.releaseStorage();
}

export function liveTensorCount(): number {
  return liveTensors;
}

export function beginScope(): void {
  scopes.push([]);
}

/** Disposes every tensor of the innermost scope except `survivors` and kept ones; survivors move to the parent scope. */
export function endScope(survivors: ReadonlySet<Tracked> | Tracked | undefined, dispose: (t: Tracked) => void): void {
  const scope = scopes.pop()!;
  const parent = scopes.length > 0 ? scopes[scopes.length - 1] : undefined;
  for (let i = 0; i < scope.length; i++) {
    const t = scope[i];
    if (t.isDisposed) continue;
    const survives = t.kept || (survivors instanceof Set ? survivors.has(t) : survivors === t);
    if (!survives) dispose(t);
    else if (parent !== undefined && !t.kept) parent.push(t);
    else register(t);
  }
}

/** A tensor moved to another block (a variable's copy-on-write): the safety net frees that one now. */
export function retarget(t: Tracked): void {
  if (t.netEntry !== undefined) t.netEntry.held = t.finalizerToken;
}

export function markKept(t: Tracked): void {
  t.kept = true;
  if (t.netEntry?.counted) {
    t.netEntry.counted = false;
    count(t.netEntry, -1);
  }
  if (scopes.length === 0) register(t);
}
