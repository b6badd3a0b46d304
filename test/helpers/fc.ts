// fast-check settings shared by every property test: a fixed seed so a run is
// reproducible, and FC_RUNS=<n> in the environment for a longer hunt.
export const FC_SEED = 42;

export function fcParams(numRuns = 200): { seed: number; numRuns: number } {
  const fromEnv = Number(process.env.FC_RUNS);
  return { seed: FC_SEED, numRuns: Number.isInteger(fromEnv) && fromEnv > 0 ? fromEnv : numRuns };
}
