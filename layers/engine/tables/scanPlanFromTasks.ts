/**
 * Turns the library's FileScanTasks into the SQL builder's ScanPlan: each recorded path is mapped
 * (moved tables), made local through FileIO (remote files land in the read-through cache) and
 * checked against the size the manifest recorded, so a table whose files disagree with its
 * metadata fails with the file named instead of returning wrong rows.
 */
import fs from 'node:fs/promises';
import type { DataFile, FileIO, FileScanTask, NestedField, Schema } from '../../iceberg/index.js';
import { InconsistentTableError } from '../errors.js';
import { deletionVectorPositions } from '../scan/deletionVector.js';
import { NAME_MAPPING_PROPERTY } from '../scan/nameMapping.js';
import type { ParquetColumns, ParquetNode } from '../scan/parquetColumns.js';
import type { FileContent, ScanDataFile, ScanFile, ScanPlan } from '../scan/ScanPlan.js';
import { needsStructRebuild } from '../scan/structRebuild.js';

export interface LocalizeOptions {
  readonly io: FileIO;
  /** Maps a recorded location to where it can be read (identity unless the table moved). */
  readonly mapLocation: (recorded: string) => string;
  /** Names the table and snapshot in errors. */
  readonly describe: string;
  /** Reads data files' footers: which lack field ids and what columns they have. */
  readonly inspect: (localPaths: readonly string[]) => Promise<ReadonlyMap<string, ParquetColumns>>;
  /** The table's name mapping (field id -> names), for files without field ids. */
  readonly nameMapping: ReadonlyMap<number, readonly string[]> | undefined;
}

const CONTENT: Record<number, FileContent> = { 0: 'data', 1: 'position-deletes', 2: 'equality-deletes' };

async function localize(file: DataFile, options: LocalizeOptions): Promise<string> {
  if (file.fileFormat !== 'PARQUET' && !(file.fileFormat === 'PUFFIN' && file.content === 1)) {
    throw new InconsistentTableError(
      `${options.describe}: file ${file.filePath} is ${file.fileFormat}; only Parquet files can be read`,
    );
  }
  const location = options.mapLocation(file.filePath);
  let localPath: string;
  let size: number;
  try {
    localPath = await options.io.localPath(location);
    size = (await fs.stat(localPath)).size;
  } catch (error) {
    throw new InconsistentTableError(
      `${options.describe}: cannot read file ${location} (recorded as ${file.filePath})`,
      {
        cause: error,
        retriable: (error as { retriable?: boolean }).retriable === true,
      },
    );
  }
  if (size !== file.fileSizeInBytes) {
    throw new InconsistentTableError(
      `${options.describe}: file ${location} has ${size} bytes but the manifest records file_size_in_bytes ${file.fileSizeInBytes}; the table metadata does not match its files`,
    );
  }
  return localPath;
}

async function scanFile(file: DataFile, sequenceNumber: number, options: LocalizeOptions): Promise<ScanFile> {
  const content = CONTENT[file.content];
  if (content === undefined)
    throw new InconsistentTableError(`${options.describe}: file ${file.filePath} has unknown content ${file.content}`);
  return {
    content,
    path: file.filePath,
    localPath: await localize(file, options),
    sequenceNumber: BigInt(sequenceNumber),
    ...(file.equalityIds === undefined ? {} : { equalityIds: file.equalityIds }),
  };
}

/** A deletion vector (Puffin) applied to one data file: its positions read now, for that file only. */
async function withDeletionVector(
  deleteFile: ScanFile,
  source: DataFile,
  dataFilePath: string,
  describe: string,
): Promise<ScanFile | undefined> {
  if (source.fileFormat !== 'PUFFIN') return deleteFile;
  if (source.referencedDataFile !== undefined && source.referencedDataFile !== dataFilePath) return undefined;
  const bytes = await fs.readFile(deleteFile.localPath);
  const positions = deletionVectorPositions(bytes, dataFilePath, `${describe}: deletion vector ${source.filePath}`);
  return { ...deleteFile, deletedPositions: positions };
}

function identityValues(task: FileScanTask): Map<number, unknown> {
  const values = new Map<number, unknown>();
  task.spec.fields.forEach((field, index) => {
    if (field.transform.kind === 'identity') values.set(field.sourceId, task.dataFile.partition[index] ?? null);
  });
  return values;
}

function withoutColumnsPresent(
  values: ReadonlyMap<number, unknown>,
  present: ReadonlySet<number>,
): Map<number, unknown> {
  return new Map([...values].filter(([id]) => !present.has(id)));
}

/** Field id -> column name in a file without field ids, through the table's name mapping. */
function mappedColumns(
  schema: Schema,
  footer: ParquetColumns,
  path: string,
  options: LocalizeOptions,
): Map<number, string> {
  if (options.nameMapping === undefined) {
    throw new InconsistentTableError(
      `${options.describe}: data file ${path} has no Parquet field ids and the table has no ${NAME_MAPPING_PROPERTY} property to map its columns`,
    );
  }
  const present = new Set(footer.columns);
  const columns = new Map<number, string>();
  for (const field of schema.fields) {
    const name = options.nameMapping.get(field.id)?.find((candidate) => present.has(candidate));
    if (name !== undefined) columns.set(field.id, name);
  }
  return columns;
}

/** Runs `work` over items with at most `limit` in flight (downloads of remote files). */
async function mapLimited<T, R>(items: readonly T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

export async function scanPlanFromTasks(
  schema: Schema,
  allSchemas: readonly Schema[],
  tasks: readonly FileScanTask[],
  options: LocalizeOptions,
): Promise<ScanPlan> {
  const deleteCache = new Map<string, Promise<ScanFile>>();
  const planned = await mapLimited(tasks, 8, async (task) => {
    const data = await scanFile(task.dataFile, task.dataSequenceNumber, options);
    const deleteFiles = await Promise.all(
      task.deleteFiles.map(async (ref) => {
        let file = deleteCache.get(ref.file.filePath);
        if (file === undefined) {
          file = scanFile(ref.file, ref.dataSequenceNumber, options);
          deleteCache.set(ref.file.filePath, file);
        }
        return withDeletionVector(await file, ref.file, task.dataFile.filePath, options.describe);
      }),
    );
    const dataFile: ScanDataFile = { ...data, content: 'data', identityValues: identityValues(task) };
    return { dataFile, deleteFiles: deleteFiles.filter((f): f is ScanFile => f !== undefined) };
  });
  const footers = await options.inspect(planned.map((task) => task.dataFile.localPath));
  const tasksWithMapping = planned.map((task) => {
    const footer = footers.get(task.dataFile.localPath);
    if (footer === undefined) return task;
    if (!footer.hasFieldIds) {
      const columnsByName = mappedColumns(schema, footer, task.dataFile.path, options);
      const identity = withoutColumnsPresent(task.dataFile.identityValues, new Set(columnsByName.keys()));
      return { ...task, dataFile: { ...task.dataFile, columnsByName, identityValues: identity } };
    }
    const structNodes = new Map<number, ParquetNode>();
    for (const field of schema.fields) {
      const node = footer.nodes.find((n) => n.fieldId === field.id);
      const describe = `${options.describe}, data file ${task.dataFile.path}`;
      if (node !== undefined && needsStructRebuild(field, node, describe)) structNodes.set(field.id, node);
    }
    // Identity-partition values fill only columns the file lacks; dropping the others lets files share one read_parquet.
    const present = new Set(footer.nodes.flatMap((n) => (n.fieldId === undefined ? [] : [n.fieldId])));
    const identityValues = withoutColumnsPresent(task.dataFile.identityValues, present);
    return {
      ...task,
      dataFile: { ...task.dataFile, identityValues, ...(structNodes.size === 0 ? {} : { structNodes }) },
    };
  });
  return {
    columns: schema.fields,
    tasks: tasksWithMapping,
    fieldById: (id: number): NestedField | undefined =>
      schema.findField(id) ?? allSchemas.map((s) => s.findField(id)).find((f) => f !== undefined),
  };
}
