import type { OrganizationRole, Permission, PlatformRole } from './permissions';

// Who is acting: a signed-in user, an organization API token, the platform itself, or nobody.
export type Actor =
  | {
      kind: 'user';
      userId: string;
      email: string;
      name: string;
      platformRole: PlatformRole;
      memberships: { organizationId: string; role: OrganizationRole }[];
    }
  | { kind: 'token'; tokenId: string; organizationId: string; scopes: Permission[]; createdById: string; name: string }
  | { kind: 'system'; label: string }
  | { kind: 'anonymous' };

export const ANONYMOUS: Actor = { kind: 'anonymous' };

export function actorLabel(actor: Actor): string {
  switch (actor.kind) {
    case 'user':
      return actor.email;
    case 'token':
      return `token:${actor.name}`;
    case 'system':
      return `system:${actor.label}`;
    case 'anonymous':
      return 'anonymous';
  }
}
