/**
 * One error type for everything Kafka, classified retriable or not, so callers branch on
 * `retriable` instead of on kafkajs class names (kafkajs stays behind this layer).
 */

export class KafkaError extends Error {
  readonly retriable: boolean;
  readonly topic: string | undefined;
  /** kafkajs' error class name (or the Node error code) for logs and metrics labels. */
  readonly kind: string;

  constructor(message: string, options: { retriable: boolean; kind: string; topic?: string; cause?: unknown }) {
    super(message, { cause: options.cause });
    this.name = 'KafkaError';
    this.retriable = options.retriable;
    this.kind = options.kind;
    this.topic = options.topic;
  }
}

interface KafkaJsLikeError {
  name?: string;
  message?: string;
  retriable?: boolean;
  code?: string;
  cause?: unknown;
}

// Connection-level failures mean "the cluster is not reachable now": retrying later can succeed even
// when kafkajs gave up after its own retries (KafkaJSNumberOfRetriesExceeded is non-retriable to kafkajs).
const UNAVAILABLE_KINDS = new Set([
  'KafkaJSConnectionError',
  'KafkaJSConnectionClosedError',
  'KafkaJSRequestTimeoutError',
  'KafkaJSBrokerNotFound',
  'KafkaJSNoBrokerAvailableError',
  'KafkaJSMetadataNotLoaded',
  'KafkaJSTopicMetadataNotLoaded',
  'KafkaJSStaleTopicMetadataAssignment',
  'KafkaJSLockTimeout',
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
]);

function rootCause(error: KafkaJsLikeError): KafkaJsLikeError {
  let current = error;
  for (let depth = 0; depth < 8 && current.cause && typeof current.cause === 'object'; depth++) {
    current = current.cause as KafkaJsLikeError;
  }
  return current;
}

/** Wraps any error thrown by the Kafka client into a KafkaError with a retriable classification. */
export function toKafkaError(error: unknown, context: { operation: string; topic?: string }): KafkaError {
  if (error instanceof KafkaError) return error;
  const outer = (error && typeof error === 'object' ? error : { message: String(error) }) as KafkaJsLikeError;
  const root = rootCause(outer);
  const kind = outer.name ?? outer.code ?? 'Error';
  const rootKind = root.name ?? root.code ?? kind;
  const retriable =
    outer.retriable === true ||
    UNAVAILABLE_KINDS.has(kind) ||
    UNAVAILABLE_KINDS.has(rootKind) ||
    (root.code !== undefined && UNAVAILABLE_KINDS.has(root.code)) ||
    (kind === 'KafkaJSNumberOfRetriesExceeded' && root.retriable === true);
  const where = context.topic ? ` (topic ${context.topic})` : '';
  const detail = root !== outer && root.message ? `: ${root.message}` : '';
  return new KafkaError(`kafka ${context.operation} failed${where}: ${outer.message ?? kind}${detail}`, {
    retriable,
    kind: rootKind,
    topic: context.topic,
    cause: error,
  });
}
