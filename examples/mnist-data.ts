// The `mnist` package's 10,000 real handwritten digits (28×28, pixels in [0, 1]) as
// tensors, split the same way on every run: the digits in a fixed shuffled order (seed
// 2024), the first 8,000 for training and the last 2,000 for testing. Used by
// examples/mnist-convnet.ts and the tape version, mnist-convnet-tape.ts.
import { createRequire } from "node:module";
import * as st from "simd-tensor";

/** What the package exports per digit: `raw` holds `length` images of 784 pixels each. */
type MnistDigits = Record<number, { raw: number[]; length: number }>;

const PIXELS = 28 * 28;

/** Training and test images (N, 28, 28, 1) float32 and labels (N,) int32; the caller disposes them. */
export interface MnistSplit {
  trainImages: st.Tensor;
  trainLabels: st.Tensor;
  testImages: st.Tensor;
  testLabels: st.Tensor;
}

/** Loads the 10,000 digits: `train` of them for training (default 8,000), the rest for testing. */
export function loadMnist(train = 8000): MnistSplit {
  const mnist = createRequire(import.meta.url)("mnist") as MnistDigits;
  const images: number[][] = [];
  const labels: number[] = [];
  for (let digit = 0; digit < 10; digit++) {
    const { raw, length } = mnist[digit];
    for (let i = 0; i < length; i++) {
      images.push(raw.slice(i * PIXELS, (i + 1) * PIXELS));
      labels.push(digit);
    }
  }
  const order = st.tidy(() => st.randomGenerator(2024).permutation(labels.length).data());
  const n = labels.length;
  const pixels = new Float32Array(n * PIXELS);
  const classes = new Int32Array(n);
  order.forEach((from, to) => {
    pixels.set(images[from], to * PIXELS);
    classes[to] = labels[from];
  });
  return {
    trainImages: st.tensor(pixels.subarray(0, train * PIXELS), [train, 28, 28, 1]),
    trainLabels: st.tensor(classes.subarray(0, train), [train]),
    testImages: st.tensor(pixels.subarray(train * PIXELS), [n - train, 28, 28, 1]),
    testLabels: st.tensor(classes.subarray(train), [n - train]),
  };
}
