/**
 * The Iceberg REST catalog server (open-api/rest-catalog-open-api.yaml) over the lakehouse's SQL
 * catalog, so other engines (PyIceberg, Trino, Spark) attach to the local lakehouse. Plain
 * node:http; every error answers the spec's ErrorModel JSON.
 */
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Catalog } from '../../layers/iceberg/index.js';
import { requireBearer } from './bearerAuth.js';
import { catalogConfig } from './configRoute.js';
import { sendEmpty, sendJson } from './httpJson.js';
import { namespaceRoutes } from './namespaceRoutes.js';
import { badRequest, errorResponse, RestError } from './restErrors.js';
import { matchPattern, type Route, type RouteResult } from './route.js';
import { tableRoutes } from './tableRoutes.js';

export interface CatalogServerOptions {
  readonly catalog: Catalog;
  readonly host: string;
  /** 0 picks a free port. */
  readonly port: number;
  /** When set, every request must carry `Authorization: Bearer <token>`. */
  readonly token?: string;
  /** Advertised by /v1/config; requests then use /v1/<prefix>/... (unprefixed paths keep working). */
  readonly prefix?: string;
  /** Client configuration returned with every table (e.g. s3.endpoint for an S3 warehouse). */
  readonly tableConfig?: Readonly<Record<string, string>>;
}

export interface CatalogServer {
  readonly url: string;
  readonly port: number;
  close(): Promise<void>;
}

const ROUTES: readonly Route[] = [...namespaceRoutes, ...tableRoutes];

function pathSegments(pathname: string): string[] {
  if (!pathname.startsWith('/v1/')) throw new RestError(404, 'NoSuchEndpointException', `no endpoint ${pathname}`);
  try {
    return pathname.slice('/v1/'.length).split('/').map(decodeURIComponent);
  } catch {
    throw badRequest(`malformed percent-encoding in ${pathname}`);
  }
}

async function dispatch(options: CatalogServerOptions, request: IncomingMessage): Promise<RouteResult> {
  requireBearer(request, options.token);
  const url = new URL(request.url ?? '/', 'http://catalog');
  const method = request.method ?? 'GET';
  let segments = pathSegments(url.pathname);
  if (segments.length === 1 && segments[0] === 'config') {
    if (method !== 'GET') throw new RestError(405, 'MethodNotAllowedException', `${method} /v1/config: use GET`);
    return { status: 200, body: catalogConfig(ROUTES, options.prefix) };
  }
  if (options.prefix !== undefined && segments[0] === options.prefix) segments = segments.slice(1);
  const matching = ROUTES.flatMap((route) => {
    const params = matchPattern(route.pattern, segments);
    return params ? [{ route, params }] : [];
  });
  if (matching.length === 0) throw new RestError(404, 'NoSuchEndpointException', `no endpoint ${url.pathname}`);
  const hit = matching.find(({ route }) => route.method === method);
  if (!hit)
    throw new RestError(
      405,
      'MethodNotAllowedException',
      `${method} ${url.pathname}: allowed ${matching.map(({ route }) => route.method).join(', ')}`,
    );
  return hit.route.handle({
    catalog: options.catalog,
    params: hit.params,
    query: url.searchParams,
    request,
    tableConfig: options.tableConfig ?? {},
  });
}

async function respond(options: CatalogServerOptions, request: IncomingMessage, response: ServerResponse) {
  let result: RouteResult;
  try {
    result = await dispatch(options, request);
  } catch (error) {
    const { status, body } = errorResponse(error);
    if (status >= 500)
      process.stderr.write(`catalog server: ${request.method} ${request.url}: ${body.error.message}\n`);
    result = { status, body };
  }
  if (request.method === 'HEAD' || result.body === undefined) sendEmpty(response, result.status);
  else sendJson(response, result.status, result.body);
}

export async function startCatalogServer(options: CatalogServerOptions): Promise<CatalogServer> {
  const server = http.createServer((request, response) => {
    respond(options, request, response).catch((error: unknown) => {
      // Only a failure to write the response lands here: the connection is unusable.
      process.stderr.write(`catalog server: response failed: ${(error as Error).message}\n`);
      response.destroy();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const host = options.host.includes(':') ? `[${options.host}]` : options.host;
  return {
    url: `http://${host}:${port}`,
    port,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}
