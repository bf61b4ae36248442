/**
 * An HTTP proxy on 127.0.0.1 in front of an S3 endpoint that injects faults chosen per request by
 * the test: answer 503 SlowDown, drop the connection before forwarding, or forward and then drop the
 * connection instead of returning the answer (the request landed, the client never hears it). The
 * Host header is forwarded unchanged so SigV4 signatures still verify.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export type Fault = 'none' | 'slow-down' | 'reset-before' | 'reset-after';

export interface ProxiedRequest {
  readonly method: string;
  readonly url: string;
  readonly fault: Fault;
}

export interface FaultyProxy {
  readonly endpoint: string;
  readonly requests: ProxiedRequest[];
  /** Decides the fault for each incoming request; default: none. */
  faults: (method: string, url: string, index: number) => Fault;
  close(): Promise<void>;
}

export async function startFaultyProxy(target: string): Promise<FaultyProxy> {
  const upstream = new URL(target);
  const requests: ProxiedRequest[] = [];
  const proxy: FaultyProxy = {
    endpoint: '',
    requests,
    faults: () => 'none',
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
  const server = http.createServer((req, res) => {
    const method = req.method ?? 'GET';
    const url = req.url ?? '/';
    const fault = proxy.faults(method, url, requests.length);
    requests.push({ method, url, fault });
    if (fault === 'reset-before') {
      req.socket.destroy();
      return;
    }
    if (fault === 'slow-down') {
      req.resume();
      req.on('end', () => {
        res.writeHead(503, { 'content-type': 'application/xml' });
        res.end(
          '<?xml version="1.0" encoding="UTF-8"?><Error><Code>SlowDown</Code><Message>injected</Message></Error>',
        );
      });
      return;
    }
    const forwarded = http.request(
      { host: upstream.hostname, port: upstream.port, method, path: url, headers: req.headers },
      (answer) => {
        if (fault === 'reset-after') {
          answer.resume();
          answer.on('end', () => req.socket.destroy());
          return;
        }
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    forwarded.on('error', () => req.socket.destroy());
    req.pipe(forwarded);
  });
  server.keepAliveTimeout = 1000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  Object.assign(proxy, { endpoint: `http://127.0.0.1:${port}` });
  return proxy;
}
