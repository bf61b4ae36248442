/**
 * `lakehouse table branch | tag | rollback | cherry-pick | fast-forward`: moving refs. Branches work
 * the way Nessie users know them: `branch create dev --all` branches every pipeline table, writers
 * commit to `dev` (`newAppend().toBranch('dev')`, `sql ... FOR VERSION AS OF 'dev'` reads it),
 * `fast-forward main dev --all` publishes it and `branch drop dev --all` forgets it.
 */
import type { Command } from 'commander';
import { ancestorsOf, cherryPick, MAIN_BRANCH, type Table, ValidationError } from '../../../../layers/iceberg/index.js';
import { loadNamedTable, namedTables, refNamed, snapshotNamed, snapshotOrRef, withCatalog } from './lookup.js';
import { formatOption, printRows, type Row, type TableOutputFormat } from './output.js';

type FormatOptions = { format: TableOutputFormat };
type ManyOptions = FormatOptions & { all?: boolean };

/** One result row per table a ref command changed. */
function moved(table: Table, ref: string, before: bigint | undefined, action: string): Row {
  return { table: table.name, ref, action, from_snapshot_id: before, to_snapshot_id: table.ref(ref)?.snapshotId };
}

async function createRef(table: Table, type: 'branch' | 'tag', name: string, at: string | undefined): Promise<Row> {
  if (table.ref(name))
    throw new ValidationError(`table ${table.name} already has a ${table.ref(name)?.type} named ${name}`);
  const snapshot = at === undefined ? table.currentSnapshot() : snapshotOrRef(table, at);
  if (snapshot === undefined)
    throw new ValidationError(`table ${table.name} has no snapshot yet to create ${type} ${name} at`);
  const change = table.manageSnapshots();
  if (type === 'branch') change.createBranch(name, snapshot.snapshotId);
  else change.createTag(name, snapshot.snapshotId);
  await change.commit();
  return moved(table, name, undefined, `create ${type}`);
}

async function dropRef(table: Table, type: 'branch' | 'tag', name: string): Promise<Row> {
  const before = refNamed(table, name, type).snapshotId;
  const change = table.manageSnapshots();
  if (type === 'branch') change.removeBranch(name);
  else change.removeTag(name);
  await change.commit();
  return moved(table, name, before, `drop ${type}`);
}

function registerRefKind(table: Command, type: 'branch' | 'tag', description: string): void {
  const kind = table.command(type).description(description);
  kind
    .command('create')
    .description(`create a ${type} at the current snapshot (or --at) of each table named, or of every pipeline table`)
    .argument('<name>', `the ${type} name`)
    .argument('[tables...]', 'namespace.table ...')
    .option('--all', 'every pipeline table (bronze, silver, gold, ops)')
    .option('--at <snapshot-or-ref>', 'a snapshot id, branch or tag to create it at (one table only)')
    .addOption(formatOption())
    .action((name: string, names: string[], options: ManyOptions & { at?: string }) =>
      withCatalog(async (catalog) => {
        const tables = await namedTables(catalog, names, options.all === true);
        if (options.at !== undefined && tables.length > 1)
          throw new ValidationError('--at names a snapshot of one table: give exactly one table with it');
        const rows = [];
        for (const t of tables) {
          // An empty table has no snapshot to branch from: a first commit to the branch creates it.
          if (options.all && t.currentSnapshot() === undefined)
            rows.push({ table: t.name, ref: name, action: 'skipped: no snapshot yet' });
          else rows.push(await createRef(t, type, name, options.at));
        }
        printRows(rows, options.format);
      }),
    );
  kind
    .command('drop')
    .description(`remove a ${type} from each table named, or from every pipeline table`)
    .argument('<name>', `the ${type} name`)
    .argument('[tables...]', 'namespace.table ...')
    .option('--all', 'every pipeline table that has it')
    .addOption(formatOption())
    .action((name: string, names: string[], options: ManyOptions) =>
      withCatalog(async (catalog) => {
        const tables = await namedTables(catalog, names, options.all === true);
        const rows = [];
        for (const t of tables) if (!options.all || t.ref(name)) rows.push(await dropRef(t, type, name));
        if (rows.length === 0) throw new ValidationError(`no pipeline table has a ${type} named ${name}`);
        printRows(rows, options.format);
      }),
    );
}

export function registerRefCommands(table: Command): void {
  registerRefKind(
    table,
    'branch',
    'branches: create and drop (commit to one with toBranch, publish with fast-forward)',
  );
  registerRefKind(table, 'tag', 'tags: named snapshots kept by expiry');
  table
    .command('fast-forward')
    .description('move branch <target> to the head of <source>, which must descend from it (publish a branch)')
    .argument('<target>', 'the branch to move, e.g. main')
    .argument('<source>', 'the branch whose head it moves to, e.g. dev')
    .argument('[tables...]', 'namespace.table ...')
    .option('--all', 'every pipeline table that has <source>')
    .addOption(formatOption())
    .action((target: string, source: string, names: string[], options: ManyOptions) =>
      withCatalog(async (catalog) => {
        const tables = await namedTables(catalog, names, options.all === true);
        const chosen = options.all ? tables.filter((t) => t.ref(source)) : tables;
        if (chosen.length === 0) throw new ValidationError(`no pipeline table has a branch named ${source}`);
        // Every table is checked before any moves, so a refusal leaves them all as they were.
        // A table with no snapshot on main yet (first written on the branch): main is created at the head.
        const unborn = (t: Table) => target === MAIN_BRANCH && t.ref(MAIN_BRANCH) === undefined;
        for (const t of chosen) {
          const to = refNamed(t, source, 'branch').snapshotId;
          if (unborn(t)) continue;
          const from = refNamed(t, target, 'branch').snapshotId;
          if (!ancestorsOf(t.metadata, to).some((s) => s.snapshotId === from))
            throw new ValidationError(
              `cannot fast-forward ${target} of ${t.name} to ${source}: ${target} (snapshot ${from}) is not an ancestor of ${source} (snapshot ${to})`,
            );
        }
        const rows = [];
        for (const t of chosen) {
          const before = t.ref(target)?.snapshotId;
          const change = t.manageSnapshots();
          if (unborn(t)) change.createBranch(target, refNamed(t, source, 'branch').snapshotId);
          else change.fastForward(target, source);
          await change.commit();
          rows.push(moved(t, target, before, `fast-forward to ${source}`));
        }
        printRows(rows, options.format);
      }),
    );
  table
    .command('rollback')
    .description('move a branch (main by default) back to one of its ancestors: a snapshot id or a tag')
    .argument('<table>', 'namespace.table')
    .argument('<snapshot-or-tag>', 'an ancestor of the branch head')
    .option('--branch <branch>', 'the branch to move', MAIN_BRANCH)
    .addOption(formatOption())
    .action((name: string, to: string, options: FormatOptions & { branch: string }) =>
      withCatalog(async (catalog) => {
        const t = await loadNamedTable(catalog, name);
        const head = refNamed(t, options.branch, 'branch').snapshotId;
        const target = snapshotOrRef(t, to);
        const ancestors = ancestorsOf(t.metadata, head);
        if (!ancestors.some((s) => s.snapshotId === target.snapshotId))
          throw new ValidationError(
            `cannot roll ${options.branch} of ${t.name} back to snapshot ${target.snapshotId}: it is not an ancestor of ${options.branch}; its ancestors: ${ancestors
              .slice(0, 12)
              .map((s) => String(s.snapshotId))
              .join(', ')}`,
          );
        await t.manageSnapshots().replaceRef(options.branch, target.snapshotId).commit();
        printRows([moved(t, options.branch, head, 'rollback')], options.format);
      }),
    );
  table
    .command('cherry-pick')
    .description('apply one append snapshot (e.g. from a branch) to a branch, main by default')
    .argument('<table>', 'namespace.table')
    .argument('<snapshot>', 'the snapshot id to apply')
    .option('--branch <branch>', 'the branch to apply it to', MAIN_BRANCH)
    .addOption(formatOption())
    .action((name: string, id: string, options: FormatOptions & { branch: string }) =>
      withCatalog(async (catalog) => {
        const t = await loadNamedTable(catalog, name);
        const picked = snapshotNamed(t, id);
        const before = refNamed(t, options.branch, 'branch').snapshotId;
        const result = await cherryPick(t, picked.snapshotId, options.branch);
        printRows(
          [
            {
              ...moved(t, options.branch, before, result.fastForwarded ? 'cherry-pick (fast-forward)' : 'cherry-pick'),
              source_snapshot_id: picked.snapshotId,
            },
          ],
          options.format,
        );
      }),
    );
}
