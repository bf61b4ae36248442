/**
 * Every port the embedded stack opens is one documented variable: serverless-offline's ports are read
 * by serverless.yml with the defaults `lakehouse config` documents, the commit chain's Lambda endpoint
 * follows the Lambda port, and monitoring/prometheus.yml scrapes the documented metrics addresses.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { parse } from 'yaml';
import { documentConfig } from '../../../layers/config/index.js';

const repoFile = (name: string) => readFileSync(new URL(`../../../../${name}`, import.meta.url), 'utf8');
const defaults = new Map(documentConfig().map((doc) => [doc.name, doc.default]));
/** A Serverless Framework variable reference, `${source}`. */
const slsVar = (source: string) => `\${${source}}`;

describe('ports', () => {
  const serverless = parse(repoFile('serverless.yml')) as {
    provider: { environment: Record<string, string> };
    custom: { offlineLambdaEndpoint: string; 'serverless-offline': Record<string, unknown> };
  };
  const offline = serverless.custom['serverless-offline'];

  it("reads serverless-offline's host and ports from their variables, with the documented defaults", () => {
    const expected = {
      host: 'OFFLINE_HOST',
      lambdaPort: 'OFFLINE_LAMBDA_PORT',
      httpPort: 'OFFLINE_HTTP_PORT',
      websocketPort: 'OFFLINE_WEBSOCKET_PORT',
    };
    for (const [key, variable] of Object.entries(expected)) {
      assert.ok(defaults.has(variable), `${variable} is not documented by lakehouse config`);
      assert.equal(
        offline[key],
        `\${env:${variable}, '${defaults.get(variable)}'}`,
        `custom.serverless-offline.${key}`,
      );
    }
  });

  it("derives the functions' LAMBDA_ENDPOINT from the Lambda host and port", () => {
    assert.equal(
      serverless.provider.environment.LAMBDA_ENDPOINT,
      slsVar('env:LAMBDA_ENDPOINT, self:custom.offlineLambdaEndpoint'),
    );
    assert.equal(
      serverless.custom.offlineLambdaEndpoint,
      `http://${slsVar('self:custom.serverless-offline.host')}:${slsVar('self:custom.serverless-offline.lambdaPort')}`,
    );
  });

  it('has monitoring/prometheus.yml scrape the documented metrics addresses', () => {
    const prometheus = parse(repoFile('monitoring/prometheus.yml')) as {
      scrape_configs: { job_name: string; static_configs: { targets: string[] }[] }[];
    };
    const targets = new Map(prometheus.scrape_configs.map((job) => [job.job_name, job.static_configs[0]?.targets]));
    assert.deepEqual(targets.get('producer'), [`127.0.0.1:${defaults.get('PRODUCER_METRICS_PORT')}`]);
    const brokerPort = targets.get('broker')?.[0]?.split(':')[1];
    assert.match(repoFile('monitoring/prometheus.yml'), new RegExp(`BROKER_METRICS_PORT=${brokerPort} npm start`));
    assert.match(repoFile('README.md'), new RegExp(`BROKER_METRICS_PORT=${brokerPort} npm start`));
  });

  it('gives every listener of the embedded stack its own default port, none on serverless-offline ALB port 3003', () => {
    const ports = [...defaults].filter(([name, value]) => name.endsWith('_PORT') && value !== '0');
    const byPort = new Map<string, string[]>();
    for (const [name, value] of ports) byPort.set(value, [...(byPort.get(value) ?? []), name]);
    for (const [port, names] of byPort)
      assert.equal(names.length, 1, `port ${port} is the default of ${names.join(' and ')}`);
    assert.ok(!byPort.has('3003'), `3003 is serverless-offline's ALB port: ${byPort.get('3003')?.join(', ')}`);
    assert.equal(defaults.get('DASHBOARD_PORT'), '8084');
  });
});
