// --vs tfjs: loads @tensorflow/tfjs with its WebAssembly backend, the main competitor.
// Both packages are optional (devDependencies here): they are imported dynamically, so
// the CLI runs without them and only --vs tfjs asks for them.

/** The slice of the tfjs API the cases use (typed here so the CLI compiles without tfjs). */
export interface TfTensor {
  readonly shape: number[];
  dataSync(): ArrayLike<number>;
  dispose(): void;
}

export interface Tfjs {
  readonly version: string;
  tensor(values: ArrayLike<number>, shape: readonly number[], dtype: "float32" | "bool" | "int32"): TfTensor;
  gather(x: TfTensor, indices: TfTensor, axis?: number): TfTensor;
  topk(x: TfTensor, k: number): { values: TfTensor; indices: TfTensor };
  reverse(x: TfTensor, axis?: number): TfTensor;
  add(a: TfTensor, b: TfTensor): TfTensor;
  sub(a: TfTensor, b: TfTensor): TfTensor;
  maximum(a: TfTensor, b: TfTensor): TfTensor;
  greater(a: TfTensor, b: TfTensor): TfTensor;
  where(condition: TfTensor, a: TfTensor, b: TfTensor): TfTensor;
  relu(x: TfTensor): TfTensor;
  dot(a: TfTensor, b: TfTensor): TfTensor;
  matMul(a: TfTensor, b: TfTensor, transposeA?: boolean, transposeB?: boolean): TfTensor;
  transpose(x: TfTensor, perm?: number[]): TfTensor;
  sum(x: TfTensor, axis?: number | number[]): TfTensor;
  logSumExp(x: TfTensor, axis?: number | number[]): TfTensor;
  cumsum(x: TfTensor, axis?: number): TfTensor;
  exp(x: TfTensor): TfTensor;
  log(x: TfTensor): TfTensor;
  tanh(x: TfTensor): TfTensor;
  sigmoid(x: TfTensor): TfTensor;
  log1p(x: TfTensor): TfTensor;
  expm1(x: TfTensor): TfTensor;
  softplus(x: TfTensor): TfTensor;
  sin(x: TfTensor): TfTensor;
  cos(x: TfTensor): TfTensor;
  tidy<T>(fn: () => T): T;
}

interface TfjsModule extends Tfjs {
  version_core: string;
  setBackend(name: string): Promise<boolean>;
  ready(): Promise<void>;
  getBackend(): string;
  env(): { getBool(flag: string): boolean };
}

export interface LoadedTfjs {
  tf: Tfjs;
  /** For the environment header. */
  description: string;
}

export class TfjsUnavailableError extends Error {
  override name = "TfjsUnavailableError";
}

const PACKAGES = ["@tensorflow/tfjs", "@tensorflow/tfjs-backend-wasm"] as const;

/** Imports tfjs and switches it to the wasm backend (SIMD, one thread: threads do not work in Node). */
export async function loadTfjs(): Promise<LoadedTfjs> {
  let tf: TfjsModule;
  try {
    // Variables, not literals: TypeScript must not resolve (or require) the optional packages.
    const [core, backend] = PACKAGES;
    tf = (await import(core)) as TfjsModule;
    await import(backend);
  } catch (error) {
    throw new TfjsUnavailableError(
      `--vs tfjs needs ${PACKAGES.join(" and ")}, which could not be loaded (${firstLine(error)}).\n` +
        `Install them next to simd-tensor: npm install --save-dev ${PACKAGES.map((p) => `${p}@4.22.0`).join(" ")}`,
    );
  }
  if (!(await tf.setBackend("wasm"))) throw new TfjsUnavailableError("--vs tfjs: tfjs could not initialise its wasm backend");
  await tf.ready();
  const simd = tf.env().getBool("WASM_HAS_SIMD_SUPPORT");
  return { tf, description: `tfjs ${tf.version_core}, ${tf.getBackend()} backend${simd ? " (SIMD)" : ""}, 1 thread` };
}

function firstLine(error: unknown): string {
  return String(error instanceof Error ? error.message : error).split("\n")[0];
}
