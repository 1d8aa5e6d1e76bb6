import { globToRegExp } from './glob';
import { capEvidence, outcome, type CheckDefinition } from './types';

interface Params {
  patterns?: string[];
}

const DEFAULT_PATTERNS = ['kernel', 'kernel-core', 'kernel-modules*', 'grub', 'grub2', 'linux-firmware', 'kpatch*', 'linux-image-*'];

// base-os.no-prohibited-packages: kernels, boot loaders and firmware do nothing in a container but add
// size and vulnerabilities, and signal an image built as a VM rather than a container.
export const baseOsNoProhibitedPackages: CheckDefinition<Params> = {
  id: 'base-os.no-prohibited-packages',
  title: 'No prohibited packages',
  description: "None of the policy's prohibited packages (kernels, kernel modules, boot loaders, firmware, live patches) is installed.",
  remediation: 'Remove the listed packages (e.g. `dnf remove kernel-core`, `apt-get purge linux-image-*`) or build from a container base image.',
  defaultRequired: true,
  run(ctx, params) {
    if (!ctx.osRelease && !ctx.packages && !ctx.packagesError) return outcome.skipped('No OS packages (scratch or static image)', 'no-base-os');
    if (ctx.packagesError) return outcome.error(`The package database could not be read: ${ctx.packagesError}`);
    if (!ctx.packages) return outcome.error('No package database to inspect');
    const patterns = (params.patterns ?? DEFAULT_PATTERNS).map((p) => ({ p, re: globToRegExp(p) }));
    const evidence = ctx.packages.packages.flatMap((pkg) => {
      const hit = patterns.find(({ re }) => re.test(pkg.name));
      if (!hit) return [];
      const version = `${pkg.version}${pkg.release ? `-${pkg.release}` : ''}`;
      return [{ package: pkg.name, path: ctx.packages!.database, detail: `${pkg.name} ${version} matches prohibited pattern "${hit.p}"` }];
    });
    if (evidence.length) return outcome.failed(`${evidence.length} prohibited package(s) installed: ${evidence.map((e) => e.package).join(', ')}`, capEvidence(evidence));
    return outcome.passed(`None of ${ctx.packages.packages.length} installed packages is prohibited`);
  },
};
