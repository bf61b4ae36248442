/**
 * The real Trino CLI 476 and JDBC driver 476 (scripts/setup/trino-clients.sh puts them in
 * .cache/trino) against the gateway over a lakehouse whose gold tables the pipeline built: a query of
 * every type, and SELECT * of every gold table, must succeed and print the values the gateway sent
 * (both clients refuse a whole result on one token of the wrong kind, e.g. an integer for a double).
 */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { type Gateway, startGateway } from '../../../local/gateway/index.js';
import { createGoldLakehouse, type GoldLakehouse } from '../../integration/gateway/helpers/goldLakehouse.js';
import { type RawResult, runRaw } from '../../integration/gateway/helpers/rawStatement.js';
import { printedText, TYPED_CELLS } from '../../integration/gateway/helpers/typedCells.js';
import type { JsonToken } from '../../unit/gateway/helpers/strictTrinoDecoder.js';
import { newestJava, parseCsv, runProcess } from './helpers/javaTools.js';

const root = process.cwd();
const cliJar = path.join(root, '.cache', 'trino', 'trino-cli-476-executable.jar');
const jdbcJar = path.join(root, '.cache', 'trino', 'trino-jdbc-476.jar');
const jdbcProbe = path.join(root, 'tests', 'interop', 'gateway', 'TrinoJdbcProbe.java');
const java = newestJava();

interface ProbeResult {
  readonly sql: string;
  readonly types?: readonly string[];
  readonly rows?: readonly (readonly (string | null)[])[];
  readonly error?: string;
}

/** What getString and the CLI print for a scalar cell the gateway sent: a string's value or a number's text. */
function scalarText(token: JsonToken): string | null {
  switch (token.kind) {
    case 'VALUE_NULL':
      return null;
    case 'VALUE_STRING':
      return token.value;
    case 'VALUE_NUMBER_INT':
    case 'VALUE_NUMBER_FLOAT':
      return token.text;
    case 'VALUE_TRUE':
      return 'true';
    case 'VALUE_FALSE':
      return 'false';
    default:
      throw new Error(`gold tables have no ${token.kind} cells`);
  }
}

/** Rows as sorted JSON texts, so two reads of an unordered SELECT * compare as multisets. */
function rowSet(rows: readonly (readonly (string | null)[])[]): string[] {
  return rows.map((row) => JSON.stringify(row)).sort();
}

/** Trino's type name as the JDBC driver spells it (no quotes around row fields, no space after commas). */
function jdbcTypeName(type: string): string {
  return type.replaceAll('"', '').replaceAll(', ', ',');
}

describe('Trino CLI 476 and JDBC 476 against the gateway', () => {
  let gold: GoldLakehouse;
  let gateway: Gateway;
  let work: string;
  const gatewaySide = new Map<string, RawResult>();

  before(async () => {
    for (const jar of [cliJar, jdbcJar]) {
      assert.ok(existsSync(jar), `${jar} missing: run scripts/setup/trino-clients.sh`);
    }
    work = await fs.mkdtemp(path.join(os.tmpdir(), 'trino-clients-'));
    gold = await createGoldLakehouse();
    gateway = await startGateway({ engine: gold.lakehouse.engine, port: 0 });
    for (const table of gold.goldTables) gatewaySide.set(table, await runRaw(gateway.url, `SELECT * FROM ${table}`));
  });
  after(async () => {
    await gateway?.close();
    await gold?.close();
    if (work) await fs.rm(work, { recursive: true, force: true });
  });

  const cli = async (format: string, sql: string) => {
    const file = path.join(work, 'query.sql');
    await fs.writeFile(file, sql);
    const out = await runProcess(java, [
      '-jar',
      cliJar,
      '--server',
      gateway.url,
      '--user',
      'interop',
      '--catalog',
      'iceberg',
      '--schema',
      'gold',
      '--output-format',
      format,
      '--file',
      file,
    ]);
    assert.equal(out.code, 0, `trino-cli failed on ${sql}:\n${out.stderr}`);
    return parseCsv(out.stdout);
  };

  const jdbc = async (queries: readonly string[]): Promise<ProbeResult[]> => {
    const url = `jdbc:${gateway.url.replace(/^http/, 'trino')}/iceberg/gold`;
    const out = await runProcess(
      java,
      ['-Duser.timezone=UTC', '-cp', jdbcJar, jdbcProbe, url, 'interop'],
      `${queries.join('\n')}\n`,
    );
    assert.equal(out.code, 0, `JDBC probe failed:\n${out.stderr}`);
    return out.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as ProbeResult);
  };

  it('the CLI runs a query of every type and prints each value', async () => {
    const rows = await cli('CSV', TYPED_CELLS.map((cell) => `${cell.sql};\n`).join(''));
    assert.deepEqual(
      rows.map((row) => row[0]),
      TYPED_CELLS.map((cell) => cell.printed?.cli ?? printedText(cell)),
    );
  });

  it('the CLI reads every gold table whole (SELECT *), headers and values as sent', async () => {
    for (const table of gold.goldTables) {
      const sent = gatewaySide.get(table) as RawResult;
      const [header, ...rows] = await cli('CSV_HEADER', `SELECT * FROM ${table};\n`);
      assert.deepEqual(
        header,
        sent.columns.map((column) => column.name),
        table,
      );
      assert.deepEqual(
        rowSet(rows),
        rowSet(sent.rows.map((row) => row.map((token) => scalarText(token) ?? ''))),
        `${table} as the CLI printed it`,
      );
    }
  });

  it('JDBC reads a query of every type: Trino type names and values', async () => {
    const results = await jdbc(TYPED_CELLS.map((cell) => cell.sql));
    assert.equal(results.length, TYPED_CELLS.length);
    TYPED_CELLS.forEach((cell, i) => {
      const result = results[i] as ProbeResult;
      assert.equal(result.error, undefined, `${cell.sql}: ${result.error}`);
      assert.deepEqual(result.types, [jdbcTypeName(cell.type)], cell.sql);
      assert.deepEqual(result.rows, [[cell.printed === undefined ? printedText(cell) : cell.printed.jdbc]], cell.sql);
    });
  });

  it('JDBC reads every gold table whole (SELECT *), each value as sent', async () => {
    const results = await jdbc(gold.goldTables.map((table) => `SELECT * FROM ${table}`));
    gold.goldTables.forEach((table, i) => {
      const result = results[i] as ProbeResult;
      const sent = gatewaySide.get(table) as RawResult;
      assert.equal(result.error, undefined, `${table}: ${result.error}`);
      assert.deepEqual(
        result.types,
        sent.columns.map((column) => jdbcTypeName(column.type)),
      );
      assert.ok((result.rows?.length ?? 0) > 0, `${table} has rows`);
      assert.deepEqual(rowSet(result.rows ?? []), rowSet(sent.rows.map((row) => row.map(scalarText))), table);
    });
  });
});
