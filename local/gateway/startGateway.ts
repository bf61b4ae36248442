/**
 * Starts the Trino-protocol gateway over a QueryEngine and returns its address and a close().
 */
import { createServer } from 'node:http';
import { createServer as createTlsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { openDuckDB, type QueryEngine } from '../../layers/engine/index.js';
import type { AuthOptions } from './auth.js';
import { engineMetadataSource, type MetadataSource } from './metadata/MetadataSource.js';
import type { RuntimeQuery } from './metadata/virtualTables.js';
import { executeStatement } from './query/executeStatement.js';
import { QueryManager } from './query/QueryManager.js';
import { probeSandbox, type SandboxReport } from './sandboxProbe.js';
import { createRequestHandler } from './server.js';

export interface GatewayOptions {
  readonly engine: QueryEngine;
  /** Address to bind; 127.0.0.1 unless configured otherwise. */
  readonly host?: string;
  /** 0 picks a free port. Default 8082. */
  readonly port?: number;
  /** The catalog name the lakehouse's tables appear under. Default 'iceberg'. */
  readonly catalog?: string;
  /** Lists schemas and tables for SHOW and information_schema; default: the engine's DuckDB catalog. */
  readonly metadata?: MetadataSource;
  readonly auth?: AuthOptions;
  /** Sees and cancels every user's queries; others see and cancel only their own. */
  readonly adminUser?: string;
  /** Serve HTTPS with this certificate and key (PEM); Trino's JDBC driver sends passwords only over TLS. */
  readonly tls?: { readonly cert: string | Buffer; readonly key: string | Buffer };
  readonly maxConcurrentQueries?: number;
  /** Largest statement text (request body) in bytes. Default 1,000,000, Trino's query.max-length. */
  readonly maxQueryBytes?: number;
  readonly maxQueuedQueries?: number;
  /** Per-query time limit (ms); 0 disables it. Default 5 minutes. */
  readonly queryMaxRunTimeMs?: number;
  /** Target JSON size of one result page. Default 1 MiB. */
  readonly pageBytes?: number;
  readonly pageRows?: number;
  /** Longest one nextUri request waits for data before answering empty. Default 1 s. */
  readonly maxWaitMs?: number;
  /** Queries with no client request for this long are cancelled. Default 5 minutes. */
  readonly clientTimeoutMs?: number;
  readonly environment?: string;
  readonly nodeVersion?: string;
}

export interface Gateway {
  readonly url: string;
  readonly host: string;
  readonly port: number;
  /** What the engine's and the metadata database's DuckDB allow beyond the sandbox policy (defence in depth). */
  readonly sandbox: SandboxReport;
  /** Queries holding an engine slot right now. */
  readonly runningQueries: number;
  /** Running, queued and recently finished queries (as system.runtime.queries lists them). */
  queries(): RuntimeQuery[];
  /** Stops accepting requests, cancels running queries and closes the server (not the engine). */
  close(): Promise<void>;
}

export const GATEWAY_NODE_VERSION = '476-lakehouse';

export async function startGateway(options: GatewayOptions): Promise<Gateway> {
  const host = options.host ?? '127.0.0.1';
  const catalog = options.catalog ?? 'iceberg';
  const nodeVersion = options.nodeVersion ?? GATEWAY_NODE_VERSION;
  // No files at all, no extensions, configuration locked: only its own temporary tables.
  const metadataDb = await openDuckDB({ allowedDirectories: [] });
  const metadata = options.metadata ?? engineMetadataSource(options.engine);
  let serverUri = '';
  const manager = new QueryManager({
    run: (sql, session) =>
      executeStatement(
        {
          engine: options.engine,
          metadata,
          metadataDb,
          catalog,
          serverUri,
          nodeVersion,
          queries: (user) => (user === undefined ? [] : manager.visibleTo(user)).map((query) => query.describe()),
        },
        sql,
        session,
      ),
    uris: (id, slug, baseUri) => ({
      infoUri: `${baseUri}/ui/query.html?${id}`,
      nextUri: (kind, token) => `${baseUri}/v1/statement/${kind}/${id}/${slug}/${token}`,
      partialCancelUri: () => `${baseUri}/v1/statement/partialCancel/${id}/0/${slug}/0`,
    }),
    limits: {
      pageBytes: options.pageBytes ?? 1024 * 1024,
      pageRows: options.pageRows ?? 100_000,
      maxWaitMs: options.maxWaitMs ?? 1000,
    },
    maxConcurrent: options.maxConcurrentQueries ?? 4,
    maxQueued: options.maxQueuedQueries ?? 100,
    maxRunTimeMs: options.queryMaxRunTimeMs ?? 300_000,
    clientTimeoutMs: options.clientTimeoutMs ?? 300_000,
    retainFinishedMs: 60_000,
    access: options.adminUser !== undefined ? { adminUser: options.adminUser } : {},
  });
  const handler = createRequestHandler({
    manager,
    auth: options.auth ?? { mode: 'none' },
    catalog,
    nodeVersion,
    environment: options.environment ?? 'lakehouse',
    startedAt: Date.now(),
    maxQueryTextBytes: options.maxQueryBytes ?? 1_000_000,
  });
  const server = options.tls
    ? createTlsServer({ cert: options.tls.cert, key: options.tls.key }, handler)
    : createServer(handler);
  server.keepAliveTimeout = 30_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 8082, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const urlHost = host.includes(':') ? `[${host}]` : host === '0.0.0.0' ? '127.0.0.1' : host;
  serverUri = `${options.tls ? 'https' : 'http'}://${urlHost}:${port}`;
  const sandbox = await probeSandbox(options.engine, metadataDb);
  return {
    url: serverUri,
    host,
    port,
    sandbox,
    get runningQueries() {
      return manager.runningCount;
    },
    queries: () => manager.list().map((query) => query.describe()),
    close: async () => {
      manager.close();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      metadataDb.closeSync();
    },
  };
}
