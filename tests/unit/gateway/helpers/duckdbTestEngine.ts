/**
 * A plain DuckDB QueryEngine for the gateway's tests: tables live in an in-memory database attached
 * as `iceberg` (so `schema.table` and `iceberg.schema.table` both resolve), each query runs on its own
 * connection, streams its chunks, and is interrupted when its signal aborts. External access is off
 * and the configuration locked, and sandboxed queries pass the same policy, as in the real engine.
 */
import { type DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import {
  PermissionDeniedError,
  type QueryEngine,
  type QueryResult,
  type QuerySession,
  QuerySyntaxError,
  sandboxedStatement,
} from '../../../../layers/engine/index.js';

export interface TestEngine extends QueryEngine {
  /** Runs setup SQL (CREATE/INSERT) directly, bypassing the gateway. */
  exec(sql: string): Promise<void>;
  /** How many queries currently hold a connection. */
  readonly openConnections: number;
}

export async function createTestEngine(
  setupSql: readonly string[] = [],
  options: { memoryLimit?: string } = {},
): Promise<TestEngine> {
  const instance = await DuckDBInstance.create(':memory:', {
    threads: '2',
    ...(options.memoryLimit ? { memory_limit: options.memoryLimit } : {}),
  });
  const admin = await instance.connect();
  await admin.run("SET TimeZone = 'UTC'");
  await admin.run("ATTACH ':memory:' AS iceberg");
  for (const sql of setupSql) await admin.run(sql);
  await admin.run('SET enable_external_access = false');
  await admin.run('SET autoinstall_known_extensions = false');
  await admin.run('SET autoload_known_extensions = false');
  await admin.run('SET lock_configuration = true');
  let open = 0;

  async function connect(): Promise<DuckDBConnection> {
    const connection = await instance.connect();
    await connection.run('USE iceberg');
    return connection;
  }

  return {
    get openConnections() {
      return open;
    },
    async exec(sql) {
      await admin.run(sql);
    },
    async query(sql: string, session: QuerySession = {}): Promise<QueryResult> {
      const connection = await connect();
      open++;
      let closed = false;
      const close = () => {
        if (closed) return;
        closed = true;
        open--;
        connection.closeSync();
      };
      const onAbort = () => connection.interrupt();
      session.signal?.addEventListener('abort', onAbort, { once: true });
      try {
        if (session.schema) await connection.run(`USE iceberg."${session.schema.replaceAll('"', '""')}"`);
        const checked = session.sandboxed ? await sandboxedStatement(connection, sql) : undefined;
        const statements = await connection.extractStatements(checked?.sql ?? sql);
        if (statements.count !== 1) throw new QuerySyntaxError(`expected one statement, got ${statements.count}`);
        const prepared = await statements.prepare(0);
        if (checked !== undefined && prepared.statementType !== checked.statementType) {
          throw new PermissionDeniedError('this statement is not allowed: only read-only queries run here');
        }
        // An interrupt before the statement runs is lost: a query cancelled while it was prepared stops here.
        session.signal?.throwIfAborted();
        const result = await prepared.stream();
        const columns = result.columnNames().map((name, i) => ({ name, type: result.columnType(i) }));
        return {
          columns,
          batches: (async function* () {
            try {
              for (;;) {
                if (session.signal?.aborted) throw session.signal.reason;
                const chunk = await result.fetchChunk();
                if (!chunk || chunk.rowCount === 0) return;
                yield chunk.getRows();
              }
            } finally {
              session.signal?.removeEventListener('abort', onAbort);
              close();
            }
          })(),
        };
      } catch (error) {
        session.signal?.removeEventListener('abort', onAbort);
        close();
        throw error;
      }
    },
    async close() {
      admin.closeSync();
      instance.closeSync();
    },
  };
}
