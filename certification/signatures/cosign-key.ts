import { createPrivateKey, randomBytes, scrypt, type KeyObject } from 'node:crypto';
import nacl from 'tweetnacl';
import { CertificationError } from '../errors';

// cosign's encrypted private key: PEM around JSON {kdf: scrypt params + salt, cipher: nacl/secretbox
// + nonce, ciphertext: secretbox(PKCS#8 DER)}, as sigstore's cryptoutils writes it.
export type CosignKeyLabel = 'ENCRYPTED SIGSTORE PRIVATE KEY' | 'ENCRYPTED COSIGN PRIVATE KEY';

const LABELS: CosignKeyLabel[] = ['ENCRYPTED SIGSTORE PRIVATE KEY', 'ENCRYPTED COSIGN PRIVATE KEY'];

interface EncryptedKey {
  kdf: { name: string; params: { N: number; r: number; p: number }; salt: string };
  cipher: { name: string; nonce: string };
  ciphertext: string;
}

function deriveKey(password: string, salt: Buffer, N: number, r: number, p: number): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scrypt(Buffer.from(password, 'utf8'), salt, 32, { N, r, p, maxmem: 256 * N * r + 1024 * 1024 }, (err, key) => (err ? reject(err) : resolve(key))),
  );
}

export interface EncryptOptions {
  label?: CosignKeyLabel;
  /** scrypt cost; cosign uses 32768. Tests may lower it. */
  scryptN?: number;
}

export async function encryptCosignPrivateKey(privateKey: KeyObject, password: string, opts: EncryptOptions = {}): Promise<string> {
  const N = opts.scryptN ?? 32768;
  const salt = randomBytes(32);
  const nonce = randomBytes(nacl.secretbox.nonceLength);
  const key = await deriveKey(password, salt, N, 8, 1);
  const der = privateKey.export({ type: 'pkcs8', format: 'der' });
  const ciphertext = Buffer.from(nacl.secretbox(new Uint8Array(der), new Uint8Array(nonce), new Uint8Array(key)));
  const body: EncryptedKey = {
    kdf: { name: 'scrypt', params: { N, r: 8, p: 1 }, salt: salt.toString('base64') },
    cipher: { name: 'nacl/secretbox', nonce: nonce.toString('base64') },
    ciphertext: ciphertext.toString('base64'),
  };
  const label = opts.label ?? 'ENCRYPTED SIGSTORE PRIVATE KEY';
  const b64 = Buffer.from(JSON.stringify(body)).toString('base64').replace(/.{1,64}/g, '$&\n');
  return `-----BEGIN ${label}-----\n${b64}-----END ${label}-----\n`;
}

function bad(expected: string, got: string): CertificationError {
  return new CertificationError('SIGNATURE_ERROR', `cosign private key: expected ${expected}, got ${got}`);
}

export async function decryptCosignPrivateKey(pem: string | Buffer, password: string): Promise<KeyObject> {
  const text = pem.toString();
  const m = /-----BEGIN ([A-Z ]+)-----([\s\S]*?)-----END \1-----/.exec(text);
  if (!m) throw bad('a PEM block', 'none');
  if (!LABELS.includes(m[1] as CosignKeyLabel)) throw bad(LABELS.map((l) => `"${l}"`).join(' or '), `"${m[1]}"`);
  let body: EncryptedKey;
  try {
    body = JSON.parse(Buffer.from(m[2].replace(/\s+/g, ''), 'base64').toString('utf8'));
  } catch {
    throw bad('base64 JSON inside the PEM block', 'unparseable data');
  }
  if (body?.kdf?.name !== 'scrypt') throw bad('kdf "scrypt"', JSON.stringify(body?.kdf?.name));
  if (body.cipher?.name !== 'nacl/secretbox') throw bad('cipher "nacl/secretbox"', JSON.stringify(body.cipher?.name));
  const { N, r, p } = body.kdf.params ?? {};
  if (![N, r, p].every((v) => Number.isSafeInteger(v) && v > 0) || N > 1 << 20 || r > 32 || p > 16) {
    throw bad('scrypt parameters N ≤ 2^20, r ≤ 32, p ≤ 16', JSON.stringify(body.kdf.params));
  }
  const salt = Buffer.from(body.kdf.salt ?? '', 'base64');
  const nonce = Buffer.from(body.cipher.nonce ?? '', 'base64');
  if (nonce.length !== nacl.secretbox.nonceLength) throw bad(`a ${nacl.secretbox.nonceLength}-byte nonce`, `${nonce.length} bytes`);
  const key = await deriveKey(password, salt, N, r, p);
  const plain = nacl.secretbox.open(new Uint8Array(Buffer.from(body.ciphertext ?? '', 'base64')), new Uint8Array(nonce), new Uint8Array(key));
  if (!plain) throw new CertificationError('SIGNATURE_ERROR', 'cosign private key: wrong password or corrupted key (decryption failed)');
  try {
    return createPrivateKey({ key: Buffer.from(plain), format: 'der', type: 'pkcs8' });
  } catch (e) {
    throw bad('a PKCS#8 private key inside', `unreadable key data (${(e as Error).message})`);
  }
}
