/** What each API module provides: its key, supported versions, request decoder and response encoder. */
import type { Reader } from './Reader.js';
import type { Writer } from './Writer.js';

export interface ApiCodec<Request, Response> {
  readonly key: number;
  readonly name: string;
  readonly minVersion: number;
  readonly maxVersion: number;
  /**
   * First version in the "flexible" encoding (request header v2, response header v1 with tagged
   * fields); absent when no served version is flexible.
   */
  readonly firstFlexibleVersion?: number;
  decodeRequest(reader: Reader, version: number): Request;
  encodeResponse(writer: Writer, version: number, response: Response): void;
}
