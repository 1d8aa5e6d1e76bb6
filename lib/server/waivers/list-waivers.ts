import { db } from '../../db/client';
import { AppError } from '../../errors';
import type { Actor } from '../../auth/actor';
import { readableSubmissionsWhere } from '../submissions/submission-scope';
import { presentWaiver } from './grant-waiver';

/** The waivers of the submission's product (active, expired and revoked), for whoever may read it. */
export async function listSubmissionWaivers({ actor, submissionId }: { actor: Actor; submissionId: string }) {
  const s = await db().submission.findFirst({ where: { AND: [{ id: String(submissionId).slice(0, 64) }, readableSubmissionsWhere(actor)] }, select: { productId: true } });
  if (!s) throw new AppError('NOT_FOUND', 'No such submission.');
  const rows = await db().waiver.findMany({
    where: { productId: s.productId },
    orderBy: [{ createdAt: 'desc' }],
    include: { grantedBy: { select: { name: true, email: true } } },
  });
  const now = new Date();
  return rows.map((w) => ({ ...presentWaiver(w, now), grantedBy: w.grantedBy.name || w.grantedBy.email }));
}
