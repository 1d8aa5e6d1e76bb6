import type { SignatureArtifact, SignatureLayer } from '../image/signatures';
import { isDigest } from '../image/reference';
import { CertificationError } from '../errors';
import { COSIGN_SIGNATURE_ANNOTATION, isSigstoreJsonSignature, parseSigstoreJsonSignature, verifyCosignSignature } from './cosign';
import { DSSE_ENVELOPE_MEDIA_TYPE, findSubject, parseDsseEnvelope, parseInTotoStatement, verifyDsseEnvelope } from './dsse';
import { verifyGpgSignature } from './gpg';
import { verifySigstoreBundle } from './sigstore-bundle';
import { matchDigest, matchIdentity, parseSimpleSigningPayload, SIMPLE_SIGNING_MEDIA_TYPE, type IdentityRule } from './simple-signing';
import type { TrustMaterial } from './trust';
import type { SignatureFailureCode, SignatureFormat, SignatureResult } from './types';

// The front door for `signature.verified`: every discovered artifact that is a signature becomes one
// result saying which key verified it or precisely why not. Authenticity is checked before the payload
// is believed; then the signed digest must be this image's and the signed reference its repository.
export interface VerifyImageSignaturesOptions {
  /** The image manifest digest. */
  digest: string;
  /** The repository the image is known as, e.g. `registry.example.com/acme/app`. */
  identity: string;
  identityRule?: IdentityRule;
  trust: TrustMaterial;
  artifacts: SignatureArtifact[];
  /** Manifest bytes, needed only for message-signature bundles (they sign the bytes, not a statement). */
  manifest?: Buffer;
  now?: Date;
}

const isBundleType = (t: string | undefined) => !!t && t.startsWith('application/vnd.dev.sigstore.bundle');

export async function verifyImageSignatures(opts: VerifyImageSignaturesOptions): Promise<SignatureResult[]> {
  if (!isDigest(opts.digest)) {
    throw new CertificationError('INVALID_REFERENCE', `signature verification: expected an image digest like sha256:<64 hex>, got "${opts.digest}"`);
  }
  matchIdentity(opts.identity, opts.identity); // throws INVALID_REFERENCE for a bad identity up front
  const results: SignatureResult[] = [];
  for (const artifact of opts.artifacts) {
    switch (artifact.kind) {
      case 'cosign-signature':
        for (const layer of artifact.layers) {
          const r = verifyCosignLayer(opts, layer, sourceOf(artifact));
          if (r) results.push(r);
        }
        break;
      case 'cosign-attestation':
        for (const layer of artifact.layers) {
          if (layer.descriptor.mediaType !== DSSE_ENVELOPE_MEDIA_TYPE) continue;
          results.push(verifyAttestationLayer(opts, layer, sourceOf(artifact)));
        }
        break;
      case 'referrer':
        for (const layer of artifact.layers) {
          if (isBundleType(layer.descriptor.mediaType) || (isBundleType(artifact.artifactType) && artifact.layers.length === 1)) {
            results.push(verifyBundleLayer(opts, layer, sourceOf(artifact)));
          } else if (layer.descriptor.mediaType === SIMPLE_SIGNING_MEDIA_TYPE) {
            const r = verifyCosignLayer(opts, layer, sourceOf(artifact));
            if (r) results.push(r);
          }
        }
        break;
      case 'lookaside':
        if (artifact.bytes) results.push(await verifyLookaside(opts, artifact.bytes, artifact.foundAt));
        break;
      case 'cosign-sbom':
        break;
    }
  }
  return results;
}

function sourceOf(a: SignatureArtifact): string {
  return a.digest ? `${a.foundAt} (${a.digest})` : a.foundAt;
}

function failed(kind: SignatureFormat, source: string, code: SignatureFailureCode, reason: string, extra: Partial<SignatureResult> = {}): SignatureResult {
  return { kind, verified: false, keyId: null, reference: null, ...extra, code, reason, source };
}

/** The claims of an authentic simple-signing payload: this digest, this repository. */
function checkClaims(opts: VerifyImageSignaturesOptions, kind: SignatureFormat, source: string, keyId: string, payload: Buffer): SignatureResult {
  const parsed = parseSimpleSigningPayload(payload);
  if (!parsed.ok) return failed(kind, source, parsed.code, `signed by ${keyId}, but ${parsed.reason}`);
  const { manifestDigest, dockerReference } = parsed.payload;
  const extra = { reference: dockerReference, signedDigest: manifestDigest };
  const digest = matchDigest(manifestDigest, opts.digest);
  if (!digest.ok) return failed(kind, source, digest.code, digest.reason, extra);
  const identity = matchIdentity(dockerReference, opts.identity, opts.identityRule);
  if (!identity.ok) return failed(kind, source, identity.code, identity.reason, extra);
  return { kind, verified: true, keyId, ...extra, source };
}

function verifyCosignLayer(opts: VerifyImageSignaturesOptions, layer: SignatureLayer, source: string): SignatureResult | undefined {
  const annotations = layer.descriptor.annotations ?? {};
  const where = `${source} layer ${layer.descriptor.digest}`;
  if (layer.descriptor.mediaType !== SIMPLE_SIGNING_MEDIA_TYPE) {
    // Other attachments are not signatures; one that claims to be is reported, not silently dropped.
    if (COSIGN_SIGNATURE_ANNOTATION in annotations) {
      return failed('cosign', where, 'NOT_A_SIGNATURE', `expected media type ${SIMPLE_SIGNING_MEDIA_TYPE}, got ${layer.descriptor.mediaType}`);
    }
    return undefined;
  }
  if (!layer.bytes) return failed('cosign', where, 'CORRUPT', `payload of ${layer.descriptor.size} bytes was not fetched (above the payload limit)`);
  const v = verifyCosignSignature({ payload: layer.bytes, annotations }, opts.trust.publicKeys);
  if (!v.ok) return failed('cosign', where, v.code, v.reason);
  return checkClaims(opts, 'cosign', where, v.key.keyId, layer.bytes);
}

function verifyAttestationLayer(opts: VerifyImageSignaturesOptions, layer: SignatureLayer, source: string): SignatureResult {
  const where = `${source} layer ${layer.descriptor.digest}`;
  if (!layer.bytes) return failed('cosign', where, 'CORRUPT', `attestation of ${layer.descriptor.size} bytes was not fetched (above the payload limit)`);
  const env = parseDsseEnvelope(layer.bytes);
  if (!env.ok) return failed('cosign', where, env.code, env.reason);
  const v = verifyDsseEnvelope(env.envelope, opts.trust.publicKeys);
  if (!v.ok) return failed('cosign', where, v.code, v.reason);
  const st = parseInTotoStatement(env.envelope.payloadType, v.payload);
  if (!st.ok) return failed('cosign', where, st.code, `signed by ${v.key.keyId}, but ${st.reason}`);
  return checkSubject(opts, 'cosign', where, v.key.keyId, st.statement.predicateType, findSubject(st.statement, opts.digest));
}

function checkSubject(
  opts: VerifyImageSignaturesOptions,
  kind: SignatureFormat,
  source: string,
  keyId: string,
  predicateType: string,
  subject: ReturnType<typeof findSubject>,
): SignatureResult {
  if (!subject.ok) return failed(kind, source, subject.code, subject.reason, { predicateType });
  const name = subject.subject.name ?? '';
  const extra = { reference: name || null, signedDigest: opts.digest, predicateType };
  if (!name) return failed(kind, source, 'IDENTITY_MISMATCH', 'signed subject has no name, so it names no repository', extra);
  const identity = matchIdentity(name, opts.identity, opts.identityRule ?? { type: 'matchRepository' });
  if (!identity.ok) return failed(kind, source, identity.code, identity.reason, extra);
  return { kind, verified: true, keyId, ...extra, source };
}

function verifyBundleLayer(opts: VerifyImageSignaturesOptions, layer: SignatureLayer, source: string): SignatureResult {
  const where = `${source} layer ${layer.descriptor.digest}`;
  if (!layer.bytes) return failed('sigstore-bundle', where, 'CORRUPT', `bundle of ${layer.descriptor.size} bytes was not fetched (above the payload limit)`);
  return verifyBundleBytes(opts, layer.bytes, where);
}

export function verifyBundleBytes(opts: VerifyImageSignaturesOptions, bytes: Buffer, source: string): SignatureResult {
  const v = verifySigstoreBundle(bytes, {
    keys: opts.trust.publicKeys,
    digest: opts.digest,
    ...(opts.manifest ? { artifact: opts.manifest } : {}),
    ...(opts.trust.sigstoreTrustedRoot ? { trustedRoot: opts.trust.sigstoreTrustedRoot } : {}),
    ...(opts.now ? { now: opts.now } : {}),
  });
  if (!v.ok) return failed('sigstore-bundle', source, v.code, v.reason);
  if (v.content === 'message-signature') {
    return failed('sigstore-bundle', source, 'IDENTITY_MISMATCH', `signed by ${v.key.keyId}, but a message signature names no repository`, {
      signedDigest: v.messageDigest,
    });
  }
  if (!v.statement || !v.subject) return failed('sigstore-bundle', source, 'INVALID_PAYLOAD', `signed by ${v.key.keyId}, but the DSSE payload is ${v.payloadType}, not an in-toto statement`);
  return checkSubject(opts, 'sigstore-bundle', source, v.key.keyId, v.statement.predicateType, { ok: true, subject: v.subject });
}

async function verifyLookaside(opts: VerifyImageSignaturesOptions, bytes: Buffer, source: string): Promise<SignatureResult> {
  if (isSigstoreJsonSignature(bytes)) {
    const parsed = parseSigstoreJsonSignature(bytes);
    if (!parsed.ok) return failed('cosign', source, parsed.code, parsed.reason);
    const { mimeType, payload, annotations } = parsed.signature;
    if (mimeType !== SIMPLE_SIGNING_MEDIA_TYPE) return failed('cosign', source, 'NOT_A_SIGNATURE', `expected media type ${SIMPLE_SIGNING_MEDIA_TYPE}, got ${mimeType}`);
    const v = verifyCosignSignature({ payload, annotations }, opts.trust.publicKeys);
    if (!v.ok) return failed('cosign', source, v.code, v.reason);
    return checkClaims(opts, 'cosign', source, v.key.keyId, payload);
  }
  const v = await verifyGpgSignature(bytes, opts.trust.openpgpKeys, opts.now ? { now: opts.now } : {});
  if (!v.ok) return failed('simple-signing', source, v.code, v.reason);
  return checkClaims(opts, 'simple-signing', source, v.fingerprint, v.payload);
}
