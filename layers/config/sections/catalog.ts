import { optionalStringVar, stringVar } from '../env.js';

export const catalogSection = {
  name: stringVar('CATALOG_NAME', 'lakehouse', 'Catalog name recorded in the SQL catalog tables.'),
  uri: optionalStringVar(
    'CATALOG_URI',
    'SQL catalog: postgresql://... ; unset uses SQLite at $LAKEHOUSE_HOME/catalog.db.',
  ),
  warehouse: optionalStringVar(
    'WAREHOUSE',
    'Warehouse root (file path or s3://bucket/prefix); unset uses $LAKEHOUSE_HOME/warehouse.',
  ),
  s3Endpoint: optionalStringVar(
    'S3_ENDPOINT',
    'S3 endpoint for s3:// warehouses (e.g. http://127.0.0.1:8333 for SeaweedFS).',
  ),
  s3Region: stringVar('S3_REGION', 'us-east-1', 'S3 region.'),
} as const;
