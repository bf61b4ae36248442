/**
 * One consumer group's membership state machine:
 * Empty -> PreparingRebalance (join barrier) -> CompletingRebalance (waiting for the leader's
 * SyncGroup) -> Stable, back to PreparingRebalance whenever a member joins, leaves or expires.
 */
import { randomUUID } from 'node:crypto';
import { ErrorCode, type ErrorCodeValue } from '../protocol/errors.js';

export type GroupState = 'Empty' | 'PreparingRebalance' | 'CompletingRebalance' | 'Stable' | 'Dead';

export interface ProtocolOffer {
  readonly name: string;
  readonly metadata: Buffer;
}

export interface JoinRequest {
  readonly memberId: string;
  readonly groupInstanceId: string | null;
  readonly clientId: string;
  readonly clientHost: string;
  readonly sessionTimeoutMs: number;
  readonly rebalanceTimeoutMs: number;
  readonly protocolType: string;
  readonly protocols: readonly ProtocolOffer[];
}

export interface JoinResult {
  readonly errorCode: ErrorCodeValue;
  readonly generationId: number;
  readonly protocolName: string;
  readonly leader: string;
  readonly memberId: string;
  readonly members: readonly { memberId: string; groupInstanceId: string | null; metadata: Buffer }[];
}

export interface SyncResult {
  readonly errorCode: ErrorCodeValue;
  readonly assignment: Buffer;
}

export interface MemberDescription {
  readonly memberId: string;
  readonly clientId: string;
  readonly clientHost: string;
  readonly metadata: Buffer;
  readonly assignment: Buffer;
}

interface Member {
  readonly id: string;
  readonly groupInstanceId: string | null;
  clientId: string;
  clientHost: string;
  sessionTimeoutMs: number;
  rebalanceTimeoutMs: number;
  protocols: readonly ProtocolOffer[];
  assignment: Buffer;
  pendingJoin?: (result: JoinResult) => void;
  pendingSync?: (result: SyncResult) => void;
  sessionTimer?: NodeJS.Timeout;
}

const EMPTY = Buffer.alloc(0);

export class Group {
  state: GroupState = 'Empty';
  generationId = 0;
  protocolType = '';
  protocolName = '';
  leaderId = '';
  private readonly members = new Map<string, Member>();
  private rebalanceTimer: NodeJS.Timeout | undefined;
  private initialDelayTimer: NodeJS.Timeout | undefined;
  private initialDelayPending = false;

  constructor(
    readonly id: string,
    private readonly initialRebalanceDelayMs: number,
  ) {}

  get memberCount(): number {
    return this.members.size;
  }

  failure(errorCode: ErrorCodeValue, memberId: string): JoinResult {
    return { errorCode, generationId: -1, protocolName: '', leader: '', memberId, members: [] };
  }

  join(request: JoinRequest): Promise<JoinResult> {
    if (this.members.size > 0 && request.protocolType !== this.protocolType) {
      return Promise.resolve(this.failure(ErrorCode.INCONSISTENT_GROUP_PROTOCOL, request.memberId));
    }
    if (this.members.size > 0 && this.commonProtocols(request.protocols).length === 0) {
      return Promise.resolve(this.failure(ErrorCode.INCONSISTENT_GROUP_PROTOCOL, request.memberId));
    }
    let member = request.memberId === '' ? undefined : this.members.get(request.memberId);
    if (request.memberId !== '' && member === undefined) {
      return Promise.resolve(this.failure(ErrorCode.UNKNOWN_MEMBER_ID, request.memberId));
    }
    if (member === undefined) {
      member = {
        id: `${request.clientId || 'member'}-${randomUUID()}`,
        groupInstanceId: request.groupInstanceId,
        clientId: request.clientId,
        clientHost: request.clientHost,
        sessionTimeoutMs: request.sessionTimeoutMs,
        rebalanceTimeoutMs: request.rebalanceTimeoutMs,
        protocols: request.protocols,
        assignment: EMPTY,
      };
      this.members.set(member.id, member);
    }
    this.protocolType = request.protocolType;
    Object.assign(member, {
      clientId: request.clientId,
      clientHost: request.clientHost,
      sessionTimeoutMs: request.sessionTimeoutMs,
      rebalanceTimeoutMs: request.rebalanceTimeoutMs,
      protocols: request.protocols,
    });
    const joining = member;
    const result = new Promise<JoinResult>((resolve) => {
      joining.pendingJoin?.(this.failure(ErrorCode.REBALANCE_IN_PROGRESS, joining.id));
      joining.pendingJoin = resolve;
    });
    this.touch(joining);
    this.prepareRebalance();
    this.tryCompleteJoin();
    return result;
  }

  private commonProtocols(offers: readonly ProtocolOffer[]): string[] {
    const names = offers.map((offer) => offer.name);
    return names.filter((name) => [...this.members.values()].every((m) => m.protocols.some((p) => p.name === name)));
  }

  private prepareRebalance(): void {
    if (this.state === 'PreparingRebalance') return;
    if (this.state === 'CompletingRebalance') {
      for (const member of this.members.values()) this.answerSync(member, ErrorCode.REBALANCE_IN_PROGRESS, EMPTY);
    }
    const wasEmpty = this.state === 'Empty';
    this.state = 'PreparingRebalance';
    const timeout = Math.max(...[...this.members.values()].map((member) => member.rebalanceTimeoutMs));
    clearTimeout(this.rebalanceTimer);
    this.rebalanceTimer = setTimeout(() => this.expireRebalance(), timeout);
    if (wasEmpty && this.initialRebalanceDelayMs > 0) {
      this.initialDelayPending = true;
      this.initialDelayTimer = setTimeout(() => {
        this.initialDelayPending = false;
        this.tryCompleteJoin();
      }, this.initialRebalanceDelayMs);
    }
  }

  /** Members that did not rejoin within the rebalance timeout are dropped, then the barrier opens. */
  private expireRebalance(): void {
    if (this.state !== 'PreparingRebalance') return;
    for (const member of [...this.members.values()]) if (member.pendingJoin === undefined) this.drop(member);
    this.initialDelayPending = false;
    this.completeJoin();
  }

  private tryCompleteJoin(): void {
    if (this.state !== 'PreparingRebalance' || this.initialDelayPending) return;
    if ([...this.members.values()].every((member) => member.pendingJoin !== undefined)) this.completeJoin();
  }

  private completeJoin(): void {
    clearTimeout(this.rebalanceTimer);
    clearTimeout(this.initialDelayTimer);
    this.initialDelayPending = false;
    this.generationId++;
    if (this.members.size === 0) {
      this.state = 'Empty';
      this.protocolName = '';
      this.leaderId = '';
      return;
    }
    const first = [...this.members.values()][0] as Member;
    this.protocolName = this.chooseProtocol();
    if (!this.members.has(this.leaderId)) this.leaderId = first.id;
    this.state = 'CompletingRebalance';
    const everyone = [...this.members.values()].map((member) => ({
      memberId: member.id,
      groupInstanceId: member.groupInstanceId,
      metadata: member.protocols.find((p) => p.name === this.protocolName)?.metadata ?? EMPTY,
    }));
    for (const member of this.members.values()) {
      const resolve = member.pendingJoin;
      member.pendingJoin = undefined;
      this.touch(member);
      resolve?.({
        errorCode: ErrorCode.NONE,
        generationId: this.generationId,
        protocolName: this.protocolName,
        leader: this.leaderId,
        memberId: member.id,
        members: member.id === this.leaderId ? everyone : [],
      });
    }
  }

  /** Each member votes for its most preferred protocol that every member supports. */
  private chooseProtocol(): string {
    const candidates = this.commonProtocols(([...this.members.values()][0] as Member).protocols);
    const votes = new Map<string, number>(candidates.map((name) => [name, 0]));
    for (const member of this.members.values()) {
      const choice = member.protocols.find((p) => votes.has(p.name));
      if (choice !== undefined) votes.set(choice.name, (votes.get(choice.name) ?? 0) + 1);
    }
    let best = candidates[0] ?? '';
    for (const [name, count] of votes) if (count > (votes.get(best) ?? 0)) best = name;
    return best;
  }

  /** Checks a member and generation; returns the error to answer, or undefined when they are current. */
  private validate(memberId: string, generationId: number): ErrorCodeValue | undefined {
    if (!this.members.has(memberId)) return ErrorCode.UNKNOWN_MEMBER_ID;
    if (generationId !== this.generationId) return ErrorCode.ILLEGAL_GENERATION;
    return undefined;
  }

  sync(memberId: string, generationId: number, assignments: ReadonlyMap<string, Buffer>): Promise<SyncResult> {
    const invalid = this.validate(memberId, generationId);
    if (invalid !== undefined) return Promise.resolve({ errorCode: invalid, assignment: EMPTY });
    const member = this.members.get(memberId) as Member;
    this.touch(member);
    if (this.state === 'PreparingRebalance') {
      return Promise.resolve({ errorCode: ErrorCode.REBALANCE_IN_PROGRESS, assignment: EMPTY });
    }
    if (this.state === 'Stable') return Promise.resolve({ errorCode: ErrorCode.NONE, assignment: member.assignment });
    const result = new Promise<SyncResult>((resolve) => {
      member.pendingSync = resolve;
    });
    if (memberId === this.leaderId) {
      for (const each of this.members.values()) each.assignment = assignments.get(each.id) ?? EMPTY;
      this.state = 'Stable';
      for (const each of this.members.values()) this.answerSync(each, ErrorCode.NONE, each.assignment);
    }
    return result;
  }

  private answerSync(member: Member, errorCode: ErrorCodeValue, assignment: Buffer): void {
    const resolve = member.pendingSync;
    member.pendingSync = undefined;
    resolve?.({ errorCode, assignment });
  }

  heartbeat(memberId: string, generationId: number): ErrorCodeValue {
    const invalid = this.validate(memberId, generationId);
    if (invalid !== undefined) return invalid;
    this.touch(this.members.get(memberId) as Member);
    return this.state === 'PreparingRebalance' ? ErrorCode.REBALANCE_IN_PROGRESS : ErrorCode.NONE;
  }

  /** Whether an offset commit from this member and generation may be stored now. */
  canCommit(memberId: string, generationId: number): ErrorCodeValue {
    if (generationId < 0 && memberId === '') {
      return this.members.size === 0 ? ErrorCode.NONE : ErrorCode.UNKNOWN_MEMBER_ID;
    }
    const invalid = this.validate(memberId, generationId);
    if (invalid !== undefined) return invalid;
    this.touch(this.members.get(memberId) as Member);
    return this.state === 'CompletingRebalance' ? ErrorCode.REBALANCE_IN_PROGRESS : ErrorCode.NONE;
  }

  leave(memberId: string): ErrorCodeValue {
    const member = this.members.get(memberId);
    if (member === undefined) return ErrorCode.UNKNOWN_MEMBER_ID;
    this.removeMember(member);
    return ErrorCode.NONE;
  }

  private touch(member: Member): void {
    clearTimeout(member.sessionTimer);
    member.sessionTimer = setTimeout(() => {
      if (member.pendingJoin === undefined && this.members.get(member.id) === member) this.removeMember(member);
    }, member.sessionTimeoutMs);
  }

  private drop(member: Member): void {
    clearTimeout(member.sessionTimer);
    this.members.delete(member.id);
    member.pendingJoin?.(this.failure(ErrorCode.UNKNOWN_MEMBER_ID, member.id));
    this.answerSync(member, ErrorCode.UNKNOWN_MEMBER_ID, EMPTY);
  }

  private removeMember(member: Member): void {
    this.drop(member);
    if (this.state === 'Stable' || this.state === 'CompletingRebalance') {
      if (this.members.size === 0) {
        this.generationId++;
        this.state = 'Empty';
        this.leaderId = '';
        this.protocolName = '';
      } else {
        this.prepareRebalance();
      }
    } else if (this.state === 'PreparingRebalance') {
      if (this.members.size === 0) this.completeJoin();
      else this.tryCompleteJoin();
    }
  }

  describeMembers(): MemberDescription[] {
    return [...this.members.values()].map((member) => ({
      memberId: member.id,
      clientId: member.clientId,
      clientHost: member.clientHost,
      metadata: member.protocols.find((p) => p.name === this.protocolName)?.metadata ?? EMPTY,
      assignment: member.assignment,
    }));
  }

  close(): void {
    clearTimeout(this.rebalanceTimer);
    clearTimeout(this.initialDelayTimer);
    for (const member of [...this.members.values()]) this.drop(member);
    this.state = 'Dead';
  }
}
