import { notFound } from 'next/navigation';
import { ZodError } from 'zod';
import type { Actor } from '../../auth/actor';
import { authorize } from '../../auth/authorize';
import { getRequestContext, type RequestContext } from '../../auth/session';
import { AppError, fromZodError } from '../../errors';

// Admin pages answer 404 to everyone else (anonymous included), exactly like a page that does not exist.
export async function requireAdminPage(): Promise<RequestContext & { actor: Extract<Actor, { kind: 'user' }> }> {
  const ctx = await getRequestContext().catch(() => null);
  if (!ctx || ctx.actor.kind !== 'user' || !authorize(ctx.actor, 'users.read')) notFound();
  return ctx as RequestContext & { actor: Extract<Actor, { kind: 'user' }> };
}

/**
 * Runs a page's read: hidden → notFound(); a bad query string → an error message for the page
 * to show next to its filters (instead of a crash); anything else propagates to error.tsx.
 */
export async function loadForPage<T>(load: () => Promise<T>): Promise<{ data: T; error: null } | { data: null; error: string }> {
  try {
    return { data: await load(), error: null };
  } catch (e) {
    const appError = e instanceof ZodError ? fromZodError(e) : e;
    if (appError instanceof AppError) {
      if (appError.code === 'NOT_FOUND' || appError.code === 'FORBIDDEN' || appError.code === 'UNAUTHENTICATED') notFound();
      if (appError.code === 'VALIDATION_FAILED') return { data: null, error: appError.message };
    }
    throw e;
  }
}

/** Next's searchParams as a plain object of strings (the first value of repeated keys). */
export function firstValues(params: Record<string, string | string[] | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(params)) {
    const value = Array.isArray(v) ? v[0] : v;
    if (value !== undefined) out[k] = value;
  }
  return out;
}
