import { AppError } from '../errors';
import type { Actor } from './actor';
import {
  ORGANIZATION_ROLE_PERMISSIONS,
  PLATFORM_ROLE_PERMISSIONS,
  isOrganizationPermission,
  type Permission,
} from './permissions';

/** What a permission is checked against: an organization's resource, or the platform. */
export interface Resource {
  organizationId?: string | null;
}

// The single decision function: every server action and route handler goes through it.
export function authorize(actor: Actor, permission: Permission, resource: Resource = {}): boolean {
  switch (actor.kind) {
    case 'system':
      return true;
    case 'anonymous':
      return false;
    case 'token':
      // Tokens act only inside their own organization and only within their scopes.
      return (
        isOrganizationPermission(permission) &&
        !!resource.organizationId &&
        resource.organizationId === actor.organizationId &&
        actor.scopes.includes(permission)
      );
    case 'user': {
      if (PLATFORM_ROLE_PERMISSIONS[actor.platformRole].includes(permission)) return true;
      if (!isOrganizationPermission(permission) || !resource.organizationId) return false;
      const membership = actor.memberships.find((m) => m.organizationId === resource.organizationId);
      return !!membership && ORGANIZATION_ROLE_PERMISSIONS[membership.role].includes(permission);
    }
  }
}

/**
 * Throws when the actor may not act. Things the actor may not even see answer NOT_FOUND (404), so
 * outsiders cannot probe for private organizations; insiders lacking a permission get FORBIDDEN.
 */
export function assertAuthorized(actor: Actor, permission: Permission, resource: Resource = {}): void {
  if (authorize(actor, permission, resource)) return;
  if (actor.kind === 'anonymous' && !resource.organizationId) {
    throw new AppError('UNAUTHENTICATED', 'Sign in to continue.');
  }
  const canSee = resource.organizationId ? authorize(actor, 'organization.read', resource) : false;
  if (canSee) throw new AppError('FORBIDDEN', `You lack the permission ${permission} here.`);
  throw new AppError('NOT_FOUND', 'Not found.');
}

export function isMember(actor: Actor, organizationId: string): boolean {
  return actor.kind === 'user' && actor.memberships.some((m) => m.organizationId === organizationId);
}
