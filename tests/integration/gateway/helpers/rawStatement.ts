/**
 * Runs one statement over Trino's client protocol with plain HTTP and keeps each response body's
 * JSON tokens, so tests see the wire exactly (an integer token is not a float token) rather than
 * what a lenient JSON.parse makes of it.
 */
import type { ClientTypeSignature } from '../../../../local/gateway/protocol/trinoTypes.js';
import { type JsonToken, parseStrictJson, tokenText } from '../../../unit/gateway/helpers/strictTrinoDecoder.js';

export interface RawColumn {
  readonly name: string;
  readonly type: string;
  readonly typeSignature: ClientTypeSignature;
}

export interface RawResult {
  readonly columns: readonly RawColumn[];
  /** Each row's cells as tokens, in order. */
  readonly rows: readonly (readonly JsonToken[])[];
  readonly error?: { readonly errorName: string; readonly message: string };
}

function field(token: JsonToken, name: string): JsonToken | undefined {
  return token.kind === 'START_OBJECT' ? token.entries.find(([key]) => key === name)?.[1] : undefined;
}

export async function runRaw(url: string, sql: string, user = 'wire-test'): Promise<RawResult> {
  let response = await fetch(`${url}/v1/statement`, {
    method: 'POST',
    body: sql,
    headers: { 'X-Trino-User': user, 'X-Trino-Catalog': 'iceberg', 'X-Trino-Schema': 'gold' },
  });
  let columns: RawColumn[] = [];
  const rows: JsonToken[][] = [];
  for (;;) {
    const text = await response.text();
    if (!response.ok) throw new Error(`HTTP ${response.status} for ${sql}: ${text}`);
    const body = parseStrictJson(text);
    const columnsToken = field(body, 'columns');
    if (columnsToken) columns = JSON.parse(tokenText(columnsToken)) as RawColumn[];
    const data = field(body, 'data');
    if (data?.kind === 'START_ARRAY') {
      for (const row of data.items) {
        if (row.kind !== 'START_ARRAY') throw new Error(`a data row is ${row.kind}: ${tokenText(row)}`);
        rows.push([...row.items]);
      }
    }
    const error = field(body, 'error');
    if (error) return { columns, rows, error: JSON.parse(tokenText(error)) as RawResult['error'] & object };
    const next = field(body, 'nextUri');
    if (next?.kind !== 'VALUE_STRING') return { columns, rows };
    response = await fetch(next.value, { headers: { 'X-Trino-User': user } });
  }
}
