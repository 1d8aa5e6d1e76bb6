import type { Db } from '../db/client';
import { recordAudit } from '../audit/record';
import { ANONYMOUS } from './actor';

// First OIDC sign-in links the identity to the account with the same verified email, or creates one.
export async function linkOidcAccount(
  prisma: Db,
  input: { providerAccountId: string; email: string | null; emailVerified: boolean; name: string | null },
): Promise<{ userId: string; sessionVersion: number } | null> {
  const existing = await prisma.account.findUnique({
    where: { provider_providerAccountId: { provider: 'oidc', providerAccountId: input.providerAccountId } },
    include: { user: true },
  });
  if (existing) return existing.user.disabledAt ? null : { userId: existing.userId, sessionVersion: existing.user.sessionVersion };
  if (!input.email || !input.emailVerified) return null;
  const email = input.email.trim().toLowerCase();
  return prisma.$transaction(async (tx) => {
    let user = await tx.user.findUnique({ where: { email } });
    if (user?.disabledAt) return null;
    if (!user) {
      user = await tx.user.create({ data: { email, name: input.name ?? email, emailVerifiedAt: new Date() } });
      await recordAudit(tx, { actor: ANONYMOUS, action: 'user.create', objectType: 'user', objectId: user.id, after: { email, via: 'oidc' } });
    }
    await tx.account.create({ data: { userId: user.id, provider: 'oidc', providerAccountId: input.providerAccountId } });
    await recordAudit(tx, { actor: ANONYMOUS, action: 'user.link-oidc', objectType: 'user', objectId: user.id });
    return { userId: user.id, sessionVersion: user.sessionVersion };
  });
}
