import type { Tx } from '../../db/client';
import type { Verdict as DbVerdict } from '../../generated/prisma/client';
import type { CheckResult as EngineCheckResult } from '../../../certification/checks/index';
import { defaultPolicy, parsePolicy } from '../../../certification/policy/load-policy';
import type { Policy } from '../../../certification/policy/schema';
import { blockingChecks } from '../../../certification/report/verdict';
import { readStoredReport } from '../../certifications/stored-report';

// A submission's verdict is recomputed from what the worker stored (check_results, findings) plus
// the product's waivers active NOW, with the engine's own verdict rule — so a waiver granted after
// the scan can make a checks-failed submission certifiable, and an expired one stops counting.

const RANK: Record<string, number> = { critical: 4, high: 3, medium: 2, low: 1, unknown: 0 };

export interface RecomputedVerdict {
  verdict: 'certifiable' | 'not-certifiable' | null;
  /** Required checks that still block certification. */
  blocking: string[];
}

function policyOf(document: unknown): Policy {
  try {
    return parsePolicy(document).policy;
  } catch {
    return defaultPolicy().policy;
  }
}

/** Skip codes live only in the stored report (check_results has no column for them). */
async function skipCodes(reportKey: string | null): Promise<Map<string, string>> {
  const report = await readStoredReport(reportKey).catch(() => null);
  const out = new Map<string, string>();
  for (const c of Array.isArray(report?.checks) ? report.checks : []) {
    const o = c as { id?: unknown; skipCode?: unknown };
    if (typeof o.id === 'string' && typeof o.skipCode === 'string') out.set(o.id, o.skipCode);
  }
  return out;
}

/**
 * Links the submission's check results and findings to the product's active waivers (or unlinks
 * them), then writes and returns the verdict. A submission with no stored check results keeps the
 * verdict it has (nothing to judge from).
 */
export async function recomputeVerdict(tx: Tx, submissionId: string, now: Date = new Date()): Promise<RecomputedVerdict> {
  const s = await tx.submission.findUniqueOrThrow({
    where: { id: submissionId },
    select: { id: true, productId: true, verdict: true, reportKey: true, policy: { select: { document: true } } },
  });
  const [checks, findings, waivers] = await Promise.all([
    tx.checkResult.findMany({ where: { submissionId } }),
    tx.finding.findMany({ where: { submissionId } }),
    tx.waiver.findMany({ where: { productId: s.productId, revokedAt: null, expiresAt: { gt: now } }, orderBy: { createdAt: 'asc' } }),
  ]);
  const current = s.verdict === 'not_certifiable' ? 'not-certifiable' : s.verdict;
  if (!checks.length) return { verdict: current, blocking: [] };

  const findingWaiver = new Map(waivers.filter((w) => w.kind === 'finding').map((w) => [w.target, w]));
  const checkWaiver = new Map(waivers.filter((w) => w.kind !== 'finding').map((w) => [w.target, w]));
  for (const f of findings) {
    const waiverId = findingWaiver.get(f.key)?.id ?? null;
    if (f.waiverId !== waiverId) await tx.finding.update({ where: { id: f.id }, data: { waiverId } });
  }
  const policy = policyOf(s.policy?.document);
  const codes = await skipCodes(s.reportKey);
  const results: EngineCheckResult[] = [];
  for (const c of checks) {
    const waiver = checkWaiver.get(c.checkId) ?? null;
    if (c.waiverId !== (waiver?.id ?? null)) await tx.checkResult.update({ where: { id: c.id }, data: { waiverId: waiver?.id ?? null } });
    let status = c.status as EngineCheckResult['status'];
    // The vulnerability gate fails because of findings: when every finding it names is waived, it no longer blocks.
    if (!waiver && c.checkId === 'vulnerabilities.policy' && status === 'failed' && gatingFindingsAllWaived(c.evidence, findings, findingWaiver, policy)) status = 'passed';
    results.push({
      id: c.checkId as EngineCheckResult['id'],
      title: c.title,
      status,
      required: c.required,
      message: c.message,
      remediation: c.remediation,
      evidence: [],
      ...(codes.has(c.checkId) ? { skipCode: codes.get(c.checkId) as EngineCheckResult['skipCode'] } : {}),
      ...(waiver ? { waiver: { reason: waiver.reason, justification: waiver.justification, expires: waiver.expiresAt.toISOString(), by: waiver.grantedById } } : {}),
    });
  }
  const blocking = blockingChecks(results, policy).map((r) => r.id as string);
  const verdict = blocking.length ? 'not-certifiable' : 'certifiable';
  const dbVerdict: DbVerdict = verdict === 'certifiable' ? 'certifiable' : 'not_certifiable';
  if (s.verdict !== dbVerdict) await tx.submission.update({ where: { id: s.id }, data: { verdict: dbVerdict } });
  return { verdict, blocking };
}

function gatingFindingsAllWaived(
  evidence: unknown,
  findings: { key: string; advisoryId: string; packageName: string; fixedVersion: string | null; severity: string }[],
  waived: Map<string, unknown>,
  policy: Policy,
): boolean {
  const items = Array.isArray(evidence) ? (evidence as { package?: string; detail?: string }[]) : [];
  // The check's evidence names each gating finding as "<advisory id> …" with its package.
  let gating = findings.filter((f) => items.some((e) => e.package === f.packageName && typeof e.detail === 'string' && e.detail.startsWith(`${f.advisoryId} `) && !e.detail.includes('; waived by ')));
  if (!gating.length) {
    const params = (policy.checks as Record<string, { severityThreshold?: string } | undefined>)['vulnerabilities.policy'];
    const threshold = RANK[params?.severityThreshold ?? 'high'] ?? 3;
    gating = findings.filter((f) => f.fixedVersion && f.severity !== 'unknown' && (RANK[f.severity] ?? 0) >= threshold);
  }
  return gating.length > 0 && gating.every((f) => waived.has(f.key));
}

/** Recomputes every open submission of the product (waivers are per product). */
export async function recomputeProductVerdicts(tx: Tx, productId: string, now: Date = new Date()): Promise<void> {
  const open = await tx.submission.findMany({
    where: { productId, status: { in: ['checks_failed', 'awaiting_review', 'changes_requested'] } },
    select: { id: true },
  });
  for (const s of open) await recomputeVerdict(tx, s.id, now);
}
