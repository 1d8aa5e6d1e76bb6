import { db } from '../db/client';
import { notifyUsers, organizationAudience } from '../server/notifications/notify';

// Standing certifications are re-issued automatically well before they run out; when a listing
// version's newest statement is nevertheless within a week of expiry (re-issue failing, a revoked
// platform key…), its vendor is told — once per statement.

export const EXPIRY_WARNING_DAYS = 7;
const DAY_MS = 86_400_000;

export async function notifyExpiringCertifications(now: Date = new Date()): Promise<{ notified: string[] }> {
  const horizon = new Date(now.getTime() + EXPIRY_WARNING_DAYS * DAY_MS);
  const candidates = await db().certification.findMany({
    where: { expiresAt: { gt: now, lte: horizon }, expiryNotifiedAt: null, listingVersion: { revokedAt: null, submission: { status: 'published' } } },
    select: { id: true, listingVersionId: true, issuedAt: true },
    orderBy: { expiresAt: 'asc' },
    take: 200,
  });
  const notified: string[] = [];
  for (const c of candidates) {
    const done = await db().$transaction(async (tx) => {
      // A newer statement for the same version supersedes this one: nothing is about to lapse.
      const newer = await tx.certification.count({ where: { listingVersionId: c.listingVersionId, issuedAt: { gt: c.issuedAt } } });
      if (newer) return false;
      // Claim the statement first, so two workers never both notify.
      const claimed = await tx.certification.updateMany({ where: { id: c.id, expiryNotifiedAt: null }, data: { expiryNotifiedAt: now } });
      if (claimed.count !== 1) return false;
      const v = await tx.listingVersion.findUniqueOrThrow({
        where: { id: c.listingVersionId },
        select: { digest: true, repository: true, listing: { select: { organizationId: true, organization: { select: { slug: true } }, product: { select: { name: true } } } } },
      });
      const cert = await tx.certification.findUniqueOrThrow({ where: { id: c.id }, select: { expiresAt: true } });
      const days = Math.max(0, Math.ceil((cert.expiresAt.getTime() - now.getTime()) / DAY_MS));
      await notifyUsers(tx, await organizationAudience(tx, v.listing.organizationId), {
        kind: 'certification.expiring',
        title: `${v.listing.product.name}: certification expires in ${days} day${days === 1 ? '' : 's'}`,
        body: `The signed certification of ${v.repository}@${v.digest} expires on ${cert.expiresAt.toISOString().slice(0, 10)} and has not been renewed.`,
        link: `/vendors/${v.listing.organization.slug}`,
      });
      return true;
    });
    if (done) notified.push(c.id);
  }
  return { notified };
}
