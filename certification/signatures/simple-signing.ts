import { CertificationError } from '../errors';
import { DOCKER_HUB, isDigest, parseDockerReference } from '../image/reference';
import { fail, type Verdict } from './types';

// The "simple signing" payload of containers/image (GPG) and cosign: which manifest digest is
// signed and under which docker reference. `critical` must be understood whole, so unknown keys there
// are refused, as containers/image does.
export const ATOMIC_SIGNATURE_TYPE = 'atomic container signature';
export const COSIGN_SIGNATURE_TYPE = 'cosign container image signature';
export const SIMPLE_SIGNING_MEDIA_TYPE = 'application/vnd.dev.cosign.simplesigning.v1+json';

export interface SimpleSigningPayload {
  type: typeof ATOMIC_SIGNATURE_TYPE | typeof COSIGN_SIGNATURE_TYPE;
  manifestDigest: string;
  dockerReference: string;
  creator?: string;
  timestamp?: number;
  optional: Record<string, unknown> | null;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function exactKeys(v: unknown, keys: string[], what: string): Verdict<{ value: Record<string, unknown> }> {
  if (!isObject(v)) return fail('INVALID_PAYLOAD', `${what}: expected a JSON object, got ${v === null ? 'null' : typeof v}`);
  const got = Object.keys(v).sort();
  const want = [...keys].sort();
  if (got.join(',') !== want.join(',')) {
    return fail('INVALID_PAYLOAD', `${what}: expected exactly the fields ${want.join(', ')}, got ${got.join(', ') || 'none'}`);
  }
  return { ok: true, value: v };
}

/** Parses a simple-signing payload; never throws on bad bytes (they are signed, not trusted input). */
export function parseSimpleSigningPayload(bytes: Buffer): Verdict<{ payload: SimpleSigningPayload }> {
  let json: unknown;
  try {
    json = JSON.parse(bytes.toString('utf8'));
  } catch {
    const start = bytes.subarray(0, 32).toString('utf8').replace(/\s+/g, ' ');
    return fail('INVALID_PAYLOAD', `signed payload: expected simple-signing JSON, got non-JSON data ("${start}")`);
  }
  if (!isObject(json)) return fail('INVALID_PAYLOAD', `signed payload: expected a JSON object, got ${Array.isArray(json) ? 'an array' : typeof json}`);
  const top = Object.keys(json).filter((k) => k !== 'critical' && k !== 'optional');
  if (top.length) return fail('INVALID_PAYLOAD', `signed payload: expected only "critical" and "optional", got also ${top.join(', ')}`);
  const critical = exactKeys(json.critical, ['type', 'image', 'identity'], 'signed payload "critical"');
  if (!critical.ok) return critical;
  const { type } = critical.value;
  if (type !== ATOMIC_SIGNATURE_TYPE && type !== COSIGN_SIGNATURE_TYPE) {
    return fail('INVALID_PAYLOAD', `signed payload: expected critical.type "${ATOMIC_SIGNATURE_TYPE}" or "${COSIGN_SIGNATURE_TYPE}", got ${JSON.stringify(type)}`);
  }
  const image = exactKeys(critical.value.image, ['docker-manifest-digest'], 'signed payload "critical.image"');
  if (!image.ok) return image;
  const digest = image.value['docker-manifest-digest'];
  if (typeof digest !== 'string' || !isDigest(digest)) {
    return fail('INVALID_PAYLOAD', `signed payload: expected critical.image.docker-manifest-digest like sha256:<64 hex>, got ${JSON.stringify(digest)}`);
  }
  const identity = exactKeys(critical.value.identity, ['docker-reference'], 'signed payload "critical.identity"');
  if (!identity.ok) return identity;
  const reference = identity.value['docker-reference'];
  if (typeof reference !== 'string') {
    return fail('INVALID_PAYLOAD', `signed payload: expected critical.identity.docker-reference to be a string, got ${typeof reference}`);
  }
  const optional = json.optional ?? null;
  if (optional !== null && !isObject(optional)) return fail('INVALID_PAYLOAD', `signed payload: expected "optional" to be an object or null, got ${typeof optional}`);
  const payload: SimpleSigningPayload = { type, manifestDigest: digest, dockerReference: reference, optional };
  if (optional && typeof optional.creator === 'string') payload.creator = optional.creator;
  if (optional && typeof optional.timestamp === 'number') payload.timestamp = optional.timestamp;
  return { ok: true, payload };
}

export interface NormalizedReference {
  /** `registry/repository`, docker.io and `library/` made explicit. */
  repository: string;
  tag?: string;
  digest?: string;
}

/** Normalises a docker reference the way containers/image does (docker.io, index.docker.io, library/). */
export function normalizeDockerReference(value: string): NormalizedReference {
  const ref = parseDockerReference(value);
  const registry = ref.registry === 'index.docker.io' ? DOCKER_HUB : ref.registry;
  const repository = registry === DOCKER_HUB && !ref.repository.includes('/') ? `library/${ref.repository}` : ref.repository;
  return {
    repository: `${registry}/${repository}`,
    ...(ref.tag ? { tag: ref.tag } : {}),
    ...(ref.digest ? { digest: ref.digest } : {}),
  };
}

function formatNormalized(r: NormalizedReference): string {
  return `${r.repository}${r.tag ? `:${r.tag}` : ''}${r.digest ? `@${r.digest}` : ''}`;
}

/**
 * containers/image's signedIdentity rules: `matchRepository` (same repository, any tag — our default:
 * the catalog knows an image by repository), `matchExact` (same tag or digest, so a cosign signature
 * without a tag never matches), `exactReference` (equal to the given reference after normalisation), `matchRepoDigestOrExact` (repository when the image is named by digest,
 * else exact).
 */
export type IdentityRule =
  | { type: 'matchRepository' }
  | { type: 'matchExact' }
  | { type: 'matchRepoDigestOrExact' }
  | { type: 'exactReference'; reference: string };

/**
 * Whether `signedReference` names `expected` (the identity the image is known as). An invalid
 * `expected` is a caller error (thrown); an invalid signed reference is a failed signature.
 */
export function matchIdentity(signedReference: string, expected: string, rule: IdentityRule = { type: 'matchRepository' }): Verdict<object> {
  const want = parseExpected(rule.type === 'exactReference' ? rule.reference : expected);
  let signed: NormalizedReference;
  try {
    signed = normalizeDockerReference(signedReference);
  } catch {
    return fail('INVALID_PAYLOAD', `signed docker-reference ${JSON.stringify(signedReference)} is not a valid image reference`);
  }
  const mismatch = (what: string) =>
    fail('IDENTITY_MISMATCH', `signed reference ${formatNormalized(signed)} ≠ ${what} ${formatNormalized(want)}`);
  const sameRepo = signed.repository === want.repository;
  const equal = () => sameRepo && signed.tag === want.tag && signed.digest === want.digest;
  // matchExact refuses name-only references on either side (containers/image's IsNameOnly rule).
  const exact = () => equal() && (signed.tag !== undefined || signed.digest !== undefined);
  switch (rule.type) {
    case 'matchRepository':
      return sameRepo ? { ok: true } : mismatch('expected repository');
    case 'matchRepoDigestOrExact':
      if (want.digest && !want.tag) return sameRepo ? { ok: true } : mismatch('expected repository');
      return exact() ? { ok: true } : mismatch('expected reference');
    case 'matchExact':
      return exact() ? { ok: true } : mismatch('image reference');
    case 'exactReference':
      return equal() ? { ok: true } : mismatch('required reference');
  }
}

function parseExpected(value: string): NormalizedReference {
  try {
    return normalizeDockerReference(value);
  } catch (e) {
    throw new CertificationError('INVALID_REFERENCE', `signature identity: expected an image reference like registry.example.com/ns/name, got "${value}"`, {
      cause: (e as Error).message,
    });
  }
}

/** The signed digest must be the image's manifest digest, byte for byte. */
export function matchDigest(signedDigest: string, imageDigest: string): Verdict<object> {
  return signedDigest === imageDigest
    ? { ok: true }
    : fail('DIGEST_MISMATCH', `signed docker-manifest-digest ${signedDigest} ≠ image digest ${imageDigest}`);
}
