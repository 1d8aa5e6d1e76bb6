import { db } from '../../db/client';
import { AppError } from '../../errors';
import { recordAudit } from '../../audit/record';
import type { Actor } from '../../auth/actor';
import { hashToken } from '../../auth/tokens';
import { invitationState } from './list-invitations';

const INVALID = 'This invitation link is not valid. Ask for a new one.';

function findBySecret(secret: string) {
  if (typeof secret !== 'string' || secret.length < 20 || secret.length > 200) return null;
  return db().invitation.findUnique({
    where: { tokenHash: hashToken(secret) },
    include: { organization: { select: { id: true, slug: true, name: true } }, invitedBy: { select: { name: true } } },
  });
}

function stateError(state: 'accepted' | 'revoked' | 'expired'): AppError {
  const messages = {
    accepted: 'This invitation was already used.',
    revoked: 'This invitation was revoked by the organization.',
    expired: 'This invitation has expired. Ask for a new one.',
  } as const;
  return new AppError('CONFLICT', messages[state], { details: { state } });
}

/** What the invitation page shows before accepting (the link itself is the credential). */
export async function getInvitationBySecret({ secret, now = new Date() }: { secret: string; now?: Date }) {
  const invitation = await findBySecret(secret);
  if (!invitation) throw new AppError('NOT_FOUND', INVALID);
  return {
    organization: invitation.organization,
    role: invitation.role,
    email: invitation.email,
    invitedBy: invitation.invitedBy.name,
    expiresAt: invitation.expiresAt,
    state: invitationState(invitation, now),
  };
}

// The signed-in user joins the organization; an email-bound link only works for that address.
export async function acceptInvitation({ actor, sourceIp, secret, now = new Date() }: { actor: Actor; sourceIp: string | null; secret: string; now?: Date }) {
  if (actor.kind !== 'user') throw new AppError('UNAUTHENTICATED', 'Sign in or create an account to accept the invitation.');
  const invitation = await findBySecret(secret);
  if (!invitation) throw new AppError('NOT_FOUND', INVALID);
  return db().$transaction(async (tx) => {
    const current = await tx.invitation.findUniqueOrThrow({ where: { id: invitation.id } });
    const state = invitationState(current, now);
    if (state !== 'pending') throw stateError(state);
    if (current.email && current.email !== actor.email.toLowerCase()) {
      throw new AppError('FORBIDDEN', `This invitation was sent to a different email address. You are signed in as ${actor.email}: sign in with the invited address to accept.`);
    }
    const existing = await tx.membership.findUnique({ where: { userId_organizationId: { userId: actor.userId, organizationId: current.organizationId } } });
    if (existing) throw new AppError('CONFLICT', `You are already a member of ${invitation.organization.name}.`);
    const membership = await tx.membership.create({ data: { userId: actor.userId, organizationId: current.organizationId, role: current.role } });
    // Conditional update so one link cannot be spent twice by concurrent requests.
    const spent = await tx.invitation.updateMany({ where: { id: current.id, acceptedAt: null }, data: { acceptedAt: now, acceptedById: actor.userId } });
    if (spent.count !== 1) throw stateError('accepted');
    await recordAudit(tx, {
      actor,
      action: 'invitation.accept',
      objectType: 'membership',
      objectId: membership.id,
      organizationId: current.organizationId,
      sourceIp,
      after: { invitationId: current.id, email: actor.email, role: current.role },
    });
    return { organization: invitation.organization, role: membership.role };
  });
}
