// numpy's .npz: a ZIP archive of .npy members, one per array, named "<key>.npy". No Node
// imports: compression comes through a ZipCodec, which the package's Node entry installs
// (node:zlib) and a caller elsewhere passes as { codec }.
import { FormatError, InvalidArgumentError } from "../errors.js";
import { describe, expectTensor } from "../engine/operand.js";
import type { Tensor } from "../tensor.js";
import { decodeNpy, encodeNpy } from "./npy.js";
import { readZip, writeZip, type ZipCodec, type ZipMember } from "./zip.js";

/** Options of {@link fromNpz} and {@link loadNpz}. */
export interface NpzReadOptions {
  /** Inflates deflate-compressed members; the Node build of the package installs one on node:zlib, so this is needed only elsewhere. */
  codec?: ZipCodec;
}

/** Options of {@link toNpz} and {@link saveNpz}. */
export interface NpzWriteOptions {
  /** Deflate each member, as `numpy.savez_compressed` (default false: stored, as `numpy.savez`). */
  compress?: boolean;
  /** Deflates when `compress` is set; the Node build of the package installs one on node:zlib, so this is needed only elsewhere. */
  codec?: ZipCodec;
}

let installedCodec: ZipCodec | undefined;

/** @internal Installs the codec used when none is passed (the Node entry's node:zlib one). */
export function installZipCodec(codec: ZipCodec): void {
  installedCodec = codec;
}

/**
 * The arrays of a .npz archive's bytes (as `numpy.savez` and `numpy.savez_compressed`
 * write them, ZIP64 included), keyed as numpy's `NpzFile` keys them: each member's name
 * without its `.npy` suffix ("dense/kernel" stays "dense/kernel"). Each member's CRC-32 is
 * checked and its .npy read as {@link fromNpy} reads it. A malformed archive is a
 * {@link FormatError} naming the member; on any error no tensor is left allocated.
 * Compressed members need a codec: installed in Node, else `options.codec`.
 */
export function fromNpz(bytes: Uint8Array, options: NpzReadOptions = {}): Record<string, Tensor> {
  if (!(bytes instanceof Uint8Array)) throw new InvalidArgumentError(`fromNpz: expected a Uint8Array of a .npz file's bytes, got ${describe(bytes)}`);
  return decodeNpz(bytes, "fromNpz", options);
}

/**
 * The bytes of a .npz archive holding each tensor as the member "<key>.npy" (written as
 * {@link toNpy} writes it: C order, data at a multiple of 64 within the member), stored, or
 * deflated with `{ compress: true }`. `numpy.load` reads it back with the same keys, '/' in
 * a key included. Deflate needs a codec: installed in Node, else `options.codec`.
 */
export function toNpz(tensors: Record<string, Tensor>, options: NpzWriteOptions = {}): Uint8Array {
  return joinChunks(encodeNpz(tensors, options, "toNpz"));
}

/** @internal encodeNpz's chunks as one array (what a caller that wants bytes, not a file, gets). */
export function joinChunks(chunks: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

/** @internal fromNpz's work; `where` starts every error message. */
export function decodeNpz(bytes: Uint8Array, where: string, options: NpzReadOptions): Record<string, Tensor> {
  const members = readZip(bytes, where, options.codec ?? installedCodec);
  const out: Record<string, Tensor> = {};
  try {
    for (const { name, data } of members) {
      const key = name.endsWith(".npy") ? name.slice(0, -4) : name;
      if (Object.prototype.hasOwnProperty.call(out, key)) throw new FormatError(`${where}: members "${key}" and "${key}.npy" give the same key`);
      // defineProperty: a key such as "__proto__" stays an ordinary entry.
      Object.defineProperty(out, key, { value: decodeNpy(data, `${where}: member "${name}"`), enumerable: true, writable: true, configurable: true });
    }
  } catch (error) {
    for (const t of Object.values(out)) t.dispose();
    throw error;
  }
  return out;
}

/** @internal toNpz's work, as chunks to concatenate or write in order (saveNpz writes them without joining). */
export function encodeNpz(tensors: Record<string, Tensor>, options: NpzWriteOptions, op: string, forceZip64 = false): Uint8Array[] {
  if (tensors === null || typeof tensors !== "object" || Array.isArray(tensors)) {
    throw new InvalidArgumentError(`${op}: tensors must be an object of named tensors ({ name: tensor }), got ${describe(tensors)}`);
  }
  if (options === null || typeof options !== "object") throw new InvalidArgumentError(`${op}: options must be an object, got ${describe(options)}`);
  const compress = options.compress ?? false;
  if (typeof compress !== "boolean") throw new InvalidArgumentError(`${op}: compress must be true or false, got ${describe(compress)}`);
  const codec = options.codec ?? installedCodec;
  if (compress && codec === undefined) throw new InvalidArgumentError(`${op}: compress needs a ZipCodec to deflate with: pass { codec }`);
  const entries = Object.entries(tensors);
  for (const [key, t] of entries) expectTensor(t, op, `tensors["${key}"]`);
  const members: ZipMember[] = entries.map(([key, t]) => ({ name: `${key}.npy`, data: encodeNpy(t, op) }));
  return writeZip(members, compress, codec, forceZip64);
}
