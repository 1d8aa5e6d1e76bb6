import { db } from '../../db/client';
import { AppError } from '../../errors';
import { recordAudit } from '../../audit/record';
import type { Actor } from '../../auth/actor';
import { authorize } from '../../auth/authorize';
import { getOrganizationForActor } from '../organizations/get-organization';
import { LAST_OWNER, lockOrganization } from './change-member-role';

export interface RemoveMemberOptions {
  actor: Actor;
  sourceIp: string | null;
  slug: string;
  membershipId: string;
}

// Owners remove anyone; any member may remove themselves (leave). The last owner cannot go.
export async function removeMember({ actor, sourceIp, slug, membershipId }: RemoveMemberOptions) {
  const organization = await getOrganizationForActor({ actor, slug, permission: 'organization.read' });
  return db().$transaction(async (tx) => {
    await lockOrganization(tx, organization.id);
    const membership = await tx.membership.findFirst({
      where: { id: membershipId, organizationId: organization.id },
      include: { user: { select: { email: true } } },
    });
    if (!membership) throw new AppError('NOT_FOUND', 'No such member.');
    const leaving = actor.kind === 'user' && actor.userId === membership.userId;
    if (!leaving && !authorize(actor, 'members.remove', { organizationId: organization.id })) {
      throw new AppError('FORBIDDEN', 'You lack the permission members.remove here.');
    }
    if (membership.role === 'owner') {
      const owners = await tx.membership.count({ where: { organizationId: organization.id, role: 'owner' } });
      if (owners <= 1) throw new AppError('CONFLICT', LAST_OWNER);
    }
    await tx.membership.delete({ where: { id: membership.id } });
    await recordAudit(tx, {
      actor,
      action: leaving ? 'member.leave' : 'member.remove',
      objectType: 'membership',
      objectId: membership.id,
      organizationId: organization.id,
      sourceIp,
      before: { email: membership.user.email, role: membership.role },
    });
    return { left: leaving };
  });
}
