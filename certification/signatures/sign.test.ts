import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SignatureArtifact } from '../image/signatures';
import { startRegistry, type RunningRegistry } from '../test-support/registry';
import { toolAvailable } from '../test-support/signing';
import { COSIGN_SIGN_PREDICATE } from './dsse';
import { writeArtifactToOciLayout } from './oci-layout';
import {
  bundleReferrerArtifact, cosignAttestationArtifact, cosignSignatureArtifact, cosignTag, generateSigningKey, inTotoStatement,
  sha256, signAttestation, signBundle, signCosign, type OciArtifact, type SigningKey,
} from './sign';
import { readPublicKey, type TrustMaterial } from './trust';
import { verifyImageSignatures } from './verify-image-signatures';

// Our signer round-tripped through our verifier, each tampering caught with its own reason, and the
// artifacts pushed to a real registry with skopeo.
const DIGEST = sha256(Buffer.from('{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json"}'));
const OTHER = sha256(Buffer.from('another manifest'));
const REPO = 'registry.example.com/acme/app';

function asArtifact(kind: SignatureArtifact['kind'], a: OciArtifact, foundAt = 'test'): SignatureArtifact {
  const manifest = JSON.parse(a.manifest.toString()) as { layers: Array<{ digest: string }>; artifactType?: string };
  return {
    kind,
    foundAt,
    digest: a.manifestDigest,
    ...(manifest.artifactType ? { artifactType: manifest.artifactType } : {}),
    layers: manifest.layers.map((l) => {
      const b = a.blobs.find((x) => x.digest === l.digest)!;
      return { descriptor: { mediaType: b.mediaType, digest: b.digest, size: b.size, ...(b.annotations ? { annotations: b.annotations } : {}) }, bytes: b.bytes };
    }),
  };
}

describe('our signer', () => {
  let key: SigningKey;
  let trust: TrustMaterial;
  const verify = (artifacts: SignatureArtifact[], digest = DIGEST, t = trust) => verifyImageSignatures({ digest, identity: REPO, trust: t, artifacts });

  beforeAll(() => {
    key = generateSigningKey();
    trust = { publicKeys: [readPublicKey(key.publicKeyPem)], openpgpKeys: [] };
  });

  describe('when it makes a cosign signature', () => {
    it('verifies, naming the key id (hex SHA-256 of the SPKI) and the signed reference', async () => {
      const sig = signCosign(key, { digest: DIGEST, reference: REPO });
      const [r] = await verify([asArtifact('cosign-signature', cosignSignatureArtifact([sig]))]);
      expect(r).toMatchObject({ kind: 'cosign', verified: true, keyId: key.keyId, reference: REPO, signedDigest: DIGEST });
    });

    it('catches each tampering with its own reason', async () => {
      const good = signCosign(key, { digest: DIGEST, reference: REPO });
      const payload = Buffer.from(good.payload);
      payload[payload.length - 3] ^= 1;
      const other = generateSigningKey();
      const results = await verify([
        asArtifact('cosign-signature', cosignSignatureArtifact([{ ...good, payload }])),
        asArtifact('cosign-signature', cosignSignatureArtifact([signCosign(key, { digest: OTHER, reference: REPO })])),
        asArtifact('cosign-signature', cosignSignatureArtifact([signCosign(key, { digest: DIGEST, reference: 'registry.example.com/acme/other' })])),
        asArtifact('cosign-signature', cosignSignatureArtifact([signCosign(other, { digest: DIGEST, reference: REPO })])),
      ]);
      expect(results.map((r) => r.code)).toEqual(['UNKNOWN_KEY', 'DIGEST_MISMATCH', 'IDENTITY_MISMATCH', 'UNKNOWN_KEY']);
      expect(results[1].reason).toBe(`signed docker-manifest-digest ${OTHER} ≠ image digest ${DIGEST}`);
      expect(results[2].reason).toBe(`signed reference registry.example.com/acme/other ≠ expected repository ${REPO}`);
    });
  });

  describe('when it makes an attestation (DSSE over an in-toto statement)', () => {
    it('verifies as a cosign attestation with its predicate type, and refuses another subject', async () => {
      const predicateType = 'urn:assay:certification:v1';
      const env = signAttestation(key, inTotoStatement({ name: REPO, digest: DIGEST, predicateType, predicate: { grade: 'A' } }));
      const [r] = await verify([asArtifact('cosign-attestation', cosignAttestationArtifact([{ envelope: env, predicateType }]))]);
      expect(r).toMatchObject({ kind: 'cosign', verified: true, keyId: key.keyId, predicateType, reference: REPO });
      const [wrong] = await verify([asArtifact('cosign-attestation', cosignAttestationArtifact([{ envelope: env, predicateType }]))], OTHER);
      expect(wrong).toMatchObject({ verified: false, code: 'DIGEST_MISMATCH' });
      const forged = { ...env, payload: Buffer.from(JSON.stringify(inTotoStatement({ name: REPO, digest: OTHER, predicateType }))).toString('base64') };
      const [f] = await verify([asArtifact('cosign-attestation', cosignAttestationArtifact([{ envelope: forged, predicateType }]))], OTHER);
      expect(f).toMatchObject({ verified: false, code: 'UNKNOWN_KEY' });
    });
  });

  describe('when it makes a Sigstore bundle (cosign v3 style, as an OCI referrer)', () => {
    it('verifies offline by the public-key hint, and a modified statement does not', async () => {
      const bundle = await signBundle(key, inTotoStatement({ name: REPO, digest: DIGEST, predicateType: COSIGN_SIGN_PREDICATE }));
      expect(bundle.mediaType).toBe('application/vnd.dev.sigstore.bundle.v0.3+json');
      const subject = { mediaType: 'application/vnd.oci.image.manifest.v1+json', digest: DIGEST, size: 80 };
      const [r] = await verify([asArtifact('referrer', bundleReferrerArtifact(bundle, subject))]);
      expect(r).toMatchObject({ kind: 'sigstore-bundle', verified: true, keyId: key.keyId, predicateType: COSIGN_SIGN_PREDICATE, reference: REPO });
      const env = bundle.dsseEnvelope as { payload: string };
      const tampered = { ...bundle, dsseEnvelope: { ...env, payload: Buffer.from(JSON.stringify(inTotoStatement({ name: REPO, digest: OTHER, predicateType: COSIGN_SIGN_PREDICATE }))).toString('base64') } };
      const [t] = await verify([asArtifact('referrer', bundleReferrerArtifact(tampered, subject))], OTHER);
      expect(t).toMatchObject({ verified: false, code: 'UNKNOWN_KEY' });
      const [k] = await verify([asArtifact('referrer', bundleReferrerArtifact(bundle, subject))], DIGEST, { publicKeys: [readPublicKey(generateSigningKey().publicKeyPem)], openpgpKeys: [] });
      expect(k).toMatchObject({ verified: false, code: 'UNKNOWN_KEY' });
    });
  });

  describe.skipIf(!toolAvailable('skopeo') || !toolAvailable('docker-registry'))('when the artifacts are pushed with skopeo', () => {
    let registry: RunningRegistry;
    let work: string;
    beforeAll(async () => {
      registry = await startRegistry();
      work = mkdtempSync(path.join(os.tmpdir(), 'assay-oci-'));
    });
    afterAll(async () => {
      await registry?.stop();
      if (work) rmSync(work, { recursive: true, force: true });
    });

    it('skopeo reads the OCI layout, pushes the .sig and .att tags, and what the registry serves verifies', async () => {
      const sig = cosignSignatureArtifact([signCosign(key, { digest: DIGEST, reference: `${registry.host}/acme/app` })]);
      const predicateType = 'urn:assay:certification:v1';
      const att = cosignAttestationArtifact([{ envelope: signAttestation(key, inTotoStatement({ name: `${registry.host}/acme/app`, digest: DIGEST, predicateType })), predicateType }]);
      const layout = path.join(work, 'layout');
      await writeArtifactToOciLayout(layout, sig, cosignTag(DIGEST, 'sig'));
      await writeArtifactToOciLayout(layout, att, cosignTag(DIGEST, 'att'));
      const raw = execFileSync('skopeo', ['inspect', '--raw', `oci:${layout}:${cosignTag(DIGEST, 'sig')}`]);
      expect(raw.equals(sig.manifest)).toBe(true);
      for (const [a, suffix] of [[sig, 'sig'], [att, 'att']] as const) {
        execFileSync('skopeo', ['copy', '--quiet', '--dest-tls-verify=false', `oci:${layout}:${cosignTag(DIGEST, suffix)}`, `docker://${registry.host}/acme/app:${cosignTag(DIGEST, suffix)}`]);
        const res = await fetch(`${registry.url}/v2/acme/app/manifests/${cosignTag(DIGEST, suffix)}`, { headers: { accept: 'application/vnd.oci.image.manifest.v1+json' } });
        expect(res.headers.get('docker-content-digest')).toBe(a.manifestDigest);
      }
      const pulled = JSON.parse(execFileSync('skopeo', ['inspect', '--raw', '--tls-verify=false', `docker://${registry.host}/acme/app:${cosignTag(DIGEST, 'sig')}`]).toString());
      const layer = pulled.layers[0];
      const bytes = Buffer.from(await (await fetch(`${registry.url}/v2/acme/app/blobs/${layer.digest}`)).arrayBuffer());
      const results = await verifyImageSignatures({
        digest: DIGEST,
        identity: `${registry.host}/acme/app`,
        trust,
        artifacts: [{ kind: 'cosign-signature', foundAt: `tag ${cosignTag(DIGEST, 'sig')}`, layers: [{ descriptor: layer, bytes }] }],
      });
      expect(results).toMatchObject([{ kind: 'cosign', verified: true, keyId: key.keyId }]);
    });
  });
});
