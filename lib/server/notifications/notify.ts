import type { Tx } from '../../db/client';
import type { Actor } from '../../auth/actor';

// In-app notifications are written in the same transaction as the change they announce, so a
// rolled-back decision never leaves a notification behind.

export interface NotificationInput {
  kind: string;
  title: string;
  body?: string;
  link?: string | null;
}

/** One notification per distinct user, never to the actor who caused it. */
export async function notifyUsers(tx: Tx, userIds: Iterable<string>, input: NotificationInput, actor?: Actor): Promise<number> {
  const skip = actor?.kind === 'user' ? actor.userId : null;
  const ids = [...new Set(userIds)].filter((id) => id !== skip);
  if (!ids.length) return 0;
  const { count } = await tx.notification.createMany({
    data: ids.map((userId) => ({ userId, kind: input.kind, title: input.title.slice(0, 200), body: (input.body ?? '').slice(0, 2000), link: input.link ?? null })),
  });
  return count;
}

/** The vendor side of a submission: whoever submitted it and the organization's active members. */
export async function vendorAudience(tx: Tx, submissionId: string): Promise<string[]> {
  const s = await tx.submission.findUnique({
    where: { id: submissionId },
    select: { submittedById: true, organization: { select: { memberships: { select: { userId: true, user: { select: { disabledAt: true } } } } } } },
  });
  if (!s) return [];
  const members = s.organization.memberships.filter((m) => !m.user.disabledAt).map((m) => m.userId);
  return [...(s.submittedById ? [s.submittedById] : []), ...members];
}

/**
 * The reviewer side: reviewers who already took part (decided, commented, waived for the product);
 * when nobody has yet, every active reviewer and admin — someone has to pick it up.
 */
export async function reviewerAudience(tx: Tx, submissionId: string): Promise<string[]> {
  const s = await tx.submission.findUnique({ where: { id: submissionId }, select: { productId: true, organizationId: true } });
  if (!s) return [];
  const [reviews, comments, waivers] = await Promise.all([
    tx.review.findMany({ where: { submissionId }, select: { reviewerId: true } }),
    tx.comment.findMany({ where: { submissionId, author: { platformRole: { in: ['reviewer', 'admin'] } } }, select: { authorId: true } }),
    tx.waiver.findMany({ where: { productId: s.productId }, select: { grantedById: true } }),
  ]);
  const members = new Set((await tx.membership.findMany({ where: { organizationId: s.organizationId }, select: { userId: true } })).map((m) => m.userId));
  const involved = [...reviews.map((r) => r.reviewerId), ...comments.map((c) => c.authorId), ...waivers.map((w) => w.grantedById)].filter((id) => !members.has(id));
  if (involved.length) return involved;
  const all = await tx.user.findMany({ where: { platformRole: { in: ['reviewer', 'admin'] }, disabledAt: null }, select: { id: true } });
  return all.map((u) => u.id).filter((id) => !members.has(id));
}

const STATUS_TEXT: Record<string, string> = {
  certifying: 'is being certified',
  'checks-failed': 'failed required checks',
  'awaiting-review': 'is awaiting review',
  'changes-requested': 'needs changes',
  approved: 'was approved',
  rejected: 'was rejected',
  published: 'was published and certified',
  revoked: 'had its certification revoked',
  expired: 'has expired',
  error: 'could not be certified (error)',
  cancelled: 'was cancelled',
  withdrawn: 'was withdrawn',
};

/**
 * Tells the vendor side about a status change (the worker's moves included); a vendor asking for
 * review (checks-failed → awaiting-review) also tells the reviewers.
 */
export async function notifyStatusChange(
  tx: Tx,
  opts: { submissionId: string; from: string; to: string; reason: string | null; actor: Actor },
): Promise<void> {
  if (opts.to === 'certifying' || opts.to === 'queued') return;
  const s = await tx.submission.findUnique({
    where: { id: opts.submissionId },
    select: { id: true, reference: true, organization: { select: { slug: true } }, product: { select: { name: true } } },
  });
  if (!s) return;
  const title = `${s.product.name}: submission ${STATUS_TEXT[opts.to] ?? `is now ${opts.to}`}`;
  const body = opts.reason ? `${s.reference} — ${opts.reason}` : s.reference;
  await notifyUsers(tx, await vendorAudience(tx, s.id), { kind: `submission.${opts.to}`, title, body, link: `/vendors/${s.organization.slug}/submissions/${s.id}` }, opts.actor);
  if (opts.to === 'awaiting-review') {
    await notifyUsers(tx, await reviewerAudience(tx, s.id), { kind: 'review.requested', title: `${s.product.name}: ready for review`, body, link: `/review/${s.id}` }, opts.actor);
  }
}

/** An organization's active members: who hears about its listings (grade drops, expiring certifications). */
export async function organizationAudience(tx: Tx, organizationId: string): Promise<string[]> {
  const members = await tx.membership.findMany({ where: { organizationId, user: { disabledAt: null } }, select: { userId: true } });
  return members.map((m) => m.userId);
}
