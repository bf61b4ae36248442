/**
 * Deletion vectors (Iceberg v3, spec "Deletion Vectors"): deleted row positions of one data file,
 * stored as a `deletion-vector-v1` blob: a 4-byte big-endian length, the magic D1 D3 39 64, a
 * 64-bit Roaring bitmap in its portable serialisation, and a big-endian CRC-32 of magic + bitmap.
 * The blob sits in a Puffin file (located through the footer's blob metadata) or, in files some
 * writers produced, is the whole file ("bare").
 */
import { crc32 } from 'node:zlib';
import { InconsistentTableError } from '../errors.js';

const DV_MAGIC = [0xd1, 0xd3, 0x39, 0x64];
const PUFFIN_MAGIC = [0x50, 0x46, 0x41, 0x31]; // "PFA1"
const SERIAL_COOKIE_NO_RUN = 12346;
const SERIAL_COOKIE = 12347;
const NO_OFFSET_THRESHOLD = 4;

class Reader {
  private offset = 0;
  constructor(
    private readonly bytes: Buffer,
    private readonly what: string,
  ) {}

  private need(n: number): void {
    if (this.offset + n > this.bytes.length) throw new InconsistentTableError(`${this.what}: truncated Roaring bitmap`);
  }

  u16(): number {
    this.need(2);
    const v = this.bytes.readUInt16LE(this.offset);
    this.offset += 2;
    return v;
  }

  u32(): number {
    this.need(4);
    const v = this.bytes.readUInt32LE(this.offset);
    this.offset += 4;
    return v;
  }

  u64(): bigint {
    this.need(8);
    const v = this.bytes.readBigUInt64LE(this.offset);
    this.offset += 8;
    return v;
  }

  skip(n: number): void {
    this.need(n);
    this.offset += n;
  }

  byte(index: number): number {
    return this.bytes[index] ?? 0;
  }

  get position(): number {
    return this.offset;
  }
}

/** One 32-bit Roaring bitmap (portable format), its values added to `out` with `high` above them. */
function readRoaring32(reader: Reader, high: bigint, out: bigint[], what: string): void {
  const cookie = reader.u32();
  let size: number;
  let runFlags: number[] | undefined;
  if ((cookie & 0xffff) === SERIAL_COOKIE) {
    size = (cookie >>> 16) + 1;
    const flagsStart = reader.position;
    reader.skip(Math.ceil(size / 8));
    runFlags = Array.from({ length: Math.ceil(size / 8) }, (_, i) => reader.byte(flagsStart + i));
  } else if (cookie === SERIAL_COOKIE_NO_RUN) {
    size = reader.u32();
  } else {
    throw new InconsistentTableError(`${what}: not a Roaring bitmap (cookie ${cookie})`);
  }
  const headers = Array.from({ length: size }, () => ({ key: reader.u16(), cardinality: reader.u16() + 1 }));
  if (runFlags === undefined || size >= NO_OFFSET_THRESHOLD) reader.skip(4 * size);
  headers.forEach(({ key, cardinality }, i) => {
    const base = high | (BigInt(key) << 16n);
    const isRun = runFlags !== undefined && ((runFlags[i >> 3] ?? 0) >> (i & 7)) & 1;
    if (isRun) {
      const runs = reader.u16();
      for (let r = 0; r < runs; r++) {
        const start = reader.u16();
        const length = reader.u16();
        for (let v = start; v <= start + length; v++) out.push(base | BigInt(v));
      }
    } else if (cardinality <= 4096) {
      for (let v = 0; v < cardinality; v++) out.push(base | BigInt(reader.u16()));
    } else {
      for (let word = 0; word < 1024; word++) {
        let bits = reader.u64();
        for (let bit = 0n; bits !== 0n; bit++, bits >>= 1n) if (bits & 1n) out.push(base | (BigInt(word) * 64n + bit));
      }
    }
  });
}

/** Positions in a deletion-vector-v1 blob, checking its length, magic and CRC. */
export function readDeletionVectorBlob(blob: Buffer, what: string): bigint[] {
  if (blob.length < 12) throw new InconsistentTableError(`${what}: deletion vector blob too short`);
  const length = blob.readUInt32BE(0);
  if (length + 8 !== blob.length || DV_MAGIC.some((b, i) => blob[4 + i] !== b)) {
    throw new InconsistentTableError(`${what}: not a deletion-vector-v1 blob (bad length or magic)`);
  }
  const body = blob.subarray(4, 4 + length);
  if (crc32(body) !== blob.readUInt32BE(4 + length))
    throw new InconsistentTableError(`${what}: deletion vector CRC mismatch`);
  const reader = new Reader(body.subarray(4), what);
  const buckets = reader.u64();
  const positions: bigint[] = [];
  for (let i = 0n; i < buckets; i++) readRoaring32(reader, BigInt(reader.u32()) << 32n, positions, what);
  return positions;
}

interface PuffinBlob {
  readonly type: string;
  readonly offset: number;
  readonly length: number;
  readonly properties?: Readonly<Record<string, string>>;
}

/**
 * Deleted positions for `dataFilePath` in a Puffin file (or a bare blob file). Compressed blobs
 * are not expected: the spec stores deletion vectors uncompressed.
 */
export function deletionVectorPositions(file: Buffer, dataFilePath: string, what: string): bigint[] {
  const isPuffin = file.length >= 16 && PUFFIN_MAGIC.every((b, i) => file[i] === b && file[file.length - 4 + i] === b);
  if (!isPuffin) return readDeletionVectorBlob(file, what);
  const footerPayloadSize = file.readUInt32LE(file.length - 12);
  const payloadStart = file.length - 12 - footerPayloadSize;
  const footer = JSON.parse(file.subarray(payloadStart, file.length - 12).toString('utf8')) as { blobs?: PuffinBlob[] };
  const blob = (footer.blobs ?? []).find(
    (b) => b.type === 'deletion-vector-v1' && (b.properties?.['referenced-data-file'] ?? dataFilePath) === dataFilePath,
  );
  if (blob === undefined) throw new InconsistentTableError(`${what}: no deletion vector for ${dataFilePath}`);
  return readDeletionVectorBlob(file.subarray(blob.offset, blob.offset + blob.length), what);
}
