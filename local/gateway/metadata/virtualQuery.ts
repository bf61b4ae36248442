/**
 * SQL over the gateway's own tables (information_schema.*, system.runtime.nodes, system.jdbc.*):
 * the referenced tables are filled into temporary tables on a private, locked-down DuckDB
 * connection and the query runs there with each reference renamed, so tools get real SQL
 * (filters, joins, ORDER BY) over the catalog's metadata. The renamed text passes the same
 * sandbox policy as engine queries before it runs, as exactly one statement.
 */
import { type DuckDBInstance, DuckDBVarCharType } from '@duckdb/node-api';
import {
  PermissionDeniedError,
  type QueryResult,
  QuerySyntaxError,
  sandboxedStatement,
  trinoColumnNamer,
} from '../../../layers/engine/index.js';
import { identifierName, isSymbol, type Token } from '../sql/tokens.js';
import { INFORMATION_SCHEMA, SYSTEM_CATALOG } from './catalogModel.js';
import { type VirtualTableContext, type VirtualValue, virtualTableColumns, virtualTableRows } from './virtualTables.js';

export interface VirtualReference {
  readonly catalog: string;
  readonly schema: string;
  readonly table: string;
  readonly start: number;
  readonly end: number;
}

const SYSTEM_SCHEMAS = new Set(['runtime', 'metadata', 'jdbc']);

function isName(token: Token | undefined): token is Token {
  return token?.kind === 'word' || token?.kind === 'identifier';
}

/** Qualified names in the statement that point at a virtual table. */
export function findVirtualReferences(
  tokens: readonly Token[],
  defaults: { catalog: string; sessionCatalog?: string },
): VirtualReference[] {
  const references: VirtualReference[] = [];
  for (let i = 0; i < tokens.length; i++) {
    if (!isName(tokens[i]) || isSymbol(tokens[i - 1], '.')) continue;
    const parts: Token[] = [tokens[i] as Token];
    while (isSymbol(tokens[i + parts.length * 2 - 1], '.') && isName(tokens[i + parts.length * 2])) {
      parts.push(tokens[i + parts.length * 2] as Token);
    }
    const names = parts.map(identifierName);
    const last = parts.at(-1) as Token;
    let reference: Omit<VirtualReference, 'start' | 'end'> | undefined;
    if (names.length === 3 && names[1] === INFORMATION_SCHEMA) {
      reference = { catalog: names[0] as string, schema: INFORMATION_SCHEMA, table: names[2] as string };
    } else if (names.length === 2 && names[0] === INFORMATION_SCHEMA) {
      reference = {
        catalog: defaults.sessionCatalog ?? defaults.catalog,
        schema: INFORMATION_SCHEMA,
        table: names[1] as string,
      };
    } else if (names.length === 3 && names[0] === SYSTEM_CATALOG && SYSTEM_SCHEMAS.has(names[1] as string)) {
      reference = { catalog: SYSTEM_CATALOG, schema: names[1] as string, table: names[2] as string };
    }
    if (reference && virtualTableColumns(reference.schema, reference.table) !== undefined) {
      references.push({ ...reference, start: (tokens[i] as Token).start, end: last.end });
    }
    i += parts.length * 2 - 2;
  }
  return references;
}

function tempName(reference: Omit<VirtualReference, 'start' | 'end'>): string {
  return `"${reference.catalog}.${reference.schema}.${reference.table}"`.replaceAll(/[^"\w.]/g, '_');
}

function literal(value: VirtualValue): string {
  if (value === null) return 'NULL';
  if (typeof value === 'string') return `'${value.replaceAll("'", "''")}'`;
  return String(value);
}

/** Runs the statement on a private connection after filling the virtual tables it reads. */
export async function runVirtualQuery(
  instance: DuckDBInstance,
  context: VirtualTableContext,
  sql: string,
  references: readonly VirtualReference[],
): Promise<QueryResult> {
  const connection = await instance.connect();
  try {
    const filled = new Set<string>();
    for (const reference of references) {
      const name = tempName(reference);
      if (filled.has(name)) continue;
      filled.add(name);
      const columns = virtualTableColumns(reference.schema, reference.table) ?? [];
      await connection.run(`CREATE TEMP TABLE ${name} (${columns.map((c) => `"${c.name}" ${c.type}`).join(', ')})`);
      const rows = await virtualTableRows(context, reference.catalog, reference.schema, reference.table);
      for (let i = 0; i < rows.length; i += 500) {
        const values = rows
          .slice(i, i + 500)
          .map((row) => `(${row.map(literal).join(', ')})`)
          .join(', ');
        await connection.run(`INSERT INTO ${name} VALUES ${values}`);
      }
    }
    let rewritten = '';
    let cursor = 0;
    for (const reference of [...references].sort((a, b) => a.start - b.start)) {
      rewritten += sql.slice(cursor, reference.start) + tempName(reference);
      cursor = reference.end;
    }
    rewritten += sql.slice(cursor);
    const checked = await sandboxedStatement(connection, rewritten);
    // Parsed before the statement runs: another statement on this connection would end its result.
    const trinoNames = await trinoColumnNamer(connection, checked.sql);
    const statements = await connection.extractStatements(checked.sql);
    if (statements.count !== 1)
      throw new QuerySyntaxError(`expected exactly one SQL statement, got ${statements.count}`);
    const prepared = await statements.prepare(0);
    if (prepared.statementType !== checked.statementType) {
      throw new PermissionDeniedError('this statement is not allowed: only read-only queries run here');
    }
    const reader = await prepared.runAndReadAll();
    const columns = trinoNames(reader.columnNames()).map((name, i) => ({ name, type: reader.columnType(i) }));
    const rows = reader.getRows();
    return {
      columns: columns.map((c) => ({ name: c.name, type: c.type ?? DuckDBVarCharType.instance })),
      batches: (async function* () {
        if (rows.length > 0) yield rows;
      })(),
    };
  } finally {
    connection.closeSync();
  }
}
