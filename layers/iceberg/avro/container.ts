/**
 * The Avro object container format, encoded and decoded in memory with avsc types. Written here
 * (rather than with avsc's streams) so the header keeps the exact schema JSON, `field-id`
 * attributes included, and 64-bit longs decode as bigint.
 */
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import avro from 'avsc';
import { ValidationError } from '../errors.js';

const MAGIC = Buffer.from([0x4f, 0x62, 0x6a, 0x01]);

/** Avro `long` as bigint, so snapshot ids survive. */
export const bigIntLong = avro.types.LongType.__with({
  fromBuffer: (buf: Buffer) => buf.readBigInt64LE(),
  toBuffer: (n: bigint) => {
    const buf = Buffer.alloc(8);
    buf.writeBigInt64LE(BigInt(n));
    return buf;
  },
  fromJSON: (n: unknown) => BigInt(n as number),
  toJSON: (n: bigint) => Number(n),
  isValid: (n: unknown) => typeof n === 'bigint',
  compare: (a: bigint, b: bigint) => (a === b ? 0 : a < b ? -1 : 1),
});

/**
 * Every Avro long becomes bigIntLong: named (`"long"`), in object form (`{"type": "long"}`, with or
 * without a logical type), and wherever it nests (unions, arrays, maps, records). A registry entry
 * would only catch the named form; avsc then decodes the others as lossy numbers.
 */
function bigIntLongHook(schema: avro.Schema): avro.Type | undefined {
  if (schema === 'long') return bigIntLong;
  if (
    typeof schema === 'object' &&
    schema !== null &&
    !Array.isArray(schema) &&
    (schema as { type?: unknown }).type === 'long'
  )
    return bigIntLong;
  return undefined;
}

const typeCache = new Map<string, avro.Type>();

/** The avsc type of a schema, compiled once per distinct schema (manifests of a table share a few). */
export function avroType(schema: unknown): avro.Type {
  const key = JSON.stringify(schema);
  let type = typeCache.get(key);
  if (!type) {
    if (typeCache.size >= 256) typeCache.clear();
    type = avro.Type.forSchema(schema as avro.Schema, { typeHook: bigIntLongHook });
    typeCache.set(key, type);
  }
  return type;
}

const META = avro.Type.forSchema({ type: 'map', values: 'bytes' });
const LONG = avroType('long');

export interface AvroFile<T> {
  readonly schemaJson: unknown;
  readonly metadata: Record<string, string>;
  readonly records: T[];
}

/** Encodes records into one container file; `metadata` lands in the header beside avro.schema. */
export function encodeContainer(
  schemaJson: unknown,
  records: readonly unknown[],
  metadata: Record<string, string>,
): Uint8Array {
  const type = avroType(schemaJson);
  const meta: Record<string, Buffer> = {};
  for (const [key, value] of Object.entries(metadata)) meta[key] = Buffer.from(value, 'utf8');
  meta['avro.schema'] = Buffer.from(JSON.stringify(schemaJson), 'utf8');
  meta['avro.codec'] = Buffer.from('deflate', 'utf8');
  const sync = Buffer.from(crypto.getRandomValues(new Uint8Array(16)));
  const parts: Buffer[] = [MAGIC, META.toBuffer(meta), sync];
  if (records.length > 0) {
    const body = deflateRawSync(Buffer.concat(records.map((r) => type.toBuffer(r))));
    parts.push(LONG.toBuffer(BigInt(records.length)), LONG.toBuffer(BigInt(body.length)), body, sync);
  }
  return new Uint8Array(Buffer.concat(parts));
}

function decompress(codec: string, data: Buffer, location: string): Buffer {
  if (codec === 'null') return data;
  if (codec === 'deflate') return inflateRawSync(data);
  throw new ValidationError(`unsupported Avro codec ${codec} in ${location}`);
}

/** Decodes a container file; `location` only names the file in errors. */
export function decodeContainer<T>(bytes: Uint8Array, location: string): AvroFile<T> {
  try {
    return decode<T>(bytes, location);
  } catch (error) {
    if (error instanceof ValidationError) throw error;
    throw new ValidationError(`cannot read Avro file ${location}: ${(error as Error).message}`, { cause: error });
  }
}

function decode<T>(bytes: Uint8Array, location: string): AvroFile<T> {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (!buf.subarray(0, 4).equals(MAGIC)) throw new ValidationError(`not an Avro container file: ${location}`);
  const header = META.decode(buf, 4) as { value: Record<string, Buffer>; offset: number };
  const metadata: Record<string, string> = {};
  for (const [key, value] of Object.entries(header.value)) metadata[key] = value.toString('utf8');
  const schemaText = metadata['avro.schema'];
  if (!schemaText) throw new ValidationError(`Avro file without schema: ${location}`);
  const schemaJson: unknown = JSON.parse(schemaText);
  const type = avroType(schemaJson);
  const codec = metadata['avro.codec'] ?? 'null';
  let pos = header.offset + 16;
  const records: T[] = [];
  while (pos < buf.length) {
    const count = LONG.decode(buf, pos) as { value: bigint; offset: number };
    const size = LONG.decode(buf, count.offset) as { value: bigint; offset: number };
    const start = size.offset;
    const end = start + Number(size.value);
    const block = decompress(codec, buf.subarray(start, end), location);
    let at = 0;
    for (let i = 0; i < Number(count.value); i++) {
      const decoded = type.decode(block, at) as { value: T; offset: number };
      if (decoded.offset < 0) throw new ValidationError(`truncated Avro block in ${location}`);
      records.push(decoded.value);
      at = decoded.offset;
    }
    pos = end + 16;
  }
  return { schemaJson, metadata, records };
}
