import { readApkInstalled } from './apk';
import { detectPackageManager, DPKG_AVAILABLE, DPKG_INFO_DIR, DPKG_STATUS_DIR } from './detect';
import { mergeDpkgFiles, parseFileList, parseMd5sums, readDpkgAvailableDigests, readDpkgStatus, type ReadDpkgOptions } from './dpkg';
import { readRpmDatabase } from './rpm-db';
import type { InstalledPackage, PackageManager, ReadPackagesOptions } from './types';

export interface InstalledPackages {
  manager: PackageManager;
  /** The database path read (or the status.d folder). */
  database: string;
  packages: InstalledPackage[];
}

export type ReadInstalledOptions = ReadPackagesOptions & Pick<ReadDpkgOptions, 'includeNotInstalled'>;

function readDpkg(files: Map<string, Buffer>, database: string, options: ReadInstalledOptions): InstalledPackage[] {
  let packages: InstalledPackage[];
  if (database === DPKG_STATUS_DIR) {
    packages = [];
    const names = [...files.keys()].filter((p) => p.startsWith(`${DPKG_STATUS_DIR}/`) && !p.endsWith('.md5sums')).sort();
    for (const path of names) {
      packages.push(...readDpkgStatus(files.get(path)!, path, { ...options, missingStatusMeansInstalled: true }));
    }
  } else {
    packages = readDpkgStatus(files.get(database)!, database, options);
  }

  const available = files.get(DPKG_AVAILABLE);
  const digests = available ? readDpkgAvailableDigests(available, DPKG_AVAILABLE) : undefined;
  for (const pkg of packages) {
    const digest = digests?.get(`${pkg.name}\u0000${pkg.version}`);
    if (digest) pkg.digest = digest;
    if (options.files === false) {
      delete pkg.files;
      continue;
    }
    // Multi-arch packages name their info files `<pkg>:<arch>.*`; distroless keeps md5sums in status.d.
    const stems = pkg.arch ? [`${pkg.name}:${pkg.arch}`, pkg.name] : [pkg.name];
    const find = (suffix: string, dirs: string[]) => {
      for (const dir of dirs) for (const stem of stems) {
        const path = `${dir}/${stem}${suffix}`;
        const content = files.get(path);
        if (content) return { path, content };
      }
      return undefined;
    };
    const list = find('.list', [DPKG_INFO_DIR]);
    const md5 = find('.md5sums', [DPKG_INFO_DIR, DPKG_STATUS_DIR]);
    const merged = mergeDpkgFiles(pkg, list ? parseFileList(list.content) : undefined, md5 ? parseMd5sums(md5.content, md5.path) : undefined);
    if (merged) pkg.files = merged;
  }
  return packages;
}

/**
 * The front door: given the captured database files of an image (absolute path → content, see
 * `isPackageDatabasePath`), finds the package manager and reads its installed packages.
 * Returns null when the image has no package database (scratch, distroless static).
 */
export function readInstalledPackages(files: Map<string, Buffer>, options: ReadInstalledOptions = {}): InstalledPackages | null {
  const normalized = new Map<string, Buffer>();
  for (const [path, content] of files) normalized.set(path.startsWith('/') ? path : `/${path}`, content);
  const detected = detectPackageManager(new Set(normalized.keys()));
  if (!detected) return null;
  const { manager, database } = detected;
  switch (manager) {
    case 'rpm': {
      const wal = normalized.get(`${database}-wal`);
      const packages = readRpmDatabase({
        kind: detected.rpmKind!,
        file: normalized.get(database)!,
        wal: wal && wal.length > 0 ? wal : undefined,
        where: database,
        files: options.files,
      });
      return { manager, database, packages };
    }
    case 'dpkg':
      return { manager, database, packages: readDpkg(normalized, database, options) };
    case 'apk': {
      const packages = readApkInstalled(normalized.get(database)!, database);
      if (options.files === false) for (const p of packages) delete p.files;
      return { manager, database, packages };
    }
  }
}
