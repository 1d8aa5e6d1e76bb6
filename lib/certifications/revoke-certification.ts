import { db } from '../db/client';
import type { Actor } from '../auth/actor';
import { assertAuthorized } from '../auth/authorize';
import { recordAudit } from '../audit/record';
import { AppError } from '../errors';
import { transitionSubmission } from '../server/submissions/status-machine';
import { syncAttestation } from './attestation';

export interface RevokeCertificationOptions {
  sourceIp?: string | null;
  now?: Date;
}

/**
 * Revokes the certification of a listing version: stamps revoked_at and the reason, moves the
 * submission `published → revoked` (a reviewer's move, with a reason), stops re-issue, and removes
 * the attestation. The status endpoint answers "revoked" as soon as this commits.
 */
export async function revokeCertification(listingVersionId: string, reason: string, actor: Actor, opts: RevokeCertificationOptions = {}) {
  const now = opts.now ?? new Date();
  const lv = await db().listingVersion.findUnique({ where: { id: listingVersionId }, include: { listing: { select: { organizationId: true } } } });
  if (!lv) throw new AppError('NOT_FOUND', 'Not found.');
  assertAuthorized(actor, 'reviews.decide', { organizationId: lv.listing.organizationId });
  const why = reason.trim();
  if (!why) {
    throw new AppError('VALIDATION_FAILED', 'A revocation needs a reason.', { details: { issues: [{ field: 'reason', message: 'Give a reason' }] } });
  }
  const revoked = await db().$transaction(async (tx) => {
    const locked = await tx.$queryRaw<{ revoked_at: Date | null }[]>`SELECT revoked_at FROM listing_versions WHERE id = ${listingVersionId} FOR UPDATE`;
    if (locked[0]?.revoked_at) throw new AppError('CONFLICT', `The certification of ${lv.digest} is already revoked.`);
    await transitionSubmission(tx, { submissionId: lv.submissionId, to: 'revoked', actor, reason: why, sourceIp: opts.sourceIp ?? null, from: ['published'] });
    const updated = await tx.listingVersion.update({ where: { id: listingVersionId }, data: { revokedAt: now, revokedReason: why } });
    await recordAudit(tx, {
      actor,
      action: 'certification.revoke',
      objectType: 'listing-version',
      objectId: listingVersionId,
      organizationId: lv.listing.organizationId,
      sourceIp: opts.sourceIp ?? null,
      before: { revokedAt: null },
      after: { digest: lv.digest, revokedAt: now.toISOString(), reason: why },
    });
    return updated;
  });
  const attestation = await syncAttestation(lv.digest, { now });
  return { listingVersion: revoked, attestation };
}
