/**
 * Struct columns resolved by field id at every level. read_parquet maps top-level columns by id
 * but casts structs by field name, so a struct whose file fields differ from the table's (a nested
 * field added with an initial default, renamed, or dropped and re-added under the same name) is
 * read with the file's own field names and rebuilt here: each table field taken from the file
 * field with its id, or its initial default when the file has none.
 */
import type { NestedField, StructType } from '../../iceberg/index.js';
import { InconsistentTableError } from '../errors.js';
import { quoteIdentifier } from '../sql/quote.js';
import { duckdbType } from './duckdbType.js';
import { literalFromJson } from './literal.js';
import type { ParquetNode } from './parquetColumns.js';

function sameNested(field: NestedField, node: ParquetNode): boolean {
  const type = field.type;
  if (typeof type === 'string') return true;
  if (type.type === 'struct') {
    if (node.children.length !== type.fields.length) return false;
    return type.fields.every((child) => {
      const found = node.children.find((n) => n.fieldId === child.id);
      return found !== undefined && found.name === child.name && sameNested(child, found);
    });
  }
  // Lists and maps: DuckDB resolves their element, key and value structurally; look inside for structs.
  const inner =
    type.type === 'list'
      ? [{ id: type.elementId, type: type.element }]
      : [
          { id: type.keyId, type: type.key },
          { id: type.valueId, type: type.value },
        ];
  const leaves = node.children.flatMap((wrapper) => wrapper.children);
  return inner.every(({ id, type: innerType }) => {
    const found = leaves.find((n) => n.fieldId === id);
    return found === undefined || sameNested({ id, name: found.name, required: false, type: innerType }, found);
  });
}

/**
 * Whether the column needs rebuilding from this file. Throws when the difference sits inside a
 * list or map, which this reader cannot rebuild (better no rows than wrong ones).
 */
export function needsStructRebuild(field: NestedField, node: ParquetNode, describe: string): boolean {
  if (typeof field.type === 'string' || sameNested(field, node)) return false;
  if (field.type.type !== 'struct' || !structOnly(field.type)) {
    throw new InconsistentTableError(
      `${describe}: column ${field.name} has nested fields that differ from the data file inside a list or map; such schema evolution is not supported`,
    );
  }
  return true;
}

function structOnly(type: StructType): boolean {
  return type.fields.every((f) => typeof f.type === 'string' || (f.type.type === 'struct' && structOnly(f.type)));
}

/** The DuckDB type to read the column as: the file's field names, the table's types, file fields the table dropped left out. */
export function fileStructType(type: StructType, node: ParquetNode): string {
  const parts = type.fields.flatMap((field) => {
    const child = node.children.find((n) => n.fieldId === field.id);
    if (child === undefined) return [];
    const childType =
      typeof field.type !== 'string' && field.type.type === 'struct'
        ? fileStructType(field.type, child)
        : duckdbType(field.type);
    return [`${quoteIdentifier(child.name)} ${childType}`];
  });
  // A struct needs at least one field; when the file has none of the table's, read any one and ignore it.
  return parts.length > 0 ? `STRUCT(${parts.join(', ')})` : 'STRUCT("__absent" VARCHAR)';
}

/** The expression rebuilding the table's struct from `source` (read with fileStructType). */
export function rebuildStruct(type: StructType, node: ParquetNode, source: string): string {
  const fields = type.fields.map((field) => {
    const child = node.children.find((n) => n.fieldId === field.id);
    let value: string;
    if (child === undefined) value = literalFromJson(field.type, field.initialDefault);
    else if (typeof field.type !== 'string' && field.type.type === 'struct') {
      value = rebuildStruct(field.type, child, `${source}.${quoteIdentifier(child.name)}`);
    } else value = `${source}.${quoteIdentifier(child.name)}`;
    return `${quoteIdentifier(field.name)} := ${value}`;
  });
  return `CASE WHEN ${source} IS NULL THEN NULL ELSE CAST(struct_pack(${fields.join(', ')}) AS ${duckdbType(type)}) END`;
}
