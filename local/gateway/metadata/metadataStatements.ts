/**
 * Trino's metadata statements answered by the gateway: SHOW CATALOGS / SCHEMAS / TABLES / COLUMNS /
 * CREATE TABLE, DESCRIBE and USE. Names resolve against the session's catalog and schema as in Trino.
 */
import type { QueryEngine, QueryResult, QuerySession } from '../../../layers/engine/index.js';
import { GatewayQueryError } from '../protocol/errors.js';
import { trinoType } from '../protocol/trinoTypes.js';
import { identifierName, isSymbol, isWord, type Token } from '../sql/tokens.js';
import { isVirtualTable, loadCatalogModel, SYSTEM_CATALOG } from './catalogModel.js';
import { describeTable, type MetadataSource } from './MetadataSource.js';
import { likeToRegExp, staticResult } from './staticResult.js';
import { virtualTableColumns } from './virtualTables.js';

export interface MetadataContext {
  readonly engine: QueryEngine;
  readonly source: MetadataSource;
  /** The catalog name the lakehouse's tables appear under (Trino's `iceberg`). */
  readonly catalog: string;
  readonly session: QuerySession;
}

export type MetadataOutcome =
  | { readonly kind: 'result'; readonly result: QueryResult }
  | { readonly kind: 'use'; readonly catalog: string; readonly schema: string };

class TokenCursor {
  private index: number;
  constructor(
    private readonly tokens: readonly Token[],
    start: number,
  ) {
    this.index = start;
  }
  peek(): Token | undefined {
    return this.tokens[this.index];
  }
  acceptWord(...words: string[]): string | undefined {
    const token = this.peek();
    if (!isWord(token, ...words)) return undefined;
    this.index++;
    return token?.value;
  }
  expectWord(...words: string[]): string {
    const word = this.acceptWord(...words);
    if (word === undefined) throw this.syntaxError(`expected ${words.join(' or ')}`);
    return word;
  }
  qualifiedName(): string[] {
    const parts: string[] = [];
    for (;;) {
      const token = this.peek();
      if (token === undefined || (token.kind !== 'word' && token.kind !== 'identifier')) {
        throw this.syntaxError('expected a name');
      }
      parts.push(identifierName(token));
      this.index++;
      if (!isSymbol(this.peek(), '.')) return parts;
      this.index++;
    }
  }
  string(): string {
    const token = this.peek();
    if (token?.kind !== 'string') throw this.syntaxError('expected a string literal');
    this.index++;
    return token.value;
  }
  like(): RegExp | undefined {
    if (!this.acceptWord('LIKE')) return undefined;
    const pattern = this.string();
    const escapeChar = this.acceptWord('ESCAPE') ? this.string() : undefined;
    return likeToRegExp(pattern, escapeChar);
  }
  end(): void {
    const token = this.peek();
    if (token !== undefined) throw this.syntaxError(`unexpected '${token.value}'`);
  }
  private syntaxError(message: string): GatewayQueryError {
    const token = this.peek();
    return new GatewayQueryError(
      'SYNTAX_ERROR',
      `${message}${token ? ` at position ${token.start}` : ' at end of statement'}`,
    );
  }
}

function matches(pattern: RegExp | undefined, value: string): boolean {
  return pattern === undefined || pattern.test(value);
}

function requireCatalog(context: MetadataContext, catalog: string | undefined): string {
  const resolved = catalog ?? context.session.catalog ?? context.catalog;
  if (resolved !== context.catalog && resolved !== SYSTEM_CATALOG) {
    throw new GatewayQueryError('CATALOG_NOT_FOUND', `Catalog '${resolved}' not found`);
  }
  return resolved;
}

/** [catalog.]schema with the session's defaults. */
function resolveSchema(
  context: MetadataContext,
  parts: readonly string[] | undefined,
): { catalog: string; schema: string } {
  if (parts !== undefined && parts.length > 2)
    throw new GatewayQueryError('SYNTAX_ERROR', `too many name parts: ${parts.join('.')}`);
  const schema = parts?.at(-1) ?? context.session.schema;
  if (schema === undefined) {
    throw new GatewayQueryError('MISSING_SCHEMA_NAME', 'Schema must be specified when session schema is not set');
  }
  return { catalog: requireCatalog(context, parts?.length === 2 ? parts[0] : undefined), schema };
}

/** [[catalog.]schema.]table with the session's defaults. */
export function resolveTable(
  context: Pick<MetadataContext, 'catalog' | 'session'>,
  parts: readonly string[],
): { catalog: string; schema: string; table: string } {
  if (parts.length > 3) throw new GatewayQueryError('SYNTAX_ERROR', `too many name parts: ${parts.join('.')}`);
  const table = parts.at(-1) as string;
  const schema = parts.length >= 2 ? (parts.at(-2) as string) : context.session.schema;
  if (schema === undefined) {
    throw new GatewayQueryError(
      'MISSING_SCHEMA_NAME',
      `Schema must be specified when session schema is not set (table ${table})`,
    );
  }
  return {
    catalog: requireCatalog(context as MetadataContext, parts.length === 3 ? parts[0] : undefined),
    schema,
    table,
  };
}

async function tableColumns(context: MetadataContext, parts: readonly string[]) {
  const name = resolveTable(context, parts);
  if (isVirtualTable(name.catalog, name.schema)) {
    const columns = virtualTableColumns(name.schema, name.table);
    if (columns === undefined) {
      throw new GatewayQueryError(
        'TABLE_NOT_FOUND',
        `Table '${name.catalog}.${name.schema}.${name.table}' does not exist`,
      );
    }
    return { name, columns: columns.map((c) => ({ name: c.name, typeName: c.type })) };
  }
  const columns = await describeTable(context.engine, name, context.session.signal);
  return { name, columns: columns.map((c) => ({ name: c.name, typeName: trinoType(c.type).name })) };
}

async function showSchemas(context: MetadataContext, cursor: TokenCursor): Promise<QueryResult> {
  const catalog = cursor.acceptWord('FROM', 'IN') ? cursor.qualifiedName() : undefined;
  if (catalog !== undefined && catalog.length !== 1)
    throw new GatewayQueryError('SYNTAX_ERROR', 'expected a catalog name');
  const pattern = cursor.like();
  cursor.end();
  const resolved = requireCatalog(context, catalog?.[0]);
  const model = await loadCatalogModel(context.source, context.catalog);
  const rows = model.schemas.filter((s) => s.catalog === resolved && matches(pattern, s.schema)).map((s) => [s.schema]);
  return staticResult(['Schema'], rows);
}

async function showTables(context: MetadataContext, cursor: TokenCursor): Promise<QueryResult> {
  const parts = cursor.acceptWord('FROM', 'IN') ? cursor.qualifiedName() : undefined;
  const pattern = cursor.like();
  cursor.end();
  const { catalog, schema } = resolveSchema(context, parts);
  const model = await loadCatalogModel(context.source, context.catalog);
  if (!model.schemas.some((s) => s.catalog === catalog && s.schema === schema)) {
    throw new GatewayQueryError('SCHEMA_NOT_FOUND', `Schema '${schema}' does not exist`);
  }
  const rows = model.tables
    .filter((t) => t.catalog === catalog && t.schema === schema && matches(pattern, t.table))
    .map((t) => [t.table]);
  return staticResult(['Table'], rows);
}

async function showColumns(context: MetadataContext, parts: readonly string[], pattern?: RegExp): Promise<QueryResult> {
  const { columns } = await tableColumns(context, parts);
  const rows = columns.filter((c) => matches(pattern, c.name)).map((c) => [c.name, c.typeName, '', '']);
  return staticResult(['Column', 'Type', 'Extra', 'Comment'], rows);
}

async function showCreateTable(context: MetadataContext, parts: readonly string[]): Promise<QueryResult> {
  const { name, columns } = await tableColumns(context, parts);
  const body = columns.map((c) => `   "${c.name.replaceAll('"', '""')}" ${c.typeName}`).join(',\n');
  const text = `CREATE TABLE ${name.catalog}.${name.schema}.${name.table} (\n${body}\n)\nWITH (\n   format = 'PARQUET'\n)`;
  return staticResult(['Create Table'], [[text]]);
}

async function show(context: MetadataContext, cursor: TokenCursor): Promise<QueryResult> {
  const what = cursor.expectWord('CATALOGS', 'SCHEMAS', 'TABLES', 'COLUMNS', 'CREATE');
  switch (what) {
    case 'CATALOGS': {
      const pattern = cursor.like();
      cursor.end();
      const catalogs = [context.catalog, SYSTEM_CATALOG].sort().filter((c) => matches(pattern, c));
      return staticResult(
        ['Catalog'],
        catalogs.map((c) => [c]),
      );
    }
    case 'SCHEMAS':
      return showSchemas(context, cursor);
    case 'TABLES':
      return showTables(context, cursor);
    case 'COLUMNS': {
      cursor.expectWord('FROM', 'IN');
      const parts = cursor.qualifiedName();
      const pattern = cursor.like();
      cursor.end();
      return showColumns(context, parts, pattern);
    }
    default: {
      cursor.expectWord('TABLE');
      const parts = cursor.qualifiedName();
      cursor.end();
      return showCreateTable(context, parts);
    }
  }
}

function use(context: MetadataContext, cursor: TokenCursor): MetadataOutcome {
  const parts = cursor.qualifiedName();
  cursor.end();
  const { catalog, schema } = resolveSchema(context, parts);
  return { kind: 'use', catalog, schema };
}

/** Runs one SHOW, DESCRIBE or USE statement (tokens as checked by the statement policy). */
export async function runMetadataStatement(
  context: MetadataContext,
  tokens: readonly Token[],
): Promise<MetadataOutcome> {
  const cursor = new TokenCursor(tokens, 1);
  const first = tokens[0]?.value;
  if (first === 'USE') return use(context, cursor);
  if (first === 'SHOW') {
    if (isWord(cursor.peek(), 'SESSION', 'FUNCTIONS', 'STATS', 'GRANTS', 'ROLES', 'BRANCHES')) {
      throw new GatewayQueryError('NOT_SUPPORTED', `SHOW ${cursor.peek()?.value} is not supported by this endpoint`);
    }
    return { kind: 'result', result: await show(context, cursor) };
  }
  const parts = cursor.qualifiedName();
  cursor.end();
  return { kind: 'result', result: await showColumns(context, parts) };
}
