import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { GatewayQueryError } from '../../../local/gateway/protocol/errors.js';
import {
  addedPrepareHeader,
  deallocatedPrepareHeader,
  formDecode,
  formEncode,
  parsePreparedStatements,
} from '../../../local/gateway/protocol/preparedStatementHeaders.js';
import { readClientSession } from '../../../local/gateway/sessionHeaders.js';

describe('prepared statement headers', () => {
  it('encodes as Java URLEncoder does: space as +, only A-Z a-z 0-9 . - * _ left as they are', () => {
    assert.equal(
      formEncode("SELECT a, b FROM t WHERE x = 'é' AND y = ?"),
      'SELECT+a%2C+b+FROM+t+WHERE+x+%3D+%27%C3%A9%27+AND+y+%3D+%3F',
    );
    assert.equal(formEncode('(!~)*.-_'), '%28%21%7E%29*.-_');
    assert.equal(formDecode('a+b%2Bc%20d'), 'a b+c d');
    const text = 'SELECT \'a+b\', "x y" FROM t WHERE z <> ? -- 100%';
    assert.equal(formDecode(formEncode(text)), text);
  });

  it('answers PREPARE and DEALLOCATE with name=statement and name', () => {
    assert.equal(addedPrepareHeader('statement0', 'SELECT ? + 1'), 'statement0=SELECT+%3F+%2B+1');
    assert.equal(deallocatedPrepareHeader('my stmt'), 'my+stmt');
  });

  it('reads statements from one header per statement or several joined by commas', () => {
    const statements = parsePreparedStatements([
      'statement0=SELECT+%3F%2C+1, q2=SELECT+2',
      'other%3Dname=SELECT+%27a%3Db%27',
    ]);
    assert.deepEqual(
      [...statements],
      [
        ['statement0', 'SELECT ?, 1'],
        ['q2', 'SELECT 2'],
        ['other=name', "SELECT 'a=b'"],
      ],
    );
    assert.deepEqual([...parsePreparedStatements([''])], []);
  });

  it('refuses a malformed header with an error naming it', () => {
    for (const value of ['no-equals-sign', '=SELECT+1', 'x=%E0%A4%A']) {
      assert.throws(
        () => parsePreparedStatements([value]),
        (error: unknown) => error instanceof GatewayQueryError && error.errorName === 'GENERIC_USER_ERROR',
        value,
      );
    }
  });

  it('puts the X-Trino-Prepared-Statement header (joined by Node) into the client session', () => {
    const session = readClientSession({
      'x-trino-user': 'ann',
      'x-trino-prepared-statement': 'statement0=SELECT+%3F, statement1=SELECT+1',
    });
    assert.deepEqual(
      [...session.preparedStatements],
      [
        ['statement0', 'SELECT ?'],
        ['statement1', 'SELECT 1'],
      ],
    );
  });
});
