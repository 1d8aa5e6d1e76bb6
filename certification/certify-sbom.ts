import { defaultIdentity } from './certify';
import { finalContent } from './checks/context';
import { openImage } from './image/open-image';
import type { ImageLimits } from './image/limits';
import type { RegistryOptions } from './image/sources/registry';
import type { Platform } from './image/types';
import { OS_RELEASE_PATHS, parseOsRelease, type OsRelease } from './os-release';
import { isPackageDatabasePath } from './packages/detect';
import { readInstalledPackages } from './packages/read-installed-packages';
import { cycloneDx, type SbomInput } from './sbom/cyclonedx';
import { spdx } from './sbom/spdx';

// `assay sbom`: the installed packages of one image as CycloneDX 1.6 or SPDX 2.3 JSON. Only the OS
// identity and the package databases are kept while the layers stream past.

export type SbomFormat = 'cyclonedx' | 'spdx';

export interface CertifySbomOptions {
  source: string;
  format: SbomFormat;
  /** Name of the image in the document; default the docker:// repository, else the source string. */
  name?: string;
  /** Creation time written into the document (default now). */
  at?: Date;
  platform?: string | Platform;
  registry?: RegistryOptions;
  limits?: Partial<ImageLimits>;
  signal?: AbortSignal;
}

export async function certifySbom(opts: CertifySbomOptions): Promise<Record<string, unknown>> {
  const image = await openImage(opts.source, {
    ...(opts.platform ? { platform: opts.platform } : {}),
    ...(opts.limits ? { limits: opts.limits } : {}),
    ...(opts.registry ? { registry: opts.registry } : {}),
    ...(opts.signal ? { signal: opts.signal } : {}),
    listTags: false,
  });
  try {
    const keep = new Set<string>(OS_RELEASE_PATHS);
    const databases = new Set<string>();
    const fs = await image.readFilesystem({
      capture: (path, e) => {
        if (e.type !== 'file') return false;
        if (isPackageDatabasePath(path)) databases.add(path);
        return keep.has(path) || isPackageDatabasePath(path);
      },
      ...(opts.signal ? { signal: opts.signal } : {}),
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
    const input: SbomInput = {
      name: opts.name ?? defaultIdentity(image) ?? image.source,
      digest: image.digest,
      os,
      packages: readInstalledPackages(files)?.packages ?? [],
      timestamp: (opts.at ?? new Date()).toISOString(),
    };
    return opts.format === 'spdx' ? spdx(input) : cycloneDx(input);
  } finally {
    await image.close();
  }
}
