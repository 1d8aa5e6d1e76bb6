import { db } from '../../db/client';
import { AppError } from '../../errors';
import type { Actor } from '../../auth/actor';
import { readableSubmissionsWhere } from './submission-scope';

export interface GetSubmissionResultsOptions {
  actor: Actor;
  id: string;
}

const SEVERITY_ORDER = ['critical', 'high', 'medium', 'low', 'unknown'];

/** Problems first: a blocking check (not waived), then warnings, then waived, then passed. */
export function checkRank(c: { status: string; required: boolean; waiverId: string | null }): number {
  if (c.status === 'passed') return 3;
  if (c.waiverId) return 2;
  if (c.required && c.status !== 'warning') return 0;
  return 1;
}

/** What the engine found: verdict, grade, policy version, checks (problems first) and findings. */
export async function getSubmissionResults({ actor, id }: GetSubmissionResultsOptions) {
  const s = await db().submission.findFirst({
    where: { AND: [{ id }, readableSubmissionsWhere(actor)] },
    select: {
      id: true,
      verdict: true,
      grade: true,
      justification: true,
      reportKey: true,
      baseOsId: true,
      baseOsVersion: true,
      policy: { select: { name: true, version: true } },
      checkResults: { select: { id: true, checkId: true, title: true, status: true, required: true, message: true, remediation: true, evidence: true, waiverId: true, waiver: { select: { reason: true, justification: true, expiresAt: true } } } },
      findings: { select: { id: true, key: true, advisoryId: true, aliases: true, packageName: true, installedVersion: true, fixedVersion: true, severity: true, published: true, waiverId: true } },
    },
  });
  if (!s) throw new AppError('NOT_FOUND', 'No such submission.');
  const checks = [...s.checkResults].sort((a, b) => checkRank(a) - checkRank(b) || a.checkId.localeCompare(b.checkId));
  const findings = [...s.findings].sort((a, b) => SEVERITY_ORDER.indexOf(a.severity) - SEVERITY_ORDER.indexOf(b.severity) || a.key.localeCompare(b.key));
  return {
    verdict: s.verdict === 'not_certifiable' ? ('not-certifiable' as const) : s.verdict,
    grade: s.grade,
    justification: s.justification,
    baseOs: s.baseOsId ? `${s.baseOsId} ${s.baseOsVersion ?? ''}`.trim() : null,
    policy: s.policy,
    checks: checks.map((c) => ({ ...c, evidence: (Array.isArray(c.evidence) ? c.evidence : []) as { path?: string; layer?: number; package?: string; detail: string }[], blocking: checkRank(c) === 0 })),
    findings,
    downloads: s.reportKey
      ? { report: `/api/v1/submissions/${s.id}/report`, cyclonedx: `/api/v1/submissions/${s.id}/sbom?format=cyclonedx`, spdx: `/api/v1/submissions/${s.id}/sbom?format=spdx` }
      : null,
  };
}

export type SubmissionResults = Awaited<ReturnType<typeof getSubmissionResults>>;
