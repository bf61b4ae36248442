import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { countOption, durationOption } from '../../../local/cli/commands/table/maintain.js';
import { renderRecord, renderTable } from '../../../local/cli/commands/table/output.js';

describe('lakehouse table output and arguments', () => {
  it('aligns columns, right-aligns numeric ones, prints exact 64-bit ids and blanks for missing values', () => {
    const text = renderTable([
      { snapshot_id: 9223372036854775807n, operation: 'append', parent_id: undefined },
      { snapshot_id: 12n, operation: 'replace', parent_id: 9223372036854775807n },
    ]);
    assert.equal(
      text,
      [
        '        snapshot_id  operation            parent_id',
        '-------------------  ---------  -------------------',
        '9223372036854775807  append',
        '                 12  replace    9223372036854775807',
        '',
      ].join('\n'),
    );
    assert.equal(renderTable([]), '(none)\n');
    assert.equal(renderRecord({ table: 'a.b', format_version: 2 }), 'table           a.b\nformat_version  2\n');
  });

  it('parses durations and counts, and names a bad value', () => {
    assert.equal(durationOption('3d'), 3 * 86_400_000);
    assert.equal(durationOption('90m'), 90 * 60_000);
    assert.equal(durationOption('0ms'), 0);
    assert.throws(() => durationOption('3 days'), /expected a duration like 3d, 12h or 30m, got 3 days/);
    assert.equal(countOption('5'), 5);
    assert.throws(() => countOption('0'), /expected a positive integer, got 0/);
  });
});
