import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RegistryClient } from '@/certification/image/sources/registry';
import { readBounded } from '@/certification/image/digest';
import { cosignAttestationArtifact, generateSigningKey, inTotoStatement, OCI_MANIFEST_MEDIA_TYPE, signAttestation } from '@/certification/signatures/sign';
import { startBasicAuthProxy, startBearerProxy, startRegistry, freePort, type RunningRegistry, type RunningServer } from '@/certification/test-support/registry';
import { OciPushClient, OciPushError, parseRepositoryName } from './push-client';

let registry: RunningRegistry;
let basic: RunningServer;
let bearer: RunningServer;
const account = { username: 'pusher', password: 's3cret:with:colons' };

beforeAll(async () => {
  registry = await startRegistry();
  basic = await startBasicAuthProxy(registry.host, account);
  bearer = await startBearerProxy(registry.host, account);
});

afterAll(async () => {
  await basic?.stop();
  await bearer?.stop();
  await registry?.stop();
});

function artifact(n: number) {
  const key = generateSigningKey();
  const envelope = signAttestation(key, inTotoStatement({ name: 'x', digest: `sha256:${String(n).padStart(64, '0')}`, predicateType: 'urn:test' }));
  return cosignAttestationArtifact([{ envelope, predicateType: 'urn:test' }]);
}

describe('parseRepositoryName', () => {
  it('splits host and path, and refuses tags or bad names', () => {
    expect(parseRepositoryName('127.0.0.1:5000/assay/attestations')).toEqual({ registry: '127.0.0.1:5000', repository: 'assay/attestations' });
    expect(parseRepositoryName('assay/attestations')).toEqual({ registry: 'docker.io', repository: 'assay/attestations' });
    expect(() => parseRepositoryName('127.0.0.1:5000/assay/att:latest')).toThrow(OciPushError);
    expect(() => parseRepositoryName('127.0.0.1:5000/Assay')).toThrow(/expected a repository/);
  });
});

describe('when pushing an artifact', () => {
  it('uploads blobs and the manifest under a tag, which the engine reads back byte for byte; a second push skips blobs it has', async () => {
    const client = new OciPushClient(registry.host, { tlsVerify: false });
    const a = artifact(1);
    const first = await client.pushArtifact('assay/plain', 'sha256-1.att', a, OCI_MANIFEST_MEDIA_TYPE);
    expect(first).toEqual({ manifestDigest: a.manifestDigest, blobsUploaded: 2 });
    const again = await client.pushArtifact('assay/plain', 'sha256-1.att', a, OCI_MANIFEST_MEDIA_TYPE);
    expect(again.blobsUploaded).toBe(0);

    const reader = new RegistryClient(registry.host, { tlsVerify: false });
    const manifest = await reader.getManifest('assay/plain', 'sha256-1.att', { maxBytes: 1 << 20 });
    expect(manifest.digest).toBe(a.manifestDigest);
    const layer = a.blobs[1]!;
    const bytes = await readBounded(await reader.getBlob('assay/plain', { digest: layer.digest, size: layer.size, mediaType: layer.mediaType }), 1 << 20, 'layer');
    expect(bytes.equals(layer.bytes)).toBe(true);
    reader.close();

    expect(await client.manifestDigest('assay/plain', 'sha256-1.att', OCI_MANIFEST_MEDIA_TYPE)).toBe(a.manifestDigest);
    await client.deleteManifest('assay/plain', a.manifestDigest);
    expect(await client.manifestDigest('assay/plain', 'sha256-1.att', OCI_MANIFEST_MEDIA_TYPE)).toBeNull();
  });

  it('authenticates with basic auth, and says so when credentials are missing or wrong', async () => {
    const ok = new OciPushClient(basic.host, { tlsVerify: false, credentials: account });
    await ok.pushArtifact('assay/basic', 'sha256-2.att', artifact(2), OCI_MANIFEST_MEDIA_TYPE);
    expect(basic.requests.some((r) => r.startsWith('PUT /v2/assay/basic/manifests/sha256-2.att'))).toBe(true);
    const none = new OciPushClient(basic.host, { tlsVerify: false });
    await expect(none.pushArtifact('assay/basic', 'x.att', artifact(3), OCI_MANIFEST_MEDIA_TYPE)).rejects.toMatchObject({ code: 'UNAUTHORIZED', message: expect.stringContaining('ASSAY_ATTESTATION_CREDS') });
    const wrong = new OciPushClient(basic.host, { tlsVerify: false, credentials: { username: 'pusher', password: 'nope' } });
    await expect(wrong.pushArtifact('assay/basic', 'x.att', artifact(4), OCI_MANIFEST_MEDIA_TYPE)).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
  });

  it('follows the bearer token flow', async () => {
    const client = new OciPushClient(bearer.host, { tlsVerify: false, credentials: account });
    const a = artifact(5);
    expect((await client.pushArtifact('assay/bearer', 'sha256-5.att', a, OCI_MANIFEST_MEDIA_TYPE)).manifestDigest).toBe(a.manifestDigest);
    expect(bearer.requests.some((r) => r.startsWith('GET /token?'))).toBe(true);
  });

  it('reports an unreachable registry as a NETWORK_ERROR', async () => {
    const client = new OciPushClient(`127.0.0.1:${await freePort()}`, { tlsVerify: false });
    await expect(client.pushArtifact('assay/x', 't', artifact(6), OCI_MANIFEST_MEDIA_TYPE)).rejects.toMatchObject({ code: 'NETWORK_ERROR' });
  });
});
