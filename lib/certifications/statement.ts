import { inTotoStatement, signAttestation, type SigningKey } from '@/certification/signatures/sign';
import type { DsseEnvelope, InTotoStatement } from '@/certification/signatures/dsse';
import { CERTIFICATION_PREDICATE_TYPE, type CertificationPredicate } from '@/certification/certifications/verify-statement';

export { CERTIFICATION_PREDICATE_TYPE, type CertificationPredicate };

/** The in-toto Statement v1 about one published image digest. */
export function buildCertificationStatement(opts: { repository: string; digest: string; predicate: CertificationPredicate }): InTotoStatement {
  if (!/^sha256:[0-9a-f]{64}$/.test(opts.digest)) throw new Error(`expected a sha256 image digest, got "${opts.digest}"`);
  return inTotoStatement({ name: opts.repository, digest: opts.digest, predicateType: CERTIFICATION_PREDICATE_TYPE, predicate: opts.predicate });
}

/** Signs the statement as a DSSE envelope; the signature's keyid names the platform key that made it. */
export function signCertificationStatement(signer: SigningKey, statement: InTotoStatement): DsseEnvelope {
  const envelope = signAttestation(signer, statement);
  // keyid is outside the signed bytes (PAE covers type and payload only): a hint for verifiers.
  return { ...envelope, signatures: envelope.signatures.map((s) => ({ ...s, keyid: signer.keyId })) };
}
