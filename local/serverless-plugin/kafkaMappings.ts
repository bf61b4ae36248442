/**
 * The `kafka` events of serverless.yml's functions, read from the resolved service, as mapping
 * settings for local/lambda-kafka (AWS: maximumBatchingWindow in seconds, batchSize records).
 */

export interface KafkaEventConfig {
  readonly topic: string;
  readonly batchSize?: number;
  readonly maximumBatchingWindow?: number;
  readonly bootstrapServers?: readonly string[];
  readonly consumerGroupId?: string;
  readonly startingPosition?: 'TRIM_HORIZON' | 'LATEST' | 'AT_TIMESTAMP';
  readonly enabled?: boolean;
}

export interface KafkaFunctionMapping {
  readonly functionKey: string;
  /** Deployed name, e.g. lakehouse-dev-bronzeWriter (what the Lambda Invoke API expects). */
  readonly functionName: string;
  readonly topic: string;
  readonly batchSize: number;
  readonly maximumBatchingWindowMs: number;
  readonly groupId: string;
  readonly startingPosition: 'TRIM_HORIZON' | 'LATEST';
}

interface ServiceLike {
  getAllFunctions(): string[];
  getFunction(key: string): { name?: string; events?: readonly Record<string, unknown>[] };
}

export function kafkaMappings(service: ServiceLike): KafkaFunctionMapping[] {
  const mappings: KafkaFunctionMapping[] = [];
  for (const key of service.getAllFunctions()) {
    const fn = service.getFunction(key);
    for (const event of fn.events ?? []) {
      const kafka = event.kafka as KafkaEventConfig | undefined;
      if (!kafka || kafka.enabled === false) continue;
      const functionName = fn.name ?? key;
      mappings.push({
        functionKey: key,
        functionName,
        topic: kafka.topic,
        // AWS defaults for Kafka sources: 100 records, no batching window.
        batchSize: kafka.batchSize ?? 100,
        maximumBatchingWindowMs: (kafka.maximumBatchingWindow ?? 0) * 1000,
        groupId: kafka.consumerGroupId ?? functionName,
        startingPosition: kafka.startingPosition === 'LATEST' ? 'LATEST' : 'TRIM_HORIZON',
      });
    }
  }
  return mappings;
}
