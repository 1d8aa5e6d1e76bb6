import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SignatureArtifact } from '../image/signatures';
import { startRegistry, type RunningRegistry } from '../test-support/registry';
import { createGpgHome, lookasideRegistriesD, skopeoStandaloneSign, toolAvailable, type GpgHome } from '../test-support/signing';
import { writeArtifactToOciLayout } from './oci-layout';
import { cosignSignatureArtifact, generateSigningKey, sha256, signCosign } from './sign';
import { readOpenPgpKeys, type TrustMaterial } from './trust';
import { verifyImageSignatures } from './verify-image-signatures';

// Real GPG simple signatures: a fresh Ed25519 key in a temp GNUPGHOME, signed by skopeo (standalone
// and `copy --sign-by` into a lookaside store), verified by our code.
const tools = toolAvailable('gpg') && toolAvailable('skopeo') && toolAvailable('docker-registry');

describe.skipIf(!tools)('GPG simple signatures made by skopeo', () => {
  let home: GpgHome;
  let trust: TrustMaterial;
  const manifest = Buffer.from('{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","layers":[]}');
  const lookaside = (bytes: Buffer, foundAt = 'signature-1'): SignatureArtifact => ({ kind: 'lookaside', foundAt, layers: [], bytes });

  beforeAll(async () => {
    home = createGpgHome();
    trust = { publicKeys: [], openpgpKeys: await readOpenPgpKeys(home.publicKey, 'vendor.asc') };
  });
  afterAll(() => home?.remove());

  it('verifies a standalone signature and reports the vendor fingerprint', async () => {
    const sig = skopeoStandaloneSign(home, manifest, 'registry.example.com/acme/app:1.0');
    const [r] = await verifyImageSignatures({ digest: sha256(manifest), identity: 'registry.example.com/acme/app', trust, artifacts: [lookaside(sig)] });
    expect(r).toMatchObject({ kind: 'simple-signing', verified: true, keyId: home.fingerprint, reference: 'registry.example.com/acme/app:1.0', signedDigest: sha256(manifest) });
  });

  it('gives the precise reason for a flipped byte, another key, another image and another repository', async () => {
    const sig = skopeoStandaloneSign(home, manifest, 'registry.example.com/acme/app:1.0');
    const flipped = Buffer.from(sig);
    flipped[flipped.length - 10] ^= 0xff;
    const stranger = createGpgHome('Stranger <s@example.com>');
    try {
      const foreign = skopeoStandaloneSign(stranger, manifest, 'registry.example.com/acme/app:1.0');
      const results = await verifyImageSignatures({ digest: sha256(manifest), identity: 'registry.example.com/acme/app', trust, artifacts: [lookaside(flipped), lookaside(foreign)] });
      expect(results[0].verified).toBe(false);
      expect(['BAD_SIGNATURE', 'CORRUPT']).toContain(results[0].code);
      expect(results[1]).toMatchObject({ verified: false, code: 'UNKNOWN_KEY' });
    } finally {
      stranger.remove();
    }
    const other = sha256(Buffer.from('other'));
    const [d] = await verifyImageSignatures({ digest: other, identity: 'registry.example.com/acme/app', trust, artifacts: [lookaside(sig)] });
    expect(d).toMatchObject({ code: 'DIGEST_MISMATCH', reason: `signed docker-manifest-digest ${sha256(manifest)} ≠ image digest ${other}` });
    const [i] = await verifyImageSignatures({ digest: sha256(manifest), identity: 'registry.example.com/acme/other', trust, artifacts: [lookaside(sig)] });
    expect(i).toMatchObject({ code: 'IDENTITY_MISMATCH' });
  });

  describe('when skopeo copy --sign-by writes to a lookaside store', () => {
    let registry: RunningRegistry;
    let work: string;
    beforeAll(async () => {
      registry = await startRegistry();
      work = mkdtempSync(path.join(os.tmpdir(), 'assay-lookaside-'));
    });
    afterAll(async () => {
      await registry?.stop();
      if (work) rmSync(work, { recursive: true, force: true });
    });

    it('the signature-1 file it writes verifies for the pushed digest', async () => {
      // Any OCI image will do; a cosign signature artifact is a small valid one.
      const image = cosignSignatureArtifact([signCosign(generateSigningKey(), { digest: sha256(manifest), reference: 'x.example/y' })]);
      const layout = path.join(work, 'layout');
      await writeArtifactToOciLayout(layout, image, 'v1');
      const store = path.join(work, 'lookaside');
      const rd = lookasideRegistriesD(store);
      try {
        execFileSync('skopeo', ['copy', '--quiet', '--registries.d', rd, '--dest-tls-verify=false', '--sign-by', home.fingerprint, `oci:${layout}:v1`, `docker://${registry.host}/acme/app:v1`], { env: home.env });
      } finally {
        rmSync(rd, { recursive: true, force: true });
      }
      const file = path.join(store, `acme/app@${image.manifestDigest.replace(':', '=')}`, 'signature-1');
      const [r] = await verifyImageSignatures({
        digest: image.manifestDigest,
        identity: `${registry.host}/acme/app`,
        trust,
        artifacts: [lookaside(readFileSync(file), file)],
      });
      expect(r).toMatchObject({ kind: 'simple-signing', verified: true, keyId: home.fingerprint, reference: `${registry.host}/acme/app:v1` });
    });
  });
});
