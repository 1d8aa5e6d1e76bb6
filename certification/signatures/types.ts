// Shapes shared by the verifiers. A failure is data (code + reason), not an exception: one bad
// signature must never hide the good one next to it.
export type SignatureFormat = 'cosign' | 'sigstore-bundle' | 'simple-signing';

export type SignatureFailureCode =
  | 'NO_TRUSTED_KEYS'
  | 'UNKNOWN_KEY'
  | 'BAD_SIGNATURE'
  | 'KEYLESS'
  | 'EXPIRED'
  | 'REVOKED'
  | 'KEY_NOT_VALID'
  | 'DIGEST_MISMATCH'
  | 'IDENTITY_MISMATCH'
  | 'INVALID_PAYLOAD'
  | 'NOT_A_SIGNATURE'
  | 'CORRUPT'
  | 'TLOG_INVALID';

export type Verdict<T> = ({ ok: true } & T) | { ok: false; code: SignatureFailureCode; reason: string };

export function fail(code: SignatureFailureCode, reason: string): { ok: false; code: SignatureFailureCode; reason: string } {
  return { ok: false, code, reason };
}

/** One entry of the report's `signatures` array (issue 4), plus where it came from. */
export interface SignatureResult {
  kind: SignatureFormat;
  verified: boolean;
  /** Key id (hex SHA-256 of the SPKI) or OpenPGP primary fingerprint that verified; null when none did. */
  keyId: string | null;
  /** The signed docker reference (or in-toto subject name); null when unreadable. */
  reference: string | null;
  reason?: string;
  code?: SignatureFailureCode;
  /** The manifest digest the signature claims, when it could be read. */
  signedDigest?: string;
  /** In-toto predicate type for attestations and DSSE bundles. */
  predicateType?: string;
  /** Where the artifact was found (tag, referrers API, lookaside path). */
  source: string;
}
