/**
 * The medallion pipeline (docs/architecture.md, "The parts and how data moves"): what the functions,
 * the replay command and the tests use.
 *
 * - Pipeline: the three steps for one process (bronze writes, single-flight silver and gold, commit
 *   events to the next step).
 * - writeBronze / promoteSilver / buildGold: the steps themselves on a PipelineContext.
 * - tables/: the table contracts (definitions.ts) and the TableStore interface, with the Iceberg
 *   store (openTableStore) and an in-DuckDB store for tests.
 * - chain/CommitNotifier: commit events (Lambda API or in-process).
 * - gold/: the SQL model project (sql/), its DAG, scopes, contracts and build-time assertions.
 * - maintenance/: compaction and expiry, and the history bound each commit keeps (history.ts).
 * - metrics/: the functions' Prometheus registry (PipelineMetrics) and the store wrapper that times commits.
 */
export { type BronzeRow, bronzeRow } from './bronze/bronzeRow.js';
export { type BronzeWriteResult, writeBronze } from './bronze/writeBronze.js';
export {
  type CommitEvent,
  type CommitNotifier,
  InProcessCommitNotifier,
  isCommitEvent,
  LambdaCommitNotifier,
  noCommitNotifier,
} from './chain/CommitNotifier.js';
export { InFlightWork, trackWork } from './chain/inFlightWork.js';
export {
  type PipelineContext,
  PROP_BRONZE_SNAPSHOT,
  PROP_KAFKA_OFFSETS,
  PROP_SILVER_SNAPSHOT,
  type QualityGate,
} from './context.js';
export { type IsolatedRow, materializeIsolating } from './duck/isolateRows.js';
export { dropTemp, stageName, stageRows } from './duck/stage.js';
export { CommitConflictError, isRetriable, PipelineError } from './errors.js';
export { DEFAULT_FEED_LIMITS, type FeedLimits, feedLimits } from './feedLimits.js';
export { buildGold, type GoldBuildResult, type ModelRunResult } from './gold/buildGold.js';
export { loadModelProject, type Model, type ModelProject, orderModels, projectTables } from './gold/ModelProject.js';
export { runModelAssertions } from './gold/modelAssertions.js';
export { modelScope } from './gold/scope.js';
export { DEFAULT_MAX_SNAPSHOTS, type HistoryBounds } from './maintenance/history.js';
export { type MaintenanceResult, maintainTables } from './maintenance/maintainTables.js';
export { MEMORY_REPORT_INTERVAL_MS, type MemoryLine, MemoryReporter } from './memoryReport.js';
export { MeteredTableStore } from './metrics/MeteredTableStore.js';
export { type Layer, PipelineMetrics, pipelineMetrics } from './metrics/PipelineMetrics.js';
export { Pipeline, type PipelineOptions } from './Pipeline.js';
export { auditTables } from './quality/auditTables.js';
export { type ReconcileOptions, reconcileWithExchange } from './quality/reconcileWithExchange.js';
export {
  type QualityRunSummary,
  type RecordedResult,
  recordResults,
  summarizeResults,
} from './quality/recordResults.js';
export { AUDIT_BRANCH, failedAuditBranch } from './quality/writeAuditPublish.js';
export { retryOnConflict } from './retry.js';
export { promoteSilver, type SilverPromoteResult } from './silver/promoteSilver.js';
export { SingleFlight } from './singleFlight.js';
export { DuckDBTableStore } from './tables/DuckDBTableStore.js';
export * from './tables/definitions.js';
export { IcebergTableStore } from './tables/IcebergTableStore.js';
export { branchesToDrop, type KeptBranch, type KeptBranchBound } from './tables/keptBranches.js';
export { openTableStore } from './tables/openTableStore.js';
export type {
  CommitOptions,
  ExpiryPolicy,
  KeyRangeFilter,
  TableHead,
  TableStore,
} from './tables/TableStore.js';
export { quoteIdent, quoteLiteral } from './tables/TableStore.js';
