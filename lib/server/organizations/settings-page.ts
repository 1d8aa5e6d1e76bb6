import { notFound, redirect } from 'next/navigation';
import type { Actor } from '../../auth/actor';
import { authorize } from '../../auth/authorize';
import { getRequestContext, type RequestContext } from '../../auth/session';
import { AppError } from '../../errors';
import { getOrganizationForActor, roleIn } from './get-organization';

export type UserContext = RequestContext & { actor: Extract<Actor, { kind: 'user' }> };

/** Signed-in pages: anonymous visitors go to the sign-in page and come back afterwards. */
export async function requireSignedInPage(returnTo: string): Promise<UserContext> {
  const ctx = await getRequestContext().catch(() => null);
  if (!ctx || ctx.actor.kind !== 'user') redirect(`/signin?callbackUrl=${encodeURIComponent(returnTo)}`);
  return ctx as UserContext;
}

/**
 * Pages inside a vendor organization: anonymous visitors get the same 404 as for an organization
 * that does not exist (the 404 page offers sign-in), so private vendor pages cannot be probed.
 */
export async function requireSignedInOrNotFound(): Promise<UserContext> {
  const ctx = await getRequestContext().catch(() => null);
  if (!ctx || ctx.actor.kind !== 'user') notFound();
  return ctx as UserContext;
}

/** A page read where hidden or forbidden means "this page does not exist" (404). */
export async function orNotFound<T>(load: () => Promise<T>): Promise<T> {
  try {
    return await load();
  } catch (error) {
    if (error instanceof AppError && (error.code === 'NOT_FOUND' || error.code === 'FORBIDDEN')) notFound();
    throw error;
  }
}

/**
 * The organization behind a settings page. Everyone who may read the organization (its members,
 * and platform staff) sees the settings; what they may change is in `can`, and each page shows
 * read-only views where a permission is missing. Outsiders get 404.
 */
export async function loadSettingsPage(slug: string) {
  const ctx = await requireSignedInOrNotFound();
  const organization = await orNotFound(() => getOrganizationForActor({ actor: ctx.actor, slug, permission: 'organization.read' }));
  const on = { organizationId: organization.id };
  const can = {
    update: authorize(ctx.actor, 'organization.update', on),
    readMembers: authorize(ctx.actor, 'members.read', on),
    invite: authorize(ctx.actor, 'members.invite', on),
    changeRoles: authorize(ctx.actor, 'members.update', on),
    removeMembers: authorize(ctx.actor, 'members.remove', on),
    readTokens: authorize(ctx.actor, 'tokens.read', on),
    writeTokens: authorize(ctx.actor, 'tokens.write', on),
    readKeys: authorize(ctx.actor, 'signing-keys.read', on),
    writeKeys: authorize(ctx.actor, 'signing-keys.write', on),
  };
  return { ctx, organization, role: roleIn(ctx.actor, organization.id), can };
}
