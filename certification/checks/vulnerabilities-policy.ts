import type { PolicySeverity } from '../policy/schema';
import { activeWaiver } from '../report/waivers';
import { capEvidence, outcome, type CheckDefinition, type CheckEvidence, type Severity, type VulnerabilityFinding } from './types';

interface Params {
  severityThreshold?: PolicySeverity;
  graceDays?: number;
  gateUnknown?: boolean;
}

const RANK: Record<Severity, number> = { critical: 4, high: 3, medium: 2, low: 1, unknown: 0 };
const DAY = 24 * 60 * 60 * 1000;

export function findingKey(f: VulnerabilityFinding): string {
  return f.key ?? `${f.id}:${f.package}`;
}

// vulnerabilities.policy: a fix that exists but is not applied is the vendor's to apply; the grace
// period gives them time to rebuild after the advisory is published.
export const vulnerabilitiesPolicy: CheckDefinition<Params> = {
  id: 'vulnerabilities.policy',
  title: 'No fixable vulnerabilities past the grace period',
  description:
    "No finding with a published fix, at or above the policy's severity threshold (default high: critical and high), whose fix has been available longer than the grace period (default 0 days). Findings of unknown severity gate only if the policy says so.",
  remediation: 'Update the listed packages to the fixed versions (`dnf upgrade`, `apt-get upgrade`, `apk upgrade`) and rebuild, or request a waiver with a justification.',
  defaultRequired: true,
  run(ctx, params) {
    const v = ctx.vulnerabilities;
    if (!v) return outcome.skipped('Vulnerabilities were not evaluated: no advisory database was given', 'not-evaluated');
    const threshold = RANK[params.severityThreshold ?? 'high'];
    const grace = (params.graceDays ?? 0) * DAY;
    const now = ctx.at.getTime();
    const gating: CheckEvidence[] = [];
    const waived: CheckEvidence[] = [];
    for (const f of v.findings) {
      if (!f.fixed) continue;
      const severe = f.severity === 'unknown' ? params.gateUnknown === true : RANK[f.severity] >= threshold;
      if (!severe) continue;
      const published = f.published ? Date.parse(f.published) : Number.NaN;
      // A fix published after the evaluation time was not available yet; an undated one is.
      if (!Number.isNaN(published) && now - published < grace) continue;
      if (!Number.isNaN(published) && published > now) continue;
      const days = Number.isNaN(published) ? 'an unknown time' : `${Math.floor((now - published) / DAY)} days`;
      const aliases = f.aliases.length ? ` (${f.aliases.slice(0, 3).join(', ')})` : '';
      const e: CheckEvidence = { package: f.package, detail: `${f.id}${aliases} ${f.severity}: installed ${f.installed}, fixed in ${f.fixed}, available for ${days}` };
      const waiver = activeWaiver(ctx.waivers, { finding: findingKey(f) }, ctx.at);
      if (waiver) waived.push({ ...e, detail: `${e.detail}; waived by ${waiver.by} until ${waiver.expires}` });
      else gating.push(e);
    }
    const counts = `${v.findings.length} finding(s), grade ${v.grade}`;
    if (gating.length) return outcome.failed(`${gating.length} fixable finding(s) at or above the threshold past the grace period (${counts})`, capEvidence([...gating, ...waived]));
    return outcome.passed(`No gating finding (${counts}${waived.length ? `, ${waived.length} waived` : ''})`, capEvidence(waived));
  },
};
