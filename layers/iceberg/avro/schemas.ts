/**
 * Avro schemas of manifests (manifest_entry) and manifest lists (manifest_file), v2, with the
 * spec's field ids as `field-id` attributes. The partition struct depends on the spec.
 */
import { ValidationError } from '../errors.js';
import { decimalParams, fixedLength, type StructType } from '../spec/types.js';

type AvroSchema = unknown;

const optional = (type: AvroSchema): AvroSchema => ['null', type];

function intMap(name: string, id: number, keyId: number, valueId: number, valueType: AvroSchema): AvroSchema {
  return {
    name,
    type: optional({
      type: 'array',
      logicalType: 'map',
      items: {
        type: 'record',
        name: `k${keyId}_v${valueId}`,
        fields: [
          { name: 'key', type: 'int', 'field-id': keyId },
          { name: 'value', type: valueType, 'field-id': valueId },
        ],
      },
    }),
    default: null,
    'field-id': id,
  };
}

/** Bytes needed for a decimal of this precision (Java's TypeUtil.decimalRequiredBytes). */
export function decimalRequiredBytes(precision: number): number {
  let bytes = 1;
  while (bytes < 17 && 2 ** (8 * bytes - 1) < 10 ** precision) bytes++;
  return bytes;
}

function partitionValueSchema(type: StructType['fields'][number]['type'], fieldId: number): AvroSchema {
  const decimal = decimalParams(type);
  if (decimal)
    return {
      type: 'fixed',
      name: `decimal_${fieldId}`,
      size: decimalRequiredBytes(decimal.precision),
      logicalType: 'decimal',
      precision: decimal.precision,
      scale: decimal.scale,
    };
  const length = fixedLength(type);
  if (length !== undefined) return { type: 'fixed', name: `fixed_${fieldId}`, size: length };
  switch (type) {
    case 'boolean':
    case 'int':
    case 'long':
    case 'float':
    case 'double':
    case 'string':
    case 'binary':
      return type;
    case 'date':
      return { type: 'int', logicalType: 'date' };
    case 'time':
      return { type: 'long', logicalType: 'time-micros' };
    case 'timestamp':
    case 'timestamptz':
      return { type: 'long', logicalType: 'timestamp-micros', 'adjust-to-utc': type === 'timestamptz' };
    case 'timestamp_ns':
    case 'timestamptz_ns':
      return { type: 'long', logicalType: 'timestamp-nanos', 'adjust-to-utc': type === 'timestamptz_ns' };
    case 'uuid':
      return { type: 'fixed', name: `uuid_${fieldId}`, size: 16, logicalType: 'uuid' };
  }
  throw new ValidationError(`cannot store partition values of type ${JSON.stringify(type)}`);
}

export function partitionRecordSchema(partitionType: StructType): AvroSchema {
  return {
    type: 'record',
    name: 'r102',
    fields: partitionType.fields.map((f) => ({
      name: f.name,
      type: optional(partitionValueSchema(f.type, f.id)),
      default: null,
      'field-id': f.id,
    })),
  };
}

/** Deletion-vector fields (v3); written only when an entry carries them, so v2 manifests keep the v2 layout. */
const DELETION_VECTOR_FIELDS: AvroSchema[] = [
  { name: 'content_offset', type: optional('long'), default: null, 'field-id': 144 },
  { name: 'content_size_in_bytes', type: optional('long'), default: null, 'field-id': 145 },
];

export function manifestEntrySchema(partitionType: StructType, deletionVectors = false): AvroSchema {
  const dataFile = {
    type: 'record',
    name: 'r2',
    fields: [
      {
        name: 'content',
        type: 'int',
        doc: 'Contents of the file: 0=data, 1=position deletes, 2=equality deletes',
        'field-id': 134,
      },
      { name: 'file_path', type: 'string', doc: 'Location URI with FS scheme', 'field-id': 100 },
      { name: 'file_format', type: 'string', doc: 'File format name: avro, orc, or parquet', 'field-id': 101 },
      { name: 'partition', type: partitionRecordSchema(partitionType), doc: 'Partition data tuple', 'field-id': 102 },
      { name: 'record_count', type: 'long', doc: 'Number of records in the file', 'field-id': 103 },
      { name: 'file_size_in_bytes', type: 'long', doc: 'Total file size in bytes', 'field-id': 104 },
      intMap('column_sizes', 108, 117, 118, 'long'),
      intMap('value_counts', 109, 119, 120, 'long'),
      intMap('null_value_counts', 110, 121, 122, 'long'),
      intMap('nan_value_counts', 137, 138, 139, 'long'),
      intMap('lower_bounds', 125, 126, 127, 'bytes'),
      intMap('upper_bounds', 128, 129, 130, 'bytes'),
      { name: 'key_metadata', type: optional('bytes'), default: null, 'field-id': 131 },
      {
        name: 'split_offsets',
        type: optional({ type: 'array', items: 'long', 'element-id': 133 }),
        default: null,
        'field-id': 132,
      },
      {
        name: 'equality_ids',
        type: optional({ type: 'array', items: 'int', 'element-id': 136 }),
        default: null,
        'field-id': 135,
      },
      { name: 'sort_order_id', type: optional('int'), default: null, 'field-id': 140 },
      { name: 'referenced_data_file', type: optional('string'), default: null, 'field-id': 143 },
      ...(deletionVectors ? DELETION_VECTOR_FIELDS : []),
    ],
  };
  return {
    type: 'record',
    name: 'manifest_entry',
    fields: [
      { name: 'status', type: 'int', 'field-id': 0 },
      { name: 'snapshot_id', type: optional('long'), default: null, 'field-id': 1 },
      { name: 'sequence_number', type: optional('long'), default: null, 'field-id': 3 },
      { name: 'file_sequence_number', type: optional('long'), default: null, 'field-id': 4 },
      { name: 'data_file', type: dataFile, 'field-id': 2 },
    ],
  };
}

export const MANIFEST_FILE_SCHEMA: AvroSchema = {
  type: 'record',
  name: 'manifest_file',
  fields: [
    { name: 'manifest_path', type: 'string', doc: 'Location URI with FS scheme', 'field-id': 500 },
    { name: 'manifest_length', type: 'long', doc: 'Total file size in bytes', 'field-id': 501 },
    { name: 'partition_spec_id', type: 'int', doc: 'Spec ID used to write', 'field-id': 502 },
    { name: 'content', type: 'int', doc: 'Contents of the manifest: 0=data, 1=deletes', 'field-id': 517 },
    { name: 'sequence_number', type: 'long', doc: 'Sequence number when the manifest was added', 'field-id': 515 },
    { name: 'min_sequence_number', type: 'long', doc: 'Lowest sequence number in the manifest', 'field-id': 516 },
    { name: 'added_snapshot_id', type: 'long', doc: 'Snapshot ID that added the manifest', 'field-id': 503 },
    { name: 'added_files_count', type: 'int', doc: 'Added entry count', 'field-id': 504 },
    { name: 'existing_files_count', type: 'int', doc: 'Existing entry count', 'field-id': 505 },
    { name: 'deleted_files_count', type: 'int', doc: 'Deleted entry count', 'field-id': 506 },
    { name: 'added_rows_count', type: 'long', doc: 'Added rows count', 'field-id': 512 },
    { name: 'existing_rows_count', type: 'long', doc: 'Existing rows count', 'field-id': 513 },
    { name: 'deleted_rows_count', type: 'long', doc: 'Deleted rows count', 'field-id': 514 },
    {
      name: 'partitions',
      type: optional({
        type: 'array',
        items: {
          type: 'record',
          name: 'r508',
          fields: [
            {
              name: 'contains_null',
              type: 'boolean',
              doc: 'True if any file has a null partition value',
              'field-id': 509,
            },
            { name: 'contains_nan', type: optional('boolean'), default: null, 'field-id': 518 },
            { name: 'lower_bound', type: optional('bytes'), default: null, 'field-id': 510 },
            { name: 'upper_bound', type: optional('bytes'), default: null, 'field-id': 511 },
          ],
        },
        'element-id': 508,
      }),
      default: null,
      doc: 'Summary for each partition',
      'field-id': 507,
    },
    { name: 'key_metadata', type: optional('bytes'), default: null, 'field-id': 519 },
  ],
};
