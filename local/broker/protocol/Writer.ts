/**
 * Builds a response body from Kafka protocol primitives into one growable buffer, plus buffers
 * spliced in by reference (record batches read from the log), so fetched data is never copied into
 * the response: `toBuffers()` hands the socket the pieces in order.
 */
export class Writer {
  private buffer: Buffer;
  private length = 0;
  /** Buffers to send as they are after byte `at` of the written bytes. */
  private readonly spliced: { readonly at: number; readonly data: Buffer }[] = [];

  constructor(initialSize = 256) {
    this.buffer = Buffer.allocUnsafe(initialSize);
  }

  /** Grows the buffer as needed; call it before reading `this.buffer`, which it may replace. */
  private reserve(bytes: number): number {
    const needed = this.length + bytes;
    if (needed > this.buffer.length) {
      const grown = Buffer.allocUnsafe(Math.max(needed, this.buffer.length * 2));
      this.buffer.copy(grown, 0, 0, this.length);
      this.buffer = grown;
    }
    const at = this.length;
    this.length = needed;
    return at;
  }

  int8(value: number): this {
    const at = this.reserve(1);
    this.buffer.writeInt8(value, at);
    return this;
  }

  bool(value: boolean): this {
    return this.int8(value ? 1 : 0);
  }

  int16(value: number): this {
    const at = this.reserve(2);
    this.buffer.writeInt16BE(value, at);
    return this;
  }

  int32(value: number): this {
    const at = this.reserve(4);
    this.buffer.writeInt32BE(value, at);
    return this;
  }

  int64(value: number): this {
    const at = this.reserve(8);
    this.buffer.writeBigInt64BE(BigInt(value), at);
    return this;
  }

  unsignedVarint(value: number): this {
    let rest = value >>> 0;
    while (rest > 0x7f) {
      const at = this.reserve(1);
      this.buffer[at] = (rest & 0x7f) | 0x80;
      rest >>>= 7;
    }
    const last = this.reserve(1);
    this.buffer[last] = rest;
    return this;
  }

  string(value: string): this {
    return this.nullableString(value);
  }

  nullableString(value: string | null): this {
    if (value === null) return this.int16(-1);
    const bytes = Buffer.byteLength(value);
    this.int16(bytes);
    const at = this.reserve(bytes);
    this.buffer.write(value, at, 'utf8');
    return this;
  }

  compactString(value: string | null): this {
    if (value === null) return this.unsignedVarint(0);
    const bytes = Buffer.byteLength(value);
    this.unsignedVarint(bytes + 1);
    const at = this.reserve(bytes);
    this.buffer.write(value, at, 'utf8');
    return this;
  }

  raw(value: Buffer): this {
    const at = this.reserve(value.length);
    value.copy(this.buffer, at);
    return this;
  }

  nullableBytes(value: Buffer | null): this {
    if (value === null) return this.int32(-1);
    this.int32(value.length);
    return this.raw(value);
  }

  bytes(value: Buffer): this {
    return this.nullableBytes(value);
  }

  /** Like nullableBytes, but `value` is referenced, not copied: it must not change until it is sent. */
  splicedNullableBytes(value: Buffer | null): this {
    if (value === null) return this.int32(-1);
    this.int32(value.length);
    if (value.length > 0) this.spliced.push({ at: this.length, data: value });
    return this;
  }

  array<T>(items: readonly T[], writeItem: (writer: this, item: T) => void): this {
    this.int32(items.length);
    for (const item of items) writeItem(this, item);
    return this;
  }

  nullableArray<T>(items: readonly T[] | null, writeItem: (writer: this, item: T) => void): this {
    if (items === null) return this.int32(-1);
    return this.array(items, writeItem);
  }

  compactArray<T>(items: readonly T[], writeItem: (writer: this, item: T) => void): this {
    this.unsignedVarint(items.length + 1);
    for (const item of items) writeItem(this, item);
    return this;
  }

  emptyTaggedFields(): this {
    return this.unsignedVarint(0);
  }

  /** The written bytes with the spliced buffers in place, as one buffer (a copy when anything was spliced). */
  toBuffer(): Buffer {
    if (this.spliced.length === 0) return this.buffer.subarray(0, this.length);
    return Buffer.concat(this.toBuffers());
  }

  /** The response in pieces, in order: slices of the written bytes and the spliced buffers between them. */
  toBuffers(): Buffer[] {
    const pieces: Buffer[] = [];
    let from = 0;
    for (const { at, data } of this.spliced) {
      if (at > from) pieces.push(this.buffer.subarray(from, at));
      pieces.push(data);
      from = at;
    }
    if (this.length > from || pieces.length === 0) pieces.push(this.buffer.subarray(from, this.length));
    return pieces;
  }
}
