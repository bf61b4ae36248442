/**
 * Parsed metadata files by location. A metadata file is never rewritten once created, so a
 * location always maps to the same content: caching saves a read and a parse per commit and load.
 */
import type { FileIO } from '../io/FileIO.js';
import type { TableMetadata } from '../spec/tableMetadata.js';
import { readMetadataFile } from './metadataFiles.js';

export class MetadataCache {
  private readonly entries = new Map<string, TableMetadata>();

  constructor(private readonly capacity = 64) {}

  async read(io: FileIO, location: string): Promise<TableMetadata> {
    const cached = this.entries.get(location);
    if (cached) {
      this.entries.delete(location);
      this.entries.set(location, cached);
      return cached;
    }
    const metadata = await readMetadataFile(io, location);
    this.remember(location, metadata);
    return metadata;
  }

  remember(location: string, metadata: TableMetadata): void {
    this.entries.set(location, metadata);
    if (this.entries.size > this.capacity) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
  }
}
