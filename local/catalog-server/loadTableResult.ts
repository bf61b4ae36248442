/** The spec's LoadTableResult for a table the catalog holds. */
import { type Table, tableMetadataToJson } from '../../layers/iceberg/index.js';

export function loadTableResult(table: Table, config: Readonly<Record<string, string>>) {
  return {
    'metadata-location': table.metadataLocation,
    metadata: tableMetadataToJson(table.metadata),
    config: { ...config },
  };
}
