/**
 * The model assertions run at build time: a model's declared tests (not_null, unique, expressions,
 * accepted values) against its freshly built rows, before they are committed.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { PipelineError } from '../errors.js';
import { quoteIdent, quoteLiteral } from '../tables/TableStore.js';
import type { Model, ModelTest } from './ModelProject.js';

function failingRowsQuery(relation: string, test: ModelTest): string {
  const from = quoteIdent(relation);
  switch (test.kind) {
    case 'not_null':
      return `select count(*) from ${from} where ${test.columns.map((c) => `${quoteIdent(c)} is null`).join(' or ')}`;
    case 'unique': {
      const columns = test.columns.map(quoteIdent).join(', ');
      return `select coalesce(sum(n - 1), 0) from (select count(*) as n from ${from} group by ${columns} having n > 1)`;
    }
    case 'expression':
      return `select count(*) from ${from} where not coalesce((${test.expression}), false)`;
    case 'accepted_values':
      return `select count(*) from ${from} where ${quoteIdent(test.column)} not in (${test.values.map(quoteLiteral).join(', ')})`;
  }
}

function describe(test: ModelTest): string {
  switch (test.kind) {
    case 'not_null':
    case 'unique':
      return `${test.kind}(${test.columns.join(', ')})`;
    case 'expression':
      return `expression(${test.expression})`;
    case 'accepted_values':
      return `accepted_values(${test.column})`;
  }
}

export async function runModelAssertions(conn: DuckDBConnection, model: Model, relation: string): Promise<void> {
  for (const test of model.tests) {
    const reader = await conn.runAndReadAll(failingRowsQuery(relation, test));
    const failing = Number(reader.getRows()[0]?.[0] ?? 0);
    if (failing > 0) {
      throw new PipelineError(
        `${model.namespace}.${model.name}: test ${describe(test)} failed on ${failing} row(s); nothing committed`,
        false,
      );
    }
  }
}
