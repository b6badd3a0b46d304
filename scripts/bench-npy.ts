// loadNpy / saveNpy against the file system's own speed: a float32 .npy (100 MB by
// default) read by loadNpy beside fs.readFileSync of the same file, and written by saveNpy
// beside fs.writeFileSync of the same bytes, interleaved, medians of --runs runs.
//   npx tsx scripts/bench-npy.ts [--mb 100] [--runs 9]
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as st from "../src/index.js";

function option(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}

const mb = option("mb", 100), runs = option("runs", 9);
const n = Math.round((mb * 1e6) / 4);
const dir = mkdtempSync(join(tmpdir(), "bench-npy-"));
const npy = join(dir, "x.npy"), raw = join(dir, "raw.bin"), out = join(dir, "out.npy");

function time(fn: () => void): number {
  const t0 = performance.now();
  fn();
  return performance.now() - t0;
}
const median = (xs: number[]) => xs.slice().sort((a, b) => a - b)[xs.length >> 1];

try {
  const x = st.randomUniform([n], { seed: 1 });
  st.saveNpy(npy, x);
  const bytes = readFileSync(npy);
  const t = { read: [] as number[], load: [] as number[], write: [] as number[], save: [] as number[] };
  for (let r = 0; r < runs + 1; r++) {
    const read = time(() => readFileSync(npy));
    const load = time(() => st.loadNpy(npy).dispose());
    const write = time(() => writeFileSync(raw, bytes));
    const save = time(() => st.saveNpy(out, x));
    if (r === 0) continue; // warm-up: page cache, heap growth
    t.read.push(read); t.load.push(load); t.write.push(write); t.save.push(save);
  }
  const [read, load, write, save] = [t.read, t.load, t.write, t.save].map(median);
  console.log(`float32 .npy of ${(bytes.length / 1e6).toFixed(1)} MB, median of ${runs} runs:`);
  console.log(`  fs.readFileSync  ${read.toFixed(1)} ms   loadNpy ${load.toFixed(1)} ms   ratio ${(load / read).toFixed(2)}`);
  console.log(`  fs.writeFileSync ${write.toFixed(1)} ms   saveNpy ${save.toFixed(1)} ms   ratio ${(save / write).toFixed(2)}`);
  x.dispose();
} finally {
  rmSync(dir, { recursive: true, force: true });
}
