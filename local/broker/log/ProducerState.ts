/**
 * Idempotent-producer bookkeeping for one partition: per producer id, its epoch and the last few
 * batches' sequence ranges, so a retried batch is acknowledged without being appended twice and a
 * gap in sequences is refused.
 */
import { ErrorCode, type ErrorCodeValue } from '../protocol/errors.js';
import type { BatchHeader } from './RecordBatch.js';

/** Kafka keeps the last five batches per producer: a client has at most five in flight. */
const REMEMBERED_BATCHES = 5;
const MAX_SEQUENCE = 0x7fffffff;

interface AppendedBatch {
  readonly firstSequence: number;
  readonly lastSequence: number;
  readonly baseOffset: number;
}

interface ProducerEntry {
  epoch: number;
  batches: AppendedBatch[];
}

export type SequenceCheck =
  | { readonly kind: 'append' }
  | { readonly kind: 'duplicate'; readonly baseOffset: number }
  | { readonly kind: 'error'; readonly code: ErrorCodeValue; readonly message: string };

function lastSequenceOf(header: BatchHeader): number {
  return (header.baseSequence + header.lastOffsetDelta) % (MAX_SEQUENCE + 1);
}

function isIdempotent(header: BatchHeader): boolean {
  return header.producerId >= 0 && header.baseSequence >= 0;
}

export class ProducerState {
  private readonly producers = new Map<number, ProducerEntry>();

  get largestProducerId(): number {
    let largest = -1;
    for (const id of this.producers.keys()) if (id > largest) largest = id;
    return largest;
  }

  check(header: BatchHeader): SequenceCheck {
    if (!isIdempotent(header)) return { kind: 'append' };
    const entry = this.producers.get(header.producerId);
    if (entry === undefined) return { kind: 'append' };
    if (header.producerEpoch < entry.epoch) {
      return {
        kind: 'error',
        code: ErrorCode.INVALID_PRODUCER_EPOCH,
        message: `producer ${header.producerId} epoch ${header.producerEpoch} is older than ${entry.epoch}`,
      };
    }
    if (header.producerEpoch > entry.epoch) {
      if (header.baseSequence === 0) return { kind: 'append' };
      return {
        kind: 'error',
        code: ErrorCode.OUT_OF_ORDER_SEQUENCE_NUMBER,
        message: `producer ${header.producerId} new epoch ${header.producerEpoch} must start at sequence 0, got ${header.baseSequence}`,
      };
    }
    const duplicate = entry.batches.find(
      (batch) => batch.firstSequence === header.baseSequence && batch.lastSequence === lastSequenceOf(header),
    );
    if (duplicate !== undefined) return { kind: 'duplicate', baseOffset: duplicate.baseOffset };
    const last = entry.batches[entry.batches.length - 1];
    const expected = last === undefined ? header.baseSequence : (last.lastSequence + 1) % (MAX_SEQUENCE + 1);
    if (header.baseSequence !== expected) {
      return {
        kind: 'error',
        code: ErrorCode.OUT_OF_ORDER_SEQUENCE_NUMBER,
        message: `producer ${header.producerId} sent sequence ${header.baseSequence}, expected ${expected}`,
      };
    }
    return { kind: 'append' };
  }

  /** Records a batch that is now in the log (appended, or found again during recovery). */
  record(header: BatchHeader): void {
    if (!isIdempotent(header)) return;
    let entry = this.producers.get(header.producerId);
    if (entry === undefined || header.producerEpoch > entry.epoch) {
      entry = { epoch: header.producerEpoch, batches: [] };
      this.producers.set(header.producerId, entry);
    }
    entry.batches.push({
      firstSequence: header.baseSequence,
      lastSequence: lastSequenceOf(header),
      baseOffset: header.baseOffset,
    });
    if (entry.batches.length > REMEMBERED_BATCHES) entry.batches.shift();
  }
}
