import { readPublicKey, type TrustedPublicKey } from '../signatures/trust';
import { findSubject, parseDsseEnvelope, parseInTotoStatement, verifyDsseEnvelope, type DsseEnvelope, type InTotoStatement } from '../signatures/dsse';

// Verification of the platform's signed certification statements (issue 5): a DSSE envelope holding
// an in-toto Statement v1 with predicate type urn:assay:certification:v1, signed by a platform key
// from /.well-known/assay/keys.json. Pure: the keys, the time and (online) the status come in as
// arguments; the command line and the web app fetch them.

export const CERTIFICATION_PREDICATE_TYPE = 'urn:assay:certification:v1';

export interface CertificationPredicate {
  /** The Assay instance that certified the image. */
  platformUrl: string;
  /** Where the current status (revocation) of this digest is served. */
  statusUrl: string;
  vendor: { slug: string; name: string };
  product: { slug: string; name: string; repository: string };
  policy: { name: string; version: string; digest: string } | null;
  checks: Array<{ id: string; status: string; waived: boolean }>;
  grade: string;
  waivers: Array<{ kind: string; target: string; reason: string; expiresAt: string }>;
  reviewer: { name: string } | null;
  issuedAt: string;
  expiresAt: string;
}

/** What the server says about a digest now: only online verification has it. */
export interface CertificationStatusInput {
  status: 'certified' | 'revoked' | 'expired' | 'not-certified';
  revokedAt?: string | null;
  reason?: string | null;
}

export type CertificationFailureCode =
  | 'CORRUPT'
  | 'BAD_SIGNATURE'
  | 'KEY_NOT_VALID'
  | 'INVALID_PAYLOAD'
  | 'DIGEST_MISMATCH'
  | 'NOT_YET_VALID'
  | 'EXPIRED'
  | 'REVOKED'
  | 'NOT_CERTIFIED';

export interface VerifiedCertification {
  ok: true;
  digest: string;
  keyId: string;
  statement: InTotoStatement;
  predicate: CertificationPredicate;
  issuedAt: Date;
  expiresAt: Date;
}

export interface FailedCertification {
  ok: false;
  code: CertificationFailureCode;
  reason: string;
  /** Present once the signature verified: what the statement says, for the message. */
  predicate?: CertificationPredicate;
}

export type CertificationVerdict = VerifiedCertification | FailedCertification;

export interface VerifyCertificationInput {
  envelope: DsseEnvelope | Buffer | string;
  /** Platform public keys with their signing windows (parseKeysDocument). */
  keys: TrustedPublicKey[];
  /** The image digest the statement must be about (`sha256:…`); without it, any subject is reported. */
  digest?: string;
  /** Validity is judged at this time (default now). */
  at?: Date;
  /** Online: the server's current status of the digest. */
  status?: CertificationStatusInput;
  /** Tolerated clock difference for the key window and the validity period. */
  skewMs?: number;
}

const DEFAULT_SKEW_MS = 5 * 60_000;

const failed = (code: CertificationFailureCode, reason: string, predicate?: CertificationPredicate): FailedCertification => ({
  ok: false,
  code,
  reason,
  ...(predicate ? { predicate } : {}),
});

/** The keys of a saved keys.json (or one PEM public key, which then has no window). */
export function parseKeysDocument(text: string | Buffer, where = 'keys'): TrustedPublicKey[] {
  const s = Buffer.isBuffer(text) ? text.toString('utf8') : text;
  if (s.trimStart().startsWith('-----BEGIN')) return [readPublicKey(s, { name: where })];
  let json: { keys?: unknown };
  try {
    json = JSON.parse(s) as { keys?: unknown };
  } catch {
    throw new KeysDocumentError(`${where}: expected keys.json (JSON with a "keys" list) or a PEM public key, got neither`);
  }
  if (!Array.isArray(json?.keys) || !json.keys.length) throw new KeysDocumentError(`${where}: expected a non-empty "keys" list`);
  return json.keys.map((k: { keyId?: unknown; publicKey?: unknown; notBefore?: unknown; notAfter?: unknown }, i: number) => {
    if (typeof k?.publicKey !== 'string') throw new KeysDocumentError(`${where}: keys[${i}]: expected a PEM "publicKey"`);
    const validFrom = typeof k.notBefore === 'string' ? new Date(k.notBefore) : undefined;
    const validUntil = typeof k.notAfter === 'string' ? new Date(k.notAfter) : undefined;
    if ((validFrom && Number.isNaN(validFrom.getTime())) || (validUntil && Number.isNaN(validUntil.getTime()))) {
      throw new KeysDocumentError(`${where}: keys[${i}]: expected RFC 3339 times in notBefore/notAfter`);
    }
    const key = readPublicKey(k.publicKey, { name: `${where} keys[${i}]`, ...(validFrom ? { validFrom } : {}), ...(validUntil ? { validUntil } : {}) });
    if (typeof k.keyId === 'string' && k.keyId !== key.keyId) {
      throw new KeysDocumentError(`${where}: keys[${i}]: keyId ${k.keyId} ≠ SHA-256 of its public key ${key.keyId}`);
    }
    return key;
  });
}

export class KeysDocumentError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'KeysDocumentError';
  }
}

function readPredicate(statement: InTotoStatement): CertificationPredicate | string {
  const p = statement.predicate as Partial<CertificationPredicate> | undefined;
  if (!p || typeof p !== 'object') return 'expected a predicate object';
  for (const field of ['platformUrl', 'grade', 'issuedAt', 'expiresAt'] as const) {
    if (typeof p[field] !== 'string') return `expected predicate.${field} as a string`;
  }
  if (!p.vendor || !p.product || !Array.isArray(p.checks)) return 'expected predicate.vendor, predicate.product and predicate.checks';
  if (Number.isNaN(Date.parse(p.issuedAt!)) || Number.isNaN(Date.parse(p.expiresAt!))) return 'expected RFC 3339 issuedAt and expiresAt';
  return p as CertificationPredicate;
}

/**
 * Verifies a certification statement, step by step: envelope → signature by a platform key →
 * in-toto statement → predicate type → subject digest → key window at issue time → validity
 * period at `at` → (online) revocation.
 */
export function verifyCertificationStatement(input: VerifyCertificationInput): CertificationVerdict {
  const at = input.at ?? new Date();
  const skew = input.skewMs ?? DEFAULT_SKEW_MS;

  let envelope: DsseEnvelope;
  if (Buffer.isBuffer(input.envelope) || typeof input.envelope === 'string') {
    const parsed = parseDsseEnvelope(input.envelope);
    if (!parsed.ok) return failed('CORRUPT', parsed.reason);
    envelope = parsed.envelope;
  } else {
    envelope = input.envelope;
  }

  const signature = verifyDsseEnvelope(envelope, input.keys);
  if (!signature.ok) {
    const known = input.keys.map((k) => k.keyId.slice(0, 16)).join(', ');
    return failed(
      signature.code === 'CORRUPT' || signature.code === 'NOT_A_SIGNATURE' ? 'CORRUPT' : 'BAD_SIGNATURE',
      signature.code === 'UNKNOWN_KEY' ? `signature does not verify with any of the platform's ${input.keys.length} key(s) (${known})` : signature.reason,
    );
  }

  const parsedStatement = parseInTotoStatement(envelope.payloadType, signature.payload);
  if (!parsedStatement.ok) return failed('INVALID_PAYLOAD', parsedStatement.reason);
  const statement = parsedStatement.statement;
  if (statement.predicateType !== CERTIFICATION_PREDICATE_TYPE) {
    return failed('INVALID_PAYLOAD', `expected predicateType ${CERTIFICATION_PREDICATE_TYPE}, got ${statement.predicateType}`);
  }
  const predicate = readPredicate(statement);
  if (typeof predicate === 'string') return failed('INVALID_PAYLOAD', `certification predicate: ${predicate}`);

  let digest: string;
  if (input.digest) {
    const subject = findSubject(statement, input.digest);
    if (!subject.ok) return failed('DIGEST_MISMATCH', subject.reason, predicate);
    digest = input.digest;
  } else {
    const first = statement.subject[0]!;
    const sha = first.digest.sha256;
    if (!sha) return failed('INVALID_PAYLOAD', 'expected a sha256 subject digest', predicate);
    digest = `sha256:${sha}`;
  }

  const issuedAt = new Date(predicate.issuedAt);
  const expiresAt = new Date(predicate.expiresAt);
  const key = signature.key;
  if ((key.validFrom && issuedAt.getTime() < key.validFrom.getTime() - skew) || (key.validUntil && issuedAt.getTime() > key.validUntil.getTime() + skew)) {
    const window = `${key.validFrom?.toISOString() ?? '(open)'} – ${key.validUntil?.toISOString() ?? 'now'}`;
    return failed('KEY_NOT_VALID', `key ${key.keyId.slice(0, 16)} signs from ${window}, but the statement claims to be issued ${issuedAt.toISOString()}`, predicate);
  }
  if (at.getTime() < issuedAt.getTime() - skew) {
    return failed('NOT_YET_VALID', `the statement is valid from ${issuedAt.toISOString()}, checked at ${at.toISOString()}`, predicate);
  }
  if (at.getTime() > expiresAt.getTime()) {
    return failed('EXPIRED', `the statement expired ${expiresAt.toISOString()}, checked at ${at.toISOString()}`, predicate);
  }

  if (input.status) {
    if (input.status.status === 'revoked') {
      const when = input.status.revokedAt ? ` on ${input.status.revokedAt}` : '';
      return failed('REVOKED', `the certification was revoked${when}${input.status.reason ? `: ${input.status.reason}` : ''}`, predicate);
    }
    if (input.status.status === 'not-certified') return failed('NOT_CERTIFIED', `the server does not certify ${digest}`, predicate);
  }

  return { ok: true, digest, keyId: key.keyId, statement, predicate, issuedAt, expiresAt };
}
