/**
 * The JSON documents of Trino's client REST protocol (QueryResults and its parts), as the gateway
 * sends them. Field names follow io.trino.client.QueryResults so every Trino client can read them.
 */
import type { ClientTypeSignature } from './trinoTypes.js';

export type QueryState = 'QUEUED' | 'PLANNING' | 'STARTING' | 'RUNNING' | 'FINISHING' | 'FINISHED' | 'FAILED';

export interface Column {
  readonly name: string;
  readonly type: string;
  readonly typeSignature: ClientTypeSignature;
}

export interface StageStats {
  readonly stageId: string;
  readonly state: QueryState;
  readonly done: boolean;
  readonly nodes: number;
  readonly totalSplits: number;
  readonly queuedSplits: number;
  readonly runningSplits: number;
  readonly completedSplits: number;
  readonly cpuTimeMillis: number;
  readonly wallTimeMillis: number;
  readonly processedRows: number;
  readonly processedBytes: number;
  readonly physicalInputBytes: number;
  readonly failedTasks: number;
  readonly coordinatorOnly: boolean;
  readonly subStages: readonly StageStats[];
}

export interface StatementStats {
  readonly state: QueryState;
  readonly queued: boolean;
  readonly scheduled: boolean;
  readonly progressPercentage?: number;
  readonly runningPercentage?: number;
  readonly nodes: number;
  readonly totalSplits: number;
  readonly queuedSplits: number;
  readonly runningSplits: number;
  readonly completedSplits: number;
  readonly cpuTimeMillis: number;
  readonly wallTimeMillis: number;
  readonly queuedTimeMillis: number;
  readonly elapsedTimeMillis: number;
  readonly processedRows: number;
  readonly processedBytes: number;
  readonly physicalInputBytes: number;
  readonly physicalWrittenBytes: number;
  readonly peakMemoryBytes: number;
  readonly spilledBytes: number;
  readonly rootStage?: StageStats;
}

export interface FailureInfo {
  readonly type: string;
  readonly message: string;
  readonly suppressed: readonly FailureInfo[];
  readonly stack: readonly string[];
  readonly errorLocation?: { readonly lineNumber: number; readonly columnNumber: number };
}

export interface QueryError {
  readonly message: string;
  readonly errorCode: number;
  readonly errorName: string;
  readonly errorType: 'USER_ERROR' | 'INTERNAL_ERROR' | 'INSUFFICIENT_RESOURCES' | 'EXTERNAL';
  readonly errorLocation?: { readonly lineNumber: number; readonly columnNumber: number };
  readonly failureInfo: FailureInfo;
}

export interface Warning {
  readonly warningCode: { readonly code: number; readonly name: string };
  readonly message: string;
}

/**
 * One response to POST /v1/statement or to a nextUri. `data` is kept as pre-rendered JSON text (one
 * string per row) so exact numbers (bigint beyond 2^53) survive; serializeQueryResults splices it in.
 */
export interface QueryResults {
  readonly id: string;
  readonly infoUri: string;
  readonly partialCancelUri?: string;
  readonly nextUri?: string;
  readonly columns?: readonly Column[];
  readonly data?: readonly string[];
  readonly stats: StatementStats;
  readonly error?: QueryError;
  readonly warnings: readonly Warning[];
  readonly updateType?: string;
  readonly updateCount?: number;
}

export function serializeQueryResults(results: QueryResults): string {
  const { data, ...rest } = results;
  const head = JSON.stringify(rest);
  if (data === undefined) return head;
  return `${head.slice(0, -1)},"data":[${data.join(',')}]}`;
}
