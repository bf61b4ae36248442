/**
 * The client's session from Trino's request headers (X-Trino-User, -Catalog, -Schema, -Session,
 * -Source, -Client-Info, -Prepared-Statement); the older X-Presto-* spellings are accepted too, as
 * Trino does.
 */
import type { IncomingHttpHeaders } from 'node:http';
import { formDecode, parsePreparedStatements } from './protocol/preparedStatementHeaders.js';

export interface ClientSession {
  readonly user?: string;
  readonly catalog?: string;
  readonly schema?: string;
  readonly source?: string;
  readonly clientInfo?: string;
  readonly properties: Readonly<Record<string, string>>;
  /** The prepared statements the client holds, by name (it sends them all on every request). */
  readonly preparedStatements: ReadonlyMap<string, string>;
}

function header(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[`x-trino-${name}`] ?? headers[`x-presto-${name}`];
  const text = Array.isArray(value) ? value.join(',') : value;
  return text === undefined || text.trim() === '' ? undefined : text.trim();
}

function parseProperties(text: string | undefined): Record<string, string> {
  const properties: Record<string, string> = {};
  for (const item of (text ?? '').split(',')) {
    const eq = item.indexOf('=');
    if (eq <= 0) continue;
    properties[formDecode(item.slice(0, eq).trim())] = formDecode(item.slice(eq + 1).trim());
  }
  return properties;
}

export function readClientSession(headers: IncomingHttpHeaders): ClientSession {
  const entries = {
    user: header(headers, 'user'),
    catalog: header(headers, 'catalog'),
    schema: header(headers, 'schema'),
    source: header(headers, 'source'),
    clientInfo: header(headers, 'client-info'),
  };
  const defined = Object.fromEntries(Object.entries(entries).filter(([, value]) => value !== undefined));
  const prepared = header(headers, 'prepared-statement');
  return {
    ...defined,
    properties: parseProperties(header(headers, 'session')),
    preparedStatements: parsePreparedStatements(prepared === undefined ? [] : [prepared]),
  };
}

const DURATION_UNITS_MS: Record<string, number> = {
  ns: 1e-6,
  us: 1e-3,
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
};

/** A Trino duration ('500ms', '30s', '10m', '1.5h') in milliseconds, or undefined when malformed. */
export function parseDuration(text: string): number | undefined {
  const match = /^(\d+(?:\.\d+)?)\s*(ns|us|ms|s|m|h|d)$/.exec(text.trim());
  if (!match) return undefined;
  return Number(match[1]) * (DURATION_UNITS_MS[match[2] as string] as number);
}
