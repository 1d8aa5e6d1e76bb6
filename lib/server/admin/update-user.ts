import { db } from '../../db/client';
import type { Actor } from '../../auth/actor';
import { assertAuthorized } from '../../auth/authorize';
import { recordAudit } from '../../audit/record';
import { AppError } from '../../errors';
import { ZUpdateUserSchema } from '../../schemas/admin';

export interface UpdateUserOptions {
  actor: Actor;
  sourceIp: string | null;
  userId: string;
  input: unknown;
}

export interface UpdatedUser {
  id: string;
  email: string;
  platformRole: 'user' | 'reviewer' | 'admin';
  disabled: boolean;
  sessionVersion: number;
}

// Serializes admin changes so two admins demoting each other at once cannot leave zero admins.
const ADMIN_CHANGE_LOCK = 4_147_002;

/**
 * Changes a user's platform role and/or disables or re-enables the account. Disabling bumps the
 * session version, which ends every session of that user at their next request. The platform never
 * loses its last active admin.
 */
export async function updateUser({ actor, sourceIp, userId, input }: UpdateUserOptions): Promise<UpdatedUser> {
  assertAuthorized(actor, 'users.write');
  const change = ZUpdateUserSchema.parse(input);
  return db().$transaction(async (tx) => {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(${ADMIN_CHANGE_LOCK})`;
    const user = await tx.user.findUnique({ where: { id: userId } });
    if (!user) throw new AppError('NOT_FOUND', 'No such user.');
    const before = { platformRole: user.platformRole, disabled: user.disabledAt !== null };
    const after = {
      platformRole: change.platformRole ?? user.platformRole,
      disabled: change.disabled ?? before.disabled,
    };
    if (after.platformRole === before.platformRole && after.disabled === before.disabled) {
      return { id: user.id, email: user.email, ...after, sessionVersion: user.sessionVersion };
    }
    if (actor.kind === 'user' && actor.userId === user.id && after.disabled) {
      throw new AppError('CONFLICT', 'You cannot disable your own account.');
    }
    const losesAdmin = before.platformRole === 'admin' && !before.disabled && (after.platformRole !== 'admin' || after.disabled);
    if (losesAdmin) {
      const otherAdmins = await tx.user.count({ where: { platformRole: 'admin', disabledAt: null, id: { not: user.id } } });
      if (otherAdmins === 0) {
        throw new AppError('CONFLICT', `${user.email} is the last active admin: make someone else admin first.`);
      }
    }
    const disabling = after.disabled && !before.disabled;
    const updated = await tx.user.update({
      where: { id: user.id },
      data: {
        platformRole: after.platformRole,
        disabledAt: after.disabled ? (user.disabledAt ?? new Date()) : null,
        // Roles are re-read on every request, so only disabling needs to end sessions.
        ...(disabling ? { sessionVersion: { increment: 1 } } : {}),
      },
    });
    const action =
      after.disabled !== before.disabled ? (after.disabled ? 'user.disable' : 'user.enable') : 'user.role-change';
    await recordAudit(tx, { actor, action, objectType: 'user', objectId: user.id, sourceIp, before: { email: user.email, ...before }, after: { email: user.email, ...after } });
    return { id: updated.id, email: updated.email, platformRole: updated.platformRole, disabled: updated.disabledAt !== null, sessionVersion: updated.sessionVersion };
  });
}
