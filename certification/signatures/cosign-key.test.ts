import { describe, expect, it } from 'vitest';
import { isCertificationError } from '../errors';
import { decryptCosignPrivateKey, encryptCosignPrivateKey } from './cosign-key';
import { generateSigningKey, signCosign, signingKeyFrom } from './sign';
import { readPublicKey } from './trust';
import { verifyCosignSignature } from './cosign';

// cosign's encrypted private key format, written and read back. The corpus holds no real cosign key
// file (only public keys), so the format is pinned by its documented JSON shape.
describe('cosign encrypted private keys', () => {
  it('decrypts what it encrypted (cosign cost parameters) and the key still signs verifiably', async () => {
    const key = generateSigningKey();
    const pem = await encryptCosignPrivateKey(key.privateKey, 'correct horse');
    expect(pem.startsWith('-----BEGIN ENCRYPTED SIGSTORE PRIVATE KEY-----\n')).toBe(true);
    const body = JSON.parse(Buffer.from(pem.split('\n').slice(1, -2).join(''), 'base64').toString());
    expect(body).toMatchObject({ kdf: { name: 'scrypt', params: { N: 32768, r: 8, p: 1 } }, cipher: { name: 'nacl/secretbox' } });
    expect(Buffer.from(body.kdf.salt, 'base64')).toHaveLength(32);
    expect(Buffer.from(body.cipher.nonce, 'base64')).toHaveLength(24);
    const back = signingKeyFrom(await decryptCosignPrivateKey(pem, 'correct horse'));
    expect(back.keyId).toBe(key.keyId);
    const sig = signCosign(back, { digest: `sha256:${'a'.repeat(64)}`, reference: 'registry.example.com/a/b' });
    expect(verifyCosignSignature({ payload: sig.payload, annotations: { 'dev.cosignproject.cosign/signature': sig.signature } }, [readPublicKey(key.publicKeyPem)]).ok).toBe(true);
  });

  it('reads the older COSIGN label too', async () => {
    const key = generateSigningKey();
    const pem = await encryptCosignPrivateKey(key.privateKey, '', { label: 'ENCRYPTED COSIGN PRIVATE KEY', scryptN: 1024 });
    expect(signingKeyFrom(await decryptCosignPrivateKey(pem, '')).keyId).toBe(key.keyId);
  });

  it.each([
    ['a wrong password', async (pem: string) => decryptCosignPrivateKey(pem, 'wrong'), /wrong password/],
    ['another PEM label', async (pem: string) => decryptCosignPrivateKey(pem.replaceAll('ENCRYPTED SIGSTORE', 'EC'), 'pw'), /expected "ENCRYPTED SIGSTORE PRIVATE KEY"/],
    ['absurd scrypt cost', async (pem: string) => {
      const [, b64] = /-----\n([\s\S]*)\n-----END/.exec(pem)!;
      const body = JSON.parse(Buffer.from(b64.replace(/\n/g, ''), 'base64').toString());
      body.kdf.params.N = 2 ** 30;
      const again = `-----BEGIN ENCRYPTED SIGSTORE PRIVATE KEY-----\n${Buffer.from(JSON.stringify(body)).toString('base64')}\n-----END ENCRYPTED SIGSTORE PRIVATE KEY-----\n`;
      return decryptCosignPrivateKey(again, 'pw');
    }, /scrypt parameters/],
  ])('refuses %s with SIGNATURE_ERROR', async (_what, attempt, message) => {
    const pem = await encryptCosignPrivateKey(generateSigningKey().privateKey, 'pw', { scryptN: 1024 });
    const e = await attempt(pem).catch((err: unknown) => err);
    expect(isCertificationError(e) && e.code).toBe('SIGNATURE_ERROR');
    expect((e as Error).message).toMatch(message);
  });
});
