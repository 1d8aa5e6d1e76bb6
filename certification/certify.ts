import { buildCheckContext } from './checks/context';
import { createCapture } from './checks/capture';
import { runChecksWithProgress } from './checks/index';
import type { CheckContext, ImageFacts, SignatureInput, VulnerabilityInput } from './checks/types';
import { CertificationError } from './errors';
import { formatPlatform } from './image/manifest';
import { openImage, type OpenedImage } from './image/open-image';
import type { ImageLimits } from './image/limits';
import { discoverSignatures } from './image/signatures';
import type { RegistryOptions } from './image/sources/registry';
import type { Platform } from './image/types';
import { defaultPolicy, type LoadedPolicy } from './policy/load-policy';
import { buildIndexReport, buildReport, type CertificationReport, type IndexReport } from './report/build-report';
import type { Waiver } from './report/waivers';
import type { TrustMaterial } from './signatures/trust';
import { verifyImageSignatures } from './signatures/verify-image-signatures';
import type { AdvisoryIndex } from './vulnerabilities/database';
import { gradeFindings } from './vulnerabilities/grade';
import { matchAdvisories } from './vulnerabilities/match';

// The engine's front door: one image source in, one report out, as a list of named steps. The
// layers are read once; everything the checks need is captured on the way past.

/** Stage names the platform UI shows. */
export type CertifyStage = 'resolving' | 'signatures' | 'reading-layers' | 'packages' | 'vulnerabilities' | 'checks' | 'report';

export interface CertifyProgress {
  stage: CertifyStage;
  /** `os/arch[/variant]` of the image being certified, once known. */
  platform?: string;
  /** For `reading-layers`: compressed bytes and layers read so far. */
  bytesRead?: number;
  bytesTotal?: number;
  layersRead?: number;
  layersTotal?: number;
  /** For `checks`: the check now running, and how many of how many are done. */
  check?: string;
  checksDone?: number;
  checksTotal?: number;
}

export interface CertifyOptions {
  /** Any source the image access layer reads: `docker://…`, `oci:…`, `oci-archive:…`, `docker-archive:…`. */
  source: string;
  /** Default: certification/policy/default.json. */
  policy?: LoadedPolicy;
  /** Vendor keys; without them `signature.verified` is skipped (and so blocks). */
  trust?: TrustMaterial | null;
  /** Lookaside signature stores (`file:///DIR`, a directory, or an http(s) URL). */
  lookaside?: string[];
  /** Repository the image is known as; default for docker:// is the reference's, archives have none. */
  identity?: string;
  advisories?: AdvisoryIndex;
  waivers?: Waiver[];
  /** Evaluation time (EOL dates, grade, grace, waiver expiry); default now. */
  at?: Date;
  platform?: string | Platform;
  registry?: RegistryOptions;
  limits?: Partial<ImageLimits>;
  signal?: AbortSignal;
  onProgress?: (progress: CertifyProgress) => void;
}

/** The repository a docker:// source names (`host/ns/name`); null for archives and layouts. */
export function defaultIdentity(image: Pick<OpenedImage, 'reference'>): string | null {
  const r = image.reference;
  return r.transport === 'docker' ? `${r.registry}/${r.repository}` : null;
}

/** Lookaside stores key signatures by repository path without the registry host (containers/image layout). */
function lookasideRepository(identity: string): string {
  const parts = identity.split('/');
  const first = parts[0] ?? '';
  const hasHost = parts.length > 1 && (first.includes('.') || first.includes(':') || first === 'localhost');
  return (hasHost ? parts.slice(1) : parts).join('/').replace(/[:@].*$/, '');
}

async function verifySignatures(
  image: OpenedImage,
  identity: string,
  trust: TrustMaterial,
  opts: CertifyOptions,
): Promise<SignatureInput[]> {
  // Signatures are checked as of now, not `at`: a signature made today must not look "from the future"
  // when an ISV evaluates EOL dates and grades as of an earlier day.
  const subjects = [image.digest, ...(image.indexDigest ? [image.indexDigest] : [])];
  const results: SignatureInput[] = [];
  for (const digest of subjects) {
    const found = await discoverSignatures({
      source: image.imageSource,
      digest,
      repository: image.imageSource.repository ?? lookasideRepository(identity),
      ...(opts.lookaside?.length ? { lookaside: opts.lookaside } : {}),
      maxManifestBytes: image.limits.maxManifestBytes,
      ...(opts.signal ? { signal: opts.signal } : {}),
    });
    const verified = await verifyImageSignatures({
      digest,
      identity,
      trust,
      artifacts: found.artifacts,
      ...(digest === image.digest ? { manifest: image.manifestBytes } : {}),
    });
    results.push(...verified);
  }
  return results;
}

function vulnerabilitiesOf(ctx: CheckContext, index: AdvisoryIndex, at: Date): VulnerabilityInput {
  const gateUnknown = ctx.policy.checks['vulnerabilities.policy']?.gateUnknown === true;
  if (!ctx.osRelease || !ctx.packages) return { grade: 'A', findings: [] };
  const matched = matchAdvisories({ packages: ctx.packages.packages, osRelease: ctx.osRelease, index });
  const { grade } = gradeFindings(matched.findings, { now: at, ...(gateUnknown ? { unknownAs: 'high' as const } : {}) });
  return {
    grade,
    findings: matched.findings.map((f) => ({
      key: f.key,
      id: f.id,
      aliases: f.aliases,
      package: f.package,
      installed: f.installed,
      fixed: f.fixed ?? null,
      severity: f.severity,
      published: f.published ?? null,
    })),
  };
}

function imageFacts(image: OpenedImage, identity: string | null, uncompressedSize: number): ImageFacts {
  return {
    source: image.source,
    identity,
    digest: image.digest,
    ...(image.indexDigest ? { indexDigest: image.indexDigest } : {}),
    tags: image.tags,
    layerCount: image.layers.length,
    size: image.layers.reduce((sum, l) => sum + l.size, 0),
    uncompressedSize,
    config: image.config,
    platform: image.platform,
  };
}

/** Certifies one opened image (one platform): the steps after `resolving`. */
async function certifyOpened(image: OpenedImage, opts: CertifyOptions, policy: LoadedPolicy, at: Date): Promise<CertificationReport> {
  const platform = formatPlatform(image.platform);
  const progress = (p: Omit<CertifyProgress, 'platform'>) => opts.onProgress?.({ ...p, platform });
  const identity = opts.identity ?? defaultIdentity(image);

  progress({ stage: 'signatures' });
  let signatures: SignatureInput[] | null = null;
  if (opts.trust) signatures = identity ? await verifySignatures(image, identity, opts.trust, opts) : [];

  const capture = createCapture(policy.policy);
  const fs = await image.readFilesystem({
    capture: capture.predicate,
    ...(opts.signal ? { signal: opts.signal } : {}),
    onProgress: (p) => progress({ stage: 'reading-layers', bytesRead: p.bytesRead, bytesTotal: p.bytesTotal ?? 0, layersRead: p.layersRead, layersTotal: p.layersTotal ?? 0 }),
  });

  progress({ stage: 'packages' });
  let ctx = buildCheckContext({
    image: imageFacts(image, identity, fs.stats.uncompressedBytes),
    fs,
    capture,
    policy: policy.policy,
    signatures,
    waivers: opts.waivers ?? [],
    at,
  });

  if (opts.advisories) {
    progress({ stage: 'vulnerabilities' });
    ctx = { ...ctx, vulnerabilities: vulnerabilitiesOf(ctx, opts.advisories, at) };
  }

  progress({ stage: 'checks' });
  const results = await runChecksWithProgress(ctx, (c) => progress({ stage: 'checks', ...c }), opts.signal);

  progress({ stage: 'report' });
  return buildReport({ ctx, policy, results });
}

async function open(opts: CertifyOptions, platform?: string | Platform): Promise<OpenedImage> {
  return openImage(opts.source, {
    ...(platform ? { platform } : {}),
    ...(opts.limits ? { limits: opts.limits } : {}),
    ...(opts.registry ? { registry: opts.registry } : {}),
    ...(opts.signal ? { signal: opts.signal } : {}),
  });
}

function aborted(opts: CertifyOptions, e: unknown): unknown {
  if (opts.signal?.aborted && !(e instanceof CertificationError)) return new CertificationError('ABORTED', `certifying ${opts.source}: aborted`);
  return e;
}

/**
 * Certifies the image a source names: one platform of an index (`platform`, default linux/amd64),
 * or with `allPlatforms` every platform, as an index report.
 */
export function certify(opts: CertifyOptions & { allPlatforms: true }): Promise<IndexReport>;
export function certify(opts: CertifyOptions & { allPlatforms?: false }): Promise<CertificationReport>;
export function certify(opts: CertifyOptions & { allPlatforms?: boolean }): Promise<CertificationReport | IndexReport>;
export function certify(opts: CertifyOptions & { allPlatforms?: boolean }): Promise<CertificationReport | IndexReport> {
  if (opts.allPlatforms) {
    if (opts.platform) return Promise.reject(new CertificationError('OPTIONS_INVALID', 'certify: expected either a platform or allPlatforms, got both'));
    return certifyAllPlatforms(opts);
  }
  return certifyOne(opts);
}

async function certifyOne(opts: CertifyOptions): Promise<CertificationReport> {
  const policy = opts.policy ?? defaultPolicy();
  const at = opts.at ?? new Date();
  opts.onProgress?.({ stage: 'resolving' });
  try {
    const image = await open(opts, opts.platform);
    try {
      return await certifyOpened(image, opts, policy, at);
    } finally {
      await image.close();
    }
  } catch (e) {
    throw aborted(opts, e);
  }
}

/**
 * `--all-platforms`: every image of the index, one report each, certifiable only when all are.
 * A source naming a single image gives an index report of that one image (index = its digest).
 */
export async function certifyAllPlatforms(opts: Omit<CertifyOptions, 'platform'>): Promise<IndexReport> {
  const policy = opts.policy ?? defaultPolicy();
  const at = opts.at ?? new Date();
  opts.onProgress?.({ stage: 'resolving' });
  try {
    const first = await open(opts);
    let index: string;
    let platforms: Platform[];
    try {
      if (!first.indexDigest) return buildIndexReport(first.digest, [await certifyOpened(first, opts, policy, at)]);
      index = first.indexDigest;
      // Attestation manifests (buildx's unknown/unknown) are not images to certify.
      platforms = first.platforms.filter((p) => p.os !== 'unknown' && p.architecture !== 'unknown');
    } finally {
      await first.close();
    }
    const reports: CertificationReport[] = [];
    for (const platform of platforms) {
      opts.onProgress?.({ stage: 'resolving', platform: formatPlatform(platform) });
      const image = await open(opts, platform);
      try {
        reports.push(await certifyOpened(image, opts, policy, at));
      } finally {
        await image.close();
      }
    }
    return buildIndexReport(index, reports);
  } catch (e) {
    throw aborted(opts, e);
  }
}
