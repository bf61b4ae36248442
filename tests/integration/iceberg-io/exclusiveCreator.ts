/**
 * Child process for the multi-process create-if-absent race: waits for a start file, then tries
 * createExclusive on the shared location and prints `won` or `lost`.
 * Usage: node exclusiveCreator.js <start-file> <location> <writer-id>
 */
import fs from 'node:fs/promises';
import { FileAlreadyExistsError, LocalFileIO } from '../../../layers/iceberg/index.js';

const [startFile, location, writerId] = process.argv.slice(2);
if (startFile === undefined || location === undefined || writerId === undefined) {
  throw new Error('usage: exclusiveCreator.js <start-file> <location> <writer-id>');
}
while (
  !(await fs.access(startFile).then(
    () => true,
    () => false,
  ))
) {
  await new Promise((resolve) => setTimeout(resolve, 2));
}
try {
  await new LocalFileIO().createExclusive(location, new TextEncoder().encode(`writer ${writerId}`));
  process.stdout.write('won\n');
} catch (error) {
  if (!(error instanceof FileAlreadyExistsError)) throw error;
  process.stdout.write('lost\n');
}
