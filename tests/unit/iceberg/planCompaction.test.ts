import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type DataFile, planCompaction } from '../../../layers/iceberg/index.js';

function file(name: string, day: number, bytes: number, specId = 0): DataFile {
  return {
    content: 0,
    filePath: `/w/t/data/${name}.parquet`,
    fileFormat: 'PARQUET',
    specId,
    partition: [day],
    recordCount: 1,
    fileSizeInBytes: bytes,
  };
}

const names = (groups: DataFile[][]) => groups.map((group) => group.map((f) => path(f)));
const path = (f: DataFile) => f.filePath.replace('/w/t/data/', '').replace('.parquet', '');

describe('planCompaction', () => {
  it('groups the small files of each partition that has enough of them', () => {
    const files = [
      file('a1', 1, 10),
      file('a2', 1, 10),
      file('big', 1, 1000),
      file('a3', 1, 10),
      file('b1', 2, 10),
      file('b2', 2, 10),
    ];
    assert.deepEqual(names(planCompaction(files, 100, 3, 1_000_000)), [['a1', 'a2', 'a3']]);
    assert.deepEqual(names(planCompaction(files, 100, 2, 1_000_000)), [
      ['a1', 'a2', 'a3'],
      ['b1', 'b2'],
    ]);
  });

  it('keeps partitions of different specs apart', () => {
    const files = [file('s0a', 1, 10, 0), file('s0b', 1, 10, 0), file('s1a', 1, 10, 1), file('s1b', 1, 10, 1)];
    assert.deepEqual(names(planCompaction(files, 100, 2, 1_000_000)), [
      ['s0a', 's0b'],
      ['s1a', 's1b'],
    ]);
  });

  it('takes at most maxInputBytes of a partition per run, oldest first', () => {
    const files = Array.from({ length: 10 }, (_, i) => file(`f${i}`, 1, 30));
    assert.deepEqual(names(planCompaction(files, 100, 2, 100)), [['f0', 'f1', 'f2']]);
    // Fewer than minInputFiles within the byte budget: nothing to do this run.
    assert.deepEqual(planCompaction(files, 100, 4, 100), []);
  });
});
