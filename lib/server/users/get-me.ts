import { db } from '../../db/client';
import { AppError } from '../../errors';
import type { Actor } from '../../auth/actor';

export interface GetMeOptions {
  actor: Actor;
}

/** Who the caller is: the signed-in user with their organizations, or the API token and its scopes. */
export async function getMe({ actor }: GetMeOptions) {
  const prisma = db();
  if (actor.kind === 'user') {
    const user = await prisma.user.findUniqueOrThrow({
      where: { id: actor.userId },
      select: {
        id: true,
        email: true,
        name: true,
        platformRole: true,
        createdAt: true,
        memberships: { select: { role: true, organization: { select: { slug: true, name: true, verified: true } } }, orderBy: { createdAt: 'asc' } },
      },
    });
    return {
      kind: 'user' as const,
      user: { id: user.id, email: user.email, name: user.name, platformRole: user.platformRole, createdAt: user.createdAt },
      organizations: user.memberships.map((m) => ({ ...m.organization, role: m.role })),
    };
  }
  if (actor.kind === 'token') {
    const token = await prisma.apiToken.findUniqueOrThrow({
      where: { id: actor.tokenId },
      select: { id: true, name: true, prefix: true, scopes: true, expiresAt: true, createdAt: true, organization: { select: { slug: true, name: true } } },
    });
    return { kind: 'token' as const, token: { id: token.id, name: token.name, prefix: token.prefix, scopes: token.scopes, expiresAt: token.expiresAt, createdAt: token.createdAt }, organization: token.organization };
  }
  throw new AppError('UNAUTHENTICATED', 'Sign in or send an API token (Authorization: Bearer …).');
}
