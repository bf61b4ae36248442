/**
 * `lakehouse table compact | expire | remove-orphans`: the maintenance the tableMaintenance function
 * runs on a schedule, on demand for one table.
 */
import { type Command, InvalidArgumentError } from 'commander';
import { openDuckDB } from '../../../../layers/engine/index.js';
import { compactDataFiles, DEFAULT_ORPHAN_GRACE_MS, removeOrphanFiles } from '../../../../layers/iceberg/index.js';
import { parseDuration } from '../../../gateway/sessionHeaders.js';
import { loadNamedTable, snapshotNamed, withCatalog } from './lookup.js';
import { formatOption, printRows, type TableOutputFormat } from './output.js';

type FormatOptions = { format: TableOutputFormat };

/** A duration like 3d, 12h, 30m (milliseconds). */
export function durationOption(text: string): number {
  const ms = parseDuration(text);
  if (ms === undefined || ms < 0)
    throw new InvalidArgumentError(`expected a duration like 3d, 12h or 30m, got ${text}`);
  return ms;
}

export function countOption(text: string): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1) throw new InvalidArgumentError(`expected a positive integer, got ${text}`);
  return value;
}

export function registerMaintenanceCommands(table: Command): void {
  table
    .command('compact')
    .description("bin-pack each partition's small data files into one replace snapshot")
    .argument('<table>', 'namespace.table')
    .option('--min-input-files <n>', 'compact a partition once it has this many small files', countOption, 2)
    .option('--small-file-bytes <n>', 'files under this size are candidates (default: target size / 8)', countOption)
    .addOption(formatOption())
    .action((name: string, options: FormatOptions & { minInputFiles: number; smallFileBytes?: number }) =>
      withCatalog(async (catalog) => {
        const t = await loadNamedTable(catalog, name);
        const duckdb = await openDuckDB({ threads: 2 });
        const connection = await duckdb.connect();
        try {
          const result = await compactDataFiles(t, {
            connection,
            minInputFiles: options.minInputFiles,
            ...(options.smallFileBytes === undefined ? {} : { smallFileBytes: options.smallFileBytes }),
          });
          printRows(
            [
              {
                table: t.name,
                rewritten_files: result.rewrittenFiles,
                added_files: result.addedFiles,
                snapshot_id: result.snapshot?.snapshotId,
              },
            ],
            options.format,
          );
        } finally {
          connection.closeSync();
          duckdb.closeSync();
        }
      }),
    );
  table
    .command('expire')
    .description('remove snapshots older than --older-than that no branch or tag needs, and the files only they used')
    .argument('<table>', 'namespace.table')
    .option(
      '--older-than <duration>',
      'age cutoff, e.g. 5d (default: history.expire.max-snapshot-age-ms, 5 days)',
      durationOption,
    )
    .option('--retain-last <n>', 'keep at least this many ancestors of every branch head', countOption)
    .option('--snapshot <id...>', 'expire these snapshots too')
    .option('--dry-run', 'list what would expire, change nothing')
    .addOption(formatOption())
    .action(
      (
        name: string,
        options: FormatOptions & { olderThan?: number; retainLast?: number; snapshot?: string[]; dryRun?: boolean },
      ) =>
        withCatalog(async (catalog) => {
          const t = await loadNamedTable(catalog, name);
          const expire = t.expireSnapshots();
          if (options.olderThan !== undefined) expire.expireOlderThan(Date.now() - options.olderThan);
          if (options.retainLast !== undefined) expire.retainLast(options.retainLast);
          for (const id of options.snapshot ?? []) expire.expireSnapshotId(snapshotNamed(t, id).snapshotId);
          if (options.dryRun) {
            printRows(
              expire.toExpire(t.metadata).map((id) => ({ table: t.name, snapshot_id: id, action: 'would expire' })),
              options.format,
            );
            return;
          }
          const result = await expire.commit();
          printRows(
            [
              {
                table: t.name,
                expired_snapshots: result.expiredSnapshotIds.length,
                deleted_files: result.deletedFiles,
                remaining_snapshots: t.snapshots().length,
              },
            ],
            options.format,
          );
        }),
    );
  table
    .command('remove-orphans')
    .description('delete files under the table location that no metadata references and older than the grace period')
    .argument('<table>', 'namespace.table')
    .option(
      '--older-than <duration>',
      `grace period: only files older than this (default ${DEFAULT_ORPHAN_GRACE_MS / 86_400_000}d; commits in flight are younger)`,
      durationOption,
    )
    .option('--dry-run', 'list the orphans, delete nothing')
    .addOption(formatOption())
    .action((name: string, options: FormatOptions & { olderThan?: number; dryRun?: boolean }) =>
      withCatalog(async (catalog) => {
        const t = await loadNamedTable(catalog, name);
        const result = await removeOrphanFiles(t, {
          olderThanMs: Date.now() - (options.olderThan ?? DEFAULT_ORPHAN_GRACE_MS),
          dryRun: options.dryRun === true,
        });
        printRows(
          result.orphans.map((file) => ({
            table: t.name,
            path: file.location,
            bytes: file.size,
            modified: new Date(file.lastModifiedMs).toISOString(),
            action: options.dryRun ? 'would delete' : 'deleted',
          })),
          options.format,
        );
        if (options.format === 'table')
          process.stdout.write(
            `${result.orphans.length} orphan(s), ${result.tooYoung} unreferenced file(s) within the grace period kept\n`,
          );
      }),
    );
}
