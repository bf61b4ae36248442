/**
 * Freshness as a reader sees it: polls a pipeline table and records, for each trade that becomes
 * visible, "visible now" minus its exchange time (ms), with the time it was seen.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import {
  bronzeEvents,
  PROP_SILVER_SNAPSHOT,
  silverTrades,
  type TableDef,
  type TableStore,
} from '../../layers/pipeline/index.js';

export class Visibility {
  private readonly seen = new Set<string>();
  readonly freshnessMs: number[] = [];
  /** When each freshnessMs entry was seen (epoch ms), in the same order. */
  readonly seenAtMs: number[] = [];
  /** silver snapshot id -> exchange times of the trades it added, in commit order (for gold). */
  readonly silverBatches: { snapshot: string; times: number[] }[] = [];
  private goldConsumed = 0;
  private last: string | undefined;

  constructor(
    private readonly store: TableStore,
    private readonly def: TableDef,
  ) {}

  private record(now: number, times: readonly number[]): void {
    for (const time of times) {
      this.freshnessMs.push(now - time);
      this.seenAtMs.push(now);
    }
  }

  /** Bronze or silver: the trades appended since the last poll. Returns the table's head. */
  async poll(conn: DuckDBConnection): Promise<string | undefined> {
    const head = await this.store.head(this.def);
    if (head.snapshotId === undefined || head.snapshotId === this.last) return head.snapshotId;
    const now = Date.now();
    await this.store.scanAppended(conn, this.def, 'appended', this.last, head.snapshotId);
    this.last = head.snapshotId;
    const where = this.def === bronzeEvents ? "where event_type = 'match'" : '';
    const rows = (await conn.runAndReadAll(`select epoch_ms(exchange_time) from appended ${where}`)).getRows();
    const times = rows.map((row) => Number(row[0]));
    this.record(now, times);
    if (this.def === silverTrades) this.silverBatches.push({ snapshot: head.snapshotId, times });
    return head.snapshotId;
  }

  /** A gold table is visible up to the silver snapshot recorded in its summary. */
  async pollGold(silver: Visibility): Promise<void> {
    const head = await this.store.head(this.def);
    const consumed = head.properties[PROP_SILVER_SNAPSHOT];
    if (consumed === undefined || this.seen.has(consumed)) return;
    this.seen.add(consumed);
    const now = Date.now();
    const upTo = silver.silverBatches.findIndex((batch) => batch.snapshot === consumed);
    for (let i = this.goldConsumed; i <= upTo; i += 1) this.record(now, silver.silverBatches[i]?.times ?? []);
    if (upTo >= this.goldConsumed) this.goldConsumed = upTo + 1;
  }
}
