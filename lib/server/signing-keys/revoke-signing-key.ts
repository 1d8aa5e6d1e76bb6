import { db } from '../../db/client';
import { AppError } from '../../errors';
import { recordAudit } from '../../audit/record';
import type { Actor } from '../../auth/actor';
import { getOrganizationForActor } from '../organizations/get-organization';

// Revoked keys stay on record (past signatures were checked against them) but no longer verify.
export async function revokeSigningKey({ actor, sourceIp, slug, keyId }: { actor: Actor; sourceIp: string | null; slug: string; keyId: string }) {
  const organization = await getOrganizationForActor({ actor, slug, permission: 'signing-keys.write' });
  return db().$transaction(async (tx) => {
    const key = await tx.signingKey.findFirst({ where: { id: keyId, organizationId: organization.id } });
    if (!key) throw new AppError('NOT_FOUND', 'No such signing key.');
    if (key.revokedAt) return { id: key.id, revokedAt: key.revokedAt };
    const revokedAt = new Date();
    await tx.signingKey.update({ where: { id: key.id }, data: { revokedAt } });
    await recordAudit(tx, { actor, action: 'signing-key.revoke', objectType: 'signing_key', objectId: key.id, organizationId: organization.id, sourceIp, before: { name: key.name, fingerprint: key.fingerprint } });
    return { id: key.id, revokedAt };
  });
}
