/**
 * Runs statements on a Trino server (this gateway or a real Trino) through trino-client, the
 * Trino project's Node client. trino-client decodes pages with JSON.parse, which rounds bigints
 * beyond 2^53 and turns 1.0 into 1; its only hook is the axios configuration it keeps per client,
 * so each response is parsed here with lossless-json instead (numbers keep their exact text), and
 * the same hook reads the query id (to cancel before the first page) and USE's session headers.
 */
import { isLosslessNumber, parse } from 'lossless-json';
import { type QueryResult, Trino } from 'trino-client';

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

/** One row's JSON text as Trino sends it, numbers kept exact. */
export function parseTrinoRow(text: string): TrinoValue[] {
  return (parse(text) as unknown[]).map(toValue);
}

function toValue(value: unknown): TrinoValue {
  if (isLosslessNumber(value)) return { numberText: String(value) };
  if (Array.isArray(value)) return value.map(toValue);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, toValue(v)]));
  }
  return value as string | boolean | null;
}

interface ResponseHook {
  queryId?: string;
  /** Called when the first response names the query (an abort that came earlier cancels it now). */
  onQueryId?: () => void;
  onSessionUpdate?: (update: SessionUpdate) => void;
}

/** The part of axios's request configuration used here (axios is trino-client's dependency, not ours). */
interface AxiosConfig {
  transformResponse?: ((data: unknown, headers: Record<string, unknown>) => unknown)[];
}

/** The axios configuration trino-client keeps on its (private) client; checked so a changed trino-client fails clearly. */
function axiosConfigOf(trino: Trino): AxiosConfig {
  const config = (trino as unknown as { client?: { clientConfig?: AxiosConfig } }).client?.clientConfig;
  if (config === undefined) {
    throw new Error(
      'trino-client no longer keeps client.clientConfig: local/gateway/client/queryTrino.ts needs updating',
    );
  }
  return config;
}

function connect(options: TrinoServerOptions, hook: ResponseHook): Trino {
  const auth = options.auth;
  const trino = Trino.create({
    server: options.server.replace(/\/+$/, ''),
    source: options.source ?? 'lakehouse-cli',
    ...(options.catalog ? { catalog: options.catalog } : {}),
    ...(options.schema ? { schema: options.schema } : {}),
    extraHeaders: {
      'X-Trino-User': auth && 'user' in auth ? auth.user : (options.user ?? process.env.USER ?? 'lakehouse'),
      ...(auth && 'bearer' in auth ? { Authorization: `Bearer ${auth.bearer}` } : {}),
      ...(auth && 'user' in auth
        ? { Authorization: `Basic ${Buffer.from(`${auth.user}:${auth.password}`).toString('base64')}` }
        : {}),
    },
  });
  const config = axiosConfigOf(trino);
  config.transformResponse = [
    (data, headers) => {
      if (typeof data !== 'string' || data === '') return data;
      const catalog = headers['x-trino-set-catalog'];
      const schema = headers['x-trino-set-schema'];
      if ((catalog || schema) && hook.onSessionUpdate) {
        hook.onSessionUpdate({
          ...(catalog ? { catalog: String(catalog) } : {}),
          ...(schema ? { schema: String(schema) } : {}),
        });
      }
      let parsed: unknown;
      try {
        parsed = parse(data);
      } catch {
        return data;
      }
      const id = (parsed as { id?: unknown } | null)?.id;
      if (typeof id === 'string' && hook.queryId === undefined) {
        hook.queryId = id;
        hook.onQueryId?.();
      }
      return parsed;
    },
  ];
  return trino;
}

function httpError(error: unknown, server: string): TrinoHttpError {
  const response = (error as { response?: { status: number; data: unknown } }).response;
  if (response === undefined) {
    return new TrinoHttpError(`cannot reach Trino server at ${server}: ${(error as Error).message}`, 0, true);
  }
  const body = typeof response.data === 'string' ? response.data : JSON.stringify(response.data);
  return new TrinoHttpError(
    `Trino server at ${server} answered ${response.status}: ${body.trim().slice(0, 500)}`,
    response.status,
    response.status === 503 || response.status === 502,
  );
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
  const hook: ResponseHook = onSessionUpdate ? { onSessionUpdate } : {};
  const trino = connect(options, hook);
  let finished = false;
  let cancelled = false;
  const cancel = () => {
    if (finished || cancelled || hook.queryId === undefined) return;
    cancelled = true;
    void trino.cancel(hook.queryId).catch(() => undefined);
  };
  // trino-client follows empty pages without returning, so an abort cancels on the server and the
  // server's USER_CANCELED answer ends the wait.
  hook.onQueryId = () => {
    if (signal?.aborted) cancel();
  };
  signal?.addEventListener('abort', cancel, { once: true });
  let columns: readonly TrinoColumn[] = [];
  try {
    signal?.throwIfAborted();
    let results: AsyncIterable<QueryResult>;
    try {
      results = await trino.query(sql);
    } catch (error) {
      throw httpError(error, options.server);
    }
    const iterator = results[Symbol.asyncIterator]();
    for (;;) {
      let step: IteratorResult<QueryResult>;
      try {
        step = await iterator.next();
      } catch (error) {
        throw httpError(error, options.server);
      }
      signal?.throwIfAborted();
      const result = step.value;
      if (result?.error) {
        finished = true;
        const { message, errorName, errorCode, errorType } = result.error;
        throw new TrinoQueryFailed(message, errorName, errorCode, errorType, result.id);
      }
      if (result?.columns) columns = result.columns;
      const rows = (result?.data ?? []) as unknown[][];
      if (step.done) {
        finished = true;
        if (columns.length > 0 && rows.length === 0) yield { columns, rows: [] };
        return;
      }
      if (rows.length > 0) yield { columns, rows: rows.map((row) => row.map(toValue)) };
    }
  } finally {
    signal?.removeEventListener('abort', cancel);
    cancel();
  }
}
