import { formatPlatform, openImage, OS_RELEASE_PATHS, readOsRelease, type OsRelease } from '@/certification/index';
import type { Credentials } from '@/certification/index';
import type { Progress } from '@/certification/image/types';

// What the worker runs on one image. Today: the engine's image access (resolve, verify, read every
// layer) and the image facts as the report. When the engine's certify() lands, it replaces the body
// of runCertification() — one call — and its verdict picks checks-failed or awaiting-review.

export interface CertificationInput {
  /** The engine's source string: docker://…, oci-archive:FILE, docker-archive:FILE. */
  source: string;
  platform?: string | null;
  credentials?: Credentials;
  /** Plain-HTTP registries (host[:port]). */
  insecureRegistries: string[];
  /** Hosts/CIDRs the SSRF guard lets through although internal. */
  registryAllow: string[];
  signal: AbortSignal;
  onProgress: (progress: { stage: string; message?: string } & Partial<Progress>) => void;
}

export interface CertificationOutcome {
  status: 'awaiting-review' | 'checks-failed';
  digest: string;
  indexDigest: string | null;
  platform: string;
  osRelease: OsRelease | null;
  report: Record<string, unknown>;
}

export const REPORT_FORMAT = 'assay-image-facts/v1';

/** An entry `host:port` names one registry; a bare `host` covers every port of that host. */
export function isInsecureRegistry(registry: string, entries: string[]): boolean {
  const host = registry.replace(/:\d+$/, '');
  return entries.some((e) => e === registry || e === host);
}

export async function runCertification(input: CertificationInput): Promise<CertificationOutcome> {
  const { signal, onProgress } = input;
  onProgress({ stage: 'resolving', message: 'Resolving the image and reading its manifest' });
  const registryHost = /^docker:\/\/([^/]+)\//.exec(input.source)?.[1];
  const image = await openImage(input.source, {
    ...(input.platform ? { platform: input.platform } : {}),
    signal,
    listTags: false,
    registry: {
      // Vendors name the registry: the guard keeps workers off internal addresses.
      ssrfGuard: { enabled: true, allow: input.registryAllow },
      tlsVerify: !(registryHost && isInsecureRegistry(registryHost, input.insecureRegistries)),
      // Without vendor credentials, never fall back to the worker host's own authfiles.
      ...(input.credentials ? { credentials: input.credentials } : { env: { DOCKER_CONFIG: '/nonexistent/assay-no-authfile' } }),
    },
  });
  try {
    const wanted = new Set<string>(OS_RELEASE_PATHS);
    const fs = await image.readFilesystem({
      signal,
      capture: (path) => wanted.has(path),
      onProgress: (p) => onProgress({ ...p, stage: 'layers', message: `Reading layers (${p.layersRead}/${p.layersTotal ?? '?'})` }),
    });
    onProgress({ stage: 'report', message: 'Writing the report' });
    const files = new Map<string, Buffer>();
    for (const path of OS_RELEASE_PATHS) {
      const content = fs.content(path);
      if (content) files.set(path, content);
    }
    const osRelease = readOsRelease(files);
    const platform = formatPlatform(image.platform);
    return {
      status: 'awaiting-review',
      digest: image.digest,
      indexDigest: image.indexDigest ?? null,
      platform,
      osRelease,
      report: {
        format: REPORT_FORMAT,
        source: input.source,
        digest: image.digest,
        indexDigest: image.indexDigest ?? null,
        mediaType: image.mediaType,
        platform,
        platforms: image.platforms.map(formatPlatform),
        configDigest: image.configDigest,
        created: image.config.created ?? null,
        layers: fs.layers.map((l) => ({ index: l.index, digest: l.digest, compression: l.compression, compressedBytes: l.compressedBytes, uncompressedBytes: l.uncompressedBytes, entries: l.entries })),
        size: { compressedBytes: fs.stats.compressedBytes, uncompressedBytes: fs.stats.uncompressedBytes, entries: fs.stats.entries },
        osRelease: osRelease ? { id: osRelease.id, idLike: osRelease.idLike, name: osRelease.name ?? null, versionId: osRelease.versionId ?? null, prettyName: osRelease.prettyName ?? null } : null,
        findings: fs.findings.slice(0, 100),
      },
    };
  } finally {
    await image.close();
  }
}
