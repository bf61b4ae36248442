/** Tables by name from an Iceberg catalog, plus tables read straight from a path (iceberg_scan). */
import path from 'node:path';
import {
  type Catalog,
  type FileIO,
  localPathOf,
  NoSuchNamespaceError,
  NoSuchTableError,
  namespaceToString,
  parseNamespace,
  schemeOf,
  type Table,
} from '../../iceberg/index.js';
import { ReadOnlyError } from '../errors.js';
import { openTableFile } from './openTableFile.js';
import type { OpenOptions, TableHandle, TableSource } from './TableSource.js';

export class CatalogTableSource implements TableSource {
  /** Loaded tables: refresh() re-reads a metadata file only after a commit moved the catalog pointer. */
  private readonly tables = new Map<string, Table>();

  constructor(
    private readonly catalog: Catalog,
    private readonly ioFor: (location: string) => FileIO,
    /** When set, iceberg_scan on a path may read only local paths under these directories (or remote URIs). */
    private readonly allowedRoots?: readonly string[],
  ) {}

  async listNamespaces(): Promise<string[]> {
    return (await this.catalog.listNamespaces()).map(namespaceToString);
  }

  async listTables(namespace: string): Promise<string[]> {
    try {
      return (await this.catalog.listTables(namespace)).map((id) => id.name);
    } catch (error) {
      if (error instanceof NoSuchNamespaceError) return [];
      throw error;
    }
  }

  async load(namespace: string, name: string): Promise<TableHandle | undefined> {
    const identifier = { namespace: parseNamespace(namespace), name };
    const key = `${namespace}.${name}`;
    try {
      const cached = this.tables.get(key);
      const table = cached ? await cached.refresh() : await this.catalog.loadTable(identifier);
      this.tables.set(key, table);
      return {
        name: key,
        metadata: table.metadata,
        metadataLocation: table.metadataLocation,
        cacheKey: table.metadataLocation,
        io: table.io,
        dataIO: table.io,
        mapLocation: (location) => location,
      };
    } catch (error) {
      this.tables.delete(key);
      if (error instanceof NoSuchTableError || error instanceof NoSuchNamespaceError) return undefined;
      throw error;
    }
  }

  async open(target: string, options: OpenOptions): Promise<TableHandle> {
    if (this.allowedRoots !== undefined && schemeOf(target) === 'file') {
      const local = path.resolve(target.startsWith('file:') ? localPathOf(target) : target);
      if (!this.allowedRoots.some((root) => local === root || local.startsWith(`${root.replace(/\/+$/, '')}/`))) {
        throw new ReadOnlyError(
          `iceberg_scan cannot read ${target}: only tables under ${this.allowedRoots.join(', ')} are allowed`,
        );
      }
    }
    return openTableFile(target, options, this.ioFor);
  }
}
