/**
 * What the engine needs to find tables: by name from the catalog, or outside it (a metadata file or
 * a table location, for iceberg_scan). File planning is the library's TableScan over the handle's
 * metadata and FileIO.
 */
import type { FileIO, TableMetadata } from '../../iceberg/index.js';

export interface VersionOptions {
  readonly snapshotId?: bigint;
  readonly ref?: string;
  readonly asOfTimestampMs?: number;
}

export interface TableHandle {
  /** For messages: `namespace.table` or the metadata file. */
  readonly name: string;
  readonly metadata: TableMetadata;
  readonly metadataLocation: string;
  /** Identifies the metadata file and how its paths are read (cache key for generated SQL). */
  readonly cacheKey: string;
  /** Reads metadata, manifest lists and manifests (already mapped for moved tables). */
  readonly io: FileIO;
  /** Makes data files local; used with mapLocation. */
  readonly dataIO: FileIO;
  /** Recorded location -> readable location (identity unless the table moved). */
  readonly mapLocation: (location: string) => string;
}

export interface OpenOptions {
  readonly allowMovedPaths: boolean;
}

export interface TableSource {
  listNamespaces(): Promise<string[]>;
  listTables(namespace: string): Promise<string[]>;
  /** undefined when the catalog has no such table. */
  load(namespace: string, name: string): Promise<TableHandle | undefined>;
  /** A metadata file (…metadata.json) or a table location (latest metadata under metadata/). */
  open(target: string, options: OpenOptions): Promise<TableHandle>;
}
