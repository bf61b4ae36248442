/**
 * compose/docker-compose.yml as docker-compose itself resolves it (`docker-compose config`: anchors merged,
 * variables interpolated, paths made absolute), plus readers for the other files the stack mounts.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';

/** dist/tests/interop/compose -> repository root. */
export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');
export const composeFile = path.join(repoRoot, 'compose', 'docker-compose.yml');

export interface ComposeService {
  readonly image?: string;
  readonly build?: { readonly context: string; readonly dockerfile?: string };
  readonly command?: readonly string[] | string;
  readonly environment?: Readonly<Record<string, string | number | boolean | null>>;
  readonly ports?: readonly string[];
  readonly volumes?: readonly string[];
  readonly depends_on?: Readonly<Record<string, { readonly condition: string }>>;
  readonly healthcheck?: { readonly test: readonly string[] | string };
  readonly profiles?: readonly string[];
}

export interface ComposeModel {
  readonly services: Readonly<Record<string, ComposeService>>;
}

export interface ComposeRun {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Shell variables the compose file interpolates; removed so that a run sees only the given overrides. */
const INTERPOLATED = ['LH_DB_PASSWORD', 'LH_S3_ACCESS_KEY', 'LH_S3_SECRET_KEY', 'COINBASE_WS_URL', 'COINBASE_REST_URL'];

/** Runs `docker-compose -f compose/docker-compose.yml config`; throws naming the setup script when it is missing. */
export function dockerComposeConfig(overrides: Readonly<Record<string, string>> = {}): ComposeRun {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const name of [...INTERPOLATED, 'PRODUCER_SOURCE']) delete env[name];
  const result = spawnSync('docker-compose', ['-f', composeFile, 'config'], {
    cwd: repoRoot,
    env: { ...env, ...overrides },
    encoding: 'utf8',
    timeout: 60_000,
  });
  if (result.error) {
    throw new Error(
      `docker-compose is not runnable (${result.error.message}): install it with scripts/setup/docker-compose.sh`,
    );
  }
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

export function resolvedCompose(overrides: Readonly<Record<string, string>> = {}): ComposeModel {
  const run = dockerComposeConfig(overrides);
  if (run.status !== 0) throw new Error(`docker-compose config exited ${run.status}:\n${run.stderr}`);
  return parse(run.stdout) as ComposeModel;
}

/** A service's environment as the container sees it: every value as text. */
export function environmentOf(service: ComposeService): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(service.environment ?? {}))
    env[name] = value === null ? '' : String(value);
  return env;
}

/** The services built from the project's own Dockerfile (they run the project's code). */
export function projectServices(model: ComposeModel): [string, ComposeService][] {
  return Object.entries(model.services).filter(([, service]) => service.build?.dockerfile === 'compose/Dockerfile');
}

/** A Java properties file (key=value lines, # comments), as Trino reads its catalog files. */
export function readProperties(file: string): Map<string, string> {
  const properties = new Map<string, string>();
  for (const line of fs.readFileSync(file, 'utf8').split('\n')) {
    const text = line.trim();
    if (text === '' || text.startsWith('#')) continue;
    const equals = text.indexOf('=');
    if (equals < 0) throw new Error(`${file}: line without '=': ${text}`);
    properties.set(text.slice(0, equals).trim(), text.slice(equals + 1).trim());
  }
  return properties;
}

/** Replaces Trino's ${ENV:NAME} references with the service's environment; throws for an unset one. */
export function resolveTrinoEnv(value: string, env: Readonly<Record<string, string>>): string {
  return value.replace(/\$\{ENV:([A-Za-z_][A-Za-z0-9_]*)\}/g, (_match, name: string) => {
    const resolved = env[name];
    if (resolved === undefined) throw new Error(`\${ENV:${name}} is not set in the trino service's environment`);
    return resolved;
  });
}

/** Names serverless.yml reads from the environment (`${env:NAME, default}`). */
export function serverlessEnvNames(): Set<string> {
  const text = fs.readFileSync(path.join(repoRoot, 'serverless.yml'), 'utf8');
  return new Set([...text.matchAll(/\$\{env:([A-Za-z_][A-Za-z0-9_]*)/g)].map((match) => match[1] as string));
}
