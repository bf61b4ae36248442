/** Tables by name from an Iceberg catalog, plus tables read straight from a path (iceberg_scan). */
import {
  type Catalog,
  type FileIO,
  NoSuchNamespaceError,
  NoSuchTableError,
  namespaceToString,
  parseNamespace,
} from '../../iceberg/index.js';
import { openTableFile } from './openTableFile.js';
import type { OpenOptions, TableHandle, TableSource } from './TableSource.js';

export class CatalogTableSource implements TableSource {
  constructor(
    private readonly catalog: Catalog,
    private readonly ioFor: (location: string) => FileIO,
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
    try {
      const table = await this.catalog.loadTable({ namespace: parseNamespace(namespace), name });
      return {
        name: `${namespace}.${name}`,
        metadata: table.metadata,
        metadataLocation: table.metadataLocation,
        cacheKey: table.metadataLocation,
        io: table.io,
        dataIO: table.io,
        mapLocation: (location) => location,
      };
    } catch (error) {
      if (error instanceof NoSuchTableError || error instanceof NoSuchNamespaceError) return undefined;
      throw error;
    }
  }

  open(target: string, options: OpenOptions): Promise<TableHandle> {
    return openTableFile(target, options, this.ioFor);
  }
}
