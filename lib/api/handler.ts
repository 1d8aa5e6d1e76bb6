import { NextResponse } from 'next/server';
import type { z } from 'zod';
import { db } from '../db/client';
import { env } from '../env';
import { AppError, fromZodError, toAppError } from '../errors';
import { requestContextFromHeaders, type RequestContext } from '../auth/session';
import { enforceRateLimit } from './rate-limit';

export interface ApiContext<P> extends RequestContext {
  request: Request;
  params: P;
  searchParams: URLSearchParams;
}

type Handler<P> = (ctx: ApiContext<P>) => Promise<Response | unknown>;

/** The JSON error body every endpoint returns: { error: { code, message, details } }. */
export function errorResponse(error: AppError): NextResponse {
  const headers: Record<string, string> = {};
  if (error.retryAfterSeconds) headers['Retry-After'] = String(error.retryAfterSeconds);
  return NextResponse.json(
    { error: { code: error.code, message: error.message, details: error.details ?? null } },
    { status: error.status, headers },
  );
}

// Wraps a route handler: resolves the actor (Bearer token or session), applies per-token / per-IP
// rate limits, turns thrown errors into the standard error body, and never leaks internals.
export function apiHandler<P = Record<string, string>>(handler: Handler<P>) {
  return async (request: Request, context: { params: Promise<P> }): Promise<Response> => {
    try {
      const ctx = await requestContextFromHeaders(request.headers);
      const e = env();
      const key = ctx.actor.kind === 'token' ? `api:token:${ctx.actor.tokenId}` : `api:ip:${ctx.sourceIp ?? 'unknown'}`;
      const limit = ctx.actor.kind === 'anonymous' ? e.RATE_LIMIT_ANON_PER_MINUTE : e.RATE_LIMIT_API_PER_MINUTE;
      await enforceRateLimit(db(), key, limit, 60);
      const result = await handler({ ...ctx, request, params: await context.params, searchParams: new URL(request.url).searchParams });
      if (result instanceof Response) return result;
      return NextResponse.json(result);
    } catch (error) {
      const appError = toAppError(error);
      if (appError.code === 'INTERNAL') console.error('API error:', error);
      return errorResponse(appError);
    }
  };
}

export async function parseJsonBody<S extends z.ZodTypeAny>(request: Request, schema: S): Promise<z.infer<S>> {
  let body: unknown;
  try {
    body = await request.json();
  } catch {
    throw new AppError('BAD_REQUEST', 'The request body must be JSON.');
  }
  const parsed = schema.safeParse(body);
  if (!parsed.success) throw fromZodError(parsed.error);
  return parsed.data;
}

export function parseQuery<S extends z.ZodTypeAny>(searchParams: URLSearchParams, schema: S): z.infer<S> {
  const parsed = schema.safeParse(Object.fromEntries(searchParams));
  if (!parsed.success) throw fromZodError(parsed.error);
  return parsed.data;
}
