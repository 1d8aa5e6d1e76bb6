import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';

// The app's real route handlers behind a tiny node:http server, so a child process (the CLI) talks
// HTTP to real code without Next. Routes are Next-style patterns: /api/v1/vendors/[vendor].

type RouteHandler = (request: Request, ctx: { params: Promise<Record<string, string>> }) => Promise<Response>;
export type RouteModule = Partial<Record<'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', unknown>>;

export interface RouteServer {
  url: string;
  /** Requests seen, as "METHOD /path" (for asserting what the client did). */
  log: string[];
  stop(): Promise<void>;
}

function match(pattern: string, pathname: string): Record<string, string> | null {
  const want = pattern.split('/').filter(Boolean);
  const got = pathname.split('/').filter(Boolean);
  if (want.length !== got.length) return null;
  const params: Record<string, string> = {};
  for (let i = 0; i < want.length; i++) {
    const w = want[i]!;
    const param = /^\[(.+)\]$/.exec(w)?.[1];
    if (param) params[param] = decodeURIComponent(got[i]!);
    else if (w !== got[i]) return null;
  }
  return params;
}

export async function startRouteServer(routes: Record<string, RouteModule>): Promise<RouteServer> {
  const log: string[] = [];
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const method = (req.method ?? 'GET').toUpperCase() as keyof RouteModule;
    log.push(`${method} ${url.pathname}`);
    const found = Object.entries(routes)
      .map(([pattern, mod]) => ({ params: match(pattern, url.pathname), handler: mod[method] as RouteHandler | undefined }))
      .find((r) => r.params && r.handler);
    if (!found) {
      res.writeHead(404, { 'content-type': 'application/json' }).end(JSON.stringify({ error: { code: 'NOT_FOUND', message: `No route for ${method} ${url.pathname}` } }));
      return;
    }
    const headers = new Headers();
    for (const [k, v] of Object.entries(req.headers)) if (v !== undefined) headers.set(k, Array.isArray(v) ? v.join(', ') : v);
    headers.set('x-forwarded-for', '127.0.0.1');
    const hasBody = method !== 'GET' && method !== ('HEAD' as string);
    const request = new Request(`http://127.0.0.1${url.pathname}${url.search}`, {
      method,
      headers,
      ...(hasBody ? { body: Readable.toWeb(req) as ReadableStream, duplex: 'half' } : {}),
    } as RequestInit);
    found
      .handler!(request, { params: Promise.resolve(found.params!) })
      .then(async (response) => {
        res.writeHead(response.status, Object.fromEntries(response.headers));
        if (response.body) Readable.fromWeb(response.body as WebReadableStream).pipe(res);
        else res.end();
      })
      .catch((e: Error) => {
        res.writeHead(500, { 'content-type': 'application/json' }).end(JSON.stringify({ error: { code: 'INTERNAL', message: e.message } }));
      });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    log,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
