/** What a route handler gets and returns, and how a request path picks its route. */
import type { IncomingMessage } from 'node:http';
import type { Catalog } from '../../layers/iceberg/index.js';

export interface RouteContext {
  readonly catalog: Catalog;
  /** Decoded path parameters in pattern order ({namespace}, {table}). */
  readonly params: readonly string[];
  readonly query: URLSearchParams;
  readonly request: IncomingMessage;
  /** Per-table client configuration sent in every LoadTableResult (e.g. S3 endpoint and region). */
  readonly tableConfig: Readonly<Record<string, string>>;
}

/** A JSON body, or none (204 and HEAD answers). */
export interface RouteResult {
  readonly status: number;
  readonly body?: unknown;
}

export interface Route {
  readonly method: 'GET' | 'HEAD' | 'POST' | 'DELETE';
  /** Path after `/v1/{prefix}/`, with `{name}` segments as parameters, e.g. `namespaces/{namespace}`. */
  readonly pattern: string;
  readonly handle: (context: RouteContext) => Promise<RouteResult>;
}

/** The parameters when `segments` fits `pattern`, else undefined. */
export function matchPattern(pattern: string, segments: readonly string[]): string[] | undefined {
  const parts = pattern.split('/');
  if (parts.length !== segments.length) return undefined;
  const params: string[] = [];
  for (const [i, part] of parts.entries()) {
    const segment = segments[i] as string;
    if (part.startsWith('{')) params.push(segment);
    else if (part !== segment) return undefined;
  }
  return params;
}
