import { encode } from 'next-auth/jwt';
import type { Db } from '../../lib/db/client';
import { generateToken } from '../../lib/auth/tokens';
import { authOptions } from '../../lib/auth/next-auth';
import type { Permission } from '../../lib/auth/permissions';

// Real rows for tests, written straight to the test database (no domain side effects, no audit).
let counter = 0;
const unique = () => `${Date.now().toString(36)}${(counter++).toString(36)}`;

export async function makeUser(
  prisma: Db,
  opts: { email?: string; name?: string; platformRole?: 'user' | 'reviewer' | 'admin'; disabled?: boolean } = {},
) {
  return prisma.user.create({
    data: {
      email: opts.email ?? `user-${unique()}@example.test`,
      name: opts.name ?? 'Test User',
      platformRole: opts.platformRole ?? 'user',
      disabledAt: opts.disabled ? new Date() : null,
    },
  });
}

export async function makeOrganization(prisma: Db, opts: { slug?: string; name?: string; verified?: boolean } = {}) {
  const slug = opts.slug ?? `org-${unique()}`;
  return prisma.organization.create({ data: { slug, name: opts.name ?? `Org ${slug}`, verified: opts.verified ?? false } });
}

export async function makeMembership(prisma: Db, userId: string, organizationId: string, role: 'owner' | 'member') {
  return prisma.membership.create({ data: { userId, organizationId, role } });
}

/** An API token row; returns the plaintext secret the way the UI shows it once. */
export async function makeToken(
  prisma: Db,
  opts: { organizationId: string; createdById: string; scopes: Permission[]; name?: string; expiresAt?: Date | null; revokedAt?: Date | null },
): Promise<{ id: string; token: string }> {
  const { token, prefix, hash } = generateToken();
  const row = await prisma.apiToken.create({
    data: {
      organizationId: opts.organizationId,
      createdById: opts.createdById,
      name: opts.name ?? `ci-${unique()}`,
      prefix,
      tokenHash: hash,
      scopes: opts.scopes,
      expiresAt: opts.expiresAt === undefined ? new Date(Date.now() + 86_400_000) : opts.expiresAt,
      revokedAt: opts.revokedAt ?? null,
    },
  });
  return { id: row.id, token };
}

/** A real next-auth session cookie for the user, as the credentials sign-in would set it. */
export async function sessionCookie(userId: string, sessionVersion = 0): Promise<string> {
  const secret = authOptions().secret!;
  const jwt = await encode({ token: { sub: userId, sv: sessionVersion }, secret });
  return `next-auth.session-token=${jwt}`;
}
