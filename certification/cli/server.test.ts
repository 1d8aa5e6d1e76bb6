import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseProduct, parseServer, ServerClient } from './server';

// The CLI's HTTP client against a real loopback server: every server trouble is one clear UsageError.
let server: http.Server;
let base = '';
const seen: { url: string; authorization?: string }[] = [];

beforeAll(async () => {
  server = http.createServer((req, res) => {
    seen.push({ url: req.url ?? '', authorization: req.headers.authorization });
    if (req.url === '/ok') res.writeHead(200, { 'content-type': 'application/json' }).end('{"fine":true}');
    else if (req.url === '/html') res.writeHead(200, { 'content-type': 'text/html' }).end('<html>');
    else if (req.url === '/denied') res.writeHead(401, { 'content-type': 'application/json' }).end('{"error":{"code":"UNAUTHENTICATED","message":"Sign in first."}}');
    else if (req.url === '/gone') res.writeHead(404).end('{}');
    else res.writeHead(502).end('bad gateway from proxy');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(() => new Promise<void>((r) => server.close(() => r())));

describe('assay server client', () => {
  it('parses --product and --server strictly', () => {
    expect(parseProduct('Acme/Web-App')).toEqual({ vendor: 'acme', product: 'web-app' });
    expect(() => parseProduct('acme')).toThrow('--product: expected VENDOR/PRODUCT (e.g. acme/webapp), got "acme"');
    expect(() => parseProduct(undefined)).toThrow('got nothing');
    expect(parseServer('https://assay.example.com/')).toBe('https://assay.example.com');
    expect(() => parseServer('ftp://x')).toThrow('--server: expected an http(s) URL, got "ftp://x"');
  });

  it('sends the token and reads JSON', async () => {
    const client = new ServerClient({ server: base, token: 'assay_secret' });
    expect(await client.json('/ok')).toEqual({ fine: true });
    expect(seen.at(-1)).toEqual({ url: '/ok', authorization: 'Bearer assay_secret' });
  });

  it('names the URL, the status and the server message; hints at the token on 401', async () => {
    const client = new ServerClient({ server: base });
    await expect(client.json('/denied')).rejects.toThrow(`GET ${base}/denied: expected success, got HTTP 401: Sign in first. (check ASSAY_TOKEN or --token)`);
    await expect(client.json('/other')).rejects.toThrow(`GET ${base}/other: expected success, got HTTP 502: bad gateway from proxy`);
    await expect(client.json('/html')).rejects.toThrow(`${base}/html: expected JSON, got text/html`);
    // An optional resource (the advisory index) may be absent: null, not an error.
    expect(await client.request('/gone', { allow404: true })).toBeNull();
    await expect(client.json('/gone')).rejects.toThrow('got HTTP 404');
  });

  it('says when the server cannot be reached', async () => {
    const closed = http.createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((r) => closed.close(() => r()));
    await expect(new ServerClient({ server: `http://127.0.0.1:${port}` }).json('/x')).rejects.toThrow(`http://127.0.0.1:${port}/x: could not reach the server (ECONNREFUSED)`);
  });
});
