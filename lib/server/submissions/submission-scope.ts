import type { Prisma } from '../../generated/prisma/client';
import type { Actor } from '../../auth/actor';
import { ORGANIZATION_ROLE_PERMISSIONS, PLATFORM_ROLE_PERMISSIONS } from '../../auth/permissions';

// Submissions the actor may read, as a where clause (so no query can forget the check): their own
// organizations' for members and tokens with submissions.read, all of them for reviewers and admins.
export function readableSubmissionsWhere(actor: Actor): Prisma.SubmissionWhereInput {
  switch (actor.kind) {
    case 'system':
      return {};
    case 'anonymous':
      return { organizationId: { in: [] } };
    case 'token':
      return actor.scopes.includes('submissions.read') ? { organizationId: actor.organizationId } : { organizationId: { in: [] } };
    case 'user': {
      if (PLATFORM_ROLE_PERMISSIONS[actor.platformRole].includes('submissions.read')) return {};
      const orgs = actor.memberships.filter((m) => ORGANIZATION_ROLE_PERMISSIONS[m.role].includes('submissions.read')).map((m) => m.organizationId);
      return { organizationId: { in: orgs } };
    }
  }
}
