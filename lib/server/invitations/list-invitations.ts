import { db } from '../../db/client';
import type { Actor } from '../../auth/actor';
import { getOrganizationForActor } from '../organizations/get-organization';

export type InvitationState = 'pending' | 'accepted' | 'revoked' | 'expired';

export function invitationState(i: { acceptedAt: Date | null; revokedAt: Date | null; expiresAt: Date }, now = new Date()): InvitationState {
  if (i.acceptedAt) return 'accepted';
  if (i.revokedAt) return 'revoked';
  return i.expiresAt <= now ? 'expired' : 'pending';
}

/** The organization's invitations, newest first (the links themselves cannot be shown again). */
export async function listInvitations({ actor, slug }: { actor: Actor; slug: string }) {
  const organization = await getOrganizationForActor({ actor, slug, permission: 'members.read' });
  const rows = await db().invitation.findMany({
    where: { organizationId: organization.id },
    orderBy: { createdAt: 'desc' },
    take: 100,
    select: {
      id: true,
      email: true,
      role: true,
      createdAt: true,
      expiresAt: true,
      acceptedAt: true,
      revokedAt: true,
      invitedBy: { select: { email: true } },
      acceptedBy: { select: { email: true } },
    },
  });
  return rows.map((r) => ({ ...r, state: invitationState(r) }));
}

/** Open invitations addressed to the signed-in user's email (for the dashboard). */
export async function listMyPendingInvitations({ actor, now = new Date() }: { actor: Actor; now?: Date }) {
  if (actor.kind !== 'user') return [];
  return db().invitation.findMany({
    where: { email: actor.email, acceptedAt: null, revokedAt: null, expiresAt: { gt: now } },
    orderBy: { createdAt: 'desc' },
    select: { id: true, role: true, expiresAt: true, organization: { select: { slug: true, name: true } }, invitedBy: { select: { name: true, email: true } } },
  });
}
