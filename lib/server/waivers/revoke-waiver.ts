import { db } from '../../db/client';
import { AppError, fromZodError } from '../../errors';
import type { Actor } from '../../auth/actor';
import { recordAudit } from '../../audit/record';
import { ZRevokeWaiverSchema } from '../../schemas/review';
import { assertMayReview } from '../reviews/review-access';
import { presentWaiver } from './grant-waiver';
import { recomputeProductVerdicts } from './recompute-verdict';

export interface RevokeWaiverOptions {
  actor: Actor;
  sourceIp: string | null;
  waiverId: string;
  input?: unknown;
}

/** Ends a waiver now; the product's open submissions count the item again. */
export async function revokeWaiver({ actor, sourceIp, waiverId, input }: RevokeWaiverOptions) {
  const waiver = await db().waiver.findUnique({ where: { id: String(waiverId).slice(0, 64) }, include: { product: { select: { organizationId: true } } } });
  if (!waiver) throw new AppError('NOT_FOUND', 'No such waiver.');
  assertMayReview(actor, waiver.product.organizationId, 'waivers.write');
  const parsed = ZRevokeWaiverSchema.safeParse(input ?? {});
  if (!parsed.success) throw fromZodError(parsed.error);
  if (waiver.revokedAt) throw new AppError('CONFLICT', `Waiver ${waiver.id} was already revoked.`);
  return db().$transaction(async (tx) => {
    const updated = await tx.waiver.update({ where: { id: waiver.id }, data: { revokedAt: new Date() } });
    await recordAudit(tx, {
      actor,
      action: 'waiver.revoke',
      objectType: 'waiver',
      objectId: waiver.id,
      organizationId: waiver.product.organizationId,
      sourceIp,
      before: { revokedAt: null },
      after: { revokedAt: updated.revokedAt?.toISOString(), ...(parsed.data.reason ? { reason: parsed.data.reason } : {}) },
    });
    await recomputeProductVerdicts(tx, waiver.productId);
    return presentWaiver(updated);
  });
}
