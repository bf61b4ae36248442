/** Raw HTTP calls to a REST catalog server, bodies parsed with exact 64-bit integers. */
import { parseJson, stringifyJson } from '../../../layers/iceberg/index.js';

export interface Reply {
  readonly status: number;
  // biome-ignore lint/suspicious/noExplicitAny: tests read arbitrary JSON response fields
  readonly body: any;
  /** The body as plain JSON (64-bit ids rounded), for schema validators that do not know bigint. */
  readonly plain: unknown;
}

export function restClient(baseUrl: string, defaultHeaders: Record<string, string> = {}) {
  return async (method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<Reply> => {
    const response = await fetch(`${baseUrl}${path}`, {
      method,
      headers: { ...defaultHeaders, ...headers, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: typeof body === 'string' ? body : stringifyJson(body) }),
    });
    const text = await response.text();
    return {
      status: response.status,
      body: text === '' ? undefined : parseJson(text),
      plain: text === '' ? undefined : JSON.parse(text),
    };
  };
}
