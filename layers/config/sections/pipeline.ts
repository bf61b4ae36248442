import { boolVar, intVar, listVar, optionalStringVar, stringVar } from '../env.js';

/** The medallion pipeline: function names for commit-event chaining, the Kafka trigger, the gold models. */
export const pipelineSection = {
  functionPrefix: stringVar(
    'PIPELINE_FUNCTION_PREFIX',
    'lakehouse-dev-',
    'Prefix of deployed function names (service-stage-), used to invoke the next function on a commit.',
  ),
  lambdaEndpoint: optionalStringVar(
    'LAMBDA_ENDPOINT',
    'Lambda Invoke API endpoint; under `npm start` serverless.yml sets it to http://OFFLINE_HOST:OFFLINE_LAMBDA_PORT; unset uses AWS.',
  ),
  chainCommits: boolVar(
    'PIPELINE_CHAIN_COMMITS',
    true,
    'A bronze commit invokes silverPromoter and a silver commit invokes goldBuilder (schedules stay as safety net).',
  ),
  sqlDir: stringVar('PIPELINE_SQL_DIR', './sql', 'Directory of the SQL models (gold models under gold/).'),
  deadLetterTopic: stringVar(
    'KAFKA_DEAD_LETTER_TOPIC',
    'coinbase.raw.dlq',
    'Topic that receives the records of a batch the Kafka trigger could not deliver after its retries.',
  ),
  triggerMaxAttempts: intVar(
    'KAFKA_TRIGGER_MAX_ATTEMPTS',
    6,
    'Invocations of a batch before the Kafka trigger routes it to the dead-letter topic.',
    { min: 1, max: 100 },
  ),
  triggerBackoffMs: intVar(
    'KAFKA_TRIGGER_BACKOFF_MS',
    250,
    'First retry delay of the Kafka trigger (doubles per attempt, capped at 30 s).',
    { min: 1, max: 60_000 },
  ),
  stack: listVar(
    'LAKEHOUSE_STACK',
    ['broker', 'producer', 'triggers', 'gateway', 'dashboard', 'catalog'],
    'Parts of the embedded stack `serverless offline start` runs (broker only when KAFKA_BROKERS is unset).',
  ),
  demo: boolVar('LAKEHOUSE_DEMO', false, 'Run the exchange simulator instead of connecting to Coinbase.'),
  snapshotRetentionMinutes: intVar(
    'PIPELINE_SNAPSHOT_RETENTION_MINUTES',
    30,
    'Minutes a pipeline snapshot stays readable (time travel), at most: PIPELINE_SNAPSHOT_MAX_COUNT may expire it sooner; tagged snapshots stay.',
    { min: 1, max: 525_600 },
  ),
  snapshotMaxCount: intVar(
    'PIPELINE_SNAPSHOT_MAX_COUNT',
    64,
    'Most snapshots a pipeline table keeps: a commit that reaches it expires the oldest down to half (keeps metadata.json under about 100 KB).',
    { min: 4, max: 100_000 },
  ),
  failedAuditsKept: intVar(
    'PIPELINE_FAILED_AUDITS_KEPT',
    8,
    'Failed-audit branches (audit-failed-*) a table keeps for inspection at most; keeping one more drops the oldest.',
    { min: 1, max: 1000 },
  ),
  memoryLimit: stringVar(
    'PIPELINE_MEMORY_LIMIT',
    '512MB',
    "Memory limit of the pipeline functions' DuckDB (DuckDB size, e.g. 512MB, 2GB): under the Lambda memorySize (1024 MB), and without one DuckDB may cache up to 80% of RAM.",
  ),
  commitRetries: intVar(
    'PIPELINE_COMMIT_RETRIES',
    8,
    'Attempts of a pipeline step whose table commit lost a race with another writer.',
    { min: 1, max: 100 },
  ),
} as const;
