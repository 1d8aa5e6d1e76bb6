// The one place that says who may do what. Permissions are "resource.action"; roles map to lists of
// them. Organization roles apply within their organization; platform roles apply everywhere.

export const ORGANIZATION_PERMISSIONS = [
  'organization.read',
  'organization.update',
  'organization.delete',
  'members.read',
  'members.invite',
  'members.update',
  'members.remove',
  'tokens.read',
  'tokens.write',
  'signing-keys.read',
  'signing-keys.write',
  'products.read',
  'products.write',
  'submissions.read',
  'submissions.write',
  'comments.write',
  'webhooks.read',
  'webhooks.write',
] as const;

export const PLATFORM_PERMISSIONS = [
  'reviews.read',
  'reviews.decide',
  'waivers.write',
  'policies.read',
  'policies.write',
  'advisories.write',
  'users.read',
  'users.write',
  'organizations.list',
  'organizations.verify',
  'settings.write',
  'outbox.read',
  'audit.read',
] as const;

export const PERMISSIONS = [...ORGANIZATION_PERMISSIONS, ...PLATFORM_PERMISSIONS] as const;

export type OrganizationPermission = (typeof ORGANIZATION_PERMISSIONS)[number];
export type PlatformPermission = (typeof PLATFORM_PERMISSIONS)[number];
export type Permission = (typeof PERMISSIONS)[number];

export type OrganizationRole = 'owner' | 'member';
export type PlatformRole = 'user' | 'reviewer' | 'admin';

export const ORGANIZATION_ROLE_PERMISSIONS: Record<OrganizationRole, readonly OrganizationPermission[]> = {
  owner: ORGANIZATION_PERMISSIONS,
  member: [
    'organization.read',
    'members.read',
    'tokens.read',
    'signing-keys.read',
    'products.read',
    'products.write',
    'submissions.read',
    'submissions.write',
    'comments.write',
    'webhooks.read',
  ],
};

// Reviewers read what vendors submitted for review (not their settings), decide, and waive.
// Admins may do everything, in every organization.
export const PLATFORM_ROLE_PERMISSIONS: Record<PlatformRole, readonly Permission[]> = {
  user: [],
  reviewer: [
    'reviews.read',
    'reviews.decide',
    'waivers.write',
    'policies.read',
    'organization.read',
    'products.read',
    'submissions.read',
    'signing-keys.read',
    'comments.write',
  ],
  admin: PERMISSIONS,
};

/** What an organization API token may be granted: the organization's own permissions. */
export const TOKEN_SCOPES = ORGANIZATION_PERMISSIONS;

export function isPermission(value: string): value is Permission {
  return (PERMISSIONS as readonly string[]).includes(value);
}

export function isOrganizationPermission(value: string): value is OrganizationPermission {
  return (ORGANIZATION_PERMISSIONS as readonly string[]).includes(value);
}
