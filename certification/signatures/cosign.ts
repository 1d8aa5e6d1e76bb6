import { X509Certificate } from 'node:crypto';
import type { TrustedPublicKey } from './trust';
import { verifyWithKey } from './trust';
import { fail, type Verdict } from './types';

// cosign-format signatures: the simple-signing payload is an OCI layer, the signature is an annotation
// on that layer (base64 ASN.1 DER for ECDSA, raw for Ed25519). Keyless signatures carry a Fulcio
// certificate instead of being made by a vendor key; we do not trust Fulcio, so they never verify here.
export const COSIGN_SIGNATURE_ANNOTATION = 'dev.cosignproject.cosign/signature';
export const COSIGN_CERTIFICATE_ANNOTATION = 'dev.sigstore.cosign/certificate';
export const COSIGN_CHAIN_ANNOTATION = 'dev.sigstore.cosign/chain';
export const COSIGN_BUNDLE_ANNOTATION = 'dev.sigstore.cosign/bundle';

export interface CosignSignatureInput {
  payload: Buffer;
  annotations: Record<string, string>;
}

export function verifyCosignSignature(input: CosignSignatureInput, keys: TrustedPublicKey[]): Verdict<{ key: TrustedPublicKey }> {
  const encoded = input.annotations[COSIGN_SIGNATURE_ANNOTATION];
  if (encoded === undefined) return fail('NOT_A_SIGNATURE', `expected annotation ${COSIGN_SIGNATURE_ANNOTATION}, got none`);
  // Some signers wrap the base64 (the RSA fixture does, at 76 columns).
  const compact = encoded.replace(/\s+/g, '');
  if (!compact || !/^[A-Za-z0-9+/]*={0,2}$/.test(compact)) {
    return fail('CORRUPT', `annotation ${COSIGN_SIGNATURE_ANNOTATION}: expected base64, got ${JSON.stringify(encoded.slice(0, 40))}`);
  }
  const signature = Buffer.from(compact, 'base64');
  for (const key of keys) {
    if (verifyWithKey(key, input.payload, signature)) return { ok: true, key };
  }
  const certificate = input.annotations[COSIGN_CERTIFICATE_ANNOTATION];
  if (certificate) return fail('KEYLESS', `keyless signature (certificate ${certificateSubject(certificate)}), no trusted key`);
  if (!keys.length) return fail('NO_TRUSTED_KEYS', 'no public keys of the vendor to verify a cosign signature with');
  return fail('UNKNOWN_KEY', `signature does not verify with any of the vendor's ${keys.length} public key(s) (${keys.map((k) => k.keyId.slice(0, 16)).join(', ')})`);
}

/** "SAN … issued by …" for messages; never trusted. */
export function certificateSubject(pem: string | Buffer): string {
  try {
    const cert = new X509Certificate(pem);
    const san = cert.subjectAltName ?? cert.subject;
    return `${san.replace(/\n/g, ', ')} issued by ${cert.issuer.replace(/\n/g, ', ')}`;
  } catch {
    return 'unreadable';
  }
}

export interface SigstoreJsonSignature {
  mimeType: string;
  payload: Buffer;
  annotations: Record<string, string>;
}

const SIGSTORE_JSON_PREFIX = Buffer.from('\x00sigstore-json\n', 'latin1');

export function isSigstoreJsonSignature(bytes: Buffer): boolean {
  return bytes.subarray(0, SIGSTORE_JSON_PREFIX.length).equals(SIGSTORE_JSON_PREFIX);
}

/** containers/image's on-disk form of a cosign signature (lookaside and `dir:`): a prefix, then JSON. */
export function parseSigstoreJsonSignature(bytes: Buffer): Verdict<{ signature: SigstoreJsonSignature }> {
  if (!isSigstoreJsonSignature(bytes)) return fail('CORRUPT', 'expected a "\\0sigstore-json\\n" signature, got another format');
  let json: unknown;
  try {
    json = JSON.parse(bytes.subarray(SIGSTORE_JSON_PREFIX.length).toString('utf8'));
  } catch {
    return fail('CORRUPT', 'sigstore-json signature: expected JSON after the prefix, got unparseable data');
  }
  const o = json as { mimeType?: unknown; payload?: unknown; annotations?: unknown };
  if (typeof o?.mimeType !== 'string' || typeof o.payload !== 'string' || typeof o.annotations !== 'object' || o.annotations === null) {
    return fail('CORRUPT', 'sigstore-json signature: expected string mimeType and payload and an annotations object');
  }
  const annotations: Record<string, string> = {};
  for (const [k, v] of Object.entries(o.annotations)) if (typeof v === 'string') annotations[k] = v;
  return { ok: true, signature: { mimeType: o.mimeType, payload: Buffer.from(o.payload, 'base64'), annotations } };
}
