/** Group membership and committed offsets: FindCoordinator through ListGroups, and DeleteGroups. */
import type { JoinResult, SyncResult } from '../coordinator/Group.js';
import type { DeleteGroupsRequest, DeleteGroupsResponse } from '../protocol/apis/deleteGroups.js';
import type { FindCoordinatorResponse } from '../protocol/apis/findCoordinator.js';
import type { HeartbeatRequest } from '../protocol/apis/heartbeat.js';
import type { JoinGroupRequest } from '../protocol/apis/joinGroup.js';
import type { LeaveGroupRequest, LeaveGroupResponse } from '../protocol/apis/leaveGroup.js';
import type { OffsetCommitRequest, OffsetCommitResponse } from '../protocol/apis/offsetCommit.js';
import type { OffsetFetchRequest, OffsetFetchResponse } from '../protocol/apis/offsetFetch.js';
import type { SyncGroupRequest } from '../protocol/apis/syncGroup.js';
import { ErrorCode, type ErrorCodeValue } from '../protocol/errors.js';
import type { BrokerContext, ConnectionInfo } from './BrokerContext.js';

export function handleFindCoordinator(context: BrokerContext): FindCoordinatorResponse {
  return { errorCode: ErrorCode.NONE, errorMessage: null, node: context.node };
}

export function handleJoinGroup(
  context: BrokerContext,
  request: JoinGroupRequest,
  connection: ConnectionInfo,
): Promise<JoinResult> {
  return context.coordinator.join(request.groupId, { ...request, ...connection });
}

export function handleSyncGroup(context: BrokerContext, request: SyncGroupRequest): Promise<SyncResult> {
  return context.coordinator.sync(request.groupId, request.memberId, request.generationId, request.assignments);
}

export function handleHeartbeat(context: BrokerContext, request: HeartbeatRequest): { errorCode: ErrorCodeValue } {
  return { errorCode: context.coordinator.heartbeat(request.groupId, request.memberId, request.generationId) };
}

export function handleLeaveGroup(context: BrokerContext, request: LeaveGroupRequest): LeaveGroupResponse {
  const members = request.members.map((member) => ({
    ...member,
    errorCode: context.coordinator.leave(request.groupId, member.memberId),
  }));
  const single = members.length === 1 ? (members[0]?.errorCode ?? ErrorCode.NONE) : ErrorCode.NONE;
  return { errorCode: single, members };
}

export function handleOffsetCommit(context: BrokerContext, request: OffsetCommitRequest): OffsetCommitResponse {
  const known = (topic: string, partition: number): boolean =>
    context.logs.partitions(topic)?.[partition] !== undefined;
  const entries = request.topics.flatMap((topic) =>
    topic.partitions
      .filter((p) => known(topic.name, p.partition))
      .map((p) => ({
        topic: topic.name,
        partition: p.partition,
        committed: { offset: p.offset, metadata: p.metadata },
      })),
  );
  const verdict = context.coordinator.commit(request.groupId, request.memberId, request.generationId, entries);
  return {
    topics: request.topics.map((topic) => ({
      name: topic.name,
      partitions: topic.partitions.map((p) => ({
        partition: p.partition,
        errorCode: known(topic.name, p.partition) ? verdict : ErrorCode.UNKNOWN_TOPIC_OR_PARTITION,
      })),
    })),
  };
}

export function handleOffsetFetch(context: BrokerContext, request: OffsetFetchRequest): OffsetFetchResponse {
  let wanted = request.topics;
  if (wanted === null) {
    const byTopic = new Map<string, number[]>();
    for (const [topic, partition] of context.coordinator.committedPartitions(request.groupId)) {
      byTopic.set(topic, [...(byTopic.get(topic) ?? []), partition]);
    }
    wanted = [...byTopic].map(([name, partitions]) => ({ name, partitions }));
  }
  return {
    errorCode: ErrorCode.NONE,
    topics: wanted.map((topic) => ({
      name: topic.name,
      partitions: topic.partitions.map((partition) => {
        const committed = context.coordinator.committed(request.groupId, topic.name, partition);
        return {
          partition,
          offset: committed?.offset ?? -1,
          metadata: committed?.metadata ?? '',
          errorCode: ErrorCode.NONE,
        };
      }),
    })),
  };
}

export function handleDescribeGroups(context: BrokerContext, request: { groupIds: string[] }) {
  return { groups: request.groupIds.map((groupId) => context.coordinator.describe(groupId)) };
}

export function handleListGroups(context: BrokerContext) {
  return { groups: context.coordinator.list() };
}

export function handleDeleteGroups(context: BrokerContext, request: DeleteGroupsRequest): DeleteGroupsResponse {
  return {
    results: request.groupIds.map((groupId) => ({ groupId, errorCode: context.coordinator.deleteGroup(groupId) })),
  };
}
