/**
 * The Python `trino` client (the DB-API driver from PyPI, installed in .cache/venv by
 * scripts/setup/python.sh) runs tests/interop/gateway/trino_suite.py against the gateway over a
 * temporary lakehouse with gold tables written by the project's Iceberg library.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { type Gateway, startGateway } from '../../../local/gateway/index.js';
import { createLakehouseFixture, type LakehouseFixture } from '../../integration/gateway/helpers/lakehouseFixture.js';
import { SANDBOX_ESCAPES } from '../../unit/gateway/helpers/sandboxEscapes.js';

const root = process.cwd();
const python = path.join(root, '.cache', 'venv', 'bin', 'python');
const suite = path.join(root, 'tests', 'interop', 'gateway', 'trino_suite.py');
const SECRET = 'interop-s3cret';
const fixtures = path.join(root, 'tests', 'integration', 'gateway', 'fixtures');
const tlsCert = path.join(fixtures, 'localhost-cert.pem');

function runPython(args: readonly string[]): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    // requests lets REQUESTS_CA_BUNDLE (set on some machines) override a session's own `verify`,
    // so the test's CA is given that way too.
    const child = spawn(python, [suite, ...args], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, REQUESTS_CA_BUNDLE: tlsCert, CURL_CA_BUNDLE: tlsCert },
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, output }));
  });
}

describe('gateway with the Python trino client', () => {
  let fixture: LakehouseFixture;
  let gateway: Gateway;
  let authGateway: Gateway;
  let tlsGateway: Gateway;
  let escapesFile: string;

  before(async () => {
    fixture = await createLakehouseFixture();
    gateway = await startGateway({ engine: fixture.lakehouse.engine, port: 0 });
    authGateway = await startGateway({
      engine: fixture.lakehouse.engine,
      port: 0,
      auth: { mode: 'basic', secret: SECRET },
    });
    tlsGateway = await startGateway({
      engine: fixture.lakehouse.engine,
      port: 0,
      auth: { mode: 'basic', secret: SECRET },
      tls: { cert: readFileSync(tlsCert), key: readFileSync(path.join(fixtures, 'localhost-key.pem')) },
    });
    escapesFile = path.join(fixture.home, 'sandbox-escapes.json');
    await fs.writeFile(escapesFile, JSON.stringify(SANDBOX_ESCAPES));
  });
  after(async () => {
    await gateway?.close();
    await authGateway?.close();
    await tlsGateway?.close();
    await fixture?.close();
  });

  it('passes the shared suite (types, paging, errors, cancel, time travel, metadata tables, auth, sandbox)', async () => {
    assert.ok(
      existsSync(python),
      `Python venv missing at ${python}: run scripts/setup/python.sh (it installs the trino client)`,
    );
    const snapshot = fixture.priceSnapshots[0];
    assert.ok(snapshot);
    const { code, output } = await runPython([
      '--port',
      String(gateway.port),
      '--auth-port',
      String(authGateway.port),
      '--secret',
      SECRET,
      '--tls-port',
      String(tlsGateway.port),
      '--tls-ca',
      tlsCert,
      '--snapshot-id',
      String(snapshot.snapshotId),
      '--escapes',
      escapesFile,
    ]);
    assert.equal(code, 0, `Python trino suite failed:\n${output}`);
    assert.match(output, /all passed/);
  });
});
