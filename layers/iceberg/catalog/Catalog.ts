/** The catalog interface every backend implements (SQL on SQLite/PostgreSQL here; REST could follow). */
import type { PartitionFieldInput, PartitionSpec } from '../spec/partitionSpec.js';
import type { Schema } from '../spec/schema.js';
import type { SortOrder } from '../spec/sortOrder.js';
import type { TableMetadata } from '../spec/tableMetadata.js';
import type { Table } from '../table/Table.js';
import type { TableRequirement, TableUpdate } from '../update/updates.js';
import type { Namespace, TableIdentifier } from './identifiers.js';

export interface CreateTableOptions {
  readonly schema: Schema;
  /** A built spec (ids are re-mapped onto the fresh schema ids) or field inputs by column name. */
  readonly partitionSpec?: PartitionSpec | readonly PartitionFieldInput[];
  readonly sortOrder?: SortOrder;
  /** Defaults to `<warehouse>/<namespace path>/<table>`. */
  readonly location?: string;
  readonly properties?: Readonly<Record<string, string>>;
}

export interface CommitTableResponse {
  readonly metadata: TableMetadata;
  readonly metadataLocation: string;
}

export interface Catalog {
  readonly name: string;

  createNamespace(namespace: string | Namespace, properties?: Readonly<Record<string, string>>): Promise<void>;
  /** Namespaces directly under `parent` (top-level ones when omitted). */
  listNamespaces(parent?: string | Namespace): Promise<Namespace[]>;
  namespaceExists(namespace: string | Namespace): Promise<boolean>;
  loadNamespaceProperties(namespace: string | Namespace): Promise<Record<string, string>>;
  updateNamespaceProperties(
    namespace: string | Namespace,
    removals: readonly string[],
    updates: Readonly<Record<string, string>>,
  ): Promise<void>;
  /** Where new tables of the namespace go by default (`<warehouse>/<namespace>.db`). */
  defaultNamespaceLocation(namespace: string | Namespace): string;
  /** Fails with NamespaceNotEmptyError while tables remain. */
  dropNamespace(namespace: string | Namespace): Promise<void>;

  createTable(identifier: string | TableIdentifier, options: CreateTableOptions): Promise<Table>;
  /**
   * The metadata createTable would write, without writing it (a REST `stage-create`): the client
   * commits it later with an assert-create requirement.
   */
  stageCreateTable(identifier: string | TableIdentifier, options: CreateTableOptions): Promise<TableMetadata>;
  loadTable(identifier: string | TableIdentifier): Promise<Table>;
  /**
   * The table's current metadata file location, read from the catalog alone (no metadata file is
   * loaded): a reader holding a table loaded from this location can skip reloading it.
   * NoSuchTableError when the table does not exist.
   */
  loadMetadataLocation(identifier: string | TableIdentifier): Promise<string>;
  tableExists(identifier: string | TableIdentifier): Promise<boolean>;
  listTables(namespace: string | Namespace): Promise<TableIdentifier[]>;
  /** Removes the catalog entry; with purge also every file the table's metadata references. */
  dropTable(identifier: string | TableIdentifier, options?: { readonly purge?: boolean }): Promise<void>;
  renameTable(from: string | TableIdentifier, to: string | TableIdentifier): Promise<void>;
  /** Adopts an existing metadata file (e.g. written by another catalog) as a table. */
  registerTable(identifier: string | TableIdentifier, metadataLocation: string): Promise<Table>;

  /**
   * Applies `updates` if every requirement holds on the current metadata, writing a new metadata
   * file and swapping the pointer atomically. CommitFailedError: conflict (refresh and retry);
   * CommitStateUnknownError: outcome unknown (reload before retrying).
   */
  commitTable(
    identifier: string | TableIdentifier,
    requirements: readonly TableRequirement[],
    updates: readonly TableUpdate[],
  ): Promise<CommitTableResponse>;

  close(): Promise<void>;
}
