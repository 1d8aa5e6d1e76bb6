import { db } from '../../db/client';
import { AppError } from '../../errors';
import type { Actor } from '../../auth/actor';
import { assertAuthorized, authorize } from '../../auth/authorize';
import type { OrganizationRole, Permission } from '../../auth/permissions';
import { PUBLIC_VENDOR_WHERE, visibleOrganizationWhere } from './vendor-visibility';

export interface GetOrganizationOptions {
  actor: Actor;
  slug: string;
}

const NOT_FOUND = () => new AppError('NOT_FOUND', 'No such vendor.');

/**
 * The organization behind a URL slug, for acting on it: answers 404 unless the actor holds the
 * permission there (or at least may see it, then 403). Domain functions start with this.
 */
export async function getOrganizationForActor({ actor, slug, permission }: GetOrganizationOptions & { permission: Permission }) {
  if (typeof slug !== 'string' || slug.length > 100) throw NOT_FOUND();
  const organization = await db().organization.findUnique({ where: { slug: slug.toLowerCase() } });
  if (!organization) throw NOT_FOUND();
  assertAuthorized(actor, permission, { organizationId: organization.id });
  return organization;
}

export function roleIn(actor: Actor, organizationId: string): OrganizationRole | null {
  return actor.kind === 'user' ? (actor.memberships.find((m) => m.organizationId === organizationId)?.role ?? null) : null;
}

/** A vendor's profile as the actor may see it: public fields for everyone allowed, settings for insiders. */
export async function getVendorProfile({ actor, slug }: GetOrganizationOptions) {
  if (typeof slug !== 'string' || slug.length > 100) throw NOT_FOUND();
  const organization = await db().organization.findFirst({
    where: { AND: [{ slug: slug.toLowerCase() }, visibleOrganizationWhere(actor)] },
    select: {
      id: true,
      slug: true,
      name: true,
      description: true,
      website: true,
      verified: true,
      verifiedAt: true,
      lookasideUrls: true,
      createdAt: true,
      _count: { select: { listings: true } },
    },
  });
  if (!organization) throw NOT_FOUND();
  const insider = authorize(actor, 'organization.read', { organizationId: organization.id });
  const { _count, lookasideUrls, id, ...rest } = organization;
  return {
    ...rest,
    listingCount: _count.listings,
    lookasideUrls,
    ...(insider ? { id, role: roleIn(actor, id) } : {}),
  };
}

/** Whether the profile page of this organization is public (used where no actor is involved). */
export async function isPublicVendor(organizationId: string): Promise<boolean> {
  return (await db().organization.count({ where: { AND: [{ id: organizationId }, PUBLIC_VENDOR_WHERE] } })) === 1;
}
