import { createHash, createPublicKey, verify as cryptoVerify, type KeyObject } from 'node:crypto';
import * as openpgp from 'openpgp';
import { CertificationError } from '../errors';

// Vendor trust material: PEM public keys for cosign-format signatures and Sigstore bundles, OpenPGP
// keys for simple signing. Loading is strict so a bad key file is an input error, not "unverified".
export type PublicKeyAlgorithm = 'ecdsa-p256' | 'ecdsa-p384' | 'ecdsa-p521' | 'ed25519' | 'rsa';

export interface TrustedPublicKey {
  /** Hex SHA-256 of the DER SubjectPublicKeyInfo. */
  keyId: string;
  algorithm: PublicKeyAlgorithm;
  key: KeyObject;
  /** Optional validity window (issue 5 keeps previous keys verifiable only for their period). */
  validFrom?: Date;
  validUntil?: Date;
  name?: string;
}

export interface TrustedOpenPgpSubkey {
  fingerprint: string;
  keyId: string;
  revoked: boolean;
}

export interface TrustedOpenPgpKey {
  /** Primary key fingerprint, upper-case hex (what containers/image reports). */
  fingerprint: string;
  keyId: string;
  userIds: string[];
  subkeys: TrustedOpenPgpSubkey[];
  key: openpgp.PublicKey;
  name?: string;
}

export interface TrustMaterial {
  publicKeys: TrustedPublicKey[];
  openpgpKeys: TrustedOpenPgpKey[];
  /** A Sigstore trusted root (JSON); when present, bundle tlog entries and timestamps are checked against it. */
  sigstoreTrustedRoot?: unknown;
}

const CURVES: Record<string, PublicKeyAlgorithm> = {
  prime256v1: 'ecdsa-p256',
  secp384r1: 'ecdsa-p384',
  secp521r1: 'ecdsa-p521',
};

export function publicKeyId(key: KeyObject): string {
  return createHash('sha256').update(key.export({ type: 'spki', format: 'der' })).digest('hex');
}

export function publicKeyAlgorithm(key: KeyObject, where = 'public key'): PublicKeyAlgorithm {
  const type = key.asymmetricKeyType;
  if (type === 'ed25519') return 'ed25519';
  if (type === 'rsa') return 'rsa';
  if (type === 'ec') {
    const curve = key.asymmetricKeyDetails?.namedCurve ?? '';
    const alg = CURVES[curve];
    if (alg) return alg;
    throw new CertificationError('SIGNATURE_ERROR', `${where}: expected an ECDSA key on P-256, P-384 or P-521, got curve "${curve}"`);
  }
  throw new CertificationError('SIGNATURE_ERROR', `${where}: expected an ECDSA, Ed25519 or RSA public key, got ${type ?? 'unknown'}`);
}

export interface ReadPublicKeyOptions {
  name?: string;
  validFrom?: Date;
  validUntil?: Date;
}

/** Reads one PEM `PUBLIC KEY` (SPKI). Private keys and certificates are refused: trust is a public key. */
export function readPublicKey(pem: string | Buffer, opts: ReadPublicKeyOptions = {}): TrustedPublicKey {
  const where = opts.name ? `public key ${opts.name}` : 'public key';
  const text = Buffer.isBuffer(pem) ? pem.toString('utf8') : pem;
  const label = /-----BEGIN ([A-Z0-9 ]+)-----/.exec(text)?.[1];
  if (label !== 'PUBLIC KEY') {
    throw new CertificationError('SIGNATURE_ERROR', `${where}: expected a PEM "PUBLIC KEY" block, got ${label ? `"${label}"` : 'no PEM block'}`);
  }
  let key: KeyObject;
  try {
    key = createPublicKey({ key: text, format: 'pem' });
  } catch (e) {
    throw new CertificationError('SIGNATURE_ERROR', `${where}: expected a valid SubjectPublicKeyInfo, got unreadable key data (${(e as Error).message})`);
  }
  return {
    keyId: publicKeyId(key),
    algorithm: publicKeyAlgorithm(key, where),
    key,
    ...(opts.validFrom ? { validFrom: opts.validFrom } : {}),
    ...(opts.validUntil ? { validUntil: opts.validUntil } : {}),
    ...(opts.name ? { name: opts.name } : {}),
  };
}

/** Reads armored or binary OpenPGP public keys (a keyring may hold several). */
export async function readOpenPgpKeys(data: string | Buffer, name?: string): Promise<TrustedOpenPgpKey[]> {
  const where = name ? `OpenPGP key ${name}` : 'OpenPGP key';
  const bytes = Buffer.isBuffer(data) ? data : Buffer.from(data, 'utf8');
  const armored = bytes.subarray(0, 64).toString('latin1').includes('-----BEGIN PGP');
  let keys: openpgp.Key[];
  try {
    keys = armored
      ? await openpgp.readKeys({ armoredKeys: bytes.toString('utf8') })
      : await openpgp.readKeys({ binaryKeys: new Uint8Array(bytes) });
  } catch (e) {
    throw new CertificationError('SIGNATURE_ERROR', `${where}: expected OpenPGP public key data, got unreadable data (${(e as Error).message})`);
  }
  const out: TrustedOpenPgpKey[] = [];
  for (const key of keys) {
    if (key.isPrivate()) {
      throw new CertificationError('SIGNATURE_ERROR', `${where}: expected a public key, got a private key (${key.getFingerprint().toUpperCase()})`);
    }
    const subkeys: TrustedOpenPgpSubkey[] = [];
    for (const sub of key.subkeys) {
      subkeys.push({
        fingerprint: sub.getFingerprint().toUpperCase(),
        keyId: sub.getKeyID().toHex().toUpperCase(),
        revoked: await sub.verify().then(
          () => false,
          (e: Error) => /revoked/i.test(e.message),
        ),
      });
    }
    out.push({
      fingerprint: key.getFingerprint().toUpperCase(),
      keyId: key.getKeyID().toHex().toUpperCase(),
      userIds: key.getUserIDs(),
      subkeys,
      key: key as openpgp.PublicKey,
      ...(name ? { name } : {}),
    });
  }
  if (!out.length) throw new CertificationError('SIGNATURE_ERROR', `${where}: expected at least one public key, got none`);
  return out;
}

export interface TrustInput {
  publicKeys?: Array<string | Buffer | { pem: string | Buffer } & ReadPublicKeyOptions>;
  openpgpKeys?: Array<string | Buffer | { data: string | Buffer; name?: string }>;
  sigstoreTrustedRoot?: unknown;
}

export async function loadTrustMaterial(input: TrustInput): Promise<TrustMaterial> {
  const publicKeys = (input.publicKeys ?? []).map((k) =>
    typeof k === 'string' || Buffer.isBuffer(k) ? readPublicKey(k) : readPublicKey(k.pem, k),
  );
  const openpgpKeys: TrustedOpenPgpKey[] = [];
  for (const k of input.openpgpKeys ?? []) {
    openpgpKeys.push(...(typeof k === 'string' || Buffer.isBuffer(k) ? await readOpenPgpKeys(k) : await readOpenPgpKeys(k.data, k.name)));
  }
  return { publicKeys, openpgpKeys, ...(input.sigstoreTrustedRoot ? { sigstoreTrustedRoot: input.sigstoreTrustedRoot } : {}) };
}

/** Whether a key may be used at `at` (its validity window, when it has one). */
export function keyValidAt(key: TrustedPublicKey, at: Date): boolean {
  if (key.validFrom && at < key.validFrom) return false;
  if (key.validUntil && at > key.validUntil) return false;
  return true;
}

/** Verifies a raw signature the way cosign does for each key type (SHA-256; DER ECDSA; raw Ed25519). */
export function verifyWithKey(key: TrustedPublicKey, data: Buffer, signature: Buffer): boolean {
  try {
    if (key.algorithm === 'ed25519') return cryptoVerify(null, data, key.key, signature);
    if (cryptoVerify('sha256', data, key.key, signature)) return true;
    // Some signers pair the hash with the curve (sigstore-go does for P-384/P-521).
    if (key.algorithm === 'ecdsa-p384') return cryptoVerify('sha384', data, key.key, signature);
    if (key.algorithm === 'ecdsa-p521') return cryptoVerify('sha512', data, key.key, signature);
    return false;
  } catch {
    return false;
  }
}
