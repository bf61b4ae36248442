/**
 * A throwaway SeaweedFS (`weed mini`: master, volume, filer and S3 in one process) for one test
 * file, bound to 127.0.0.1 on free ports, with one bucket and static credentials. Stopped by PID.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { HeadBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { freePort, waitFor } from '../../../helpers/ports.js';
import { installedTool } from './repoRoot.js';

export interface SeaweedFS {
  readonly endpoint: string;
  readonly bucket: string;
  readonly credentials: { readonly accessKeyId: string; readonly secretAccessKey: string };
  readonly log: () => string;
  stop(): Promise<void>;
}

export async function startSeaweedFS(bucket = 'warehouse'): Promise<SeaweedFS> {
  const weed = installedTool('.cache/bin/weed', 'seaweedfs.sh');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lakehouse-seaweedfs-'));
  const ports = {
    master: await freePort(),
    masterGrpc: await freePort(),
    volume: await freePort(),
    volumeGrpc: await freePort(),
    filer: await freePort(),
    filerGrpc: await freePort(),
    s3: await freePort(),
    s3Grpc: await freePort(),
  };
  const credentials = { accessKeyId: 'lakehouse', secretAccessKey: 'lakehouse-secret' };
  const logFile = path.join(dir, 'weed.log');
  const out = fs.openSync(logFile, 'a');
  const child: ChildProcess = spawn(
    weed,
    [
      'mini',
      `-dir=${path.join(dir, 'data')}`,
      '-ip=127.0.0.1',
      '-ip.bind=127.0.0.1',
      `-master.port=${ports.master}`,
      `-master.port.grpc=${ports.masterGrpc}`,
      `-volume.port=${ports.volume}`,
      `-volume.port.grpc=${ports.volumeGrpc}`,
      `-filer.port=${ports.filer}`,
      `-filer.port.grpc=${ports.filerGrpc}`,
      `-s3.port=${ports.s3}`,
      `-s3.port.grpc=${ports.s3Grpc}`,
      '-s3.port.iceberg=0',
      '-s3.port.lance=0',
      `-filer.localSocket=${path.join(dir, 'filer.sock')}`,
      `-s3.localSocket=${path.join(dir, 's3.sock')}`,
      '-webdav=false',
      '-admin.ui=false',
      '-master.telemetry=false',
      `-bucket=${bucket}`,
    ],
    {
      env: {
        ...process.env,
        AWS_ACCESS_KEY_ID: credentials.accessKeyId,
        AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey,
      },
      stdio: ['ignore', out, out],
    },
  );
  fs.closeSync(out);
  const log = () => fs.readFileSync(logFile, 'utf8');
  let exited = false;
  child.once('exit', () => {
    exited = true;
  });
  const endpoint = `http://127.0.0.1:${ports.s3}`;
  const stop = async () => {
    if (!exited && child.pid !== undefined) {
      const gone = new Promise((resolve) => child.once('exit', resolve));
      process.kill(child.pid, 'SIGTERM');
      const timer = setTimeout(() => child.pid !== undefined && !exited && process.kill(child.pid, 'SIGKILL'), 10_000);
      await gone;
      clearTimeout(timer);
    }
    fs.rmSync(dir, { recursive: true, force: true });
  };
  const client = new S3Client({ endpoint, region: 'us-east-1', credentials, forcePathStyle: true, maxAttempts: 1 });
  try {
    await waitFor('SeaweedFS S3', 60_000, async () => {
      if (exited) throw new Error(`weed mini exited:\n${log().slice(-3000)}`);
      await client.send(new HeadBucketCommand({ Bucket: bucket }));
      return true;
    });
  } catch (error) {
    await stop();
    throw new Error(`SeaweedFS did not start: ${(error as Error).message}\n${log().slice(-3000)}`);
  } finally {
    client.destroy();
  }
  return { endpoint, bucket, credentials, log, stop };
}
