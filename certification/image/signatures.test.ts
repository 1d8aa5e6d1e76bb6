import { execFileSync } from 'node:child_process';
import { createHash, generateKeyPairSync, sign, verify } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as openpgp from 'openpgp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { imageFixtures, type ImageFixtures } from '../test-support/images';
import { forward, pushBlob, pushManifest, startRegistry, startServer, type RunningRegistry, type RunningServer } from '../test-support/registry';
import { MEDIA_TYPES } from './media-types';
import { discoverSignatures } from './signatures';
import { RegistrySource } from './sources/registry';
import { parseReference } from './reference';

let fx: ImageFixtures;
let registry: RunningRegistry;
let tmp: string;
let gnupg: string;
let sigstore: string;
let subject: { mediaType: string; digest: string; size: number };
const servers: RunningServer[] = [];
const cosignKey = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const BUNDLE = 'application/vnd.dev.sigstore.bundle.v0.3+json';

function source(host: string, name = 'ns/signed'): RegistrySource {
  const ref = parseReference(`docker://${host}/${name}:1.0`);
  if (ref.transport !== 'docker') throw new Error('unreachable');
  return new RegistrySource(ref, { tlsVerify: false, retries: 0 });
}

async function pushArtifact(repo: string, artifactType: string, layerType: string, payload: Buffer, annotations?: Record<string, string>, withSubject = true) {
  const empty = Buffer.from('{}');
  const emptyDigest = await pushBlob(registry.url, repo, empty);
  const layerDigest = await pushBlob(registry.url, repo, payload);
  const manifest = Buffer.from(
    JSON.stringify({
      schemaVersion: 2,
      mediaType: MEDIA_TYPES.ociManifest,
      artifactType,
      config: { mediaType: MEDIA_TYPES.ociEmpty, digest: emptyDigest, size: 2 },
      layers: [{ mediaType: layerType, digest: layerDigest, size: payload.length, ...(annotations ? { annotations } : {}) }],
      ...(withSubject ? { subject } : {}),
    }),
  );
  const digest = await pushManifest(registry.url, repo, `sha256:${createHash('sha256').update(manifest).digest('hex')}`, manifest, MEDIA_TYPES.ociManifest);
  return { mediaType: MEDIA_TYPES.ociManifest, digest, size: manifest.length, artifactType };
}

beforeAll(async () => {
  fx = imageFixtures();
  tmp = mkdtempSync(path.join(os.tmpdir(), 'assay-signatures-'));
  registry = await startRegistry();
  gnupg = path.join(tmp, 'gnupg');
  mkdirSync(gnupg, { mode: 0o700 });
  sigstore = path.join(tmp, 'sigstore');
  const env = { ...process.env, GNUPGHOME: gnupg };
  execFileSync('gpg', ['--batch', '--passphrase', '', '--quick-gen-key', 'Vendor <v@example.com>', 'ed25519', 'sign', 'never'], { env, stdio: 'ignore' });
  const fpr = /^fpr:+([0-9A-F]+):/m.exec(execFileSync('gpg', ['--list-keys', '--with-colons'], { env, encoding: 'utf8' }))![1]!;
  const registriesD = path.join(tmp, 'registries.d');
  mkdirSync(registriesD);
  writeFileSync(path.join(registriesD, 'default.yaml'), `default-docker:\n  lookaside-staging: file://${sigstore}\n`);
  execFileSync('skopeo', ['copy', '-q', '--dest-tls-verify=false', '--registries.d', registriesD, '--sign-by', fpr, `oci:${fx.layout}:base`, `docker://${registry.host}/ns/signed:1.0`], {
    env,
    stdio: 'ignore',
  });
  writeFileSync(path.join(tmp, 'pub.asc'), execFileSync('gpg', ['--armor', '--export', fpr], { env }));
  const indexEntry = JSON.parse(readFileSync(path.join(fx.layout, 'index.json'), 'utf8')).manifests[0];
  subject = { mediaType: MEDIA_TYPES.ociManifest, digest: fx.digests.base, size: indexEntry.size };
});

afterAll(async () => {
  await Promise.all(servers.map((s) => s.stop()));
  await registry?.stop();
  if (gnupg) execFileSync('gpgconf', ['--homedir', gnupg, '--kill', 'all'], { stdio: 'ignore' });
  rmSync(tmp, { recursive: true, force: true });
});

describe('when the registry has no referrers API (docker-registry 2.8)', () => {
  it('finds a Sigstore bundle referrer through the sha256-<hex> fallback tag index', async () => {
    const bundle = Buffer.from(JSON.stringify({ mediaType: BUNDLE, note: 'real bundles come later' }));
    const artifact = await pushArtifact('ns/signed', BUNDLE, BUNDLE, bundle);
    const index = Buffer.from(JSON.stringify({ schemaVersion: 2, mediaType: MEDIA_TYPES.ociIndex, manifests: [artifact] }));
    await pushManifest(registry.url, 'ns/signed', `sha256-${fx.digests.base.slice(7)}`, index, MEDIA_TYPES.ociIndex);

    const src = source(registry.host);
    try {
      const found = await discoverSignatures({ source: src, digest: fx.digests.base });
      expect(found.referrersApi).toBe(false);
      const referrer = found.artifacts.find((a) => a.kind === 'referrer');
      expect(referrer).toMatchObject({ foundAt: `tag sha256-${fx.digests.base.slice(7)}`, digest: artifact.digest, artifactType: BUNDLE });
      expect(referrer?.layers[0]?.bytes?.equals(bundle)).toBe(true);
    } finally {
      await src.close();
    }
  });

  it('finds a cosign .sig tag with its payload and signature annotation, which verify with the key', async () => {
    const payload = Buffer.from(
      JSON.stringify({
        critical: { identity: { 'docker-reference': `${registry.host}/ns/signed` }, image: { 'docker-manifest-digest': fx.digests.base }, type: 'cosign container image signature' },
        optional: null,
      }),
    );
    const signature = sign('sha256', payload, cosignKey.privateKey).toString('base64');
    const config = Buffer.from(JSON.stringify({ architecture: '', os: '', config: {}, rootfs: { type: 'layers', diff_ids: [] } }));
    const configDigest = await pushBlob(registry.url, 'ns/signed', config);
    const layerDigest = await pushBlob(registry.url, 'ns/signed', payload);
    const manifest = Buffer.from(
      JSON.stringify({
        schemaVersion: 2,
        mediaType: MEDIA_TYPES.ociManifest,
        config: { mediaType: MEDIA_TYPES.ociConfig, digest: configDigest, size: config.length },
        layers: [
          {
            mediaType: 'application/vnd.dev.cosign.simplesigning.v1+json',
            digest: layerDigest,
            size: payload.length,
            annotations: { 'dev.cosignproject.cosign/signature': signature },
          },
        ],
      }),
    );
    await pushManifest(registry.url, 'ns/signed', `sha256-${fx.digests.base.slice(7)}.sig`, manifest, MEDIA_TYPES.ociManifest);

    const src = source(registry.host);
    try {
      const found = await discoverSignatures({ source: src, digest: fx.digests.base });
      const sig = found.artifacts.find((a) => a.kind === 'cosign-signature');
      expect(sig?.foundAt).toBe(`tag sha256-${fx.digests.base.slice(7)}.sig`);
      const layer = sig!.layers[0]!;
      const ann = layer.descriptor.annotations?.['dev.cosignproject.cosign/signature'];
      expect(verify('sha256', layer.bytes!, cosignKey.publicKey, Buffer.from(ann!, 'base64'))).toBe(true);
      expect(found.artifacts.some((a) => a.kind === 'cosign-attestation')).toBe(false);
    } finally {
      await src.close();
    }
  });
});

describe('when the registry offers the referrers API', () => {
  it('uses it instead of the fallback tag', async () => {
    const artifact = await pushArtifact('ns/signed', 'application/spdx+json', 'application/spdx+json', Buffer.from('{"spdxVersion":"SPDX-2.3"}'));
    const api: RunningServer = await startServer((req, res) => {
      if (req.url === `/v2/ns/signed/referrers/${fx.digests.base}`) {
        res.writeHead(200, { 'content-type': MEDIA_TYPES.ociIndex });
        res.end(JSON.stringify({ schemaVersion: 2, mediaType: MEDIA_TYPES.ociIndex, manifests: [artifact] }));
        return;
      }
      forward(req, res, registry.host);
    });
    servers.push(api);
    const src = source(api.host);
    try {
      const found = await discoverSignatures({ source: src, digest: fx.digests.base, fetchPayloads: false });
      expect(found.referrersApi).toBe(true);
      const referrers = found.artifacts.filter((a) => a.kind === 'referrer');
      expect(referrers.map((r) => r.artifactType)).toEqual(['application/spdx+json']);
      expect(referrers[0]?.layers[0]?.bytes).toBeUndefined();
      expect(api.requests).not.toContain(`GET /v2/ns/signed/manifests/sha256-${fx.digests.base.slice(7)}`);
    } finally {
      await src.close();
    }
  });

  it('refuses a referrer whose subject is another image', async () => {
    const other = `sha256:${'1'.repeat(64)}`;
    const artifact = await pushArtifact('ns/other', 'application/x-test', 'application/x-test', Buffer.from('x'));
    const api = await startServer((req, res) => {
      if (req.url?.startsWith('/v2/ns/other/referrers/')) {
        res.writeHead(200, { 'content-type': MEDIA_TYPES.ociIndex });
        res.end(JSON.stringify({ schemaVersion: 2, mediaType: MEDIA_TYPES.ociIndex, manifests: [artifact] }));
        return;
      }
      forward(req, res, registry.host);
    });
    servers.push(api);
    const src = source(api.host, 'ns/other');
    try {
      await expect(discoverSignatures({ source: src, digest: other })).rejects.toMatchObject({ code: 'MANIFEST_INVALID', message: expect.stringContaining('subject') });
    } finally {
      await src.close();
    }
  });
});

describe('when signatures live in a lookaside store', () => {
  async function checkGpg(bytes: Buffer) {
    const key = await openpgp.readKey({ armoredKey: readFileSync(path.join(tmp, 'pub.asc'), 'utf8') });
    const message = await openpgp.readMessage({ binaryMessage: bytes });
    const result = await openpgp.verify({ message, verificationKeys: key, expectSigned: true, format: 'binary' });
    const payload = JSON.parse(Buffer.from(result.data as Uint8Array).toString('utf8'));
    expect(payload.critical.image['docker-manifest-digest']).toBe(fx.digests.base);
  }

  it('reads signature-1 written by skopeo --sign-by from a file:// base and from a plain path', async () => {
    const src = source(registry.host);
    try {
      for (const base of [`file://${sigstore}`, sigstore]) {
        const found = await discoverSignatures({ source: src, digest: fx.digests.base, lookaside: [base] });
        const look = found.artifacts.filter((a) => a.kind === 'lookaside');
        expect(look).toHaveLength(1);
        expect(look[0]?.foundAt).toBe(path.join(sigstore, `ns/signed@sha256=${fx.digests.base.slice(7)}`, 'signature-1'));
        await checkGpg(look[0]!.bytes!);
      }
    } finally {
      await src.close();
    }
  });

  it('reads signature-N over HTTP until the first 404, from several bases', async () => {
    const web = await startServer((req, res) => {
      const file = path.join(sigstore, decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname));
      try {
        res.end(readFileSync(file));
      } catch {
        res.writeHead(404);
        res.end();
      }
    });
    servers.push(web);
    const src = source(registry.host);
    try {
      const found = await discoverSignatures({ source: src, digest: fx.digests.base, lookaside: [`${web.url}/`, path.join(tmp, 'empty-store')] });
      const look = found.artifacts.filter((a) => a.kind === 'lookaside');
      expect(look.map((a) => a.foundAt)).toEqual([`${web.url}/ns/signed@sha256=${fx.digests.base.slice(7)}/signature-1`]);
      await checkGpg(look[0]!.bytes!);
      expect(web.requests).toEqual([
        `GET /ns/signed@sha256=${fx.digests.base.slice(7)}/signature-1`,
        `GET /ns/signed@sha256=${fx.digests.base.slice(7)}/signature-2`,
      ]);
    } finally {
      await src.close();
    }
  });
});
