/**
 * A small client for Trino's REST protocol (this gateway or a real Trino): POST the statement, follow
 * nextUri page by page, DELETE it on abort. Numbers are parsed losslessly (a bigint or decimal keeps
 * every digit) and values are handed on as Trino sent them.
 */
import { isLosslessNumber, parse } from 'lossless-json';

export interface TrinoServerOptions {
  /** Base URL, e.g. http://127.0.0.1:8082 */
  readonly server: string;
  readonly user?: string;
  readonly catalog?: string;
  readonly schema?: string;
  readonly source?: string;
  /** Bearer token, or basic credentials; sent as the Authorization header. */
  readonly auth?: { readonly bearer: string } | { readonly user: string; readonly password: string };
}

export interface TrinoColumn {
  readonly name: string;
  readonly type: string;
}

/** A JSON value from a Trino page; numbers stay as their exact text. */
export type TrinoValue =
  | string
  | boolean
  | null
  | { readonly numberText: string }
  | TrinoValue[]
  | { [key: string]: TrinoValue };

export interface TrinoPage {
  readonly columns: readonly TrinoColumn[];
  readonly rows: readonly (readonly TrinoValue[])[];
}

export interface SessionUpdate {
  readonly catalog?: string;
  readonly schema?: string;
}

export class TrinoQueryFailed extends Error {
  readonly retriable: boolean;
  constructor(
    message: string,
    readonly errorName: string,
    readonly errorCode: number,
    readonly errorType: string,
    readonly queryId?: string,
  ) {
    super(message);
    this.name = 'TrinoQueryFailed';
    this.retriable = errorType === 'INSUFFICIENT_RESOURCES';
  }
}

export class TrinoHttpError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly retriable: boolean,
  ) {
    super(message);
    this.name = 'TrinoHttpError';
  }
}

interface WireResults {
  id: string;
  nextUri?: string;
  columns?: TrinoColumn[];
  data?: unknown[][];
  error?: { message: string; errorName: string; errorCode: number; errorType: string };
}

function toValue(value: unknown): TrinoValue {
  if (isLosslessNumber(value)) return { numberText: String(value) };
  if (Array.isArray(value)) return value.map(toValue);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, toValue(v)]));
  }
  return value as string | boolean | null;
}

function headersFor(options: TrinoServerOptions): Record<string, string> {
  const headers: Record<string, string> = {
    'X-Trino-User': options.user ?? process.env.USER ?? 'lakehouse',
    'X-Trino-Source': options.source ?? 'lakehouse-cli',
  };
  if (options.catalog) headers['X-Trino-Catalog'] = options.catalog;
  if (options.schema) headers['X-Trino-Schema'] = options.schema;
  if (options.auth && 'bearer' in options.auth) headers.Authorization = `Bearer ${options.auth.bearer}`;
  else if (options.auth) {
    headers.Authorization = `Basic ${Buffer.from(`${options.auth.user}:${options.auth.password}`).toString('base64')}`;
  }
  return headers;
}

async function request(url: string, init: RequestInit): Promise<{ results: WireResults; headers: Headers }> {
  let response: Response;
  try {
    response = await fetch(url, init);
  } catch (error) {
    throw new TrinoHttpError(`cannot reach Trino server at ${url}: ${(error as Error).message}`, 0, true);
  }
  const text = await response.text();
  if (!response.ok) {
    throw new TrinoHttpError(
      `Trino server answered ${response.status} for ${url}: ${text.trim().slice(0, 500)}`,
      response.status,
      response.status === 503 || response.status === 502,
    );
  }
  return { results: parse(text) as WireResults, headers: response.headers };
}

/**
 * Runs one statement and yields its pages as they arrive. Stops (and cancels the query on the
 * server) when the signal aborts or the caller stops iterating. Throws TrinoQueryFailed with
 * Trino's error name when the query fails.
 */
export async function* queryTrino(
  options: TrinoServerOptions,
  sql: string,
  onSessionUpdate?: (update: SessionUpdate) => void,
  signal?: AbortSignal,
): AsyncGenerator<TrinoPage> {
  const headers = headersFor(options);
  const base = options.server.replace(/\/+$/, '');
  let { results, headers: responseHeaders } = await request(`${base}/v1/statement`, {
    method: 'POST',
    body: sql,
    headers: { ...headers, 'Content-Type': 'text/plain' },
    ...(signal ? { signal } : {}),
  });
  let columns: readonly TrinoColumn[] = [];
  let finished = false;
  try {
    for (;;) {
      const catalog = responseHeaders.get('x-trino-set-catalog');
      const schema = responseHeaders.get('x-trino-set-schema');
      if ((catalog || schema) && onSessionUpdate) {
        onSessionUpdate({ ...(catalog ? { catalog } : {}), ...(schema ? { schema } : {}) });
      }
      if (results.error) {
        const { message, errorName, errorCode, errorType } = results.error;
        finished = true;
        throw new TrinoQueryFailed(message, errorName, errorCode, errorType, results.id);
      }
      if (results.columns) columns = results.columns;
      if (results.data && results.data.length > 0) {
        yield { columns, rows: results.data.map((row) => row.map(toValue)) };
      }
      if (!results.nextUri) {
        finished = true;
        if (columns.length > 0 && !results.data) yield { columns, rows: [] };
        return;
      }
      ({ results, headers: responseHeaders } = await request(results.nextUri, {
        headers,
        ...(signal ? { signal } : {}),
      }));
    }
  } finally {
    if (!finished && results.nextUri) {
      await fetch(results.nextUri, { method: 'DELETE', headers }).catch(() => undefined);
    }
  }
}
