/**
 * Branches and tags: create, replace, fast-forward, remove. With branches, a writer can commit
 * to an audit branch (`newAppend().toBranch('audit')`) and publish it by fast-forwarding main.
 */
import { ValidationError } from '../errors.js';
import { MAIN_BRANCH, type SnapshotRef } from '../spec/snapshot.js';
import { ancestorsOf, findSnapshot, type TableMetadata } from '../spec/tableMetadata.js';
import type { TableRequirement, TableUpdate } from '../update/updates.js';
import { commitWithRetry } from './commitRetry.js';
import type { Table } from './Table.js';

interface RefRetention {
  readonly maxRefAgeMs?: number;
  readonly maxSnapshotAgeMs?: number;
  readonly minSnapshotsToKeep?: number;
}

type Change =
  | {
      readonly kind: 'create';
      readonly name: string;
      readonly type: 'branch' | 'tag';
      readonly snapshotId?: bigint;
      readonly retention: RefRetention;
    }
  | { readonly kind: 'replace'; readonly name: string; readonly snapshotId: bigint }
  | { readonly kind: 'fastForward'; readonly name: string; readonly to: string }
  | { readonly kind: 'remove'; readonly name: string; readonly type: 'branch' | 'tag' };

export class ManageSnapshots {
  private readonly changes: Change[] = [];

  constructor(private readonly table: Table) {}

  /** A new branch at `snapshotId` (default: main's current snapshot). */
  createBranch(name: string, snapshotId?: bigint, retention: RefRetention = {}): this {
    this.changes.push({
      kind: 'create',
      name,
      type: 'branch',
      ...(snapshotId !== undefined ? { snapshotId } : {}),
      retention,
    });
    return this;
  }

  createTag(name: string, snapshotId?: bigint, retention: Pick<RefRetention, 'maxRefAgeMs'> = {}): this {
    this.changes.push({
      kind: 'create',
      name,
      type: 'tag',
      ...(snapshotId !== undefined ? { snapshotId } : {}),
      retention,
    });
    return this;
  }

  /** Points an existing branch or tag at another snapshot (rollback, or moving a tag). */
  replaceRef(name: string, snapshotId: bigint): this {
    this.changes.push({ kind: 'replace', name, snapshotId });
    return this;
  }

  /** Moves branch `name` to the head of `to`; its current head must be an ancestor of `to`'s. */
  fastForward(name: string, to: string): this {
    this.changes.push({ kind: 'fastForward', name, to });
    return this;
  }

  removeBranch(name: string): this {
    if (name === MAIN_BRANCH) throw new ValidationError('cannot remove the main branch');
    this.changes.push({ kind: 'remove', name, type: 'branch' });
    return this;
  }

  removeTag(name: string): this {
    this.changes.push({ kind: 'remove', name, type: 'tag' });
    return this;
  }

  private build(base: TableMetadata): { requirements: TableRequirement[]; updates: TableUpdate[] } {
    const refs: Record<string, SnapshotRef | undefined> = { ...base.refs };
    const requirements: TableRequirement[] = [];
    const updates: TableUpdate[] = [];
    const table = this.table.name;
    const requireRef = (name: string): SnapshotRef => {
      const ref = refs[name];
      if (!ref) throw new ValidationError(`table ${table} has no branch or tag ${name}`);
      return ref;
    };
    const set = (name: string, ref: SnapshotRef) => {
      if (!findSnapshot(base, ref.snapshotId))
        throw new ValidationError(`table ${table} has no snapshot ${ref.snapshotId}`);
      refs[name] = ref;
      const { snapshotId, type, ...retention } = ref;
      updates.push({ action: 'set-snapshot-ref', refName: name, snapshotId, type, ...retention });
    };
    for (const change of this.changes) {
      requirements.push({
        type: 'assert-ref-snapshot-id',
        ref: change.name,
        snapshotId: base.refs[change.name]?.snapshotId ?? null,
      });
      switch (change.kind) {
        case 'create': {
          if (refs[change.name]) throw new ValidationError(`table ${table} already has a ref named ${change.name}`);
          const snapshotId = change.snapshotId ?? base.currentSnapshotId;
          if (snapshotId === undefined)
            throw new ValidationError(`table ${table} has no snapshot to create ${change.name} at`);
          set(change.name, { snapshotId, type: change.type, ...change.retention });
          break;
        }
        case 'replace':
          set(change.name, { ...requireRef(change.name), snapshotId: change.snapshotId });
          break;
        case 'fastForward': {
          const target = requireRef(change.name);
          const source = requireRef(change.to);
          if (target.type !== 'branch') throw new ValidationError(`${change.name} of ${table} is a tag, not a branch`);
          if (!ancestorsOf(base, source.snapshotId).some((s) => s.snapshotId === target.snapshotId))
            throw new ValidationError(
              `cannot fast-forward ${change.name} of ${table}: it is not an ancestor of ${change.to}`,
            );
          requirements.push({ type: 'assert-ref-snapshot-id', ref: change.to, snapshotId: source.snapshotId });
          set(change.name, { ...target, snapshotId: source.snapshotId });
          break;
        }
        case 'remove': {
          const ref = requireRef(change.name);
          if (ref.type !== change.type)
            throw new ValidationError(`${change.name} of ${table} is a ${ref.type}, not a ${change.type}`);
          refs[change.name] = undefined;
          updates.push({ action: 'remove-snapshot-ref', refName: change.name });
          break;
        }
      }
    }
    return { requirements, updates };
  }

  async commit(): Promise<Readonly<Record<string, SnapshotRef>>> {
    const md = await commitWithRetry(this.table, async (base) => this.build(base));
    return md.refs;
  }
}
