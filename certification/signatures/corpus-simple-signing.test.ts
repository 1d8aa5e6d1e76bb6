import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { isCertificationError } from '../errors';
import type { SignatureArtifact } from '../image/signatures';
import { readTsvRows, signatureCorpus } from '../test-support/signing';
import { verifyGpgSignature } from './gpg';
import { matchIdentity, parseSimpleSigningPayload } from './simple-signing';
import { readOpenPgpKeys, type TrustMaterial, type TrustedOpenPgpKey } from './trust';
import { verifyImageSignatures } from './verify-image-signatures';

// containers/image's GPG simple-signing fixtures (../shared/corpus/signatures, expected.tsv).
const dir = signatureCorpus('signatures');
const file = (name: string) => readFileSync(path.join(dir!, name));
const sha256 = (b: Buffer) => `sha256:${createHash('sha256').update(b).digest('hex')}`;
const IMAGE_DIGEST = 'sha256:20bf21ed457b390829cdbeec8795a7bea1626991fda603e0d01b4e7f60427e55';

// Rows whose subject is computing a digest from a schema-1 or missing manifest: that is the image
// access layer's job (it hands us the digest), not the verifier's.
const NOT_APPLICABLE = new Set(['dir-img-no-manifest/signature-1', 'dir-img-manifest-digest-error/signature-1', 'dir-img-unsigned/']);

describe.skipIf(!dir)('containers/image GPG simple-signing fixtures', () => {
  let ring: TrustedOpenPgpKey[];
  let testKey: TrustedOpenPgpKey[];
  const trust = (openpgpKeys: TrustedOpenPgpKey[]): TrustMaterial => ({ publicKeys: [], openpgpKeys });
  const lookaside = (name: string): SignatureArtifact => ({ kind: 'lookaside', foundAt: name, layers: [], bytes: file(name) });
  const verify = (name: string, keys: TrustedOpenPgpKey[], identity: string, digest = IMAGE_DIGEST, rule?: Parameters<typeof matchIdentity>[2]) =>
    verifyImageSignatures({ digest, identity, trust: trust(keys), artifacts: [lookaside(name)], ...(rule ? { identityRule: rule } : {}) }).then((r) => r[0]);

  beforeAll(async () => {
    ring = await readOpenPgpKeys(file('pubring.gpg'), 'pubring.gpg');
    testKey = await readOpenPgpKeys(file('public-key.gpg'), 'public-key.gpg');
  });

  it('reads every key and fingerprint listed in keys.tsv, subkeys and revocation included', async () => {
    expect(ring.map((k) => k.fingerprint)).toEqual([
      'F2B501009F78B0B340221A12A3CD242DA6028093',
      '08CD26E446E2E95249B7A405E932F44B23E8DD43',
      'B9F4CDB9FD8C475BFA340AC38D54A947EE396F36',
      '6D88C5A1993648A17B2BB0DC6B8499AF63388D63',
    ]);
    expect((await readOpenPgpKeys(file('public-key-1.gpg')))[0].fingerprint).toBe('08CD26E446E2E95249B7A405E932F44B23E8DD43');
    expect((await readOpenPgpKeys(file('public-key-2.gpg')))[0].fingerprint).toBe('F2B501009F78B0B340221A12A3CD242DA6028093');
    const [withSub] = await readOpenPgpKeys(file('public-key-with-subkey.gpg'));
    expect(withSub.subkeys).toEqual([{ fingerprint: '57D1D95BBC53BA0EAFF0718CD75B3109B3BAAEAF', keyId: 'D75B3109B3BAAEAF', revoked: false }]);
    const [revoked] = await readOpenPgpKeys(file('public-key-with-revoked-subkey.gpg'));
    expect(revoked.fingerprint).toBe('6D88C5A1993648A17B2BB0DC6B8499AF63388D63');
    expect(revoked.subkeys[0]).toMatchObject({ fingerprint: '4D33404E00B470050709F3233EF0F93A1F602997', revoked: true });
  });

  it('covers every simple-signing row of expected.tsv (or names why it does not apply)', () => {
    const rows = readTsvRows(path.join(dir!, 'expected.tsv')).filter((r) => r.format.startsWith('simple-signing'));
    const covered = new Set([
      'image.signature', 'no-optional-fields.signature', 'invalid-reference.signature', 'corrupt.signature', 'corrupt.signature-v3',
      'expired.signature', 'unknown-key.signature', 'unknown-key.signature-v3', 'invalid-blob.signature', 'invalid-blob.signature-v3',
      'subkey.signature', 'subkey.signature-v3', 'subkey-revoked.signature', 'subkey-revoked.signature-v3', 'unsigned-literal.signature',
      'unsigned-encrypted.signature', 'dir-img-valid/signature-1', 'dir-img-valid-2/signature-1', 'dir-img-valid-2/signature-2',
      'dir-img-mixed/signature-1', 'dir-img-mixed/signature-2', 'dir-img-modified-manifest/signature-1', 'dir-img-valid-subkey/signature-1',
    ]);
    expect(rows.map((r) => r.signature_file).filter((f) => !covered.has(f) && !NOT_APPLICABLE.has(f))).toEqual([]);
  });

  describe('when the signature is good', () => {
    it('verifies image.signature and reports the primary fingerprint, the reference and the digest', async () => {
      const r = await verify('image.signature', testKey, 'testing/manifest', sha256(file('image.manifest.json')), { type: 'exactReference', reference: 'testing/manifest' });
      expect(r).toMatchObject({ kind: 'simple-signing', verified: true, keyId: '08CD26E446E2E95249B7A405E932F44B23E8DD43', reference: 'testing/manifest', signedDigest: IMAGE_DIGEST });
      const again = await verify('image.signature', testKey, 'docker.io/testing/manifest', IMAGE_DIGEST, { type: 'exactReference', reference: 'docker.io/testing/manifest' });
      expect(again.verified).toBe(true);
    });

    it('reads the optional fields, and their absence', async () => {
      const good = await verifyGpgSignature(file('image.signature'), testKey);
      const bare = await verifyGpgSignature(file('no-optional-fields.signature'), testKey);
      if (!good.ok || !bare.ok) throw new Error('expected both to verify');
      const a = parseSimpleSigningPayload(good.payload);
      const b = parseSimpleSigningPayload(bare.payload);
      expect(a.ok && a.payload).toMatchObject({ creator: 'atomic ', timestamp: 1458239713, type: 'atomic container signature' });
      expect(b.ok && b.payload.creator).toBeUndefined();
      expect(b.ok && b.payload.timestamp).toBeUndefined();
    });

    it('verifies signatures made by a signing subkey (v4 and v3 packets) under the primary fingerprint', async () => {
      const keys = await readOpenPgpKeys(file('public-key-with-subkey.gpg'));
      for (const name of ['subkey.signature', 'subkey.signature-v3', 'dir-img-valid-subkey/signature-1']) {
        const r = await verify(name, keys, 'testing/manifest:latest', IMAGE_DIGEST, { type: 'matchExact' });
        expect(r, name).toMatchObject({ verified: true, keyId: 'B9F4CDB9FD8C475BFA340AC38D54A947EE396F36', reference: 'testing/manifest:latest' });
      }
      const v3 = await verifyGpgSignature(file('subkey.signature-v3'), keys);
      expect(v3.ok && v3.signingKeyFingerprint).toBe('57D1D95BBC53BA0EAFF0718CD75B3109B3BAAEAF');
    });

    it('accepts dir-img-valid, -valid-2 and the good half of -mixed with matchExact, and with a key list in any order', async () => {
      const two = [...(await readOpenPgpKeys(file('public-key-2.gpg'))), ...(await readOpenPgpKeys(file('public-key-1.gpg')))];
      for (const name of ['dir-img-valid/signature-1', 'dir-img-valid-2/signature-1', 'dir-img-valid-2/signature-2', 'dir-img-mixed/signature-2']) {
        const r = await verify(name, two, 'testing/manifest:latest', sha256(file(name.replace(/signature-\d$/, 'manifest.json'))), { type: 'matchExact' });
        expect(r, name).toMatchObject({ verified: true, keyId: '08CD26E446E2E95249B7A405E932F44B23E8DD43' });
      }
    });
  });

  describe('when the signature must fail', () => {
    it.each([
      ['corrupt.signature', 'BAD_SIGNATURE'],
      ['corrupt.signature-v3', 'BAD_SIGNATURE'],
      ['expired.signature', 'EXPIRED'],
      ['unknown-key.signature', 'UNKNOWN_KEY'],
      ['unknown-key.signature-v3', 'UNKNOWN_KEY'],
      ['unsigned-literal.signature', 'NOT_A_SIGNATURE'],
      ['unsigned-encrypted.signature', 'NOT_A_SIGNATURE'],
    ])('%s fails with %s against the whole keyring', async (name, code) => {
      const r = await verifyGpgSignature(file(name), ring);
      expect(r.ok).toBe(false);
      expect(!r.ok && r.code).toBe(code);
    });

    it('names the unknown key id', async () => {
      const r = await verifyGpgSignature(file('unknown-key.signature'), ring);
      expect(!r.ok && r.reason).toContain('5F9470E3BC6C3B55');
    });

    it.each(['subkey-revoked.signature', 'subkey-revoked.signature-v3'])('%s: a revoked subkey does not verify', async (name) => {
      const keys = await readOpenPgpKeys(file('public-key-with-revoked-subkey.gpg'));
      const r = await verify(name, keys, 'testing/manifest:latest');
      expect(r).toMatchObject({ verified: false, code: 'REVOKED', keyId: null });
      expect(r.reason).toContain('4D33404E00B470050709F3233EF0F93A1F602997');
    });

    it.each(['invalid-blob.signature', 'invalid-blob.signature-v3', 'dir-img-mixed/signature-1'])('%s: GPG-valid but not a simple-signing payload', async (name) => {
      const gpg = await verifyGpgSignature(file(name), ring);
      expect(gpg.ok && gpg.fingerprint).toBe('08CD26E446E2E95249B7A405E932F44B23E8DD43');
      const r = await verify(name, ring, 'testing/manifest');
      expect(r).toMatchObject({ verified: false, code: 'INVALID_PAYLOAD' });
    });

    it('rejects a signer whose key is not the vendor key', async () => {
      const other = await readOpenPgpKeys(file('public-key-2.gpg'));
      expect(await verify('image.signature', other, 'testing/manifest')).toMatchObject({ verified: false, code: 'UNKNOWN_KEY' });
    });

    it('says which digest was signed when the manifest differs', async () => {
      const wrong = sha256(Buffer.from('unexpected manifest'));
      const r = await verify('image.signature', testKey, 'testing/manifest', wrong);
      expect(r).toMatchObject({ verified: false, code: 'DIGEST_MISMATCH' });
      expect(r.reason).toBe(`signed docker-manifest-digest ${IMAGE_DIGEST} ≠ image digest ${wrong}`);
      const modified = await verify('dir-img-modified-manifest/signature-1', testKey, 'testing/manifest', sha256(file('dir-img-modified-manifest/manifest.json')));
      expect(modified.reason).toContain('sha256:2edc21ff514c75c0acb47d466dccce1d6acc592176d29d9e995cb5daba9c18ac');
    });

    it('rejects an identity mismatch, a tag mismatch under matchExact, and a required reference', async () => {
      expect(await verify('image.signature', testKey, 'example.com/does-not/match')).toMatchObject({ verified: false, code: 'IDENTITY_MISMATCH' });
      expect(await verify('dir-img-valid/signature-1', testKey, 'testing/manifest:notlatest', IMAGE_DIGEST, { type: 'matchExact' })).toMatchObject({ code: 'IDENTITY_MISMATCH' });
      expect(await verify('dir-img-valid/signature-1', testKey, 'testing/manifest:latest', IMAGE_DIGEST, { type: 'exactReference', reference: 'this/does-not:match' })).toMatchObject({ code: 'IDENTITY_MISMATCH' });
    });

    it('rejects an invalid docker-reference inside the signature', async () => {
      expect(await verify('invalid-reference.signature', testKey, 'testing/manifest')).toMatchObject({ verified: false, code: 'INVALID_PAYLOAD', reference: 'UPPERCASEISINVALID' });
    });

    it('treats an invalid expected identity as a caller error', async () => {
      const e = await verify('image.signature', testKey, 'UPPERCASEISINVALID').catch((err) => err);
      expect(isCertificationError(e) && e.code).toBe('INVALID_REFERENCE');
    });
  });
});
