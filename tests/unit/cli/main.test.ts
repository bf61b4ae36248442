import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { documentConfig, loadConfig } from '../../../layers/config/index.js';
import { configReport } from '../../../local/cli/commands/config.js';
import { errorLine } from '../../../local/cli/errorLine.js';
import { main } from '../../../local/cli/main.js';

/** Runs the CLI in-process with extra environment variables, capturing what it writes. */
async function lakehouse(args: readonly string[], env: Record<string, string> = {}) {
  const saved = new Map(Object.keys(env).map((name) => [name, process.env[name]]));
  Object.assign(process.env, env);
  const out: string[] = [];
  const err: string[] = [];
  const stdout = process.stdout.write.bind(process.stdout);
  const stderr = process.stderr.write.bind(process.stderr);
  process.stdout.write = ((chunk: string) => out.push(String(chunk)) > 0) as typeof process.stdout.write;
  process.stderr.write = ((chunk: string) => err.push(String(chunk)) > 0) as typeof process.stderr.write;
  try {
    const status = await main(['node', 'lakehouse', ...args]);
    return { status, stdout: out.join(''), stderr: err.join('') };
  } finally {
    process.stdout.write = stdout;
    process.stderr.write = stderr;
    for (const [name, value] of saved) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  }
}

describe('lakehouse CLI', () => {
  it('config prints every variable with its value and its default, and where local state lives', () => {
    const env = { GATEWAY_PORT: '18082', LAKEHOUSE_HOME: '/srv/lakehouse' };
    const report = configReport(documentConfig(), loadConfig(env, '/x'), env);
    const lines = report.split('\n');
    for (const doc of documentConfig()) {
      assert.ok(
        lines.some((line) => line.startsWith(`${doc.name} `)),
        `no line for ${doc.name}`,
      );
    }
    assert.match(report, /^GATEWAY_PORT +18082 +\(set; default 8082\)$/m);
    assert.match(report, /^KAFKA_TOPIC +coinbase\.raw +\(default\)$/m);
    assert.match(report, /^ {2}home +\/srv\/lakehouse$/m);
    assert.match(report, /^ {2}warehouse +\/srv\/lakehouse\/warehouse$/m);
  });

  it('a configuration error is one line and status 2', async () => {
    const { status, stderr } = await lakehouse(['config'], { GATEWAY_PORT: 'abc' });
    assert.equal(status, 2);
    assert.equal(
      stderr,
      'lakehouse: configuration error: invalid GATEWAY_PORT="abc": expected an integer from 0 to 65535\n',
    );
  });

  it('a failing command prints one line naming what failed, with no stack trace, and status 1', async () => {
    const { status, stderr } = await lakehouse(['replay', '/nonexistent/capture.ndjson']);
    assert.equal(status, 1);
    assert.equal(stderr.split('\n').filter((line) => line !== '').length, 1, stderr);
    assert.match(stderr, /^lakehouse: .*\/nonexistent\/capture\.ndjson/);
    assert.doesNotMatch(stderr, /\n\s+at /);
  });

  it('an error line carries the messages of its causes once each', () => {
    const root = new Error('connect ECONNREFUSED 127.0.0.1:9092');
    const middle = new Error('kafka admin connect failed', { cause: root });
    assert.equal(
      errorLine(new Error('cannot create topic coinbase.raw', { cause: middle })),
      'cannot create topic coinbase.raw: kafka admin connect failed: connect ECONNREFUSED 127.0.0.1:9092',
    );
    assert.equal(errorLine(new Error('outer: inner', { cause: new Error('inner') })), 'outer: inner');
    assert.equal(errorLine('plain text'), 'plain text');
  });
});
