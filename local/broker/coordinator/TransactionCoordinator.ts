/**
 * The transaction coordinator: maps each transactional id to its producer id and epoch, tracks the
 * partitions and consumer groups a transaction touches, and ends it by writing commit or abort
 * markers to every partition (then committing its group offsets, on commit). A newer InitProducerId
 * for the same id bumps the epoch and aborts what the previous holder left open, so a zombie
 * producer is fenced (INVALID_PRODUCER_EPOCH). A transaction older than its timeout is aborted.
 *
 * State lives in memory: after a restart every transactional id is unknown (clients re-initialise,
 * INVALID_PRODUCER_ID_MAPPING otherwise), and transactions that partitions found open are aborted.
 */
import type { LogManager } from '../log/LogManager.js';
import type { FsyncPolicy } from '../log/LogSettings.js';
import type { PartitionLog } from '../log/PartitionLog.js';
import { ErrorCode, type ErrorCodeValue } from '../protocol/errors.js';
import type { GroupCoordinator, OffsetCommitEntry } from './GroupCoordinator.js';

export interface TransactionSettings {
  /** Longest transaction timeout a producer may ask for (Kafka's transaction.max.timeout.ms). */
  readonly maxTransactionTimeoutMs: number;
  /** With "always", markers are on disk before EndTxn is answered, like acknowledged records. */
  readonly fsync: FsyncPolicy;
}

type TransactionState = 'Empty' | 'Ongoing' | 'CompleteCommit' | 'CompleteAbort';

interface Transaction {
  readonly transactionalId: string;
  producerId: number;
  epoch: number;
  timeoutMs: number;
  state: TransactionState;
  readonly partitions: Set<PartitionLog>;
  readonly groups: Set<string>;
  readonly offsets: Map<string, OffsetCommitEntry[]>;
  timer: NodeJS.Timeout | undefined;
}

export interface ProducerIdentity {
  readonly transactionalId: string;
  readonly producerId: number;
  readonly producerEpoch: number;
}

const MAX_EPOCH = 32767;

export class TransactionCoordinator {
  private readonly transactions = new Map<string, Transaction>();

  constructor(
    private readonly logs: LogManager,
    private readonly groups: GroupCoordinator,
    private readonly settings: TransactionSettings,
    private readonly nextProducerId: () => number,
    private readonly warn: (message: string) => void,
  ) {
    this.abortLeftOpen();
  }

  /** Transactions a previous run left open have no coordinator any more: abort them so readers move on. */
  private abortLeftOpen(): void {
    for (const log of this.logs.allPartitions()) {
      for (const producerId of log.openTransactionProducers) {
        log.appendMarker(producerId, MAX_EPOCH, false);
        this.warn(`${log.name}: transaction of producer ${producerId} left open by the previous run, aborted`);
      }
    }
  }

  initProducerId(
    transactionalId: string,
    timeoutMs: number,
  ): { errorCode: ErrorCodeValue; producerId: number; producerEpoch: number } {
    if (transactionalId === '') return { errorCode: ErrorCode.INVALID_REQUEST, producerId: -1, producerEpoch: -1 };
    if (!Number.isInteger(timeoutMs) || timeoutMs <= 0 || timeoutMs > this.settings.maxTransactionTimeoutMs) {
      return { errorCode: ErrorCode.INVALID_TRANSACTION_TIMEOUT, producerId: -1, producerEpoch: -1 };
    }
    let transaction = this.transactions.get(transactionalId);
    if (transaction === undefined) {
      transaction = {
        transactionalId,
        producerId: this.nextProducerId(),
        epoch: 0,
        timeoutMs,
        state: 'Empty',
        partitions: new Set(),
        groups: new Set(),
        offsets: new Map(),
        timer: undefined,
      };
      this.transactions.set(transactionalId, transaction);
    } else {
      if (transaction.state === 'Ongoing') this.complete(transaction, false);
      if (transaction.epoch >= MAX_EPOCH - 1) {
        transaction.producerId = this.nextProducerId();
        transaction.epoch = 0;
      } else {
        transaction.epoch++;
      }
      transaction.timeoutMs = timeoutMs;
      transaction.state = 'Empty';
    }
    return { errorCode: ErrorCode.NONE, producerId: transaction.producerId, producerEpoch: transaction.epoch };
  }

  /** The caller's transaction, or the error that refuses it (unknown id, other producer, fenced epoch). */
  private lookup(identity: ProducerIdentity): Transaction | ErrorCodeValue {
    const transaction = this.transactions.get(identity.transactionalId);
    if (transaction === undefined || transaction.producerId !== identity.producerId) {
      return ErrorCode.INVALID_PRODUCER_ID_MAPPING;
    }
    if (transaction.epoch !== identity.producerEpoch) return ErrorCode.INVALID_PRODUCER_EPOCH;
    return transaction;
  }

  private begin(transaction: Transaction): void {
    if (transaction.state === 'Ongoing') return;
    transaction.state = 'Ongoing';
    transaction.timer = setTimeout(() => {
      if (transaction.state !== 'Ongoing') return;
      this.warn(`transaction ${transaction.transactionalId} passed its ${transaction.timeoutMs} ms timeout, aborted`);
      this.complete(transaction, false);
      transaction.epoch++;
    }, transaction.timeoutMs);
    transaction.timer.unref();
  }

  addPartitions(
    identity: ProducerIdentity,
    partitions: readonly { topic: string; partition: number }[],
  ): ErrorCodeValue[] {
    const found = this.lookup(identity);
    if (typeof found === 'number') return partitions.map(() => found);
    const logs = partitions.map(({ topic, partition }) => this.logs.partitions(topic)?.[partition]);
    if (logs.some((log) => log === undefined)) {
      return logs.map((log) =>
        log === undefined ? ErrorCode.UNKNOWN_TOPIC_OR_PARTITION : ErrorCode.OPERATION_NOT_ATTEMPTED,
      );
    }
    this.begin(found);
    for (const log of logs) found.partitions.add(log as PartitionLog);
    return partitions.map(() => ErrorCode.NONE);
  }

  addOffsets(identity: ProducerIdentity, groupId: string): ErrorCodeValue {
    const found = this.lookup(identity);
    if (typeof found === 'number') return found;
    if (groupId === '') return ErrorCode.INVALID_GROUP_ID;
    this.begin(found);
    found.groups.add(groupId);
    return ErrorCode.NONE;
  }

  /** Stages offsets that the group gets only if the transaction commits. */
  stageOffsets(identity: ProducerIdentity, groupId: string, entries: readonly OffsetCommitEntry[]): ErrorCodeValue {
    const found = this.lookup(identity);
    if (typeof found === 'number') return found;
    if (found.state !== 'Ongoing' || !found.groups.has(groupId)) return ErrorCode.INVALID_TXN_STATE;
    found.offsets.set(groupId, [...(found.offsets.get(groupId) ?? []), ...entries]);
    return ErrorCode.NONE;
  }

  /** May this producer append transactional batches to `log` now? */
  canAppend(identity: ProducerIdentity, log: PartitionLog): ErrorCodeValue {
    const found = this.lookup(identity);
    if (typeof found === 'number') return found;
    return found.state === 'Ongoing' && found.partitions.has(log) ? ErrorCode.NONE : ErrorCode.INVALID_TXN_STATE;
  }

  endTransaction(identity: ProducerIdentity, commit: boolean): ErrorCodeValue {
    const found = this.lookup(identity);
    if (typeof found === 'number') return found;
    if (found.state === 'Ongoing') {
      this.complete(found, commit);
      return ErrorCode.NONE;
    }
    // A retried EndTxn whose first attempt completed, or one with nothing to end.
    if (found.state === (commit ? 'CompleteCommit' : 'CompleteAbort') || found.state === 'Empty') return ErrorCode.NONE;
    return ErrorCode.INVALID_TXN_STATE;
  }

  private complete(transaction: Transaction, commit: boolean): void {
    clearTimeout(transaction.timer);
    for (const log of transaction.partitions) {
      log.appendMarker(transaction.producerId, transaction.epoch, commit);
      if (this.settings.fsync === 'always') log.flush();
      this.logs.notifyAppend(log);
    }
    if (commit) for (const [groupId, entries] of transaction.offsets) this.groups.commitTransactional(groupId, entries);
    transaction.partitions.clear();
    transaction.groups.clear();
    transaction.offsets.clear();
    transaction.state = commit ? 'CompleteCommit' : 'CompleteAbort';
  }

  close(): void {
    for (const transaction of this.transactions.values()) clearTimeout(transaction.timer);
  }
}
