import { db } from '../../db/client';
import { AppError, fromZodError } from '../../errors';
import type { Actor } from '../../auth/actor';
import { recordAudit } from '../../audit/record';
import { ZGrantWaiverSchema } from '../../schemas/review';
import { readableSubmissionsWhere } from '../submissions/submission-scope';
import { notifyUsers, vendorAudience } from '../notifications/notify';
import { assertMayReview } from '../reviews/review-access';
import { recomputeProductVerdicts, recomputeVerdict } from './recompute-verdict';

export interface GrantWaiverOptions {
  actor: Actor;
  sourceIp: string | null;
  submissionId: string;
  input: unknown;
}

const dbKind = (k: 'check' | 'finding' | 'policy-exception') => (k === 'policy-exception' ? 'policy_exception' : k);
const dbReason = (r: string) => r.replace(/-/g, '_') as 'false_positive' | 'not_affected' | 'mitigated' | 'no_fix_available' | 'accepted_risk';

/**
 * A reviewer waives a failed check or a finding of this submission for the whole PRODUCT (later
 * submissions of it honour the waiver until it expires), or grants a policy exception for a check.
 * The product's open submissions get their verdicts recomputed in the same transaction.
 */
export async function grantWaiver({ actor, sourceIp, submissionId, input }: GrantWaiverOptions) {
  const s = await db().submission.findFirst({
    where: { AND: [{ id: String(submissionId).slice(0, 64) }, readableSubmissionsWhere(actor)] },
    select: { id: true, organizationId: true, productId: true, product: { select: { name: true } }, organization: { select: { slug: true } } },
  });
  if (!s) throw new AppError('NOT_FOUND', 'No such submission.');
  assertMayReview(actor, s.organizationId, 'waivers.write');
  if (actor.kind !== 'user') throw new AppError('FORBIDDEN', 'Waivers are granted by a reviewer.');
  const parsed = ZGrantWaiverSchema.safeParse(input ?? {});
  if (!parsed.success) throw fromZodError(parsed.error);
  const w = parsed.data;
  // The target must be something this submission actually has: a failed check or one of its findings.
  if (w.kind === 'finding') {
    const finding = await db().finding.findUnique({ where: { submissionId_key: { submissionId: s.id, key: w.target } } });
    if (!finding) throw new AppError('VALIDATION_FAILED', `This submission has no finding ${w.target}.`, { details: { issues: [{ field: 'target', message: 'Not a finding of this submission' }] } });
  } else {
    const check = await db().checkResult.findUnique({ where: { submissionId_checkId: { submissionId: s.id, checkId: w.target } } });
    if (!check) throw new AppError('VALIDATION_FAILED', `This submission has no check ${w.target}.`, { details: { issues: [{ field: 'target', message: 'Not a check of this submission' }] } });
    if (w.kind === 'check' && check.status === 'passed') {
      throw new AppError('VALIDATION_FAILED', `Check ${w.target} passed; only a failed check is waived.`, { details: { issues: [{ field: 'target', message: 'This check passed' }] } });
    }
  }
  return db().$transaction(async (tx) => {
    const waiver = await tx.waiver.create({
      data: { productId: s.productId, kind: dbKind(w.kind), target: w.target, reason: dbReason(w.reason), justification: w.justification, expiresAt: w.expiresAt, grantedById: actor.userId },
    });
    await recordAudit(tx, {
      actor,
      action: 'waiver.grant',
      objectType: 'waiver',
      objectId: waiver.id,
      organizationId: s.organizationId,
      sourceIp,
      after: { productId: s.productId, submissionId: s.id, kind: w.kind, target: w.target, reason: w.reason, justification: w.justification, expiresAt: w.expiresAt.toISOString() },
    });
    await recomputeProductVerdicts(tx, s.productId);
    const verdict = await recomputeVerdict(tx, s.id);
    await notifyUsers(
      tx,
      await vendorAudience(tx, s.id),
      { kind: 'waiver.granted', title: `${s.product.name}: ${w.kind === 'policy-exception' ? 'policy exception' : 'waiver'} granted for ${w.target}`, body: `${w.reason}: ${w.justification}`, link: `/vendors/${s.organization.slug}/submissions/${s.id}` },
      actor,
    );
    return { waiver: presentWaiver(waiver), verdict };
  });
}

export function presentWaiver(w: { id: string; productId: string; kind: string; target: string; reason: string; justification: string; expiresAt: Date; revokedAt: Date | null; createdAt: Date; grantedById: string }, now = new Date()) {
  return {
    id: w.id,
    productId: w.productId,
    kind: w.kind.replace(/_/g, '-'),
    target: w.target,
    reason: w.reason.replace(/_/g, '-'),
    justification: w.justification,
    expiresAt: w.expiresAt,
    revokedAt: w.revokedAt,
    createdAt: w.createdAt,
    grantedById: w.grantedById,
    state: w.revokedAt ? 'revoked' : w.expiresAt.getTime() <= now.getTime() ? 'expired' : 'active',
  };
}
