/**
 * Optimistic commits: build updates + requirements against the table's current metadata, commit,
 * and on CommitFailedError refresh and rebuild, with jittered exponential backoff. Properties:
 * commit.retry.num-retries (default 10), commit.retry.min-wait-ms (50), commit.retry.max-wait-ms (5000).
 */
import { CommitFailedError, CommitStateUnknownError } from '../errors.js';
import type { TableMetadata } from '../spec/tableMetadata.js';
import type { TableRequirement, TableUpdate } from '../update/updates.js';
import type { Table } from './Table.js';

export interface PendingCommit {
  readonly requirements: readonly TableRequirement[];
  readonly updates: readonly TableUpdate[];
}

function property(md: TableMetadata, key: string, fallback: number): number {
  const value = Number(md.properties[key]);
  return Number.isFinite(value) && md.properties[key] !== undefined ? value : fallback;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * `landed` lets an operation recognise its own commit after a CommitStateUnknownError (e.g. its
 * snapshot id is in the reloaded metadata): then the commit counts as done instead of failing.
 */
export async function commitWithRetry(
  table: Table,
  build: (base: TableMetadata, attempt: number) => Promise<PendingCommit>,
  landed?: (metadata: TableMetadata) => boolean,
): Promise<TableMetadata> {
  const retries = property(table.metadata, 'commit.retry.num-retries', 10);
  const minWait = property(table.metadata, 'commit.retry.min-wait-ms', 50);
  const maxWait = property(table.metadata, 'commit.retry.max-wait-ms', 5000);
  for (let attempt = 0; ; attempt++) {
    const base = table.metadata;
    const pending = await build(base, attempt);
    try {
      await table.commitTransaction(
        [{ type: 'assert-table-uuid', uuid: base.tableUuid }, ...pending.requirements],
        pending.updates,
      );
      return table.metadata;
    } catch (error) {
      if (error instanceof CommitStateUnknownError && landed) {
        const reloaded = await table.refresh().catch(() => undefined);
        if (reloaded && landed(reloaded.metadata)) return reloaded.metadata;
        throw error;
      }
      if (!(error instanceof CommitFailedError) || attempt >= retries) throw error;
      const wait = Math.min(maxWait, minWait * 2 ** attempt);
      await sleep(wait / 2 + Math.random() * (wait / 2));
      await table.refresh();
    }
  }
}
