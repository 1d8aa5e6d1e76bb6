import { db } from '../../db/client';
import { AppError, fromZodError, toAppError } from '../../errors';
import type { Actor } from '../../auth/actor';
import { publishSubmission } from '../../certifications/publish-submission';
import { ZDecisionSchema } from '../../schemas/review';
import { transitionSubmission, toPublicStatus } from '../submissions/status-machine';
import { recomputeVerdict } from '../waivers/recompute-verdict';
import { assertMayReview } from './review-access';

export interface DecideSubmissionOptions {
  actor: Actor;
  sourceIp: string | null;
  id: string;
  input: unknown;
  now?: Date;
}

const TO = { approve: 'approved', 'request-changes': 'changes-requested', reject: 'rejected' } as const;
const DECISION = { approve: 'approved', 'request-changes': 'changes_requested', reject: 'rejected' } as const;

/**
 * A reviewer's decision with its reason: one reviews row and the status transition (audited, the
 * vendor notified) in one transaction. Approval first recomputes the verdict with the waivers active
 * now and refuses while a required check still blocks; then the image is published and certified.
 */
export async function decideSubmission({ actor, sourceIp, id, input, now = new Date() }: DecideSubmissionOptions) {
  const s = await db().submission.findUnique({ where: { id: String(id).slice(0, 64) }, select: { id: true, organizationId: true, status: true } });
  if (!s) throw new AppError('NOT_FOUND', 'No such submission.');
  assertMayReview(actor, s.organizationId, 'reviews.decide');
  if (actor.kind !== 'user') throw new AppError('FORBIDDEN', 'Decisions are made by a reviewer.');
  const parsed = ZDecisionSchema.safeParse(input ?? {});
  if (!parsed.success) throw fromZodError(parsed.error);
  const { decision, reason } = parsed.data;
  const to = TO[decision];

  await db().$transaction(async (tx) => {
    if (decision === 'approve') {
      const { verdict, blocking } = await recomputeVerdict(tx, s.id, now);
      if (verdict === 'not-certifiable') {
        throw new AppError('CONFLICT', `Cannot approve: required check(s) still failing without an active waiver: ${blocking.join(', ')}. Waive them or request changes.`, {
          details: { reason: 'not-certifiable', blocking },
        });
      }
    }
    await transitionSubmission(tx, { submissionId: s.id, to, actor, sourceIp, reason, from: ['awaiting-review'], data: { finishedAt: now } });
    await tx.review.create({ data: { submissionId: s.id, reviewerId: actor.userId, decision: DECISION[decision], reason } });
  });

  let publishError: string | null = null;
  if (decision === 'approve') {
    try {
      await publishSubmission(s.id, { actor, sourceIp, now });
    } catch (e) {
      // The approval stands; publishing can be retried (approved → published).
      publishError = toAppError(e).message;
    }
  }
  const after = await db().submission.findUniqueOrThrow({ where: { id: s.id }, select: { status: true } });
  return { id: s.id, decision, status: toPublicStatus(after.status), publishError };
}

/** Retries publishing an approved submission whose publication failed. */
export async function retryPublish({ actor, sourceIp, id }: { actor: Actor; sourceIp: string | null; id: string }) {
  const s = await db().submission.findUnique({ where: { id: String(id).slice(0, 64) }, select: { id: true, organizationId: true } });
  if (!s) throw new AppError('NOT_FOUND', 'No such submission.');
  assertMayReview(actor, s.organizationId, 'reviews.decide');
  await publishSubmission(s.id, { actor, sourceIp });
  return { id: s.id, status: 'published' as const };
}
