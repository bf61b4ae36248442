/**
 * CRC32C (Castagnoli), the checksum of Kafka record batches, computed with slicing-by-8 tables
 * because node has no built-in CRC32C.
 */
const POLYNOMIAL = 0x82f63b78;

function buildTables(): Uint32Array[] {
  const tables = Array.from({ length: 8 }, () => new Uint32Array(256));
  const first = tables[0] as Uint32Array;
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ POLYNOMIAL : c >>> 1;
    first[n] = c >>> 0;
  }
  for (let t = 1; t < 8; t++) {
    const previous = tables[t - 1] as Uint32Array;
    const current = tables[t] as Uint32Array;
    for (let n = 0; n < 256; n++) {
      const value = previous[n] as number;
      current[n] = ((value >>> 8) ^ (first[value & 0xff] as number)) >>> 0;
    }
  }
  return tables;
}

const [T0, T1, T2, T3, T4, T5, T6, T7] = buildTables() as [
  Uint32Array,
  Uint32Array,
  Uint32Array,
  Uint32Array,
  Uint32Array,
  Uint32Array,
  Uint32Array,
  Uint32Array,
];

const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

function crcBytes(crc: number, data: Uint8Array, start: number, end: number): number {
  let value = crc;
  for (let i = start; i < end; i++) value = (T0[(value ^ (data[i] as number)) & 0xff] as number) ^ (value >>> 8);
  return value;
}

export function crc32c(data: Uint8Array, start = 0, end = data.length): number {
  let crc = 0xffffffff;
  let i = start;
  // Align to 4 bytes, then read two 32-bit words per step through a Uint32Array view.
  const misalignment = (data.byteOffset + i) & 3;
  if (LITTLE_ENDIAN && end - i >= 16) {
    const head = misalignment === 0 ? i : Math.min(end, i + 4 - misalignment);
    crc = crcBytes(crc, data, i, head);
    i = head;
    const words = new Uint32Array(data.buffer, data.byteOffset + i, (end - i) >>> 2);
    const pairs = words.length & ~1;
    for (let w = 0; w < pairs; w += 2) {
      const a = ((words[w] as number) ^ crc) >>> 0;
      const b = words[w + 1] as number;
      crc =
        (T7[a & 0xff] as number) ^
        (T6[(a >>> 8) & 0xff] as number) ^
        (T5[(a >>> 16) & 0xff] as number) ^
        (T4[a >>> 24] as number) ^
        (T3[b & 0xff] as number) ^
        (T2[(b >>> 8) & 0xff] as number) ^
        (T1[(b >>> 16) & 0xff] as number) ^
        (T0[b >>> 24] as number);
    }
    i += pairs * 4;
  }
  crc = crcBytes(crc, data, i, end);
  return (crc ^ 0xffffffff) >>> 0;
}
