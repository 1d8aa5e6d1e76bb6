import { db } from '../../db/client';
import type { Actor } from '../../auth/actor';
import { getOrganizationForActor } from '../organizations/get-organization';

export async function listSigningKeys({ actor, slug }: { actor: Actor; slug: string }) {
  const organization = await getOrganizationForActor({ actor, slug, permission: 'signing-keys.read' });
  return db().signingKey.findMany({
    where: { organizationId: organization.id },
    orderBy: [{ revokedAt: { sort: 'desc', nulls: 'first' } }, { createdAt: 'desc' }],
    select: {
      id: true,
      name: true,
      kind: true,
      algorithm: true,
      fingerprint: true,
      identities: true,
      publicKey: true,
      createdAt: true,
      revokedAt: true,
      createdBy: { select: { email: true } },
    },
  });
}
