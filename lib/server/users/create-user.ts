import { db } from '../../db/client';
import { AppError } from '../../errors';
import { recordAudit } from '../../audit/record';
import { ANONYMOUS } from '../../auth/actor';
import { hashPassword } from '../../auth/password';
import { enforceRateLimit } from '../../api/rate-limit';
import { ZSignUpSchema } from '../../schemas/user';
import { fromZodError } from '../../errors';

export interface CreateUserOptions {
  input: unknown;
  sourceIp: string | null;
}

const DUPLICATE_EMAIL = 'An account with this email already exists. Sign in, or reset your password.';

// Sign-up: a new user with a password, audited as done by the anonymous visitor who signed up.
export async function createUser({ input, sourceIp }: CreateUserOptions): Promise<{ id: string; email: string }> {
  const parsed = ZSignUpSchema.safeParse(input);
  if (!parsed.success) throw fromZodError(parsed.error);
  const { name, email, password } = parsed.data;
  const prisma = db();
  if (sourceIp) await enforceRateLimit(prisma, `sign-up:ip:${sourceIp}`, 20, 3600);
  const duplicate = () =>
    new AppError('VALIDATION_FAILED', DUPLICATE_EMAIL, { details: { issues: [{ field: 'email', message: DUPLICATE_EMAIL }] } });
  if (await prisma.user.findUnique({ where: { email }, select: { id: true } })) throw duplicate();
  const passwordHash = await hashPassword(password);
  try {
    return await prisma.$transaction(async (tx) => {
      const user = await tx.user.create({ data: { name, email, passwordHash }, select: { id: true, email: true } });
      await recordAudit(tx, { actor: ANONYMOUS, action: 'user.create', objectType: 'user', objectId: user.id, sourceIp, after: { email, name, via: 'sign-up' } });
      return user;
    });
  } catch (error) {
    // Two sign-ups racing for the same address: the unique index decides.
    if ((error as { code?: string }).code === 'P2002') throw duplicate();
    throw error;
  }
}
