/** What each API module provides: its key, supported versions, request decoder and response encoder. */
import type { Reader } from './Reader.js';
import type { Writer } from './Writer.js';

export interface ApiCodec<Request, Response> {
  readonly key: number;
  readonly name: string;
  readonly minVersion: number;
  readonly maxVersion: number;
  decodeRequest(reader: Reader, version: number): Request;
  encodeResponse(writer: Writer, version: number, response: Response): void;
}
