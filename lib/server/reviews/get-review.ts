import { db } from '../../db/client';
import { AppError } from '../../errors';
import type { Actor } from '../../auth/actor';
import { assertAuthorized, authorize, isMember } from '../../auth/authorize';
import { readStoredReport } from '../../certifications/stored-report';
import { getSubmissionWithHistory } from '../submissions/get-submission';
import { diffAgainstPrevious, loadPackages } from './diff-submissions';

const pub = (s: string) => s.replace(/_/g, '-');

/**
 * Everything the review page shows: the submission and its history, stored check results and
 * findings (with the waivers that apply), the stored report JSON, reviews so far and the diff
 * against the product's previous published version. Reviewers and admins only (others 404).
 */
export async function getReview({ actor, id }: { actor: Actor; id: string }) {
  if (!authorize(actor, 'reviews.read')) throw new AppError('NOT_FOUND', 'No such submission.');
  const submission = await getSubmissionWithHistory({ actor, id });
  const row = await db().submission.findUniqueOrThrow({
    where: { id: submission.id },
    select: { id: true, productId: true, organizationId: true, reportKey: true, verdict: true, grade: true, justification: true, policy: { select: { name: true, version: true } } },
  });
  assertAuthorized(actor, 'reviews.read', { organizationId: row.organizationId });
  const [checks, findings, reviews, report, diff] = await Promise.all([
    db().checkResult.findMany({ where: { submissionId: row.id }, orderBy: { checkId: 'asc' }, include: { waiver: true } }),
    db().finding.findMany({ where: { submissionId: row.id }, include: { waiver: true } }),
    db().review.findMany({ where: { submissionId: row.id }, orderBy: { createdAt: 'asc' }, include: { reviewer: { select: { name: true, email: true } } } }),
    readStoredReport(row.reportKey).catch(() => null),
    diffAgainstPrevious(row),
  ]);
  const packages = await loadPackages(row.reportKey, report);
  const ownOrganization = isMember(actor, row.organizationId);
  const now = Date.now();
  const waiverView = (w: { id: string; reason: string; justification: string; expiresAt: Date; revokedAt: Date | null } | null) =>
    w && !w.revokedAt && w.expiresAt.getTime() > now ? { id: w.id, reason: pub(w.reason), justification: w.justification, expiresAt: w.expiresAt } : null;
  return {
    submission,
    productId: row.productId,
    organizationId: row.organizationId,
    verdict: row.verdict ? pub(row.verdict) : null,
    grade: row.grade,
    justification: row.justification,
    policy: row.policy,
    checks: checks.map((c) => ({
      id: c.checkId,
      title: c.title,
      status: c.status,
      required: c.required,
      message: c.message,
      remediation: c.remediation,
      evidence: (Array.isArray(c.evidence) ? c.evidence : []) as { path?: string; package?: string; detail?: string }[],
      waiver: waiverView(c.waiver),
    })),
    findings: findings.map((f) => ({
      key: f.key,
      id: f.advisoryId,
      aliases: f.aliases,
      package: f.packageName,
      installed: f.installedVersion,
      fixed: f.fixedVersion,
      severity: f.severity,
      published: f.published,
      waiver: waiverView(f.waiver),
    })),
    reviews: reviews.map((r) => ({ id: r.id, decision: pub(r.decision), reason: r.reason, at: r.createdAt, by: r.reviewer.name || r.reviewer.email })),
    report,
    packages,
    diff,
    /** A reviewer who belongs to the submitting organization may look but not decide or waive. */
    ownOrganization,
    /** What the waiver form proposes: 90 days from now. */
    defaultWaiverExpiry: new Date(now + 90 * 86_400_000),
    canDecide: !ownOrganization && authorize(actor, 'reviews.decide', { organizationId: row.organizationId }),
    canWaive: !ownOrganization && authorize(actor, 'waivers.write', { organizationId: row.organizationId }),
  };
}

export type ReviewView = Awaited<ReturnType<typeof getReview>>;
