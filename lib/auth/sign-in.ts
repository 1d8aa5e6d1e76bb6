import type { Db } from '../db/client';
import { env } from '../env';
import { AppError } from '../errors';
import { recordAudit } from '../audit/record';
import { ANONYMOUS } from './actor';
import { burnPasswordCheck, verifyPassword } from './password';
import { enforceRateLimit } from '../api/rate-limit';
import { ZSignInSchema } from '../schemas/user';

export interface SignInResult {
  userId: string;
  sessionVersion: number;
}

// Email + password check with per-account lock-out and a per-address rate limit. Failures are
// audited (they are security events); the message never says whether the account exists.
export async function signInWithPassword(
  prisma: Db,
  input: { email: unknown; password: unknown },
  sourceIp: string | null,
  now = new Date(),
): Promise<SignInResult> {
  const parsed = ZSignInSchema.safeParse(input);
  if (!parsed.success) throw new AppError('VALIDATION_FAILED', 'Enter your email and password.');
  const { email, password } = parsed.data;
  const e = env();
  if (sourceIp) await enforceRateLimit(prisma, `sign-in:ip:${sourceIp}`, 30, 60);

  const user = await prisma.user.findUnique({ where: { email } });
  if (!user || !user.passwordHash || user.disabledAt) {
    await burnPasswordCheck(password);
    throw new AppError('UNAUTHENTICATED', 'Wrong email or password.');
  }
  if (user.lockedUntil && user.lockedUntil > now) {
    const minutes = Math.ceil((user.lockedUntil.getTime() - now.getTime()) / 60_000);
    throw new AppError('RATE_LIMITED', `Too many failed attempts: this account is locked for ${minutes} more minute(s), or until you reset the password.`, {
      retryAfterSeconds: minutes * 60,
    });
  }
  if (!(await verifyPassword(user.passwordHash, password))) {
    const failures = user.failedLoginCount + 1;
    const lock = failures >= e.LOGIN_MAX_FAILURES;
    await prisma.$transaction(async (tx) => {
      await tx.user.update({
        where: { id: user.id },
        data: lock
          ? { failedLoginCount: 0, lockedUntil: new Date(now.getTime() + e.LOGIN_LOCK_MINUTES * 60_000) }
          : { failedLoginCount: failures },
      });
      await recordAudit(tx, {
        actor: ANONYMOUS,
        action: lock ? 'auth.locked' : 'auth.sign-in-failed',
        objectType: 'user',
        objectId: user.id,
        sourceIp,
        after: { failures },
      });
    });
    if (lock) {
      throw new AppError('RATE_LIMITED', `Too many failed attempts: this account is locked for ${e.LOGIN_LOCK_MINUTES} minutes, or until you reset the password.`, {
        retryAfterSeconds: e.LOGIN_LOCK_MINUTES * 60,
      });
    }
    throw new AppError('UNAUTHENTICATED', 'Wrong email or password.');
  }
  await prisma.$transaction(async (tx) => {
    await tx.user.update({ where: { id: user.id }, data: { failedLoginCount: 0, lockedUntil: null, lastLoginAt: now } });
    await recordAudit(tx, {
      actor: { kind: 'user', userId: user.id, email: user.email, name: user.name, platformRole: user.platformRole, memberships: [] },
      action: 'auth.sign-in',
      objectType: 'user',
      objectId: user.id,
      sourceIp,
    });
  });
  return { userId: user.id, sessionVersion: user.sessionVersion };
}
