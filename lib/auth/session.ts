import { getServerSession } from 'next-auth';
import { headers } from 'next/headers';
import { db } from '../db/client';
import { AppError } from '../errors';
import { ANONYMOUS, type Actor } from './actor';
import { authOptions } from './next-auth';
import { loadTokenActor, loadUserActor } from './load-actor';

export interface RequestContext {
  actor: Actor;
  sourceIp: string | null;
}

export function sourceIpFrom(h: Headers): string | null {
  const forwarded = h.get('x-forwarded-for');
  if (forwarded) return forwarded.split(',')[0]!.trim();
  return h.get('x-real-ip');
}

/** The signed-in user (from the next-auth session), or anonymous. Roles are read fresh each time. */
export async function getSessionActor(): Promise<Actor> {
  const session = (await getServerSession(authOptions())) as { userId?: string; sv?: number } | null;
  if (!session?.userId) return ANONYMOUS;
  const prisma = db();
  const user = await prisma.user.findUnique({ where: { id: session.userId }, select: { sessionVersion: true } });
  if (!user || user.sessionVersion !== (session.sv ?? 0)) return ANONYMOUS;
  return (await loadUserActor(prisma, session.userId)) ?? ANONYMOUS;
}

/** Actor for a request: a Bearer API token when present (and then only it), else the session. */
export async function getRequestContext(): Promise<RequestContext> {
  const h = await headers();
  const sourceIp = sourceIpFrom(h);
  const authorization = h.get('authorization');
  if (authorization) {
    const match = /^Bearer\s+(\S+)$/i.exec(authorization);
    const actor = match ? await loadTokenActor(db(), match[1]!) : null;
    if (!actor) throw new AppError('UNAUTHENTICATED', 'The API token is invalid, expired or revoked.');
    return { actor, sourceIp };
  }
  return { actor: await getSessionActor(), sourceIp };
}

export async function requireUser(): Promise<RequestContext & { actor: Extract<Actor, { kind: 'user' }> }> {
  const ctx = await getRequestContext();
  if (ctx.actor.kind !== 'user') throw new AppError('UNAUTHENTICATED', 'Sign in to continue.');
  return ctx as RequestContext & { actor: Extract<Actor, { kind: 'user' }> };
}
