import type { Db } from '../../lib/db/client';
import type { Actor } from '../../lib/auth/actor';
import { loadUserActor } from '../../lib/auth/load-actor';
import { hashPassword } from '../../lib/auth/password';
import { makeMembership, makeOrganization, makeUser, sessionCookie } from './factories';

export const TEST_PASSWORD = 'correct-horse-battery';
let passwordHash: Promise<string> | undefined;

// Helpers for the accounts and vendor tests; plain rows come from ./factories.

/** A user who can sign in with TEST_PASSWORD. */
export async function makeUserWithPassword(prisma: Db, options: Parameters<typeof makeUser>[1] = {}) {
  passwordHash ??= hashPassword(TEST_PASSWORD);
  const user = await makeUser(prisma, options);
  return prisma.user.update({ where: { id: user.id }, data: { passwordHash: await passwordHash } });
}

/** An organization with the given members. */
export async function makeOrganizationWith(prisma: Db, slug: string, members: { userId: string; role: 'owner' | 'member' }[], extra: { verified?: boolean } = {}) {
  const organization = await makeOrganization(prisma, { slug, verified: extra.verified });
  for (const m of members) await makeMembership(prisma, m.userId, organization.id, m.role);
  return organization;
}

export async function actorOf(prisma: Db, userId: string): Promise<Actor> {
  const actor = await loadUserActor(prisma, userId);
  if (!actor) throw new Error(`no actor for ${userId}`);
  return actor;
}

/** Request headers carrying a real next-auth session cookie for the user, at their current session version. */
export async function sessionHeaders(prisma: Db, userId: string): Promise<Headers> {
  const user = await prisma.user.findUniqueOrThrow({ where: { id: userId }, select: { sessionVersion: true } });
  return new Headers({ cookie: await sessionCookie(userId, user.sessionVersion) });
}

export function bearer(token: string): Headers {
  return new Headers({ authorization: `Bearer ${token}` });
}

/** Calls a Next.js route handler with a real Request, as the framework would. */
export async function call<P extends Record<string, string>>(
  handler: (req: Request, ctx: { params: Promise<P> }) => Promise<Response>,
  url: string,
  params: P,
  init: { method?: string; headers?: Headers; body?: unknown } = {},
): Promise<{ status: number; body: any; headers: Headers }> {
  const headers = new Headers(init.headers);
  if (init.body !== undefined) headers.set('content-type', 'application/json');
  const response = await handler(
    new Request(`http://localhost${url}`, { method: init.method ?? 'GET', headers, body: init.body === undefined ? undefined : JSON.stringify(init.body) }),
    { params: Promise.resolve(params) },
  );
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : null, headers: response.headers };
}

/** Audit events written after a given id (to assert "exactly one event per mutation"). */
export async function auditSince(prisma: Db, afterId: bigint) {
  return prisma.auditEvent.findMany({ where: { id: { gt: afterId } }, orderBy: { id: 'asc' } });
}

export async function lastAuditId(prisma: Db): Promise<bigint> {
  const last = await prisma.auditEvent.findFirst({ orderBy: { id: 'desc' }, select: { id: true } });
  return last?.id ?? 0n;
}

/** The AppError code a promise rejects with (fails loudly when it resolves or throws something else). */
export async function errorOf(p: Promise<unknown>): Promise<{ code: string; message: string; details?: any }> {
  try {
    await p;
  } catch (e) {
    const err = e as { code?: string; message: string; details?: unknown; name?: string };
    if (err.name !== 'AppError') throw e;
    return { code: err.code!, message: err.message, details: err.details };
  }
  throw new Error('expected the call to fail, but it succeeded');
}

/** Everything the audit events say, as text (to check that no secret leaked into them). */
export function auditText(events: { id: bigint }[]): string {
  return JSON.stringify(events, (_k, v) => (typeof v === 'bigint' ? v.toString() : v));
}
