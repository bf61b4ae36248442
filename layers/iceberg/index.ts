/**
 * Apache Iceberg v2 for TypeScript: the public API. See README.md for a tour.
 *
 *   spec/     types, schemas, partition specs and transforms, sort orders, snapshots, table metadata
 *   avro/     manifests and manifest lists
 *   data/     Parquet data files through DuckDB (field ids, metrics, partitioned writes)
 *   expr/     row filters, their projection onto partitions and file metrics
 *   scan/     scan planning (FileScanTask), incremental append scans
 *   update/   the commit model: TableUpdate + TableRequirement
 *   catalog/  the Catalog interface, the SQL catalog (SQLite and PostgreSQL drivers), openCatalog(config)
 *   table/    Table and its operations (append, overwrite, delete, schema/spec evolution, refs, cherry-pick,
 *             expiry, orphan removal)
 *   io/       FileIO (local, S3) chosen by URI scheme
 */

export { decodeContainer, encodeContainer } from './avro/container.js';
export { readManifestList, writeManifestList } from './avro/manifestList.js';
export { type ReadManifestResult, readManifest } from './avro/manifestReader.js';
export { type ManifestEntryInput, UNASSIGNED_SEQUENCE_NUMBER, writeManifest } from './avro/manifestWriter.js';
export {
  type DataFile,
  EntryStatus,
  FileContent,
  ManifestContent,
  type ManifestEntry,
  type ManifestFile,
  type PartitionFieldSummary,
  type PartitionValues,
} from './avro/model.js';
export type { Catalog, CommitTableResponse, CreateTableOptions } from './catalog/Catalog.js';
export {
  identifierToString,
  type Namespace,
  namespaceToString,
  parseIdentifier,
  parseNamespace,
  type TableIdentifier,
} from './catalog/identifiers.js';
export { metadataVersion, readMetadataFile } from './catalog/metadataFiles.js';
export { type OpenCatalogOptions, openCatalog } from './catalog/openCatalog.js';
export { PostgresDriver, type PostgresDriverOptions, PostgresError } from './catalog/postgresDriver.js';
export { toPostgresPlaceholders } from './catalog/postgresPlaceholders.js';
export { SqlCatalog, type SqlCatalogOptions } from './catalog/SqlCatalog.js';
export type { SqlDriver, SqlExecutor, SqlResult, SqlValue } from './catalog/SqlDriver.js';
export { SqliteDriver, type SqliteDriverOptions } from './catalog/sqliteDriver.js';
export { registerBucketFunctions } from './data/bucketFunctions.js';
export { duckdbType, fieldIdTree } from './data/duckdbTypes.js';
export { readParquetByFieldId } from './data/readByFieldId.js';
export { DEFAULT_TARGET_FILE_SIZE_BYTES, type WriteDataFilesOptions, writeDataFiles } from './data/writeDataFiles.js';
export * from './errors.js';
export { type BoundExpression, type BoundPredicate, bind } from './expr/bind.js';
export { evaluate } from './expr/evaluate.js';
export * from './expr/expressions.js';
export { allMatch, mightMatch } from './expr/metricsEvaluator.js';
export { inclusiveProjection, strictProjection } from './expr/projection.js';
export { type BoundSql, toSql } from './expr/toSql.js';
export * from './io/index.js';
export { parseJson, stringifyJson } from './json/bigintJson.js';
export { DeleteIndex, partitionKey } from './scan/deleteIndex.js';
export type { DeleteFileRef, FileScanTask, ScanOptions } from './scan/FileScanTask.js';
export { planIncrementalAppends } from './scan/incrementalAppendScan.js';
export { liveEntries, manifestEntries, snapshotManifests } from './scan/manifestEntries.js';
export { TableScan } from './scan/TableScan.js';
export { murmur3Hash32, murmur3HashLong } from './spec/murmur3.js';
export { humanString, partitionToPath, urlEncode } from './spec/partitionPath.js';
export {
  buildPartitionSpec,
  PARTITION_DATA_ID_START,
  type PartitionField,
  type PartitionFieldInput,
  PartitionSpec,
} from './spec/partitionSpec.js';
export { partitionTypeFor, unionSchema } from './spec/partitionType.js';
export { Schema } from './spec/schema.js';
export { assignFreshIds, type ColumnInput, newSchema, type TypeInput } from './spec/schemaBuilder.js';
export { fromBytes, toBytes, truncateLowerBound, truncateUpperBound } from './spec/singleValue.js';
export {
  MAIN_BRANCH,
  type MetadataLogEntry,
  newSnapshotId,
  type Operation,
  type Snapshot,
  type SnapshotLogEntry,
  type SnapshotRef,
} from './spec/snapshot.js';
export { buildSortOrder, type SortField, type SortFieldInput, SortOrder } from './spec/sortOrder.js';
export {
  ancestorsOf,
  currentSchema,
  currentSnapshot,
  defaultSortOrder,
  defaultSpec,
  findSnapshot,
  parseTableMetadata,
  schemaById,
  serializeTableMetadata,
  snapshotAsOf,
  snapshotForRef,
  specById,
  type TableMetadata,
  tableMetadataFromJson,
  tableMetadataToJson,
} from './spec/tableMetadata.js';
export {
  applyTransform,
  bucket,
  bucketHash,
  day,
  hour,
  identity,
  month,
  parseTransform,
  type Transform,
  transformResultType,
  transformToString,
  truncate,
  voidTransform,
  year,
} from './spec/transforms.js';
export { typeFromJson, typeToJson } from './spec/typeJson.js';
export * from './spec/types.js';
export {
  compareValues,
  formatDecimal,
  type IcebergValue,
  parseDecimal,
  toValue,
  valuesEqual,
} from './spec/values.js';
export { type CherryPickResult, cherryPick, SOURCE_SNAPSHOT_ID_PROP } from './table/cherryPick.js';
export {
  type CompactionOptions,
  type CompactionResult,
  compactDataFiles,
  planCompaction,
} from './table/compactDataFiles.js';
export { type ExpireResult, ExpireSnapshots } from './table/ExpireSnapshots.js';
export { FastAppend, MergeAppend } from './table/FastAppend.js';
export { ManageSnapshots } from './table/ManageSnapshots.js';
export { OverwriteFiles, type OverwriteOptions } from './table/OverwriteFiles.js';
export {
  DEFAULT_ORPHAN_GRACE_MS,
  type RemoveOrphanFilesOptions,
  type RemoveOrphanFilesResult,
  referencedFiles,
  removeOrphanFiles,
} from './table/removeOrphanFiles.js';
export { SnapshotProducer } from './table/SnapshotProducer.js';
export { Table } from './table/Table.js';
export { UpdateProperties } from './table/UpdateProperties.js';
export { UpdateSchema } from './table/UpdateSchema.js';
export { UpdateSpec } from './table/UpdateSpec.js';
export { applyUpdates } from './update/applyUpdates.js';
export { validateRequirements } from './update/requirements.js';
export { tableRequirementsFromJson, tableUpdatesFromJson } from './update/updateJson.js';
export type { TableRequirement, TableUpdate } from './update/updates.js';
