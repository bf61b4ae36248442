/**
 * The SQL catalog in the JdbcCatalog / PyIceberg SqlCatalog layout, over any SqlDriver. A commit
 * writes a new metadata file (create-if-absent), then swaps the pointer with
 * `UPDATE ... WHERE metadata_location = <expected>`: exactly one concurrent writer wins.
 */
import { CommitFailedError, CommitStateUnknownError, NoSuchTableError, TableAlreadyExistsError } from '../errors.js';
import type { FileIO } from '../io/FileIO.js';
import { fileIOFor } from '../io/fileIOFor.js';
import type { TableMetadata } from '../spec/tableMetadata.js';
import { Table } from '../table/Table.js';
import { applyUpdates } from '../update/applyUpdates.js';
import { validateRequirements } from '../update/requirements.js';
import type { TableRequirement, TableUpdate } from '../update/updates.js';
import type { Catalog, CommitTableResponse, CreateTableOptions } from './Catalog.js';
import {
  identifierToString,
  type Namespace,
  namespaceToString,
  parseIdentifier,
  parseNamespace,
  type TableIdentifier,
} from './identifiers.js';
import { MetadataCache } from './metadataCache.js';
import { newMetadataLocation, readMetadataFile, withMetadataLog, writeMetadataFile } from './metadataFiles.js';
import { newTableUpdates } from './newTableUpdates.js';
import { purgeTableFiles } from './purgeTable.js';
import type { SqlDriver } from './SqlDriver.js';
import { SqlNamespaces } from './sqlNamespaces.js';
import { createCatalogTables, hasIcebergTypeColumn, TABLES, type TableRowSql, tableRowSql } from './sqlSchema.js';

export interface SqlCatalogOptions {
  readonly name: string;
  readonly driver: SqlDriver;
  /** Root for new tables: `<warehouse>/<namespace>.db/<table>` (a path, file:// or s3:// URI). */
  readonly warehouse: string;
  /** FileIO for a location; defaults to the one chosen by its URI scheme. */
  readonly io?: (location: string) => FileIO;
}

/** Errors from a CAS statement that mean "not applied" rather than "unknown". */
function isDefinitelyNotApplied(error: unknown): boolean {
  const e = error as { code?: unknown; sqlState?: unknown };
  return (
    e.code === 'SQLITE_BUSY' ||
    e.code === 'SQLITE_CONSTRAINT_PRIMARYKEY' ||
    ['40001', '40P01', '55P03', '23505'].includes(String(e.sqlState))
  );
}

export class SqlCatalog implements Catalog {
  readonly name: string;
  private readonly driver: SqlDriver;
  private readonly warehouse: string;
  /** The FileIO the catalog uses for a location (the one given in the options, or by URI scheme). */
  readonly ioFor: (location: string) => FileIO;
  private readonly namespaces: SqlNamespaces;
  private readonly sql: TableRowSql;
  private readonly metadata = new MetadataCache();

  private constructor(options: SqlCatalogOptions, v1: boolean) {
    this.name = options.name;
    this.driver = options.driver;
    this.warehouse = options.warehouse.replace(/\/+$/, '');
    this.ioFor = options.io ?? ((location) => fileIOFor(location));
    this.namespaces = new SqlNamespaces(this.driver, this.name);
    this.sql = tableRowSql(v1);
  }

  /** Opens the catalog, creating its tables if needed. */
  static async open(options: SqlCatalogOptions): Promise<SqlCatalog> {
    await createCatalogTables(options.driver);
    return new SqlCatalog(options, await hasIcebergTypeColumn(options.driver));
  }

  createNamespace(namespace: string | Namespace, properties: Readonly<Record<string, string>> = {}): Promise<void> {
    return this.namespaces.create(parseNamespace(namespace), properties);
  }

  listNamespaces(parent: string | Namespace = []): Promise<Namespace[]> {
    return this.namespaces.list(parseNamespace(parent === '' ? [] : parent));
  }

  namespaceExists(namespace: string | Namespace): Promise<boolean> {
    return this.namespaces.exists(parseNamespace(namespace));
  }

  loadNamespaceProperties(namespace: string | Namespace): Promise<Record<string, string>> {
    return this.namespaces.properties(parseNamespace(namespace));
  }

  updateNamespaceProperties(
    namespace: string | Namespace,
    removals: readonly string[],
    updates: Readonly<Record<string, string>>,
  ): Promise<void> {
    return this.namespaces.update(parseNamespace(namespace), removals, updates);
  }

  defaultNamespaceLocation(namespace: string | Namespace): string {
    return `${this.warehouse}/${namespaceToString(parseNamespace(namespace))}.db`;
  }

  dropNamespace(namespace: string | Namespace): Promise<void> {
    return this.namespaces.drop(parseNamespace(namespace));
  }

  private async pointer(id: TableIdentifier): Promise<{ metadataLocation: string } | undefined> {
    const result = await this.driver.run(
      `SELECT metadata_location FROM ${TABLES} WHERE catalog_name = ? AND table_namespace = ? AND table_name = ?${this.sql.onlyTables}`,
      [this.name, namespaceToString(id.namespace), id.name],
    );
    const row = result.rows[0];
    return row ? { metadataLocation: String(row.metadata_location) } : undefined;
  }

  /** Checks the table can be created and gives its location (the options', else under the warehouse). */
  private async newTableLocation(id: TableIdentifier, options: CreateTableOptions): Promise<string> {
    await this.namespaces.requireExists(id.namespace);
    if (await this.pointer(id)) throw new TableAlreadyExistsError(`table ${identifierToString(id)} already exists`);
    return (options.location ?? `${this.defaultNamespaceLocation(id.namespace)}/${id.name}`).replace(/\/+$/, '');
  }

  async stageCreateTable(identifier: string | TableIdentifier, options: CreateTableOptions): Promise<TableMetadata> {
    const id = parseIdentifier(identifier);
    return applyUpdates(undefined, newTableUpdates(options, await this.newTableLocation(id, options)));
  }

  async createTable(identifier: string | TableIdentifier, options: CreateTableOptions): Promise<Table> {
    const id = parseIdentifier(identifier);
    const location = await this.newTableLocation(id, options);
    const response = await this.commitTable(id, [{ type: 'assert-create' }], newTableUpdates(options, location)).catch(
      async (error: unknown) => {
        if (error instanceof CommitFailedError && (await this.pointer(id)))
          throw new TableAlreadyExistsError(`table ${identifierToString(id)} was created concurrently`, {
            cause: error,
          });
        throw error;
      },
    );
    return new Table(id, response.metadata, response.metadataLocation, this.ioFor(location), this);
  }

  async loadTable(identifier: string | TableIdentifier): Promise<Table> {
    const id = parseIdentifier(identifier);
    const pointer = await this.pointer(id);
    if (!pointer) throw new NoSuchTableError(`table ${identifierToString(id)} does not exist in catalog ${this.name}`);
    const io = this.ioFor(pointer.metadataLocation);
    const metadata = await this.metadata.read(io, pointer.metadataLocation);
    return new Table(id, metadata, pointer.metadataLocation, io, this);
  }

  async loadMetadataLocation(identifier: string | TableIdentifier): Promise<string> {
    const id = parseIdentifier(identifier);
    const pointer = await this.pointer(id);
    if (!pointer) throw new NoSuchTableError(`table ${identifierToString(id)} does not exist in catalog ${this.name}`);
    return pointer.metadataLocation;
  }

  async tableExists(identifier: string | TableIdentifier): Promise<boolean> {
    return (await this.pointer(parseIdentifier(identifier))) !== undefined;
  }

  async listTables(namespace: string | Namespace): Promise<TableIdentifier[]> {
    const ns = parseNamespace(namespace);
    await this.namespaces.requireExists(ns);
    const result = await this.driver.run(
      `SELECT table_name FROM ${TABLES} WHERE catalog_name = ? AND table_namespace = ?${this.sql.onlyTables} ORDER BY table_name`,
      [this.name, namespaceToString(ns)],
    );
    return result.rows.map((row) => ({ namespace: ns, name: String(row.table_name) }));
  }

  async dropTable(identifier: string | TableIdentifier, options: { readonly purge?: boolean } = {}): Promise<void> {
    const id = parseIdentifier(identifier);
    const table = options.purge ? await this.loadTable(id) : undefined;
    const result = await this.driver.run(
      `DELETE FROM ${TABLES} WHERE catalog_name = ? AND table_namespace = ? AND table_name = ?${this.sql.onlyTables}`,
      [this.name, namespaceToString(id.namespace), id.name],
    );
    if (result.changes === 0)
      throw new NoSuchTableError(`table ${identifierToString(id)} does not exist in catalog ${this.name}`);
    if (table) await purgeTableFiles(table.io, table.metadata, table.metadataLocation);
  }

  async renameTable(from: string | TableIdentifier, to: string | TableIdentifier): Promise<void> {
    const source = parseIdentifier(from);
    const target = parseIdentifier(to);
    await this.namespaces.requireExists(target.namespace);
    if (await this.pointer(target))
      throw new TableAlreadyExistsError(`table ${identifierToString(target)} already exists`);
    const result = await this.driver.run(
      `UPDATE ${TABLES} SET table_namespace = ?, table_name = ? WHERE catalog_name = ? AND table_namespace = ? AND table_name = ?`,
      [namespaceToString(target.namespace), target.name, this.name, namespaceToString(source.namespace), source.name],
    );
    if (result.changes === 0)
      throw new NoSuchTableError(`table ${identifierToString(source)} does not exist in catalog ${this.name}`);
  }

  async registerTable(identifier: string | TableIdentifier, metadataLocation: string): Promise<Table> {
    const id = parseIdentifier(identifier);
    await this.namespaces.requireExists(id.namespace);
    const io = this.ioFor(metadataLocation);
    const metadata = await readMetadataFile(io, metadataLocation);
    try {
      await this.driver.run(this.sql.insert, [this.name, namespaceToString(id.namespace), id.name, metadataLocation]);
    } catch (error) {
      if (await this.pointer(id))
        throw new TableAlreadyExistsError(`table ${identifierToString(id)} already exists`, { cause: error });
      throw error;
    }
    return new Table(id, metadata, metadataLocation, io, this);
  }

  async commitTable(
    identifier: string | TableIdentifier,
    requirements: readonly TableRequirement[],
    updates: readonly TableUpdate[],
  ): Promise<CommitTableResponse> {
    const id = parseIdentifier(identifier);
    const name = identifierToString(id);
    const pointer = await this.pointer(id);
    const io = this.ioFor(pointer?.metadataLocation ?? this.warehouse);
    const base = pointer ? await this.metadata.read(io, pointer.metadataLocation) : undefined;
    validateRequirements(name, requirements, base);

    let metadata = applyUpdates(base, updates);
    let dropped: string[] = [];
    if (base && pointer) ({ metadata, dropped } = withMetadataLog(metadata, base, pointer.metadataLocation));
    const location = newMetadataLocation(metadata, pointer?.metadataLocation);
    await writeMetadataFile(io, location, metadata);

    await this.swapPointer(id, pointer?.metadataLocation, location, io);
    this.metadata.remember(location, metadata);
    if (metadata.properties['write.metadata.delete-after-commit.enabled'] === 'true')
      await Promise.all(dropped.map((file) => io.delete(file).catch(() => undefined)));
    return { metadata, metadataLocation: location };
  }

  private async swapPointer(
    id: TableIdentifier,
    expected: string | undefined,
    location: string,
    io: FileIO,
  ): Promise<void> {
    const name = identifierToString(id);
    let changes: number;
    try {
      const result =
        expected === undefined
          ? await this.driver.run(this.sql.insert, [this.name, namespaceToString(id.namespace), id.name, location])
          : await this.driver.run(
              `UPDATE ${TABLES} SET metadata_location = ?, previous_metadata_location = ?
               WHERE catalog_name = ? AND table_namespace = ? AND table_name = ? AND metadata_location = ?`,
              [location, expected, this.name, namespaceToString(id.namespace), id.name, expected],
            );
      changes = result.changes;
    } catch (error) {
      if (isDefinitelyNotApplied(error)) {
        await io.delete(location).catch(() => undefined);
        throw new CommitFailedError(`commit to ${name} lost the race for the catalog pointer`, { cause: error });
      }
      throw new CommitStateUnknownError(
        `commit to ${name}: catalog update failed, state unknown (metadata ${location})`,
        {
          cause: error,
        },
      );
    }
    if (changes === 0) {
      await io.delete(location).catch(() => undefined);
      throw new CommitFailedError(
        expected === undefined
          ? `table ${name} was created concurrently`
          : `commit to ${name} failed: metadata pointer moved away from ${expected}`,
      );
    }
  }

  close(): Promise<void> {
    return this.driver.close();
  }
}
