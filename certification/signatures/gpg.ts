import * as openpgp from 'openpgp';
import { parseOpenPgpMessage, verifyV3Rsa } from './openpgp-v3';
import type { TrustedOpenPgpKey } from './trust';
import { fail, type Verdict } from './types';

// containers/image "simple signing": an OpenPGP signed message (not a detached signature) whose
// literal data is the simple-signing JSON. We verify the OpenPGP layer here; the payload's claims are
// checked by the caller, and only after this says the bytes are authentic.
export interface GpgVerified {
  /** Primary key fingerprint of the signer (what containers/image reports and trusts). */
  fingerprint: string;
  /** Fingerprint of the key that made the signature: the primary or one of its subkeys. */
  signingKeyFingerprint: string;
  payload: Buffer;
  created?: Date;
}

export interface GpgOptions {
  /** Evaluation time for expiry and revocation; default now. */
  now?: Date;
}

export async function verifyGpgSignature(bytes: Buffer, keys: TrustedOpenPgpKey[], opts: GpgOptions = {}): Promise<Verdict<GpgVerified>> {
  const now = opts.now ?? new Date();
  if (!keys.length) return fail('NO_TRUSTED_KEYS', 'no OpenPGP keys of the vendor to verify a simple signature with');
  let message: openpgp.Message<Uint8Array>;
  try {
    message = await openpgp.readMessage({ binaryMessage: new Uint8Array(bytes) });
  } catch (e) {
    return fail('CORRUPT', `expected a binary OpenPGP signed message, got unreadable data (${(e as Error).message})`);
  }
  const tags = message.packets.map((p) => (p.constructor as unknown as { tag: number }).tag);
  if (tags.includes(openpgp.enums.packet.publicKeyEncryptedSessionKey) || tags.includes(openpgp.enums.packet.symEncryptedIntegrityProtectedData)) {
    return fail('NOT_A_SIGNATURE', 'expected an OpenPGP signed message, got public-key encrypted data');
  }
  let result: Awaited<ReturnType<typeof openpgp.verify>>;
  try {
    result = await openpgp.verify({
      message,
      verificationKeys: keys.map((k) => k.key),
      expectSigned: false,
      format: 'binary',
      date: now,
    });
  } catch (e) {
    return fail('CORRUPT', `expected an OpenPGP signed message, got ${(e as Error).message}`);
  }
  if (result.signatures.length === 0) return verifyVersion3(bytes, keys, now);
  if (result.signatures.length > 1) {
    return fail('CORRUPT', `expected exactly one OpenPGP signature, got ${result.signatures.length}`);
  }
  const sig = result.signatures[0];
  const keyId = sig.keyID.toHex().toUpperCase();
  const payload = Buffer.from(result.data as Uint8Array);
  try {
    await sig.verified;
  } catch (e) {
    return failureFor((e as Error).message, keyId, keys);
  }
  const owner = ownerOf(keys, keyId);
  if (!owner) return fail('UNKNOWN_KEY', `signed by key ${keyId}, which is not among the vendor's OpenPGP keys`);
  const packet = await sig.signature;
  const created = packet.packets[0]?.created ?? undefined;
  return { ok: true, fingerprint: owner.key.fingerprint, signingKeyFingerprint: owner.fingerprint, payload, ...(created ? { created } : {}) };
}

function ownerOf(keys: TrustedOpenPgpKey[], keyId: string): { key: TrustedOpenPgpKey; fingerprint: string } | undefined {
  for (const key of keys) {
    if (key.keyId === keyId) return { key, fingerprint: key.fingerprint };
    const sub = key.subkeys.find((s) => s.keyId === keyId);
    if (sub) return { key, fingerprint: sub.fingerprint };
  }
  return undefined;
}

function failureFor(message: string, keyId: string, keys: TrustedOpenPgpKey[]) {
  const owner = ownerOf(keys, keyId);
  const who = owner ? `key ${owner.fingerprint}${owner.fingerprint !== owner.key.fingerprint ? ` (subkey of ${owner.key.fingerprint})` : ''}` : `key ${keyId}`;
  if (/could not find signing key/i.test(message)) {
    return fail('UNKNOWN_KEY', `signed by key ${keyId}, which is not among the vendor's OpenPGP keys`);
  }
  if (/revoked/i.test(message)) return fail('REVOKED', `signing ${who} is revoked (${message})`);
  if (/expired/i.test(message)) {
    return /signature is expired/i.test(message)
      ? fail('EXPIRED', `signature by ${who} has expired`)
      : fail('EXPIRED', `signing ${who} has expired (${message})`);
  }
  if (/verification failed/i.test(message)) return fail('BAD_SIGNATURE', `signature by ${who} does not match the signed data (corrupt or tampered)`);
  return fail('BAD_SIGNATURE', `signature by ${who} rejected: ${message}`);
}

async function verifyVersion3(bytes: Buffer, keys: TrustedOpenPgpKey[], now: Date): Promise<Verdict<GpgVerified>> {
  let parsed;
  try {
    parsed = parseOpenPgpMessage(bytes);
  } catch (e) {
    return fail('CORRUPT', `expected a binary OpenPGP signed message, got ${(e as Error).message}`);
  }
  if (!parsed.signatureVersions.length) {
    return fail('NOT_A_SIGNATURE', 'expected an OpenPGP signed message, got literal data without a signature');
  }
  if (parsed.signatures.length !== 1 || parsed.signatureVersions.length !== 1 || !parsed.literal) {
    return fail('CORRUPT', `expected exactly one signature over literal data, got signature packets of versions ${parsed.signatureVersions.join(', ')}`);
  }
  const sig = parsed.signatures[0];
  const owner = ownerOf(keys, sig.keyId);
  if (!owner) return fail('UNKNOWN_KEY', `signed by key ${sig.keyId}, which is not among the vendor's OpenPGP keys`);
  const signing = owner.key.key.getKeys().find((k) => k.getKeyID().toHex().toUpperCase() === sig.keyId);
  if (!signing) return fail('UNKNOWN_KEY', `signed by key ${sig.keyId}, which is not among the vendor's OpenPGP keys`);
  try {
    // A subkey must still be bound and unrevoked, and the primary key valid, at evaluation time.
    await owner.key.key.verifyPrimaryKey(now);
    if (signing !== owner.key.key) await (signing as openpgp.Subkey).verify(now);
  } catch (e) {
    return failureFor((e as Error).message, sig.keyId, keys);
  }
  const params = (signing.keyPacket as unknown as { publicParams: { n?: Uint8Array; e?: Uint8Array } }).publicParams;
  if (!params.n || !params.e || sig.publicKeyAlgorithm !== 1) {
    return fail('BAD_SIGNATURE', `version 3 signature by key ${sig.keyId}: only RSA is supported, got algorithm ${sig.publicKeyAlgorithm}`);
  }
  let ok = false;
  try {
    ok = verifyV3Rsa(sig, parsed.literal, params.n, params.e);
  } catch {
    ok = false;
  }
  if (!ok) return failureFor('verification failed', sig.keyId, keys);
  return { ok: true, fingerprint: owner.key.fingerprint, signingKeyFingerprint: owner.fingerprint, payload: parsed.literal, created: sig.created };
}
