import { db, type Tx } from '../../db/client';
import { AppError, fromZodError } from '../../errors';
import { recordAudit } from '../../audit/record';
import type { Actor } from '../../auth/actor';
import { ZChangeMemberRoleSchema } from '../../schemas/organization';
import { getOrganizationForActor } from '../organizations/get-organization';

export interface ChangeMemberRoleOptions {
  actor: Actor;
  sourceIp: string | null;
  slug: string;
  membershipId: string;
  input: unknown;
}

/** Serializes membership changes of one organization so the last-owner check cannot race. */
export async function lockOrganization(tx: Tx, organizationId: string): Promise<void> {
  await tx.$queryRaw`SELECT id FROM organizations WHERE id = ${organizationId} FOR UPDATE`;
}

export const LAST_OWNER = 'An organization needs at least one owner: make someone else an owner first.';

export async function changeMemberRole({ actor, sourceIp, slug, membershipId, input }: ChangeMemberRoleOptions) {
  const organization = await getOrganizationForActor({ actor, slug, permission: 'members.update' });
  const parsed = ZChangeMemberRoleSchema.safeParse(input);
  if (!parsed.success) throw fromZodError(parsed.error);
  const { role } = parsed.data;
  return db().$transaction(async (tx) => {
    await lockOrganization(tx, organization.id);
    const membership = await tx.membership.findFirst({
      where: { id: membershipId, organizationId: organization.id },
      include: { user: { select: { email: true } } },
    });
    if (!membership) throw new AppError('NOT_FOUND', 'No such member.');
    if (membership.role === role) return membership;
    if (membership.role === 'owner') {
      const owners = await tx.membership.count({ where: { organizationId: organization.id, role: 'owner' } });
      if (owners <= 1) throw new AppError('CONFLICT', LAST_OWNER);
    }
    const updated = await tx.membership.update({ where: { id: membership.id }, data: { role } });
    await recordAudit(tx, {
      actor,
      action: 'member.update-role',
      objectType: 'membership',
      objectId: membership.id,
      organizationId: organization.id,
      sourceIp,
      before: { email: membership.user.email, role: membership.role },
      after: { email: membership.user.email, role },
    });
    return updated;
  });
}
