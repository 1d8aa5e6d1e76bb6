import { db } from '../../db/client';
import { AppError } from '../../errors';
import { recordAudit } from '../../audit/record';
import type { Actor } from '../../auth/actor';
import { getOrganizationForActor } from '../organizations/get-organization';

export async function revokeApiToken({ actor, sourceIp, slug, tokenId }: { actor: Actor; sourceIp: string | null; slug: string; tokenId: string }) {
  const organization = await getOrganizationForActor({ actor, slug, permission: 'tokens.write' });
  return db().$transaction(async (tx) => {
    const token = await tx.apiToken.findFirst({ where: { id: tokenId, organizationId: organization.id } });
    if (!token) throw new AppError('NOT_FOUND', 'No such API token.');
    if (token.revokedAt) return { id: token.id, revokedAt: token.revokedAt };
    const revokedAt = new Date();
    await tx.apiToken.update({ where: { id: token.id }, data: { revokedAt } });
    await recordAudit(tx, { actor, action: 'token.revoke', objectType: 'api_token', objectId: token.id, organizationId: organization.id, sourceIp, before: { name: token.name, prefix: token.prefix } });
    return { id: token.id, revokedAt };
  });
}
