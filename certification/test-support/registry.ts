import { spawn, type ChildProcess } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

// Real servers for registry tests: Debian's docker-registry on loopback, and small Node HTTP
// servers in front of it that add basic auth, the bearer token flow, or failures.

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

export interface RunningRegistry {
  /** `127.0.0.1:PORT`, the host part of `docker://` references. */
  host: string;
  url: string;
  stop(): Promise<void>;
}

async function waitForHttp(url: string, child: ChildProcess, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`registry exited with ${child.exitCode} before answering ${url}`);
    const ok = await new Promise<boolean>((resolve) => {
      const req = http.get(url, (res) => {
        res.resume();
        resolve(true);
      });
      req.on('error', () => resolve(false));
      req.setTimeout(500, () => req.destroy());
    });
    if (ok) return;
    if (Date.now() > deadline) throw new Error(`registry did not answer ${url} within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Starts `docker-registry serve` with a temp storage dir; a watchdog kills it if this process dies. */
export async function startRegistry(): Promise<RunningRegistry> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'assay-registry-'));
  const port = await freePort();
  const config = path.join(dir, 'config.yml');
  writeFileSync(
    config,
    [
      'version: 0.1',
      'log: {level: error, accesslog: {disabled: true}}',
      `storage: {filesystem: {rootdirectory: ${path.join(dir, 'storage')}}, delete: {enabled: true}}`,
      `http: {addr: 127.0.0.1:${port}}`,
      '',
    ].join('\n'),
  );
  const script = `docker-registry serve "$1" >"$2" 2>&1 & R=$!; trap 'kill $R 2>/dev/null; exit 0' TERM; while kill -0 ${process.pid} 2>/dev/null && kill -0 $R 2>/dev/null; do sleep 1 & wait $!; done; kill $R 2>/dev/null`;
  const child = spawn('bash', ['-c', script, 'watchdog', config, path.join(dir, 'registry.log')], { detached: true, stdio: 'ignore' });
  child.unref();
  const host = `127.0.0.1:${port}`;
  const stop = async () => {
    if (child.exitCode === null && child.pid) {
      const exited = new Promise((r) => child.once('exit', r));
      try {
        process.kill(-child.pid, 'SIGTERM');
      } catch {
        // already gone
      }
      await Promise.race([exited, new Promise((r) => setTimeout(r, 3000))]);
    }
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    await waitForHttp(`http://${host}/v2/`, child);
  } catch (e) {
    await stop();
    throw e;
  }
  return { host, url: `http://${host}`, stop };
}

export interface RunningServer {
  host: string;
  url: string;
  /** Requests seen, in order (method and path). */
  requests: string[];
  stop(): Promise<void>;
}

type Handler = (req: IncomingMessage, res: ServerResponse, server: RunningServer) => void | Promise<void>;

export async function startServer(handler: Handler): Promise<RunningServer> {
  const sockets = new Set<net.Socket>();
  const state: RunningServer = { host: '', url: '', requests: [], stop: async () => undefined };
  const server = http.createServer((req, res) => {
    state.requests.push(`${req.method} ${req.url}`);
    Promise.resolve(handler(req, res, state)).catch((e) => {
      res.statusCode = 500;
      res.end(String(e));
    });
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  state.host = `127.0.0.1:${port}`;
  state.url = `http://${state.host}`;
  state.stop = () =>
    new Promise<void>((resolve) => {
      for (const s of sockets) s.destroy();
      server.close(() => resolve());
    });
  return state;
}

/** Forwards a request to the registry unchanged and streams the answer back. */
export function forward(req: IncomingMessage, res: ServerResponse, target: string): void {
  const headers = { ...req.headers, host: target };
  delete headers.authorization;
  const upstream = http.request(`http://${target}${req.url}`, { method: req.method, headers }, (up) => {
    res.writeHead(up.statusCode ?? 502, up.headers);
    up.pipe(res);
  });
  upstream.on('error', (e) => {
    res.statusCode = 502;
    res.end(String(e));
  });
  req.pipe(upstream);
}

export interface Account {
  username: string;
  password: string;
}

function basicMatches(header: string | undefined, account: Account): boolean {
  if (!header?.startsWith('Basic ')) return false;
  return Buffer.from(header.slice(6), 'base64').toString('utf8') === `${account.username}:${account.password}`;
}

/** A registry that demands HTTP basic auth (what docker-registry does with htpasswd). */
export function startBasicAuthProxy(target: string, account: Account): Promise<RunningServer> {
  return startServer((req, res) => {
    if (!basicMatches(req.headers.authorization, account)) {
      res.writeHead(401, { 'www-authenticate': 'Basic realm="assay-test"', 'content-type': 'application/json' });
      res.end(JSON.stringify({ errors: [{ code: 'UNAUTHORIZED', message: 'authentication required' }] }));
      return;
    }
    forward(req, res, target);
  });
}

/**
 * A registry with the token flow: 401 + `WWW-Authenticate: Bearer realm=…/token,service,scope`, a
 * token endpoint that checks basic credentials (or allows anonymous pulls when `anonymous`), and
 * only scoped tokens it issued are accepted.
 */
export function startBearerProxy(target: string, account: Account, opts: { anonymous?: boolean } = {}): Promise<RunningServer> {
  const tokens = new Map<string, string>();
  return startServer((req, res, self) => {
    const url = new URL(req.url ?? '/', self.url);
    if (url.pathname === '/token') {
      const anonymous = !req.headers.authorization;
      if (!(anonymous && opts.anonymous) && !basicMatches(req.headers.authorization, account)) {
        res.writeHead(401, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ details: 'bad credentials' }));
        return;
      }
      const token = randomBytes(16).toString('hex');
      tokens.set(token, url.searchParams.get('scope') ?? '');
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ token, expires_in: 300 }));
      return;
    }
    const repo = /^\/v2\/(.+?)\/(manifests|blobs|tags|referrers)\//.exec(url.pathname)?.[1];
    const scope = repo ? `repository:${repo}:pull` : '';
    const auth = req.headers.authorization;
    const granted = auth?.startsWith('Bearer ') ? tokens.get(auth.slice(7)) : undefined;
    if (granted === undefined || (scope && granted !== scope)) {
      res.writeHead(401, {
        'www-authenticate': `Bearer realm="${self.url}/token",service="assay-test",scope="${scope}"`,
        'content-type': 'application/json',
      });
      res.end(JSON.stringify({ errors: [{ code: 'UNAUTHORIZED', message: 'token required' }] }));
      return;
    }
    forward(req, res, target);
  });
}

/** Answers the first `failures` requests with `status` (and Retry-After when given), then forwards. */
export function startFlakyProxy(target: string, failures: number, status = 503, retryAfter?: string): Promise<RunningServer> {
  let left = failures;
  return startServer((req, res) => {
    if (left > 0) {
      left--;
      res.writeHead(status, retryAfter ? { 'retry-after': retryAfter } : {});
      res.end('try again later');
      return;
    }
    forward(req, res, target);
  });
}

/** Accepts connections and never answers. */
export function startSilentServer(): Promise<RunningServer> {
  return startServer(() => undefined);
}

/** Pushes a blob with a monolithic upload (POST then PUT ?digest=). */
export async function pushBlob(registryUrl: string, repository: string, bytes: Buffer): Promise<string> {
  const digest = `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
  const start = await fetch(`${registryUrl}/v2/${repository}/blobs/uploads/`, { method: 'POST' });
  if (start.status !== 202) throw new Error(`upload start: ${start.status} ${await start.text()}`);
  const location = new URL(start.headers.get('location') ?? '', registryUrl);
  location.searchParams.set('digest', digest);
  const put = await fetch(location, { method: 'PUT', body: new Uint8Array(bytes), headers: { 'content-type': 'application/octet-stream' } });
  if (put.status !== 201) throw new Error(`upload ${digest}: ${put.status} ${await put.text()}`);
  return digest;
}

export async function pushManifest(registryUrl: string, repository: string, reference: string, bytes: Buffer, mediaType: string): Promise<string> {
  const res = await fetch(`${registryUrl}/v2/${repository}/manifests/${reference}`, {
    method: 'PUT',
    body: new Uint8Array(bytes),
    headers: { 'content-type': mediaType },
  });
  if (res.status !== 201) throw new Error(`manifest ${repository}:${reference}: ${res.status} ${await res.text()}`);
  return `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
}
