/**
 * A Kafka record value as text, without silent replacement: bytes that are not valid UTF-8 are not
 * turned into U+FFFD (which would alter the frame and hide that it was altered). They are kept
 * exactly, base64-encoded, with a reason that says where the first invalid byte is.
 */

export type RecordValue =
  | { readonly ok: true; readonly text: string }
  | { readonly ok: false; readonly base64: string; readonly reason: string };

/** Decodes `bytes` as UTF-8; a prefix that ends inside a character is still valid when streaming. */
function validPrefix(bytes: Uint8Array, length: number): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(0, length), { stream: true });
    return true;
  } catch {
    return false;
  }
}

/** The offset of the first byte that makes `bytes` invalid UTF-8 (validity of prefixes is monotone). */
function firstInvalidByte(bytes: Uint8Array): number {
  let valid = 0;
  let invalid = bytes.length;
  while (invalid - valid > 1) {
    const middle = Math.floor((valid + invalid) / 2);
    if (validPrefix(bytes, middle)) valid = middle;
    else invalid = middle;
  }
  return valid;
}

export function decodeRecordValue(bytes: Uint8Array): RecordValue {
  try {
    return { ok: true, text: new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes) };
  } catch {
    const where = validPrefix(bytes, bytes.length)
      ? `it ends inside a character, ${bytes.length} bytes`
      : `first invalid byte at offset ${firstInvalidByte(bytes)} of ${bytes.length}`;
    return {
      ok: false,
      base64: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64'),
      reason: `value is not valid UTF-8 (${where}); raw holds its bytes in base64`,
    };
  }
}
