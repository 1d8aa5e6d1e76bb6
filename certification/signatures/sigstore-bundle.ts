import { createHash, X509Certificate } from 'node:crypto';
import { bundleFromJSON, type Bundle } from '@sigstore/bundle';
import { HashAlgorithm, TrustedRoot } from '@sigstore/protobuf-specs';
import { toSignedEntity, toTrustMaterial, VerificationError, Verifier } from '@sigstore/verify';
import { findSubject, parseInTotoStatement, type InTotoStatement, type InTotoSubject } from './dsse';
import { keyValidAt, type TrustedPublicKey } from './trust';
import { fail, type Verdict } from './types';

// Sigstore bundles (v0.1–v0.3) verified offline with a vendor's public key. Without a trusted root we
// cannot judge transparency-log entries or timestamps, so they are set aside rather than half-checked;
// with one (`trustedRoot`) they must verify too. Thresholds are 0: the vendor key is the trust anchor.
export interface BundleOptions {
  keys: TrustedPublicKey[];
  /** `alg:hex` the bundle must be about: the in-toto subject, or the message digest. */
  digest?: string;
  /** The signed bytes, needed for message-signature bundles. */
  artifact?: Buffer;
  /** A Sigstore trusted root (JSON) to check tlog entries and RFC 3161 timestamps against. */
  trustedRoot?: unknown;
  now?: Date;
}

export interface BundleVerified {
  key: TrustedPublicKey;
  content: 'dsse' | 'message-signature';
  mediaType: string;
  payloadType?: string;
  statement?: InTotoStatement;
  subject?: InTotoSubject;
  messageDigest?: string;
  transparencyLog: 'verified' | 'not-checked';
}

const DIGEST_NAMES: Partial<Record<HashAlgorithm, string>> = {
  [HashAlgorithm.SHA2_256]: 'sha256',
  [HashAlgorithm.SHA2_384]: 'sha384',
  [HashAlgorithm.SHA2_512]: 'sha512',
};

const EMPTY_ROOT = { mediaType: '', tlogs: [], certificateAuthorities: [], ctlogs: [], timestampAuthorities: [] } as unknown as TrustedRoot;

export function parseBundle(input: unknown): Verdict<{ bundle: Bundle }> {
  let json = input;
  if (typeof input === 'string' || Buffer.isBuffer(input)) {
    try {
      json = JSON.parse(input.toString());
    } catch {
      return fail('CORRUPT', 'Sigstore bundle: expected JSON, got unparseable data');
    }
  }
  try {
    return { ok: true, bundle: bundleFromJSON(json) };
  } catch (e) {
    const mediaType = (json as { mediaType?: unknown })?.mediaType;
    return fail('CORRUPT', `Sigstore bundle (${typeof mediaType === 'string' ? mediaType : 'no mediaType'}): expected a valid bundle, got ${(e as Error).message}`);
  }
}

function hintsOf(key: TrustedPublicKey): string[] {
  const raw = Buffer.from(key.keyId, 'hex');
  const b64 = raw.toString('base64');
  return [key.keyId, b64, `SHA256:${b64.replace(/=+$/, '')}`];
}

export function verifySigstoreBundle(input: unknown, opts: BundleOptions): Verdict<BundleVerified> {
  const parsed = parseBundle(input);
  if (!parsed.ok) return parsed;
  const bundle = parsed.bundle;
  const material = bundle.verificationMaterial.content;
  if (material.$case !== 'publicKey') {
    const der = material.$case === 'certificate' ? material.certificate.rawBytes : material.x509CertificateChain.certificates[0]?.rawBytes;
    return fail('KEYLESS', `keyless signature (certificate ${describeCertificate(der)}), no trusted key`);
  }
  if (!opts.keys.length) return fail('NO_TRUSTED_KEYS', 'no public keys of the vendor to verify a Sigstore bundle with');
  const now = opts.now ?? new Date();
  const hint = material.publicKey.hint;
  const keys = [...opts.keys].sort((a, b) => Number(hintsOf(b).includes(hint)) - Number(hintsOf(a).includes(hint)));

  const checkLog = opts.trustedRoot !== undefined;
  let root = EMPTY_ROOT;
  if (checkLog) {
    try {
      root = TrustedRoot.fromJSON(opts.trustedRoot);
    } catch (e) {
      return fail('CORRUPT', `Sigstore trusted root: expected a valid trusted root, got ${(e as Error).message}`);
    }
  }
  const subjectBundle: Bundle = checkLog
    ? bundle
    : { ...bundle, verificationMaterial: { ...bundle.verificationMaterial, tlogEntries: [], timestampVerificationData: undefined } };

  if (bundle.content.$case === 'messageSignature' && !opts.artifact) {
    return fail('INVALID_PAYLOAD', 'message-signature bundle: expected the signed artifact bytes to verify it, got only a digest');
  }
  let entity;
  try {
    entity = toSignedEntity(subjectBundle, opts.artifact);
  } catch (e) {
    return fail('CORRUPT', `Sigstore bundle: ${(e as Error).message}`);
  }

  let verifiedKey: TrustedPublicKey | undefined;
  let invalidKey: string | undefined;
  for (const key of keys) {
    if (!entity.timestamps.length && !keyValidAt(key, now)) {
      invalidKey = `key ${key.keyId.slice(0, 16)} is not valid at ${now.toISOString()}`;
      continue;
    }
    const trust = toTrustMaterial(root, () => ({ publicKey: key.key, validFor: (date: Date) => keyValidAt(key, date) }));
    try {
      new Verifier(trust, { tlogThreshold: 0, ctlogThreshold: 0, timestampThreshold: 0 }).verify(entity);
      verifiedKey = key;
      break;
    } catch (e) {
      if (!(e instanceof VerificationError)) return fail('CORRUPT', `Sigstore bundle: ${(e as Error).message}`);
      if (e.code === 'SIGNATURE_ERROR') continue;
      if (e.code === 'PUBLIC_KEY_ERROR') {
        invalidKey = `key ${key.keyId.slice(0, 16)}: ${e.message}`;
        continue;
      }
      return fail('TLOG_INVALID', `Sigstore bundle ${e.code}: ${e.message}`);
    }
  }
  if (!verifiedKey) {
    if (invalidKey) return fail('KEY_NOT_VALID', `signing time outside the key's validity: ${invalidKey}`);
    return fail('UNKNOWN_KEY', `bundle signature (key hint ${hint || 'none'}) does not verify with any of the vendor's ${keys.length} public key(s)`);
  }

  const base = { key: verifiedKey, mediaType: bundle.mediaType, transparencyLog: checkLog && bundle.verificationMaterial.tlogEntries.length ? 'verified' : 'not-checked' } as const;
  if (bundle.content.$case === 'dsseEnvelope') {
    const env = bundle.content.dsseEnvelope;
    const st = parseInTotoStatement(env.payloadType, env.payload);
    if (!st.ok) return opts.digest ? st : { ok: true, ...base, content: 'dsse', payloadType: env.payloadType };
    const result: BundleVerified = { ...base, content: 'dsse', payloadType: env.payloadType, statement: st.statement };
    if (!opts.digest) return { ok: true, ...result };
    const subject = findSubject(st.statement, opts.digest);
    if (!subject.ok) return subject;
    return { ok: true, ...result, subject: subject.subject };
  }
  const md = bundle.content.messageSignature.messageDigest;
  const alg = md ? DIGEST_NAMES[md.algorithm] : undefined;
  if (!md || !alg) return fail('INVALID_PAYLOAD', 'message-signature bundle: expected a SHA-2 message digest');
  const messageDigest = `${alg}:${Buffer.from(md.digest).toString('hex')}`;
  const actual = `${alg}:${createHash(alg).update(opts.artifact!).digest('hex')}`;
  if (actual !== messageDigest) return fail('DIGEST_MISMATCH', `signed message digest ${messageDigest} ≠ artifact digest ${actual}`);
  if (opts.digest && opts.digest !== messageDigest) {
    return fail('DIGEST_MISMATCH', `signed message digest ${messageDigest} ≠ image digest ${opts.digest}`);
  }
  return { ok: true, ...base, content: 'message-signature', messageDigest };
}

function describeCertificate(der: Buffer | undefined): string {
  if (!der) return 'missing';
  try {
    const cert = new X509Certificate(der);
    return `${(cert.subjectAltName ?? cert.subject).replace(/\n/g, ', ')} issued by ${cert.issuer.replace(/\n/g, ', ')}`;
  } catch {
    return 'unreadable';
  }
}
