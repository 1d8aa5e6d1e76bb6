import { db } from '../../db/client';
import { AppError, fromZodError } from '../../errors';
import { recordAudit } from '../../audit/record';
import type { Actor } from '../../auth/actor';
import { generateLinkSecret } from '../../auth/tokens';
import { sendMail } from '../../mail/send-mail';
import { appUrl, invitationMail } from '../../mail/messages';
import { ZCreateInvitationSchema } from '../../schemas/organization';
import { getOrganizationForActor } from '../organizations/get-organization';

export const INVITATION_TTL_MS = 7 * 24 * 60 * 60 * 1000;

export interface CreateInvitationOptions {
  actor: Actor;
  sourceIp: string | null;
  slug: string;
  input: unknown;
  now?: Date;
}

/**
 * An invitation link (the secret is returned once; only its hash is stored), optionally bound to
 * an email address, which then also receives the link by mail.
 */
export async function createInvitation({ actor, sourceIp, slug, input, now = new Date() }: CreateInvitationOptions) {
  const organization = await getOrganizationForActor({ actor, slug, permission: 'members.invite' });
  const parsed = ZCreateInvitationSchema.safeParse(input);
  if (!parsed.success) throw fromZodError(parsed.error);
  const { email, role } = parsed.data;
  // Only owners may hand out ownership.
  if (role === 'owner' && !(actor.kind === 'user' && (actor.platformRole === 'admin' || actor.memberships.some((m) => m.organizationId === organization.id && m.role === 'owner')))) {
    throw new AppError('FORBIDDEN', 'Only owners may invite owners.');
  }
  const inviterId = actor.kind === 'user' ? actor.userId : actor.kind === 'token' ? actor.createdById : null;
  if (!inviterId) throw new AppError('FORBIDDEN', 'Invitations need a person or token behind them.');
  if (email) {
    const member = await db().membership.findFirst({ where: { organizationId: organization.id, user: { email } }, select: { id: true } });
    if (member) {
      const message = `${email} is already a member.`;
      throw new AppError('VALIDATION_FAILED', message, { details: { issues: [{ field: 'email', message }] } });
    }
  }
  const { secret, hash } = generateLinkSecret();
  const invitation = await db().$transaction(async (tx) => {
    const row = await tx.invitation.create({
      data: { organizationId: organization.id, email: email ?? null, role, tokenHash: hash, invitedById: inviterId, expiresAt: new Date(now.getTime() + INVITATION_TTL_MS) },
      select: { id: true, email: true, role: true, expiresAt: true, createdAt: true },
    });
    await recordAudit(tx, { actor, action: 'invitation.create', objectType: 'invitation', objectId: row.id, organizationId: organization.id, sourceIp, after: { email: row.email, role } });
    return row;
  });
  if (email) {
    const inviterName = actor.kind === 'user' ? actor.name : organization.name;
    await sendMail(invitationMail(email, { organizationName: organization.name, inviterName, role, secret }));
  }
  return { invitation, link: appUrl(`/invite/${secret}`), emailed: !!email };
}
