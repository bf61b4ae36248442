/**
 * Rewrites the Trino and DuckDB-iceberg syntax the engine accepts into plain DuckDB SQL, on
 * tokens (never on raw text, so literals and comments are left alone):
 * - `t FOR VERSION AS OF <snapshot id | 'ref'>` and `t FOR TIMESTAMP AS OF <timestamp>`,
 * - metadata tables `"t$snapshots"` (and $history, $files, $manifests, $partitions, $refs),
 * - table functions `iceberg_scan(...)`, `iceberg_snapshots(...)`, `iceberg_metadata(...)`,
 * each replaced by a parenthesised subquery the resolver supplies, or (with `relationName`) by the
 * name of a relation the caller creates from that subquery. It also reports every dotted name it
 * saw, so the engine can refresh the tables a query may read.
 */
import { QuerySyntaxError } from '../errors.js';
import { identifierName, isKeyword, isSignificant, stringValue, type Token, tokenize } from './tokenizer.js';

/** A table name as written: 1 to 3 parts (catalog.namespace.table), identifiers already folded. */
export type NameParts = readonly string[];

export type VersionSpec =
  | { readonly kind: 'snapshot'; readonly snapshotId: bigint }
  | { readonly kind: 'ref'; readonly ref: string }
  /** A SQL expression DuckDB can cast to TIMESTAMPTZ. */
  | { readonly kind: 'timestamp'; readonly expression: string };

export type ArgumentValue =
  | { readonly kind: 'string'; readonly value: string }
  | { readonly kind: 'number'; readonly value: string }
  | { readonly kind: 'boolean'; readonly value: boolean };

export interface TableFunctionCall {
  readonly name: 'iceberg_scan' | 'iceberg_snapshots' | 'iceberg_metadata';
  readonly positional: readonly ArgumentValue[];
  readonly named: ReadonlyMap<string, ArgumentValue>;
}

export const METADATA_TABLES = ['snapshots', 'history', 'files', 'manifests', 'partitions', 'refs'] as const;
export type MetadataTableKind = (typeof METADATA_TABLES)[number];

/** Supplies the SELECT for each construct (without parentheses). */
export interface RewriteResolver {
  versionOf(name: NameParts, version: VersionSpec): Promise<string>;
  metadataTable(name: NameParts, kind: MetadataTableKind): Promise<string>;
  tableFunction(call: TableFunctionCall): Promise<string>;
}

export interface RewriteResult {
  readonly sql: string;
  /** Every dotted name outside the rewritten constructs (candidates for table references). */
  readonly names: readonly NameParts[];
  /** True when something was rewritten. */
  readonly changed: boolean;
  /** With `relationName`: each name used in `sql` and the SELECT it stands for. */
  readonly relations: readonly RewrittenRelation[];
}

export interface RewrittenRelation {
  /** A SQL name, ready to write (already quoted as needed). */
  readonly name: string;
  readonly sql: string;
}

export interface RewriteOptions {
  /** Write this name (for the i-th construct) instead of inlining its subquery. */
  readonly relationName?: (index: number) => string;
}

const TABLE_FUNCTIONS = new Set(['iceberg_scan', 'iceberg_snapshots', 'iceberg_metadata']);

/** Words that can follow a table reference but are never an alias. */
const NOT_ALIAS = new Set(
  (
    'WHERE JOIN LEFT RIGHT FULL INNER CROSS OUTER NATURAL ON USING GROUP ORDER LIMIT OFFSET UNION EXCEPT ' +
    'INTERSECT HAVING WINDOW QUALIFY FETCH FOR TABLESAMPLE USING POSITIONAL ASOF ANTI SEMI LATERAL RETURNING ' +
    'SELECT FROM WITH VALUES AND OR WHEN THEN ELSE END PIVOT UNPIVOT'
  ).split(' '),
);

interface Replacement {
  readonly from: number;
  readonly to: number;
  readonly text: Promise<string>;
  readonly alias?: string;
}

/** After these, a relation is a bare query: `DESCRIBE (SELECT ...)` takes no alias. */
const NO_ALIAS_AFTER = new Set(['DESCRIBE', 'DESC', 'SUMMARIZE', 'SHOW']);

function aliasFor(cursor: Cursor, start: number, next: number, name: string): { alias?: string } {
  const before = cursor.token(start - 1);
  if (before?.kind === 'word' && NO_ALIAS_AFTER.has(before.text.toUpperCase())) return {};
  return hasAlias(cursor, next) ? {} : { alias: name };
}

class Cursor {
  constructor(
    readonly tokens: readonly Token[],
    /** Indices (into tokens) of significant tokens. */
    readonly significant: readonly number[],
  ) {}

  token(position: number): Token | undefined {
    const index = this.significant[position];
    return index === undefined ? undefined : this.tokens[index];
  }

  index(position: number): number {
    return this.significant[position] ?? this.tokens.length;
  }
}

function readName(cursor: Cursor, position: number): { parts: string[]; next: number } | undefined {
  const parts: string[] = [];
  let p = position;
  for (;;) {
    const token = cursor.token(p);
    const name = token === undefined ? undefined : identifierName(token);
    if (name === undefined) return parts.length === 0 ? undefined : { parts, next: p };
    parts.push(name);
    p += 1;
    if (cursor.token(p)?.text !== '.' || cursor.token(p + 1) === undefined) return { parts, next: p };
    const after = cursor.token(p + 1);
    if (after === undefined || identifierName(after) === undefined) return { parts, next: p };
    p += 1;
  }
}

/** Token index just past the construct that ends before significant position `next`. */
function endOf(cursor: Cursor, next: number): number {
  return cursor.index(next - 1) + 1;
}

function hasAlias(cursor: Cursor, position: number): boolean {
  const token = cursor.token(position);
  if (token === undefined) return false;
  if (token.kind === 'quoted') return true;
  return token.kind === 'word' && (isKeyword(token, 'AS') || !NOT_ALIAS.has(token.text.toUpperCase()));
}

function sqlBetween(cursor: Cursor, fromPosition: number, toPosition: number): string {
  return cursor.tokens
    .slice(cursor.index(fromPosition), cursor.index(toPosition))
    .map((t) => t.text)
    .join('');
}

/** Parses `FOR VERSION|TIMESTAMP AS OF value` at position; returns undefined when absent. */
function readVersion(cursor: Cursor, position: number): { version: VersionSpec; next: number } | undefined {
  if (!isKeyword(cursor.token(position), 'FOR')) return undefined;
  const kindToken = cursor.token(position + 1);
  const isVersion = isKeyword(kindToken, 'VERSION');
  const isTimestamp = isKeyword(kindToken, 'TIMESTAMP') || isKeyword(kindToken, 'SYSTEM_TIME');
  if (!isVersion && !isTimestamp) return undefined;
  if (!isKeyword(cursor.token(position + 2), 'AS') || !isKeyword(cursor.token(position + 3), 'OF')) {
    throw new QuerySyntaxError(`expected AS OF after FOR ${kindToken?.text}`);
  }
  const start = position + 4;
  const value = cursor.token(start);
  if (value === undefined) throw new QuerySyntaxError(`FOR ${kindToken?.text} AS OF needs a value`);
  if (isVersion) {
    const text = stringValue(value);
    if (text !== undefined) return { version: { kind: 'ref', ref: text }, next: start + 1 };
    if (value.kind === 'number' && /^\d+$/.test(value.text)) {
      return { version: { kind: 'snapshot', snapshotId: BigInt(value.text) }, next: start + 1 };
    }
    throw new QuerySyntaxError(`FOR VERSION AS OF expects a snapshot id or a quoted ref name, got ${value.text}`);
  }
  const literal = stringValue(cursor.token(start + 1) ?? value);
  if (isKeyword(value, 'TIMESTAMP') && literal !== undefined) {
    return {
      version: { kind: 'timestamp', expression: `CAST(${cursor.token(start + 1)?.text} AS TIMESTAMPTZ)` },
      next: start + 2,
    };
  }
  if (stringValue(value) !== undefined) {
    return { version: { kind: 'timestamp', expression: `CAST(${value.text} AS TIMESTAMPTZ)` }, next: start + 1 };
  }
  // A general expression: up to the next clause keyword, comma or closing parenthesis at depth 0.
  let p = start;
  let depth = 0;
  for (;;) {
    const token = cursor.token(p);
    if (token === undefined || token.text === ';') break;
    if (token.text === '(') depth += 1;
    if (token.text === ')') {
      if (depth === 0) break;
      depth -= 1;
    }
    if (depth === 0 && (token.text === ',' || (token.kind === 'word' && NOT_ALIAS.has(token.text.toUpperCase()))))
      break;
    p += 1;
  }
  if (p === start) throw new QuerySyntaxError('FOR TIMESTAMP AS OF needs a timestamp');
  return {
    version: { kind: 'timestamp', expression: `CAST((${sqlBetween(cursor, start, p)}) AS TIMESTAMPTZ)` },
    next: p,
  };
}

function argumentValue(tokens: readonly Token[]): ArgumentValue {
  const [first, second] = tokens;
  if (first !== undefined && tokens.length === 1) {
    const text = stringValue(first);
    if (text !== undefined) return { kind: 'string', value: text };
    if (first.kind === 'number') return { kind: 'number', value: first.text };
    if (isKeyword(first, 'TRUE') || isKeyword(first, 'FALSE'))
      return { kind: 'boolean', value: isKeyword(first, 'TRUE') };
  }
  if (first?.text === '-' && second?.kind === 'number' && tokens.length === 2)
    return { kind: 'number', value: `-${second.text}` };
  if (first !== undefined && second !== undefined && tokens.length === 2 && first.kind === 'word') {
    const text = stringValue(second);
    if (text !== undefined) return { kind: 'string', value: text };
  }
  throw new QuerySyntaxError(`table function arguments must be literals, got ${tokens.map((t) => t.text).join(' ')}`);
}

function readCall(
  cursor: Cursor,
  name: TableFunctionCall['name'],
  open: number,
): { call: TableFunctionCall; next: number } {
  const positional: ArgumentValue[] = [];
  const named = new Map<string, ArgumentValue>();
  let p = open + 1;
  let current: Token[] = [];
  let depth = 0;
  const flush = (): void => {
    if (current.length === 0) return;
    const arrow = current.findIndex((t) => t.text === '=>' || t.text === ':=');
    if (arrow === 1) {
      const key = current[0] === undefined ? undefined : identifierName(current[0]);
      if (key === undefined) throw new QuerySyntaxError(`${name}: bad named argument`);
      named.set(key, argumentValue(current.slice(2)));
    } else positional.push(argumentValue(current));
    current = [];
  };
  for (;;) {
    const token = cursor.token(p);
    if (token === undefined) throw new QuerySyntaxError(`${name}(: missing closing parenthesis`);
    if (token.text === '(') depth += 1;
    if (token.text === ')') {
      if (depth === 0) break;
      depth -= 1;
    }
    if (token.text === ',' && depth === 0) flush();
    else current.push(token);
    p += 1;
  }
  flush();
  return { call: { name, positional, named }, next: p + 1 };
}

export async function rewriteTrinoSql(
  sql: string,
  resolver: RewriteResolver,
  options: RewriteOptions = {},
): Promise<RewriteResult> {
  const tokens = tokenize(sql);
  const significant = tokens.flatMap((token, index) => (isSignificant(token) ? [index] : []));
  const cursor = new Cursor(tokens, significant);
  const replacements: Replacement[] = [];
  const names: NameParts[] = [];
  let p = 0;
  while (p < significant.length) {
    const name = readName(cursor, p);
    if (name === undefined) {
      p += 1;
      continue;
    }
    const last = name.parts[name.parts.length - 1] ?? '';
    const afterName = cursor.token(name.next);
    if (name.parts.length === 1 && TABLE_FUNCTIONS.has(last) && afterName?.text === '(') {
      const { call, next } = readCall(cursor, last as TableFunctionCall['name'], name.next);
      replacements.push({
        from: cursor.index(p),
        to: endOf(cursor, next),
        text: resolver.tableFunction(call),
        ...aliasFor(cursor, p, next, last),
      });
      p = next;
      continue;
    }
    const dollar = last.lastIndexOf('$');
    const kind = last.slice(dollar + 1) as MetadataTableKind;
    const quoted = cursor.tokens[cursor.index(name.next - 1)]?.kind === 'quoted';
    const afterFrom = isKeyword(cursor.token(p - 1), 'FROM') || isKeyword(cursor.token(p - 1), 'JOIN');
    if (dollar > 0 && quoted && (afterFrom || METADATA_TABLES.includes(kind))) {
      if (!METADATA_TABLES.includes(kind)) {
        throw new QuerySyntaxError(
          `unknown metadata table "${last}": expected one of ${METADATA_TABLES.map((k) => `$${k}`).join(', ')}`,
        );
      }
      const tableName = [...name.parts.slice(0, -1), last.slice(0, dollar)];
      replacements.push({
        from: cursor.index(p),
        to: endOf(cursor, name.next),
        text: resolver.metadataTable(tableName, kind),
        ...aliasFor(cursor, p, name.next, last),
      });
      p = name.next;
      continue;
    }
    const version = readVersion(cursor, name.next);
    if (version !== undefined) {
      replacements.push({
        from: cursor.index(p),
        to: endOf(cursor, version.next),
        text: resolver.versionOf(name.parts, version.version),
        ...aliasFor(cursor, p, version.next, last),
      });
      p = version.next;
      continue;
    }
    names.push(name.parts);
    p = name.next;
  }
  if (replacements.length === 0) return { sql, names, changed: false, relations: [] };
  const texts = await Promise.all(replacements.map((r) => r.text));
  const relations: RewrittenRelation[] = [];
  let out = '';
  let at = 0;
  replacements.forEach((replacement, i) => {
    out += tokens
      .slice(at, replacement.from)
      .map((t) => t.text)
      .join('');
    const alias = replacement.alias === undefined ? '' : ` AS "${replacement.alias.replaceAll('"', '""')}"`;
    const name = options.relationName?.(i);
    if (name === undefined) out += `(${texts[i]})${alias}`;
    else {
      relations.push({ name, sql: texts[i] as string });
      out += `${name}${alias}`;
    }
    at = replacement.to;
  });
  out += tokens
    .slice(at)
    .map((t) => t.text)
    .join('');
  return { sql: out, names, changed: true, relations };
}
