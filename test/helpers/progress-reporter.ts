// Progress while the suite runs. vitest's default reporter prints a file when it ends and
// starts the slowest files first, so a plain (non-TTY) run could sit silent for its first
// 15 s; this prints a line at the start and, every 10 s, what is running and how many tests
// have passed. In a terminal the default reporter's live summary does that already.
import { relative } from "node:path";
import type { Reporter, TestCase, TestModule, TestSpecification } from "vitest/node";

const HEARTBEAT_MS = 10_000;

export default class ProgressReporter implements Reporter {
  #running = new Map<string, number>();
  #passed = 0;
  #failed = 0;
  #timer: ReturnType<typeof setInterval> | undefined;

  onTestRunStart(specifications: ReadonlyArray<TestSpecification>): void {
    console.log(`running ${specifications.length} test files …`);
    if (process.stdout.isTTY) return;
    this.#timer = setInterval(() => this.#heartbeat(), HEARTBEAT_MS);
    this.#timer.unref();
  }

  onTestModuleStart(testModule: TestModule): void {
    this.#running.set(relative(process.cwd(), testModule.moduleId), performance.now());
  }

  onTestModuleEnd(testModule: TestModule): void {
    this.#running.delete(relative(process.cwd(), testModule.moduleId));
  }

  onTestCaseResult(testCase: TestCase): void {
    const state = testCase.result().state;
    if (state === "passed") this.#passed++;
    else if (state === "failed") this.#failed++;
  }

  onTestRunEnd(): void {
    clearInterval(this.#timer);
  }

  #heartbeat(): void {
    const now = performance.now();
    const files = [...this.#running].map(([file, t0]) => `${file} ${Math.round((now - t0) / 1000)} s`).join(", ");
    const failed = this.#failed > 0 ? `, ${this.#failed} failed` : "";
    console.log(`  … ${this.#passed} tests passed${failed}; running: ${files || "(collecting)"}`);
  }
}
