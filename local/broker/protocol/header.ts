/**
 * Request and response headers. A flexible request (ApiCodec.firstFlexibleVersion) has header v2,
 * tagged fields after the client id; its response header v1 adds tagged fields after the correlation
 * id, except ApiVersions, whose response header stays v0 by the spec so any client can read it.
 */
import { Reader } from './Reader.js';

export const API_VERSIONS_KEY = 18;

export interface RequestHeader {
  readonly apiKey: number;
  readonly apiVersion: number;
  readonly correlationId: number;
  readonly clientId: string | null;
}

/** Reads the header of a frame and returns it with a reader positioned at the request body. */
export function readRequestHeader(
  frame: Buffer,
  isFlexible: (apiKey: number, apiVersion: number) => boolean,
): { header: RequestHeader; body: Reader } {
  const reader = new Reader(frame);
  const apiKey = reader.int16();
  const apiVersion = reader.int16();
  const correlationId = reader.int32();
  const clientId = reader.nullableString();
  if (isFlexible(apiKey, apiVersion)) reader.skipTaggedFields();
  return { header: { apiKey, apiVersion, correlationId, clientId }, body: reader };
}

export function hasTaggedResponseHeader(apiKey: number, flexible: boolean): boolean {
  return flexible && apiKey !== API_VERSIONS_KEY;
}
