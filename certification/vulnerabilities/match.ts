import type { OsRelease } from '../os-release';
import { packageVersion } from '../packages/package-version';
import type { InstalledPackage } from '../packages/types';
import type { AdvisoryIndex, AdvisoryProblem, CompactEvent, IndexedAdvisory } from './database';
import { ecosystemTarget, type EcosystemOptions, type EcosystemTarget } from './ecosystem';
import { compareSeverity, type Severity, type SeveritySource } from './severity';

// Installed packages × advisory index → findings. Debian and Ubuntu advisories name source packages,
// Alpine's name origins, Red Hat's and AlmaLinux's name binary rpms; versions are compared with the
// ordering of the image's package manager.

export interface Finding {
  /** Advisory id (DLA-…, USN-…, RHSA-…, UBUNTU-CVE-…). */
  id: string;
  /** Stable identity for waivers and diffs: `<advisory id>/<package>`. */
  key: string;
  /** Other ids of the advisory (CVE-…, DEBIAN-CVE-…). */
  aliases: string[];
  /** The package the advisory names: source package (dpkg), origin (apk), binary name (rpm). */
  package: string;
  /** Installed binary packages it covers. */
  binaries: string[];
  installed: string;
  /** The first fixed version above the installed one; absent when no fix is published. */
  fixed?: string;
  severity: Severity;
  severitySource: SeveritySource;
  score?: number;
  /** When the advisory was published: for fixed findings, when the fix became available. */
  published?: string;
  ecosystem: string;
}

export interface MatchResult {
  /** What the image was matched as; null when no supported feed covers its OS. */
  target: EcosystemTarget | null;
  /** Ecosystem strings of the index that applied. */
  ecosystems: string[];
  findings: Finding[];
  /** Advisories that could not be evaluated (unparseable versions); never fatal. */
  problems: AdvisoryProblem[];
}

export interface MatchInput {
  packages: InstalledPackage[];
  osRelease: OsRelease;
  index: AdvisoryIndex;
  options?: EcosystemOptions;
}

type Compare = (a: string, b: string) => -1 | 0 | 1;

/** The name an advisory would use for this installed package. */
export function advisoryPackageName(pkg: InstalledPackage): string {
  if (pkg.manager === 'rpm') return pkg.name;
  return pkg.sourceName || pkg.name;
}

/** The version to compare: dpkg's source version when the binary was built apart from it (binNMU), else the package's own. */
export function advisoryPackageVersion(pkg: InstalledPackage): string {
  if (pkg.manager === 'dpkg' && pkg.sourceName && pkg.sourceVersion) return pkg.sourceVersion;
  return packageVersion(pkg);
}

const isZero = (e: CompactEvent) => e[0] === 'i' && e[1] === '0';

/**
 * OSV range evaluation (osv-schema "Evaluation"): events sorted by version, `introduced: "0"` first;
 * walking them, introduced ≤ v turns affected on, fixed ≤ v or limit ≤ v turns it off, last_affected < v
 * turns it off. Returns the fixed version that ends the affected stretch, when there is one.
 */
export function evaluateRange(version: string, events: CompactEvent[], compare: Compare): { affected: boolean; fixed?: string } {
  const order: Record<CompactEvent[0], number> = { i: 0, l: 1, f: 2, x: 3 };
  const sorted = [...events].sort((a, b) => {
    if (isZero(a) || isZero(b)) return Number(isZero(b)) - Number(isZero(a));
    return compare(a[1], b[1]) || order[a[0]] - order[b[0]];
  });
  let affected = false;
  for (const [kind, v] of sorted) {
    if (kind === 'i' && (v === '0' || compare(version, v) >= 0)) affected = true;
    else if ((kind === 'f' || kind === 'x') && compare(version, v) >= 0) affected = false;
    else if (kind === 'l' && compare(version, v) > 0) affected = false;
  }
  if (!affected) return { affected };
  const fixed = sorted.find(([kind, v]) => kind === 'f' && compare(v, version) > 0)?.[1];
  return fixed !== undefined ? { affected, fixed } : { affected };
}

/** Whether an advisory entry covers this version: any of its ranges, or its explicit list when it has no range. */
export function isAffected(version: string, advisory: IndexedAdvisory, compare: Compare): { affected: boolean; fixed?: string } {
  if (advisory.ranges.length === 0) {
    return { affected: (advisory.versions ?? []).some((v) => v === version || compare(v, version) === 0) };
  }
  let result: { affected: boolean; fixed?: string } = { affected: false };
  for (const range of advisory.ranges) {
    const r = evaluateRange(version, range, compare);
    if (r.affected && (!result.affected || (r.fixed && (!result.fixed || compare(r.fixed, result.fixed) < 0)))) result = r;
  }
  return result;
}

/** Findings for the installed packages of one image. */
export function matchAdvisories({ packages, osRelease, index, options }: MatchInput): MatchResult {
  const target = ecosystemTarget(osRelease, options);
  const problems: AdvisoryProblem[] = [];
  if (!target) return { target, ecosystems: [], findings: [], problems };
  const ecosystems = Object.keys(index.packages).filter((e) => target.accepts(e)).sort();

  // Packages from one source at one version are one question to the index.
  const groups = new Map<string, { name: string; version: string; binaries: string[] }>();
  for (const pkg of packages) {
    if (pkg.manager !== target.manager) continue;
    const name = advisoryPackageName(pkg);
    const version = advisoryPackageVersion(pkg);
    const k = `${name}\0${version}`;
    const group = groups.get(k) ?? { name, version, binaries: [] };
    if (!group.binaries.includes(pkg.name)) group.binaries.push(pkg.name);
    groups.set(k, group);
  }

  const findings = new Map<string, Finding>();
  for (const ecosystem of ecosystems) {
    const byName = index.packages[ecosystem];
    for (const group of groups.values()) {
      const advisories = Object.hasOwn(byName, group.name) ? byName[group.name] : undefined;
      if (!advisories) continue;
      for (const advisory of advisories) {
        let result;
        try {
          result = isAffected(group.version, advisory, target.compare);
        } catch (e) {
          problems.push({ where: `${ecosystem} ${advisory.id} ${group.name}`, message: (e as Error).message });
          continue;
        }
        if (!result.affected) continue;
        const key = `${advisory.id}/${group.name}`;
        const existing = findings.get(key);
        if (existing) {
          for (const b of group.binaries) if (!existing.binaries.includes(b)) existing.binaries.push(b);
          continue;
        }
        findings.set(key, {
          id: advisory.id,
          key,
          aliases: advisory.aliases,
          package: group.name,
          binaries: [...group.binaries],
          installed: group.version,
          ...(result.fixed !== undefined ? { fixed: result.fixed } : {}),
          severity: advisory.severity,
          severitySource: advisory.severitySource,
          ...(advisory.score !== undefined ? { score: advisory.score } : {}),
          ...(advisory.published !== undefined ? { published: advisory.published } : {}),
          ecosystem,
        });
      }
    }
  }
  const sorted = [...findings.values()].sort(
    (a, b) => compareSeverity(b.severity, a.severity) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0) || (a.package < b.package ? -1 : a.package > b.package ? 1 : 0),
  );
  for (const f of sorted) f.binaries.sort();
  return { target, ecosystems, findings: sorted, problems };
}
