import { db } from '../../db/client';
import type { Actor } from '../../auth/actor';
import { assertAuthorized } from '../../auth/authorize';
import { recordAudit } from '../../audit/record';
import { AppError } from '../../errors';
import { ZUpdateOrganizationSchema } from '../../schemas/admin';

export interface SetOrganizationVerifiedOptions {
  actor: Actor;
  sourceIp: string | null;
  slug: string;
  input: unknown;
}

/** Sets or clears the "verified vendor" flag shown on the organization's public pages. */
export async function setOrganizationVerified({ actor, sourceIp, slug, input }: SetOrganizationVerifiedOptions) {
  assertAuthorized(actor, 'organizations.verify');
  const { verified } = ZUpdateOrganizationSchema.parse(input);
  return db().$transaction(async (tx) => {
    const org = await tx.organization.findUnique({ where: { slug } });
    if (!org) throw new AppError('NOT_FOUND', `No organization with the slug "${slug}".`);
    if (org.verified === verified) return { slug: org.slug, verified, verifiedAt: org.verifiedAt?.toISOString() ?? null };
    const updated = await tx.organization.update({
      where: { id: org.id },
      data: { verified, verifiedAt: verified ? new Date() : null },
    });
    await recordAudit(tx, {
      actor,
      action: verified ? 'organization.verify' : 'organization.unverify',
      objectType: 'organization',
      objectId: org.id,
      organizationId: org.id,
      sourceIp,
      before: { slug: org.slug, verified: org.verified },
      after: { slug: org.slug, verified },
    });
    return { slug: updated.slug, verified: updated.verified, verifiedAt: updated.verifiedAt?.toISOString() ?? null };
  });
}
