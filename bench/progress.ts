// Progress on stderr while cases run (stdout carries only the report). On a terminal one
// line is rewritten in place; otherwise (CI logs, pipes) each case gets one line.

export interface ProgressSink {
  write(text: string): void;
  isTTY: boolean;
}

export class Progress {
  private prefix = "";
  private readonly started = performance.now();

  constructor(private readonly sink: ProgressSink) {}

  startCase(index: number, total: number, label: string): void {
    this.prefix = `[${index}/${total}] ${label}`;
    if (this.sink.isTTY) this.redraw("");
    else this.sink.write(`${this.prefix}\n`);
  }

  step(text: string): void {
    if (this.sink.isTTY) this.redraw(text);
  }

  finish(cases: number): void {
    if (this.sink.isTTY) this.sink.write("\r\x1b[2K");
    this.sink.write(`bench: ${cases} case${cases === 1 ? "" : "s"} in ${((performance.now() - this.started) / 1000).toFixed(1)} s\n`);
  }

  private redraw(text: string): void {
    this.sink.write(`\r\x1b[2K${this.prefix}${text ? `: ${text}` : ""}`);
  }
}
