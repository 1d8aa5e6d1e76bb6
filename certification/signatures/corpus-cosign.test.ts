import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { isCertificationError } from '../errors';
import type { SignatureArtifact } from '../image/signatures';
import { readTsvRows, signatureCorpus } from '../test-support/signing';
import { parseSigstoreJsonSignature, verifyCosignSignature } from './cosign';
import { cosignPayload } from './sign';
import type { IdentityRule } from './simple-signing';
import { readPublicKey, type TrustedPublicKey } from './trust';
import { verifyImageSignatures } from './verify-image-signatures';

// containers/image's cosign-format fixtures (real cosign and skopeo output) in ../shared/corpus/signatures.
const dir = signatureCorpus('signatures');
const file = (name: string) => readFileSync(path.join(dir!, name));
const sha256 = (b: Buffer) => `sha256:${createHash('sha256').update(b).digest('hex')}`;
const DIGEST = 'sha256:634a8f35b5f16dcf4aaa0822adc0b1964bb786fca12f6831de8ddc45e5986a00';
const REPO = '192.168.64.2:5000/cosign-signed-single-sample';
const NOT_APPLICABLE = new Set([
  // Digest computation from a missing or schema-1 manifest belongs to the image access layer.
  'dir-img-cosign-no-manifest/signature-1',
  'dir-img-cosign-manifest-digest-error/signature-1',
  // Rekor SET, Fulcio and private-PKI chains: keyless trust is out of scope; checked below as "no trusted key".
  'rekor-set',
  'fulcio-cert',
  'pki-cert',
]);

describe.skipIf(!dir)('containers/image cosign-format fixtures', () => {
  const key = (name: string) => readPublicKey(file(name), { name });
  const verify = (names: string[], keys: TrustedPublicKey[], identity: string, digest = DIGEST, rule?: IdentityRule) =>
    verifyImageSignatures({
      digest,
      identity,
      trust: { publicKeys: keys, openpgpKeys: [] },
      artifacts: names.map((n): SignatureArtifact => ({ kind: 'lookaside', foundAt: n, layers: [], bytes: file(n) })),
      ...(rule ? { identityRule: rule } : {}),
    });

  it('reads the PEM keys with their key ids and algorithms, and refuses what is not a public key', () => {
    const k = key('cosign.pub');
    expect(k.algorithm).toBe('ecdsa-p256');
    expect(k.keyId).toBe(createHash('sha256').update(k.key.export({ type: 'spki', format: 'der' })).digest('hex'));
    expect(key('some-rsa-key.pub').algorithm).toBe('rsa');
    for (const bad of ['fulcio_v1.crt.pem', 'public-key.gpg']) {
      const e = (() => {
        try {
          key(bad);
        } catch (err) {
          return err;
        }
      })();
      expect(isCertificationError(e) && e.code, bad).toBe('SIGNATURE_ERROR');
    }
  });

  it('covers every cosign row of expected.tsv (or names why it does not apply)', () => {
    const rows = readTsvRows(path.join(dir!, 'expected.tsv')).filter((r) => !r.format.startsWith('simple-signing'));
    const covered = new Set([
      'dir-img-cosign-valid/signature-1', 'dir-img-cosign-valid-2/signature-1', 'dir-img-cosign-valid-2/signature-2',
      'dir-img-cosign-mixed/signature-1', 'dir-img-cosign-mixed/signature-2', 'dir-img-cosign-modified-manifest/signature-1',
      'dir-img-cosign-other-attachment/signature-1', 'dir-img-cosign-valid-with-tag/signature-1', 'dir-img-cosign-key-rekor-valid/signature-1',
      'dir-img-cosign-fulcio-rekor-valid/signature-1', 'dir-img-cosign-pki-valid/signature-1', 'unknown-cosign-key.signature',
    ]);
    expect(rows.map((r) => r.signature_file).filter((f) => !covered.has(f) && !NOT_APPLICABLE.has(f))).toEqual([]);
  });

  it('writes the payload byte for byte as cosign does', () => {
    const parsed = parseSigstoreJsonSignature(file('dir-img-cosign-valid/signature-1'));
    if (!parsed.ok) throw new Error(parsed.reason);
    expect(cosignPayload({ digest: DIGEST, reference: REPO }).equals(parsed.signature.payload)).toBe(true);
  });

  describe('when the signature is good', () => {
    it('verifies dir-img-cosign-valid with cosign.pub alone or among other keys, in either order', async () => {
      for (const keys of [[key('cosign.pub')], [key('cosign.pub'), key('cosign2.pub')], [key('cosign2.pub'), key('cosign.pub')]]) {
        const [r] = await verify(['dir-img-cosign-valid/signature-1'], keys, REPO, sha256(file('dir-img-cosign-valid/manifest.json')));
        expect(r).toMatchObject({ kind: 'cosign', verified: true, keyId: key('cosign.pub').keyId, reference: REPO, signedDigest: DIGEST });
      }
    });

    it('verifies both signatures of -valid-2 and reports each failure of -mixed beside its good one', async () => {
      const both = await verify(['dir-img-cosign-valid-2/signature-1', 'dir-img-cosign-valid-2/signature-2'], [key('cosign.pub')], REPO);
      expect(both.map((r) => r.verified)).toEqual([true, true]);
      const mixed = await verify(['dir-img-cosign-mixed/signature-1', 'dir-img-cosign-mixed/signature-2'], [key('cosign.pub')], `${REPO}:any-tag`);
      expect(mixed.map((r) => [r.verified, r.code])).toEqual([[false, 'UNKNOWN_KEY'], [true, undefined]]);
    });

    it('verifies the skopeo-made signature that carries a tag, under matchExact', async () => {
      const [r] = await verify(['dir-img-cosign-valid-with-tag/signature-1'], [key('cosign.pub')], '192.168.64.2:5000/skopeo-signed:tag', DIGEST, { type: 'matchExact' });
      expect(r).toMatchObject({ verified: true, reference: '192.168.64.2:5000/skopeo-signed:tag' });
    });

    it('verifies the key + Rekor signature with its key (the SET is not needed offline)', async () => {
      const [r] = await verify(['dir-img-cosign-key-rekor-valid/signature-1'], [key('cosign2.pub'), key('cosign.pub')], '192.168.64.2:5000/cosign-signed/key-1', 'sha256:0489474da8ea22426ece86ace6c1c0026ab2fd3cdfbbd62b7e94650266c37d9a');
      expect(r).toMatchObject({ verified: true, keyId: key('cosign2.pub').keyId });
    });
  });

  describe('when the signature must fail', () => {
    it('reports a key that is not the signer as UNKNOWN_KEY', async () => {
      const [r] = await verify(['dir-img-cosign-valid/signature-1'], [key('cosign2.pub')], REPO);
      expect(r).toMatchObject({ verified: false, code: 'UNKNOWN_KEY', keyId: null });
      const [u] = await verify(['unknown-cosign-key.signature'], [key('cosign.pub')], REPO);
      expect(u.code).toBe('UNKNOWN_KEY');
    });

    it('says so when the vendor has no keys at all', async () => {
      const [r] = await verify(['dir-img-cosign-valid/signature-1'], [], REPO);
      expect(r.code).toBe('NO_TRUSTED_KEYS');
    });

    it('reports the digest that was signed when the manifest was modified', async () => {
      const actual = sha256(file('dir-img-cosign-modified-manifest/manifest.json'));
      expect(actual).toBe('sha256:d9dcafdb480aa7c475e91737b96925e45844213dcb0290b4a90017459121f71f');
      const [r] = await verify(['dir-img-cosign-modified-manifest/signature-1'], [key('cosign.pub')], REPO, actual);
      expect(r).toMatchObject({ verified: false, code: 'DIGEST_MISMATCH', reason: `signed docker-manifest-digest ${DIGEST} ≠ image digest ${actual}` });
    });

    it('rejects another repository, a cosign signature without a tag under matchExact, a tag mismatch and a required reference', async () => {
      const k = [key('cosign.pub')];
      expect((await verify(['dir-img-cosign-valid/signature-1'], k, 'testing/manifest:notlatest'))[0].code).toBe('IDENTITY_MISMATCH');
      expect((await verify(['dir-img-cosign-valid/signature-1'], k, REPO, DIGEST, { type: 'matchExact' }))[0].code).toBe('IDENTITY_MISMATCH');
      expect((await verify(['dir-img-cosign-valid-with-tag/signature-1'], k, '192.168.64.2:5000/skopeo-signed:othertag', DIGEST, { type: 'matchExact' }))[0].code).toBe('IDENTITY_MISMATCH');
      expect((await verify(['dir-img-cosign-valid/signature-1'], k, REPO, DIGEST, { type: 'exactReference', reference: 'this/does-not:match' }))[0].code).toBe('IDENTITY_MISMATCH');
    });

    it('does not take an attachment of another media type for a signature', async () => {
      const [r] = await verify(['dir-img-cosign-other-attachment/signature-1'], [key('cosign.pub')], 'testing/manifest:latest');
      expect(r).toMatchObject({ verified: false, code: 'NOT_A_SIGNATURE' });
    });

    it.each(['dir-img-cosign-fulcio-rekor-valid/signature-1', 'dir-img-cosign-pki-valid/signature-1'])('%s: keyless, never verified without a trusted key', async (name) => {
      const [r] = await verify([name], [key('cosign.pub'), key('cosign2.pub'), key('rekor.pub')], '192.168.64.2:5000/cosign-signed/fulcio-rekor-1');
      expect(r).toMatchObject({ verified: false, code: 'KEYLESS' });
      expect(r.reason).toMatch(/^keyless signature \(certificate .*\), no trusted key$/);
    });

    it('a tampered signature annotation fails and the real one still passes', () => {
      const parsed = parseSigstoreJsonSignature(file('dir-img-cosign-valid/signature-1'));
      if (!parsed.ok) throw new Error(parsed.reason);
      const sig = Buffer.from(parsed.signature.annotations['dev.cosignproject.cosign/signature'], 'base64');
      sig[sig.length - 1] ^= 1;
      const bad = verifyCosignSignature({ payload: parsed.signature.payload, annotations: { 'dev.cosignproject.cosign/signature': sig.toString('base64') } }, [key('cosign.pub')]);
      expect(!bad.ok && bad.code).toBe('UNKNOWN_KEY');
      expect(verifyCosignSignature(parsed.signature, [key('cosign.pub')]).ok).toBe(true);
    });
  });
});
