import { db } from '../../db/client';
import { fromZodError } from '../../errors';
import { recordAudit } from '../../audit/record';
import { ANONYMOUS } from '../../auth/actor';
import { generateLinkSecret } from '../../auth/tokens';
import { enforceRateLimit } from '../../api/rate-limit';
import { sendMail } from '../../mail/send-mail';
import { passwordResetMail } from '../../mail/messages';
import { ZRequestPasswordResetSchema } from '../../schemas/password-reset';

export const PASSWORD_RESET_TTL_MS = 60 * 60 * 1000;

export interface RequestPasswordResetOptions {
  input: unknown;
  sourceIp: string | null;
  now?: Date;
}

// Answers the same whether or not the account exists; only real accounts get a link by email.
export async function requestPasswordReset({ input, sourceIp, now = new Date() }: RequestPasswordResetOptions): Promise<void> {
  const parsed = ZRequestPasswordResetSchema.safeParse(input);
  if (!parsed.success) throw fromZodError(parsed.error);
  const { email } = parsed.data;
  const prisma = db();
  if (sourceIp) await enforceRateLimit(prisma, `password-reset:ip:${sourceIp}`, 10, 3600);
  await enforceRateLimit(prisma, `password-reset:email:${email}`, 5, 3600);
  const user = await prisma.user.findUnique({ where: { email }, select: { id: true, email: true, disabledAt: true } });
  if (!user || user.disabledAt) return;
  const { secret, hash } = generateLinkSecret();
  await prisma.$transaction(async (tx) => {
    const row = await tx.passwordResetToken.create({
      data: { userId: user.id, tokenHash: hash, expiresAt: new Date(now.getTime() + PASSWORD_RESET_TTL_MS) },
      select: { id: true },
    });
    await recordAudit(tx, { actor: ANONYMOUS, action: 'auth.password-reset-request', objectType: 'user', objectId: user.id, sourceIp, after: { resetId: row.id } });
  });
  await sendMail(passwordResetMail(user.email, secret), prisma);
}
