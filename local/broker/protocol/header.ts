/**
 * Request and response headers. Among the APIs and versions this broker serves, only ApiVersions v3
 * is "flexible" (request header v2 with tagged fields); its response header stays v0 by the spec.
 */
import { Reader } from './Reader.js';

export const API_VERSIONS_KEY = 18;

export interface RequestHeader {
  readonly apiKey: number;
  readonly apiVersion: number;
  readonly correlationId: number;
  readonly clientId: string | null;
}

export function isFlexibleRequest(apiKey: number, apiVersion: number): boolean {
  return apiKey === API_VERSIONS_KEY && apiVersion === 3;
}

/** Reads the header of a frame and returns it with a reader positioned at the request body. */
export function readRequestHeader(frame: Buffer): { header: RequestHeader; body: Reader } {
  const reader = new Reader(frame);
  const apiKey = reader.int16();
  const apiVersion = reader.int16();
  const correlationId = reader.int32();
  const clientId = reader.nullableString();
  if (isFlexibleRequest(apiKey, apiVersion)) reader.skipTaggedFields();
  return { header: { apiKey, apiVersion, correlationId, clientId }, body: reader };
}
