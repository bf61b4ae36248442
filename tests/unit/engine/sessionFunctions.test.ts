/** Trino's current_user and version() on DuckDB: the session's user from a connection variable, Trino's version. */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import {
  openDuckDB,
  QuerySyntaxError,
  registerTrinoFunctions,
  rewriteCurrentUser,
  rewriteTrinoSemantics,
  SESSION_USER_FUNCTION,
  SESSION_USER_VARIABLE,
} from '../../../layers/engine/index.js';

describe('current_user and version()', () => {
  let instance: DuckDBInstance;
  let connection: DuckDBConnection;

  before(async () => {
    instance = await openDuckDB({ prepare: registerTrinoFunctions });
    connection = await instance.connect();
  });
  after(() => {
    connection.closeSync();
    instance.closeSync();
  });

  it('rewrites the current_user keyword only, never a column, an alias, a string or a quoted name', () => {
    const read = `${SESSION_USER_FUNCTION}()`;
    assert.equal(rewriteCurrentUser('SELECT current_user'), `SELECT ${read}`);
    assert.equal(rewriteCurrentUser('select CURRENT_USER = u FROM t'), `select ${read} = u FROM t`);
    const untouched = `SELECT t.current_user, 'current_user', "current_user", x AS current_user FROM t -- current_user`;
    assert.equal(rewriteCurrentUser(untouched), untouched);
    assert.throws(() => rewriteCurrentUser('SELECT current_user()'), QuerySyntaxError);
  });

  it('answers the user the connection was given, bound as a value (quotes stay text)', async () => {
    await connection.run(`SET VARIABLE ${SESSION_USER_VARIABLE} = $1`, ["o'brien"]);
    const rows = (await connection.runAndReadAll(rewriteTrinoSemantics('SELECT current_user, version()'))).getRows();
    assert.deepEqual(rows, [["o'brien", '476']]);
  });
});
