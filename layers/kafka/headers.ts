/**
 * Kafka record headers the producer writes on every coinbase.raw record. Header values are UTF-8
 * strings on the wire (byte arrays in Lambda's Kafka event).
 */

/** Receipt time at the producer, epoch MICROseconds as a decimal string (e.g. "1618677817061845"). */
export const HEADER_RECEIVED_AT = 'received_at';
/** Where the frame came from: one of FRAME_SOURCES. */
export const HEADER_SOURCE = 'source';
/** Identifier of the WebSocket connection that received the frame (changes on every reconnect). */
export const HEADER_CONNECTION_ID = 'connection_id';

export const FRAME_SOURCES = ['exchange', 'advanced-trade', 'simulator', 'replay', 'backfill'] as const;
export type FrameSource = (typeof FRAME_SOURCES)[number];

export function isFrameSource(value: string): value is FrameSource {
  return (FRAME_SOURCES as readonly string[]).includes(value);
}

/** Decodes the producer's headers from a record; missing or invalid values come back undefined. */
export function readProducerHeaders(headers: Readonly<Record<string, Uint8Array | string | undefined>>): {
  receivedAtMicros: bigint | undefined;
  source: FrameSource | undefined;
  connectionId: string | undefined;
} {
  const text = (name: string): string | undefined => {
    const value = headers[name];
    if (value === undefined) return undefined;
    return typeof value === 'string' ? value : Buffer.from(value).toString('utf8');
  };
  const receivedAt = text(HEADER_RECEIVED_AT);
  const source = text(HEADER_SOURCE);
  return {
    receivedAtMicros: receivedAt !== undefined && /^\d{1,19}$/.test(receivedAt) ? BigInt(receivedAt) : undefined,
    source: source !== undefined && isFrameSource(source) ? source : undefined,
    connectionId: text(HEADER_CONNECTION_ID),
  };
}
