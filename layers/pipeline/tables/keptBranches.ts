/**
 * A bound on the branches a table keeps for inspection (failed audits): keeping one more past the
 * bound drops the oldest, so a check that fails on every commit does not pile up branches, each
 * pinning its snapshots and their files.
 */

export interface KeptBranchBound {
  /** The kept branches' common name prefix, e.g. `audit-failed-`. */
  readonly prefix: string;
  /** How many may exist at once, the one being kept included. */
  readonly max: number;
}

export interface KeptBranch {
  readonly name: string;
  /** When its head was committed (epoch ms): the oldest go first. */
  readonly committedAtMs: number;
}

/** The existing kept branches to drop so that, with `keeping` added, at most `bound.max` remain. */
export function branchesToDrop(existing: readonly KeptBranch[], keeping: string, bound: KeptBranchBound): string[] {
  const others = existing
    .filter((branch) => branch.name.startsWith(bound.prefix) && branch.name !== keeping)
    .sort((a, b) => a.committedAtMs - b.committedAtMs || a.name.localeCompare(b.name));
  const excess = others.length + 1 - bound.max;
  return excess > 0 ? others.slice(0, excess).map((branch) => branch.name) : [];
}
