import { verifyWithKey, type TrustedPublicKey } from './trust';
import { fail, type Verdict } from './types';

// DSSE envelopes and the in-toto statements inside them: shared by cosign attestations, Sigstore
// bundles and our own signer.
export const IN_TOTO_PAYLOAD_TYPE = 'application/vnd.in-toto+json';
export const DSSE_ENVELOPE_MEDIA_TYPE = 'application/vnd.dsse.envelope.v1+json';
export const IN_TOTO_STATEMENT_V1 = 'https://in-toto.io/Statement/v1';
export const IN_TOTO_STATEMENT_V01 = 'https://in-toto.io/Statement/v0.1';
/** What cosign v3 signs by default for an image (a statement about the digest, no predicate of note). */
export const COSIGN_SIGN_PREDICATE = 'https://sigstore.dev/cosign/sign/v1';

export interface DsseEnvelope {
  payloadType: string;
  /** Base64. */
  payload: string;
  signatures: Array<{ keyid?: string; sig: string }>;
}

export interface InTotoSubject {
  name?: string;
  digest: Record<string, string>;
}

export interface InTotoStatement {
  _type: string;
  subject: InTotoSubject[];
  predicateType: string;
  predicate?: unknown;
}

/** DSSE pre-authentication encoding: "DSSEv1" SP len(type) SP type SP len(body) SP body. */
export function preAuthEncoding(payloadType: string, payload: Buffer): Buffer {
  const type = Buffer.from(payloadType, 'utf8');
  return Buffer.concat([Buffer.from(`DSSEv1 ${type.length} `), type, Buffer.from(` ${payload.length} `), payload]);
}

export function parseDsseEnvelope(bytes: Buffer | string): Verdict<{ envelope: DsseEnvelope }> {
  let json: unknown;
  try {
    json = JSON.parse(bytes.toString());
  } catch {
    return fail('CORRUPT', 'DSSE envelope: expected JSON, got unparseable data');
  }
  const e = json as Partial<DsseEnvelope>;
  if (typeof e?.payloadType !== 'string' || typeof e.payload !== 'string' || !Array.isArray(e.signatures)) {
    return fail('CORRUPT', 'DSSE envelope: expected payloadType, payload and signatures');
  }
  if (!e.signatures.every((s) => typeof s?.sig === 'string')) return fail('CORRUPT', 'DSSE envelope: expected every signature to have a "sig" string');
  return { ok: true, envelope: e as DsseEnvelope };
}

/** Verifies a DSSE envelope with the vendor keys: any one signature by any one key suffices. */
export function verifyDsseEnvelope(envelope: DsseEnvelope, keys: TrustedPublicKey[]): Verdict<{ key: TrustedPublicKey; payload: Buffer }> {
  if (!keys.length) return fail('NO_TRUSTED_KEYS', 'no public keys of the vendor to verify a DSSE envelope with');
  if (!envelope.signatures.length) return fail('NOT_A_SIGNATURE', 'DSSE envelope: expected at least one signature, got none');
  const payload = Buffer.from(envelope.payload, 'base64');
  const pae = preAuthEncoding(envelope.payloadType, payload);
  for (const s of envelope.signatures) {
    const sig = Buffer.from(s.sig, 'base64');
    for (const key of keys) if (verifyWithKey(key, pae, sig)) return { ok: true, key, payload };
  }
  return fail('UNKNOWN_KEY', `DSSE signature does not verify with any of the vendor's ${keys.length} public key(s) (${keys.map((k) => k.keyId.slice(0, 16)).join(', ')})`);
}

export function parseInTotoStatement(payloadType: string, payload: Buffer): Verdict<{ statement: InTotoStatement }> {
  if (payloadType !== IN_TOTO_PAYLOAD_TYPE) return fail('INVALID_PAYLOAD', `DSSE payload: expected type ${IN_TOTO_PAYLOAD_TYPE}, got ${payloadType}`);
  let json: unknown;
  try {
    json = JSON.parse(payload.toString('utf8'));
  } catch {
    return fail('INVALID_PAYLOAD', 'in-toto statement: expected JSON, got unparseable data');
  }
  const s = json as Partial<InTotoStatement>;
  if (s?._type !== IN_TOTO_STATEMENT_V1 && s?._type !== IN_TOTO_STATEMENT_V01) {
    return fail('INVALID_PAYLOAD', `in-toto statement: expected _type ${IN_TOTO_STATEMENT_V1}, got ${JSON.stringify(s?._type)}`);
  }
  if (!Array.isArray(s.subject) || !s.subject.length || !s.subject.every((x) => x && typeof x.digest === 'object' && x.digest !== null)) {
    return fail('INVALID_PAYLOAD', 'in-toto statement: expected a non-empty subject list with digests');
  }
  if (typeof s.predicateType !== 'string') return fail('INVALID_PAYLOAD', 'in-toto statement: expected a predicateType string');
  return { ok: true, statement: s as InTotoStatement };
}

/** The subject that carries `digest` (`alg:hex`), or a DIGEST_MISMATCH naming what was signed. */
export function findSubject(statement: InTotoStatement, digest: string): Verdict<{ subject: InTotoSubject }> {
  const [alg, hex] = digest.split(':');
  const subject = statement.subject.find((s) => s.digest[alg]?.toLowerCase() === hex?.toLowerCase());
  if (subject) return { ok: true, subject };
  const signed = statement.subject.flatMap((s) => Object.entries(s.digest).map(([a, h]) => `${a}:${h}`));
  return fail('DIGEST_MISMATCH', `signed subject digest ${signed.join(', ')} ≠ image digest ${digest}`);
}
