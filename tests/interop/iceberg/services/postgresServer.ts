/**
 * A throwaway PostgreSQL server for one test file: initdb into a temp dir, started with pg_ctl on
 * 127.0.0.1 and a free port, stopped (and deleted) afterwards. initdb refuses to run as root, so as
 * root the server runs as the `postgres` system user that scripts/setup/postgres.sh makes sure of.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort } from '../../../helpers/ports.js';

export interface PostgresServer {
  readonly connectionString: string;
  readonly port: number;
  stop(): Promise<void>;
}

function postgresBinDir(): string {
  const base = '/usr/lib/postgresql';
  const versions = fs.existsSync(base)
    ? fs
        .readdirSync(base)
        .filter((v) => fs.existsSync(path.join(base, v, 'bin', 'initdb')))
        .sort((a, b) => Number(a) - Number(b))
    : [];
  const newest = versions.at(-1);
  if (newest === undefined) {
    throw new Error('PostgreSQL server binaries not found under /usr/lib/postgresql: run scripts/setup/postgres.sh');
  }
  return path.join(base, newest, 'bin');
}

export async function startPostgres(): Promise<PostgresServer> {
  const bin = postgresBinDir();
  const port = await freePort();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lakehouse-pg-'));
  const dataDir = path.join(dir, 'data');
  const asRoot = process.getuid?.() === 0;
  const runAs = (command: string, args: string[]) =>
    execFileSync(asRoot ? 'runuser' : command, asRoot ? ['-u', 'postgres', '--', command, ...args] : args, {
      stdio: 'pipe',
      timeout: 120_000,
    });
  if (asRoot) execFileSync('chown', ['-R', 'postgres:', dir]);
  runAs(path.join(bin, 'initdb'), ['-D', dataDir, '-U', 'lakehouse', '--auth=trust', '-E', 'UTF8', '--no-sync']);
  runAs(path.join(bin, 'pg_ctl'), [
    '-D',
    dataDir,
    '-l',
    path.join(dir, 'server.log'),
    '-o',
    `-p ${port} -c listen_addresses=127.0.0.1 -k ${dir} -c fsync=off -c max_connections=100`,
    '-w',
    '-t',
    '60',
    'start',
  ]);
  runAs(path.join(bin, 'createdb'), ['-h', '127.0.0.1', '-p', String(port), '-U', 'lakehouse', 'catalog']);
  return {
    port,
    connectionString: `postgresql://lakehouse@127.0.0.1:${port}/catalog`,
    async stop() {
      runAs(path.join(bin, 'pg_ctl'), ['-D', dataDir, '-m', 'fast', '-w', 'stop']);
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
