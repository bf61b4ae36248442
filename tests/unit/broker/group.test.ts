import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Group, type JoinRequest } from '../../../local/broker/coordinator/Group.js';
import { ErrorCode } from '../../../local/broker/protocol/errors.js';

function joinRequest(memberId: string, overrides: Partial<JoinRequest> = {}): JoinRequest {
  return {
    memberId,
    groupInstanceId: null,
    clientId: 'test',
    clientHost: '127.0.0.1',
    sessionTimeoutMs: 10_000,
    rebalanceTimeoutMs: 200,
    protocolType: 'consumer',
    protocols: [{ name: 'range', metadata: Buffer.from(memberId || 'new') }],
    ...overrides,
  };
}

test('join barrier, leader election, sync and rebalance on join and leave', async () => {
  const group = new Group('g', 0);
  const first = await group.join(joinRequest(''));
  assert.equal(first.errorCode, ErrorCode.NONE);
  assert.equal(first.generationId, 1);
  assert.equal(first.leader, first.memberId);
  assert.equal(first.members.length, 1);
  const synced = await group.sync(first.memberId, 1, new Map([[first.memberId, Buffer.from('all')]]));
  assert.deepEqual(synced, { errorCode: ErrorCode.NONE, assignment: Buffer.from('all') });
  assert.equal(group.state, 'Stable');

  // A second member starts a rebalance: the first learns it from its heartbeat and rejoins.
  const secondJoin = group.join(joinRequest(''));
  assert.equal(group.heartbeat(first.memberId, 1), ErrorCode.REBALANCE_IN_PROGRESS);
  const [leader, follower] = await Promise.all([group.join(joinRequest(first.memberId)), secondJoin]);
  assert.equal(leader.generationId, 2);
  assert.equal(follower.generationId, 2);
  assert.equal(leader.leader, first.memberId);
  assert.equal(leader.members.length, 2);
  assert.equal(follower.members.length, 0);
  assert.equal(group.heartbeat(first.memberId, 1), ErrorCode.ILLEGAL_GENERATION);
  assert.equal(group.heartbeat('nobody', 2), ErrorCode.UNKNOWN_MEMBER_ID);

  const followerSync = group.sync(follower.memberId, 2, new Map());
  const leaderSync = await group.sync(
    leader.memberId,
    2,
    new Map([
      [leader.memberId, Buffer.from('p0')],
      [follower.memberId, Buffer.from('p1')],
    ]),
  );
  assert.deepEqual(leaderSync.assignment, Buffer.from('p0'));
  assert.deepEqual((await followerSync).assignment, Buffer.from('p1'));
  assert.equal(group.canCommit(follower.memberId, 2), ErrorCode.NONE);

  assert.equal(group.leave(leader.memberId), ErrorCode.NONE);
  assert.equal(group.state, 'PreparingRebalance');
  const alone = await group.join(joinRequest(follower.memberId));
  assert.equal(alone.generationId, 3);
  assert.equal(alone.leader, follower.memberId, 'a new leader is elected when the leader leaves');
  group.close();
});

test('a member that does not rejoin within the rebalance timeout is dropped', async () => {
  const group = new Group('g', 0);
  const a = await group.join(joinRequest(''));
  await group.sync(a.memberId, 1, new Map());
  const b = await group.join(joinRequest(''));
  assert.equal(b.generationId, 2);
  assert.equal(b.leader, b.memberId);
  assert.equal(group.describeMembers().length, 1);
  assert.equal(group.heartbeat(a.memberId, 1), ErrorCode.UNKNOWN_MEMBER_ID);
  group.close();
});

test('session expiry removes a silent member', async () => {
  const group = new Group('g', 0);
  const a = await group.join(joinRequest('', { sessionTimeoutMs: 50 }));
  await group.sync(a.memberId, 1, new Map());
  await new Promise((resolve) => setTimeout(resolve, 120));
  assert.equal(group.state, 'Empty');
  assert.equal(group.heartbeat(a.memberId, 1), ErrorCode.UNKNOWN_MEMBER_ID);
  group.close();
});

test('a different protocol type is refused', async () => {
  const group = new Group('g', 0);
  await group.join(joinRequest(''));
  const other = await group.join(joinRequest('', { protocolType: 'connect' }));
  assert.equal(other.errorCode, ErrorCode.INCONSISTENT_GROUP_PROTOCOL);
  group.close();
});
