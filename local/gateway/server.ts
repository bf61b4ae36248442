/**
 * The HTTP side of Trino's client protocol on node:http: POST /v1/statement, the queued and
 * executing nextUri paths, DELETE to cancel, /v1/query/{id}, /v1/info and /v1/info/state.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { type AuthOptions, authenticate } from './auth.js';
import { classifyError, GatewayQueryError, toQueryError } from './protocol/errors.js';
import { addedPrepareHeader, deallocatedPrepareHeader } from './protocol/preparedStatementHeaders.js';
import { type QueryResults, serializeQueryResults } from './protocol/queryResults.js';
import type { GatewayQuery } from './query/GatewayQuery.js';
import type { QueryManager } from './query/QueryManager.js';
import { queryAccessDenied } from './query/queryAccess.js';
import { parseDuration, readClientSession } from './sessionHeaders.js';

export interface ServerContext {
  readonly manager: QueryManager;
  readonly auth: AuthOptions;
  readonly catalog: string;
  readonly nodeVersion: string;
  readonly environment: string;
  readonly startedAt: number;
  /** Largest POST /v1/statement body; larger ones are answered 413. */
  readonly maxQueryTextBytes: number;
}

const STATEMENT_PATH = /^\/v1\/statement\/(queued|executing)\/([\w]+)\/([\w]+)\/(\d+)$/;
const PARTIAL_CANCEL_PATH = /^\/v1\/statement\/partialCancel\/([\w]+)\/\d+\/([\w]+)\/\d+$/;
const QUERY_PATH = /^\/v1\/query\/([\w]+)$/;

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** A refusal answered with an HTTP status and Trino's error object as JSON ({"error": {...}}). */
class HttpQueryError extends Error {
  constructor(
    readonly status: number,
    readonly error: GatewayQueryError,
  ) {
    super(error.message);
  }
}

function send(res: ServerResponse, status: number, body: string, contentType = 'application/json'): void {
  res.writeHead(status, { 'Content-Type': contentType, 'Content-Length': Buffer.byteLength(body) });
  res.end(body);
}

/**
 * The request body as text, at most `limit` bytes. A larger body is read to its end and dropped
 * (closing the connection with unread data would reset it before the client sees the answer), then
 * refused with 413 and QUERY_TEXT_TOO_LARGE. The server's request timeout bounds that read.
 */
function readBody(req: IncomingMessage, limit: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) chunks.push(chunk);
      else chunks.length = 0;
    });
    req.on('end', () => {
      if (size <= limit) resolve(Buffer.concat(chunks).toString('utf8'));
      else
        reject(
          new HttpQueryError(
            413,
            new GatewayQueryError(
              'QUERY_TEXT_TOO_LARGE',
              `Query text length (${size} bytes) exceeds the maximum length (${limit} bytes, GATEWAY_MAX_QUERY_BYTES)`,
            ),
          ),
        );
    });
    req.on('error', reject);
  });
}

function formatUptime(ms: number): string {
  const minutes = ms / 60000;
  return minutes < 60 ? `${minutes.toFixed(2)}m` : `${(minutes / 60).toFixed(2)}h`;
}

function sendResults(res: ServerResponse, query: GatewayQuery | undefined, results: QueryResults): void {
  const headers: Record<string, string> = { 'Content-Type': 'application/json' };
  if (query?.setCatalog !== undefined) headers['X-Trino-Set-Catalog'] = query.setCatalog;
  if (query?.setSchema !== undefined) headers['X-Trino-Set-Schema'] = query.setSchema;
  if (query?.addedPrepare !== undefined) {
    headers['X-Trino-Added-Prepare'] = addedPrepareHeader(query.addedPrepare.name, query.addedPrepare.statement);
  }
  if (query?.deallocatedPrepare !== undefined) {
    headers['X-Trino-Deallocated-Prepare'] = deallocatedPrepareHeader(query.deallocatedPrepare);
  }
  const body = serializeQueryResults(results);
  headers['Content-Length'] = String(Buffer.byteLength(body));
  res.writeHead(200, headers);
  res.end(body);
}

function findQuery(context: ServerContext, id: string, slug?: string): GatewayQuery {
  const query = context.manager.get(id);
  if (!query || (slug !== undefined && query.slug !== slug)) throw new HttpError(404, `Query not found: ${id}`);
  return query;
}

/** Trino answers a user who may not view or kill a query with 403 Forbidden. */
function checkAccess(context: ServerContext, query: GatewayQuery, user: string, action: 'view' | 'kill'): void {
  if (!context.manager.mayAccess(user, query)) throw new HttpQueryError(403, queryAccessDenied(action, query.user));
}

async function route(
  context: ServerContext,
  req: IncomingMessage,
  res: ServerResponse,
  authUser?: string,
): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://gateway');
  const client = readClientSession(req.headers);
  const user = authUser ?? client.user ?? 'anonymous';
  const path = url.pathname;
  const scheme = (req.socket as { encrypted?: boolean }).encrypted ? 'https' : 'http';
  const baseUri = `${scheme}://${req.headers.host ?? 'localhost'}`;
  if (path === '/v1/statement' && req.method === 'POST') {
    const sql = await readBody(req, context.maxQueryTextBytes);
    const session = {
      catalog: client.catalog ?? context.catalog,
      ...(client.schema !== undefined ? { schema: client.schema } : {}),
      user,
      preparedStatements: client.preparedStatements,
    };
    // Trino's query_max_run_time session property may shorten (never extend) the configured limit.
    const requested = client.properties.query_max_run_time;
    const maxRunTimeMs = requested === undefined ? undefined : parseDuration(requested);
    const rejection =
      requested !== undefined && maxRunTimeMs === undefined
        ? new GatewayQueryError('INVALID_SESSION_PROPERTY', `query_max_run_time: invalid duration '${requested}'`)
        : undefined;
    const query = context.manager.submit(sql, session, baseUri, {
      ...(client.source !== undefined ? { source: client.source } : {}),
      ...(maxRunTimeMs !== undefined ? { maxRunTimeMs } : {}),
      ...(rejection ? { rejection } : {}),
    });
    sendResults(res, query, query.firstResponse());
    return;
  }
  const statement = STATEMENT_PATH.exec(path);
  if (statement) {
    const [, , id, slug, token] = statement as unknown as [string, string, string, string, string];
    const query = findQuery(context, id, slug);
    if (req.method === 'GET') {
      try {
        sendResults(res, query, await query.page(Number(token)));
      } catch (error) {
        throw new HttpError(404, classifyError(error).message);
      }
      return;
    }
    if (req.method === 'DELETE') {
      checkAccess(context, query, user, 'kill');
      query.cancel();
      res.writeHead(204).end();
      return;
    }
  }
  const partialCancel = PARTIAL_CANCEL_PATH.exec(path);
  if (partialCancel && req.method === 'DELETE') {
    res.writeHead(204).end();
    return;
  }
  const queryPath = QUERY_PATH.exec(path);
  if (queryPath) {
    const query = findQuery(context, queryPath[1] as string);
    if (req.method === 'DELETE') {
      checkAccess(context, query, user, 'kill');
      query.cancel();
      res.writeHead(204).end();
      return;
    }
    if (req.method === 'GET') {
      checkAccess(context, query, user, 'view');
      send(
        res,
        200,
        JSON.stringify({
          queryId: query.id,
          state: query.state,
          query: query.sql,
          self: `${baseUri}/v1/query/${query.id}`,
        }),
      );
      return;
    }
  }
  if (path === '/ui/query.html' && req.method === 'GET') {
    const id = url.search.slice(1);
    const query = context.manager.get(id);
    if (query) checkAccess(context, query, user, 'view');
    send(
      res,
      query ? 200 : 404,
      query ? `${query.id} ${query.state}\n${query.sql}\n` : 'query not found\n',
      'text/plain',
    );
    return;
  }
  throw new HttpError(404, `No route for ${req.method} ${path}`);
}

/** The request handler: /v1/info stays open for health checks; everything else needs the configured auth. */
export function createRequestHandler(context: ServerContext) {
  return (req: IncomingMessage, res: ServerResponse): void => {
    const path = (req.url ?? '/').split('?')[0];
    if (req.method === 'GET' && path === '/v1/info') {
      send(
        res,
        200,
        JSON.stringify({
          nodeVersion: { version: context.nodeVersion },
          environment: context.environment,
          coordinator: true,
          starting: false,
          uptime: formatUptime(Date.now() - context.startedAt),
        }),
      );
      return;
    }
    if (req.method === 'GET' && path === '/v1/info/state') {
      send(res, 200, '"ACTIVE"');
      return;
    }
    const auth = authenticate(context.auth, req.headers.authorization);
    if (!auth.ok) {
      res.writeHead(401, { 'WWW-Authenticate': auth.challenge, 'Content-Type': 'text/plain' });
      res.end(`${auth.message}\n`);
      return;
    }
    route(context, req, res, auth.user).catch((error: unknown) => {
      if (res.headersSent) {
        res.destroy();
        return;
      }
      if (error instanceof HttpQueryError)
        send(res, error.status, JSON.stringify({ error: toQueryError(error.error) }));
      else if (error instanceof HttpError) send(res, error.status, `${error.message}\n`, 'text/plain');
      else if (error instanceof GatewayQueryError) send(res, 400, `${error.message}\n`, 'text/plain');
      else send(res, 500, `${error instanceof Error ? error.message : String(error)}\n`, 'text/plain');
    });
  };
}
