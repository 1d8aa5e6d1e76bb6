import { createHash, createPublicKey, type KeyObject } from 'node:crypto';
import * as openpgp from 'openpgp';
import { AppError } from '../../errors';

export interface ParsedPublicKey {
  kind: 'pem' | 'openpgp';
  algorithm: string;
  fingerprint: string;
  identities: string[];
  /** Normalized public key text: SPKI PEM, or the armored OpenPGP public key. */
  publicKey: string;
}

function invalid(message: string): AppError {
  return new AppError('VALIDATION_FAILED', message, { details: { issues: [{ field: 'publicKey', message }] } });
}

const PEM_BLOCK = /-----BEGIN ([A-Z0-9 ]+)-----/;

/**
 * Validates a vendor's public signing key and derives its fingerprint: PEM keys (ECDSA P-256/P-384,
 * Ed25519, RSA ≥ 2048; fingerprint = SHA-256 of the DER SubjectPublicKeyInfo, as cosign key ids) or
 * OpenPGP keys (armored or binary; fingerprint = the v4/v6 fingerprint). Private, revoked and
 * expired keys are refused.
 */
export async function parsePublicKey(input: string | Uint8Array, now = new Date()): Promise<ParsedPublicKey> {
  const bytes = typeof input === 'string' ? Buffer.from(input, 'utf8') : Buffer.from(input);
  const text = bytes.toString('utf8');
  const label = PEM_BLOCK.exec(text)?.[1];
  if (label) {
    if (label.includes('PRIVATE')) throw invalid(`Expected a public key, got a private key (${label}). Never upload private keys; export the public half.`);
    if (label === 'PGP PUBLIC KEY BLOCK') return parseOpenPgp(await readPgp({ armoredKey: text }), now);
    if (label === 'PUBLIC KEY' || label === 'RSA PUBLIC KEY') return parsePem(text);
    throw invalid(`Expected a PUBLIC KEY or PGP PUBLIC KEY BLOCK, got ${label}.`);
  }
  if (bytes.length === 0) throw invalid('The key is empty.');
  // Binary: an OpenPGP transferable key (packet tag byte has its high bit set) or DER SPKI (0x30).
  if (bytes[0] === 0x30) return parsePem(createDer(bytes));
  if (bytes[0]! & 0x80) return parseOpenPgp(await readPgp({ binaryKey: new Uint8Array(bytes) }), now);
  throw invalid('Expected a PEM public key (-----BEGIN PUBLIC KEY-----) or an OpenPGP public key (armored or binary).');
}

function createDer(bytes: Buffer): KeyObject {
  try {
    return createPublicKey({ key: bytes, format: 'der', type: 'spki' });
  } catch {
    throw invalid('Expected a DER SubjectPublicKeyInfo; the binary data is not a valid public key.');
  }
}

function parsePem(source: string | KeyObject): ParsedPublicKey {
  let key: KeyObject;
  try {
    key = typeof source === 'string' ? createPublicKey({ key: source, format: 'pem' }) : source;
  } catch {
    throw invalid('The PEM block is not a valid public key.');
  }
  const details = key.asymmetricKeyDetails ?? {};
  let algorithm: string;
  switch (key.asymmetricKeyType) {
    case 'ec':
      if (details.namedCurve === 'prime256v1') algorithm = 'ecdsa-p256';
      else if (details.namedCurve === 'secp384r1') algorithm = 'ecdsa-p384';
      else throw invalid(`Expected an ECDSA key on P-256 or P-384, got curve ${details.namedCurve ?? 'unknown'}.`);
      break;
    case 'ed25519':
      algorithm = 'ed25519';
      break;
    case 'rsa': {
      const bits = details.modulusLength ?? 0;
      if (bits < 2048) throw invalid(`Expected an RSA key of at least 2048 bits, got ${bits} bits.`);
      algorithm = `rsa-${bits}`;
      break;
    }
    default:
      throw invalid(`Expected an ECDSA (P-256/P-384), Ed25519 or RSA key, got ${key.asymmetricKeyType ?? 'an unknown type'}.`);
  }
  const der = key.export({ type: 'spki', format: 'der' });
  return {
    kind: 'pem',
    algorithm,
    fingerprint: createHash('sha256').update(der).digest('hex'),
    identities: [],
    publicKey: key.export({ type: 'spki', format: 'pem' }).toString(),
  };
}

async function readPgp(source: { armoredKey: string } | { binaryKey: Uint8Array }): Promise<openpgp.Key> {
  try {
    return await openpgp.readKey(source as Parameters<typeof openpgp.readKey>[0]);
  } catch (error) {
    throw invalid(`The OpenPGP data is not a valid key: ${(error as Error).message}.`);
  }
}

const PGP_ALGORITHM_NAMES: Record<string, string> = {
  rsaEncryptSign: 'rsa',
  rsaSign: 'rsa',
  eddsaLegacy: 'ed25519',
  ed25519: 'ed25519',
  ed448: 'ed448',
  ecdsa: 'ecdsa',
  dsa: 'dsa',
};

async function parseOpenPgp(key: openpgp.Key, now: Date): Promise<ParsedPublicKey> {
  if (key.isPrivate()) throw invalid('Expected a public key, got an OpenPGP private key. Export the public key (gpg --export --armor).');
  if (await key.isRevoked(undefined, undefined, now)) throw invalid('This OpenPGP key is revoked.');
  const expires = await key.getExpirationTime();
  if (expires instanceof Date && expires <= now) throw invalid(`This OpenPGP key expired on ${expires.toISOString().slice(0, 10)}.`);
  try {
    await key.verifyPrimaryKey(now);
  } catch (error) {
    throw invalid(`This OpenPGP key cannot be used: ${(error as Error).message}.`);
  }
  const info = key.getAlgorithmInfo() as { algorithm: string; bits?: number; curve?: string };
  if (info.bits !== undefined && info.algorithm.startsWith('rsa') && info.bits < 2048) {
    throw invalid(`Expected an RSA key of at least 2048 bits, got ${info.bits} bits.`);
  }
  const name = PGP_ALGORITHM_NAMES[info.algorithm] ?? info.algorithm;
  const algorithm = `openpgp-${name}${info.bits ? `-${info.bits}` : ''}${info.curve && name === 'ecdsa' ? `-${info.curve}` : ''}`;
  return {
    kind: 'openpgp',
    algorithm,
    fingerprint: key.getFingerprint().toUpperCase(),
    identities: key.getUserIDs(),
    publicKey: key.armor(),
  };
}
