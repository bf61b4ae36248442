/**
 * The QueryEngine over Iceberg tables: DuckDB reads the Parquet files, the Iceberg library says
 * which files (and deletes) make up each table version. A query is rewritten from Trino syntax
 * (time travel, metadata tables, iceberg_* functions), the tables it names are refreshed to their
 * latest committed metadata, and it runs on its own DuckDB connection. Read-only by default: only
 * SELECT-like statements run, one per query. A sandboxed session's query runs only if DuckDB's parse
 * of the rewritten text passes the sandbox policy (sql/sandboxPolicy.ts).
 */
import os from 'node:os';
import { type DuckDBConnection, type DuckDBInstance, type DuckDBValue, StatementType } from '@duckdb/node-api';
import { openDuckDB } from '../duckdb/index.js';
import { EngineError, NotFoundError, PermissionDeniedError, QuerySyntaxError, ReadOnlyError } from './errors.js';
import type { QueryEngine, QueryResult, QuerySession } from './QueryEngine.js';
import { inspectParquetColumns, type ParquetColumns } from './scan/parquetColumns.js';
import { quoteIdentifier, quoteQualified } from './sql/quote.js';
import { sandboxedStatement } from './sql/sandboxPolicy.js';
import { tokenize } from './sql/tokenizer.js';
import { type NameParts, type RewriteResolver, rewriteTrinoSql, type VersionSpec } from './sql/trinoRewrite.js';
import { metadataTableSql } from './tables/metadataTables.js';
import { TableFunctions } from './tables/TableFunctions.js';
import type { TableHandle, TableSource, VersionOptions } from './tables/TableSource.js';
import { ICEBERG_CATALOG, ViewRegistry } from './tables/ViewRegistry.js';
import { VersionSqlCache } from './tables/versionSql.js';
import {
  registerTrinoFunctions,
  rewriteTrinoSemantics,
  SESSION_USER_VARIABLE,
  trinoColumnNamer,
} from './trino/index.js';

export interface IcebergQueryEngineOptions {
  readonly source: TableSource;
  /** An existing DuckDB instance; by default the engine opens its own. */
  readonly duckdb?: DuckDBInstance;
  /**
   * Restrict DuckDB's file access to these directories (warehouse, cache) and lock its
   * configuration. Applies only to an instance the engine opens itself.
   */
  readonly allowedDirectories?: readonly string[];
  readonly threads?: number;
  readonly memoryLimit?: string;
  /** Default true: only SELECT, EXPLAIN, SHOW, DESCRIBE and friends. */
  readonly readOnly?: boolean;
}

const READ_ONLY_STATEMENTS = new Set<StatementType>([StatementType.SELECT, StatementType.EXPLAIN]);

/**
 * The rewrite's subqueries (time travel, metadata tables, iceberg_* functions) become temporary
 * views of the query's own connection, so the text that runs holds only what the user wrote plus
 * view names, and the sandbox policy can refuse every file-reading function in it.
 */
function rewriteViewName(index: number): string {
  return `temp.main.${quoteIdentifier(`lakehouse_rewrite_${index}`)}`;
}

/** Words that mean the query lists schemas or tables, so the whole catalog must be mirrored first. */
const CATALOG_WORDS = new Set([
  'information_schema',
  'pg_catalog',
  'show',
  'describe',
  'duckdb_tables',
  'duckdb_views',
  'duckdb_columns',
  'duckdb_schemas',
  'duckdb_databases',
  'pragma',
  'summarize',
]);

/** A DuckDB failure, with DuckDB's category ("Binder", "Catalog", "Parser", ...) kept for front ends. */
export class QueryFailedError extends EngineError {
  constructor(
    message: string,
    readonly category: string,
    options: { cause?: unknown } = {},
  ) {
    super(message, options);
  }
}

function asQueryFailed(error: unknown): unknown {
  if (error instanceof EngineError || !(error instanceof Error)) return error;
  // DuckDB prefixes parse failures of extractStatements; the category should lead the message.
  const message = error.message.replace(/^Failed to extract statements: /, '');
  const category = /^([A-Za-z ]+?) Error:/.exec(message)?.[1] ?? 'Unknown';
  if (category === 'Parser') return new QuerySyntaxError(message, { cause: error });
  return new QueryFailedError(message, category, { cause: error });
}

export class IcebergQueryEngine implements QueryEngine {
  private readonly functions: TableFunctions;
  private readonly views: ViewRegistry;
  private syncedOnce = false;

  private constructor(
    private readonly instance: DuckDBInstance,
    private readonly ownsInstance: boolean,
    private readonly ddl: DuckDBConnection,
    private readonly versions: VersionSqlCache,
    private readonly source: TableSource,
    private readonly readOnly: boolean,
  ) {
    this.views = new ViewRegistry(ddl, source, versions);
    this.functions = new TableFunctions(source, this.versions, (expression) => this.timestampMs(expression));
  }

  static async create(options: IcebergQueryEngineOptions): Promise<IcebergQueryEngine> {
    const instance =
      options.duckdb ??
      (await openDuckDB({
        cacheParquetMetadata: true,
        prepare: registerTrinoFunctions,
        ...(options.threads === undefined ? {} : { threads: options.threads }),
        ...(options.memoryLimit === undefined ? {} : { memoryLimit: options.memoryLimit }),
        ...(options.allowedDirectories === undefined ? {} : { allowedDirectories: options.allowedDirectories }),
      }));
    const ddl = await instance.connect();
    // An instance the engine did not open gets the Trino functions now (registration is idempotent).
    if (options.duckdb !== undefined) await registerTrinoFunctions(ddl);
    await ddl.run(`ATTACH IF NOT EXISTS ':memory:' AS ${ICEBERG_CATALOG}`);
    const inspect = async (paths: readonly string[]): Promise<Map<string, ParquetColumns>> => {
      const connection = await instance.connect();
      try {
        return await inspectParquetColumns(connection, paths);
      } finally {
        connection.closeSync();
      }
    };
    return new IcebergQueryEngine(
      instance,
      options.duckdb === undefined,
      ddl,
      new VersionSqlCache(inspect),
      options.source,
      options.readOnly ?? true,
    );
  }

  /** Mirrors every namespace and table of the catalog into DuckDB now (otherwise done lazily). */
  async refreshAll(): Promise<void> {
    await this.views.syncAll();
    this.syncedOnce = true;
  }

  async query(sql: string, session: QuerySession = {}, parameters: readonly DuckDBValue[] = []): Promise<QueryResult> {
    const rewritten = await Promise.resolve()
      .then(() =>
        rewriteTrinoSql(rewriteTrinoSemantics(sql), this.resolver(session), { relationName: rewriteViewName }),
      )
      .catch((error: unknown) => {
        throw asQueryFailed(error);
      });
    await this.refreshReferenced(sql, rewritten.names, session);
    const connection = await this.instance.connect();
    let closed = false;
    let onAbort: (() => void) | undefined;
    const release = (): void => {
      if (closed) return;
      closed = true;
      if (onAbort !== undefined) session.signal?.removeEventListener('abort', onAbort);
      connection.closeSync();
    };
    try {
      await connection.run(`USE ${quoteQualified(this.useTarget(session))}`);
      // current_user reads this; without a session user (in-process) it is the OS user, as Trino's CLI defaults to.
      await connection.run(`SET VARIABLE ${SESSION_USER_VARIABLE} = $1`, [session.user ?? os.userInfo().username]);
      for (const relation of rewritten.relations) {
        await connection.run(`CREATE TEMP VIEW ${relation.name} AS ${relation.sql}`);
      }
      const checked = session.sandboxed ? await sandboxedStatement(connection, rewritten.sql) : undefined;
      const sql = checked?.sql ?? rewritten.sql;
      // Parsed before the statement runs: another statement on this connection would end its result.
      const trinoNames = await trinoColumnNamer(connection, sql);
      const statements = await connection.extractStatements(sql);
      if (statements.count !== 1) {
        throw new QuerySyntaxError(`expected exactly one SQL statement, got ${statements.count}`);
      }
      const prepared = await statements.prepare(0);
      if (checked !== undefined && prepared.statementType !== checked.statementType) {
        throw new PermissionDeniedError(
          `${StatementType[prepared.statementType] ?? 'this'} statements are not allowed: only read-only queries run here`,
        );
      }
      if (parameters.length > 0) prepared.bind([...parameters]);
      if (this.readOnly && !READ_ONLY_STATEMENTS.has(prepared.statementType)) {
        throw new ReadOnlyError(
          `the query engine is read-only: ${StatementType[prepared.statementType] ?? 'this'} statements are not allowed`,
        );
      }
      const signal = session.signal;
      let streamed = false;
      let started = false;
      // Aborting interrupts a running query, and frees the connection of a result nobody started reading.
      onAbort = (): void => {
        connection.interrupt();
        if (streamed && !started) release();
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      if (signal?.aborted) throw new EngineError('query cancelled', { retriable: false });
      const result = await prepared.stream();
      streamed = true;
      if (signal?.aborted) throw new EngineError('query cancelled', { retriable: false });
      const columns = trinoNames(result.columnNames()).map((name, index) => ({ name, type: result.columnType(index) }));
      const batches = async function* (): AsyncGenerator<readonly (readonly DuckDBValue[])[]> {
        started = true;
        try {
          if (closed) throw new EngineError('query cancelled', { retriable: false });
          for await (const rows of result.yieldRows()) {
            if (signal?.aborted) return;
            yield rows;
          }
        } catch (error) {
          throw asQueryFailed(error);
        } finally {
          release();
        }
      };
      return { columns, batches: batches() };
    } catch (error) {
      release();
      throw asQueryFailed(error);
    }
  }

  async close(): Promise<void> {
    this.ddl.closeSync();
    if (this.ownsInstance) this.instance.closeSync();
  }

  private useTarget(session: QuerySession): string[] {
    if (session.schema !== undefined && this.views.hasSchema(session.schema)) return [ICEBERG_CATALOG, session.schema];
    return [ICEBERG_CATALOG];
  }

  /** Refreshes the views of every catalog table the query may name (and everything for listings). */
  private async refreshReferenced(sql: string, names: readonly NameParts[], session: QuerySession): Promise<void> {
    const words = tokenize(sql)
      .filter((t) => t.kind === 'word')
      .map((t) => t.text.toLowerCase());
    if (!this.syncedOnce || words.some((word) => CATALOG_WORDS.has(word))) {
      await this.refreshAll();
      return;
    }
    if (session.schema !== undefined && !this.views.hasSchema(session.schema)) {
      // A namespace created since the last sync; an unknown one is left for DuckDB to report.
      if ((await this.source.listNamespaces()).includes(session.schema)) await this.refreshAll();
    }
    const candidates = new Map<string, [string, string]>();
    for (const parts of names) {
      const resolved = this.tableName(parts, session);
      if (resolved !== undefined) candidates.set(resolved.join('.'), resolved);
    }
    const tablesByNamespace = new Map<string, Promise<string[]>>();
    await Promise.all(
      [...candidates.values()].map(async ([namespace, table]) => {
        let tables = tablesByNamespace.get(namespace);
        if (tables === undefined) {
          tables = this.source
            .listNamespaces()
            .then((all) => (all.includes(namespace) ? this.source.listTables(namespace) : []));
          tablesByNamespace.set(namespace, tables);
        }
        if ((await tables).includes(table)) await this.views.refresh(namespace, table);
      }),
    );
  }

  /** [namespace, table] for a written name, with the session's schema for bare names. */
  private tableName(parts: NameParts, session: QuerySession): [string, string] | undefined {
    if (parts.length === 3) return parts[0] === ICEBERG_CATALOG ? [parts[1] as string, parts[2] as string] : undefined;
    if (parts.length === 2) return [parts[0] as string, parts[1] as string];
    if (parts.length === 1 && session.schema !== undefined) return [session.schema, parts[0] as string];
    return undefined;
  }

  private async loadNamed(parts: NameParts, session: QuerySession): Promise<TableHandle> {
    const name = this.tableName(parts, session);
    if (name === undefined) {
      throw new QuerySyntaxError(`table ${parts.join('.')} needs a namespace (write namespace.table or set a schema)`);
    }
    const handle = await this.source.load(name[0], name[1]);
    if (handle === undefined) throw new NotFoundError(`table ${ICEBERG_CATALOG}.${name.join('.')} does not exist`);
    return handle;
  }

  /**
   * Evaluates a timestamp expression (from `FOR TIMESTAMP AS OF <expression>`, user text when
   * sandboxed) as exactly one SELECT, checked by the sandbox policy like the query itself.
   */
  private async timestampMs(expression: string, sandboxed = false): Promise<number> {
    const connection = await this.instance.connect();
    try {
      const sql = `SELECT CAST(epoch_ms(${expression}) AS BIGINT)`;
      const checked = sandboxed ? await sandboxedStatement(connection, sql) : undefined;
      const statements = await connection.extractStatements(checked?.sql ?? sql);
      if (statements.count !== 1) throw new QuerySyntaxError(`not a timestamp: ${expression}`);
      const prepared = await statements.prepare(0);
      if (prepared.statementType !== StatementType.SELECT) throw new QuerySyntaxError(`not a timestamp: ${expression}`);
      const reader = await prepared.runAndReadAll();
      const value = reader.getRows()[0]?.[0];
      if (typeof value !== 'bigint') throw new QuerySyntaxError(`not a timestamp: ${expression}`);
      return Number(value);
    } catch (error) {
      throw asQueryFailed(error);
    } finally {
      connection.closeSync();
    }
  }

  private async versionOptions(version: VersionSpec, session: QuerySession): Promise<VersionOptions> {
    if (version.kind === 'snapshot') return { snapshotId: version.snapshotId };
    if (version.kind === 'ref') return { ref: version.ref };
    return { asOfTimestampMs: await this.timestampMs(version.expression, session.sandboxed) };
  }

  private resolver(session: QuerySession): RewriteResolver {
    return {
      versionOf: async (parts, version) => {
        const handle = await this.loadNamed(parts, session);
        return this.versions.sqlFor(handle, await this.versionOptions(version, session));
      },
      metadataTable: async (parts, kind) => {
        const handle = await this.loadNamed(parts, session);
        return metadataTableSql({ metadata: handle.metadata, io: handle.io }, kind);
      },
      tableFunction: (call) => this.functions.sql(call, (parts) => this.loadNamed(parts, session)),
    };
  }
}
