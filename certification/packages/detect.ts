import { RPMDB_FILES, type RpmDatabaseKind } from './rpm-db';
import type { PackageManager } from './types';

// Where each package manager keeps its database inside an image, in order of preference.

export const RPM_DIRS = ['/usr/lib/sysimage/rpm', '/var/lib/rpm'] as const;
const RPM_ORDER = ['rpmdb.sqlite', 'Packages.db', 'Packages'] as const;
export const DPKG_STATUS = '/var/lib/dpkg/status';
export const DPKG_STATUS_DIR = '/var/lib/dpkg/status.d';
export const DPKG_INFO_DIR = '/var/lib/dpkg/info';
export const DPKG_AVAILABLE = '/var/lib/dpkg/available';
export const APK_INSTALLED = '/lib/apk/db/installed';

export interface DetectedPackageManager {
  manager: PackageManager;
  /** rpm backend, when the manager is rpm. */
  rpmKind?: RpmDatabaseKind;
  /** The database file (or status.d folder) that decided it. */
  database: string;
}

function normalize(path: string): string {
  return path.startsWith('/') ? path : `/${path}`;
}

/**
 * Paths a package reader may need, to capture while streaming layers (before the manager is known):
 * the rpm databases (and a sqlite WAL), dpkg's status, status.d, info lists and md5sums, apk's installed.
 */
export function isPackageDatabasePath(path: string): boolean {
  const p = normalize(path);
  for (const dir of RPM_DIRS) {
    if (p.startsWith(`${dir}/`)) {
      const name = p.slice(dir.length + 1);
      return name in RPMDB_FILES || name === 'rpmdb.sqlite-wal';
    }
  }
  if (p === DPKG_STATUS || p === DPKG_AVAILABLE || p === APK_INSTALLED) return true;
  if (p.startsWith(`${DPKG_STATUS_DIR}/`)) return !p.slice(DPKG_STATUS_DIR.length + 1).includes('/');
  if (p.startsWith(`${DPKG_INFO_DIR}/`)) {
    const name = p.slice(DPKG_INFO_DIR.length + 1);
    return !name.includes('/') && (name.endsWith('.list') || name.endsWith('.md5sums'));
  }
  return false;
}

/**
 * Which package manager an image uses, given its paths (a Set of paths, or a predicate answering
 * "does this path exist"). rpm wins over dpkg over apk when several databases exist.
 */
export function detectPackageManager(paths: Set<string> | ((path: string) => boolean)): DetectedPackageManager | null {
  const has =
    typeof paths === 'function'
      ? (p: string) => paths(p)
      : (() => {
          const set = new Set([...paths].map(normalize));
          return (p: string) => set.has(p);
        })();
  for (const name of RPM_ORDER) {
    for (const dir of RPM_DIRS) {
      const path = `${dir}/${name}`;
      if (has(path)) return { manager: 'rpm', rpmKind: RPMDB_FILES[name], database: path };
    }
  }
  if (has(DPKG_STATUS)) return { manager: 'dpkg', database: DPKG_STATUS };
  const statusD =
    typeof paths === 'function'
      ? has(DPKG_STATUS_DIR)
      : [...paths].some((p) => {
          const n = normalize(p);
          return n.startsWith(`${DPKG_STATUS_DIR}/`) && !n.endsWith('.md5sums');
        });
  if (statusD) return { manager: 'dpkg', database: DPKG_STATUS_DIR };
  if (has(APK_INSTALLED)) return { manager: 'apk', database: APK_INSTALLED };
  return null;
}

/** From an image's paths, the exact files the reader of `detected` needs captured. */
export function packageDatabaseFiles(detected: DetectedPackageManager, paths: Iterable<string>): string[] {
  const out: string[] = [];
  for (const raw of paths) {
    const p = normalize(raw);
    if (!isPackageDatabasePath(p)) continue;
    const wanted =
      detected.manager === 'rpm'
        ? p === detected.database || p === `${detected.database}-wal`
        : detected.manager === 'dpkg'
          ? p === detected.database || p.startsWith(`${DPKG_STATUS_DIR}/`) || p.startsWith(`${DPKG_INFO_DIR}/`) || p === DPKG_AVAILABLE
          : p === APK_INSTALLED;
    if (wanted) out.push(p);
  }
  return out.sort();
}
