import type { Distribution } from '../policy/schema';
import { outcome, type CheckDefinition } from './types';

interface Params {
  distributions?: Distribution[];
}

/** The release line as users know it: RHEL 9 (major), Alpine 3.20 and Ubuntu 24.04 (major.minor). */
export function releaseLine(versionId: string, lineBy: Distribution['lineBy']): string | undefined {
  const parts = versionId.trim().split('.');
  if (!parts.every((p) => /^[0-9]+$/.test(p))) return undefined;
  if (lineBy === 'major') return String(Number(parts[0]));
  return parts.length < 2 ? undefined : `${Number(parts[0])}.${parts[1]}`;
}

// base-os.supported: the OS release line still gets security fixes; an image on an end-of-life base
// accumulates unfixable vulnerabilities.
export const baseOsSupported: CheckDefinition<Params> = {
  id: 'base-os.supported',
  title: 'Supported base OS',
  description: "The OS release line is in the policy's supported list and has not passed the end of its longest public support phase.",
  remediation: 'Rebuild on a supported release line (see the policy\'s list), e.g. the current UBI, Debian stable or Alpine branch.',
  defaultRequired: true,
  run(ctx, params) {
    const os = ctx.osRelease;
    if (!os) {
      if (!ctx.packages && !ctx.osReleaseError && !ctx.packagesError) return outcome.skipped('No base OS to judge (scratch or static image)', 'no-base-os');
      return outcome.failed('The base OS could not be identified (no readable os-release)');
    }
    const dists = params.distributions ?? [];
    const dist = dists.find((d) => d.ids.includes(os.id));
    if (!dist) return outcome.failed(`"${os.id}" is not a supported distribution (supported: ${dists.map((d) => d.ids.join('/')).join(', ')})`);
    if (!os.versionId) return outcome.failed(`${dist.name} without VERSION_ID (a testing or rolling release) is not supported`);
    const line = releaseLine(os.versionId, dist.lineBy);
    const release = line === undefined ? undefined : dist.releases.find((r) => r.line === line);
    const evidence = [{ path: '/etc/os-release', detail: `ID=${os.id} VERSION_ID=${os.versionId}` }];
    if (!release) {
      return outcome.failed(`${dist.name} ${line ?? os.versionId} is not a supported release line (supported: ${dist.releases.map((r) => r.line).join(', ')})`, evidence);
    }
    const phase = release.phase ? ` (${release.phase})` : '';
    if (ctx.at.getTime() > Date.parse(`${release.eol}T23:59:59.999Z`)) {
      return outcome.failed(`${dist.name} ${line} reached end of life on ${release.eol}${phase}`, evidence);
    }
    return outcome.passed(`${dist.name} ${line} is supported until ${release.eol}${phase}`, evidence);
  },
};
