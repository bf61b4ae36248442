/**
 * Cherry-pick: applies the changes of one append snapshot (from another branch, or one staged
 * with write-audit-publish) to a branch. When the snapshot's parent is the branch's head, the
 * branch simply moves to it (fast-forward, as Java does); otherwise its added files are appended
 * in a new snapshot whose summary names the source (`source-snapshot-id`). A snapshot already
 * in the branch's history, or already picked into it, is refused.
 */
import { EntryStatus } from '../avro/model.js';
import { ValidationError } from '../errors.js';
import { manifestEntries, snapshotManifests } from '../scan/manifestEntries.js';
import { MAIN_BRANCH, type Snapshot } from '../spec/snapshot.js';
import { ancestorsOf, findSnapshot } from '../spec/tableMetadata.js';
import type { Table } from './Table.js';

export const SOURCE_SNAPSHOT_ID_PROP = 'source-snapshot-id';

export interface CherryPickResult {
  /** The branch's new head: the picked snapshot itself when fast-forwarded, else the new snapshot. */
  readonly snapshot: Snapshot;
  readonly fastForwarded: boolean;
}

export async function cherryPick(table: Table, snapshotId: bigint, branch = MAIN_BRANCH): Promise<CherryPickResult> {
  await table.refresh();
  const md = table.metadata;
  const picked = findSnapshot(md, snapshotId);
  if (!picked) throw new ValidationError(`table ${table.name} has no snapshot ${snapshotId}`);
  const ref = md.refs[branch];
  if (!ref) throw new ValidationError(`table ${table.name} has no branch ${branch}`);
  if (ref.type !== 'branch') throw new ValidationError(`${branch} of ${table.name} is a tag, not a branch`);
  const history = ancestorsOf(md, ref.snapshotId);
  if (history.some((s) => s.snapshotId === snapshotId || s.summary[SOURCE_SNAPSHOT_ID_PROP] === String(snapshotId)))
    throw new ValidationError(`snapshot ${snapshotId} of ${table.name} is already in ${branch}`);
  if (picked.summary.operation !== 'append')
    throw new ValidationError(
      `cannot cherry-pick snapshot ${snapshotId} of ${table.name}: only append snapshots can be, it is ${picked.summary.operation}`,
    );
  if (picked.parentSnapshotId === ref.snapshotId) {
    await table.commitTransaction(
      [{ type: 'assert-ref-snapshot-id', ref: branch, snapshotId: ref.snapshotId }],
      [{ action: 'set-snapshot-ref', refName: branch, type: 'branch', snapshotId }],
    );
    return { snapshot: picked, fastForwarded: true };
  }
  const added = (await snapshotManifests(table.io, picked, md)).filter((m) => m.addedSnapshotId === snapshotId);
  const append = table.newAppend().toBranch(branch).set(SOURCE_SNAPSHOT_ID_PROP, String(snapshotId));
  for (const manifest of added)
    for (const entry of await manifestEntries(table.io, md, manifest))
      if (entry.status === EntryStatus.Added && entry.snapshotId === snapshotId) append.appendFile(entry.dataFile);
  if (append.addedFiles().length === 0)
    throw new ValidationError(`snapshot ${snapshotId} of ${table.name} added no files: nothing to cherry-pick`);
  const wapId = picked.summary['wap.id'];
  if (wapId !== undefined) append.set('published-wap-id', wapId);
  return { snapshot: await append.commit(), fastForwarded: false };
}
