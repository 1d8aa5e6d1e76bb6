import { createHash, generateKeyPairSync, sign as cryptoSign, type KeyObject, createPublicKey } from 'node:crypto';
import { bundleToJSON } from '@sigstore/bundle';
import { DSSEBundleBuilder, type Signer } from '@sigstore/sign';
import { CertificationError } from '../errors';
import { COSIGN_SIGNATURE_ANNOTATION } from './cosign';
import { DSSE_ENVELOPE_MEDIA_TYPE, IN_TOTO_PAYLOAD_TYPE, IN_TOTO_STATEMENT_V1, preAuthEncoding, type DsseEnvelope, type InTotoStatement } from './dsse';
import { COSIGN_SIGNATURE_TYPE, SIMPLE_SIGNING_MEDIA_TYPE } from './simple-signing';
import { publicKeyId } from './trust';

// Our own signer, cosign-compatible: simple-signing signatures for the `.sig` tag, DSSE/in-toto
// attestations for the `.att` tag, and Sigstore bundles. ECDSA P-256 with SHA-256, DER signatures.
export interface SigningKey {
  privateKey: KeyObject;
  publicKey: KeyObject;
  publicKeyPem: string;
  keyId: string;
}

export function generateSigningKey(): SigningKey {
  const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  return signingKeyFrom(privateKey);
}

export function signingKeyFrom(privateKey: KeyObject): SigningKey {
  if (privateKey.type !== 'private' || privateKey.asymmetricKeyType !== 'ec' || privateKey.asymmetricKeyDetails?.namedCurve !== 'prime256v1') {
    throw new CertificationError('SIGNATURE_ERROR', `signing key: expected an ECDSA P-256 private key, got ${privateKey.type} ${privateKey.asymmetricKeyType ?? ''}`);
  }
  const publicKey = createPublicKey(privateKey);
  return { privateKey, publicKey, publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(), keyId: publicKeyId(publicKey) };
}

/** The payload exactly as cosign marshals it (Go's json field order, `optional` null when empty). */
export function cosignPayload(opts: { digest: string; reference: string; optional?: Record<string, unknown> }): Buffer {
  return Buffer.from(
    JSON.stringify({
      critical: {
        identity: { 'docker-reference': opts.reference },
        image: { 'docker-manifest-digest': opts.digest },
        type: COSIGN_SIGNATURE_TYPE,
      },
      optional: opts.optional ?? null,
    }),
  );
}

export interface CosignSignature {
  payload: Buffer;
  /** Base64 DER ECDSA signature, the value of `dev.cosignproject.cosign/signature`. */
  signature: string;
}

export function signCosign(key: SigningKey, opts: { digest: string; reference: string; optional?: Record<string, unknown> }): CosignSignature {
  const payload = cosignPayload(opts);
  return { payload, signature: cryptoSign('sha256', payload, key.privateKey).toString('base64') };
}

export function signDsse(key: SigningKey, payloadType: string, payload: Buffer): DsseEnvelope {
  const sig = cryptoSign('sha256', preAuthEncoding(payloadType, payload), key.privateKey);
  return { payloadType, payload: payload.toString('base64'), signatures: [{ keyid: '', sig: sig.toString('base64') }] };
}

export function inTotoStatement(opts: { name: string; digest: string; predicateType: string; predicate?: unknown }): InTotoStatement {
  const [alg, hex] = opts.digest.split(':');
  return { _type: IN_TOTO_STATEMENT_V1, subject: [{ name: opts.name, digest: { [alg]: hex } }], predicateType: opts.predicateType, predicate: opts.predicate ?? {} };
}

export function signAttestation(key: SigningKey, statement: InTotoStatement): DsseEnvelope {
  return signDsse(key, IN_TOTO_PAYLOAD_TYPE, Buffer.from(JSON.stringify(statement)));
}

/** A Sigstore bundle v0.3 with DSSE content and a public-key hint (base64 SHA-256 of the SPKI). */
export async function signBundle(key: SigningKey, statement: InTotoStatement): Promise<Record<string, unknown>> {
  const signer: Signer = {
    sign: async (data) => ({
      signature: cryptoSign('sha256', data, key.privateKey),
      key: { $case: 'publicKey', publicKey: key.publicKeyPem, hint: Buffer.from(key.keyId, 'hex').toString('base64') },
    }),
  };
  const bundle = await new DSSEBundleBuilder({ signer, witnesses: [] }).create({
    data: Buffer.from(JSON.stringify(statement)),
    type: IN_TOTO_PAYLOAD_TYPE,
  });
  return bundleToJSON(bundle) as unknown as Record<string, unknown>;
}

export interface OciBlob {
  mediaType: string;
  digest: string;
  size: number;
  bytes: Buffer;
  annotations?: Record<string, string>;
}

export interface OciArtifact {
  manifest: Buffer;
  manifestDigest: string;
  blobs: OciBlob[];
}

export const OCI_MANIFEST_MEDIA_TYPE = 'application/vnd.oci.image.manifest.v1+json';
export const OCI_EMPTY_MEDIA_TYPE = 'application/vnd.oci.empty.v1+json';
export const SIGSTORE_BUNDLE_MEDIA_TYPE = 'application/vnd.dev.sigstore.bundle.v0.3+json';

export function sha256(bytes: Buffer): string {
  return `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
}

function blob(mediaType: string, bytes: Buffer, annotations?: Record<string, string>): OciBlob {
  return { mediaType, digest: sha256(bytes), size: bytes.length, bytes, ...(annotations ? { annotations } : {}) };
}

function descriptor(b: OciBlob) {
  return { mediaType: b.mediaType, size: b.size, digest: b.digest, ...(b.annotations ? { annotations: b.annotations } : {}) };
}

function imageArtifact(layers: OciBlob[]): OciArtifact {
  // cosign's signature image: a config naming each layer as a diff id, so registries treat it as an image.
  const config = blob(
    'application/vnd.oci.image.config.v1+json',
    Buffer.from(JSON.stringify({ architecture: '', config: {}, created: '0001-01-01T00:00:00Z', os: '', rootfs: { type: 'layers', diff_ids: layers.map((l) => l.digest) } })),
  );
  const manifest = Buffer.from(JSON.stringify({ schemaVersion: 2, mediaType: OCI_MANIFEST_MEDIA_TYPE, config: descriptor(config), layers: layers.map(descriptor) }));
  return { manifest, manifestDigest: sha256(manifest), blobs: [config, ...layers] };
}

/** The manifest cosign pushes to `sha256-<hex>.sig`: one simple-signing layer per signature. */
export function cosignSignatureArtifact(signatures: CosignSignature[]): OciArtifact {
  return imageArtifact(signatures.map((s) => blob(SIMPLE_SIGNING_MEDIA_TYPE, s.payload, { [COSIGN_SIGNATURE_ANNOTATION]: s.signature })));
}

/** The manifest cosign pushes to `sha256-<hex>.att`: one DSSE envelope layer per attestation. */
export function cosignAttestationArtifact(envelopes: Array<{ envelope: DsseEnvelope; predicateType: string }>): OciArtifact {
  return imageArtifact(
    envelopes.map((e) => blob(DSSE_ENVELOPE_MEDIA_TYPE, Buffer.from(JSON.stringify(e.envelope)), { [COSIGN_SIGNATURE_ANNOTATION]: '', predicateType: e.predicateType })),
  );
}

/** An OCI 1.1 referrer holding a Sigstore bundle about `subject` (cosign v3's default). */
export function bundleReferrerArtifact(bundle: unknown, subject: { mediaType: string; digest: string; size: number }): OciArtifact {
  const config = blob(OCI_EMPTY_MEDIA_TYPE, Buffer.from('{}'));
  const layer = blob(SIGSTORE_BUNDLE_MEDIA_TYPE, Buffer.from(JSON.stringify(bundle)));
  const manifest = Buffer.from(
    JSON.stringify({ schemaVersion: 2, mediaType: OCI_MANIFEST_MEDIA_TYPE, artifactType: SIGSTORE_BUNDLE_MEDIA_TYPE, config: descriptor(config), layers: [descriptor(layer)], subject }),
  );
  return { manifest, manifestDigest: sha256(manifest), blobs: [config, layer] };
}

/** `sha256-<hex>.sig` for an image digest. */
export function cosignTag(digest: string, suffix: 'sig' | 'att' | 'sbom'): string {
  return `${digest.replace(':', '-')}.${suffix}`;
}
