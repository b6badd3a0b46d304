import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    pool: "forks",
    testTimeout: 60_000,
    // The default reporter, plus a line every 10 s while files run (see the reporter).
    reporters: ["default", "./test/helpers/progress-reporter.ts"],
  },
});
