import { getToken } from 'next-auth/jwt';
import { db } from '../db/client';
import { env } from '../env';
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

function parseCookies(header: string | null): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of (header ?? '').split(';')) {
    const i = part.indexOf('=');
    if (i > 0) out[part.slice(0, i).trim()] = decodeURIComponent(part.slice(i + 1).trim());
  }
  return out;
}

/** The signed-in user behind a session cookie, or anonymous. Roles are re-read on every request. */
export async function sessionActorFromHeaders(h: Headers): Promise<Actor> {
  const secret = authOptions().secret;
  const cookies = parseCookies(h.get('cookie'));
  const secureCookie = (env().ASSAY_URL ?? process.env.NEXTAUTH_URL ?? '').startsWith('https://');
  const token = await getToken({ req: { headers: Object.fromEntries(h), cookies } as never, secret, secureCookie }).catch(() => null);
  if (!token?.sub) return ANONYMOUS;
  const prisma = db();
  const user = await prisma.user.findUnique({ where: { id: token.sub }, select: { sessionVersion: true } });
  if (!user || user.sessionVersion !== ((token.sv as number | undefined) ?? 0)) return ANONYMOUS;
  return (await loadUserActor(prisma, token.sub)) ?? ANONYMOUS;
}

/**
 * The actor for a request: a Bearer API token when the Authorization header is present (and then
 * only it — a bad token is an error, not a fallback to the session), else the session cookie.
 * Works on plain Headers, so route handlers are testable with real Request objects.
 */
export async function requestContextFromHeaders(h: Headers): Promise<RequestContext> {
  const sourceIp = sourceIpFrom(h);
  const authorization = h.get('authorization');
  if (authorization) {
    const match = /^Bearer\s+(\S+)$/i.exec(authorization);
    const actor = match ? await loadTokenActor(db(), match[1]!) : null;
    if (!actor) throw new AppError('UNAUTHENTICATED', 'The API token is invalid, expired or revoked.');
    return { actor, sourceIp };
  }
  return { actor: await sessionActorFromHeaders(h), sourceIp };
}

/** For server components and server actions (reads the incoming request's headers). */
export async function getRequestContext(): Promise<RequestContext> {
  const { headers } = await import('next/headers');
  return requestContextFromHeaders(await headers());
}

export async function getSessionActor(): Promise<Actor> {
  const { headers } = await import('next/headers');
  return sessionActorFromHeaders(await headers());
}

export async function requireUser(): Promise<RequestContext & { actor: Extract<Actor, { kind: 'user' }> }> {
  const ctx = await getRequestContext();
  if (ctx.actor.kind !== 'user') throw new AppError('UNAUTHENTICATED', 'Sign in to continue.');
  return ctx as RequestContext & { actor: Extract<Actor, { kind: 'user' }> };
}
