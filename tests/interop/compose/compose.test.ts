/**
 * The production-like stack (compose/docker-compose.yml) checked without a Docker engine: docker-compose
 * (scripts/setup/docker-compose.sh) must accept it, the project's containers must get only declared
 * variables with values loadConfig() accepts, and every address, name and credential must agree across
 * services and with Trino's catalog file and the Prometheus and Grafana configs.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { parse } from 'yaml';
import { catalogSection, documentConfig, loadConfig } from '../../../layers/config/index.js';
import {
  type ComposeModel,
  type ComposeService,
  dockerComposeConfig,
  environmentOf,
  projectServices,
  readProperties,
  repoRoot,
  resolvedCompose,
  resolveTrinoEnv,
  serverlessEnvNames,
} from './composeConfig.js';

function service(model: ComposeModel, name: string): ComposeService {
  const found = model.services[name];
  assert.ok(found, `compose/docker-compose.yml has no service ${name}`);
  return found;
}

function commandText(svc: ComposeService): string {
  return Array.isArray(svc.command) ? svc.command.join(' ') : String(svc.command ?? '');
}

/** Host ports a service publishes, mapped to its container ports ("127.0.0.1:8082:8080/tcp"). */
function publishedPorts(svc: ComposeService): { host: number; container: number }[] {
  return (svc.ports ?? []).map((spec) => {
    const parts = spec.replace(/\/(tcp|udp)$/, '').split(':');
    return { host: Number(parts.at(-2)), container: Number(parts.at(-1)) };
  });
}

let cachedModel: ComposeModel | undefined;

/** The resolved compose file, read once (inside the tests, so a missing docker-compose fails each of them). */
function composeModel(): ComposeModel {
  cachedModel ??= resolvedCompose();
  return cachedModel;
}

function functionsEnv(model: ComposeModel): Record<string, string> {
  return environmentOf(service(model, 'functions'));
}

describe('compose/docker-compose.yml (validated by docker-compose, no engine needed)', () => {
  it('docker-compose config accepts it', () => {
    const run = dockerComposeConfig();
    assert.equal(run.status, 0, `docker-compose -f compose/docker-compose.yml config failed:\n${run.stderr}`);
  });

  it('builds the producer, the functions and the simulator from compose/Dockerfile with the repository as context', () => {
    const model = composeModel();
    const names = projectServices(model).map(([name]) => name);
    assert.deepEqual(names.sort(), ['functions', 'producer', 'simulator']);
    for (const [name, svc] of projectServices(model)) {
      assert.equal(svc.build?.context, repoRoot, `${name}: build context`);
    }
    assert.match(commandText(service(model, 'producer')), /^node bin\/lakehouse\.js producer$/);
    assert.match(commandText(service(model, 'functions')), /^npx serverless offline start$/);
    assert.ok(fs.existsSync(path.join(repoRoot, 'compose', 'Dockerfile')));
  });

  it('pins every pulled image to a tag other than latest', () => {
    const model = composeModel();
    for (const [name, svc] of Object.entries(model.services)) {
      if (svc.build) continue;
      const image = svc.image ?? '';
      const tag = /:([^/:]+)$/.exec(image)?.[1];
      assert.ok(tag !== undefined && tag !== 'latest', `${name}: image ${image} is not pinned to a tag`);
    }
  });

  it('passes the project containers only declared variables, and loadConfig accepts every value', () => {
    const model = composeModel();
    const declared = new Set(documentConfig().map((variable) => variable.name));
    const serverless = serverlessEnvNames();
    for (const [name, svc] of projectServices(model)) {
      const env = environmentOf(svc);
      for (const variable of Object.keys(env)) {
        const known = declared.has(variable) || variable.startsWith('AWS_') || serverless.has(variable);
        assert.ok(known, `${name}: ${variable} is not declared in layers/config nor read by serverless.yml`);
      }
      assert.doesNotThrow(() => loadConfig(env, '/app'), `${name}: loadConfig rejects its environment`);
    }
  });

  it('points the functions and the producer at Apache Kafka, so the embedded broker does not start', () => {
    const model = composeModel();
    const kafka = environmentOf(service(model, 'kafka'));
    const advertised = (kafka.KAFKA_ADVERTISED_LISTENERS ?? '').split(',').map((listener) => listener.split('//')[1]);
    for (const name of ['functions', 'producer']) {
      const config = loadConfig(environmentOf(service(model, name)), '/app');
      assert.ok(config.kafka.brokers, `${name}: KAFKA_BROKERS unset would start the embedded broker`);
      for (const broker of config.kafka.brokers.split(',')) {
        assert.ok(advertised.includes(broker), `${name}: ${broker} is not one of Kafka's advertised listeners`);
      }
    }
    assert.equal(kafka.KAFKA_PROCESS_ROLES, 'broker,controller', 'single-node KRaft');
    assert.match(service(model, 'kafka').image ?? '', /^apache\/kafka:/);
  });

  it('creates the raw and dead-letter topics before the producer writes', () => {
    const model = composeModel();
    const config = loadConfig(functionsEnv(model), '/app');
    const init = commandText(service(model, 'kafka-init'));
    for (const topic of [config.kafka.topic, config.pipeline.deadLetterTopic]) {
      assert.match(init, new RegExp(`--topic ${topic.replace(/\./g, '\\.')} `), `kafka-init does not create ${topic}`);
    }
    assert.equal(service(model, 'producer').depends_on?.['kafka-init']?.condition, 'service_completed_successfully');
    assert.equal(loadConfig(environmentOf(service(model, 'producer')), '/app').kafka.topic, config.kafka.topic);
  });

  it('starts the functions after Kafka, PostgreSQL and SeaweedFS are healthy', () => {
    const model = composeModel();
    const dependsOn = service(model, 'functions').depends_on ?? {};
    for (const name of ['kafka', 'postgres', 'seaweedfs']) {
      assert.equal(dependsOn[name]?.condition, 'service_healthy', `functions: depends_on ${name}`);
      assert.ok(service(model, name).healthcheck, `${name} has no healthcheck`);
    }
  });

  it('runs only the triggers in the functions container: the producer and Trino are their own services', () => {
    const model = composeModel();
    const stack = loadConfig(functionsEnv(model), '/app').pipeline.stack;
    assert.ok(stack.includes('triggers'), 'the Kafka triggers must run');
    assert.ok(!stack.includes('producer'), 'a second producer would write every frame twice');
    assert.ok(!stack.includes('gateway'), 'Trino serves SQL (host port 8082)');
  });

  it('gives the functions a PostgreSQL catalog, an S3 warehouse and SeaweedFS credentials that match those services', () => {
    const model = composeModel();
    const env = functionsEnv(model);
    const config = loadConfig(env, '/app');
    const uri = new URL(config.catalog.uri ?? '');
    assert.equal(uri.protocol, 'postgresql:');
    const postgres = environmentOf(service(model, 'postgres'));
    assert.equal(uri.hostname, 'postgres');
    assert.equal(uri.port || '5432', '5432');
    assert.equal(decodeURIComponent(uri.username), postgres.POSTGRES_USER);
    assert.equal(decodeURIComponent(uri.password), postgres.POSTGRES_PASSWORD);
    assert.equal(uri.pathname.slice(1), postgres.POSTGRES_DB);

    const weed = service(model, 'seaweedfs');
    const weedArgs = Array.isArray(weed.command) ? weed.command : [];
    assert.equal(weedArgs[0], 'mini');
    const endpoint = new URL(config.catalog.s3Endpoint ?? '');
    assert.equal(endpoint.hostname, 'seaweedfs');
    assert.ok(weedArgs.includes(`-s3.port=${endpoint.port}`), `SeaweedFS S3 does not listen on ${endpoint.port}`);
    const warehouse = /^s3:\/\/([^/]+)\/(.+)$/.exec(config.paths.warehouse);
    assert.ok(warehouse, `WAREHOUSE ${config.paths.warehouse} is not s3://<bucket>/<prefix>`);
    assert.ok(weedArgs.includes(`-bucket=${warehouse[1]}`), `SeaweedFS does not create bucket ${warehouse[1]}`);
    const weedEnv = environmentOf(weed);
    assert.equal(env.AWS_ACCESS_KEY_ID, weedEnv.AWS_ACCESS_KEY_ID);
    assert.equal(env.AWS_SECRET_ACCESS_KEY, weedEnv.AWS_SECRET_ACCESS_KEY);
  });

  it('has serverless.yml forward the catalog settings to the function workers (they see only AWS_* and its environment block)', () => {
    const model = composeModel();
    const text = fs.readFileSync(path.join(repoRoot, 'serverless.yml'), 'utf8');
    const env = functionsEnv(model);
    for (const variable of Object.values(catalogSection)) {
      if (env[variable.name] === undefined) continue;
      assert.match(text, new RegExp(`^\\s+${variable.name}: \\$\\{env:${variable.name}\\b`, 'm'), variable.name);
    }
  });

  it('keeps credential overrides consistent across services', () => {
    const overridden = resolvedCompose({
      LH_DB_PASSWORD: 'db-override',
      LH_S3_ACCESS_KEY: 'key-override',
      LH_S3_SECRET_KEY: 'secret-override',
    });
    const env = functionsEnv(overridden);
    assert.equal(new URL(env.CATALOG_URI ?? '').password, 'db-override');
    assert.equal(environmentOf(service(overridden, 'postgres')).POSTGRES_PASSWORD, 'db-override');
    const trino = environmentOf(service(overridden, 'trino'));
    assert.equal(trino.CATALOG_DB_PASSWORD, 'db-override');
    for (const name of ['seaweedfs', 'trino', 'functions']) {
      const serviceEnv = environmentOf(service(overridden, name));
      assert.equal(serviceEnv.AWS_ACCESS_KEY_ID, 'key-override', name);
      assert.equal(serviceEnv.AWS_SECRET_ACCESS_KEY, 'secret-override', name);
    }
  });

  it('publishes every host port once, on 127.0.0.1', () => {
    const model = composeModel();
    const seen = new Map<number, string>();
    for (const [name, svc] of Object.entries(model.services)) {
      for (const spec of svc.ports ?? []) assert.match(spec, /^127\.0\.0\.1:/, `${name}: ${spec}`);
      for (const { host } of publishedPorts(svc)) {
        assert.ok(!seen.has(host), `host port ${host} published by ${seen.get(host)} and ${name}`);
        seen.set(host, name);
      }
    }
    assert.deepEqual(publishedPorts(service(model, 'trino')), [{ host: 8082, container: 8080 }]);
  });
});

const trinoCatalogFile = path.join(repoRoot, 'compose', 'trino', 'catalog', 'iceberg.properties');

/** The catalog file with ${ENV:...} resolved from the trino service's environment, as Trino reads it. */
function trinoProperties(model: ComposeModel): Map<string, string> {
  const trinoEnv = environmentOf(service(model, 'trino'));
  return new Map(
    [...readProperties(trinoCatalogFile)].map(([key, value]) => [key, resolveTrinoEnv(value, trinoEnv)] as const),
  );
}

describe('Trino catalog compose/trino/catalog/iceberg.properties', () => {
  const file = trinoCatalogFile;

  it('is the file mounted as the iceberg catalog (the catalog name Trino clients use, GATEWAY_CATALOG)', () => {
    const model = composeModel();
    const trino = service(model, 'trino');
    const config = loadConfig(functionsEnv(model), '/app');
    assert.ok(
      (trino.volumes ?? []).some((volume) => volume.startsWith(`${file}:/etc/trino/catalog/iceberg.properties`)),
    );
    assert.equal(path.basename(file, '.properties'), config.gateway.catalog);
    assert.match(trino.image ?? '', /^trinodb\/trino:/);
  });

  it('reads the same JDBC catalog as the functions (catalog name, database, user, password)', () => {
    const model = composeModel();
    const properties = trinoProperties(model);
    const config = loadConfig(functionsEnv(model), '/app');
    assert.equal(properties.get('connector.name'), 'iceberg');
    assert.equal(properties.get('iceberg.catalog.type'), 'jdbc');
    assert.equal(properties.get('iceberg.jdbc-catalog.catalog-name'), config.catalog.name);
    const uri = new URL(config.catalog.uri ?? '');
    const jdbc = properties.get('iceberg.jdbc-catalog.connection-url') ?? '';
    assert.equal(jdbc, `jdbc:postgresql://${uri.hostname}:${uri.port || '5432'}${uri.pathname}`);
    assert.equal(properties.get('iceberg.jdbc-catalog.connection-user'), decodeURIComponent(uri.username));
    assert.equal(properties.get('iceberg.jdbc-catalog.connection-password'), decodeURIComponent(uri.password));
  });

  it('uses the same warehouse, S3 endpoint, region and credentials as the functions', () => {
    const model = composeModel();
    const properties = trinoProperties(model);
    const config = loadConfig(functionsEnv(model), '/app');
    const env = functionsEnv(model);
    assert.equal(properties.get('iceberg.jdbc-catalog.default-warehouse-dir'), config.paths.warehouse);
    assert.equal(properties.get('fs.native-s3.enabled'), 'true');
    assert.equal(properties.get('s3.endpoint'), config.catalog.s3Endpoint);
    assert.equal(properties.get('s3.region'), config.catalog.s3Region);
    assert.equal(properties.get('s3.path-style-access'), 'true');
    assert.equal(properties.get('s3.aws-access-key'), env.AWS_ACCESS_KEY_ID);
    assert.equal(properties.get('s3.aws-secret-key'), env.AWS_SECRET_ACCESS_KEY);
  });
});

describe('Prometheus and Grafana inside compose', () => {
  const prometheusFile = path.join(repoRoot, 'compose', 'prometheus.yml');

  it('scrapes compose service names on the ports the services listen on', () => {
    const model = composeModel();
    const scrape = parse(fs.readFileSync(prometheusFile, 'utf8')) as {
      scrape_configs: { job_name: string; static_configs: { targets: string[] }[] }[];
    };
    const producerConfig = loadConfig(environmentOf(service(model, 'producer')), '/app');
    for (const job of scrape.scrape_configs) {
      for (const target of job.static_configs.flatMap((config) => config.targets)) {
        const [host, port] = target.split(':');
        assert.ok(host && model.services[host], `${job.job_name}: target ${target} is not a compose service`);
        if (host === 'producer') assert.equal(Number(port), producerConfig.producer.metricsPort);
      }
    }
    const volumes = service(model, 'prometheus').volumes ?? [];
    assert.ok(volumes.some((volume) => volume.startsWith(`${prometheusFile}:/etc/prometheus/prometheus.yml`)));
  });

  it('is a valid Prometheus configuration with the monitoring rules beside it (real promtool)', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lakehouse-compose-prometheus-'));
    try {
      fs.copyFileSync(prometheusFile, path.join(dir, 'prometheus.yml'));
      fs.cpSync(path.join(repoRoot, 'monitoring', 'rules'), path.join(dir, 'rules'), { recursive: true });
      const result = spawnSync('promtool', ['check', 'config', path.join(dir, 'prometheus.yml')], {
        encoding: 'utf8',
      });
      if (result.error) {
        throw new Error(`promtool not runnable (install it with scripts/setup/prometheus.sh): ${result.error.message}`);
      }
      assert.equal(result.status, 0, `promtool check config failed:\n${result.stdout}\n${result.stderr}`);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('provisions Grafana with the compose Prometheus as its datasource', () => {
    const model = composeModel();
    const file = path.join(repoRoot, 'compose', 'grafana', 'provisioning', 'datasources', 'prometheus.yml');
    const provisioning = parse(fs.readFileSync(file, 'utf8')) as { datasources: { type: string; url: string }[] };
    const prometheus = provisioning.datasources.find((source) => source.type === 'prometheus');
    assert.ok(prometheus);
    const url = new URL(prometheus.url);
    assert.ok(model.services[url.hostname], `${url.hostname} is not a compose service`);
    assert.ok(publishedPorts(service(model, url.hostname)).some(({ container }) => String(container) === url.port));
    const grafana = environmentOf(service(model, 'grafana'));
    assert.equal(grafana.GF_SECURITY_ADMIN_USER, 'admin');
    assert.equal(grafana.GF_SECURITY_ADMIN_PASSWORD, 'admin');
  });
});
