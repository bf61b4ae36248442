/**
 * Reads Kafka protocol primitives from one request frame. Any read past the end throws
 * MalformedRequestError, which the network layer turns into closing that connection only.
 */
import { MalformedRequestError } from './errors.js';

export class Reader {
  private offset = 0;

  constructor(private readonly buffer: Buffer) {}

  get remaining(): number {
    return this.buffer.length - this.offset;
  }

  private need(bytes: number, what: string): number {
    if (bytes < 0 || this.offset + bytes > this.buffer.length) {
      throw new MalformedRequestError(`frame too short reading ${what} at byte ${this.offset}`);
    }
    const at = this.offset;
    this.offset += bytes;
    return at;
  }

  int8(): number {
    return this.buffer.readInt8(this.need(1, 'int8'));
  }

  bool(): boolean {
    return this.int8() !== 0;
  }

  int16(): number {
    return this.buffer.readInt16BE(this.need(2, 'int16'));
  }

  int32(): number {
    return this.buffer.readInt32BE(this.need(4, 'int32'));
  }

  /** Offsets, timestamps and producer ids stay far below 2^53 here, so a number is exact. */
  int64(): number {
    return Number(this.buffer.readBigInt64BE(this.need(8, 'int64')));
  }

  unsignedVarint(): number {
    let value = 0;
    for (let shift = 0; shift < 35; shift += 7) {
      const byte = this.buffer.readUInt8(this.need(1, 'varint'));
      value |= (byte & 0x7f) << shift;
      if ((byte & 0x80) === 0) return value >>> 0;
    }
    throw new MalformedRequestError('varint longer than 5 bytes');
  }

  string(): string {
    const value = this.nullableString();
    if (value === null) throw new MalformedRequestError('null where a string is required');
    return value;
  }

  nullableString(): string | null {
    const length = this.int16();
    if (length < 0) return null;
    const at = this.need(length, 'string');
    return this.buffer.toString('utf8', at, at + length);
  }

  compactString(): string {
    const value = this.compactNullableString();
    if (value === null) throw new MalformedRequestError('null where a compact string is required');
    return value;
  }

  compactNullableString(): string | null {
    const length = this.unsignedVarint() - 1;
    if (length < 0) return null;
    const at = this.need(length, 'compact string');
    return this.buffer.toString('utf8', at, at + length);
  }

  /** Bytes are returned as a view into the frame, so record batches are never copied here. */
  nullableBytes(): Buffer | null {
    const length = this.int32();
    if (length < 0) return null;
    const at = this.need(length, 'bytes');
    return this.buffer.subarray(at, at + length);
  }

  bytes(): Buffer {
    return this.nullableBytes() ?? Buffer.alloc(0);
  }

  array<T>(readItem: (reader: Reader) => T): T[] {
    return this.nullableArray(readItem) ?? [];
  }

  nullableArray<T>(readItem: (reader: Reader) => T): T[] | null {
    const count = this.int32();
    if (count < 0) return null;
    if (count > this.remaining) throw new MalformedRequestError(`array of ${count} items exceeds the frame`);
    const items: T[] = [];
    for (let i = 0; i < count; i++) items.push(readItem(this));
    return items;
  }

  compactArray<T>(readItem: (reader: Reader) => T): T[] {
    const count = this.unsignedVarint() - 1;
    if (count < 0) return [];
    if (count > this.remaining) throw new MalformedRequestError(`array of ${count} items exceeds the frame`);
    const items: T[] = [];
    for (let i = 0; i < count; i++) items.push(readItem(this));
    return items;
  }

  /** Tagged fields carry optional extensions this broker does not use: read and drop them. */
  skipTaggedFields(): void {
    const count = this.unsignedVarint();
    for (let i = 0; i < count; i++) {
      this.unsignedVarint();
      this.need(this.unsignedVarint(), 'tagged field');
    }
  }
}
