// The path-based .npy/.npz functions and the node:zlib codec: the Node-only half of the io
// layer (npy.ts, npz.ts and zip.ts import nothing from Node, for a browser entry).
import { closeSync, fstatSync, openSync, readFileSync, readSync, writeSync } from "node:fs";
import { crc32, deflateRawSync, inflateRawSync } from "node:zlib";
import { FormatError, InvalidArgumentError } from "../errors.js";
import { describe, expectTensor } from "../engine/operand.js";
import type { Tensor } from "../tensor.js";
import { checkDataSize, decodeNpy, directTensor, isDirect, readLayout, withNpyParts } from "./npy.js";
import { decodeNpz, encodeNpz, type NpzReadOptions, type NpzWriteOptions } from "./npz.js";
import type { ZipCodec } from "./zip.js";

/** @internal The codec the package's Node entry installs. */
export const nodeZipCodec: ZipCodec = {
  deflateRaw: (data) => deflateRawSync(data),
  // maxOutputLength: a member that inflates past its recorded size fails here instead of filling memory.
  inflateRaw: (data, size) => inflateRawSync(data, { maxOutputLength: Math.max(size, 1) }),
  crc32: (data) => crc32(data),
};

/**
 * Reads a .npy file (synchronously) into a tensor, as {@link fromNpy} reads its bytes. A
 * file in a library dtype is read straight into the tensor's memory (no copy in between);
 * others are converted. Errors name the file.
 */
export function loadNpy(path: string): Tensor {
  expectPath(path, "loadNpy");
  const where = `loadNpy: ${path}`;
  const fd = openSync(path, "r");
  try {
    const size = fstatSync(fd).size;
    // The preamble (10 or 12 bytes: magic, version, header length), then the whole header.
    const preamble = readAt(fd, Math.min(size, 12), 0, where);
    const headerEnd = preamble.length < 10 ? preamble.length
      : preamble[6] === 1 ? 10 + (preamble[8] | (preamble[9] << 8))
      : 12 + new DataView(preamble.buffer, preamble.byteOffset, preamble.length).getUint32(8, true);
    const layout = readLayout(readAt(fd, Math.min(size, headerEnd), 0, where), where);
    checkDataSize(layout, size - layout.dataOffset, where);
    if (!isDirect(layout)) return decodeNpy(readFileSync(fd), where); // conversions read the whole file
    return directTensor(layout, (dst) => readInto(fd, dst, layout.dataOffset, where));
  } finally {
    closeSync(fd);
  }
}

/**
 * Writes `t` to a .npy file (synchronously), as {@link toNpy} makes its bytes, straight from
 * the tensor's memory; `numpy.load` reads it.
 */
export function saveNpy(path: string, t: Tensor): void {
  expectPath(path, "saveNpy");
  expectTensor(t, "saveNpy");
  const fd = openSync(path, "w");
  try {
    withNpyParts(t, "saveNpy", (header, data) => {
      writeAll(fd, header);
      writeAll(fd, data);
    });
  } finally {
    closeSync(fd);
  }
}

/**
 * Reads a .npz file (synchronously; stored or compressed, as `numpy.savez` and
 * `numpy.savez_compressed` write it) into tensors keyed as numpy keys them, as
 * {@link fromNpz} reads its bytes. Errors name the file and the member.
 */
export function loadNpz(path: string, options: NpzReadOptions = {}): Record<string, Tensor> {
  expectPath(path, "loadNpz");
  return decodeNpz(readFileSync(path), `loadNpz: ${path}`, options);
}

/**
 * Writes tensors to a .npz file (synchronously), each as the member "<key>.npy", stored or,
 * with `{ compress: true }`, deflated (`numpy.savez` / `numpy.savez_compressed`).
 */
export function saveNpz(path: string, tensors: Record<string, Tensor>, options: NpzWriteOptions = {}): void {
  expectPath(path, "saveNpz");
  const chunks = encodeNpz(tensors, options, "saveNpz");
  // Written chunk by chunk: the archive is never joined into one more copy.
  const fd = openSync(path, "w");
  try {
    for (const c of chunks) writeAll(fd, c);
  } finally {
    closeSync(fd);
  }
}

function expectPath(path: unknown, op: string): void {
  if (typeof path !== "string" || path === "") throw new InvalidArgumentError(`${op}: path must be a non-empty string, got ${describe(path)}`);
}

function writeAll(fd: number, bytes: Uint8Array): void {
  for (let at = 0; at < bytes.length;) at += writeSync(fd, bytes, at, bytes.length - at);
}

function readAt(fd: number, length: number, position: number, where: string): Uint8Array {
  const out = new Uint8Array(length);
  readInto(fd, out, position, where);
  return out;
}

/** Fills `dst` from the file at `position`; the size was checked, so a short read means the file changed underneath. */
function readInto(fd: number, dst: Uint8Array, position: number, where: string): void {
  for (let at = 0; at < dst.length;) {
    const n = readSync(fd, dst, at, dst.length - at, position + at);
    if (n === 0) throw new FormatError(`${where}: truncated: the file ended after ${position + at} bytes while being read`);
    at += n;
  }
}
