/** `serverless offline start` as a child process on a scratch home with every port free (tests, benchmarks, soak). */
import { type ChildProcess, type StdioOptions, spawn } from 'node:child_process';
import { freePort } from './ports.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function startOffline(
  home: string,
  extraEnv: Record<string, string>,
  stdio: StdioOptions = 'ignore',
): Promise<{ child: ChildProcess; ports: Record<string, number> }> {
  const ports = {
    OFFLINE_LAMBDA_PORT: await freePort(),
    OFFLINE_HTTP_PORT: await freePort(),
    OFFLINE_WEBSOCKET_PORT: await freePort(),
    BROKER_PORT: await freePort(),
    GATEWAY_PORT: await freePort(),
    DASHBOARD_PORT: await freePort(),
    CATALOG_SERVER_PORT: await freePort(),
    PRODUCER_METRICS_PORT: await freePort(),
    METRICS_PORT: await freePort(),
  };
  const child = spawn(process.execPath, ['node_modules/serverless/bin/serverless.js', 'offline', 'start'], {
    env: {
      ...process.env,
      LAKEHOUSE_HOME: home,
      ...Object.fromEntries(Object.entries(ports).map(([name, port]) => [name, String(port)])),
      LAMBDA_ENDPOINT: `http://127.0.0.1:${ports.OFFLINE_LAMBDA_PORT}`,
      ...extraEnv,
    },
    stdio,
  });
  return { child, ports };
}

/** SIGINT (the stack's orderly shutdown), SIGKILL after 15 s. */
export async function stopOffline(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGINT');
  await Promise.race([exited, sleep(15_000)]);
  if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
}
