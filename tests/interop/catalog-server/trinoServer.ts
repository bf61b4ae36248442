/**
 * A throwaway Trino 476 server (scripts/setup/trino-server.sh) with one `iceberg` catalog on the
 * project's REST catalog server: its own etc/ and data dir under `work`, only the iceberg plugin,
 * Java 25, stopped by PID.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { freePort, until } from '../../helpers/ports.js';
import { newestJava } from '../gateway/helpers/javaTools.js';
import { repoRoot } from '../iceberg/services/repoRoot.js';

const SERVER = path.join(repoRoot, '.cache/trino/server/trino-server-476');

export interface TrinoServer {
  readonly url: string;
  stop(): Promise<void>;
}

export async function startTrinoOnRestCatalog(work: string, catalogUrl: string, token: string): Promise<TrinoServer> {
  if (!existsSync(path.join(SERVER, 'plugin', 'iceberg')))
    throw new Error(`${SERVER} is missing: run scripts/setup/trino-server.sh (it installs it)`);
  const port = await freePort();
  const etc = path.join(work, 'etc');
  await fs.mkdir(path.join(etc, 'catalog'), { recursive: true });
  await fs.mkdir(path.join(work, 'plugins'), { recursive: true });
  await fs.symlink(path.join(SERVER, 'plugin', 'iceberg'), path.join(work, 'plugins', 'iceberg'));
  await fs.writeFile(
    path.join(etc, 'config.properties'),
    [
      'coordinator=true',
      'node-scheduler.include-coordinator=true',
      `http-server.http.port=${port}`,
      `discovery.uri=http://127.0.0.1:${port}`,
      `plugin.dir=${path.join(work, 'plugins')}`,
      'query.max-memory=512MB',
      'query.max-memory-per-node=512MB',
      '',
    ].join('\n'),
  );
  await fs.writeFile(
    path.join(etc, 'catalog', 'iceberg.properties'),
    [
      'connector.name=iceberg',
      'iceberg.catalog.type=rest',
      `iceberg.rest-catalog.uri=${catalogUrl}`,
      'iceberg.rest-catalog.security=OAUTH2',
      `iceberg.rest-catalog.oauth2.token=${token}`,
      'fs.hadoop.enabled=true',
      '',
    ].join('\n'),
  );
  const child: ChildProcess = spawn(
    newestJava(),
    [
      '-Xmx1G',
      '-XX:+UseG1GC',
      '-Djdk.attach.allowAttachSelf=true',
      '-Duser.timezone=UTC',
      `-Dconfig=${path.join(etc, 'config.properties')}`,
      `-Dcatalog.config-dir=${path.join(etc, 'catalog')}`,
      '-Dnode.environment=interop',
      '-Dnode.id=rest-catalog-interop',
      '-Dnode.internal-address=127.0.0.1',
      `-Dnode.data-dir=${path.join(work, 'data')}`,
      '-cp',
      `${path.join(SERVER, 'lib')}/*`,
      'io.trino.server.TrinoServer',
    ],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4000);
  });
  const url = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (child.exitCode !== null || child.pid === undefined) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    process.kill(child.pid, 'SIGKILL');
    await exited;
  };
  try {
    await until(
      async () => {
        if (child.exitCode !== null) throw new Error(`Trino exited with ${child.exitCode}:\n${stderr}`);
        const info = await fetch(`${url}/v1/info`).catch(() => undefined);
        return info?.ok === true && ((await info.json()) as { starting: boolean }).starting === false;
      },
      'Trino to start',
      300_000,
      500,
    );
  } catch (error) {
    await stop();
    throw error;
  }
  return { url, stop };
}
