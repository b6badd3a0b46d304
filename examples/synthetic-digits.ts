// A synthetic stand-in for MNIST made in a few lines (no downloads): ten class templates of
// three blurry strokes each on 28×28, every sample a randomly shifted copy of its class's
// template at a random contrast, with strong pixel noise, clipped to [0, 1]. The same seed
// gives the same images. Used by examples/train-dense.ts and examples/train-dense-tape.ts.

export const SIDE = 28;
export const PIXELS = SIDE * SIDE;
export const CLASSES = 10;

/** A set: `n` images of PIXELS floats back to back, and their labels. */
export interface DigitSet {
  images: Float32Array;
  labels: Int32Array;
}

/** mulberry32: a small seeded generator, so every run sees the same data. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A training set and a test set of the same ten classes. */
export function syntheticDigits(train: number, test: number, random = rng(2024)): { train: DigitSet; test: DigitSet } {
  const gaussian = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
  const templates = Array.from({ length: CLASSES }, () => {
    const img = new Float32Array(PIXELS);
    for (let stroke = 0; stroke < 3; stroke++) {
      const [x0, y0] = [6 + 16 * random(), 6 + 16 * random()];
      const angle = Math.PI * random();
      for (let s = -5; s <= 5; s++) {
        const cx = x0 + s * Math.cos(angle), cy = y0 + s * Math.sin(angle);
        for (let y = 0; y < SIDE; y++) {
          for (let x = 0; x < SIDE; x++) img[y * SIDE + x] += Math.exp(-((x - cx) ** 2 + (y - cy) ** 2) / 3);
        }
      }
    }
    const peak = img.reduce((m, v) => Math.max(m, v), 0);
    return img.map((v) => v / peak);
  });
  const makeSet = (n: number): DigitSet => {
    const images = new Float32Array(n * PIXELS);
    const labels = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      const label = Math.floor(random() * CLASSES);
      labels[i] = label;
      const t = templates[label];
      const dx = Math.floor(random() * 7) - 3, dy = Math.floor(random() * 7) - 3;
      const contrast = 0.5 + random();
      for (let y = 0; y < SIDE; y++) {
        for (let x = 0; x < SIDE; x++) {
          const sx = x - dx, sy = y - dy;
          const v = sx >= 0 && sx < SIDE && sy >= 0 && sy < SIDE ? t[sy * SIDE + sx] : 0;
          images[i * PIXELS + y * SIDE + x] = Math.min(1, Math.max(0, contrast * v + 0.45 * gaussian()));
        }
      }
    }
    return { images, labels };
  };
  return { train: makeSet(train), test: makeSet(test) };
}
