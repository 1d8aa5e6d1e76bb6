import { outcome, type CheckDefinition } from './types';

// base-os.identified: the OS and its package inventory are known; every later base-os, vulnerability
// and SBOM result depends on them, so an image that hides its OS cannot be judged.
export const baseOsIdentified: CheckDefinition = {
  id: 'base-os.identified',
  title: 'Base OS identified',
  description:
    'The image has /etc/os-release or /usr/lib/os-release and a readable package database (rpm, dpkg or apk) listing its installed packages.',
  remediation: 'Build on a supported base image and keep its os-release file and package database (do not delete /var/lib/rpm, /var/lib/dpkg or /lib/apk/db).',
  defaultRequired: true,
  run(ctx) {
    const os = ctx.osRelease;
    const pkgs = ctx.packages;
    if (ctx.osReleaseError) return outcome.failed(`os-release is unreadable: ${ctx.osReleaseError}`);
    if (!os && !pkgs && !ctx.packagesError) {
      return outcome.skipped('No os-release and no package database: a scratch or static image without a base OS', 'no-base-os');
    }
    if (!os) return outcome.failed('A package database exists but neither /etc/os-release nor /usr/lib/os-release does', pkgs ? [{ path: pkgs.database, detail: `${pkgs.manager} database` }] : []);
    const osDetail = `ID=${os.id} VERSION_ID=${os.versionId ?? '(none)'}${os.idLike.length ? ` ID_LIKE="${os.idLike.join(' ')}"` : ''}${os.platformId ? ` PLATFORM_ID=${os.platformId}` : ''}`;
    const evidence = [{ path: '/etc/os-release', detail: osDetail }];
    if (ctx.packagesError) return outcome.failed(`The package database could not be read: ${ctx.packagesError}`, evidence);
    if (!pkgs) return outcome.failed(`${os.prettyName ?? os.id} has no package database (rpm, dpkg or apk)`, evidence);
    evidence.push({ path: pkgs.database, detail: `${pkgs.manager} database with ${pkgs.packages.length} installed packages` });
    return outcome.passed(`${os.prettyName ?? `${os.id} ${os.versionId ?? ''}`.trim()}; ${pkgs.manager} lists ${pkgs.packages.length} installed packages`, evidence);
  },
};
