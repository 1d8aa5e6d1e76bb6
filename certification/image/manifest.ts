import { z } from 'zod';
import { CertificationError } from '../errors';
import type { Descriptor, Platform } from './types';
import { isIndexType, isManifestType, MEDIA_TYPES, normalizeContentType } from './media-types';

const zDigest = z.string().regex(/^(sha256:[a-f0-9]{64}|sha512:[a-f0-9]{128})$/, 'a digest like sha256:<64 hex>');
const zPlatform = z.looseObject({
  os: z.string().min(1),
  architecture: z.string().min(1),
  variant: z.string().optional(),
  'os.version': z.string().optional(),
  'os.features': z.array(z.string()).optional(),
});
const zDescriptor = z.looseObject({
  mediaType: z.string().min(1),
  digest: zDigest,
  size: z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER),
  annotations: z.record(z.string(), z.string()).optional(),
  platform: zPlatform.optional(),
  artifactType: z.string().optional(),
  urls: z.array(z.string()).optional(),
});
const zManifest = z.looseObject({
  schemaVersion: z.literal(2),
  mediaType: z.string().optional(),
  artifactType: z.string().optional(),
  config: zDescriptor,
  layers: z.array(zDescriptor),
  subject: zDescriptor.optional(),
  annotations: z.record(z.string(), z.string()).optional(),
});
const zIndex = z.looseObject({
  schemaVersion: z.literal(2),
  mediaType: z.string().optional(),
  artifactType: z.string().optional(),
  manifests: z.array(zDescriptor),
  subject: zDescriptor.optional(),
  annotations: z.record(z.string(), z.string()).optional(),
});

export interface ImageManifest {
  kind: 'manifest';
  mediaType: string;
  artifactType?: string;
  config: Descriptor;
  layers: Descriptor[];
  subject?: Descriptor;
  annotations?: Record<string, string>;
}

export interface ImageIndex {
  kind: 'index';
  mediaType: string;
  artifactType?: string;
  manifests: Descriptor[];
  subject?: Descriptor;
  annotations?: Record<string, string>;
}

export type ParsedManifest = ImageManifest | ImageIndex;

export interface ParseManifestOptions {
  /** Media type from the Content-Type header or the parent descriptor. */
  declaredMediaType?: string;
  expect?: 'manifest' | 'index' | 'any';
  /** Names the document in errors. */
  where: string;
}

function toDescriptor(d: z.infer<typeof zDescriptor>): Descriptor {
  const out: Descriptor = { mediaType: d.mediaType, digest: d.digest, size: d.size };
  if (d.annotations) out.annotations = d.annotations;
  if (d.platform) {
    out.platform = { os: d.platform.os, architecture: d.platform.architecture };
    if (d.platform.variant) out.platform.variant = d.platform.variant;
  }
  if (d.artifactType) out.artifactType = d.artifactType;
  if (d.urls) out.urls = d.urls;
  return out;
}

function invalid(where: string, message: string): CertificationError {
  return new CertificationError('MANIFEST_INVALID', `${where}: ${message}`);
}

function mismatch(where: string, expected: string, got: string): CertificationError {
  return new CertificationError('MEDIA_TYPE_MISMATCH', `${where}: expected ${expected}, got ${got}`, { expected, got });
}

function zodProblem(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return 'invalid document';
  const at = issue.path.length ? issue.path.join('.') : '(root)';
  return `${at}: ${issue.message}`;
}

/**
 * Parses an OCI manifest/index or Docker schema 2 manifest/list and refuses documents whose
 * declared media type disagrees with their content (a known trick to make tools read one thing
 * while a registry serves another).
 */
export function parseManifest(bytes: Buffer, opts: ParseManifestOptions): ParsedManifest {
  const where = opts.where;
  let json: unknown;
  try {
    json = JSON.parse(bytes.toString('utf8'));
  } catch (e) {
    throw invalid(where, `expected JSON, got a parse error (${(e as Error).message})`);
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    throw invalid(where, `expected a JSON object, got ${Array.isArray(json) ? 'an array' : typeof json}`);
  }
  const doc = json as Record<string, unknown>;
  const declared = normalizeContentType(opts.declaredMediaType);
  const contentType = typeof doc.mediaType === 'string' ? doc.mediaType : undefined;

  if (
    doc.schemaVersion === 1 ||
    declared === MEDIA_TYPES.dockerSchema1 ||
    declared === MEDIA_TYPES.dockerSchema1Signed ||
    contentType === MEDIA_TYPES.dockerSchema1 ||
    contentType === MEDIA_TYPES.dockerSchema1Signed
  ) {
    throw invalid(where, 'expected an OCI or Docker schema 2 manifest, got Docker schema 1 (unsupported, deprecated)');
  }

  const hasManifests = 'manifests' in doc;
  const hasLayers = 'layers' in doc || 'config' in doc;
  if (hasManifests && hasLayers) {
    throw invalid(where, 'expected either "manifests" (index) or "config"/"layers" (manifest), got both');
  }
  const shape: 'index' | 'manifest' | undefined = hasManifests ? 'index' : hasLayers ? 'manifest' : undefined;
  if (!shape) throw invalid(where, 'expected an image manifest or index, got neither "manifests" nor "layers"');

  const declaredKnown = isManifestType(declared) || isIndexType(declared) ? declared : undefined;
  if (contentType !== undefined) {
    if (!isManifestType(contentType) && !isIndexType(contentType)) {
      throw mismatch(where, 'a manifest or index media type', `"${contentType}"`);
    }
    if ((shape === 'index') !== isIndexType(contentType)) {
      throw mismatch(where, `content shaped as ${shape === 'index' ? 'an index' : 'a manifest'}`, `mediaType "${contentType}"`);
    }
    if (declaredKnown && declaredKnown !== contentType) {
      throw mismatch(where, `mediaType "${declaredKnown}" (declared)`, `"${contentType}" in the content`);
    }
  } else if (declaredKnown && (shape === 'index') !== isIndexType(declaredKnown)) {
    throw mismatch(where, `content matching declared "${declaredKnown}"`, `content shaped as ${shape === 'index' ? 'an index' : 'a manifest'}`);
  }
  const mediaType =
    contentType ?? declaredKnown ?? (shape === 'index' ? MEDIA_TYPES.ociIndex : MEDIA_TYPES.ociManifest);
  // Docker's formats require mediaType inside the document; a docker type only from the header is suspicious but valid.
  if (opts.expect === 'manifest' && shape !== 'manifest') {
    throw mismatch(where, 'an image manifest', `an index (${mediaType})`);
  }
  if (opts.expect === 'index' && shape !== 'index') {
    throw mismatch(where, 'an image index', `a manifest (${mediaType})`);
  }

  if (shape === 'index') {
    const parsed = zIndex.safeParse(doc);
    if (!parsed.success) throw invalid(where, `expected a valid image index, got ${zodProblem(parsed.error)}`);
    const out: ImageIndex = { kind: 'index', mediaType, manifests: parsed.data.manifests.map(toDescriptor) };
    if (parsed.data.artifactType) out.artifactType = parsed.data.artifactType;
    if (parsed.data.subject) out.subject = toDescriptor(parsed.data.subject);
    if (parsed.data.annotations) out.annotations = parsed.data.annotations;
    return out;
  }
  const parsed = zManifest.safeParse(doc);
  if (!parsed.success) throw invalid(where, `expected a valid image manifest, got ${zodProblem(parsed.error)}`);
  const out: ImageManifest = {
    kind: 'manifest',
    mediaType,
    config: toDescriptor(parsed.data.config),
    layers: parsed.data.layers.map(toDescriptor),
  };
  if (parsed.data.artifactType) out.artifactType = parsed.data.artifactType;
  if (parsed.data.subject) out.subject = toDescriptor(parsed.data.subject);
  if (parsed.data.annotations) out.annotations = parsed.data.annotations;
  return out;
}

export function parsePlatform(value: string): Platform {
  const parts = value.split('/');
  if (parts.length < 2 || parts.length > 3 || parts.some((p) => !/^[a-z0-9_.-]+$/i.test(p))) {
    throw new CertificationError('INVALID_REFERENCE', `invalid platform "${value}": expected OS/ARCH[/VARIANT], e.g. linux/arm64`);
  }
  const [os, architecture, variant] = parts as [string, string, string?];
  return variant ? { os, architecture, variant } : { os, architecture };
}

export function formatPlatform(p: Platform): string {
  return `${p.os}/${p.architecture}${p.variant ? `/${p.variant}` : ''}`;
}

export const DEFAULT_PLATFORM: Platform = { os: 'linux', architecture: 'amd64' };

function defaultVariant(p: Platform): string | undefined {
  if (p.variant) return p.variant;
  if (p.architecture === 'arm64') return 'v8';
  return undefined;
}

export function platformMatches(candidate: Platform, wanted: Platform): boolean {
  if (candidate.os !== wanted.os || candidate.architecture !== wanted.architecture) return false;
  if (!wanted.variant) return true;
  return defaultVariant(candidate) === defaultVariant(wanted);
}

/** Image entries of an index, skipping attestation manifests that carry no runnable platform. */
export function imageEntries(index: ImageIndex): Descriptor[] {
  return index.manifests.filter(
    (d) =>
      d.annotations?.['vnd.docker.reference.type'] !== 'attestation-manifest' &&
      !(d.platform?.os === 'unknown' && d.platform.architecture === 'unknown'),
  );
}

export function selectPlatform(index: ImageIndex, wanted: Platform, where: string): Descriptor {
  const entries = imageEntries(index);
  const matches = entries.filter((d) => d.platform && platformMatches(d.platform, wanted));
  // Prefer an exact variant match (linux/arm/v7 over linux/arm/v6 when asking for linux/arm).
  const exact = matches.find((d) => d.platform?.variant === wanted.variant);
  const chosen = exact ?? matches[0];
  if (!chosen) {
    const available = entries.map((d) => (d.platform ? formatPlatform(d.platform) : 'unspecified')).join(', ');
    throw new CertificationError(
      'PLATFORM_NOT_FOUND',
      `${where}: expected an entry for platform ${formatPlatform(wanted)}, got ${available || 'no entries'}`,
      { wanted: formatPlatform(wanted) },
    );
  }
  return chosen;
}
