/**
 * The group coordinator: one Group per group id for membership, and the OffsetStore for committed
 * offsets. This broker coordinates every group (FindCoordinator always answers itself).
 */
import { ErrorCode, type ErrorCodeValue } from '../protocol/errors.js';
import {
  Group,
  type GroupState,
  type JoinRequest,
  type JoinResult,
  type MemberDescription,
  type SyncResult,
} from './Group.js';
import type { CommittedOffset, OffsetStore } from './OffsetStore.js';

export interface CoordinatorSettings {
  readonly initialRebalanceDelayMs: number;
  readonly minSessionTimeoutMs: number;
  readonly maxSessionTimeoutMs: number;
}

export interface GroupDescription {
  readonly groupId: string;
  readonly errorCode: ErrorCodeValue;
  readonly state: GroupState;
  readonly protocolType: string;
  readonly protocolName: string;
  readonly members: readonly MemberDescription[];
}

export interface OffsetCommitEntry {
  readonly topic: string;
  readonly partition: number;
  readonly committed: CommittedOffset;
}

export class GroupCoordinator {
  private readonly groups = new Map<string, Group>();

  constructor(
    private readonly offsets: OffsetStore,
    private readonly settings: CoordinatorSettings,
  ) {}

  private group(groupId: string): Group {
    let group = this.groups.get(groupId);
    if (group === undefined || group.state === 'Dead') {
      group = new Group(groupId, this.settings.initialRebalanceDelayMs);
      this.groups.set(groupId, group);
    }
    return group;
  }

  join(groupId: string, request: JoinRequest): Promise<JoinResult> {
    const group = this.group(groupId);
    if (groupId === '') return Promise.resolve(group.failure(ErrorCode.INVALID_GROUP_ID, request.memberId));
    if (
      request.sessionTimeoutMs < this.settings.minSessionTimeoutMs ||
      request.sessionTimeoutMs > this.settings.maxSessionTimeoutMs
    ) {
      return Promise.resolve(group.failure(ErrorCode.INVALID_SESSION_TIMEOUT, request.memberId));
    }
    return group.join(request);
  }

  sync(
    groupId: string,
    memberId: string,
    generationId: number,
    assignments: ReadonlyMap<string, Buffer>,
  ): Promise<SyncResult> {
    const group = this.groups.get(groupId);
    if (group === undefined)
      return Promise.resolve({ errorCode: ErrorCode.UNKNOWN_MEMBER_ID, assignment: Buffer.alloc(0) });
    return group.sync(memberId, generationId, assignments);
  }

  heartbeat(groupId: string, memberId: string, generationId: number): ErrorCodeValue {
    return this.groups.get(groupId)?.heartbeat(memberId, generationId) ?? ErrorCode.UNKNOWN_MEMBER_ID;
  }

  leave(groupId: string, memberId: string): ErrorCodeValue {
    return this.groups.get(groupId)?.leave(memberId) ?? ErrorCode.UNKNOWN_MEMBER_ID;
  }

  /** Validates membership and stores the offsets; returns the error code for every partition. */
  commit(
    groupId: string,
    memberId: string,
    generationId: number,
    entries: readonly OffsetCommitEntry[],
  ): ErrorCodeValue {
    if (groupId === '') return ErrorCode.INVALID_GROUP_ID;
    const group = this.groups.get(groupId);
    const verdict =
      group === undefined
        ? generationId < 0
          ? ErrorCode.NONE
          : ErrorCode.ILLEGAL_GENERATION
        : group.canCommit(memberId, generationId);
    if (verdict === ErrorCode.NONE && entries.length > 0) this.offsets.commit(groupId, entries);
    return verdict;
  }

  /** Offsets a committed transaction carried (TxnOffsetCommit): stored without a membership check, as Kafka does. */
  commitTransactional(groupId: string, entries: readonly OffsetCommitEntry[]): void {
    if (entries.length > 0) this.offsets.commit(groupId, entries);
  }

  committed(groupId: string, topic: string, partition: number): CommittedOffset | undefined {
    return this.offsets.fetch(groupId, topic, partition);
  }

  committedPartitions(groupId: string): [string, number][] {
    return this.offsets.partitionsOf(groupId);
  }

  describe(groupId: string): GroupDescription {
    const group = this.groups.get(groupId);
    if (group === undefined) {
      const known = this.offsets.groupIds().includes(groupId);
      return {
        groupId,
        errorCode: ErrorCode.NONE,
        state: known ? 'Empty' : 'Dead',
        protocolType: '',
        protocolName: '',
        members: [],
      };
    }
    return {
      groupId,
      errorCode: ErrorCode.NONE,
      state: group.state,
      protocolType: group.protocolType,
      protocolName: group.protocolName,
      members: group.describeMembers(),
    };
  }

  list(): { groupId: string; protocolType: string }[] {
    const listed = new Map<string, string>();
    for (const groupId of this.offsets.groupIds()) listed.set(groupId, '');
    for (const [groupId, group] of this.groups) if (group.state !== 'Dead') listed.set(groupId, group.protocolType);
    return [...listed].map(([groupId, protocolType]) => ({ groupId, protocolType }));
  }

  get activeGroupCount(): number {
    return [...this.groups.values()].filter((group) => group.memberCount > 0).length;
  }

  /** DeleteGroups for one group: only a group without members can go, with all its offsets. */
  deleteGroup(groupId: string): ErrorCodeValue {
    if (groupId === '') return ErrorCode.INVALID_GROUP_ID;
    const group = this.groups.get(groupId);
    const live = group !== undefined && group.state !== 'Dead';
    if (live && group.memberCount > 0) return ErrorCode.NON_EMPTY_GROUP;
    if (!live && !this.offsets.groupIds().includes(groupId)) return ErrorCode.GROUP_ID_NOT_FOUND;
    group?.close();
    this.groups.delete(groupId);
    this.offsets.forgetGroup(groupId);
    return ErrorCode.NONE;
  }

  forgetTopic(topic: string): void {
    this.offsets.forgetTopic(topic);
  }

  close(): void {
    for (const group of this.groups.values()) group.close();
    this.groups.clear();
    this.offsets.close();
  }
}
