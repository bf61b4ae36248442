/**
 * Which delete files apply to a data file, by data sequence number (spec "Scan Planning"): a
 * position delete applies to data files whose sequence number is lower or equal, an equality
 * delete only to strictly lower ones (rows it was written against, never rows added with it).
 */
import type { ScanFile } from './ScanPlan.js';

export function deleteApplies(dataFile: ScanFile, deleteFile: ScanFile): boolean {
  if (deleteFile.content === 'position-deletes') return dataFile.sequenceNumber <= deleteFile.sequenceNumber;
  if (deleteFile.content === 'equality-deletes') return dataFile.sequenceNumber < deleteFile.sequenceNumber;
  return false;
}

export function applicableDeletes(dataFile: ScanFile, deleteFiles: readonly ScanFile[]): ScanFile[] {
  return deleteFiles.filter((deleteFile) => deleteApplies(dataFile, deleteFile));
}
