import { repositoryOf } from './image-reference';
import { outcome, type CheckDefinition, type CheckEvidence } from './types';

// signature.verified: a vendor key signed this exact manifest digest under the identity's repository;
// without that nobody can tell the certified image from a look-alike pushed later.
export const signatureVerified: CheckDefinition = {
  id: 'signature.verified',
  title: 'Signed by the vendor',
  description:
    'At least one signature (cosign, Sigstore bundle or GPG simple signing) over this exact manifest digest verifies with one of the vendor\'s keys and names the image\'s repository.',
  remediation:
    'Sign the pushed digest with a registered vendor key (`cosign sign --key …` or `skopeo copy --sign-by …`) and register the public key with Assay.',
  defaultRequired: true,
  run(ctx) {
    const sigs = ctx.signatures;
    if (sigs === null) return outcome.skipped('Signatures were not evaluated: no trust material (vendor keys) was given', 'not-evaluated');
    if (!ctx.image.identity) {
      return outcome.failed(
        'The repository this image is known as is unknown (an archive names none), so no signature can be matched to it: pass --identity REPOSITORY, e.g. --identity registry.example.com/acme/app',
      );
    }
    if (sigs.length === 0) return outcome.failed(`No signature was found for ${ctx.image.digest}`);
    const digest = ctx.image.digest;
    const signable = new Set([digest, ...(ctx.image.indexDigest ? [ctx.image.indexDigest] : [])]);
    const identity = repositoryOf(ctx.image.identity);
    const evidence: CheckEvidence[] = [];
    let good: (typeof sigs)[number] | undefined;
    for (const s of sigs) {
      let why = s.verified ? undefined : (s.reason ?? 'did not verify');
      if (!why && s.signedDigest !== undefined && !signable.has(s.signedDigest)) why = `signs ${s.signedDigest}, not this image's ${digest}`;
      if (!why && identity && s.reference && repositoryOf(s.reference) !== identity) {
        why = `signs repository ${repositoryOf(s.reference)}, not ${identity}`;
      }
      if (!why && !good) good = s;
      const key = s.keyId ? ` key ${s.keyId}` : '';
      evidence.push({
        detail: `${s.kind}${key}${s.reference ? ` for ${s.reference}` : ''}: ${why ? `rejected: ${why}` : 'verified'}${s.source ? ` (${s.source})` : ''}`,
      });
    }
    if (good) return outcome.passed(`Verified ${good.kind} signature by key ${good.keyId ?? '(unknown)'}`, evidence);
    return outcome.failed(`None of ${sigs.length} signature(s) verifies for ${digest} with a vendor key`, evidence);
  },
};
