// ZIP archives as numpy's .npz uses them (PKWARE APPNOTE 6.3): stored (0) and deflate (8)
// members, ZIP64 records, a CRC-32 checked per member. No Node imports: deflate and inflate
// come through a ZipCodec that the caller (the Node entry: node:zlib) provides.
//
//   local header + name + data | ... | central directory entries | [ZIP64 end record + locator] | end record
import { FormatError } from "../errors.js";
import { crc32 as jsCrc32 } from "./crc32.js";

/**
 * The compression a .npz needs, injected so the byte-level functions import nothing from
 * Node: the package's Node entry installs one built on `node:zlib`. Raw deflate streams (no
 * zlib or gzip wrapper), as ZIP stores them.
 */
export interface ZipCodec {
  /** Raw-deflates `data`. */
  deflateRaw(data: Uint8Array): Uint8Array;
  /** Inflates a raw deflate stream that the archive says holds `size` bytes; may throw on corrupt input. */
  inflateRaw(data: Uint8Array, size: number): Uint8Array;
  /** The CRC-32 of `data` (optional: a plain-JS one is used without it). */
  crc32?(data: Uint8Array): number;
}

/** One member: its name in the archive and its uncompressed bytes. */
export interface ZipMember {
  readonly name: string;
  readonly data: Uint8Array;
}

const LOCAL = 0x04034b50, CENTRAL = 0x02014b50, END = 0x06054b50, END64 = 0x06064b50, LOCATOR64 = 0x07064b50;
const STORED = 0, DEFLATED = 8;
const U32_MAX = 0xffffffff, U16_MAX = 0xffff;
const FLAG_ENCRYPTED = 0x1, FLAG_UTF8 = 0x800;
const DOS_DATE_1980_01_01 = (0 << 9) | (1 << 5) | 1; // a fixed timestamp: the same tensors give the same bytes

/** Names without the UTF-8 flag are code page 437 (APPNOTE appendix D); its upper half: */
const CP437_HIGH = "ÇüéâäàåçêëèïîìÄÅÉæÆôöòûùÿÖÜ¢£¥\u20a7ƒáíóúñÑªº¿\u2310¬½¼¡«»\u2591\u2592\u2593\u2502\u2524\u2561\u2562\u2556\u2555\u2563\u2551\u2557\u255d\u255c\u255b\u2510\u2514\u2534\u252c\u251c\u2500\u253c\u255e\u255f\u255a\u2554\u2569\u2566\u2560\u2550\u256c\u2567\u2568\u2564\u2565\u2559\u2558\u2552\u2553\u256b\u256a\u2518\u250c\u2588\u2584\u258c\u2590\u2580αßΓπΣσµτΦΘΩδ\u221eφε\u2229\u2261±\u2265\u2264\u2320\u2321÷\u2248°\u2219·\u221a\u207f²\u25a0\u00a0";

/** The members of a ZIP archive, each checked against its CRC-32. `where` starts every error message. */
export function readZip(bytes: Uint8Array, where: string, codec: ZipCodec | undefined): ZipMember[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const u16 = (at: number) => view.getUint16(at, true);
  const u32 = (at: number) => view.getUint32(at, true);
  const u64 = (at: number, what: string) => {
    const v = view.getUint32(at + 4, true) * 2 ** 32 + view.getUint32(at, true);
    if (!Number.isSafeInteger(v)) throw new FormatError(`${where}: corrupt ZIP: ${what} ${v} is impossibly large`);
    return v;
  };
  const end = findEndRecord(view);
  if (end < 0) {
    const zipStart = bytes.length >= 4 && u32(0) === LOCAL;
    throw new FormatError(zipStart
      ? `${where}: truncated: the ZIP archive has no end-of-central-directory record (${bytes.length} bytes)`
      : `${where}: not a .npz file: no ZIP end-of-central-directory record, and it does not start with a ZIP local header`);
  }
  if (u16(end + 4) !== 0 || u16(end + 6) !== 0) throw new FormatError(`${where}: multi-disk ZIP archives are not supported`);
  let count = u16(end + 10), dirSize = u32(end + 12), dirOffset = u32(end + 16);
  const locator = end - 20;
  if (locator >= 0 && u32(locator) === LOCATOR64) {
    const record = u64(locator + 8, "ZIP64 end record offset");
    if (record + 56 > locator || u32(record) !== END64) throw new FormatError(`${where}: corrupt ZIP: the ZIP64 end record is not where its locator points (${record})`);
    count = u64(record + 32, "entry count");
    dirSize = u64(record + 40, "central directory size");
    dirOffset = u64(record + 48, "central directory offset");
  } else if (count === U16_MAX || dirSize === U32_MAX || dirOffset === U32_MAX) {
    throw new FormatError(`${where}: corrupt ZIP: the end record asks for ZIP64 values but there is no ZIP64 locator`);
  }
  if (dirOffset + dirSize > bytes.length) throw new FormatError(`${where}: truncated: the ZIP central directory (${dirSize} bytes at ${dirOffset}) runs past the end (${bytes.length} bytes)`);
  const members: ZipMember[] = [];
  const names = new Set<string>();
  let at = dirOffset;
  for (let e = 0; e < count; e++) {
    if (at + 46 > dirOffset + dirSize || u32(at) !== CENTRAL) throw new FormatError(`${where}: corrupt ZIP: central directory entry ${e} of ${count} is missing or damaged (offset ${at})`);
    const flags = u16(at + 8), method = u16(at + 10), crc = u32(at + 16);
    let compressedSize = u32(at + 20), size = u32(at + 24), localOffset = u32(at + 42);
    const nameLength = u16(at + 28), extraLength = u16(at + 30), commentLength = u16(at + 32);
    const next = at + 46 + nameLength + extraLength + commentLength;
    if (next > dirOffset + dirSize) throw new FormatError(`${where}: corrupt ZIP: central directory entry ${e} runs past the directory`);
    const nameBytes = bytes.subarray(at + 46, at + 46 + nameLength);
    const name = flags & FLAG_UTF8 ? utf8Name(nameBytes, where) : cp437(nameBytes);
    // ZIP64: each 32-bit field that is all ones is in the 0x0001 extra field, in this order.
    for (let x = at + 46 + nameLength; x + 4 <= at + 46 + nameLength + extraLength;) {
      const id = u16(x), length = u16(x + 2);
      if (id === 0x0001) {
        let y = x + 4;
        const take = (what: string) => {
          if (y + 8 > x + 4 + length) throw new FormatError(`${where}: member "${name}": corrupt ZIP64 extra field (no ${what})`);
          const v = u64(y, what);
          y += 8;
          return v;
        };
        if (size === U32_MAX) size = take("size");
        if (compressedSize === U32_MAX) compressedSize = take("compressed size");
        if (localOffset === U32_MAX) localOffset = take("local header offset");
      }
      x += 4 + length;
    }
    const member = `${where}: member "${name}"`;
    if (flags & FLAG_ENCRYPTED) throw new FormatError(`${member}: encrypted ZIP members are not supported`);
    if (method !== STORED && method !== DEFLATED) throw new FormatError(`${member}: ZIP compression method ${method} is not supported (stored and deflate are)`);
    if (names.has(name)) throw new FormatError(`${member}: the name appears twice in the archive`);
    names.add(name);
    if (localOffset + 30 > bytes.length || u32(localOffset) !== LOCAL) throw new FormatError(`${member}: corrupt ZIP: no local header at offset ${localOffset}`);
    const start = localOffset + 30 + u16(localOffset + 26) + u16(localOffset + 28);
    if (start + compressedSize > bytes.length) throw new FormatError(`${member}: truncated: its ${compressedSize} bytes at offset ${start} run past the end of the archive (${bytes.length} bytes)`);
    const stored = bytes.subarray(start, start + compressedSize);
    let data: Uint8Array;
    if (method === STORED) {
      if (compressedSize !== size) throw new FormatError(`${member}: corrupt ZIP: a stored member of ${size} bytes occupies ${compressedSize}`);
      data = stored;
    } else {
      if (codec === undefined) throw new FormatError(`${member}: is deflate-compressed and no ZipCodec is available to inflate it (only Node installs one: pass { codec }, or write the archive uncompressed, as numpy.savez does)`);
      try {
        data = codec.inflateRaw(stored, size);
      } catch (error) {
        throw new FormatError(`${member}: the deflate data is corrupt or truncated (${error instanceof Error ? error.message : String(error)})`);
      }
      if (data.length !== size) throw new FormatError(`${member}: inflates to ${data.length} bytes, the directory says ${size}`);
    }
    const actual = (codec?.crc32 ?? jsCrc32)(data);
    if (actual !== crc) throw new FormatError(`${member}: CRC-32 mismatch (stored ${hex(crc)}, computed ${hex(actual)}): the archive is corrupt`);
    members.push({ name, data });
    at = next;
  }
  return members;
}

/**
 * A ZIP archive of `members` as chunks to concatenate or write in order, each member stored
 * or deflated. ZIP64 records are written only where a size, offset or count needs them
 * (`forceZip64` writes them everywhere, to test readers).
 */
export function writeZip(members: readonly ZipMember[], compress: boolean, codec: ZipCodec | undefined, forceZip64 = false): Uint8Array[] {
  const chunks: Uint8Array[] = [];
  const central: Uint8Array[] = [];
  let offset = 0;
  for (const { name, data } of members) {
    const nameBytes = new TextEncoder().encode(name);
    const flags = /^[\x00-\x7f]*$/.test(name) ? 0 : FLAG_UTF8;
    const body = compress ? codec!.deflateRaw(data) : data; // the caller checked that a codec is there
    const crc = (codec?.crc32 ?? jsCrc32)(data);
    const zip64 = forceZip64 || data.length >= U32_MAX || body.length >= U32_MAX || offset >= U32_MAX;
    const version = zip64 ? 45 : 20;
    const method = compress ? DEFLATED : STORED;
    // ZIP64 extra fields: the local header's holds the two sizes (APPNOTE 4.5.3), the directory's also the offset.
    const localExtra = zip64 ? u64Extra([data.length, body.length]) : new Uint8Array(0);
    const extra = zip64 ? u64Extra([data.length, body.length, offset]) : new Uint8Array(0);
    const local = record(30 + nameBytes.length, (v) => {
      v.setUint32(0, LOCAL, true);
      v.setUint16(4, version, true);
      v.setUint16(6, flags, true);
      v.setUint16(8, method, true);
      v.setUint16(12, DOS_DATE_1980_01_01, true);
      v.setUint32(14, crc, true);
      v.setUint32(18, zip64 ? U32_MAX : body.length, true);
      v.setUint32(22, zip64 ? U32_MAX : data.length, true);
      v.setUint16(26, nameBytes.length, true);
      v.setUint16(28, localExtra.length, true);
    }, nameBytes);
    chunks.push(local, localExtra, body);
    central.push(record(46 + nameBytes.length, (v) => {
      v.setUint32(0, CENTRAL, true);
      v.setUint16(4, version, true);
      v.setUint16(6, version, true);
      v.setUint16(8, flags, true);
      v.setUint16(10, method, true);
      v.setUint16(14, DOS_DATE_1980_01_01, true);
      v.setUint32(16, crc, true);
      v.setUint32(20, zip64 ? U32_MAX : body.length, true);
      v.setUint32(24, zip64 ? U32_MAX : data.length, true);
      v.setUint16(28, nameBytes.length, true);
      v.setUint16(30, extra.length, true);
      v.setUint32(42, zip64 ? U32_MAX : offset, true);
    }, nameBytes), extra);
    offset += local.length + localExtra.length + body.length;
  }
  const dirSize = central.reduce((s, c) => s + c.length, 0);
  chunks.push(...central);
  const zip64End = forceZip64 || members.length >= U16_MAX || offset >= U32_MAX || dirSize >= U32_MAX;
  if (zip64End) {
    const endOffset = offset + dirSize;
    chunks.push(record(56, (v) => {
      v.setUint32(0, END64, true);
      setU64(v, 4, 44);
      v.setUint16(12, 45, true);
      v.setUint16(14, 45, true);
      setU64(v, 24, members.length);
      setU64(v, 32, members.length);
      setU64(v, 40, dirSize);
      setU64(v, 48, offset);
    }));
    chunks.push(record(20, (v) => {
      v.setUint32(0, LOCATOR64, true);
      setU64(v, 8, endOffset);
      v.setUint32(16, 1, true);
    }));
  }
  chunks.push(record(22, (v) => {
    v.setUint32(0, END, true);
    v.setUint16(8, zip64End ? U16_MAX : members.length, true);
    v.setUint16(10, zip64End ? U16_MAX : members.length, true);
    v.setUint32(12, zip64End ? U32_MAX : dirSize, true);
    v.setUint32(16, zip64End ? U32_MAX : offset, true);
  }));
  return chunks;
}

/** The end record's position: its signature, with a comment length that reaches exactly the end. */
function findEndRecord(view: DataView): number {
  const last = view.byteLength - 22;
  for (let at = last; at >= 0 && at >= last - U16_MAX; at--) {
    if (view.getUint32(at, true) === END && at + 22 + view.getUint16(at + 20, true) === view.byteLength) return at;
  }
  return -1;
}

function record(length: number, fill: (v: DataView) => void, tail?: Uint8Array): Uint8Array {
  const out = new Uint8Array(length);
  fill(new DataView(out.buffer));
  if (tail !== undefined) out.set(tail, length - tail.length);
  return out;
}

/** A ZIP64 extra field (id 0x0001) holding `values` as u64s. */
function u64Extra(values: readonly number[]): Uint8Array {
  return record(4 + 8 * values.length, (v) => {
    v.setUint16(0, 0x0001, true);
    v.setUint16(2, 8 * values.length, true);
    values.forEach((x, i) => setU64(v, 4 + 8 * i, x));
  });
}

function setU64(v: DataView, at: number, x: number): void {
  v.setUint32(at, x % 2 ** 32, true);
  v.setUint32(at + 4, Math.floor(x / 2 ** 32), true);
}

function utf8Name(bytes: Uint8Array, where: string): string {
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    throw new FormatError(`${where}: corrupt ZIP: a member name flagged UTF-8 is not valid UTF-8`);
  }
}

function cp437(bytes: Uint8Array): string {
  let s = "";
  for (const b of bytes) s += b < 0x80 ? String.fromCharCode(b) : CP437_HIGH[b - 0x80];
  return s;
}

function hex(n: number): string {
  return `0x${n.toString(16).padStart(8, "0")}`;
}
