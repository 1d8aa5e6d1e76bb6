import { db } from '../../db/client';
import { AppError } from '../../errors';
import { recordAudit } from '../../audit/record';
import type { Actor } from '../../auth/actor';
import { getOrganizationForActor } from '../organizations/get-organization';

export async function revokeInvitation({ actor, sourceIp, slug, invitationId }: { actor: Actor; sourceIp: string | null; slug: string; invitationId: string }) {
  const organization = await getOrganizationForActor({ actor, slug, permission: 'members.invite' });
  return db().$transaction(async (tx) => {
    const invitation = await tx.invitation.findFirst({ where: { id: invitationId, organizationId: organization.id } });
    if (!invitation) throw new AppError('NOT_FOUND', 'No such invitation.');
    if (invitation.acceptedAt) throw new AppError('CONFLICT', 'This invitation was already accepted; remove the member instead.');
    if (invitation.revokedAt) return invitation;
    const updated = await tx.invitation.update({ where: { id: invitation.id }, data: { revokedAt: new Date() } });
    await recordAudit(tx, { actor, action: 'invitation.revoke', objectType: 'invitation', objectId: invitation.id, organizationId: organization.id, sourceIp, before: { email: invitation.email, role: invitation.role } });
    return updated;
  });
}
