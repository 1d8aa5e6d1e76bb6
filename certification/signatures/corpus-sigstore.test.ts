import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readTsvRows, signatureCorpus } from '../test-support/signing';
import { verifySigstoreBundle } from './sigstore-bundle';
import { readPublicKey, type TrustedPublicKey } from './trust';
import { verifyBundleBytes } from './verify-image-signatures';

// Real Sigstore bundles (../shared/corpus/sigstore, expected.tsv): the public-key rows must verify or
// fail as upstream says; keyless rows are out of scope and must only ever be "no trusted key".
const dir = signatureCorpus('sigstore');
const file = (name: string) => readFileSync(path.join(dir!, name));
const json = (name: string) => JSON.parse(file(name).toString('utf8'));
const A_TXT = 'conformance/bundle-verify/a.txt';

describe.skipIf(!dir)('Sigstore bundle fixtures', () => {
  const rows = dir ? readTsvRows(path.join(dir, 'expected.tsv')) : [];
  const keyRows = rows.filter((r) => r.key_or_trusted_root.startsWith('key='));
  const parts = (r: Record<string, string>) => Object.fromEntries(r.key_or_trusted_root.split('; ').map((p) => p.split('=') as [string, string]));

  it('has the five public-key rows this verifier owns', () => {
    expect(keyRows.map((r) => r.file)).toEqual([
      'conformance/bundle-verify/managed-key-and-trusted-root/bundle.sigstore.json',
      'conformance/bundle-verify/managed-key-happy-path/bundle.sigstore.json',
      'conformance/bundle-verify/managed-key-wrong-key_fail/bundle.sigstore.json',
      'sigstore-go/examples/bundle-publish.json',
      'sigstore-go/bundles/public-key-validity.sigstore.json',
    ]);
  });

  describe('when signed with a managed key (conformance)', () => {
    const key = () => readPublicKey(file('conformance/bundle-verify/managed-key-happy-path/key.pub'));
    it.each(['managed-key-happy-path', 'managed-key-and-trusted-root'])('%s verifies offline, with and without its trusted root', (name) => {
      const row = keyRows.find((r) => r.file.includes(`/${name}/`))!;
      expect(row.expected).toBe('valid');
      const bundle = file(`conformance/bundle-verify/${name}/bundle.sigstore.json`);
      const offline = verifySigstoreBundle(bundle, { keys: [key()], artifact: file(A_TXT) });
      expect(offline).toMatchObject({ ok: true, content: 'message-signature', transparencyLog: 'not-checked', messageDigest: 'sha256:a0cfc71271d6e278e57cd332ff957c3f7043fdda354c4cbb190a30d56efa01bf' });
      const rooted = verifySigstoreBundle(bundle, { keys: [key()], artifact: file(A_TXT), trustedRoot: json(parts(row).trusted_root) });
      expect(rooted).toMatchObject({ ok: true, transparencyLog: 'verified' });
      expect(offline.ok && offline.key.keyId).toBe(key().keyId);
    });

    it('finds the key by trying every vendor key when the hint names none of them', () => {
      const other = readPublicKey(file('sigstore-go/examples/publish_key.pub'));
      const r = verifySigstoreBundle(file('conformance/bundle-verify/managed-key-happy-path/bundle.sigstore.json'), { keys: [other, key()], artifact: file(A_TXT) });
      expect(r.ok && r.key.keyId).toBe(key().keyId);
    });

    it('managed-key-wrong-key_fail: the wrong key is refused when loaded, and another key does not verify', () => {
      expect(() => readPublicKey(file('conformance/bundle-verify/managed-key-wrong-key_fail/key.pub'))).toThrow(/SubjectPublicKeyInfo/);
      const other = readPublicKey(file('sigstore-go/examples/publish_key.pub'));
      const r = verifySigstoreBundle(file('conformance/bundle-verify/managed-key-wrong-key_fail/bundle.sigstore.json'), { keys: [other], artifact: file(A_TXT) });
      expect(!r.ok && r.code).toBe('UNKNOWN_KEY');
    });

    it('managed-key-no-key_fail: no key, no verification', () => {
      const r = verifySigstoreBundle(file('conformance/bundle-verify/managed-key-no-key_fail/bundle.sigstore.json'), { keys: [], artifact: file(A_TXT) });
      expect(!r.ok && r.code).toBe('NO_TRUSTED_KEYS');
    });

    it('a tampered artifact and a wrong expected digest are digest failures, not passes', () => {
      const bundle = file('conformance/bundle-verify/managed-key-happy-path/bundle.sigstore.json');
      const tampered = verifySigstoreBundle(bundle, { keys: [key()], artifact: Buffer.from('not a.txt') });
      expect(tampered.ok).toBe(false);
      const wrong = verifySigstoreBundle(bundle, { keys: [key()], artifact: file(A_TXT), digest: `sha256:${'0'.repeat(64)}` });
      expect(!wrong.ok && wrong.code).toBe('DIGEST_MISMATCH');
    });
  });

  describe('when it is the npm registry publish attestation (DSSE, v0.1, hint "SHA256:…")', () => {
    const key = () => readPublicKey(file('sigstore-go/examples/publish_key.pub'));
    const subject = 'sha512:76176ffa33808b54602c7c35de5c6e9a4deb96066dba6533f50ac234f4f1f4c6b3527515dc17c06fbe2860030f410eee69ea20079bd3a2c6f3dcf3b329b10751';
    it('verifies and matches the in-toto subject digest; a different digest is named in the failure', () => {
      const r = verifySigstoreBundle(file('sigstore-go/examples/bundle-publish.json'), { keys: [key()], digest: subject });
      expect(r).toMatchObject({ ok: true, content: 'dsse', subject: { name: 'pkg:npm/sigstore@1.3.0' } });
      const rooted = verifySigstoreBundle(file('sigstore-go/examples/bundle-publish.json'), { keys: [key()], digest: subject, trustedRoot: json('sigstore-go/examples/trusted-root-public-good.json') });
      expect(rooted).toMatchObject({ ok: true, transparencyLog: 'verified' });
      const other = verifySigstoreBundle(file('sigstore-go/examples/bundle-publish.json'), { keys: [key()], digest: `sha256:${'1'.repeat(64)}` });
      expect(other).toMatchObject({ ok: false, code: 'DIGEST_MISMATCH' });
      expect(!other.ok && other.reason).toContain(subject);
    });

    it('is not taken for an image signature: its subject is an npm package, not the repository', () => {
      const r = verifyBundleBytes(
        { digest: subject.replace('sha512', 'sha256').slice(0, 71), identity: 'registry.example.com/acme/app', trust: { publicKeys: [key()], openpgpKeys: [] }, artifacts: [] },
        file('sigstore-go/examples/bundle-publish.json'),
        'bundle-publish.json',
      );
      expect(r).toMatchObject({ kind: 'sigstore-bundle', verified: false, code: 'DIGEST_MISMATCH' });
    });
  });

  describe('when the key has a validity window (sigstore-go public-key-validity)', () => {
    const base = () => readPublicKey(file('sigstore-go/public-keys/public-key-validity.pem'));
    const artifact = Buffer.from('test content');
    const bundle = () => file('sigstore-go/bundles/public-key-validity.sigstore.json');
    it('verifies with an unbounded key', () => {
      expect(verifySigstoreBundle(bundle(), { keys: [base()], artifact }).ok).toBe(true);
    });
    it('fails (as upstream asserts) when the key was valid only in 1970, judged by the RFC 3161 timestamp or by now', () => {
      const windowed: TrustedPublicKey = { ...base(), validFrom: new Date(0), validUntil: new Date(1000) };
      const rooted = verifySigstoreBundle(bundle(), { keys: [windowed], artifact, trustedRoot: json('sigstore-go/trusted-roots/public-key-validity.json') });
      expect(rooted).toMatchObject({ ok: false, code: 'KEY_NOT_VALID' });
      expect(!rooted.ok && rooted.reason).toContain('Public key is not valid for timestamp');
      expect(verifySigstoreBundle(bundle(), { keys: [windowed], artifact })).toMatchObject({ ok: false, code: 'KEY_NOT_VALID' });
    });
  });

  it('never verifies a keyless bundle: every other row is "no trusted key" or unreadable', () => {
    const keys = keyRows.flatMap((r) => {
      try {
        return [readPublicKey(file(parts(r).key))];
      } catch {
        return [];
      }
    });
    const keyless = rows.filter((r) => !r.key_or_trusted_root.startsWith('key=') && !r.file.includes('managed-key-no-key'));
    expect(keyless.length).toBeGreaterThan(80);
    const codes = new Map<string, number>();
    for (const r of keyless) {
      const result = verifySigstoreBundle(file(r.file), { keys, artifact: file(A_TXT) });
      expect(result.ok, r.file).toBe(false);
      if (!result.ok) {
        expect(['KEYLESS', 'CORRUPT'], `${r.file}: ${result.reason}`).toContain(result.code);
        codes.set(result.code, (codes.get(result.code) ?? 0) + 1);
      }
    }
    expect(codes.get('KEYLESS')).toBeGreaterThan(70);
  });

  it('reads the cosign OCI attestation as keyless, naming its certificate', () => {
    const r = verifySigstoreBundle(file('cosign/oci-attestation.sigstore.json'), { keys: [readPublicKey(file('sigstore-go/examples/publish_key.pub'))] });
    expect(r).toMatchObject({ ok: false, code: 'KEYLESS' });
    expect(!r.ok && r.reason).toContain('cody@soyland.com');
  });
});
