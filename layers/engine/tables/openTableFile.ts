/**
 * A table read straight from storage, without a catalog: iceberg_scan('<metadata file>') or
 * iceberg_scan('<table location>'). With allow_moved_paths, every recorded location under the
 * table's recorded root is read under the directory that now holds the metadata file; relative
 * recorded paths resolve against `baseDir` (the working directory by default).
 */
import type { FileIO, TableMetadata } from '../../iceberg/index.js';
import { isMetadataFile, locateMetadataFile, readMetadata } from './locateMetadata.js';
import { MappedFileIO, movedLocationMapper, relativePathResolver, tableRootOfMetadataFile } from './MappedFileIO.js';
import type { OpenOptions, TableHandle } from './TableSource.js';

export async function openTableFile(
  target: string,
  options: OpenOptions,
  ioFor: (location: string) => FileIO,
  baseDir: string = process.cwd(),
): Promise<TableHandle> {
  const resolveRelative = relativePathResolver(baseDir);
  const location = resolveRelative(target);
  const io = ioFor(location);
  const metadataLocation = isMetadataFile(location) ? location : await locateMetadataFile(io, location);
  const metadata: TableMetadata = await readMetadata(io, metadataLocation);
  const moved = options.allowMovedPaths
    ? movedLocationMapper(metadata.location, tableRootOfMetadataFile(metadataLocation))
    : (recorded: string) => recorded;
  const mapLocation = (recorded: string): string => resolveRelative(moved(recorded));
  const readIO = new MappedFileIO(io, mapLocation);
  const handle: TableHandle = {
    name: metadataLocation,
    metadata,
    metadataLocation,
    cacheKey: `${metadataLocation}\u0000moved=${options.allowMovedPaths}\u0000base=${baseDir}`,
    io: readIO,
    dataIO: io,
    mapLocation,
  };
  return handle;
}
