import { isRedirectError } from 'next/dist/client/components/redirect-error';
import { getRequestContext, type RequestContext } from '../auth/session';
import { toAppError, type ErrorCode, type FieldIssue } from '../errors';

// What every server action returns to its form (used with React's useActionState).
export type ActionState<T = undefined> =
  | { ok: true; data?: T; message?: string }
  | { ok: false; code: ErrorCode; message: string; fieldErrors?: Record<string, string> }
  | null;

/**
 * The shell of every server action: loads the request context (actor + source address), runs the
 * domain function — which authorizes through assertAuthorized() and audits in its transaction — and
 * turns errors into a form-friendly state. Redirects pass through.
 */
export async function runAction<T>(fn: (ctx: RequestContext) => Promise<T>, message?: string): Promise<ActionState<T>> {
  try {
    const ctx = await getRequestContext();
    const data = await fn(ctx);
    return { ok: true, data, message };
  } catch (error) {
    if (isRedirectError(error)) throw error;
    const appError = toAppError(error);
    if (appError.code === 'INTERNAL') console.error('Server action failed:', error);
    const issues = (appError.details as { issues?: FieldIssue[] } | undefined)?.issues;
    const fieldErrors = issues ? Object.fromEntries(issues.map((i) => [i.field, i.message])) : undefined;
    return { ok: false, code: appError.code, message: appError.message, fieldErrors };
  }
}

/** FormData → plain object for zod (checkboxes and repeated fields become arrays when repeated). */
export function formToObject(form: FormData): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of new Set(form.keys())) {
    if (key.startsWith('$ACTION')) continue;
    const values = form.getAll(key).filter((v): v is string => typeof v === 'string');
    out[key] = values.length > 1 ? values : values[0];
  }
  return out;
}
