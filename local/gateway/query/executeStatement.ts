/**
 * One statement from text to a result: Trino-level routing first (SHOW, DESCRIBE, USE, EXECUTE
 * IMMEDIATE, statements this endpoint never runs), then the gateway's own metadata statements and
 * tables, and everything else on the engine. Queries run sandboxed: the engine, and the metadata
 * database, decide on DuckDB's parse of the exact text they execute.
 */
import { DuckDBBooleanType, type DuckDBInstance } from '@duckdb/node-api';
import type { QueryEngine, QueryResult, QuerySession } from '../../../layers/engine/index.js';
import { loadCatalogModel } from '../metadata/catalogModel.js';
import type { MetadataSource } from '../metadata/MetadataSource.js';
import { runMetadataStatement } from '../metadata/metadataStatements.js';
import { staticResult } from '../metadata/staticResult.js';
import { findVirtualReferences, runVirtualQuery } from '../metadata/virtualQuery.js';
import type { RuntimeQuery } from '../metadata/virtualTables.js';
import type { PreparedStatements, PrepareStatement } from '../sql/preparedStatements.js';
import { checkStatement } from '../sql/statementPolicy.js';

export interface StatementContext {
  readonly engine: QueryEngine;
  readonly metadata: MetadataSource;
  /** Private DuckDB for queries over information_schema and system tables. */
  readonly metadataDb: DuckDBInstance;
  readonly catalog: string;
  readonly serverUri: string;
  readonly nodeVersion: string;
  /** The queries a user may see in system.runtime.queries. */
  readonly queries: (user: string | undefined) => readonly RuntimeQuery[];
}

/** The engine's session plus what the gateway's client protocol adds to it. */
export interface StatementSession extends QuerySession {
  /** The prepared statements the client sent with this request, by name. */
  readonly preparedStatements?: PreparedStatements;
}

export interface StatementOutcome {
  readonly result: QueryResult;
  readonly updateType?: string;
  readonly setCatalog?: string;
  readonly setSchema?: string;
  /** PREPARE's statement, for the client to hold and send back (X-Trino-Added-Prepare). */
  readonly addedPrepare?: PrepareStatement;
  /** The name DEALLOCATE PREPARE removed (X-Trino-Deallocated-Prepare). */
  readonly deallocatedPrepare?: string;
}

/** What Trino answers for a statement that only changes the client's session (PREPARE, DEALLOCATE): one row, result = true. JDBC requires the column. */
function sessionChangeResult(): QueryResult {
  return staticResult([{ name: 'result', type: DuckDBBooleanType.instance }], [[true]]);
}

export async function executeStatement(
  context: StatementContext,
  sql: string,
  session: StatementSession,
): Promise<StatementOutcome> {
  const statement = checkStatement(sql, session.preparedStatements);
  if (statement.prepare !== undefined) {
    return { result: sessionChangeResult(), updateType: 'PREPARE', addedPrepare: statement.prepare };
  }
  if (statement.deallocate !== undefined) {
    return { result: sessionChangeResult(), updateType: 'DEALLOCATE', deallocatedPrepare: statement.deallocate };
  }
  if (statement.kind === 'show' || statement.kind === 'describe' || statement.kind === 'use') {
    const outcome = await runMetadataStatement(
      { engine: context.engine, source: context.metadata, catalog: context.catalog, session },
      statement.tokens,
    );
    if (outcome.kind === 'result') return { result: outcome.result };
    return {
      result: staticResult([], []),
      updateType: 'USE',
      setCatalog: outcome.catalog,
      setSchema: outcome.schema,
    };
  }
  const references = findVirtualReferences(statement.tokens, {
    catalog: context.catalog,
    ...(session.catalog ? { sessionCatalog: session.catalog } : {}),
  });
  if (references.length > 0) {
    const model = await loadCatalogModel(context.metadata, context.catalog);
    return {
      result: await runVirtualQuery(
        context.metadataDb,
        {
          engine: context.engine,
          queries: () => context.queries(session.user),
          model,
          serverUri: context.serverUri,
          nodeVersion: context.nodeVersion,
          ...(session.signal ? { signal: session.signal } : {}),
        },
        statement.sql,
        references,
      ),
    };
  }
  return { result: await context.engine.query(statement.sql, { ...session, sandboxed: true }) };
}
