// Runs a describe block once per kernel build, switching with st.setBackend and
// restoring the default build afterwards.
import { afterAll, beforeAll, describe, expect } from "vitest";
import type { StModule } from "./layouts.js";
import type { BuildName } from "../../src/index.js";

export function describeEachBuild(st: StModule, builds: readonly BuildName[], body: (build: BuildName) => void): void {
  describe.each(builds.map((b) => [b]))("kernel build %s", (build) => {
    beforeAll(() => {
      st.setBackend(build);
      expect(st.backendInfo().build).toBe(build);
    });
    afterAll(() => {
      st.setBackend(st.backendInfo().defaultBuild);
    });
    body(build);
  });
}
