import type { Prisma } from '../../generated/prisma/client';
import type { Actor } from '../../auth/actor';
import { PLATFORM_ROLE_PERMISSIONS } from '../../auth/permissions';

// The one rule for public vendor profiles: a vendor is public once the platform verified it or it
// has a catalog listing. Expressed as a where clause so every query applies it in the database.
export const PUBLIC_VENDOR_WHERE: Prisma.OrganizationWhereInput = {
  OR: [{ verified: true }, { listings: { some: {} } }],
};

/** Organizations the actor may see: public vendors, plus their own (members, tokens), plus all for staff. */
export function visibleOrganizationWhere(actor: Actor): Prisma.OrganizationWhereInput {
  switch (actor.kind) {
    case 'system':
      return {};
    case 'anonymous':
      return PUBLIC_VENDOR_WHERE;
    case 'token':
      return { OR: [PUBLIC_VENDOR_WHERE, { id: actor.organizationId }] };
    case 'user':
      // Platform roles holding organization.read (reviewers, admins) see every organization.
      if (PLATFORM_ROLE_PERMISSIONS[actor.platformRole].includes('organization.read')) return {};
      return { OR: [PUBLIC_VENDOR_WHERE, { memberships: { some: { userId: actor.userId } } }] };
  }
}
