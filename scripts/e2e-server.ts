import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

// The server browser tests talk to: its own data directory and database, wiped at every run, with
// the demo accounts seeded; tests create everything else through the UI or real seed functions.
const root = path.resolve(import.meta.dirname, '..');
const dataDir = process.env.E2E_DATA_DIR ?? '.data/e2e';
rmSync(path.resolve(root, dataDir), { recursive: true, force: true });
process.env.ASSAY_DATA_DIR = dataDir;
process.env.PORT = process.env.E2E_PORT ?? '3100';
process.env.EMBEDDED_PG_PORT = process.env.E2E_PG_PORT ?? '54400';
process.env.ASSAY_SEED_DEMO = '1';
delete process.env.DATABASE_URL;
// Generous limits: one browser signs in many times from one address.
process.env.RATE_LIMIT_ANON_PER_MINUTE ??= '10000';
process.env.RATE_LIMIT_API_PER_MINUTE ??= '10000';

// A loopback registry holding a cosign-signed and an unsigned image (the engine's own fixture image),
// which the one worker pulls over plain HTTP through a proxy that holds every blob download back a
// moment: certification then lasts long enough for the browser to watch its stages. The specs read
// the addresses and the vendor's key file from `<data dir>/pipeline.json`. The registry's watchdog
// stops it when this process exits.
const { certifyImages, TAG } = await import('../certification/test-support/certify-fixtures');
const { forward, pushBlob, pushManifest, startRegistry, startServer } = await import('../certification/test-support/registry');
const { cosignSignatureArtifact, cosignTag, generateSigningKey, signCosign } = await import('../certification/signatures/sign');
const images = certifyImages();
// The registry's storage goes under the data dir (wiped at the next start), not the system temp dir.
const absoluteData = path.resolve(root, dataDir);
mkdirSync(absoluteData, { recursive: true });
const systemTmp = process.env.TMPDIR;
process.env.TMPDIR = absoluteData;
const registry = await startRegistry();
if (systemTmp === undefined) delete process.env.TMPDIR;
else process.env.TMPDIR = systemTmp;
const BLOB_DELAY_MS = 1500;
const slow = await startServer((req, res) => {
  if (req.method === 'GET' && /\/blobs\/sha256:/.test(req.url ?? '')) setTimeout(() => forward(req, res, registry.host), BLOB_DELAY_MS);
  else forward(req, res, registry.host);
});
const key = generateSigningKey();
const skopeo = (repository: string) =>
  execFileSync('skopeo', ['copy', '-q', '--dest-tls-verify=false', `oci:${images.layout}:rhel`, `docker://${registry.host}/${repository}:${TAG}`], { stdio: ['ignore', 'ignore', 'pipe'] });
skopeo('acme/app');
skopeo('acme/unsigned');
const signature = cosignSignatureArtifact([signCosign(key, { digest: images.digests.rhel, reference: `${slow.host}/acme/app:${TAG}` })]);
for (const blob of signature.blobs) await pushBlob(registry.url, 'acme/app', blob.bytes);
await pushManifest(registry.url, 'acme/app', cosignTag(images.digests.rhel, 'sig'), signature.manifest, 'application/vnd.oci.image.manifest.v1+json');

process.env.WORKERS = '1';
process.env.ASSAY_INSECURE_REGISTRIES = '127.0.0.1';
process.env.ASSAY_REGISTRY_ALLOW = '127.0.0.1/32';
process.env.ASSAY_QUEUE_POLL_SECONDS = '0.5';
const keyFile = path.join(absoluteData, 'cosign.pub');
writeFileSync(keyFile, key.publicKeyPem);
writeFileSync(
  path.join(absoluteData, 'pipeline.json'),
  JSON.stringify({ registry: slow.host, tag: TAG, repos: { signed: `${slow.host}/acme/app`, unsigned: `${slow.host}/acme/unsigned` }, keyFile, digests: { signed: images.digests.rhel } }, null, 2),
);
// 'exit' handlers run synchronously: stop() signals the registry at once.
process.once('exit', () => void registry.stop());

const { serve } = await import('./serve');
await serve(process.env.E2E_DEV === '1' ? 'development' : 'production');
