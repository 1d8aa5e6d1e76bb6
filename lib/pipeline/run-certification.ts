import type { SubmissionProgress } from '../server/submissions/present-submission';
import {
  certify,
  CertificationError,
  cycloneDx,
  defaultIdentity,
  finalContent,
  formatPlatform,
  isPackageDatabasePath,
  openImage,
  OS_RELEASE_PATHS,
  parseOsRelease,
  readInstalledPackages,
  spdx,
  type AdvisoryIndex,
  type CertificationReport,
  type CertifyProgress,
  type Credentials,
  type LoadedPolicy,
  type OsRelease,
  type RegistryOptions,
  type TrustMaterial,
  type Waiver,
} from '@/certification/index';

// What the worker runs on one image: the engine's certify() with the platform's policy, the vendor's
// keys, signature stores and waivers, and the current advisory index; then the SBOMs.

export interface CertificationInput {
  /** The engine's source string: docker://…, oci-archive:FILE, docker-archive:FILE. */
  source: string;
  platform?: string | null;
  credentials?: Credentials;
  /** Plain-HTTP registries (host[:port]). */
  insecureRegistries: string[];
  /** Hosts/CIDRs the SSRF guard lets through although internal. */
  registryAllow: string[];
  policy: LoadedPolicy;
  /** null when the vendor registered no keys: signature.verified is then skipped and says so. */
  trust: TrustMaterial | null;
  lookaside: string[];
  /** The product's repository: signatures must name it. */
  identity: string;
  advisories: AdvisoryIndex | null;
  waivers: Waiver[];
  signal: AbortSignal;
  onProgress: (progress: SubmissionProgress) => void;
}

export interface CertificationOutcome {
  status: 'awaiting-review' | 'checks-failed';
  report: CertificationReport;
  sboms: { cyclonedx: Record<string, unknown>; spdx: Record<string, unknown> };
  indexDigest: string | null;
}

/** An entry `host:port` names one registry; a bare `host` covers every port of that host. */
export function isInsecureRegistry(registry: string, entries: string[]): boolean {
  const host = registry.replace(/:\d+$/, '');
  return entries.some((e) => e === registry || e === host);
}

const STAGE_MESSAGES: Record<CertifyProgress['stage'], string> = {
  resolving: 'Resolving the image and reading its manifest',
  signatures: 'Verifying signatures',
  'reading-layers': 'Reading layers',
  packages: 'Reading the package database',
  vulnerabilities: 'Matching advisories',
  checks: 'Running the checks',
  report: 'Writing the report',
};

export function registryOptions(input: Pick<CertificationInput, 'source' | 'credentials' | 'insecureRegistries' | 'registryAllow'>): RegistryOptions {
  const registryHost = /^docker:\/\/([^/]+)\//.exec(input.source)?.[1];
  return {
    // Vendors name the registry: the guard keeps workers off internal addresses.
    ssrfGuard: { enabled: true, allow: input.registryAllow },
    tlsVerify: !(registryHost && isInsecureRegistry(registryHost, input.insecureRegistries)),
    // Without vendor credentials, never fall back to the worker host's own authfiles.
    ...(input.credentials ? { credentials: input.credentials } : { env: { DOCKER_CONFIG: '/nonexistent/assay-no-authfile' } }),
  };
}

/** Vendors' lookaside stores must be web URLs: a path would read the worker's own disk. */
export function allowedLookaside(urls: string[]): string[] {
  return urls.filter((u) => /^https?:\/\//i.test(u));
}

export async function runCertification(input: CertificationInput): Promise<CertificationOutcome> {
  const { signal, onProgress } = input;
  const registry = registryOptions(input);
  const report = await certify({
    source: input.source,
    ...(input.platform ? { platform: input.platform } : {}),
    policy: input.policy,
    trust: input.trust,
    lookaside: allowedLookaside(input.lookaside),
    identity: input.identity,
    ...(input.advisories ? { advisories: input.advisories } : {}),
    waivers: input.waivers,
    registry,
    signal,
    onProgress: (p) => {
      const layers = p.stage === 'reading-layers' ? ` (${p.layersRead ?? 0}/${p.layersTotal ?? '?'})` : '';
      const check = p.check ? `: ${p.check} (${(p.checksDone ?? 0) + 1} of ${p.checksTotal})` : '';
      onProgress({
        stage: p.stage,
        message: `${STAGE_MESSAGES[p.stage]}${layers}${check}`,
        layersRead: p.layersRead,
        layersTotal: p.layersTotal,
        bytesRead: p.bytesRead,
        bytesTotal: p.bytesTotal,
        check: p.check,
        checksDone: p.checksDone,
        checksTotal: p.checksTotal,
      });
    },
  });
  onProgress({ stage: 'sbom', message: 'Writing the software bill of materials' });
  const { sboms, indexDigest, digest } = await buildSboms({ ...input, platform: input.platform ?? formatPlatform(report.image.platform), registry, name: input.identity });
  // A tag moved between the two reads: the SBOM would describe another image than the report.
  if (digest !== report.image.digest) {
    throw new CertificationError('DIGEST_MISMATCH', `${input.source}: expected the image ${report.image.digest} while writing the SBOM, got ${digest} (the tag moved during certification); submit again`);
  }
  return { status: report.verdict === 'certifiable' ? 'awaiting-review' : 'checks-failed', report, sboms, indexDigest: indexDigest ?? null };
}

/** CycloneDX and SPDX from one pass over the layers (only os-release and package databases kept). */
async function buildSboms(opts: { source: string; platform: string; registry: RegistryOptions; signal: AbortSignal; name: string }) {
  const image = await openImage(opts.source, { platform: opts.platform, registry: opts.registry, signal: opts.signal, listTags: false });
  try {
    const keep = new Set<string>(OS_RELEASE_PATHS);
    const databases = new Set<string>();
    const fs = await image.readFilesystem({
      signal: opts.signal,
      capture: (path, e) => {
        if (e.type !== 'file') return false;
        if (isPackageDatabasePath(path)) databases.add(path);
        return keep.has(path) || isPackageDatabasePath(path);
      },
    });
    let os: OsRelease | null = null;
    for (const path of OS_RELEASE_PATHS) {
      const content = finalContent(fs, path);
      if (content) {
        os = parseOsRelease(content, `${path} in ${image.source}`);
        break;
      }
    }
    const files = new Map<string, Buffer>();
    for (const path of databases) {
      const content = fs.content(path);
      if (content) files.set(path, content);
    }
    const input = {
      name: opts.name || defaultIdentity(image) || image.source,
      digest: image.digest,
      os,
      packages: readInstalledPackages(files)?.packages ?? [],
      timestamp: new Date().toISOString(),
    };
    return { sboms: { cyclonedx: cycloneDx(input), spdx: spdx(input) }, indexDigest: image.indexDigest, digest: image.digest };
  } finally {
    await image.close();
  }
}
