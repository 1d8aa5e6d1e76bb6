import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { imageFixtures, pushToRegistry, type ImageFixtures } from '../../test-support/images';
import {
  forward,
  startBasicAuthProxy,
  startBearerProxy,
  startFlakyProxy,
  startRegistry,
  startServer,
  startSilentServer,
  type RunningRegistry,
  type RunningServer,
} from '../../test-support/registry';
import { tagsOfImage } from '../image-tags';
import { openImage } from '../open-image';
import { RegistryClient } from './registry';

let fx: ImageFixtures;
let registry: RunningRegistry;
let tmp: string;
const servers: RunningServer[] = [];
const insecure = { tlsVerify: false, retryBaseMs: 20 };
const account = { username: 'isv', password: 's3cret:with-colon' };

beforeAll(async () => {
  fx = imageFixtures();
  tmp = mkdtempSync(path.join(os.tmpdir(), 'assay-registry-test-'));
  registry = await startRegistry();
  pushToRegistry(fx.layout, 'base', `docker://${registry.host}/ns/app:1.0`);
  pushToRegistry(fx.layout, 'base', `docker://${registry.host}/ns/app:1.1`);
  pushToRegistry(fx.layout, 'multi', `docker://${registry.host}/ns/app:multi`, { all: true });
});

afterAll(async () => {
  await Promise.all(servers.map((s) => s.stop()));
  await registry?.stop();
  rmSync(tmp, { recursive: true, force: true });
});

async function serve(p: Promise<RunningServer>): Promise<RunningServer> {
  const s = await p;
  servers.push(s);
  return s;
}

describe('when the registry allows anonymous pulls', () => {
  it('reads an image by tag and by digest, with its layers and the tag list', async () => {
    const byTag = await openImage(`docker://${registry.host}/ns/app:1.0`, { registry: insecure });
    const byDigest = await openImage(`docker://${registry.host}/ns/app@${fx.digests.base}`, { registry: insecure });
    try {
      expect(byTag.digest).toBe(fx.digests.base);
      expect(byDigest.digest).toBe(fx.digests.base);
      // `multi` names another manifest (the index), so only the two tags on this digest count.
      expect(byTag.tags).toEqual(['1.0', '1.1']);
      expect(byDigest.tags).toEqual(['1.0', '1.1']);
      expect(byTag.repositoryTags.sort()).toEqual(['1.0', '1.1', 'multi']);
      expect(byTag.tagsUnresolved).toBeUndefined();
      const fs = await byTag.readFilesystem();
      expect(fs.get('/usr/bin/hello')?.mode).toBe(0o755);
      expect(fs.get('/tmp/gone.txt')).toBeUndefined();
    } finally {
      await byTag.close();
      await byDigest.close();
    }
  });

  it('resolves a multi-arch index pushed with skopeo --all', async () => {
    const arm = await openImage(`docker://${registry.host}/ns/app:multi`, { registry: insecure, platform: 'linux/arm64/v8' });
    try {
      expect(arm).toMatchObject({ digest: fx.digests.arm64, indexDigest: fx.digests.multi });
      expect(arm.tags).toEqual(['multi']);
      expect(arm.platforms).toHaveLength(2);
      const fs = await arm.readFilesystem();
      expect(fs.stats.entries).toBeGreaterThan(5);
    } finally {
      await arm.close();
    }
  });

  it('follows Link pagination of the tag list', async () => {
    const client = new RegistryClient(registry.host, { ...insecure, tagPageSize: 1 });
    try {
      expect((await client.listTags('ns/app')).sort()).toEqual(['1.0', '1.1', 'multi']);
    } finally {
      client.close();
    }
  });

  it('resolves listed tags with HEAD requests, and with GET where the registry omits Docker-Content-Digest', async () => {
    const plain = await serve(startServer((req, res) => forward(req, res, registry.host)));
    const img = await openImage(`docker://${plain.host}/ns/app:1.1`, { registry: insecure });
    await img.close();
    expect(img.tags).toEqual(['1.1', '1.0']);
    expect(plain.requests).toEqual(expect.arrayContaining(['HEAD /v2/ns/app/manifests/1.0', 'HEAD /v2/ns/app/manifests/multi']));
    expect(plain.requests.filter((r) => /^GET \/v2\/ns\/app\/manifests\/(1\.0|multi)$/.test(r))).toEqual([]);

    const bare = await serve(
      startServer((req, res) => {
        const up = http.request(`http://${registry.host}${req.url}`, { method: req.method, headers: { ...req.headers, host: registry.host } }, (r) => {
          const headers = { ...r.headers };
          delete headers['docker-content-digest'];
          res.writeHead(r.statusCode ?? 502, headers);
          r.pipe(res);
        });
        up.on('error', () => res.destroy());
        req.pipe(up);
      }),
    );
    const viaGet = await openImage(`docker://${bare.host}/ns/app@${fx.digests.base}`, { registry: insecure });
    await viaGet.close();
    expect(viaGet.tags).toEqual(['1.0', '1.1']);
    expect(bare.requests).toEqual(expect.arrayContaining(['HEAD /v2/ns/app/manifests/multi', 'GET /v2/ns/app/manifests/multi']));
  });

  it('bounds the tag lookups and counts the tags it did not resolve', async () => {
    const client = new RegistryClient(registry.host, insecure);
    try {
      const source = { tagDigest: (tag: string, o: { signal?: AbortSignal; maxBytes: number }) => client.tagDigest('ns/app', tag, o) };
      const opts = { maxManifestBytes: 1024 * 1024 };
      expect(await client.tagDigest('ns/app', 'nope', { maxBytes: 1024 * 1024 })).toBeUndefined();
      expect(await tagsOfImage(source, ['1.0', '1.1', 'multi', 'gone'], [fx.digests.base], undefined, { ...opts, maxLookups: 2 })).toEqual({
        tags: ['1.0', '1.1'],
        unresolved: 2,
      });
      expect(await tagsOfImage(source, ['1.0', '1.1', 'multi', 'gone'], [fx.digests.multi], 'latest', opts)).toEqual({
        tags: ['latest', 'multi'],
        unresolved: 0,
      });
    } finally {
      client.close();
    }
  });

  it('says NOT_FOUND for a missing tag and repository', async () => {
    await expect(openImage(`docker://${registry.host}/ns/app:nope`, { registry: insecure })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(openImage(`docker://${registry.host}/ns/missing:1`, { registry: insecure })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('uses HTTPS unless tls-verify is off, so a plain-HTTP registry fails with a network error', async () => {
    await expect(openImage(`docker://${registry.host}/ns/app:1.0`, { registry: { retries: 0 } })).rejects.toMatchObject({ code: 'NETWORK_ERROR' });
  });
});

describe('when the registry demands basic auth', () => {
  let proxy: RunningServer;
  beforeAll(async () => {
    proxy = await serve(startBasicAuthProxy(registry.host, account));
  });

  it('reads with the right --creds', async () => {
    const img = await openImage(`docker://${proxy.host}/ns/app:1.0`, { registry: { ...insecure, credentials: account } });
    try {
      await img.readFilesystem();
      expect(img.digest).toBe(fx.digests.base);
    } finally {
      await img.close();
    }
  });

  it('says UNAUTHORIZED for wrong and for missing credentials', async () => {
    await expect(openImage(`docker://${proxy.host}/ns/app:1.0`, { registry: { ...insecure, credentials: { ...account, password: 'nope' } } })).rejects.toMatchObject({
      code: 'UNAUTHORIZED',
      message: expect.stringContaining('rejected'),
    });
    await expect(openImage(`docker://${proxy.host}/ns/app:1.0`, { registry: { ...insecure, authfile: writeAuthfile('empty.json', {}) } })).rejects.toMatchObject({
      code: 'UNAUTHORIZED',
    });
  });

  it('reads credentials from an authfile, the most specific key winning', async () => {
    const file = writeAuthfile('auth.json', {
      [proxy.host]: { auth: Buffer.from('isv:wrong').toString('base64') },
      [`${proxy.host}/ns/app`]: { auth: Buffer.from(`${account.username}:${account.password}`).toString('base64') },
    });
    const img = await openImage(`docker://${proxy.host}/ns/app:1.0`, { registry: { ...insecure, authfile: file } });
    await img.close();
    expect(img.digest).toBe(fx.digests.base);
  });

  it('finds $REGISTRY_AUTH_FILE in the default locations', async () => {
    const file = writeAuthfile('env.json', { [`http://${proxy.host}`]: { auth: Buffer.from(`${account.username}:${account.password}`).toString('base64') } });
    const img = await openImage(`docker://${proxy.host}/ns/app:1.0`, { registry: { ...insecure, env: { REGISTRY_AUTH_FILE: file, HOME: tmp } } });
    await img.close();
    expect(img.digest).toBe(fx.digests.base);
  });
});

function writeAuthfile(name: string, auths: Record<string, unknown>): string {
  const file = path.join(tmp, name);
  writeFileSync(file, JSON.stringify({ auths }));
  return file;
}

describe('when the registry uses the bearer token flow', () => {
  it('gets a scoped token with the credentials and reads the image', async () => {
    const proxy = await serve(startBearerProxy(registry.host, account));
    const img = await openImage(`docker://${proxy.host}/ns/app:1.0`, { registry: { ...insecure, credentials: account } });
    try {
      await img.readFilesystem();
    } finally {
      await img.close();
    }
    expect(proxy.requests.filter((r) => r.startsWith('GET /token'))).toHaveLength(1);
    expect(proxy.requests.find((r) => r.startsWith('GET /token'))).toContain('scope=repository%3Ans%2Fapp%3Apull');
  });

  it('gets an anonymous token when the token server allows it, and UNAUTHORIZED when it does not', async () => {
    const open = await serve(startBearerProxy(registry.host, account, { anonymous: true }));
    const img = await openImage(`docker://${open.host}/ns/app:1.0`, { registry: { ...insecure, env: {} } });
    await img.close();
    const closed = await serve(startBearerProxy(registry.host, account));
    await expect(openImage(`docker://${closed.host}/ns/app:1.0`, { registry: { ...insecure, env: {} } })).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
    await expect(openImage(`docker://${closed.host}/ns/app:1.0`, { registry: { ...insecure, credentials: { username: 'isv', password: 'x' } } })).rejects.toMatchObject({
      code: 'UNAUTHORIZED',
    });
  });
});

describe('when the network misbehaves', () => {
  it('retries 503 answers with backoff, then succeeds', async () => {
    const flaky = await serve(startFlakyProxy(registry.host, 2));
    const img = await openImage(`docker://${flaky.host}/ns/app:1.0`, { registry: { ...insecure, retries: 3 }, listTags: false });
    await img.close();
    expect(img.digest).toBe(fx.digests.base);
    expect(flaky.requests.slice(0, 3).every((r) => r === 'GET /v2/ns/app/manifests/1.0')).toBe(true);
  });

  it('honours Retry-After, and gives up with REGISTRY_ERROR after the last retry', async () => {
    const slow = await serve(startFlakyProxy(registry.host, 1, 429, '1'));
    const started = Date.now();
    const img = await openImage(`docker://${slow.host}/ns/app:1.0`, { registry: { ...insecure, retries: 1 }, listTags: false });
    await img.close();
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
    const down = await serve(startFlakyProxy(registry.host, 100, 502));
    await expect(openImage(`docker://${down.host}/ns/app:1.0`, { registry: { ...insecure, retries: 2 } })).rejects.toMatchObject({
      code: 'REGISTRY_ERROR',
      message: expect.stringContaining('502'),
    });
    expect(down.requests).toHaveLength(3);
  });

  it('times out on a registry that never answers', async () => {
    const silent = await serve(startSilentServer());
    const started = Date.now();
    await expect(openImage(`docker://${silent.host}/ns/app:1.0`, { registry: { ...insecure, timeoutMs: 500, retries: 1 } })).rejects.toMatchObject({
      code: 'TIMEOUT',
    });
    expect(Date.now() - started).toBeLessThan(5000);
    expect(silent.requests.length).toBe(2);
  }, 10_000);

  it('says DIGEST_MISMATCH when a manifest body does not match the digest asked for', async () => {
    const tamper = await serve(
      startServer((req, res) => {
        if (req.url?.includes('/manifests/sha256:')) {
          const up = http.get(`http://${registry.host}${req.url}`, { headers: { accept: req.headers.accept ?? '' } }, (u) => {
            const chunks: Buffer[] = [];
            u.on('data', (c) => chunks.push(c));
            u.on('end', () => {
              const body = `${Buffer.concat(chunks).toString()}\n`;
              res.writeHead(200, { 'content-type': u.headers['content-type'] ?? '' });
              res.end(body);
            });
          });
          up.on('error', () => res.destroy());
          return;
        }
        forward(req, res, registry.host);
      }),
    );
    await expect(openImage(`docker://${tamper.host}/ns/app@${fx.digests.base}`, { registry: insecure })).rejects.toMatchObject({ code: 'DIGEST_MISMATCH' });
  });

  it('follows blob redirects to another host, dropping the registry credentials there', async () => {
    const storageAuth: Array<string | undefined> = [];
    const storage = await serve(
      startServer((req, res) => {
        storageAuth.push(req.headers.authorization);
        forward(req, res, registry.host);
      }),
    );
    const front = await serve(
      startServer((req, res) => {
        if (req.headers.authorization !== `Basic ${Buffer.from(`${account.username}:${account.password}`).toString('base64')}`) {
          res.writeHead(401, { 'www-authenticate': 'Basic realm="x"' });
          res.end();
          return;
        }
        if (req.url?.includes('/blobs/')) {
          res.writeHead(307, { location: `http://localhost:${storage.host.split(':')[1]}${req.url}` });
          res.end();
          return;
        }
        forward(req, res, registry.host);
      }),
    );
    const img = await openImage(`docker://${front.host}/ns/app:1.0`, { registry: { ...insecure, credentials: account } });
    try {
      await img.readFilesystem();
    } finally {
      await img.close();
    }
    expect(storage.requests.filter((r) => r.includes('/blobs/'))).toHaveLength(3);
    expect(storageAuth.every((a) => a === undefined)).toBe(true);
  });
});

describe('when the SSRF guard is on', () => {
  it('refuses the loopback registry unless it is allow-listed', async () => {
    await expect(openImage(`docker://${registry.host}/ns/app:1.0`, { registry: { ...insecure, ssrfGuard: { enabled: true } } })).rejects.toMatchObject({
      code: 'ADDRESS_BLOCKED',
    });
    const img = await openImage(`docker://${registry.host}/ns/app:1.0`, { registry: { ...insecure, ssrfGuard: { enabled: true, allow: ['127.0.0.0/8'] } } });
    await img.close();
    expect(img.digest).toBe(fx.digests.base);
  });
});
