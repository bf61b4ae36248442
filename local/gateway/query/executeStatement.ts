/**
 * One statement from text to a result: Trino-level routing first (SHOW, DESCRIBE, USE, EXECUTE
 * IMMEDIATE, statements this endpoint never runs), then the gateway's own metadata statements and
 * tables, and everything else on the engine. Queries run sandboxed: the engine, and the metadata
 * database, decide on DuckDB's parse of the exact text they execute.
 */
import type { DuckDBInstance } from '@duckdb/node-api';
import type { QueryEngine, QueryResult, QuerySession } from '../../../layers/engine/index.js';
import { loadCatalogModel } from '../metadata/catalogModel.js';
import type { MetadataSource } from '../metadata/MetadataSource.js';
import { runMetadataStatement } from '../metadata/metadataStatements.js';
import { staticResult } from '../metadata/staticResult.js';
import { findVirtualReferences, runVirtualQuery } from '../metadata/virtualQuery.js';
import type { RuntimeQuery } from '../metadata/virtualTables.js';
import { checkStatement } from '../sql/statementPolicy.js';

export interface StatementContext {
  readonly engine: QueryEngine;
  readonly metadata: MetadataSource;
  /** Private DuckDB for queries over information_schema and system tables. */
  readonly metadataDb: DuckDBInstance;
  readonly catalog: string;
  readonly serverUri: string;
  readonly nodeVersion: string;
  readonly queries: () => readonly RuntimeQuery[];
}

export interface StatementOutcome {
  readonly result: QueryResult;
  readonly updateType?: string;
  readonly setCatalog?: string;
  readonly setSchema?: string;
}

export async function executeStatement(
  context: StatementContext,
  sql: string,
  session: QuerySession,
): Promise<StatementOutcome> {
  const statement = checkStatement(sql);
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
          queries: context.queries,
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
