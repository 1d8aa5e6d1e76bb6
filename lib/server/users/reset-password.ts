import { db } from '../../db/client';
import { AppError, fromZodError } from '../../errors';
import { recordAudit } from '../../audit/record';
import { hashToken } from '../../auth/tokens';
import { hashPassword } from '../../auth/password';
import { ZResetPasswordSchema } from '../../schemas/password-reset';

export interface ResetPasswordOptions {
  input: unknown;
  sourceIp: string | null;
  now?: Date;
}

const INVALID_LINK = 'This reset link is invalid, expired or already used. Ask for a new one.';

/** Whether a reset link can still be used (for the page to show the form or an error). */
export async function isPasswordResetUsable(secret: string, now = new Date()): Promise<boolean> {
  const row = await db().passwordResetToken.findUnique({ where: { tokenHash: hashToken(secret) }, select: { usedAt: true, expiresAt: true } });
  return !!row && !row.usedAt && row.expiresAt > now;
}

// Sets the new password, lifts any lock-out, ends every session (sessionVersion) and spends the link
// together with any other outstanding links of the account.
export async function resetPassword({ input, sourceIp, now = new Date() }: ResetPasswordOptions): Promise<{ email: string }> {
  const parsed = ZResetPasswordSchema.safeParse(input);
  if (!parsed.success) throw fromZodError(parsed.error);
  const { token, password } = parsed.data;
  const passwordHash = await hashPassword(password);
  return db().$transaction(async (tx) => {
    // Conditional update: two concurrent uses of one link cannot both succeed.
    const spent = await tx.passwordResetToken.updateMany({
      where: { tokenHash: hashToken(token), usedAt: null, expiresAt: { gt: now } },
      data: { usedAt: now },
    });
    if (spent.count !== 1) throw new AppError('VALIDATION_FAILED', INVALID_LINK, { details: { issues: [{ field: 'token', message: INVALID_LINK }] } });
    const reset = await tx.passwordResetToken.findUniqueOrThrow({ where: { tokenHash: hashToken(token) }, select: { id: true, userId: true } });
    const user = await tx.user.update({
      where: { id: reset.userId },
      data: { passwordHash, failedLoginCount: 0, lockedUntil: null, sessionVersion: { increment: 1 } },
    });
    if (user.disabledAt) throw new AppError('VALIDATION_FAILED', INVALID_LINK);
    await tx.passwordResetToken.updateMany({ where: { userId: user.id, usedAt: null }, data: { usedAt: now } });
    await recordAudit(tx, {
      actor: { kind: 'user', userId: user.id, email: user.email, name: user.name, platformRole: user.platformRole, memberships: [] },
      action: 'auth.password-reset',
      objectType: 'user',
      objectId: user.id,
      sourceIp,
      after: { resetId: reset.id, sessionsEnded: true, lockCleared: true },
    });
    return { email: user.email };
  });
}
