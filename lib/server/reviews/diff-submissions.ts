import { db } from '../../db/client';
import { readStoredReport } from '../../certifications/stored-report';
import { sbomKey } from '../../pipeline/result-keys';

// What changed since the product's previous published version: packages (from the two stored
// reports' package lists or SBOMs) and checks whose status changed (from check_results).

export interface PackageRef {
  name: string;
  version: string;
}

export interface SubmissionDiff {
  previous: { submissionId: string; digest: string; certifiedAt: Date } | null;
  packages: { added: PackageRef[]; removed: PackageRef[]; updated: { name: string; from: string; to: string }[] } | null;
  checks: { checkId: string; title: string; from: string | null; to: string | null }[];
}

type Json = Record<string, unknown>;

/** Packages from the report's `packages`, a CycloneDX `sbom.components` or an SPDX `sbom.packages`. */
export function reportPackages(report: Json | null): PackageRef[] | null {
  if (!report) return null;
  const sbom = (report.sbom && typeof report.sbom === 'object' ? report.sbom : null) as Json | null;
  const list = [report.packages, sbom?.components, sbom?.packages].find(Array.isArray) as unknown[] | undefined;
  if (!list) return null;
  const out = new Map<string, PackageRef>();
  for (const p of list) {
    const o = (p ?? {}) as Json;
    const name = typeof o.name === 'string' ? o.name : null;
    const version = [o.version, o.versionInfo].find((v) => typeof v === 'string') as string | undefined;
    if (name) out.set(name, { name, version: version ?? '' });
  }
  return [...out.values()];
}

export function diffPackages(before: PackageRef[], after: PackageRef[]): NonNullable<SubmissionDiff['packages']> {
  const old = new Map(before.map((p) => [p.name, p.version]));
  const now = new Map(after.map((p) => [p.name, p.version]));
  const byName = (a: { name: string }, b: { name: string }) => a.name.localeCompare(b.name);
  return {
    added: after.filter((p) => !old.has(p.name)).sort(byName),
    removed: before.filter((p) => !now.has(p.name)).sort(byName),
    updated: after
      .filter((p) => old.has(p.name) && old.get(p.name) !== p.version)
      .map((p) => ({ name: p.name, from: old.get(p.name)!, to: p.version }))
      .sort(byName),
  };
}

/** The image's packages: from the report when it lists them, else from the CycloneDX SBOM stored beside it. */
export async function loadPackages(reportKey: string | null, report?: Json | null): Promise<PackageRef[] | null> {
  if (!reportKey) return null;
  const fromReport = reportPackages(report === undefined ? await readStoredReport(reportKey).catch(() => null) : report);
  if (fromReport) return fromReport;
  const sbom = await readStoredReport(sbomKey(reportKey, 'cyclonedx')).catch(() => null);
  return sbom ? reportPackages({ sbom }) : null;
}

/** Diff of a submission against the latest non-revoked published version of the same product. */
export async function diffAgainstPrevious(submission: { id: string; productId: string; reportKey: string | null }): Promise<SubmissionDiff> {
  const previous = await db().listingVersion.findFirst({
    where: { listing: { productId: submission.productId }, revokedAt: null, submissionId: { not: submission.id } },
    orderBy: { certifiedAt: 'desc' },
    select: { submissionId: true, digest: true, certifiedAt: true, submission: { select: { reportKey: true } } },
  });
  if (!previous) return { previous: null, packages: null, checks: [] };
  const [before, after, beforeChecks, afterChecks] = await Promise.all([
    loadPackages(previous.submission.reportKey),
    loadPackages(submission.reportKey),
    db().checkResult.findMany({ where: { submissionId: previous.submissionId }, select: { checkId: true, title: true, status: true } }),
    db().checkResult.findMany({ where: { submissionId: submission.id }, select: { checkId: true, title: true, status: true } }),
  ]);
  const old = new Map(beforeChecks.map((c) => [c.checkId, c]));
  const now = new Map(afterChecks.map((c) => [c.checkId, c]));
  const ids = [...new Set([...old.keys(), ...now.keys()])].sort();
  return {
    previous: { submissionId: previous.submissionId, digest: previous.digest, certifiedAt: previous.certifiedAt },
    packages: before && after ? diffPackages(before, after) : null,
    checks: ids
      .filter((id) => old.get(id)?.status !== now.get(id)?.status)
      .map((id) => ({ checkId: id, title: (now.get(id) ?? old.get(id))!.title, from: old.get(id)?.status ?? null, to: now.get(id)?.status ?? null })),
  };
}
