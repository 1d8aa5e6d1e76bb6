import * as apk from '../versions/apk';
import * as dpkg from '../versions/dpkg';
import * as rpm from '../versions/rpm';
import type { InstalledPackage, PackageManager } from './types';

/** The version as the package manager writes it: rpm `[epoch:]version-release`, dpkg and apk as recorded. */
export function packageVersion(pkg: InstalledPackage): string {
  if (pkg.manager !== 'rpm') return pkg.version;
  const evr = pkg.release ? `${pkg.version}-${pkg.release}` : pkg.version;
  return pkg.epoch !== undefined ? `${pkg.epoch}:${evr}` : evr;
}

/** The version ordering of a package manager, for `packageVersion` strings and advisory ranges. */
export function versionComparator(manager: PackageManager): (a: string, b: string) => -1 | 0 | 1 {
  switch (manager) {
    case 'rpm':
      return rpm.compare;
    case 'dpkg':
      return dpkg.compare;
    case 'apk':
      return apk.compare;
  }
}
